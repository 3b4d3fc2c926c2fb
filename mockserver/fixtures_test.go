package mockserver

// Server.xml fixtures and what a real OvenMediaEngine 0.21.0 answered for them.
//
// Every directory under testdata/serverxml holds a Server.xml (with the files it includes) and
// ome-0.21.0.json, the answers OME gave on it. TestFixtures replays each recorded request against
// the mock started on the same files and compares the answers. TestFixturesAgainstOME, which runs
// only when OME_ORACLE_DIR names a directory holding OME's run-ome.sh (absolute, or relative to
// the module root), starts the real server on each fixture, sends the same requests and compares
// its answers with the recording (or, with OMEKIT_RECORD_FIXTURES=1, writes the recording).

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	fixturesDir      = "testdata/serverxml"
	fixtureRecording = "ome-0.21.0.json"
	fixtureServer    = "OvenMediaEngine 0.21.0"
)

// fixtureCase says how a fixture is started and probed.
type fixtureCase struct {
	name string
	// env is the environment OME ran with, besides FIX_DATA_DIR (a scratch directory) and
	// FIX_CONF_DIR (the absolute path of the fixture's directory).
	env     map[string]string
	apiPort int    // where OME's API listens on this fixture
	token   string // the access token OME reads from it ("" when OME refuses to start)
	// badTokens are further tokens to try, each of which OME must refuse.
	badTokens []string
	// origins are sent as Origin with an OPTIONS and a GET of /v1/vhosts.
	origins []string
	// headers are extra response headers worth recording for those requests (CrossDomains <Header>).
	headers []string
	// extra requests, sent after the walk through every vhost, app and output profile.
	extra []fixtureExchange
}

var fixtureCases = []fixtureCase{
	{
		name: "origin",
		env: map[string]string{
			"FIX_TENANT_B":       "tenant-beta",
			"FIX_TENANT_A_ALIAS": "alias.tenant-a.example",
		},
		apiPort: 28501,
		token:   "origin-fixture-token",
		badTokens: []string{
			"retired-token", // commented out in Server.xml
			"${env:FIX_ACCESS_TOKEN:origin-fixture-token}",
			"origin-fixture-token:",
		},
		origins: []string{"http://player.example.org", "https://admin.example.net", "http://admin.example.net"},
		headers: []string{"X-Fixture"},
		extra: []fixtureExchange{
			// Lookups go by the substituted name, never by the text as written.
			{Method: "GET", Path: "/v1/vhosts/tenant-b"},
			{Method: "GET", Path: "/v1/vhosts/$%7Benv:FIX_TENANT_B:tenant-b%7D"},
			{Method: "GET", Path: "/v1/vhosts/tenant-beta/apps/vod-like"},
			{Method: "GET", Path: "/v1/vhosts/default/apps/transcode/outputProfiles/$%7Benv:FIX_AUDIO_PROFILE:audio_only%7D"},
			{Method: "GET", Path: "/v1/vhosts/default/apps/nope"},
			{Method: "POST", Path: "/v1/vhosts/tenant-a/apps", Body: json.RawMessage(`[{"name":"new","type":"live"}]`)},
		},
	},
	{
		name:    "edge",
		apiPort: 28541,
		token:   "edge-fixture-token",
		origins: []string{"http://player.example.org"},
		extra: []fixtureExchange{
			// The dynamic-application template is not an application.
			{Method: "GET", Path: "/v1/vhosts/default/apps/*"},
			{Method: "GET", Path: "/v1/vhosts/default/apps/%2A"},
		},
	},
	{
		name:      "rules",
		apiPort:   28551,
		token:     "\n\t\t\t\trules-token\n\t\t\t",
		badTokens: []string{"rules-token"},
		extra: []fixtureExchange{
			{Method: "GET", Path: "/v1/vhosts/vh12"},
			{Method: "GET", Path: "/v1/vhosts/ignored"},
			{Method: "GET", Path: "/v1/vhosts/rules/apps/ignored"},
			{Method: "GET", Path: "/v1/vhosts/site/apps/decoy"},
			{Method: "GET", Path: "/v1/vhosts/%20padded%20"},
		},
	},
	{name: "default", apiPort: 28571, token: "ome-access-token"},
	{name: "keytable", apiPort: 28581, token: "keytable-token"},
	{name: "mpegts", apiPort: 28595, token: "mpegts-token"},
	{name: "vhosts-include", apiPort: 28521, token: "vhosts-include-token"},
	{name: "reject-bad-stream-port", apiPort: 28561},
	{name: "reject-duplicate-vhost", apiPort: 28561},
	{name: "reject-empty-env-port", apiPort: 28561, env: map[string]string{"FIX_API_PORT": ""}},
	{name: "reject-include-missing-dir", apiPort: 28561},
	{name: "reject-included-wrong-root", apiPort: 28561},
	{name: "reject-item-include-many", apiPort: 28561},
	{name: "reject-item-include-none", apiPort: 28561},
	{name: "reject-no-token", apiPort: 28561},
	{name: "reject-subtitle-element", apiPort: 28561},
	{name: "reject-type-with-spaces", apiPort: 28561},
	{name: "reject-unknown-element", apiPort: 28561},
}

// fixtureRecordingFile is the content of ome-0.21.0.json.
type fixtureRecordingFile struct {
	Server string            `json:"server"`
	Env    map[string]string `json:"env,omitempty"`
	// Starts is false when OME refused to start on the fixture; Error is then the reason it logged
	// (with the configuration directory written as <conf>).
	Starts    bool              `json:"starts"`
	Error     string            `json:"error,omitempty"`
	Token     string            `json:"token,omitempty"`
	Exchanges []fixtureExchange `json:"exchanges,omitempty"`
}

// fixtureExchange is one request and the answer it got.
type fixtureExchange struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	// Auth is "" for the fixture's token, "none" for no Authorization header, or "token:" and a
	// token to send instead.
	Auth   string          `json:"auth,omitempty"`
	Origin string          `json:"origin,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`

	Status       int               `json:"status"`
	Headers      map[string]string `json:"headers,omitempty"` // CORS headers, when Origin was sent
	ResponseBody json.RawMessage   `json:"response"`
}

func (ex fixtureExchange) String() string {
	s := ex.Method + " " + ex.Path
	if ex.Auth != "" {
		s += " [auth " + ex.Auth + "]"
	}
	if ex.Origin != "" {
		s += " [Origin " + ex.Origin + "]"
	}
	return s
}

// corsHeaderNames are the answer headers recorded for a request that sends Origin.
var corsHeaderNames = []string{
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Vary",
}

// fixtureSender sends the request of ex and returns ex completed with the answer.
type fixtureSender func(ex fixtureExchange) (fixtureExchange, error)

// planFixture sends the requests recorded for a fixture: the vhost list (also with no and with
// wrong credentials, and with Origin headers), every vhost, app and output profile reachable
// from it, the case's extra requests, the certificate reloads and a DELETE of every vhost.
func planFixture(fc fixtureCase, send fixtureSender) ([]fixtureExchange, error) {
	var out []fixtureExchange
	do := func(ex fixtureExchange) (fixtureExchange, error) {
		got, err := send(ex)
		if err != nil {
			return got, fmt.Errorf("%s: %w", ex, err)
		}
		out = append(out, got)
		return got, nil
	}
	names := func(ex fixtureExchange) ([]string, error) {
		got, err := do(ex)
		if err != nil {
			return nil, err
		}
		var env struct {
			Response []string `json:"response"`
		}
		if got.Status != http.StatusOK {
			return nil, nil
		}
		if err := json.Unmarshal(got.ResponseBody, &env); err != nil {
			return nil, fmt.Errorf("%s: %w", ex, err)
		}
		sort.Strings(env.Response)
		return env.Response, nil
	}

	vhosts, err := names(fixtureExchange{Method: "GET", Path: "/v1/vhosts"})
	if err != nil {
		return nil, err
	}
	probes := []fixtureExchange{{Method: "GET", Path: "/v1/vhosts", Auth: "none"}}
	for _, tok := range fc.badTokens {
		probes = append(probes, fixtureExchange{Method: "GET", Path: "/v1/vhosts", Auth: "token:" + tok})
	}
	for _, o := range fc.origins {
		probes = append(probes,
			fixtureExchange{Method: "OPTIONS", Path: "/v1/vhosts", Auth: "none", Origin: o},
			fixtureExchange{Method: "GET", Path: "/v1/vhosts", Origin: o})
	}
	for _, p := range probes {
		if _, err := do(p); err != nil {
			return nil, err
		}
	}
	for _, vh := range vhosts {
		vpath := "/v1/vhosts/" + url.PathEscape(vh)
		if _, err := do(fixtureExchange{Method: "GET", Path: vpath}); err != nil {
			return nil, err
		}
		apps, err := names(fixtureExchange{Method: "GET", Path: vpath + "/apps"})
		if err != nil {
			return nil, err
		}
		for _, app := range apps {
			apath := vpath + "/apps/" + url.PathEscape(app)
			if _, err := do(fixtureExchange{Method: "GET", Path: apath}); err != nil {
				return nil, err
			}
			profiles, err := names(fixtureExchange{Method: "GET", Path: apath + "/outputProfiles"})
			if err != nil {
				return nil, err
			}
			for _, p := range profiles {
				if _, err := do(fixtureExchange{Method: "GET", Path: apath + "/outputProfiles/" + url.PathEscape(p)}); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, ex := range fc.extra {
		if _, err := do(ex); err != nil {
			return nil, err
		}
	}
	tail := []fixtureExchange{
		{Method: "POST", Path: "/v1/vhosts:reloadAllCertificates"},
		{Method: "POST", Path: "/v1/managers/api:reloadCertificate"},
	}
	for _, vh := range vhosts {
		tail = append(tail, fixtureExchange{Method: "POST", Path: "/v1/vhosts/" + url.PathEscape(vh) + ":reloadCertificate"})
	}
	for _, vh := range vhosts {
		tail = append(tail, fixtureExchange{Method: "DELETE", Path: "/v1/vhosts/" + url.PathEscape(vh)})
	}
	for _, ex := range tail {
		if _, err := do(ex); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// authHeader returns the Authorization header value for ex ("" for none).
// setHeaders gives req the exchange's credentials (token being the access token) and, for an
// exchange with an Origin, that header, with the method a preflight asks for.
func (ex fixtureExchange) setHeaders(req *http.Request, token string) {
	if a := ex.authHeader(token); a != "" {
		req.Header.Set("Authorization", a)
	}
	if ex.Origin != "" {
		req.Header.Set("Origin", ex.Origin)
		if ex.Method == http.MethodOptions {
			req.Header.Set("Access-Control-Request-Method", "GET")
		}
	}
}

func (ex fixtureExchange) authHeader(token string) string {
	switch {
	case ex.Auth == "none":
		return ""
	case strings.HasPrefix(ex.Auth, "token:"):
		token = strings.TrimPrefix(ex.Auth, "token:")
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(token))
}

// completeExchange fills the answer part of ex from a response.
func completeExchange(ex fixtureExchange, status int, header http.Header, body []byte, extraHeaders []string) fixtureExchange {
	ex.Status = status
	ex.Headers = nil
	if ex.Origin != "" {
		for _, name := range append(slices.Clone(corsHeaderNames), extraHeaders...) {
			if v := header.Values(name); len(v) > 0 {
				if ex.Headers == nil {
					ex.Headers = map[string]string{}
				}
				ex.Headers[name] = strings.Join(v, ", ")
			}
		}
	}
	switch {
	case len(body) == 0:
		ex.ResponseBody = nil
	case json.Valid(body):
		ex.ResponseBody = slices.Clone(body)
	default:
		raw, _ := json.Marshal(string(body)) // not JSON: kept as a JSON string
		ex.ResponseBody = raw
	}
	return ex
}

// isNameList reports whether ex lists names (vhosts, apps, output profiles), whose order OME
// does not define.
func isNameList(ex fixtureExchange) bool {
	if ex.Method != "GET" {
		return false
	}
	p := ex.Path
	return p == "/v1/vhosts" || strings.HasSuffix(p, "/apps") || strings.HasSuffix(p, "/outputProfiles")
}

// normalizedJSON decodes a body for comparison: numbers by value, and for name lists the
// response array sorted.
func normalizedJSON(raw json.RawMessage, nameList bool) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil { // float64: numbers compare by value
		return nil, err
	}
	if m, ok := v.(map[string]any); ok && nameList {
		if list, ok := m["response"].([]any); ok {
			sorted := slices.Clone(list)
			sort.SliceStable(sorted, func(i, j int) bool { return fmt.Sprint(sorted[i]) < fmt.Sprint(sorted[j]) })
			m["response"] = sorted
		}
	}
	return v, nil
}

// difference is one way an answer differs from OME's: where is "status", "headers", "body" or
// the JSON path of a member of the body ("$.response.name").
type difference struct{ where, what string }

func (d difference) String() string { return d.where + ": " + d.what }

// diffExchange lists how got differs from want (nothing when they agree).
func diffExchange(want, got fixtureExchange) []difference {
	var diffs []difference
	if got.Status != want.Status {
		diffs = append(diffs, difference{"status", fmt.Sprintf("%d, want %d", got.Status, want.Status)})
	}
	nameList := isNameList(want)
	w, werr := normalizedJSON(want.ResponseBody, nameList)
	g, gerr := normalizedJSON(got.ResponseBody, nameList)
	switch {
	case werr != nil || gerr != nil:
		diffs = append(diffs, difference{"body", fmt.Sprintf("%s, want %s", got.ResponseBody, want.ResponseBody)})
	case !reflect.DeepEqual(w, g):
		diffs = jsonDiff("$", w, g, diffs)
	}
	if want.Origin != "" && !reflect.DeepEqual(got.Headers, want.Headers) {
		diffs = append(diffs, difference{"headers", fmt.Sprintf("%v, want %v", got.Headers, want.Headers)})
	}
	return diffs
}

// jsonDiff appends where got differs from want (at most twenty places).
func jsonDiff(path string, want, got any, out []difference) []difference {
	if len(out) >= 20 {
		return out
	}
	compact := func(v any) string {
		b, _ := json.Marshal(v)
		if len(b) > 200 {
			return string(b[:200]) + "…"
		}
		return string(b)
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			wv, wok := w[k]
			gv, gok := g[k]
			switch {
			case !gok:
				out = append(out, difference{path + "." + k, "missing, want " + compact(wv)})
			case !wok:
				out = append(out, difference{path + "." + k, compact(gv) + ", not in OME's answer"})
			default:
				out = jsonDiff(path+"."+k, wv, gv, out)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			break
		}
		for i := range w {
			out = jsonDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], out)
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		out = append(out, difference{path, compact(got) + ", want " + compact(want)})
	}
	return out
}

// readFixtureRecording reads the recording of a fixture.
func readFixtureRecording(t *testing.T, name string) fixtureRecordingFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixturesDir, name, fixtureRecording))
	if err != nil {
		t.Fatalf("recording of fixture %s: %v", name, err)
	}
	var rec fixtureRecordingFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		t.Fatalf("recording of fixture %s: %v", name, err)
	}
	if rec.Server != fixtureServer {
		t.Fatalf("recording of fixture %s was made with %q, want %q", name, rec.Server, fixtureServer)
	}
	return rec
}

// fixtureEnv is the environment a fixture was recorded with.
func fixtureEnv(name string) map[string]string {
	for _, fc := range fixtureCases {
		if fc.name == name {
			return fc.env
		}
	}
	panic("no fixture case " + name)
}

// fixtureAnswer returns the "response" member of OME's recorded answer to the first
// request with that method and path.
func fixtureAnswer(t *testing.T, name, method, path string) json.RawMessage {
	t.Helper()
	for _, ex := range readFixtureRecording(t, name).Exchanges {
		if ex.Method == method && ex.Path == path && ex.Auth == "" && ex.Origin == "" {
			var env struct {
				Response json.RawMessage `json:"response"`
			}
			if err := json.Unmarshal(ex.ResponseBody, &env); err != nil {
				t.Fatalf("recording of %s, %s %s: %v", name, method, path, err)
			}
			return env.Response
		}
	}
	t.Fatalf("no recorded answer to %s %s in fixture %s", method, path, name)
	return nil
}

// fixtureLookup resolves ${env:...} for a fixture: FIX_CONF_DIR is the fixture's directory,
// every other name is looked up in env only, so that the machine's environment cannot change a
// fixture.
func fixtureLookup(name string, env map[string]string) func(string) (string, bool) {
	dir, err := filepath.Abs(filepath.Join(fixturesDir, name))
	if err != nil {
		panic(err)
	}
	return func(name string) (string, bool) {
		if name == "FIX_CONF_DIR" {
			return dir, true
		}
		v, ok := env[name]
		return v, ok
	}
}

// TestFixtureCasesCoverTestdata keeps the table and the fixture directories in step.
func TestFixtureCasesCoverTestdata(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs, cases []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	for _, fc := range fixtureCases {
		cases = append(cases, fc.name)
	}
	sort.Strings(cases)
	if !reflect.DeepEqual(dirs, cases) {
		t.Errorf("fixture directories %q, cases %q", dirs, cases)
	}
}

// TestFixtures starts the mock on every fixture and compares its answers with OME's.
func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, fc := range fixtureCases {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			rec := readFixtureRecording(t, fc.name)
			if !reflect.DeepEqual(rec.Env, fc.env) {
				t.Fatalf("recorded with env %v, the case says %v", rec.Env, fc.env)
			}
			dir := filepath.Join(fixturesDir, fc.name)
			opts := []Option{WithConfigFile(dir), WithEnv(fixtureLookup(fc.name, rec.Env))}
			if !rec.Starts {
				if _, err := New(opts...); err == nil {
					t.Fatalf("the mock starts on %s; OME refuses: %s", dir, rec.Error)
				}
				return
			}
			if rec.Token != fc.token {
				t.Fatalf("recorded token differs from the case's")
			}
			h := newHarness(t, opts...)
			if h.tok != rec.Token {
				t.Errorf("the mock reads another access token than OME")
			}
			agree := 0
			for _, want := range rec.Exchanges {
				got := h.fixtureSend(want, rec.Token, fc.headers)
				diffs := diffExchange(want, got)
				var where []string
				for _, d := range diffs {
					where = append(where, d.where)
				}
				known, isKnown := knownFixtureDivergences[fc.name+" "+want.Method+" "+want.Path]
				switch {
				case len(diffs) == 0 && isKnown:
					t.Errorf("%s: the mock now answers as OME; remove it from knownFixtureDivergences (%s)", want, known.reason)
				case isKnown && slices.Equal(where, known.where):
				case len(diffs) > 0:
					t.Errorf("%s: %v", want, diffs)
				default:
					agree++
				}
			}
			t.Logf("%d of %d answers as OME's", agree, len(rec.Exchanges))
		})
	}
}

// knownFixtureDivergences are answers of the mock known to differ from OME's, keyed by
// "fixture METHOD path": why, and exactly where they differ (see difference). An entry fails the
// test once the mock agrees, or when it differs somewhere else too.
var knownFixtureDivergences = map[string]fixtureDivergence{}

type fixtureDivergence struct {
	reason string
	where  []string
}

// fixtureSend sends ex to the mock in-process.
func (h *harness) fixtureSend(ex fixtureExchange, token string, extraHeaders []string) fixtureExchange {
	h.t.Helper()
	var body any
	if ex.Body != nil {
		body = []byte(ex.Body)
	}
	req := h.request(ex.Method, ex.Path, body)
	ex.setHeaders(req, token)
	res := h.send(req)
	return completeExchange(ex, res.Status, res.Header, res.Body, extraHeaders)
}

// ---- the real OvenMediaEngine ----------------------------------------------------------------------

// TestFixturesAgainstOME starts the real OME on every fixture and checks that it still answers
// as recorded; with OMEKIT_RECORD_FIXTURES=1 it writes the recordings instead. It needs
// OME_ORACLE_DIR, a directory holding run-ome.sh (run-ome.sh CONF_DIR runs OME 0.21.0 in the
// foreground on CONF_DIR/Server.xml).
func TestFixturesAgainstOME(t *testing.T) {
	script := oracleScript(t)
	record := os.Getenv("OMEKIT_RECORD_FIXTURES") == "1"
	for _, fc := range fixtureCases { // one at a time: fixtures share ports
		t.Run(fc.name, func(t *testing.T) {
			got := recordFixture(t, script, fc)
			path := filepath.Join(fixturesDir, fc.name, fixtureRecording)
			if record {
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "\t")
				if err := enc.Encode(got); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s (%d exchanges)", path, len(got.Exchanges))
				return
			}
			want := readFixtureRecording(t, fc.name)
			if got.Starts != want.Starts || got.Error != want.Error || got.Token != want.Token || !reflect.DeepEqual(got.Env, want.Env) {
				t.Fatalf("OME: starts %v (%q), recorded: starts %v (%q)", got.Starts, got.Error, want.Starts, want.Error)
			}
			if len(got.Exchanges) != len(want.Exchanges) {
				t.Errorf("OME answered %d requests, %d recorded", len(got.Exchanges), len(want.Exchanges))
			}
			for i := range min(len(got.Exchanges), len(want.Exchanges)) {
				if got.Exchanges[i].String() != want.Exchanges[i].String() {
					t.Fatalf("request %d is %s, recorded %s", i, got.Exchanges[i], want.Exchanges[i])
				}
				if d := diffExchange(want.Exchanges[i], got.Exchanges[i]); len(d) > 0 {
					t.Errorf("%s: %v", want.Exchanges[i], d)
				}
			}
		})
	}
}

// omeLogLine matches an error or critical line of OME's log and captures its text.
var omeLogLine = regexp.MustCompile(`\] [EC] \[[^]]*\] [^|]*\|[^|]*\| +(.*)$`)

// recordFixture runs OME on a copy of the fixture and plays the plan against it.
func recordFixture(t *testing.T, script string, fc fixtureCase) fixtureRecordingFile {
	t.Helper()
	rec := fixtureRecordingFile{Server: fixtureServer, Env: fc.env}
	tmp := t.TempDir()
	conf := filepath.Join(tmp, "conf")
	if err := os.CopyFS(conf, os.DirFS(filepath.Join(fixturesDir, fc.name))); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(conf, fixtureRecording)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	data := filepath.Join(tmp, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(fc.apiPort))
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("%s is already in use", addr)
	}
	out, err := os.Create(filepath.Join(tmp, "ome.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(script, conf)
	cmd.Env = append(os.Environ(), "FIX_DATA_DIR="+data, "FIX_CONF_DIR="+conf, "OME_LOG_DIR="+filepath.Join(tmp, "logs"))
	for k, v := range fc.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			rec.Error = omeStartError(t, filepath.Join(tmp, "logs"), conf)
			return rec
		case <-time.After(200 * time.Millisecond):
		}
		if res, err := http.Get(base + "/v1/version"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("OME's API did not answer on %s within 30 s", addr)
		}
	}
	defer stop()
	rec.Starts, rec.Token = true, fc.token
	client := &http.Client{Timeout: 10 * time.Second}
	send := func(ex fixtureExchange) (fixtureExchange, error) {
		var body io.Reader
		if ex.Body != nil {
			body = bytes.NewReader(ex.Body)
		}
		req, err := http.NewRequestWithContext(context.Background(), ex.Method, base, body)
		if err != nil {
			return ex, err
		}
		req.URL.Opaque = ex.Path // sent exactly as written
		ex.setHeaders(req, fc.token)
		res, err := client.Do(req)
		if err != nil {
			return ex, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return ex, err
		}
		return completeExchange(ex, res.StatusCode, res.Header, b, fc.headers), nil
	}
	if rec.Exchanges, err = planFixture(fc, send); err != nil {
		t.Fatal(err)
	}
	return rec
}

// omeStartError returns the first error OME logged, with the configuration directory replaced by
// <conf>.
func omeStartError(t *testing.T, logDir, conf string) string {
	t.Helper()
	logs, _ := filepath.Glob(filepath.Join(logDir, "*.log"))
	for _, l := range logs {
		data, err := os.ReadFile(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if m := omeLogLine.FindStringSubmatch(line); m != nil {
				return strings.ReplaceAll(strings.TrimSpace(m[1]), conf, "<conf>")
			}
		}
	}
	t.Fatalf("OME exited without logging an error (logs in %s)", logDir)
	return ""
}
