package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/omekit/omekit/internal/scenario"
	"github.com/omekit/omekit/mockserver"
)

const testToken = "omecheck-test-token-7f3a"

// target is a mock OME for omecheck to check, optionally behind a middleware that changes its
// answers.
type target struct {
	URL   string
	Token string
	hooks *scenario.MockHooks
}

func newTarget(t *testing.T, wrap func(http.Handler) http.Handler) *target {
	t.Helper()
	srv, err := mockserver.New(mockserver.WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return &target{URL: hs.URL, Token: testToken, hooks: &scenario.MockHooks{BaseURL: hs.URL, Token: testToken}}
}

// publish makes a live stream appear on the target (through the mock's /_mock hook).
func (tg *target) publish(t *testing.T, vhost, app, stream string) {
	t.Helper()
	err := tg.hooks.Publish(context.Background(), scenario.Publish{Vhost: vhost, App: app, Stream: stream, Tracks: []scenario.Track{
		{Type: "Video", Codec: "H264", Width: 640, Height: 360, Framerate: 30, Bitrate: 800000},
		{Type: "Audio", Codec: "AAC", Samplerate: 48000, Channels: 2, Bitrate: 128000},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func (tg *target) vhosts(t *testing.T) []string {
	t.Helper()
	names, _, err := getNames(context.Background(), &scenario.Runner{BaseURL: tg.URL, Token: tg.Token}, "/v1/vhosts")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

type result struct {
	code           int
	stdout, stderr string
}

func runCheck(t *testing.T, ctx context.Context, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(ctx, args, &out, &errOut, func(k string) string { return env[k] })
	r := result{code, out.String(), errOut.String()}
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, testToken) {
			t.Errorf("omecheck printed the access token:\n%s", s)
		}
	}
	return r
}

func decodeReport(t *testing.T, s string) *report {
	t.Helper()
	var rep report
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		t.Fatalf("the -json report does not decode: %v\n%s", err, s)
	}
	return &rep
}

func TestAgainstTheMock(t *testing.T) {
	tg := newTarget(t, nil)
	tg.publish(t, "default", "app", "cam1")
	env := map[string]string{"OME_TOKEN": tg.Token}
	t.Run("read-only", func(t *testing.T) {
		r := runCheck(t, context.Background(), env, "-url", tg.URL, "-v")
		if r.code != exitClean || !strings.Contains(r.stdout, "result: no drift") {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, "default/app profile bypass_stream stream cam1") {
			t.Errorf("the stream was not discovered:\n%s", r.stdout)
		}
		if !strings.Contains(r.stderr, "GET    stream") {
			t.Errorf("-v logged no requests:\n%s", r.stderr)
		}
	})
	t.Run("write", func(t *testing.T) {
		r := runCheck(t, context.Background(), env, "-url", tg.URL, "-write", "-json")
		if r.code != exitClean {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		rep := decodeReport(t, r.stdout)
		s := rep.Summary
		if s.Drift || s.SpecViolations != 0 || s.MockDiffers != 0 || s.MockMatches < 100 || s.NotComparable != 0 {
			t.Errorf("summary %+v", s)
		}
		if !strings.HasPrefix(rep.WriteVhost, "omecheck-") || len(rep.Scenarios) != 2 {
			t.Errorf("write vhost %q, scenarios %v", rep.WriteVhost, rep.Scenarios)
		}
		for _, v := range tg.vhosts(t) {
			if strings.HasPrefix(v, "omecheck-") {
				t.Errorf("virtual host %s was left behind", v)
			}
		}
	})
}

// drift changes two answers of the mock: /v1/version gets a number where the document wants a
// string (a spec violation), and the application "app" says it is a "vod" application (valid,
// but not what the mock answers).
func drift(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var change func(map[string]any)
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v1/version":
			change = func(m map[string]any) { m["response"].(map[string]any)["version"] = 21 }
		case r.Method == http.MethodGet && r.URL.Path == "/v1/vhosts/default/apps/app":
			change = func(m map[string]any) { m["response"].(map[string]any)["type"] = "vod" }
		}
		if change == nil {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		change(body)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		_ = json.NewEncoder(w).Encode(body)
	})
}

func TestDriftIsCaught(t *testing.T) {
	tg := newTarget(t, drift)
	env := map[string]string{"OME_TOKEN": tg.Token}
	r := runCheck(t, context.Background(), env, "-url", tg.URL, "-json")
	if r.code != exitDrift {
		t.Fatalf("exit %d, want %d\n%s\n%s", r.code, exitDrift, r.stdout, r.stderr)
	}
	rep := decodeReport(t, r.stdout)
	var spec, differs *stepResult
	for i, st := range rep.Steps {
		switch {
		case st.Step == "version" && len(st.SpecErrors) > 0:
			spec = &rep.Steps[i]
		case st.Step == "app" && st.Mock == mockDiffers:
			differs = &rep.Steps[i]
		}
	}
	if spec == nil || !strings.Contains(strings.Join(spec.SpecErrors, " "), "version") {
		t.Errorf("the spec violation of /v1/version was not reported: %+v", spec)
	}
	if differs == nil || len(differs.Diffs) != 1 || differs.Diffs[0].Path != "body.response.type" ||
		differs.Diffs[0].Want != "live" || differs.Diffs[0].Got != "vod" {
		t.Errorf("the changed application type was not reported as a difference: %+v", differs)
	}
	// /v1/version differs from the mock too (the mock reports the server's gitVersion, but not a
	// version number 21), and the mock has no known gaps left.
	if rep.Summary.SpecViolations != 1 || rep.Summary.MockDiffers != 2 || rep.Summary.KnownGaps != 0 {
		t.Errorf("summary %+v", rep.Summary)
	}
	text := runCheck(t, context.Background(), env, "-url", tg.URL)
	for _, want := range []string{"Answers that break openapi/ome.yaml (1)", `"version": GET /v1/version -> 200`,
		"body.response.type: mock \"live\", server \"vod\"", "result: DRIFT"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("the text report lacks %q:\n%s", want, text.stdout)
		}
	}
}

func TestUsageAndConnectionErrors(t *testing.T) {
	tg := newTarget(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no url", map[string]string{"OME_TOKEN": testToken}, nil, "-url"},
		{"no token", nil, []string{"-url", tg.URL}, "no access token"},
		{"bad url", map[string]string{"OME_TOKEN": testToken}, []string{"-url", "ome:8081"}, "http://"},
		{"extra arguments", map[string]string{"OME_TOKEN": testToken}, []string{"-url", tg.URL, "x"}, "unexpected arguments"},
		{"missing token file", nil, []string{"-url", tg.URL, "-token-file", "/nonexistent/token"}, "token file"},
		{"nobody listening", map[string]string{"OME_TOKEN": testToken}, []string{"-url", closed}, "cannot reach"},
		{"wrong token", map[string]string{"OME_TOKEN": "not-" + testToken}, []string{"-url", tg.URL}, "refused the access token"},
		{"missing Server.xml", map[string]string{"OME_TOKEN": testToken}, []string{"-url", tg.URL, "-c", "/nonexistent/Server.xml"}, "starting the mock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCheck(t, context.Background(), tt.env, tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, tt.want)
			}
		})
	}
}

func TestTokenSources(t *testing.T) {
	tg := newTarget(t, nil)
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"flag": {"-url", tg.URL, "-token", testToken},
		"file": {"-url", tg.URL, "-token-file", file},
	} {
		t.Run(name, func(t *testing.T) {
			if r := runCheck(t, context.Background(), map[string]string{"OME_URL": "http://127.0.0.1:1"}, args...); r.code != exitClean {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
	t.Run("environment", func(t *testing.T) {
		if r := runCheck(t, context.Background(), map[string]string{"OME_URL": tg.URL, "OME_TOKEN": testToken}); r.code != exitClean {
			t.Errorf("exit %d\n%s", r.code, r.stderr)
		}
	})
}

// TestInterruptedWriteCleansUp cancels the run (as Ctrl-C does) in the middle of the write
// scenario and checks that omecheck still deletes the virtual hosts it created.
func TestInterruptedWriteCleansUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	var mu sync.Mutex
	created := 0
	tg := newTarget(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v1/vhosts" {
				mu.Lock()
				created++
				mu.Unlock()
			}
			if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/vhosts/omecheck-") && strings.HasSuffix(r.URL.Path, "/apps") {
				once.Do(cancel) // the first application created: interrupt
			}
			next.ServeHTTP(w, r)
		})
	})
	r := runCheck(t, ctx, map[string]string{"OME_TOKEN": tg.Token}, "-url", tg.URL, "-write")
	if r.code != exitUsage || !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if created == 0 {
		t.Fatal("the write scenario created nothing before the interruption")
	}
	for _, v := range tg.vhosts(t) {
		if strings.HasPrefix(v, "omecheck-") {
			t.Errorf("virtual host %s was left behind", v)
		}
	}
}
