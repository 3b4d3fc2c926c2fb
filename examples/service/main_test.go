package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestServiceAgainstMock runs the example as CI does, against the in-process mock.
func TestServiceAgainstMock(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"provisioned tenant1/live", "main is live from Rtmp with 1 output stream(s)", "push restream:",
		"recording archive: recording", "backup camera pulled", "event sent", "main: 200 viewers, 3000000 bytes in, 12000000 bytes out",
		"recording archive: stopping", "tenant removed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
