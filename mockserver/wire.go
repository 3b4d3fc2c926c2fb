package mockserver

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/internal/jsoncpp"
)

// call is one API request as the handlers see it: the path parameters, exactly as they appear in
// the request path (OME never percent-decodes one), and the body as OME's JSON reader parsed it:
// nil when there is none, else map[string]any, []any, string, bool or json.Number (see package
// jsoncpp for how a number's text tells an integer from a real).
type call struct {
	Vhost, App, Stream, Profile string
	Body                        any
}

// reply is a handler's successful answer: a status and a JSON body. The body is encoded with
// encoding/json (the generated wire types list their members in name order, and maps sort their
// keys, so members come out in jsoncpp's order); a []byte body is already encoded.
type reply struct {
	status int
	body   any
}

// envelope is OME's answer to every operation but the batch ones.
type envelope struct {
	Message    string `json:"message"`
	Response   any    `json:"response"`
	StatusCode int    `json:"statusCode"`
}

// okReply is a 200 envelope around v.
func okReply(v any) reply {
	return reply{http.StatusOK, envelope{Message: reasonPhrase(http.StatusOK), Response: v, StatusCode: http.StatusOK}}
}

// statusReply is OME's status-only answer, e.g. {"message":"OK","statusCode":200}.
func statusReply(status int) reply {
	return reply{status, omehttp.Error{Message: reasonPhrase(status), StatusCode: status}}
}

// batchReply is the bare array of a batch operation with OME's multi-status rule.
func batchReply(results any, codes []int) reply {
	return reply{multiStatus(codes), results}
}

// writeReply writes a handler's answer in OME's format.
func writeReply(w http.ResponseWriter, rep reply) {
	var out []byte
	if b, ok := rep.body.([]byte); ok {
		out = b
	} else {
		var err error
		if out, err = encodeJSON(rep.body); err != nil {
			writeError(w, err)
			return
		}
	}
	h := w.Header()
	h["Content-Type"] = contentTypeHeader
	h["Content-Length"] = []string{strconv.Itoa(len(out))}
	w.WriteHeader(rep.status)
	_, _ = w.Write(out)
}

// encodeJSON encodes v compactly, without encoding/json's HTML escaping (jsoncpp has none).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decodeJSON decodes stored JSON (configurations kept by the mock) keeping numbers exact.
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

// parseBody reads a request body the way OME does (jsoncpp, see package jsoncpp); no body is
// JSON null. A syntax error is OME's 400 "[HTTP] [JSON] <jsoncpp's text> (400)".
func parseBody(raw []byte) (any, error) {
	v, err := jsoncpp.Parse(raw)
	if err == nil {
		return v, nil
	}
	if se, ok := err.(*jsoncpp.SyntaxError); ok {
		if len(raw) == 0 {
			return nil, nil // no body at all: OME's handlers see null
		}
		return nil, httpErr(http.StatusBadRequest, "[JSON] %s", se.Message)
	}
	// jsoncpp throws for nesting past its stack limit; OME answers an escaping exception with
	// 500 and its bare text.
	return nil, rawErr(http.StatusInternalServerError, err.Error())
}

// omeEpoch is an unset OME time point: the epoch in the server's time zone.
func omeEpoch(loc *time.Location) time.Time { return time.Unix(0, 0).In(loc) }

// omeMaxTime is std::chrono::system_clock::time_point::max() (nanosecond ticks), which OME
// writes as the end of a program that never ends.
func omeMaxTime(loc *time.Location) time.Time { return time.Unix(0, math.MaxInt64).In(loc) }
