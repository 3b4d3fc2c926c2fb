package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/internal/omehttp"
)

// bodyErrorFunc turns a request body the spec rejects into OME's own answer for that
// operation. It returns nil when it has nothing more specific than the generic 400.
type bodyErrorFunc func(body []byte, err error) *omeError

// bodyShapes is what OME answers when an operation's body is missing or of the wrong JSON type
// (ome-api-core.md §1.12, ome-api-streams.md §0.7).
var bodyShapes = map[string]struct {
	kind byte // '[' array, '{' object
	err  func() *omeError
}{
	"createVirtualHosts":     {'[', func() *omeError { return httpErr(400, "Request body must be an array") }},
	"createApplications":     {'[', func() *omeError { return httpErr(400, "Request body must be an array") }},
	"createOutputProfiles":   {'[', func() *omeError { return httpErr(400, "Request body must be an array") }},
	"patchApplication":       {'{', func() *omeError { return httpErr(400, "Request body must be an object") }},
	"patchOutputProfile":     {'{', func() *omeError { return httpErr(400, "Request body must be an object") }},
	"createStream":           {'{', func() *omeError { return httpErr(400, "Request body must be an object") }},
	"sendEvents":             {'[', func() *omeError { return httpErr(400, "events(array) is required") }},
	"createScheduledChannel": {'{', func() *omeError { return httpErr(400, "Invalid request body") }},
	"patchScheduledChannel":  {'{', func() *omeError { return httpErr(400, "Invalid request body") }},
	"createMultiplexChannel": {'{', func() *omeError { return httpErr(400, "Invalid request body") }},
}

// jsoncppTypeError is what OME answers (500, bare text) when a handler that expects an object is
// given another JSON type: jsoncpp throws on the member lookup.
func jsoncppTypeError() *omeError {
	return rawErr(http.StatusInternalServerError, "in Json::Value::find(begin, end): requires objectValue or nullValue")
}

// bodyError maps a rejected body of operation opID to OME's answer.
func bodyError(opID string, body []byte, err error) *omeError {
	trimmed := bytes.TrimSpace(body)
	first := byte(0)
	if len(trimmed) > 0 && string(trimmed) != "null" { // OME reads no body, and null, as null
		first = trimmed[0]
	}
	if shape, ok := bodyShapes[opID]; ok {
		if first != shape.kind {
			return shape.err()
		}
	} else if first != 0 && first != '{' {
		// Every other body-taking handler reads members of an object.
		return jsoncppTypeError()
	}
	for _, table := range []map[string]bodyErrorFunc{configBodyErrors, streamBodyErrors, jobBodyErrors, channelBodyErrors} {
		if f := table[opID]; f != nil {
			if e := f(body, err); e != nil {
				return e
			}
		}
	}
	return httpErr(http.StatusBadRequest, "Invalid request body: %s", omehttp.SchemaReason(err))
}

// lookupError resolves the request's virtual host, application and stream the way OME's route
// wrapper does before any handler looks at the body, so a request with both a bad body and a
// missing resource gets OME's 404, not a 400.
func (s *Server) lookupError(r *http.Request) error {
	rctx := chi.RouteContext(r.Context())
	if rctx == nil {
		return nil
	}
	vh, app, st := rctx.URLParam("vhost"), rctx.URLParam("app"), rctx.URLParam("stream")
	pattern := rctx.RoutePattern()
	return s.st.view(func() error {
		var err error
		switch {
		case app == "" && vh != "" && strings.Contains(pattern, "{vhost}"):
			_, err = s.st.findVhost(vh)
		case st != "" && strings.Contains(pattern, "/streams/{stream}"):
			_, err = s.st.findStream(vh, app, st)
		case app != "":
			_, err = s.st.findApp(vh, app)
		}
		return err
	})
}

// decodeFailure answers a body the generated strict handler could not decode into its type.
func (s *Server) decodeFailure(w http.ResponseWriter, r *http.Request, err error) {
	if lerr := s.lookupError(r); lerr != nil {
		writeError(w, lerr)
		return
	}
	opID := s.operationFor(r)
	writeError(w, bodyError(opID, omehttp.RawBody(r.Context()), err))
}

// operationFor finds the operationId of the route chi matched.
func (s *Server) operationFor(r *http.Request) string {
	rctx := chi.RouteContext(r.Context())
	if rctx == nil {
		return ""
	}
	return s.ops[r.Method+" "+rctx.RoutePattern()]
}

// isJSONArray reports whether raw is a JSON array.
func isJSONArray(raw []byte) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '[' && json.Valid(t)
}

// decodeJSON decodes a request body (or stored JSON) keeping numbers exact, as jsoncpp reads
// them; an empty body is null, as in OME.
func decodeJSON(raw []byte) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}
