package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestQuickstartAgainstMock runs the example as CI does, against the in-process mock.
func TestQuickstartAgainstMock(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"OME 0.21.0", "created quickstart/live with 1 output profile(s)", "push to-youtube: ready", "push to-youtube: pushing",
		"record rec1: recording", "record rec1: stopping", "event sent", "vhost quickstart: 1000000 bytes in, 4000000 bytes out",
		"vhost default is read-only"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
