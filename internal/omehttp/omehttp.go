// Package omehttp holds what every handler that speaks OME's REST dialect needs: OME's response
// content type, its error envelope and message decoration, and the 404 it answers for every
// unknown path, action or method.
package omehttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// ContentType is the Content-Type of every JSON response OME sends.
const ContentType = "application/json;charset=UTF-8"

// Error is OME's error body (and status-only body): {"message":…,"statusCode":…}.
type Error struct {
	Message    string `json:"message"`
	StatusCode int    `json:"statusCode"`
}

// HTTPMessage decorates text the way OME decorates an error raised by a handler:
// "[HTTP] <text> (<code>)".
func HTTPMessage(code int, text string) string {
	return "[HTTP] " + text + " (" + strconv.Itoa(code) + ")"
}

// WriteJSON writes v as compact JSON with OME's content type and the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(Error{Message: err.Error(), StatusCode: status})
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// WriteError writes {"message":message,"statusCode":status}. The message is written as given: use
// HTTPMessage for handler errors.
func WriteError(w http.ResponseWriter, status int, message string) {
	WriteJSON(w, status, Error{Message: message, StatusCode: status})
}

// ControllerNotFound answers what OME answers for any path, action or method it has no route for:
// 404 "[HTTP] Controller not found (404)". OME never answers 405.
func ControllerNotFound(w http.ResponseWriter, _ *http.Request) {
	WriteError(w, http.StatusNotFound, HTTPMessage(http.StatusNotFound, "Controller not found"))
}

// JSONSyntaxMessage builds the message OME gives for a request body that is not valid JSON. OME
// reports its JSON parser's text, which names the line and column of the problem; this mirrors
// that layout: "[HTTP] [JSON] * Line L, Column C\n  Syntax error: <what>\n (400)".
func JSONSyntaxMessage(body []byte, err error) string {
	offset := int64(len(body))
	what := "value, object or array expected."
	var se *json.SyntaxError
	if errors.As(err, &se) {
		offset = se.Offset
		what = se.Error()
	} else if err != nil {
		what = err.Error()
	}
	if se == nil || !strings.HasPrefix(se.Error(), "unexpected end") {
		offset-- // SyntaxError.Offset counts the bad byte itself; at the end, point past the input
	}
	line, col := lineColumn(body, offset)
	return fmt.Sprintf("[HTTP] [JSON] * Line %d, Column %d\n  Syntax error: %s\n (400)", line, col, what)
}

func lineColumn(b []byte, offset int64) (line, col int) {
	if offset > int64(len(b)) {
		offset = int64(len(b))
	}
	if offset < 0 {
		offset = 0
	}
	line, col = 1, 1
	for _, c := range b[:offset] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
