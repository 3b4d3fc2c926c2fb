package hooks_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/mockserver/hooks"
	"github.com/omekit/omekit/sdk"
)

// startMock runs a mock as another process would (over HTTP), in this test's process.
func startMock(t testing.TB) (*httptest.Server, *sdk.Client) {
	t.Helper()
	m, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	c, err := sdk.New(srv.URL, sdk.WithAccessToken(m.Token()))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestHooks(t *testing.T) {
	t.Parallel()
	srv, c := startMock(t)
	ctx := context.Background()
	h, err := hooks.New(srv.URL, mockserver.DefaultToken)
	if err != nil {
		t.Fatal(err)
	}

	// Publish with explicit tracks; the stream and its tracks appear in the API.
	err = h.Publish(ctx, "default", "app", hooks.Stream{Name: "cam", SourceType: "SRT", DataTrack: true,
		Tracks: []hooks.Track{{Type: "Video", Codec: "H265", Width: 640, Height: 360, Framerate: 25}}})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Streams.Get(ctx, "default", "app", "cam")
	if err != nil {
		t.Fatal(err)
	}
	if info.Input.SourceType != sdk.StreamSourceTypeSRT || len(info.Input.Tracks) != 2 ||
		info.Input.Tracks[0].Video.Codec != sdk.TrackCodecH265 || info.Input.Tracks[0].Video.Width != 640 ||
		info.Input.Tracks[1].Type != sdk.TrackTypeData {
		t.Errorf("published stream %+v", info.Input)
	}

	// Traffic reaches the statistics, with its window.
	if err := h.AddTraffic(ctx, "default", "app", "cam", hooks.Traffic{BytesIn: 1000, BytesOut: 3000, Interval: 500 * time.Millisecond,
		Connections: map[string]int{"webrtc": 2}}); err != nil {
		t.Fatal(err)
	}
	m, err := c.Stats.Stream(ctx, "default", "app", "cam")
	if err != nil {
		t.Fatal(err)
	}
	if m.TotalBytesIn != 1000 || m.TotalBytesOut != 3000 || m.Connections.WebRTC != 2 || m.AvgThroughputIn != 16000 {
		t.Errorf("stats after traffic %+v", m)
	}

	// An unreachable URL makes a pull fail with OME's 502; reachable again, it works.
	const cam = "rtsp://192.0.2.10/cam"
	if err := h.MarkUnreachable(ctx, cam); err != nil {
		t.Fatal(err)
	}
	err = c.Streams.Create(ctx, "default", "app", sdk.CreateStreamRequest{Name: "pulled", URLs: []string{cam}})
	var apiErr *sdk.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 {
		t.Errorf("pull of an unreachable URL: %v, want 502", err)
	}
	if err := h.MarkReachable(ctx, cam); err != nil {
		t.Fatal(err)
	}
	if err := c.Streams.Create(ctx, "default", "app", sdk.CreateStreamRequest{Name: "pulled", URLs: []string{cam}}); err != nil {
		t.Errorf("pull after MarkReachable: %v", err)
	}

	// Unpublish, then Reset brings back the Server.xml state.
	if err := h.Unpublish(ctx, "default", "app", "cam"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: "tenant"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if names, err := c.VirtualHosts.List(ctx); err != nil || len(names) != 1 || names[0] != "default" {
		t.Errorf("vhosts after Reset: %v, %v", names, err)
	}
}

func TestHookErrors(t *testing.T) {
	t.Parallel()
	srv, _ := startMock(t)
	ctx := context.Background()
	h, _ := hooks.New(srv.URL, mockserver.DefaultToken)
	for _, tt := range []struct {
		name   string
		call   func() error
		status int
	}{
		{"unknown app", func() error { return h.Publish(ctx, "default", "nope", hooks.Stream{Name: "s"}) }, 404},
		{"no name", func() error { return h.Publish(ctx, "default", "app", hooks.Stream{}) }, 400},
		{"unpublish unknown", func() error { return h.Unpublish(ctx, "default", "app", "nope") }, 404},
		{"unknown publisher key", func() error {
			_ = h.Publish(ctx, "default", "app", hooks.Stream{Name: "t"})
			return h.AddTraffic(ctx, "default", "app", "t", hooks.Traffic{Connections: map[string]int{"rtmp": 1}})
		}, 400},
		{"empty URL", func() error { return h.MarkUnreachable(ctx, "") }, 400},
	} {
		var he *hooks.Error
		if err := tt.call(); !errors.As(err, &he) || he.StatusCode != tt.status || he.Message == "" {
			t.Errorf("%s: %v, want a *hooks.Error with status %d", tt.name, err, tt.status)
		}
	}
	// A wrong token is the API's 401, and the token is not in the error.
	bad, _ := hooks.New(srv.URL, "wrong-token")
	var he *hooks.Error
	if err := bad.Reset(ctx); !errors.As(err, &he) || he.StatusCode != 401 || fmt.Sprint(err) == "" {
		t.Errorf("wrong token: %v, want 401", err)
	}
	for _, u := range []string{"", "ftp://h", "http://h/?q=1", "http://user:pw@h", "/relative"} {
		if _, err := hooks.New(u, "t"); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	if _, err := hooks.New(srv.URL, ""); err == nil {
		t.Error("New with an empty token accepted")
	}
}

// Example drives the hooks of a mock running in another process (here an in-process one served
// over HTTP, as go run ./mockserver/cmd/ome-mock would).
func Example() {
	m, _ := mockserver.New()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	ctx := context.Background()

	h, err := hooks.New(srv.URL, "ome-access-token")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := h.Publish(ctx, "default", "app", hooks.Stream{Name: "cam", DataTrack: true}); err != nil {
		fmt.Println(err)
		return
	}
	c, _ := sdk.New(srv.URL, sdk.WithAccessToken("ome-access-token"))
	streams, _ := c.Streams.List(ctx, "default", "app")
	fmt.Println("streams:", streams)

	err = h.Publish(ctx, "default", "app", hooks.Stream{Name: "cam"})
	fmt.Println(err)

	_ = h.Reset(ctx)
	streams, _ = c.Streams.List(ctx, "default", "app")
	fmt.Println("after reset:", streams)
	// Output:
	// streams: [cam]
	// hooks: 409 [HTTP] Stream already exists (409)
	// after reset: []
}

func TestValidate(t *testing.T) {
	t.Parallel()
	streams := []struct {
		name string
		s    hooks.Stream
		err  string // "" = valid
	}{
		{"default tracks", hooks.Stream{Name: "s"}, ""},
		{"no name", hooks.Stream{}, "Stream name is required"},
		{"largest framerate", hooks.Stream{Name: "s", Tracks: []hooks.Track{{Type: "Video", Framerate: hooks.MaxFramerate}}}, ""},
		{"framerate too large", hooks.Stream{Name: "s", Tracks: []hooks.Track{{Type: "Video", Framerate: 3.3e38}}},
			"Track 0: framerate must be a number from 0 to 1e+06, not 3.3e+38"},
		{"framerate NaN", hooks.Stream{Name: "s", Tracks: []hooks.Track{{Type: "Audio"}, {Type: "Video", Framerate: math.NaN()}}},
			"Track 1: framerate must be a number from 0 to 1e+06, not NaN"},
		{"negative channels", hooks.Stream{Name: "s", Tracks: []hooks.Track{{Type: "Audio", Channels: -2}}}, "Track 0: values must not be negative"},
	}
	for _, tt := range streams {
		if got := errText(tt.s.Validate()); got != tt.err {
			t.Errorf("Stream %s: %q, want %q", tt.name, got, tt.err)
		}
	}
	traffic := []struct {
		name string
		tr   hooks.Traffic
		err  string
	}{
		{"plain", hooks.Traffic{BytesIn: math.MaxInt64, Interval: math.MaxInt64, Connections: map[string]int{"webrtc": -hooks.MaxConnectionChange}}, ""},
		{"negative bytes", hooks.Traffic{BytesOut: -1}, "Bytes and interval must not be negative"},
		{"negative interval", hooks.Traffic{Interval: -time.Second}, "Bytes and interval must not be negative"},
		{"too many sessions", hooks.Traffic{Connections: map[string]int{"srt": hooks.MaxConnectionChange + 1}},
			"Connections of srt: a change must be between -2147483647 and 2147483647, not 2147483648"},
	}
	for _, tt := range traffic {
		if got := errText(tt.tr.Validate()); got != tt.err {
			t.Errorf("Traffic %s: %q, want %q", tt.name, got, tt.err)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestClientValidates: the client refuses what Validate refuses without sending it (a NaN could
// not even be encoded), with the 400 the mock answers to the same.
func TestClientValidates(t *testing.T) {
	t.Parallel()
	srv, c := startMock(t)
	ctx := context.Background()
	h, _ := hooks.New(srv.URL, mockserver.DefaultToken)
	err := h.Publish(ctx, "default", "app", hooks.Stream{Name: "nan", Tracks: []hooks.Track{{Type: "Video", Framerate: math.NaN()}}})
	var he *hooks.Error
	if !errors.As(err, &he) || he.StatusCode != 400 || he.Message != "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not NaN (400)" {
		t.Errorf("NaN framerate: %v", err)
	}
	if names, err := c.Streams.List(ctx, "default", "app"); err != nil || len(names) != 0 {
		t.Errorf("streams %v, %v: a refused stream was published", names, err)
	}
	if err := h.Publish(ctx, "default", "app", hooks.Stream{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	err = h.AddTraffic(ctx, "default", "app", "s", hooks.Traffic{Connections: map[string]int{"llhls": math.MaxInt64}})
	if !errors.As(err, &he) || he.StatusCode != 400 || !strings.Contains(he.Message, "Connections of llhls") {
		t.Errorf("huge session change: %v", err)
	}
	// The mock answers the same to a client that does not check (the same text, from the server).
	m, _ := mockserver.New()
	if err := m.PublishStream("default", "app", mockserver.InputStream{Name: "x", Tracks: []mockserver.Track{{Type: "Video", Framerate: math.NaN()}}}); err == nil ||
		err.Error() != "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not NaN (400)" {
		t.Errorf("the mock: %v", err)
	}
}
