package scenario

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := decodeJSON([]byte(s))
	if err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"time stamp", `{"createdTime":"2026-12-03T13:39:12.406+00:00"}`, `{"createdTime":"<time>"}`},
		{"zero time kept", `{"finishTime":"1970-01-01T00:00:00.000+00:00"}`, `{"finishTime":"1970-01-01T00:00:00.000+00:00"}`},
		{"time inside text kept", `{"m":"at 2026-12-03T13:39:12.406+00:00"}`, `{"m":"at 2026-12-03T13:39:12.406+00:00"}`},
		{"file name times", `{"p":"/a/20261203133912_19700101000000.ts"}`, `{"p":"/a/<YYYYMMDDhhmmss>_19700101000000.ts"}`},
		{"15 digits are no time", `{"p":"/a/202612031339120.ts"}`, `{"p":"/a/202612031339120.ts"}`},
		{"uuid", `{"id":"x-3f2b8c1e-9a4d-4e5f-8a6b-0c1d2e3f4a5b"}`, `{"id":"x-<uuid>"}`},
		{"loopback ports", `{"u":"TCP://127.0.0.1:38992/tcp","v":"localhost:80 [::1]:9"}`, `{"u":"TCP://127.0.0.1:<port>/tcp","v":"localhost:<port> [::1]:<port>"}`},
		{"other hosts keep ports", `{"u":"rtsp://192.0.2.10:554/cam"}`, `{"u":"rtsp://192.0.2.10:554/cam"}`},
		{"string arrays sorted", `{"response":["plain","live","old"]}`, `{"response":["live","old","plain"]}`},
		{"mixed arrays kept", `{"a":["b",1,"a"]}`, `{"a":["b",1,"a"]}`},
		{"object arrays kept", `[{"n":"b"},{"n":"a"}]`, `[{"n":"b"},{"n":"a"}]`},
		{"named objects kept", `{"playlists":[{"name":"b"},{"name":"a"}]}`, `{"playlists":[{"name":"b"},{"name":"a"}]}`},
		{"outputs sorted by name", `{"outputs":[{"name":"s#stt","n":1},{"name":"s","n":2}]}`, `{"outputs":[{"name":"s","n":2},{"name":"s#stt","n":1}]}`},
		{"outputs without names kept", `{"outputs":[{"n":2},{"n":1}]}`, `{"outputs":[{"n":2},{"n":1}]}`},
		{"track media", `{"tracks":[{"video":{"bitrate":781000,"framerateLatest":31.25,"keyFrameInterval":30,"deltaFramesSinceLastKeyFrame":21,"maxFramerate":30,"hasBframes":false,"width":640,"codec":"H264"}}]}`,
			`{"tracks":[{"video":{"bitrate":"<media>","framerateLatest":"<media>","keyFrameInterval":"<media>","deltaFramesSinceLastKeyFrame":"<media>","maxFramerate":"<media>","hasBframes":"<media>","width":640,"codec":"H264"}}]}`},
		{"config bitrate kept", `{"encodes":{"audios":[{"bitrate":128000}]}}`, `{"encodes":{"audios":[{"bitrate":128000}]}}`},
		{"config bitrate string kept in tracks", `{"tracks":[{"bitrate":"128000"}]}`, `{"tracks":[{"bitrate":"128000"}]}`},
		{"counters", `{"totalBytesIn":1,"sentBytes":2,"recordTime":3,"maxTotalConnections":4,"connections":{"webrtc":5}}`,
			`{"totalBytesIn":"<media>","sentBytes":"<media>","recordTime":"<media>","maxTotalConnections":"<media>","connections":{"webrtc":"<media>"}}`},
		{"counter absent stays absent", `{"state":"ready"}`, `{"state":"ready"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(mustDecode(t, tt.in))
			want := mustDecode(t, tt.want)
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("Normalize(%s)\n got %s\nwant %s", tt.in, g, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	entry := func(status int, body string, headers map[string]string) *Entry {
		e := &Entry{Name: "s", Method: "GET", Status: status, ContentType: "application/json;charset=UTF-8", Headers: headers}
		if body != "" {
			e.Body = json.RawMessage(body)
		}
		return e
	}
	vary := map[string]string{"Vary": "Origin"}
	tests := []struct {
		name      string
		want, got *Entry
		mode      string
		paths     []string
	}{
		{"equal after normalising", entry(200, `{"t":"2026-01-01T00:00:00Z","n":30.0,"l":["b","a"]}`, vary),
			entry(200, `{"t":"2027-02-02T10:00:00.123+00:00","n":30,"l":["a","b"]}`, vary), "", nil},
		{"status", entry(200, `{}`, vary), entry(404, `{}`, vary), "", []string{"status"}},
		{"member value, missing and extra", entry(200, `{"a":{"b":[1,{"c":"x"}]},"gone":1}`, vary),
			entry(200, `{"a":{"b":[1,{"c":"y"}]},"new":true}`, vary), "", []string{"body.a.b[1].c", "body.gone", "body.new"}},
		{"array length", entry(200, `{"r":[{"a":1},{"a":2}]}`, vary), entry(200, `{"r":[{"a":1}]}`, vary), "", []string{"body.r.length"}},
		{"number vs string", entry(200, `{"bitrate":"128000"}`, vary), entry(200, `{"bitrate":128000}`, vary), "", []string{"body.bitrate"}},
		{"odd member names", entry(200, `{"a b":1}`, vary), entry(200, `{"a b":2}`, vary), "", []string{`body["a b"]`}},
		{"cors header", entry(200, `{}`, map[string]string{"Vary": "Origin", "Access-Control-Allow-Origin": "http://a"}),
			entry(200, `{}`, vary), "", []string{"headers.Access-Control-Allow-Origin"}},
		{"content type", entry(200, `{}`, vary), &Entry{Status: 200, ContentType: "text/plain", Body: json.RawMessage(`{}`), Headers: vary}, "", []string{"content_type"}},
		{"body vs none", entry(200, `{}`, vary), entry(200, ``, vary), "", []string{"body"}},
		{"shape ignores values", entry(200, `{"r":[{"id":1,"u":"x"},{"id":2,"u":"y"}]}`, vary), entry(200, `{"r":[{"id":7,"u":"z"}]}`, vary), "shape", nil},
		{"shape sees kinds", entry(200, `{"r":[{"id":1}]}`, vary), entry(200, `{"r":[{"id":"1"}]}`, vary), "shape", []string{"body.r[0].id"}},
		{"status mode", entry(200, `{"a":1}`, vary), entry(200, `{"a":2}`, nil), "status", nil},
		{"error on one side", entry(200, `{}`, vary), &Entry{Error: "connection refused"}, "status", []string{"error", "status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs := Compare(tt.want, tt.got, tt.mode)
			var paths []string
			for _, d := range diffs {
				paths = append(paths, d.Path)
			}
			if !reflect.DeepEqual(paths, tt.paths) {
				t.Errorf("diff paths %q, want %q (%v)", paths, tt.paths, diffs)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"bare array", `[{"name":"a","method":"GET","path":"/v1/version"},{"name":"b","shell":"x"},{"name":"c","sleep_ms":5}]`, ""},
		{"object", `{"name":"n","vars":{"v":"default"},"steps":[{"name":"a","method":"GET","path":"/v1/vhosts/{{v}}"}]}`, ""},
		{"duplicate names", `[{"name":"a","method":"GET","path":"/"},{"name":"a","method":"GET","path":"/"}]`, "duplicate name"},
		{"two kinds", `[{"name":"a","method":"GET","path":"/","sleep_ms":3}]`, "exactly one"},
		{"no kind", `[{"name":"a"}]`, "exactly one"},
		{"bad method", `[{"name":"a","method":"FETCH","path":"/"}]`, "unknown method"},
		{"relative path", `[{"name":"a","method":"GET","path":"v1"}]`, "does not start with /"},
		{"two bodies", `[{"name":"a","method":"POST","path":"/","body":{},"raw":"x"}]`, "exclude each other"},
		{"bad auth", `[{"name":"a","method":"GET","path":"/","auth":"bearer"}]`, "unknown auth"},
		{"bad base64", `[{"name":"a","method":"POST","path":"/","raw_base64":"!!"}]`, "raw_base64"},
		{"unknown member", `[{"name":"a","method":"GET","path":"/","bogus":1}]`, "unknown field"},
		{"publish incomplete", `[{"name":"a","publish":{"vhost":"v","app":"a"}}]`, "publish needs"},
		{"bad compare", `[{"name":"a","method":"GET","path":"/","compare":"loose"}]`, "compare mode"},
		{"bad drift compare", `[{"name":"a","method":"GET","path":"/","drift_compare":"loose"}]`, "compare mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("Parse error %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	s := Step{
		Name: "x", Method: "POST", Path: "/v1/vhosts/{{vh}}/apps",
		Body:    json.RawMessage(`[{"name":"{{app}}","outputStreamName":"${OriginStreamName}","n":1.50}]`),
		Headers: map[string]string{"Origin": "http://{{vh}}.example.org"},
	}
	got, err := s.Expand(map[string]string{"vh": `t"1`, "app": "live"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != `/v1/vhosts/t"1/apps` || got.Headers["Origin"] != `http://t"1.example.org` {
		t.Errorf("path %q headers %v", got.Path, got.Headers)
	}
	var body []map[string]any
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("expanded body is not JSON: %v (%s)", err, got.Body)
	}
	if body[0]["name"] != "live" || body[0]["outputStreamName"] != "${OriginStreamName}" || !strings.Contains(string(got.Body), "1.50") {
		t.Errorf("body %s", got.Body)
	}
	if _, err := s.Expand(map[string]string{"vh": "v"}); !errors.Is(err, ErrUnboundVariable) || !strings.Contains(err.Error(), "app") {
		t.Errorf("unbound variable: %v", err)
	}
	plain := Step{Name: "p", Method: "POST", Path: "/", Body: json.RawMessage(`{"b":1, "a":2}`)}
	if got, _ := plain.Expand(nil); string(got.Body) != `{"b":1, "a":2}` {
		t.Errorf("a body without variables changed: %s", got.Body)
	}
	if vars := s.Vars(); !reflect.DeepEqual(vars, []string{"app", "vh"}) {
		t.Errorf("Vars() = %q", vars)
	}
}

func TestReadOnly(t *testing.T) {
	tests := []struct {
		step Step
		want bool
	}{
		{Step{Method: "GET", Path: "/v1/vhosts"}, true},
		{Step{Method: "OPTIONS", Path: "/v1/vhosts"}, true},
		{Step{Method: "POST", Path: "/v1/vhosts/d/apps/a:pushes"}, true},
		{Step{Method: "POST", Path: "/v1/vhosts/d/apps/a/streams/s:hlsDumps"}, true},
		{Step{Method: "POST", Path: "/v1/vhosts/d/apps/a:startPush"}, false},
		{Step{Method: "POST", Path: "/v1/vhosts", Auth: "bad"}, true},
		{Step{Method: "DELETE", Path: "/v1/vhosts/x"}, false},
		{Step{Publish: &Publish{}}, false},
	}
	for _, tt := range tests {
		if got := tt.step.ReadOnly(); got != tt.want {
			t.Errorf("ReadOnly(%s %s auth=%q) = %v", tt.step.Method, tt.step.Path, tt.step.Auth, got)
		}
	}
}

// fakeMedia records what the runner asked for.
type fakeMedia struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeMedia) Publish(_ context.Context, p Publish) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "publish "+p.Vhost+"/"+p.App+"/"+p.Stream)
	return nil
}

func (f *fakeMedia) Unpublish(_ context.Context, s StreamRef) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "unpublish "+s.Stream)
	return errors.New("gone already")
}

func (f *fakeMedia) SetReachable(_ context.Context, url string, ok bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "reachable "+url+" "+map[bool]string{true: "yes", false: "no"}[ok])
	return nil
}

func TestRunner(t *testing.T) {
	const token = "secret-token"
	var mu sync.Mutex
	var seen []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.EscapedPath()+" "+r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
		w.Header().Set("Vary", "Origin")
		w.Header().Set("X-Other", "not recorded")
		switch r.URL.Path {
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, "not json")
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_, _ = io.WriteString(w, `{"statusCode":200,"n":30.0}`)
		}
	}))
	defer hs.Close()
	sc, err := Parse([]byte(`{"vars":{"vh":"default"},"steps":[
		{"name":"get","method":"GET","path":"/v1/vhosts/{{vh}}/apps/a:b%20c"},
		{"name":"none","method":"GET","path":"/x","auth":"none"},
		{"name":"bad","method":"GET","path":"/x","auth":"bad"},
		{"name":"colon","method":"GET","path":"/x","auth":"colon"},
		{"name":"raw","method":"POST","path":"/x","raw":"[{\"name\":"},
		{"name":"bytes","method":"POST","path":"/x","raw_base64":"` + base64.StdEncoding.EncodeToString([]byte{'"', 0xff, '"'}) + `"},
		{"name":"text","method":"GET","path":"/text"},
		{"name":"empty","method":"OPTIONS","path":"/empty","auth":"none","headers":{"Origin":"http://a.example.org"}},
		{"name":"nap","sleep_ms":1},
		{"name":"pub","publish":{"vhost":"{{vh}}","app":"live","stream":"s","tracks":[{"type":"Video","codec":"H264"}]}},
		{"name":"unpub","unpublish":{"vhost":"{{vh}}","app":"live","stream":"s"}},
		{"name":"down","unreachable":"rtsp://192.0.2.1/x"},
		{"name":"wait","wait_for":{"path":"/y","status":200}}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	media := &fakeMedia{}
	var logged []string
	r := &Runner{BaseURL: hs.URL, Token: token, Media: media, Vars: map[string]string{"vh": "other"},
		Logf: func(f string, a ...any) { logged = append(logged, f) }}
	tr, err := r.Run(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	wantSeen := []string{
		"GET /v1/vhosts/other/apps/a:b%20c " + basic(token) + " ",
		"GET /x  ",
		"GET /x " + basic(BadToken) + " ",
		"GET /x " + basic(token+":") + " ",
		"POST /x " + basic(token) + ` [{"name":`,
		"POST /x " + basic(token) + " \"\xff\"",
		"GET /text " + basic(token) + " ",
		"OPTIONS /empty  ",
		"GET /y " + basic(token) + " ",
	}
	if !reflect.DeepEqual(seen, wantSeen) {
		t.Errorf("requests\n got %q\nwant %q", seen, wantSeen)
	}
	if want := []string{"publish other/live/s", "unpublish s", "reachable rtsp://192.0.2.1/x no"}; !reflect.DeepEqual(media.calls, want) {
		t.Errorf("media calls %q, want %q", media.calls, want)
	}
	names := []string{}
	for _, e := range tr {
		names = append(names, e.Name)
	}
	if want := []string{"get", "none", "bad", "colon", "raw", "bytes", "text", "empty", "pub", "unpub", "down", "wait"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("entries %q, want %q (sleeps leave none)", names, want)
	}
	get, _ := tr.ByName("get")
	if get.Status != 200 || string(get.Body) != `{"statusCode":200,"n":30.0}` || !reflect.DeepEqual(get.Headers, map[string]string{"Vary": "Origin"}) {
		t.Errorf("get entry %+v", get)
	}
	if e, _ := tr.ByName("raw"); e.RawRequest == nil || *e.RawRequest != `[{"name":` || e.Request != nil {
		t.Errorf("raw entry %+v", e)
	}
	if e, _ := tr.ByName("bytes"); e.RawRequestBase64 == "" || e.RawRequest != nil {
		t.Errorf("bytes entry %+v", e)
	}
	if e, _ := tr.ByName("text"); e.RawBody == nil || *e.RawBody != "not json" || e.Body != nil {
		t.Errorf("text entry %+v", e)
	}
	if e, _ := tr.ByName("empty"); e.Status != 204 || e.RawBody != nil || e.Body != nil {
		t.Errorf("empty entry %+v", e)
	}
	if e, _ := tr.ByName("unpub"); e.Method != MethodMedia || e.Error != "gone already" {
		t.Errorf("unpublish entry %+v", e)
	}
	if len(logged) != len(tr) {
		t.Errorf("%d log lines for %d entries", len(logged), len(tr))
	}
	data, err := tr.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), token) || strings.Contains(string(data), base64.StdEncoding.EncodeToString([]byte(token))) {
		t.Error("the transcript contains the token")
	}
	back, err := ParseTranscript(data)
	if err != nil {
		t.Fatal(err)
	}
	res := CompareTranscripts(sc, tr, back, false)
	if m, c, _ := res.Counts(); m != c || c != 8 {
		t.Errorf("a transcript compared with itself after a round trip: %d/%d", m, c)
	}
}

func TestRecordingsEmbedded(t *testing.T) {
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no recordings")
	}
	for _, r := range recs {
		if r.Transcript == nil {
			t.Errorf("%s: no transcript", r.Name)
			continue
		}
		if _, err := ParseServerConfig(r.ServerXML); err != nil {
			t.Errorf("%s: %v", r.Name, err)
		}
		// every request step was recorded, and nothing else
		for _, s := range r.Scenario.Steps {
			e, ok := r.Transcript.ByName(s.Name)
			if s.Kind() == KindRequest && (!ok || !e.IsRequest() || e.Error != "") {
				t.Errorf("%s: step %q has no good recorded answer", r.Name, s.Name)
			}
		}
		for _, e := range r.Transcript {
			if _, ok := stepByName(r.Scenario, e.Name); !ok {
				t.Errorf("%s: transcript entry %q is no step of the scenario", r.Name, e.Name)
			}
		}
		// a recording equals itself under the rules (they are deterministic)
		if res := CompareTranscripts(r.Scenario, r.Transcript, r.Transcript, false); true {
			if m, c, _ := res.Counts(); m != c {
				t.Errorf("%s: only %d/%d steps equal themselves", r.Name, m, c)
			}
		}
	}
}

func stepByName(sc *Scenario, name string) (*Step, bool) {
	for i := range sc.Steps {
		if sc.Steps[i].Name == name {
			return &sc.Steps[i], true
		}
	}
	return nil, false
}
