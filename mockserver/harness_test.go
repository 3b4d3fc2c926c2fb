package mockserver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/omekit/omekit/internal/omehttp"
)

// harness drives a mock in-process and checks every response it sends against the spec: a
// response whose status is not declared for the operation, or whose body does not match, fails
// the test. Responses that never reached an operation (401, OPTIONS, unroutable 404) must be
// OME's error envelope or the empty 204.
type harness struct {
	t   testing.TB
	s   *Server
	h   http.Handler
	tok string
}

func newHarness(t testing.TB, opts ...Option) *harness {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &harness{t: t, s: s, h: s.Handler(), tok: s.Token()}
}

// response is what a request got back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Message returns the "message" of an OME envelope.
func (r response) Message() string {
	var e struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Message
}

func (r response) String() string { return string(r.Body) }

// do sends an authenticated request; body may be nil, a string (sent as is) or a value to encode.
func (h *harness) do(method, path string, body any) response {
	h.t.Helper()
	req := h.request(method, path, body)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(h.tok)))
	return h.send(req)
}

func (h *harness) request(method, path string, body any) *http.Request {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(enc)
	}
	return httptest.NewRequest(method, path, rd)
}

// send serves req and validates the response against the spec.
func (h *harness) send(req *http.Request) response {
	h.t.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	seen := &routed{}
	req = req.WithContext(context.WithValue(req.Context(), routedKey{}, seen))
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	h.check(req, reqBody, specRoute(h.t, seen), res)
	return res
}

// routeInfo is the operation of the document a request was routed to, for response validation.
type routeInfo struct {
	Route      *routers.Route
	PathParams map[string]string
}

// specRoute finds the document's operation for what the mock routed to (nil Route when the
// request reached no operation).
func specRoute(t testing.TB, seen *routed) *routeInfo {
	t.Helper()
	info := &routeInfo{}
	if seen.operationID == "" {
		return info
	}
	spec, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == seen.operationID {
				info.Route = &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op}
			}
		}
	}
	info.PathParams = map[string]string{}
	for _, name := range []string{"vhost", "app", "stream", "profile"} {
		if strings.Contains(info.Route.Path, "{"+name+"}") {
			info.PathParams[name] = seen.call.param(name)
		}
	}
	return info
}

func (h *harness) check(req *http.Request, reqBody []byte, info *routeInfo, res response) {
	h.t.Helper()
	if res.Status == http.StatusNoContent {
		if len(res.Body) != 0 {
			h.t.Errorf("%s %s: 204 with a body", req.Method, req.URL.Path)
		}
		return
	}
	if ct := res.Header.Get("Content-Type"); ct != omehttp.ContentType {
		h.t.Errorf("%s %s: Content-Type %q, want %q", req.Method, req.URL.Path, ct, omehttp.ContentType)
	}
	// 413 is the mock's own bound on bodies (OME has none), so it is not in the spec.
	if info.Route == nil || strings.HasPrefix(req.URL.Path, ControlPrefix) || res.Status == http.StatusRequestEntityTooLarge {
		var e omehttp.Error
		if err := json.Unmarshal(res.Body, &e); err != nil || e.StatusCode != res.Status || e.Message == "" {
			h.t.Errorf("%s %s: %d %s is not OME's error envelope", req.Method, req.URL.Path, res.Status, res.Body)
		}
		return
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: info.PathParams, Route: info.Route, Options: opts},
		Status:                 res.Status,
		Header:                 http.Header{"Content-Type": {"application/json"}},
		Body:                   io.NopCloser(bytes.NewReader(res.Body)),
		Options:                opts,
	})
	if err != nil {
		h.t.Errorf("%s %s (%s): response %d does not match the spec: %v\nbody: %s", req.Method, req.URL.Path,
			info.Route.Operation.OperationID, res.Status, err, res.Body)
	}
	var env struct {
		StatusCode *int `json:"statusCode"`
	}
	if json.Unmarshal(res.Body, &env) == nil && env.StatusCode != nil && *env.StatusCode != res.Status {
		h.t.Errorf("%s %s: envelope statusCode %d differs from HTTP status %d", req.Method, req.URL.Path, *env.StatusCode, res.Status)
	}
}

// expect asserts status and, when msg is not empty, the envelope message.
func expect(t testing.TB, r response, status int, msg string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	if msg != "" && r.Message() != msg {
		t.Fatalf("message %q, want %q", r.Message(), msg)
	}
}
