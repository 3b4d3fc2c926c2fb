package scenario

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// StepClock is a clock for a mock that replays a recording: it moves 1 ms per reading, as
// requests take time, and by the scenario's pauses (a Runner's Sleep calls Advance), so that
// OME's timing (a push control pass, a channel appearing) falls the same way on every run.
type StepClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewStepClock starts a StepClock at a fixed time.
func NewStepClock() *StepClock {
	return &StepClock{t: time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)}
}

// Now reads the clock (mockserver.WithClock takes it).
func (c *StepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// Sleep advances the clock by d instead of waiting (Runner.Sleep takes it).
func (c *StepClock) Sleep(_ context.Context, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// GitVersion is the gitVersion the recorded OME reported, or "" when the recording has no
// answer of GET /v1/version.
func (r *Recording) GitVersion() string {
	for _, e := range r.Transcript {
		if e.Path != "/v1/version" || e.Status != http.StatusOK {
			continue
		}
		var v struct {
			Response struct {
				GitVersion string `json:"gitVersion"`
			} `json:"response"`
		}
		if json.Unmarshal(e.Body, &v) == nil && v.Response.GitVersion != "" {
			return v.Response.GitVersion
		}
	}
	return ""
}
