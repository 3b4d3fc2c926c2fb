package mockserver

// What a real OvenMediaEngine 0.21.0 answered to the requests behind the mock's hardening: CORS
// origins against wildcard patterns, the configuration rules OME enforces when it creates an
// application (MPEG-TS port expressions, bFrames, profile, keyFrameIntervalType and
// keyFrameInterval, BypassIfMatch operators, integers read with stoi), and names (long ones, bytes
// that are not UTF-8).
//
// testdata/hardening holds the Server.xml and hardening.ome-0.21.0.json, the recording: the
// requests of hardeningPlan and OME's answers. TestHardeningAnswers replays them against the mock
// and compares; TestHardeningAgainstOME (with OME_ORACLE_DIR) checks the recording against a real
// OME, or writes it with OMEKIT_RECORD_HARDENING=1.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	hardeningDir       = "testdata/hardening"
	hardeningRecording = "hardening.ome-0.21.0.json"
	hardeningToken     = "hardening-token"
	hardeningAPIPort   = 27131
)

// hardeningFile is the content of hardening.ome-0.21.0.json.
type hardeningFile struct {
	Server    string         `json:"server"`
	Exchanges []hardExchange `json:"exchanges"`
}

// hardExchange is one request of the plan and OME's answer. The body of a request whose bytes are
// not UTF-8 is BodyBase64 instead of Body.
type hardExchange struct {
	Note string `json:"note"`
	fixtureExchange
	BodyBase64 string `json:"bodyBase64,omitempty"`
}

// body returns the bytes the request sends (nil for none).
func (ex hardExchange) body() []byte {
	if ex.BodyBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(ex.BodyBase64)
		if err != nil {
			panic(err)
		}
		return b
	}
	if ex.Body != nil {
		return ex.Body
	}
	return nil
}

// hardeningOrigins are sent as Origin, with an OPTIONS (no credentials) and an authenticated GET.
var hardeningOrigins = []string{
	// *.allowed.example: the leading '*' matches any scheme too.
	"http://a.allowed.example", "https://a.allowed.example", "ftp://a.allowed.example", "ws://a.allowed.example",
	"a.allowed.example", "https://a.b.allowed.example", "http://a.allowed.example:8443", "http://allowed.example",
	// exact.example: only "http" + at most one character + "://" may precede it.
	"http://exact.example", "https://exact.example", "httpx://exact.example", "ftp://exact.example", "exact.example",
	"http://sub.exact.example", "http://exact.example.evil",
	// https://secure.example: exactly that.
	"https://secure.example", "http://secure.example",
	// ?.short.example: at most one character before ".short.example".
	"http://a.short.example", "http://.short.example", "http://ab.short.example", "ftp://a.short.example",
	// grp(bc)*.example: the parentheses are a regular-expression group, not characters.
	"http://grpbc.example", "http://grpbcd.example", "http://grp(bc).example",
	"null",
}

// appWith is a POST …/apps body creating application "p" with one video and one audio encode
// (fields merged into them) and, when port is not nil, an MPEG-TS stream on *port.
func appWith(video, audio map[string]any, port *string) json.RawMessage {
	encode := func(base, extra map[string]any) map[string]any {
		for k, v := range extra {
			base[k] = v
		}
		return base
	}
	app := map[string]any{
		"name": "p", "type": "live",
		"outputProfiles": map[string]any{"outputProfile": []any{map[string]any{
			"name": "x", "outputStreamName": "${OriginStreamName}",
			"encodes": map[string]any{
				"videos": []any{encode(map[string]any{"name": "v", "codec": "h264", "bitrate": 1000000}, video)},
				"audios": []any{encode(map[string]any{"name": "a", "codec": "aac", "bitrate": 128000}, audio)},
			},
		}}},
	}
	if port != nil {
		app["providers"] = map[string]any{"mpegts": map[string]any{"streams": []any{map[string]any{"name": "s", "port": *port}}}}
	}
	b, err := json.Marshal([]any{app})
	if err != nil {
		panic(err)
	}
	return b
}

// hardeningRules are the application configurations of the plan: each is created in vhost
// "hard", then deleted.
var hardeningRules = []struct {
	note         string
	video, audio map[string]any
	port         *string
}{
	{note: "bFrames 16", video: map[string]any{"bFrames": 16}},
	{note: "bFrames 17", video: map[string]any{"bFrames": 17}},
	{note: "bFrames -1", video: map[string]any{"bFrames": -1}},
	{note: `bFrames "17"`, video: map[string]any{"bFrames": "17"}},
	{note: `bFrames "abc" reads as 0`, video: map[string]any{"bFrames": "abc"}},
	{note: `bFrames " 12x" reads as 12`, video: map[string]any{"bFrames": " 12x"}},
	{note: "bFrames 1e10 is beyond 32 bits: 0", video: map[string]any{"bFrames": json.Number("1e10")}},
	{note: "bFrames 99999999999 is beyond 32 bits: 0", video: map[string]any{"bFrames": json.Number("99999999999")}},
	{note: "bFrames 2.7 reads as 2", video: map[string]any{"bFrames": json.Number("2.7")}},
	{note: "bFrames 16.9 reads as 16", video: map[string]any{"bFrames": json.Number("16.9")}},
	{note: "bFrames 17.0 is 17", video: map[string]any{"bFrames": json.Number("17.0")}},
	{note: "bFrames 1.7e1 is 17", video: map[string]any{"bFrames": json.Number("1.7e1")}},
	{note: "profile HIGH", video: map[string]any{"profile": "HIGH"}},
	{note: "profile main10", video: map[string]any{"profile": "main10"}},
	{note: "profile empty", video: map[string]any{"profile": ""}},
	{note: "keyFrameIntervalType TIME", video: map[string]any{"keyFrameIntervalType": "TIME", "keyFrameInterval": 0}},
	{note: "keyFrameIntervalType time, 0 ms", video: map[string]any{"keyFrameIntervalType": "time", "keyFrameInterval": 0}},
	{note: "keyFrameIntervalType time, 10000 ms", video: map[string]any{"keyFrameIntervalType": "time", "keyFrameInterval": 10000}},
	{note: "keyFrameIntervalType time, 10001 ms", video: map[string]any{"keyFrameIntervalType": "time", "keyFrameInterval": 10001}},
	{note: "keyFrameIntervalType sec", video: map[string]any{"keyFrameIntervalType": "sec"}},
	{note: "keyFrameInterval 601 frames", video: map[string]any{"keyFrameInterval": 601}},
	{note: `skipFrames "1e10" reads as 1`, video: map[string]any{"skipFrames": "1e10"}},
	{note: "skipFrames 1e10 is beyond 32 bits: 0", video: map[string]any{"skipFrames": json.Number("1e10")}},
	{note: "skipFrames 121", video: map[string]any{"skipFrames": 121}},
	{note: "bypassIfMatch codec gte", video: map[string]any{"bypassIfMatch": map[string]any{"codec": "gte"}}},
	{note: "bypassIfMatch codec EQ", video: map[string]any{"bypassIfMatch": map[string]any{"codec": "EQ"}}},
	{note: "bypassIfMatch width LTE", video: map[string]any{"bypassIfMatch": map[string]any{"width": "LTE"}}},
	{note: "bypassIfMatch width lt", video: map[string]any{"bypassIfMatch": map[string]any{"width": "lt"}}},
	{note: "bypassIfMatch height ne", video: map[string]any{"bypassIfMatch": map[string]any{"height": "ne"}}},
	{note: "bypassIfMatch framerate x", video: map[string]any{"bypassIfMatch": map[string]any{"framerate": "x"}}},
	{note: "bypassIfMatch sar gte", video: map[string]any{"bypassIfMatch": map[string]any{"sar": "gte"}}},
	{note: "bypassIfMatch sar eq", video: map[string]any{"bypassIfMatch": map[string]any{"sar": "eq"}}},
	{note: "bypassIfMatch samplerate lte", audio: map[string]any{"bypassIfMatch": map[string]any{"samplerate": "lte"}}},
	{note: "bypassIfMatch samplerate foo", audio: map[string]any{"bypassIfMatch": map[string]any{"samplerate": "foo"}}},
	{note: "bypassIfMatch channel empty", audio: map[string]any{"bypassIfMatch": map[string]any{"channel": ""}}},
	{note: "bypassIfMatch bitrate eq", audio: map[string]any{"bypassIfMatch": map[string]any{"bitrate": "eq"}}},
	{note: "bypassIfMatch width and codec: codec first", video: map[string]any{"bypassIfMatch": map[string]any{"width": "x", "codec": "y"}}},
	{note: "bFrames and profile: bFrames first", video: map[string]any{"bFrames": 17, "profile": "x"}},
	{note: "profile and preset: preset first", video: map[string]any{"profile": "x", "preset": "y"}},
	{note: "bFrames and bypassIfMatch: bFrames first", video: map[string]any{"bFrames": 17, "bypassIfMatch": map[string]any{"width": "x"}}},
	{note: "keyFrameInterval and bFrames: keyFrameInterval first", video: map[string]any{"bFrames": 17, "keyFrameInterval": 601}},
}

// hardeningPorts are MPEG-TS port expressions of the plan.
var hardeningPorts = []string{
	"99999999999999999999/udp", "-1/udp", "70000-1/udp", "4000/udp", "4000", "0/udp", "65535/udp", "65536/udp",
	"4000-4004,4005/udp", "abc/udp", "4000/tcp", "4000/srt", "4005-4000/udp", "", "/udp", "4000-/udp", "4000,/udp",
	" 4000/udp", "4000 /udp", "+4000/udp", "1e3/udp", "4000-4000/udp", "1-2-3/udp", "4000,70000/udp", "4000/udp/x",
}

// longName is a name of n bytes.
func longName(prefix string, n int) string { return prefix + strings.Repeat("n", n-len(prefix)) }

// hardeningPlan is the recorded requests, in order.
func hardeningPlan() []hardExchange {
	var plan []hardExchange
	add := func(note, method, path string, body json.RawMessage) {
		plan = append(plan, hardExchange{Note: note, fixtureExchange: fixtureExchange{Method: method, Path: path, Body: body}})
	}
	for _, o := range hardeningOrigins {
		plan = append(plan,
			hardExchange{Note: "CORS preflight from " + o, fixtureExchange: fixtureExchange{Method: "OPTIONS", Path: "/v1/vhosts", Auth: "none", Origin: o}},
			hardExchange{Note: "CORS GET from " + o, fixtureExchange: fixtureExchange{Method: "GET", Path: "/v1/vhosts", Origin: o}})
	}
	add("a writable vhost for the applications", "POST", "/v1/vhosts", json.RawMessage(`[{"name":"hard"}]`))
	for _, r := range hardeningRules {
		add(r.note, "POST", "/v1/vhosts/hard/apps", appWith(r.video, r.audio, r.port))
		add(r.note+" (delete)", "DELETE", "/v1/vhosts/hard/apps/p", nil)
	}
	for _, p := range hardeningPorts {
		note := fmt.Sprintf("MPEG-TS port %q", p)
		add(note, "POST", "/v1/vhosts/hard/apps", appWith(nil, nil, &p))
		add(note+" (delete)", "DELETE", "/v1/vhosts/hard/apps/p", nil)
	}
	// Names: the longest the mock accepts, one byte more, and bytes that are not UTF-8.
	atCap, overCap := longName("v", maxNameBytes), longName("w", maxNameBytes+1)
	for _, n := range []struct{ note, name string }{{"vhost name at the mock's cap", atCap}, {"vhost name over the mock's cap", overCap}} {
		add(n.note, "POST", "/v1/vhosts", json.RawMessage(`[{"name":"`+n.name+`"}]`))
		add(n.note+" (get)", "GET", "/v1/vhosts/"+n.name, nil)
		add(n.note+" (delete)", "DELETE", "/v1/vhosts/"+n.name, nil)
	}
	add("application name over the mock's cap", "POST", "/v1/vhosts/hard/apps", json.RawMessage(`[{"name":"`+longName("a", maxNameBytes+1)+`","type":"live"}]`))
	add("application name over the mock's cap (delete)", "DELETE", "/v1/vhosts/hard/apps/"+longName("a", maxNameBytes+1), nil)
	plan = append(plan, hardExchange{Note: "two names that differ only in bytes that are not UTF-8",
		fixtureExchange: fixtureExchange{Method: "POST", Path: "/v1/vhosts"},
		BodyBase64:      base64.StdEncoding.EncodeToString([]byte("[{\"name\":\"u\xffa\"},{\"name\":\"u\xfea\"}]"))})
	add("both listed, as U+FFFD", "GET", "/v1/vhosts", nil)
	add("a percent-encoded byte is not decoded", "GET", "/v1/vhosts/u%FFa", nil)
	add("the same bytes again", "POST", "/v1/vhosts", nil)
	plan[len(plan)-1].BodyBase64 = base64.StdEncoding.EncodeToString([]byte("[{\"name\":\"u\xffa\"}]"))
	// Names with characters a client percent-encodes: found by the path as sent, raw.
	add("names with characters clients encode", "POST", "/v1/vhosts", json.RawMessage(`[{"name":"a{b"},{"name":"c|d"},{"name":"été"}]`))
	for _, p := range []string{"/v1/vhosts/a{b", "/v1/vhosts/a%7Bb", "/v1/vhosts/c|d", "/v1/vhosts/été", "/v1/vhosts/%C3%A9t%C3%A9"} {
		add("GET "+p, "GET", p, nil)
	}
	add("DELETE /v1/vhosts/été", "DELETE", "/v1/vhosts/été", nil)
	add("GET /v1/vhosts/été after its deletion", "GET", "/v1/vhosts/été", nil)
	return plan
}

// hardeningDivergence is what the mock answers where it deliberately differs from OME: its
// status and body, and OME's recorded status (checked, so that the entry goes once OME changes).
type hardeningDivergence struct {
	why       string
	omeStatus int
	status    int
	body      string
}

const (
	longNames = "the mock refuses names longer than maxNameBytes (OME has no limit)"
	specInt   = "the spec types an integer item as an integer or a string, and the mock stores only what the spec accepts; OME reads 2.7 as 2"
)

var hardeningDivergences = map[string]hardeningDivergence{
	"vhost name over the mock's cap": {longNames, 200, 400,
		`[{"message":"Virtual host name is too long: 1025 bytes (the mock accepts at most 1024)","statusCode":400}]`},
	"vhost name over the mock's cap (get)": {longNames, 200, 404,
		`{"message":"[HTTP] Could not find the virtual host: [` + longName("w", maxNameBytes+1) + `] (404)","statusCode":404}`},
	"vhost name over the mock's cap (delete)": {longNames, 200, 404,
		`{"message":"[HTTP] Could not find the virtual host: [` + longName("w", maxNameBytes+1) + `] (404)","statusCode":404}`},
	"application name over the mock's cap": {longNames, 200, 400,
		`{"message":"[HTTP] Application name is too long: 1025 bytes (the mock accepts at most 1024) (400)","statusCode":400}`},
	"bFrames 2.7 reads as 2": {specInt, 200, 400,
		`{"message":"[Config] video.bFrames has an invalid value: 2.7","statusCode":400}`},
	"bFrames 2.7 reads as 2 (delete)": {specInt, 200, 404,
		`{"message":"[HTTP] Could not find the application: [hard/p] (404)","statusCode":404}`},
	"bFrames 16.9 reads as 16": {specInt, 200, 400,
		`{"message":"[Config] video.bFrames has an invalid value: 16.9","statusCode":400}`},
	"bFrames 16.9 reads as 16 (delete)": {specInt, 200, 404,
		`{"message":"[HTTP] Could not find the application: [hard/p] (404)","statusCode":404}`},
	"application name over the mock's cap (delete)": {longNames, 200, 404,
		`{"message":"[HTTP] Could not find the application: [hard/` + longName("a", maxNameBytes+1) + `] (404)","statusCode":404}`},
}

// TestHardeningPlanIsRecorded keeps the plan and the recording in step.
func TestHardeningPlanIsRecorded(t *testing.T) {
	t.Parallel()
	rec := readHardening(t)
	plan := hardeningPlan()
	if len(rec.Exchanges) != len(plan) {
		t.Fatalf("the recording has %d exchanges, the plan %d: re-record it", len(rec.Exchanges), len(plan))
	}
	for i, want := range plan {
		got := rec.Exchanges[i]
		sameBody := bytes.Equal(got.body(), want.body()) || (json.Valid(want.body()) && jsonEqual(got.body(), want.body()))
		if got.Note != want.Note || got.String() != want.String() || !sameBody {
			t.Fatalf("exchange %d is %q (%s), the plan's %q (%s): re-record", i, got.Note, got, want.Note, want)
		}
	}
	notes := map[string]bool{}
	for _, ex := range plan {
		if notes[ex.Note] {
			t.Errorf("note %q is not unique", ex.Note)
		}
		notes[ex.Note] = true
	}
	for note := range hardeningDivergences {
		if !notes[note] {
			t.Errorf("divergence %q is in no exchange", note)
		}
	}
}

func readHardening(t *testing.T) hardeningFile {
	t.Helper()
	var rec hardeningFile
	readRecording(t, filepath.Join(hardeningDir, hardeningRecording), &rec)
	if rec.Server != fixtureServer {
		t.Fatalf("recorded with %q, want %q", rec.Server, fixtureServer)
	}
	return rec
}

// TestHardeningAnswers replays the recording against the mock: every answer is OME's (status,
// body, CORS headers), except the mock's own limits of hardeningDivergences.
func TestHardeningAnswers(t *testing.T) {
	t.Parallel()
	rec := readHardening(t)
	h := newHarness(t, WithConfigFile(hardeningDir))
	agree := 0
	for _, want := range rec.Exchanges {
		req := h.request(want.Method, want.Path, want.body())
		want.setHeaders(req, hardeningToken)
		res := h.send(req)
		got := completeExchange(want.fixtureExchange, res.Status, res.Header, res.Body, nil)
		if d, ok := hardeningDivergences[want.Note]; ok {
			if want.Status != d.omeStatus {
				t.Errorf("%s: OME answered %d, the divergence says %d (%s)", want.Note, want.Status, d.omeStatus, d.why)
			}
			if got.Status != d.status || !jsonEqual(got.ResponseBody, []byte(d.body)) {
				t.Errorf("%s: the mock answers %d %.300s, want its own %d %.300s (%s)", want.Note, got.Status, got.ResponseBody, d.status, d.body, d.why)
			}
			continue
		}
		if diffs := diffExchange(want.fixtureExchange, got); len(diffs) > 0 {
			t.Errorf("%s (%s): %v", want.Note, want, diffs)
			continue
		}
		agree++
	}
	t.Logf("%d of %d answers as OME's, %d deliberately not", agree, len(rec.Exchanges), len(hardeningDivergences))
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// TestHardeningAgainstOME sends the plan to a real OME on testdata/hardening/Server.xml and
// compares its answers with the recording (or writes it, with OMEKIT_RECORD_HARDENING=1).
func TestHardeningAgainstOME(t *testing.T) {
	script := oracleScript(t)
	xml, err := os.ReadFile(filepath.Join(hardeningDir, "Server.xml"))
	if err != nil {
		t.Fatal(err)
	}
	base := startOME(t, script, xml, hardeningAPIPort)
	client := &http.Client{Timeout: 10 * time.Second}
	got := hardeningFile{Server: fixtureServer}
	for _, ex := range hardeningPlan() {
		var body io.Reader
		if b := ex.body(); b != nil {
			body = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(context.Background(), ex.Method, base, body)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = ex.Path // sent exactly as written
		ex.setHeaders(req, hardeningToken)
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", ex.Note, err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", ex.Note, err)
		}
		ex.fixtureExchange = completeExchange(ex.fixtureExchange, res.StatusCode, res.Header, b, nil)
		got.Exchanges = append(got.Exchanges, ex)
	}
	path := filepath.Join(hardeningDir, hardeningRecording)
	if recordHardening() {
		writeRecording(t, path, got)
		return
	}
	want := readHardening(t)
	for i := range min(len(got.Exchanges), len(want.Exchanges)) {
		if d := diffExchange(want.Exchanges[i].fixtureExchange, got.Exchanges[i].fixtureExchange); len(d) > 0 {
			t.Errorf("%s: %v", want.Exchanges[i].Note, d)
		}
	}
	if len(got.Exchanges) != len(want.Exchanges) {
		t.Errorf("OME answered %d requests, %d recorded", len(got.Exchanges), len(want.Exchanges))
	}
}
