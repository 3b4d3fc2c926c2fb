package sdk

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "tok-without-colon"

// fake serves canned answers and records what it received.
type fake struct {
	t        *testing.T
	srv      *httptest.Server
	calls    atomic.Int32
	lastAuth atomic.Value
	answer   func(n int, w http.ResponseWriter, r *http.Request)
}

func newFake(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *fake {
	f := &fake{t: t, answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(f.calls.Add(1))
		f.lastAuth.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		f.answer(n, w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func TestNewValidation(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"", "127.0.0.1:8081", "ftp://x", "http://", "http://user:pass@host", "://bad"} {
		if _, err := New(base); err == nil {
			t.Errorf("New(%q) accepted", base)
		} else if strings.Contains(err.Error(), "pass") {
			t.Errorf("New(%q) error leaks credentials: %v", base, err)
		}
	}
	for _, o := range []Option{WithAccessToken(""), WithHTTPClient(nil), WithUserAgent(" "), WithLogger(nil),
		WithRetry(RetryPolicy{MaxAttempts: 0}), WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Second, MaxBackoff: time.Millisecond})} {
		if _, err := New("http://127.0.0.1:1", o); err == nil {
			t.Error("invalid option accepted")
		}
	}
}

func TestAuthHeaderIsBase64OfWholeToken(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "tests/1" {
			t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
		}
		writeJSON(w, 200, `{"message":"OK","response":{"gitVersion":"v0.21.0","version":"0.21.0"},"statusCode":200}`)
	})
	c, err := New(f.srv.URL, WithAccessToken(testToken), WithUserAgent("tests/1"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Version.Get(context.Background())
	if err != nil || v.Version != "0.21.0" {
		t.Fatalf("Version.Get = %+v, %v", v, err)
	}
	if got, want := f.lastAuth.Load(), "Basic "+base64.StdEncoding.EncodeToString([]byte(testToken)); got != want {
		t.Errorf("Authorization %q, want %q", got, want)
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		body      string
		sentinels []error
		notIs     []error
		msg       string
	}{
		{404, `{"message":"[HTTP] Could not find the virtual host: [x] (404)","statusCode":404}`, []error{ErrNotFound}, []error{ErrForbidden}, "Could not find the virtual host: [x]"},
		{403, `{"message":"[HTTP] The VirtualHost is read-only: [default] (403)","statusCode":403}`, []error{ErrForbidden, ErrReadOnly}, []error{ErrProviderDisabled}, "The VirtualHost is read-only: [default]"},
		{403, `{"message":"Forbidden","statusCode":403}`, []error{ErrForbidden, ErrProviderDisabled}, []error{ErrReadOnly}, "Forbidden"},
		{401, `{"message":"[HTTP] Invalid credential (401)","statusCode":401}`, []error{ErrUnauthorized}, nil, "Invalid credential"},
		{409, `{"message":"[HTTP] Stream already exists (409)","statusCode":409}`, []error{ErrConflict}, nil, "Stream already exists"},
		{400, `{"message":"[Config] application.type is not optional","statusCode":400}`, []error{ErrBadRequest}, nil, "application.type is not optional"},
		{400, "{\"message\":\"[HTTP] [JSON] * Line 1, Column 1\\n  Syntax error: x\\n (400)\",\"statusCode\":400}", []error{ErrBadRequest}, nil, "[JSON] * Line 1, Column 1\n  Syntax error: x"},
		{502, `not json`, []error{ErrServer}, []error{ErrNotFound}, "not json"},
		{500, ``, []error{ErrServer}, nil, "Internal Server Error"},
	}
	for _, tt := range tests {
		f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, tt.status, tt.body) })
		c, _ := New(f.srv.URL+"/", WithAccessToken(testToken))
		_, err := c.VirtualHosts.Get(context.Background(), "x")
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%d: error %v is not an *APIError", tt.status, err)
		}
		if ae.StatusCode != tt.status || ae.Message != tt.msg || ae.Method != "GET" || !strings.HasSuffix(ae.URL, "/v1/vhosts/x") {
			t.Errorf("%d: %+v", tt.status, ae)
		}
		for _, s := range tt.sentinels {
			if !errors.Is(err, s) {
				t.Errorf("%d: errors.Is(err, %v) = false", tt.status, s)
			}
		}
		for _, s := range tt.notIs {
			if errors.Is(err, s) {
				t.Errorf("%d: errors.Is(err, %v) = true", tt.status, s)
			}
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), base64.StdEncoding.EncodeToString([]byte(testToken))) {
			t.Errorf("error text carries the credentials: %v", err)
		}
	}
}

func TestBatchResults(t *testing.T) {
	t.Parallel()
	answers := map[string]struct {
		status int
		body   string
	}{
		"all ok":   {200, `[{"message":"OK","response":{"name":"a"},"statusCode":200},{"message":"OK","response":{"name":"b"},"statusCode":200}]`},
		"mixed":    {207, `[{"message":"OK","response":{"name":"a"},"statusCode":200},{"message":"The virtual host already exists: [b]","statusCode":409}]`},
		"all fail": {409, `[{"message":"The virtual host already exists: [a]","statusCode":409},{"message":"The virtual host already exists: [b]","statusCode":409}]`},
		"whole":    {400, `{"message":"[HTTP] Request body must be an array (400)","statusCode":400}`},
	}
	for name, a := range answers {
		f := newFake(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			if r.Method != "POST" || r.URL.Path != "/v1/vhosts" {
				t.Errorf("%s %s", r.Method, r.URL.Path)
			}
			writeJSON(w, a.status, a.body)
		})
		c, _ := New(f.srv.URL, WithAccessToken(testToken))
		res, err := c.VirtualHosts.Create(context.Background(), VirtualHost{Name: "a"}, VirtualHost{Name: "b"})
		var be *BatchError
		var ae *APIError
		switch name {
		case "all ok":
			if err != nil || len(res) != 2 || res[1].Value.Name != "b" || len(Values(res)) != 2 {
				t.Errorf("%s: %v %+v", name, err, res)
			}
		case "mixed":
			if !errors.As(err, &be) || be.StatusCode != 207 || len(be.Failed) != 1 || be.Failed[0].Index != 1 || !errors.Is(err, ErrConflict) {
				t.Errorf("%s: %v", name, err)
			}
			if len(res) != 2 || !res[0].OK() || res[1].OK() || len(Values(res)) != 1 {
				t.Errorf("%s: results %+v", name, res)
			}
		case "all fail":
			if !errors.As(err, &be) || be.StatusCode != 409 || len(be.Failed) != 2 || errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %v", name, err)
			}
		case "whole":
			if !errors.As(err, &ae) || ae.Message != "Request body must be an array" || res != nil {
				t.Errorf("%s: %v %+v", name, err, res)
			}
		}
	}
}

func TestRetriesOnlySafeCalls(t *testing.T) {
	t.Parallel()
	var slept []time.Duration
	mk := func(f *fake) *Client {
		c, err := New(f.srv.URL, WithAccessToken(testToken), WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Second}))
		if err != nil {
			t.Fatal(err)
		}
		c.t.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
		return c
	}
	// A GET that fails twice with 503 (once with Retry-After) and then succeeds.
	f := newFake(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
		}
		if n < 3 {
			writeJSON(w, 503, `{"message":"busy","statusCode":503}`)
			return
		}
		writeJSON(w, 200, `{"message":"OK","response":["default"],"statusCode":200}`)
	})
	c := mk(f)
	names, err := c.VirtualHosts.List(context.Background())
	if err != nil || len(names) != 1 || f.calls.Load() != 3 {
		t.Fatalf("List = %v, %v after %d calls", names, err, f.calls.Load())
	}
	if len(slept) != 2 || slept[0] != time.Second || slept[1] > 2*time.Millisecond {
		t.Errorf("waits %v: want Retry-After's 1s, then jittered backoff ≤ 2ms", slept)
	}
	// An unsafe call is never retried.
	g := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 503, `{"message":"busy","statusCode":503}`)
	})
	c = mk(g)
	if err := c.VirtualHosts.Delete(context.Background(), "x"); !errors.Is(err, ErrServer) || g.calls.Load() != 1 {
		t.Errorf("DELETE: %v after %d calls, want one call", err, g.calls.Load())
	}
	// Retries give up after MaxAttempts with the last answer.
	g.calls.Store(0)
	if _, err := c.VirtualHosts.List(context.Background()); !errors.Is(err, ErrServer) || g.calls.Load() != 3 {
		t.Errorf("GET: %v after %d calls, want 3", err, g.calls.Load())
	}
}

func TestRetryHonoursContext(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 503, `{"message":"busy","statusCode":503}`)
	})
	c, _ := New(f.srv.URL, WithAccessToken(testToken), WithRetry(RetryPolicy{MaxAttempts: 10, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.VirtualHosts.List(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second || f.calls.Load() != 1 {
		t.Fatalf("err %v after %v and %d calls; want the context's error, promptly", err, time.Since(start), f.calls.Load())
	}
}

func TestSafeCallClassification(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{"/v1/vhosts/d/apps/a:pushes": true, "/v1/vhosts/d/apps/a:records": true,
		"/v1/vhosts/d/apps/a/streams/s:hlsDumps": true, "/v1/vhosts/d/apps/a/streams/s:sttStatus": true,
		"/v1/vhosts/d/apps/a:startPush": false, "/v1/vhosts": false, "/v1/vhosts/d/apps/a/streams/s:sendEvent": false} {
		r := httptest.NewRequest("POST", path, nil)
		if isSafe(r) != want {
			t.Errorf("POST %s safe = %v", path, !want)
		}
	}
}

func TestLogsCarryNoCredentials(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 401, `{"message":"[HTTP] Invalid credential (401)","statusCode":401}`)
	})
	c, _ := New(f.srv.URL, WithAccessToken(testToken), WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.Applications.List(context.Background(), "default")
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatal(err)
	}
	logs := buf.String()
	if !strings.Contains(logs, "status=401") {
		t.Errorf("request not logged: %s", logs)
	}
	for _, secret := range []string{testToken, base64.StdEncoding.EncodeToString([]byte(testToken)), "Authorization"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q: %s", secret, logs)
		}
	}
}
