package omehttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/go-chi/chi/v5"
)

// FailureKind says why a request failed validation.
type FailureKind int

const (
	// NoRoute: the path parameters break OME's character classes (e.g. "app:bogus" where an
	// application name cannot contain ':'), so OME has no route for the request.
	NoRoute FailureKind = iota + 1
	// MalformedJSON: the body is not valid JSON.
	MalformedJSON
	// InvalidBody: the body is JSON but does not match the operation's request schema.
	InvalidBody
	// TooLarge: the body is larger than the validator accepts.
	TooLarge
)

// Failure describes a request the Validator rejected.
type Failure struct {
	Kind        FailureKind
	OperationID string // empty for NoRoute when no operation matched
	Body        []byte // the request body as read (MalformedJSON, InvalidBody)
	Err         error
}

func (f *Failure) Error() string { return fmt.Sprintf("%s: %v", f.OperationID, f.Err) }

// ErrorFunc writes the response for a rejected request.
type ErrorFunc func(w http.ResponseWriter, r *http.Request, f *Failure)

// Validator checks requests against the OpenAPI document: the mock server's strict mode
// (mockserver.WithStrictRequests). It is a chi middleware that must run after chi has matched the
// route (pass it in the generated ChiServerOptions.Middlewares): it finds the operation from chi's
// route pattern, so validation and routing can never disagree.
type Validator struct {
	doc     *openapi3.T
	routes  map[string]*routers.Route // "METHOD /path/{template}"
	maxBody int64
	onError ErrorFunc
	opts    *openapi3filter.Options
}

// ValidatorOption configures a Validator.
type ValidatorOption func(*Validator)

// WithMaxBodyBytes bounds the request body the validator reads (default 4 MiB).
func WithMaxBodyBytes(n int64) ValidatorOption { return func(v *Validator) { v.maxBody = n } }

// WithErrorFunc replaces DefaultErrorFunc.
func WithErrorFunc(f ErrorFunc) ValidatorOption { return func(v *Validator) { v.onError = f } }

// NewValidator prepares a Validator for doc.
func NewValidator(doc *openapi3.T, opts ...ValidatorOption) (*Validator, error) {
	if doc == nil || doc.Paths == nil {
		return nil, errors.New("omehttp: nil OpenAPI document")
	}
	v := &Validator{
		doc:     doc,
		routes:  map[string]*routers.Route{},
		maxBody: 4 << 20,
		onError: DefaultErrorFunc,
		opts: &openapi3filter.Options{
			// Authentication is OME's own Basic check, done before routing.
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true,
		},
	}
	for _, o := range opts {
		o(v)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			v.routes[method+" "+path] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return v, nil
}

// Middleware validates the request, then calls next with the body restored.
func (v *Validator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rctx := chi.RouteContext(r.Context())
		if rctx == nil {
			next.ServeHTTP(w, r)
			return
		}
		route := v.routes[r.Method+" "+rctx.RoutePattern()]
		if route == nil {
			// HEAD reaches GET routes, as in OME.
			route = v.routes[http.MethodGet+" "+rctx.RoutePattern()]
		}
		if route == nil {
			v.onError(w, r, &Failure{Kind: NoRoute, Err: errors.New("no operation for " + r.Method + " " + rctx.RoutePattern())})
			return
		}
		if f := v.Check(r.Context(), r, route, rctx); f != nil {
			v.onError(w, r, f)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Check validates r against route and, when it passes, leaves r.Body readable again.
func (v *Validator) Check(ctx context.Context, r *http.Request, route *routers.Route, rctx *chi.Context) *Failure {
	opID := route.Operation.OperationID
	params := make(map[string]string, len(rctx.URLParams.Keys))
	for i, k := range rctx.URLParams.Keys {
		params[k] = rctx.URLParams.Values[i]
	}
	var body []byte
	if r.Body != nil && route.Operation.RequestBody != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, v.maxBody+1))
		_ = r.Body.Close()
		if err != nil {
			return &Failure{Kind: MalformedJSON, OperationID: opID, Err: err}
		}
		if int64(len(b)) > v.maxBody {
			return &Failure{Kind: TooLarge, OperationID: opID, Err: fmt.Errorf("request body larger than %d bytes", v.maxBody)}
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if len(bytes.TrimSpace(body)) > 0 {
		var any json.RawMessage
		if err := json.Unmarshal(body, &any); err != nil {
			return &Failure{Kind: MalformedJSON, OperationID: opID, Body: body, Err: err}
		}
	}
	vr := r
	if route.Operation.RequestBody != nil {
		// OME reads every body as JSON whatever its Content-Type, and an empty body as null.
		vr = r.Clone(ctx)
		vr.Header = r.Header.Clone()
		vr.Header.Set("Content-Type", "application/json")
		if len(bytes.TrimSpace(body)) == 0 {
			body = nil
		}
		vr.Body = io.NopCloser(bytes.NewReader(body))
		vr.ContentLength = int64(len(body))
	}
	err := openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request:    vr,
		PathParams: params,
		Route:      route,
		Options:    v.opts,
	})
	if err == nil {
		if route.Operation.RequestBody != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		return nil
	}
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.Parameter != nil && re.Parameter.In == openapi3.ParameterInPath {
		return &Failure{Kind: NoRoute, OperationID: opID, Err: err}
	}
	return &Failure{Kind: InvalidBody, OperationID: opID, Body: body, Err: err}
}

// DefaultErrorFunc answers a rejected request in OME's format: 404 "Controller not found" when OME
// would have no route, OME's JSON syntax message for a malformed body, and a 400 naming the first
// schema violation otherwise.
func DefaultErrorFunc(w http.ResponseWriter, r *http.Request, f *Failure) {
	switch f.Kind {
	case NoRoute:
		ControllerNotFound(w, r)
	case MalformedJSON:
		WriteError(w, http.StatusBadRequest, JSONSyntaxMessage(f.Body, f.Err))
	case TooLarge:
		WriteError(w, http.StatusRequestEntityTooLarge, HTTPMessage(http.StatusRequestEntityTooLarge, "Request body is too large"))
	default:
		WriteError(w, http.StatusBadRequest, HTTPMessage(http.StatusBadRequest, "Invalid request body: "+SchemaReason(f.Err)))
	}
}

// SchemaReason shortens a kin-openapi validation error to its first line, without the
// "request body has an error:" preamble.
func SchemaReason(err error) string {
	msg := err.Error()
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.Err != nil {
		msg = re.Err.Error()
		var se *openapi3.SchemaError
		if errors.As(re.Err, &se) {
			msg = se.Reason
			if p := se.JSONPointer(); len(p) > 0 {
				msg = "/" + strings.Join(p, "/") + ": " + msg
			}
		}
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
