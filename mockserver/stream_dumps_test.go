package mockserver

import (
	"testing"
	"time"
)

func TestOMEWildcard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, name string
		match         bool
	}{
		{"dumped*", "dumped1", true},
		{"dumped*", "dumped", true},
		{"dumped*", "xdumped1", false},
		{"Dumped*", "dumped1", false}, // case matters
		{"a.b", "a.b", true},
		{"a.b", "axb", false}, // the dot is literal
		{"cam?", "cam", true}, // '?' is an optional character
		{"cam?", "cam1", true},
		{"cam?", "cam12", false},
		{"*", "", true},
		{"s+1", "s+1", true},
		{"(", "(", false}, // does not compile: matches nothing
	} {
		re := omeWildcard(tc.pattern)
		if got := re != nil && re.MatchString(tc.name); got != tc.match {
			t.Errorf("%q ~ %q = %v, want %v", tc.pattern, tc.name, got, tc.match)
		}
	}
}

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
