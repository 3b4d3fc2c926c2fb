package scenario

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/omekit/omekit/mockserver/hooks"
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

// MockHooks drives the mock's /_mock hooks through mockserver/hooks: a publish of the same track
// shape, an unpublish, and marking pull URLs unreachable or reachable.
type MockHooks struct {
	BaseURL string
	Token   string
	Client  *http.Client // default: the hooks client's own
}

func (m *MockHooks) client() (*hooks.Client, error) {
	var opts []hooks.Option
	if m.Client != nil {
		opts = append(opts, hooks.WithHTTPClient(m.Client))
	}
	return hooks.New(m.BaseURL, m.Token, opts...)
}

// Publish publishes a simulated stream of the same shape (source type from the protocol).
func (m *MockHooks) Publish(ctx context.Context, p Publish) error {
	c, err := m.client()
	if err != nil {
		return err
	}
	tracks := make([]hooks.Track, 0, len(p.Tracks))
	for _, t := range p.Tracks {
		tracks = append(tracks, hooks.Track{Type: t.Type, Codec: t.Codec, Width: t.Width, Height: t.Height,
			Framerate: t.Framerate, Bitrate: t.Bitrate, Samplerate: t.Samplerate, Channels: t.Channels})
	}
	return c.Publish(ctx, p.Vhost, p.App, hooks.Stream{Name: p.Stream, SourceType: sourceType(p.Protocol), Tracks: tracks})
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
	c, err := m.client()
	if err != nil {
		return err
	}
	err = c.Unpublish(ctx, s.Vhost, s.App, s.Stream)
	var he *hooks.Error
	if errors.As(err, &he) && he.StatusCode == http.StatusNotFound {
		return nil
	}
	return err
}

// SetReachable marks pulls of url as failing or working.
func (m *MockHooks) SetReachable(ctx context.Context, url string, reachable bool) error {
	c, err := m.client()
	if err != nil {
		return err
	}
	if reachable {
		return c.MarkReachable(ctx, url)
	}
	return c.MarkUnreachable(ctx, url)
}

// waitStream polls GET …/streams/{stream} on an API until it answers want (200 or 404).
func waitStream(ctx context.Context, r *Runner, s StreamRef, want int, timeout time.Duration) error {
	return r.WaitFor(ctx, WaitFor{
		Path:      fmt.Sprintf("/v1/vhosts/%s/apps/%s/streams/%s", s.Vhost, s.App, s.Stream),
		Status:    want,
		TimeoutMs: int(timeout / time.Millisecond),
	})
}
