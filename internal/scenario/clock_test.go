package scenario

import (
	"context"
	"testing"
	"time"
)

func TestStepClock(t *testing.T) {
	c := NewStepClock()
	a := c.Now()
	if b := c.Now(); b.Sub(a) != time.Millisecond {
		t.Errorf("a reading moved the clock by %v, want 1ms", b.Sub(a))
	}
	before := c.Now()
	c.Sleep(context.Background(), 2*time.Second)
	if got := c.Now().Sub(before); got != 2*time.Second+time.Millisecond {
		t.Errorf("a 2s sleep moved the clock by %v", got)
	}
}

func TestRecordingGitVersion(t *testing.T) {
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range recs {
		switch v := r.GitVersion(); v {
		case "":
		case "(From archive)":
			found++
		default:
			t.Errorf("%s: gitVersion %q", r.Name, v)
		}
	}
	if found == 0 {
		t.Error("no recording reports the recorded build's gitVersion")
	}
}
