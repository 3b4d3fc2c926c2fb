package wire_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/omekit/omekit/internal/omeroutes"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/internal/wire"
	"github.com/omekit/omekit/openapi"
)

// routedTo is set by the recording middleware to the operation the strict handler dispatched to.
const routedHeader = "X-Routed-To"

// newRoutingServer builds the generated chi strict server with the request validator in front and
// a strict middleware that, instead of calling the (absent) implementation, answers 299 and names
// the operation it was dispatched to. It also returns the last decoded request object.
func newRoutingServer(t *testing.T) (http.Handler, *any) {
	t.Helper()
	swagger, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := omehttp.NewValidator(swagger)
	if err != nil {
		t.Fatal(err)
	}
	var last any
	record := func(_ wire.StrictHandlerFunc, operationID string) wire.StrictHandlerFunc {
		return func(_ context.Context, w http.ResponseWriter, _ *http.Request, request any) (any, error) {
			last = request
			w.Header().Set(routedHeader, operationID)
			w.WriteHeader(299)
			return nil, nil
		}
	}
	router := chi.NewRouter()
	router.NotFound(omehttp.ControllerNotFound)
	router.MethodNotAllowed(omehttp.ControllerNotFound)
	h := wire.HandlerWithOptions(wire.NewStrictHandler(nil, []wire.StrictMiddlewareFunc{record}), wire.ChiServerOptions{
		BaseRouter:  router,
		Middlewares: []wire.MiddlewareFunc{v.Middleware},
	})
	return h, &last
}

// fill substitutes sample names into a path template.
func fill(path string, names map[string]string) string {
	for k, v := range names {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return path
}

var sampleNames = map[string]string{"vhost": "default", "app": "app", "stream": "stream", "profile": "bypass"}

func TestEveryOperationRoutesToItsHandler(t *testing.T) {
	d, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, last := newRoutingServer(t)
	for _, r := range omeroutes.Routes {
		t.Run(r.OperationID, func(t *testing.T) {
			var body io.Reader
			if op := d.Paths.Value(r.Path).GetOperation(r.Method); op != nil && op.RequestBody != nil {
				b, err := json.Marshal(requestSample(t, op.RequestBody.Value))
				if err != nil {
					t.Fatal(err)
				}
				body = bytes.NewReader(b)
			}
			req := httptest.NewRequest(r.Method, fill(r.Path, sampleNames), body)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			// The strict server names operations by their Go name (GetSTTStatus for getSttStatus).
			if rec.Code != 299 || !strings.EqualFold(rec.Header().Get(routedHeader), r.OperationID) {
				t.Fatalf("%s %s: status %d, routed to %q, want %q; body %s", r.Method, req.URL.Path, rec.Code,
					rec.Header().Get(routedHeader), r.OperationID, rec.Body)
			}
			// The decoded request object carries the path parameters of this route.
			obj := reflect.ValueOf(*last)
			for name, want := range sampleNames {
				if !strings.Contains(r.Path, "{"+name+"}") {
					continue
				}
				f := obj.FieldByNameFunc(func(s string) bool { return strings.EqualFold(s, name) })
				if !f.IsValid() || f.String() != want {
					t.Errorf("request object %T: %s = %v, want %q", *last, name, f, want)
				}
			}
		})
	}
}

// TestNamesWithColons checks the names OME allows to contain ':' reach the right handler.
func TestNamesWithColons(t *testing.T) {
	h, last := newRoutingServer(t)
	tests := []struct {
		method, path, op, field, want string
	}{
		{"GET", "/v1/vhosts/default:x", "getVirtualHost", "Vhost", "default:x"},
		{"GET", "/v1/vhosts/default/apps/app/streams/live:1", "getStream", "Stream", "live:1"},
		{"DELETE", "/v1/vhosts/default/apps/app/streams/s1:sendEvent", "deleteStream", "Stream", "s1:sendEvent"},
		{"GET", "/v1/vhosts/default/apps/app/outputProfiles/p:1", "getOutputProfile", "Profile", "p:1"},
		{"GET", "/v1/stats/current/vhosts/default/apps/a:b", "getApplicationStats", "App", "a:b"},
		{"GET", "/v1/vhosts/default/apps/app:pushes", "listPushesDeprecated", "App", "app"},
		{"GET", "/v1/vhosts/default/apps/app:records", "listRecordsDeprecated", "App", "app"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if got := rec.Header().Get(routedHeader); !strings.EqualFold(got, tt.op) {
			t.Errorf("%s %s routed to %q (status %d, %s), want %s", tt.method, tt.path, got, rec.Code, rec.Body, tt.op)
			continue
		}
		if f := reflect.ValueOf(*last).FieldByName(tt.field); f.String() != tt.want {
			t.Errorf("%s %s: %s = %q, want %q", tt.method, tt.path, tt.field, f.String(), tt.want)
		}
	}
}

// TestUnroutableRequests checks requests OME has no route for never reach a handler and get OME's
// 404 "Controller not found" (OME never answers 405).
func TestUnroutableRequests(t *testing.T) {
	h, _ := newRoutingServer(t)
	for _, tt := range []struct{ method, path string }{
		{"GET", "/v1/vhosts/default/apps/app:bogus"},
		{"GET", "/v1/vhosts/default/apps/app:startPush"},
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
		{"GET", "/v1"},
		{"GET", "/"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, strings.NewReader("{}")))
		if got := rec.Header().Get(routedHeader); got != "" {
			t.Errorf("%s %s reached handler %s", tt.method, tt.path, got)
			continue
		}
		var e omehttp.Error
		if rec.Code != http.StatusNotFound || json.Unmarshal(rec.Body.Bytes(), &e) != nil ||
			e.Message != "[HTTP] Controller not found (404)" || e.StatusCode != 404 {
			t.Errorf("%s %s: %d %s, want 404 Controller not found", tt.method, tt.path, rec.Code, rec.Body)
		}
	}
}

func TestMalformedBodyIsOMEJSONError(t *testing.T) {
	h, _ := newRoutingServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/vhosts", strings.NewReader("[{")))
	var e omehttp.Error
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != 400 || !strings.HasPrefix(e.Message, "[HTTP] [JSON] * Line 1, Column ") {
		t.Errorf("got %d %s, want 400 with OME's [HTTP] [JSON] message", rec.Code, rec.Body)
	}
	if rec.Header().Get("Content-Type") != omehttp.ContentType {
		t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
	}
}

// requestSample returns the first example of the request body, or a minimal value built from
// its schema when the document gives none.
func requestSample(t *testing.T, rb *openapi3.RequestBody) any {
	t.Helper()
	mt := rb.Content.Get("application/json")
	if mt == nil {
		t.Fatalf("request body without application/json")
	}
	if mt.Example != nil {
		return mt.Example
	}
	if len(mt.Examples) > 0 {
		names := make([]string, 0, len(mt.Examples))
		for n := range mt.Examples {
			names = append(names, n)
		}
		sort.Strings(names)
		return mt.Examples[names[0]].Value.Value
	}
	return sampleOf(mt.Schema.Value, 0)
}

func sampleOf(s *openapi3.Schema, depth int) any {
	if depth > 20 {
		panic("schema too deep for a sample")
	}
	switch {
	case s.Example != nil:
		return s.Example
	case len(s.Enum) > 0:
		return s.Enum[0]
	case len(s.OneOf) > 0:
		return sampleOf(s.OneOf[0].Value, depth+1)
	case len(s.AnyOf) > 0:
		return sampleOf(s.AnyOf[0].Value, depth+1)
	case len(s.AllOf) > 0:
		out := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := sampleOf(sub.Value, depth+1).(map[string]any); ok {
				for k, v := range m {
					out[k] = v
				}
			}
		}
		return out
	}
	switch {
	case s.Type.Is("object"):
		out := map[string]any{}
		for _, name := range s.Required {
			out[name] = sampleOf(s.Properties[name].Value, depth+1)
		}
		return out
	case s.Type.Is("array"):
		n := int(s.MinItems)
		out := make([]any, n)
		for i := range out {
			out[i] = sampleOf(s.Items.Value, depth+1)
		}
		return out
	case s.Type.Is("string"):
		return "x"
	case s.Type.Is("integer"), s.Type.Is("number"):
		return 1
	case s.Type.Is("boolean"):
		return true
	case s.Type == nil || len(*s.Type) == 0:
		return nil // any value
	}
	panic(fmt.Sprintf("no sample for schema %+v", s))
}
