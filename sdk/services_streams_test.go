package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// svcCase is one call of a service method against a test server that expects one request and
// gives one answer. Bodies are JSON literals or the names of examples in openapi/ome.yaml, so the
// tests send and decode what the specification shows.
type svcCase struct {
	op     string // operationId the method implements
	name   string // tells cases of one operation apart
	method string
	path   string // the escaped path the SDK must send
	body   string // expected request body (JSON or example name); "" for none, "*" to skip the check
	status int    // answer status; 200 when 0
	answer string // answer body (JSON or example name)
	call   func(ctx context.Context, c *Client) (any, error)
	// check judges the call's result; when nil the call must succeed.
	check func(t *testing.T, got any, err error)
}

// specDoc is openapi/ome.yaml, loaded once.
var specDoc = sync.OnceValues(func() (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromFile("../openapi/ome.yaml")
})

// specJSON returns s when it is JSON, else the value of the specification's example named s.
func specJSON(t *testing.T, s string) string {
	t.Helper()
	if s == "" || s == "*" || strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
		return s
	}
	doc, err := specDoc()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	ex, ok := doc.Components.Examples[s]
	if !ok || ex.Value == nil {
		t.Fatalf("no example %q in the spec", s)
	}
	b, err := json.Marshal(ex.Value.Value)
	if err != nil {
		t.Fatalf("example %q: %v", s, err)
	}
	return string(b)
}

// sameJSON reports whether a and b encode equal JSON values.
func sameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// sentAsExample reports whether the body the SDK sent matches a spec example, where the SDK may
// leave out members whose example value is the zero value of a plain Go type (false, "", 0, []):
// the models omit those, and OME reads them as absent.
func sentAsExample(sent, example []byte) bool {
	var vs, ve any
	if json.Unmarshal(sent, &vs) != nil || json.Unmarshal(example, &ve) != nil {
		return false
	}
	var match func(s, e any) bool
	match = func(s, e any) bool {
		switch ev := e.(type) {
		case map[string]any:
			sv, ok := s.(map[string]any)
			if !ok {
				return false
			}
			for k, x := range sv {
				if y, ok := ev[k]; !ok || !match(x, y) {
					return false
				}
			}
			for k, y := range ev {
				if _, ok := sv[k]; !ok && !isZeroJSON(y) {
					return false
				}
			}
			return true
		case []any:
			sv, ok := s.([]any)
			if !ok || len(sv) != len(ev) {
				return false
			}
			for i := range ev {
				if !match(sv[i], ev[i]) {
					return false
				}
			}
			return true
		}
		return reflect.DeepEqual(s, e)
	}
	return match(vs, ve)
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case bool:
		return !x
	case string:
		return x == ""
	case float64:
		return x == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// specOperation returns the method and path template of an operation.
func specOperation(t *testing.T, id string) (method, template string, op *openapi3.Operation) {
	t.Helper()
	doc, err := specDoc()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	for p, item := range doc.Paths.Map() {
		for m, o := range item.Operations() {
			if o.OperationID == id {
				return m, p, o
			}
		}
	}
	t.Fatalf("no operation %q in the spec", id)
	return "", "", nil
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// runSvcCases runs each case against its own test server.
func runSvcCases(t *testing.T, cases []svcCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.op+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			method, template, op := specOperation(t, tc.op)
			if op.Deprecated {
				t.Fatalf("%s is deprecated and must have no method", tc.op)
			}
			if method != tc.method {
				t.Fatalf("case says %s, the spec says %s for %s", tc.method, method, tc.op)
			}
			tmpl := regexp.QuoteMeta(pathParam.ReplaceAllString(template, "\x00"))
			if !regexp.MustCompile("^" + strings.ReplaceAll(tmpl, "\x00", "[^/]+") + "$").MatchString(tc.path) {
				t.Fatalf("path %s is not an instance of %s (%s)", tc.path, template, tc.op)
			}
			wantBody := specJSON(t, tc.body)
			answer := specJSON(t, tc.answer)
			status := tc.status
			if status == 0 {
				status = http.StatusOK
			}
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if r.Method != tc.method || r.URL.EscapedPath() != tc.path {
					t.Errorf("request %s %s, want %s %s", r.Method, r.URL.EscapedPath(), tc.method, tc.path)
				}
				if r.URL.RawQuery != "" {
					t.Errorf("unexpected query %q", r.URL.RawQuery)
				}
				if r.Header.Get("Authorization") == "" || r.Header.Get("Accept") != "application/json" {
					t.Errorf("headers: Authorization set %v, Accept %q", r.Header.Get("Authorization") != "", r.Header.Get("Accept"))
				}
				got, err := io.ReadAll(r.Body)
				if err != nil {
					t.Errorf("read body: %v", err)
				}
				switch wantBody {
				case "*":
				case "":
					if len(got) != 0 {
						t.Errorf("body %s, want none", got)
					}
				default:
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("Content-Type %q", ct)
					}
					if !sentAsExample(got, []byte(wantBody)) {
						t.Errorf("body (-want +got):\n- %s\n+ %s", wantBody, got)
					}
				}
				w.Header().Set("Content-Type", "application/json;charset=UTF-8")
				w.WriteHeader(status)
				_, _ = io.WriteString(w, answer)
			}))
			t.Cleanup(srv.Close)
			c, err := New(srv.URL, WithAccessToken("ome-access-token"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tc.call(context.Background(), c)
			if n := calls.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			if tc.check != nil {
				tc.check(t, got, err)
			} else if err != nil {
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
}

// noValue adapts a method that returns only an error.
func noValue(err error) (any, error) { return nil, err }

// wantAPIError checks that err is an *APIError with the status and stripped message, matching
// every sentinel in is.
func wantAPIError(status int, msg string, is ...error) func(*testing.T, any, error) {
	return func(t *testing.T, got any, err error) {
		t.Helper()
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("error %v (%T) is not an *APIError", err, err)
		}
		if ae.StatusCode != status || ae.Message != msg {
			t.Errorf("APIError %d %q, want %d %q", ae.StatusCode, ae.Message, status, msg)
		}
		for _, s := range is {
			if !errors.Is(err, s) {
				t.Errorf("errors.Is(err, %v) = false", s)
			}
		}
		if v := reflect.ValueOf(got); got != nil && !v.IsNil() {
			t.Errorf("value %v returned with the error", got)
		}
	}
}

// check builds a check that wants success and a value of type T.
func check[T any](f func(t *testing.T, v T)) func(*testing.T, any, error) {
	return func(t *testing.T, got any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		v, ok := got.(T)
		if !ok {
			t.Fatalf("value %T, want %T", got, *new(T))
		}
		f(t, v)
	}
}

// diff reports got != want, labelled (-want +got).
func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s (-want +got):\n- %#v\n+ %#v", what, want, got)
	}
}

// at is a time in the +09:00 zone the spec's examples use.
func at(y int, mo time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ms*int(time.Millisecond), time.FixedZone("", 9*3600))
}

// sendEventOf returns e: events are plain EventID3v2 values.
func sendEventOf(e EventID3v2) EventID3v2 { return e }

const streamPath = "/v1/vhosts/default/apps/app/streams/stream"

var adFrames = []ID3v2Frame{
	{FrameType: "TXXX", Info: "com.example.ad", Data: "break-start"},
	{FrameType: "TIT2", Data: "Evening News"},
	{FrameType: "PRIV", Info: "com.example.owner", Data: "campaign=42"},
}

func streamsCases() []svcCase {
	return []svcCase{
		{op: "listStreams", name: "names", method: "GET", path: "/v1/vhosts/default/apps/app/streams", answer: "StreamsNameList",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Streams.List(ctx, "default", "app") },
			check: check(func(t *testing.T, v []string) { diff(t, "names", []string{"stream", "camera1"}, v) })},
		{op: "listStreams", name: "vhost not found", method: "GET", path: "/v1/vhosts/nosuchhost/apps/app/streams", status: 404, answer: "VhostNotFound",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Streams.List(ctx, "nosuchhost", "app") },
			check: wantAPIError(404, "Could not find the virtual host: [nosuchhost]", ErrNotFound)},

		{op: "createStream", name: "rtsp failover", method: "POST", path: "/v1/vhosts/default/apps/app/streams", body: "StreamsCreateRtspRequest", status: 201, answer: "Created",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.Create(ctx, "default", "app", CreateStreamRequest{
					Name: "camera1",
					URLs: []string{"rtsp://192.0.2.10:554/live/ch1", "rtsp://192.0.2.11:554/live/ch1"},
					Properties: &CreateStreamProperties{Persistent: true, NoInputFailoverTimeoutMs: Ptr[int32](5000),
						IgnoreRtcpSRTimestamp: false, RetryCount: int32(3)},
				}))
			}},
		{op: "createStream", name: "ovt relay", method: "POST", path: "/v1/vhosts/default/apps/app/streams", body: "StreamsCreateOvtRelayRequest", status: 201, answer: "Created",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.Create(ctx, "default", "app", CreateStreamRequest{
					Name: "stream", URLs: []string{"ovt://origin.example.com:9000/app/stream"},
					Properties: &CreateStreamProperties{Relay: true, UnusedStreamDeletionTimeoutMs: Ptr[int32](60000)},
				}))
			}},
		{op: "createStream", name: "exists", method: "POST", path: "/v1/vhosts/default/apps/app/streams", body: `{"name":"stream","urls":[]}`, status: 409, answer: "StreamsAlreadyExists",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.Create(ctx, "default", "app", CreateStreamRequest{Name: "stream"}))
			},
			check: wantAPIError(409, "Stream already exists", ErrConflict)},
		{op: "createStream", name: "pull failed", method: "POST", path: "/v1/vhosts/default/apps/app/streams", body: "*", status: 502, answer: "StreamsPullFailed",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.Create(ctx, "default", "app", CreateStreamRequest{Name: "x", URLs: []string{"rtmp://h/a/x"}}))
			},
			check: wantAPIError(502, "Could not pull the stream : http://127.0.0.1:8081/v1/vhosts/default/apps/app/streams", ErrServer)},

		{op: "getStream", name: "rtmp", method: "GET", path: streamPath, answer: "StreamsInfoRtmp",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.Get(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *StreamInfo) {
				if s.Name == "" || s.Name != "stream" || s.Input.SourceType != StreamSourceTypeRTMP || len(s.Input.Tracks) != 2 {
					t.Fatalf("stream %+v", s)
				}
				if !s.Input.CreatedTime.Equal(at(2026, 11, 26, 9, 30, 12, 345)) {
					t.Errorf("createdTime %v", s.Input.CreatedTime)
				}
				v := s.Input.Tracks[0]
				if v.Type != TrackTypeVideo || v.Video == nil || v.Video.Width != 1920 || v.Video.Codec != TrackCodecH264 || v.Video.Timebase.Den != 1000 {
					t.Errorf("video track %+v", v)
				}
				if len(s.Outputs) != 1 || len(s.Outputs[0].Tracks) != 3 || len(s.Outputs[0].Playlists) != 2 {
					t.Fatalf("outputs %+v", s.Outputs)
				}
				pl := s.Outputs[0].Playlists[0]
				if pl.Name != "llhls_default" || pl.Options.HLSChunklistPathDepth != -1 || pl.Renditions[0].AudioVariantName != "aac" {
					t.Errorf("playlist %+v", pl)
				}
				if a := s.Outputs[0].Tracks[1].Audio; a == nil || a.Codec != TrackCodecOPUS || a.CodecStatus != TrackCodecStatusReady {
					t.Errorf("opus track %+v", a)
				}
			})},
		{op: "getStream", name: "escaped names", method: "GET", path: "/v1/vhosts/de%20fault/apps/a%2Fp/streams/cam%201:x%3Fy", status: 404, answer: "StreamNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.Get(ctx, "de fault", "a/p", "cam 1:x?y")
			},
			check: wantAPIError(404, "Could not find the stream: [default/#default#app/nosuchstream]", ErrNotFound)},

		{op: "deleteStream", name: "ok", method: "DELETE", path: streamPath, answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.Delete(ctx, "default", "app", "stream"))
			}},

		{op: "sendEvent", name: "id3v2 union", method: "POST", path: "/v1/vhosts/default/apps/app/streams/cam:1:sendEvent", body: "StreamsSendEventRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				ev := sendEventOf(EventID3v2{EventType: SendEventTypeVideo, Urgent: false, Events: adFrames})
				return noValue(c.Streams.SendEvent(ctx, "default", "app", "cam:1", ev))
			}},
		{op: "sendEvent", name: "helper", method: "POST", path: streamPath + ":sendEvent",
			body: `{"eventFormat":"id3v2","events":[{"frameType":"TXXX","info":"com.example.ad","data":"break-start"}]}`, answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.SendEvent(ctx, "default", "app", "stream", ID3v2Event(adFrames[0])))
			}},
		{op: "sendEvent", name: "inject failed", method: "POST", path: streamPath + ":sendEvent", body: "*", status: 500, answer: "StreamsInjectEventFailed",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.SendEvent(ctx, "default", "app", "stream", ID3v2Event(adFrames[1])))
			},
			check: wantAPIError(500, "Internal Server Error - Could not inject event: [default/app/stream]", ErrServer)},

		{op: "sendEvents", name: "all ok", method: "POST", path: streamPath + ":sendEvents", body: "StreamsSendEventsRequest", answer: "StreamsSendEventsAllOK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.SendEvents(ctx, "default", "app", "stream",
					ID3v2Event(adFrames[0]),
					sendEventOf(EventID3v2{EventType: SendEventTypeAudio, Events: adFrames[1:2]}))
			},
			check: check(func(t *testing.T, res []Result[struct{}]) {
				diff(t, "results", []Result[struct{}]{{StatusCode: 200, Message: "OK"}, {StatusCode: 200, Message: "OK"}}, res)
			})},
		{op: "sendEvents", name: "207 mixed", method: "POST", path: streamPath + ":sendEvents", body: "*", status: 207, answer: "StreamsSendEventsMixed",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.SendEvents(ctx, "default", "app", "stream", ID3v2Event(adFrames[0]), ID3v2Event(), ID3v2Event())
			},
			check: func(t *testing.T, got any, err error) {
				var be *BatchError
				if !errors.As(err, &be) {
					t.Fatalf("error %v is not a *BatchError", err)
				}
				if be.StatusCode != 207 || be.Method != "POST" || !strings.HasSuffix(be.URL, ":sendEvents") {
					t.Errorf("BatchError %+v", be)
				}
				diff(t, "failed", []ItemError{
					{Index: 1, StatusCode: 400, Message: "frameType is not supported: [APIC]"},
					{Index: 2, StatusCode: 400, Message: "eventFormat is not supported: [cue]"},
				}, be.Failed)
				if !errors.Is(err, ErrBadRequest) || errors.Is(err, ErrNotFound) {
					t.Errorf("sentinels of %v", err)
				}
				res := got.([]Result[struct{}])
				if len(res) != 3 || !res[0].OK() || res[1].OK() || res[2].OK() || res[0].Value != nil {
					t.Errorf("results %+v", res)
				}
			}},
		{op: "sendEvents", name: "all failed alike", method: "POST", path: streamPath + ":sendEvents", body: "*", status: 404, answer: "StreamsSendEventsAllNoSource",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.SendEvents(ctx, "default", "app", "stream", ID3v2Event(adFrames[0]), ID3v2Event(adFrames[1]))
			},
			check: func(t *testing.T, got any, err error) {
				var be *BatchError
				var ae *APIError
				if !errors.As(err, &be) || errors.As(err, &ae) {
					t.Fatalf("error %v (%T), want only a *BatchError", err, err)
				}
				if be.StatusCode != 404 || len(be.Failed) != 2 || be.Failed[1].Index != 1 || !errors.Is(err, ErrNotFound) {
					t.Errorf("BatchError %+v", be)
				}
				if res := got.([]Result[struct{}]); len(res) != 2 {
					t.Errorf("results %+v", res)
				}
			}},
		{op: "sendEvents", name: "whole request refused", method: "POST", path: streamPath + ":sendEvents", body: `[]`, status: 400, answer: "StreamsSendEventsArrayRequired",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.SendEvents(ctx, "default", "app", "stream")
			},
			check: wantAPIError(400, "events(array) is required", ErrBadRequest)},

		{op: "sendSubtitles", name: "webvtt by default", method: "POST", path: streamPath + ":sendSubtitles", body: "StreamsSendSubtitlesRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.SendSubtitles(ctx, "default", "app", "stream", SendSubtitlesRequest{Data: []SendSubtitlesData{
					{Label: "English", Subtitles: []SubtitleCue{
						{Text: "Hello, and welcome.", DurationMs: Ptr[int64](3000), Settings: "line:80%"},
						{Text: "Tonight's headlines.", StartOffset: int64(500), DurationMs: Ptr[int64](2500)},
					}},
					{Label: "Korean", Subtitles: []SubtitleCue{{Text: "안녕하세요.", DurationMs: Ptr[int64](3000)}}},
				}}))
			}},

		{op: "startHlsDump", name: "ok", method: "POST", path: streamPath + ":startHlsDump", body: "StreamsHlsDumpStartRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.StartHLSDump(ctx, "default", "app", "stream", HLSDumpStartRequest{
					ID: "dump-2026-11-26", OutputStreamName: "stream", OutputPath: "/var/dumps/stream/",
					Playlist: []string{"llhls.m3u8"}, InfoFile: "/var/dumps/stream/dump.xml", UserData: "ticket=4711",
				}))
			}},
		{op: "startHlsDump", name: "no llhls", method: "POST", path: streamPath + ":startHlsDump", body: "*", status: 404, answer: "StreamsLLHLSStreamNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.StartHLSDump(ctx, "default", "app", "stream", HLSDumpStartRequest{ID: "d", OutputStreamName: "stream", OutputPath: "/tmp"}))
			},
			check: func(t *testing.T, _ any, err error) {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("error %v, want ErrNotFound", err)
				}
			}},
		{op: "stopHlsDump", name: "one", method: "POST", path: streamPath + ":stopHlsDump", body: "StreamsHlsDumpStopRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.StopHLSDump(ctx, "default", "app", "stream", "stream", "dump-2026-11-26"))
			}},
		{op: "stopHlsDump", name: "all", method: "POST", path: streamPath + ":stopHlsDump", body: "StreamsHlsDumpStopAllRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.StopHLSDump(ctx, "default", "app", "stream", "stream", ""))
			}},
		{op: "listHlsDumps", name: "all", method: "POST", path: streamPath + ":hlsDumps", body: "StreamsHlsDumpListRequest", answer: "StreamsHlsDumpList",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.ListHLSDumps(ctx, "default", "app", "stream", "stream", "")
			},
			check: check(func(t *testing.T, d []HLSDumpInfo) {
				if len(d) != 2 || !d[0].Enabled || d[1].Enabled || d[0].ID != "dump-2026-11-26" || d[1].InfoFile != "" || (d[0].Playlist)[0] != "llhls.m3u8" {
					t.Errorf("dumps %+v", d)
				}
			})},
		{op: "listHlsDumps", name: "by id", method: "POST", path: streamPath + ":hlsDumps", body: `{"outputStreamName":"stream","id":"x"}`, answer: "StreamsHlsDumpListEmpty",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.ListHLSDumps(ctx, "default", "app", "stream", "stream", "x")
			},
			check: check(func(t *testing.T, d []HLSDumpInfo) {
				if len(d) != 0 {
					t.Errorf("dumps %+v", d)
				}
			})},

		{op: "concludeHlsLive", name: "no options", method: "POST", path: streamPath + ":concludeHlsLive", body: "StreamsConcludeRequestEmpty", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.ConcludeHLSLive(ctx, "default", "app", "stream", nil))
			}},
		{op: "concludeHlsLive", name: "urgent", method: "POST", path: streamPath + ":concludeHlsLive", body: "StreamsConcludeRequest", answer: "OK",
			call: func(ctx context.Context, c *Client) (any, error) {
				return noValue(c.Streams.ConcludeHLSLive(ctx, "default", "app", "stream", &ConcludeHLSLiveRequest{Urgent: true}))
			}},

		{op: "enableStt", name: "ok", method: "POST", path: streamPath + ":enableStt", body: "StreamsSttRequest", answer: "StreamsSttEnabled",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.EnableSTT(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTState) { diff(t, "state", &STTState{Enabled: true}, s) })},
		{op: "enableStt", name: "no encoder", method: "POST", path: streamPath + ":enableStt", body: "StreamsSttRequest", status: 404, answer: "StreamsSttEncoderNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.EnableSTT(ctx, "default", "app", "stream")
			},
			check: wantAPIError(404, "Could not find STT encoder for stream: [default/app/stream]", ErrNotFound)},
		{op: "disableStt", name: "ok", method: "POST", path: streamPath + ":disableStt", body: "StreamsSttRequest", answer: "StreamsSttDisabled",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.DisableSTT(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTState) { diff(t, "state", &STTState{Enabled: false}, s) })},
		{op: "disableStt", name: "no transcoder", method: "POST", path: streamPath + ":disableStt", body: "StreamsSttRequest", status: 503, answer: "StreamsTranscoderUnavailable",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.DisableSTT(ctx, "default", "app", "stream")
			},
			check: wantAPIError(503, "Transcoder module is not available", ErrServer)},
		{op: "getSttStatus", name: "running", method: "POST", path: streamPath + ":sttStatus", body: "StreamsSttRequest", answer: "StreamsSttStatus",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.STTStatus(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTStatus) {
				diff(t, "status", &STTStatus{Enabled: true, Renditions: []STTRendition{{
					Codec: STTRenditionCodecWhisper, Label: "Korean", Language: "ko",
					Model: "/opt/ovenmediaengine/bin/origin_conf/whisper_model/ggml-small.bin", Translation: STTRenditionTranslationDisabled,
				}}}, s)
			})},
		{op: "getSttStatus", name: "none", method: "POST", path: streamPath + ":sttStatus", body: "StreamsSttRequest", answer: "StreamsSttStatusNone",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.STTStatus(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTStatus) {
				if s.Enabled || len(s.Renditions) != 0 {
					t.Errorf("status %+v", s)
				}
			})},
	}
}

func TestStreamsService(t *testing.T) {
	t.Parallel()
	runSvcCases(t, streamsCases())
}

func TestID3v2Event(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		frames []ID3v2Frame
		want   string
	}{
		{nil, `{"eventFormat":"id3v2","events":[]}`},
		{adFrames[1:2], `{"eventFormat":"id3v2","events":[{"frameType":"TIT2","data":"Evening News"}]}`},
	} {
		b, err := json.Marshal(ID3v2Event(tt.frames...))
		if err != nil || !sameJSON(b, []byte(tt.want)) {
			t.Errorf("ID3v2Event(%v) = %s, %v; want %s", tt.frames, b, err, tt.want)
		}
		var e EventID3v2
		if err := json.Unmarshal(b, &e); err != nil || e.EventFormat != EventFormatID3v2 || len(e.Events) != len(tt.frames) {
			t.Errorf("round trip: %+v, %v", e, err)
		}
	}
}

// TestServiceMethodsCoverTheirOperations fails when a non-deprecated operation of the areas these
// services own has no test case (and so, most likely, no method).
func TestServiceMethodsCoverTheirOperations(t *testing.T) {
	t.Parallel()
	doc, err := specDoc()
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{"Streams": true, "StreamActions": true, "Push": true, "Recording": true,
		"ScheduledChannels": true, "MultiplexChannels": true, "Statistics": true}
	covered := map[string]bool{}
	for _, cs := range [][]svcCase{streamsCases(), jobsCases(), channelsCases(), statsCases()} {
		for _, c := range cs {
			covered[c.op] = true
		}
	}
	var missing []string
	for p, item := range doc.Paths.Map() {
		for m, op := range item.Operations() {
			if len(op.Tags) == 0 || !tags[op.Tags[0]] {
				continue
			}
			if op.Deprecated == covered[op.OperationID] {
				missing = append(missing, fmt.Sprintf("%s %s (%s, deprecated %v)", m, p, op.OperationID, op.Deprecated))
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations without a tested method, or deprecated ones with one:\n%s", strings.Join(missing, "\n"))
	}
}
