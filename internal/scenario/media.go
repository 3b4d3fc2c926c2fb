package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Media makes live streams appear and go, and pulls fail, on the server a Runner talks to.
type Media interface {
	// Publish starts a live stream and returns once the server lists it.
	Publish(ctx context.Context, p Publish) error
	// Unpublish stops a stream Publish started and returns once the server no longer has it.
	Unpublish(ctx context.Context, s StreamRef) error
	// SetReachable says whether pulls of url succeed.
	SetReachable(ctx context.Context, url string, reachable bool) error
}

// MockHooks drives the mock's /_mock hooks: POST /_mock/streams/publish with the same track
// shape, /_mock/streams/unpublish, /_mock/unreachable and /_mock/reachable.
type MockHooks struct {
	BaseURL string
	Token   string
	Client  *http.Client // default http.DefaultClient
}

// mockTrack is a track as the mock's publish hook reads it.
type mockTrack struct {
	Type       string  `json:"type"`
	Codec      string  `json:"codec,omitempty"`
	Width      int     `json:"width,omitempty"`
	Height     int     `json:"height,omitempty"`
	Framerate  float64 `json:"framerate,omitempty"`
	Bitrate    int     `json:"bitrate,omitempty"`
	Samplerate int     `json:"samplerate,omitempty"`
	Channels   int     `json:"channels,omitempty"`
}

// Publish publishes a simulated stream of the same shape (source type from the protocol).
func (m *MockHooks) Publish(ctx context.Context, p Publish) error {
	tracks := make([]mockTrack, 0, len(p.Tracks))
	for _, t := range p.Tracks {
		tracks = append(tracks, mockTrack(t))
	}
	return m.post(ctx, "/streams/publish", map[string]any{
		"vhost": p.Vhost, "app": p.App, "name": p.Stream,
		"sourceType": sourceType(p.Protocol), "tracks": tracks,
	})
}

func sourceType(protocol string) string {
	switch protocol {
	case "", "rtmp":
		return "Rtmp"
	}
	return protocol
}

// Unpublish removes the simulated stream. A stream that is already gone (deleted through the
// API, say) is no error: the encoder of a real OME would simply stop.
func (m *MockHooks) Unpublish(ctx context.Context, s StreamRef) error {
	err := m.post(ctx, "/streams/unpublish", map[string]any{"vhost": s.Vhost, "app": s.App, "name": s.Stream})
	var he *hookError
	if errors.As(err, &he) && he.status == http.StatusNotFound {
		return nil
	}
	return err
}

type hookError struct {
	hook   string
	status int
	msg    []byte
}

func (e *hookError) Error() string {
	return fmt.Sprintf("mock hook %s: %d %s", e.hook, e.status, e.msg)
}

// SetReachable marks pulls of url as failing or working.
func (m *MockHooks) SetReachable(ctx context.Context, url string, reachable bool) error {
	hook := "/unreachable"
	if reachable {
		hook = "/reachable"
	}
	return m.post(ctx, hook, map[string]any{"url": url})
}

func (m *MockHooks) post(ctx context.Context, hook string, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(m.BaseURL, "/")+"/_mock"+hook, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", Authorization(m.Token, ""))
	req.Header.Set("Content-Type", "application/json")
	c := m.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("mock hook %s: %s", hook, redact(err.Error(), m.Token))
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode >= 300 {
		return &hookError{hook: hook, status: resp.StatusCode, msg: bytes.TrimSpace(msg)}
	}
	return nil
}

// waitStream polls GET …/streams/{stream} on an API until it answers want (200 or 404).
func waitStream(ctx context.Context, r *Runner, s StreamRef, want int, timeout time.Duration) error {
	return r.WaitFor(ctx, WaitFor{
		Path:      fmt.Sprintf("/v1/vhosts/%s/apps/%s/streams/%s", s.Vhost, s.App, s.Stream),
		Status:    want,
		TimeoutMs: int(timeout / time.Millisecond),
	})
}
