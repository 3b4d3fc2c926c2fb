package mockserver

import (
	"testing"
	"time"
)

func TestDumpOutputPath(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 26, 9, 5, 7, 0, time.FixedZone("KST", 9*3600))
	got := dumpOutputPath("/d/${VHostName}/${AppName}/${StreamName}/${YYYY}${MM}${DD}-${hh}${mm}${ss}${z}/${ISO8601}", "vh", "app", "s1", at)
	if want := "/d/vh/app/s1/20261126-090507+0900/2026-11-26T09:05:07+0900"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := dumpOutputPath("", "vh", "app", "s1", at); got != "" {
		t.Errorf("empty path became %q", got)
	}
}
