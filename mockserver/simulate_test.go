package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/hooks"
	"github.com/omekit/omekit/mockserver/internal/wire"
)

func TestPublishStreamHook(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	for _, tc := range []struct {
		name       string
		vhost, app string
		in         InputStream
		kind       error
		msg        string
	}{
		{"unknown vhost", "nope", "app", InputStream{Name: "a"}, errNotFound, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "default", "nope", InputStream{Name: "a"}, errNotFound, "[HTTP] Could not find the application: [default/nope] (404)"},
		{"no name", "default", "app", InputStream{}, errInvalid, ""},
		{"bad source type", "default", "app", InputStream{Name: "a", SourceType: "carrier-pigeon"}, errInvalid, ""},
		{"bad track type", "default", "app", InputStream{Name: "a", Tracks: []Track{{Type: "Data"}}}, errInvalid, ""},
		{"audio codec on video", "default", "app", InputStream{Name: "a", Tracks: []Track{{Type: "Video", Codec: "AAC"}}}, errInvalid, ""},
		{"negative size", "default", "app", InputStream{Name: "a", Tracks: []Track{{Type: "Video", Width: -1}}}, errInvalid, ""},
	} {
		err := h.s.PublishStream(tc.vhost, tc.app, tc.in)
		if !errors.Is(err, tc.kind) || (tc.msg != "" && err.Error() != tc.msg) {
			t.Errorf("%s: %v, want %v %q", tc.name, err, tc.kind, tc.msg)
		}
	}
	if got := strmNames(t, h, "app"); len(got) != 0 {
		t.Fatalf("failed publishes left %v", got)
	}
	strmPublish(t, h, "app", InputStream{Name: "a", SourceType: "webrtc", SourceURL: "TCP://198.51.100.7:4411",
		Tracks: []Track{{Type: "video", Codec: "h265", Width: 640, Height: 360, Framerate: 25}, {Type: "audio", Codec: "opus", Channels: 1}}})
	if err := h.s.PublishStream("default", "app", InputStream{Name: "a"}); !errors.Is(err, errConflict) || err.Error() != "[HTTP] Stream already exists (409)" {
		t.Fatalf("duplicate: %v", err)
	}
	info, _ := strmInfo(t, h, "app", "a")
	in := info.Input
	if in.SourceType != wire.StreamSourceTypeWebRTC || *in.SourceURL != "TCP://198.51.100.7:4411" || in.Tracks[0].Video.Codec != wire.TrackCodecH265 ||
		in.Tracks[0].Video.Width != 640 || in.Tracks[0].Video.Framerate != 25 || in.Tracks[0].Video.FramerateConf != 0 ||
		in.Tracks[1].Audio.Codec != wire.TrackCodecOPUS || in.Tracks[1].Audio.Channel != 1 || in.Tracks[1].Audio.Timebase.Den != 48000 {
		t.Fatalf("input %+v", in)
	}
	// The Opus input passes the WebRTC default playlist; LLHLS needs AAC and finds none.
	out := strmOutput(t, info, "a")
	if len(out.Playlists) != 2 || *out.Playlists[0].Name != "llhls_default" || out.Playlists[0].Renditions[0].AudioVariantName != nil ||
		*out.Playlists[1].Renditions[0].AudioVariantName != "bypass_audio" {
		t.Fatalf("playlists %+v", out.Playlists)
	}
	if err := h.s.UnpublishStream("default", "app", "a"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ vhost, app, name, msg string }{
		{"default", "app", "a", "[HTTP] Could not find the stream: [default/#default#app/a] (404)"},
		{"default", "nope", "a", "[HTTP] Could not find the application: [default/nope] (404)"},
		{"nope", "app", "a", "[HTTP] Could not find the virtual host: [nope] (404)"},
	} {
		if err := h.s.UnpublishStream(tc.vhost, tc.app, tc.name); !errors.Is(err, errNotFound) || err.Error() != tc.msg {
			t.Errorf("UnpublishStream(%s/%s/%s): %v", tc.vhost, tc.app, tc.name, err)
		}
	}
}

func TestAddTrafficHookErrors(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "s"})
	if err := h.s.AddTraffic("default", "app", "s", Traffic{Connections: map[string]int{"llhls": 2}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		stream string
		tr     Traffic
		kind   error
	}{
		{"unknown stream", "x", Traffic{BytesIn: 1}, errNotFound},
		{"negative bytes", "s", Traffic{BytesIn: -1}, errInvalid},
		{"negative interval", "s", Traffic{BytesIn: 1, Interval: -1}, errInvalid},
		{"unknown publisher", "s", Traffic{Connections: map[string]int{"hls": 1}}, errInvalid},
		{"sessions below zero", "s", Traffic{Connections: map[string]int{"llhls": -3}}, errInvalid},
	} {
		if err := h.s.AddTraffic("default", "app", tc.stream, tc.tr); !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
	}
	if m, _ := strmStats(t, h, strmStreamStats); m.TotalConnections != 2 || m.TotalBytesIn != 0 {
		t.Fatalf("a failed AddTraffic changed the counters: %+v", m)
	}
}

// strmControl serves the stream control routes the way the mock mounts them.
func strmControl(t *testing.T, s *Server, path, body string) (int, omehttp.Error) {
	t.Helper()
	r := chi.NewRouter()
	s.streamControlRoutes(r)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
	var e omehttp.Error
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.StatusCode != rec.Code || rec.Header().Get("Content-Type") != omehttp.ContentType {
		t.Fatalf("%s: %d %s is not OME's envelope", path, rec.Code, rec.Body)
	}
	return rec.Code, e
}

func TestStreamControlRoutes(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	for _, tc := range []struct {
		name, path, body string
		status           int
		msg              string
	}{
		{"publish", "/streams/publish", `{"vhost":"default","app":"app","name":"s","dataTrack":true,"tracks":[{"type":"Video","height":1080,"width":1920},{"type":"Audio","language":"en"}]}`, 201, "Created"},
		{"publish idle", "/streams/publish", `{"vhost":"default","app":"app","name":"idle","tracks":[]}`, 201, "Created"},
		{"publish duplicate", "/streams/publish", `{"vhost":"default","app":"app","name":"s"}`, 409, "[HTTP] Stream already exists (409)"},
		{"publish unknown app", "/streams/publish", `{"vhost":"default","app":"x","name":"s"}`, 404, "[HTTP] Could not find the application: [default/x] (404)"},
		{"publish unknown member", "/streams/publish", `{"vhost":"default","app":"app","name":"t","bogus":1}`, 400, ""},
		{"publish malformed", "/streams/publish", `{`, 400, ""},
		{"publish no body", "/streams/publish", ``, 400, ""},
		{"traffic", "/traffic", `{"vhost":"default","app":"app","stream":"s","bytesIn":1000,"bytesOut":4000,"intervalMs":2000,"connections":{"webrtc":2}}`, 200, "OK"},
		{"traffic unknown stream", "/traffic", `{"vhost":"default","app":"app","stream":"x","bytesIn":1}`, 404, "[HTTP] Could not find the stream: [default/#default#app/x] (404)"},
		{"traffic bad key", "/traffic", `{"vhost":"default","app":"app","stream":"s","connections":{"dash":1}}`, 400, ""},
		{"unreachable", "/unreachable", `{"url":"rtsp://192.0.2.5/a"}`, 200, "OK"},
		{"unreachable without url", "/unreachable", `{}`, 400, "[HTTP] url is required (400)"},
		{"unpublish", "/streams/unpublish", `{"vhost":"default","app":"app","name":"idle"}`, 200, "OK"},
		{"unpublish again", "/streams/unpublish", `{"vhost":"default","app":"app","name":"idle"}`, 404, "[HTTP] Could not find the stream: [default/#default#app/idle] (404)"},
	} {
		code, e := strmControl(t, h.s, tc.path, tc.body)
		if code != tc.status || (tc.msg != "" && e.Message != tc.msg) {
			t.Errorf("%s: %d %q, want %d %q", tc.name, code, e.Message, tc.status, tc.msg)
		}
	}
	info, _ := strmInfo(t, h, "app", "s")
	if v := info.Input.Tracks[0].Video; v.Width != 1920 || v.Height != 1080 || info.Input.Tracks[2].Type != wire.TrackTypeData {
		t.Fatalf("published over HTTP: %+v", info.Input.Tracks)
	}
	m, _ := strmStats(t, h, strmStreamStats)
	if m.TotalBytesIn != 1000 || m.AvgThroughputIn != 4000 || m.AvgThroughputOut != 16000 || m.Connections.WebRTC != 2 {
		t.Fatalf("traffic over HTTP: %+v", m)
	}
	pull := `{"name":"cam","urls":["rtsp://192.0.2.5/a"]}`
	expect(t, h.do(http.MethodPost, strmBase, pull), http.StatusBadGateway, "")
	if code, _ := strmControl(t, h.s, "/reachable", `{"url":"rtsp://192.0.2.5/a"}`); code != http.StatusOK {
		t.Fatalf("reachable: %d", code)
	}
	expect(t, h.do(http.MethodPost, strmBase, pull), http.StatusCreated, "Created")
}

func TestResetDropsSimulatedState(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "s"})
	h.s.MarkUnreachable("rtsp://h/x")
	if err := h.s.AddTraffic("default", "app", "s", Traffic{BytesIn: 10}); err != nil {
		t.Fatal(err)
	}
	if err := h.s.Reset(); err != nil {
		t.Fatal(err)
	}
	if got := strmNames(t, h, "app"); len(got) != 0 {
		t.Fatalf("streams after Reset: %v", got)
	}
	if m, _ := strmStats(t, h, strmServerStats); m.TotalBytesIn != 0 {
		t.Fatalf("server metrics after Reset: %+v", m)
	}
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"x","urls":["rtsp://h/x"]}`), http.StatusCreated, "Created")
}

// hookNumbers is a harness on the default configuration with stream "s" of default/app published.
func hookNumbers(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	if err := h.s.PublishStream("default", "app", InputStream{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	return h
}

// metricsOf GETs a statistics resource, which must answer 200 with metrics.
func metricsOf(t *testing.T, h *harness, path string) wire.Metrics {
	t.Helper()
	r := h.do(http.MethodGet, path, nil)
	expect(t, r, http.StatusOK, "OK")
	var env struct {
		Response wire.Metrics `json:"response"`
	}
	r.JSON(t, &env)
	return env.Response
}

// TestTrafficSaturates: byte counts and throughputs stop at the largest int64 instead of turning
// negative, at every level, however the windows add up.
func TestTrafficSaturates(t *testing.T) {
	t.Parallel()
	h := hookNumbers(t)
	huge := Traffic{BytesIn: math.MaxInt64, BytesOut: math.MaxInt64, Interval: time.Second, Connections: map[string]int{"webrtc": hooks.MaxConnectionChange}}
	for range 3 {
		if err := h.s.AddTraffic("default", "app", "s", huge); err != nil {
			t.Fatal(err)
		}
	}
	// Over HTTP too, with the longest window there is.
	code, e := strmControl(t, h.s, "/traffic", fmt.Sprintf(`{"vhost":"default","app":"app","stream":"s","bytesIn":%d,"bytesOut":1,"intervalMs":%d}`,
		int64(math.MaxInt64), hooks.MaxIntervalMs))
	if code != http.StatusOK {
		t.Fatalf("traffic with the longest window: %d %s", code, e.Message)
	}
	for _, path := range []string{"/v1/stats/current", "/v1/stats/current/vhosts/default", "/v1/stats/current/vhosts/default/apps/app",
		"/v1/stats/current/vhosts/default/apps/app/streams/s"} {
		m := metricsOf(t, h, path)
		if m.TotalBytesIn != math.MaxInt64 || m.TotalBytesOut != math.MaxInt64 {
			t.Errorf("%s: totals %d in, %d out, want both saturated at %d", path, m.TotalBytesIn, m.TotalBytesOut, int64(math.MaxInt64))
		}
		if m.MaxThroughputIn != math.MaxInt64 || m.MaxThroughputOut != math.MaxInt64 || m.AvgThroughputIn < 0 || m.AvgThroughputOut < 0 {
			t.Errorf("%s: throughputs avg %d/%d max %d/%d, want no negative and the maxima saturated", path,
				m.AvgThroughputIn, m.AvgThroughputOut, m.MaxThroughputIn, m.MaxThroughputOut)
		}
		if m.TotalConnections != 3*hooks.MaxConnectionChange || m.Connections.WebRTC != 3*hooks.MaxConnectionChange {
			t.Errorf("%s: %d sessions (webrtc %d), want %d", path, m.TotalConnections, m.Connections.WebRTC, 3*hooks.MaxConnectionChange)
		}
	}
}

// TestHookNumbersOutOfRange: numbers the mock could not report are refused with a 400 naming
// them, through the Go hooks and over HTTP, and leave nothing behind: the stream still answers.
func TestHookNumbersOutOfRange(t *testing.T) {
	t.Parallel()
	h := hookNumbers(t)
	video := func(fps float64) InputStream {
		return InputStream{Name: "v", Tracks: []Track{{Type: "Video", Framerate: fps}}}
	}
	for _, tt := range []struct {
		name string
		in   InputStream
		msg  string
	}{
		{"framerate beyond float32", video(3.4e38), "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not 3.4e+38 (400)"},
		{"framerate +Inf", video(math.Inf(1)), "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not +Inf (400)"},
		{"framerate NaN", video(math.NaN()), "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not NaN (400)"},
		{"framerate just over", video(hooks.MaxFramerate + 1), "[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not 1.000001e+06 (400)"},
		{"negative framerate", video(-1), "[HTTP] Track 0: values must not be negative (400)"},
	} {
		err := h.s.PublishStream("default", "app", tt.in)
		if !errors.Is(err, errInvalid) || err.Error() != tt.msg {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
	if err := h.s.PublishStream("default", "app", video(hooks.MaxFramerate)); err != nil {
		t.Errorf("framerate %g: %v", float64(hooks.MaxFramerate), err)
	}
	for _, tt := range []struct {
		name, path, body string
		msg              string
	}{
		{"framerate over HTTP", "/streams/publish", `{"vhost":"default","app":"app","name":"w","tracks":[{"type":"Video","framerate":3.3e38}]}`,
			"[HTTP] Track 0: framerate must be a number from 0 to 1e+06, not 3.3e+38 (400)"},
		{"intervalMs overflowing a duration", "/traffic", `{"vhost":"default","app":"app","stream":"s","bytesIn":1,"intervalMs":9223372036854775807}`,
			"[HTTP] intervalMs must be at most 9223372036854 (400)"},
		{"negative intervalMs", "/traffic", `{"vhost":"default","app":"app","stream":"s","bytesIn":1,"intervalMs":-5}`,
			"[HTTP] Bytes and interval must not be negative (400)"},
		{"sessions beyond 32 bits", "/traffic", `{"vhost":"default","app":"app","stream":"s","connections":{"llhls":9223372036854775807}}`,
			"[HTTP] Connections of llhls: a change must be between -2147483647 and 2147483647, not 9223372036854775807 (400)"},
	} {
		code, e := strmControl(t, h.s, tt.path, tt.body)
		if code != http.StatusBadRequest || e.Message != tt.msg {
			t.Errorf("%s: %d %q, want 400 %q", tt.name, code, e.Message, tt.msg)
		}
	}
	for _, path := range []string{"/v1/vhosts/default/apps/app/streams/s", "/v1/vhosts/default/apps/app/streams/v", "/v1/stats/current/vhosts/default/apps/app/streams/s"} {
		expect(t, h.do(http.MethodGet, path, nil), http.StatusOK, "OK")
	}
	if m := metricsOf(t, h, "/v1/stats/current"); m.TotalBytesIn != 0 || m.TotalConnections != 0 {
		t.Errorf("refused traffic was counted: %+v", m)
	}
}
