package sdk

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Sentinel errors for errors.Is. Every *APIError matches the one of its status code;
// ErrReadOnly and ErrProviderDisabled tell the two kinds of 403 apart.
var (
	ErrBadRequest   = errors.New("ome: bad request")
	ErrUnauthorized = errors.New("ome: unauthorized")
	ErrForbidden    = errors.New("ome: forbidden")
	ErrNotFound     = errors.New("ome: not found")
	ErrConflict     = errors.New("ome: conflict")
	ErrServer       = errors.New("ome: server error")
	// ErrReadOnly: the virtual host was declared in Server.xml, so OME refuses to change anything
	// in it (vhost, its applications, their output profiles).
	ErrReadOnly = errors.New("ome: virtual host is read-only (declared in Server.xml)")
	// ErrProviderDisabled: a scheduled or multiplex channel call on an application whose
	// Schedule or Multiplex provider is not enabled.
	ErrProviderDisabled = errors.New("ome: the provider this call needs is not enabled for the application")
)

// APIError is a non-2xx answer of the API.
type APIError struct {
	StatusCode int
	// Message is OME's message without its decoration ("[HTTP] " prefix and " (404)" suffix).
	Message string
	// RawMessage is the message exactly as OME sent it.
	RawMessage string
	Method     string
	URL        string // without credentials or query
}

func (e *APIError) Error() string {
	return fmt.Sprintf("ome: %s %s: %d %s", e.Method, e.URL, e.StatusCode, e.Message)
}

// Is makes errors.Is work with the sentinel errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrServer:
		return e.StatusCode >= 500
	case ErrReadOnly:
		return e.StatusCode == http.StatusForbidden && strings.Contains(e.Message, "is read-only")
	case ErrProviderDisabled:
		return e.StatusCode == http.StatusForbidden && e.RawMessage == "Forbidden"
	}
	return false
}

var decoration = regexp.MustCompile(`(?s)^\[HTTP\] (.*?)\s*\(\d{3}\)$`)

// StripMessage removes OME's decoration from a message: "[HTTP] text (404)" becomes "text" and
// "[Config] text" becomes "text"; other messages are returned as they are.
func StripMessage(msg string) string {
	if m := decoration.FindStringSubmatch(msg); m != nil {
		msg = m[1]
	}
	return strings.TrimPrefix(msg, "[Config] ")
}

func newAPIError(res *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: res.StatusCode, Method: res.Request.Method, URL: redact(res.Request.URL)}
	var env struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &env) == nil && env.Message != "" {
		e.RawMessage = env.Message
	} else {
		e.RawMessage = strings.TrimSpace(string(body))
		if e.RawMessage == "" {
			e.RawMessage = http.StatusText(res.StatusCode)
		}
	}
	e.Message = StripMessage(e.RawMessage)
	return e
}

// Errors of answers that are not what OME sends (a proxy in the way, another server, a bug):
// errors.Is matches them on a *ResponseError.
var (
	// ErrUnexpectedResponse: an answer whose body is not what the operation returns: a 2xx
	// answer that is not a JSON object, or whose "response" is missing or null (null is
	// accepted only where OME sends it, see Stats.Server); for a batch call, a 2xx answer that
	// is not an array of results, or an array (whatever the status) with another number of
	// results than items sent.
	ErrUnexpectedResponse = errors.New("sdk: unexpected answer")
	// ErrResponseTooLarge: an answer larger than the SDK reads (64 MiB), whether its
	// Content-Length says so (then nothing is read) or its body runs past the limit.
	ErrResponseTooLarge = errors.New("sdk: answer too large")
)

// ResponseError is an answer the SDK cannot use (see ErrUnexpectedResponse and
// ErrResponseTooLarge). Nothing of the request may be assumed about the server's state.
type ResponseError struct {
	Method     string
	URL        string // without credentials or query
	StatusCode int
	Reason     string
	err        error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("sdk: %s %s: %d: %s", e.Method, e.URL, e.StatusCode, e.Reason)
}

// Unwrap returns the sentinel the error matches.
func (e *ResponseError) Unwrap() error { return e.err }
