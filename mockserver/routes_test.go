package mockserver

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/internal/omeroutes"
)

// route sends a request to a fresh mock and reports which operation it reached (if any) with
// which parameters, and the answer.
func route(t *testing.T, s *Server, method, path, body string) (*routed, *httptest.ResponseRecorder) {
	t.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, nil)
	if rd != nil {
		req = httptest.NewRequest(method, path, rd)
	}
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(s.Token())))
	seen := &routed{}
	req = req.WithContext(context.WithValue(req.Context(), routedKey{}, seen))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return seen, rec
}

func newRouteMock(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var sampleNames = map[string]string{"vhost": "default", "app": "app", "stream": "stream", "profile": "bypass"}

// Every operation of OME's route table reaches the handler of the same operation, with the path
// parameters of its route.
func TestEveryOperationRoutesToItsHandler(t *testing.T) {
	t.Parallel()
	s := newRouteMock(t)
	if n := len(s.ops) - len(extraOperations); len(omeroutes.Routes) != 55 || n != 55 {
		t.Fatalf("%d routes in OME's table, %d operations in the document; want 55", len(omeroutes.Routes), n)
	}
	for _, r := range omeroutes.Routes {
		path := r.Path
		for k, v := range sampleNames {
			path = strings.ReplaceAll(path, "{"+k+"}", v)
		}
		seen, rec := route(t, s, r.Method, path, "")
		if seen.operationID != r.OperationID {
			t.Errorf("%s %s reached %q (%d %s), want %s", r.Method, path, seen.operationID, rec.Code, rec.Body, r.OperationID)
			continue
		}
		for name, want := range sampleNames {
			if strings.Contains(r.Path, "{"+name+"}") && seen.call.param(name) != want {
				t.Errorf("%s: %s = %q, want %q", r.OperationID, name, seen.call.param(name), want)
			}
		}
	}
}

// Names OME allows to contain ':' reach the right handler, and no name is percent-decoded.
func TestRouteParameters(t *testing.T) {
	t.Parallel()
	s := newRouteMock(t)
	for _, tt := range []struct{ method, path, op, param, want string }{
		{"GET", "/v1/vhosts/default:x", "getVirtualHost", "vhost", "default:x"},
		{"GET", "/v1/vhosts/default/apps/app/streams/live:1", "getStream", "stream", "live:1"},
		{"POST", "/v1/vhosts/default/apps/app/streams/cam:1:sendEvent", "sendEvent", "stream", "cam:1"},
		{"DELETE", "/v1/vhosts/default/apps/app/streams/s1:sendEvent", "deleteStream", "stream", "s1:sendEvent"},
		{"GET", "/v1/vhosts/default/apps/app/outputProfiles/p:1", "getOutputProfile", "profile", "p:1"},
		{"GET", "/v1/stats/current/vhosts/default/apps/a:b", "getApplicationStats", "app", "a:b"},
		{"GET", "/v1/vhosts/default/apps/app:pushes", "listPushesDeprecated", "app", "app"},
		{"GET", "/v1/vhosts/default/apps/app:records", "listRecordsDeprecated", "app", "app"},
		{"GET", "/v1/vhosts/my%20host", "getVirtualHost", "vhost", "my%20host"},
		{"GET", "/v1/vhosts/default/apps/app/streams/cam%3A1", "getStream", "stream", "cam%3A1"},
		{"GET", "/v1/vhosts//apps", "listApplications", "vhost", ""},
		{"GET", "/v1/vhosts/", "getVirtualHost", "vhost", ""},
		{"GET", "/v1/vhosts/default/apps/", "getApplication", "app", ""},
		{"GET", "/v1/vhosts/default/apps/app/multiplexChannels/", "getMultiplexChannel", "stream", ""},
		{"GET", "/v1/vhosts:", "x-vhostsDummyAction", "vhost", ""},
		{"POST", "/v1/vhosts/nope:reloadAllCertificates", "x-reloadAllCertificatesOfVhost", "vhost", "nope"},
		{"GET", "/v1/vhosts/default/apps/app:", "x-appDummyAction", "app", "app"},
	} {
		seen, rec := route(t, s, tt.method, tt.path, "")
		if seen.operationID != tt.op || seen.call.param(tt.param) != tt.want {
			t.Errorf("%s %s reached %q with %s %q (%d %s); want %s with %q", tt.method, tt.path, seen.operationID, tt.param,
				seen.call.param(tt.param), rec.Code, rec.Body, tt.op, tt.want)
		}
	}
}

// Requests OME has no route for never reach a handler and get OME's 404 "Controller not found"
// (OME never answers 405).
func TestUnroutableRequests(t *testing.T) {
	t.Parallel()
	s := newRouteMock(t)
	for _, tt := range []struct{ method, path string }{
		{"GET", "/v1/vhosts/default/apps/app:bogus"},
		{"GET", "/v1/vhosts/default/apps/app:startPush"},
		{"POST", "/v1/vhosts/default/apps/a:b:startPush"},
		{"PUT", "/v1/vhosts"},
		{"PATCH", "/v1/vhosts/default"},
		{"DELETE", "/v1/vhosts"},
		{"POST", "/v1/vhosts/default/apps/app:startrecord"},
		{"POST", "/v1/vhosts/default/apps/app:unknownAction"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s:unknownAction"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s"},
		{"PUT", "/v1/vhosts/default/apps/app/outputProfiles/x"},
		{"PATCH", "/v1/vhosts/default/apps/app/multiplexChannels/x"},
		{"GET", "/v1/stats/current/vhosts"},
		{"GET", "/v1/managers/api"},
		{"POST", "/v1/vhosts/default:bogus"},
		{"POST", "/v1/vhosts/a:b:reloadCertificate"},
		{"GET", "/v1"},
		{"GET", "/v1/"},
		{"GET", "/v1/vhosts/default/"},
		{"POST", "/v1/vhosts/"},
		{"GET", "/v1/managers/api:"},
		{"GET", "/"},
	} {
		seen, rec := route(t, s, tt.method, tt.path, "{}")
		if seen.operationID != "" && rec.Code != http.StatusNotFound {
			t.Errorf("%s %s reached handler %s", tt.method, tt.path, seen.operationID)
			continue
		}
		var e omehttp.Error
		if rec.Code != http.StatusNotFound || json.Unmarshal(rec.Body.Bytes(), &e) != nil ||
			e.Message != "[HTTP] Controller not found (404)" || e.StatusCode != 404 {
			t.Errorf("%s %s: %d %s, want 404 Controller not found", tt.method, tt.path, rec.Code, rec.Body)
		}
	}
}

// A malformed body is refused with jsoncpp's message before any lookup (OME parses the body
// first), and a body jsoncpp accepts but encoding/json does not is read.
func TestBodyParsing(t *testing.T) {
	t.Parallel()
	s := newRouteMock(t)
	for _, tt := range []struct {
		path, body string
		status     int
		msg        string
	}{
		{"/v1/vhosts", `[{"name":`, 400, "[HTTP] [JSON] * Line 1, Column 10\n  Syntax error: value, object or array expected.\n (400)"},
		{"/v1/vhosts/nope/apps", `[{`, 400, "[HTTP] [JSON] * Line 1, Column 3\n  Missing '}' or object member name\n (400)"},
		{"/v1/vhosts/nope/apps", `[]`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		// Comments, a trailing comma and trailing garbage are fine for jsoncpp.
		{"/v1/vhosts", "/* two */ [{\"name\":\"a\",}, {\"name\":\"b\"},] trailing", 200, ""},
		{"/v1/vhosts", strings.Repeat("[", 1001), 500, "Exceeded stackLimit in readValue()."},
	} {
		_, rec := route(t, s, http.MethodPost, tt.path, tt.body)
		var e omehttp.Error
		_ = json.Unmarshal(rec.Body.Bytes(), &e)
		if rec.Code != tt.status || (tt.msg != "" && e.Message != tt.msg) {
			t.Errorf("POST %s %.40q: %d %s, want %d %q", tt.path, tt.body, rec.Code, rec.Body, tt.status, tt.msg)
		}
	}
}

// Strict mode validates requests against the document first and names the offending member;
// without it the mock reads bodies as leniently as OME does.
func TestStrictRequests(t *testing.T) {
	t.Parallel()
	const push = `{"id":"p","stream":{"name":"s","tracks":null},"protocol":"rtmp","url":"rtmp://h/app","streamKey":"k"}`
	lenient := newRouteMock(t)
	if _, rec := route(t, lenient, http.MethodPost, "/v1/vhosts/default/apps/app:startPush", push); rec.Code != http.StatusOK {
		t.Errorf("lenient: %d %s, want 200 as OME answers", rec.Code, rec.Body)
	}
	strict := newRouteMock(t, WithStrictRequests())
	_, rec := route(t, strict, http.MethodPost, "/v1/vhosts/default/apps/app:startPush", push)
	var e omehttp.Error
	if json.Unmarshal(rec.Body.Bytes(), &e) != nil || rec.Code != http.StatusBadRequest || !strings.Contains(e.Message, "/stream/tracks") {
		t.Errorf("strict: %d %s, want 400 naming /stream/tracks", rec.Code, rec.Body)
	}
	// A request the document allows is answered as usual in strict mode.
	if _, rec := route(t, strict, http.MethodGet, "/v1/vhosts/default/apps/app", ""); rec.Code != http.StatusOK {
		t.Errorf("strict GET app: %d %s", rec.Code, rec.Body)
	}
	// Strict mode never lets an unroutable request through either.
	if _, rec := route(t, strict, http.MethodGet, "/v1/vhosts/default/apps/app:bogus", ""); rec.Code != http.StatusNotFound {
		t.Errorf("strict app:bogus: %d %s", rec.Code, rec.Body)
	}
}
