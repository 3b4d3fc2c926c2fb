package mockserver

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/omekit/omekit/internal/omehttp"
)

// Sentinel categories of store errors. Every error the store returns is an *omeError that also
// matches one of these with errors.Is, so callers can branch on the kind of failure while the
// HTTP layer writes OME's exact message.
var (
	errNotFound = errors.New("not found")
	errReadOnly = errors.New("read-only")
	errConflict = errors.New("conflict")
	errInvalid  = errors.New("invalid")
	errInternal = errors.New("internal")
)

// omeError is an error as OME reports it: a status code and a message. Handler errors are
// decorated as "[HTTP] <text> (<code>)"; raw errors (config errors, bare 403s, per-item batch
// messages) keep their text as is.
type omeError struct {
	status int
	text   string
	raw    bool
	kind   error
}

func (e *omeError) Error() string { return e.message() }

func (e *omeError) Is(target error) bool { return target == e.kind }

// message is the top-level message OME writes for this error.
func (e *omeError) message() string {
	if e.raw {
		return e.text
	}
	return omehttp.HTTPMessage(e.status, e.text)
}

// itemMessage is the message OME writes for this error inside a batch result array: always the
// raw text, without decoration.
func (e *omeError) itemMessage() string { return e.text }

func kindOf(status int) error {
	switch status {
	case http.StatusNotFound:
		return errNotFound
	case http.StatusForbidden:
		return errReadOnly
	case http.StatusConflict:
		return errConflict
	case http.StatusBadRequest:
		return errInvalid
	}
	return errInternal
}

// httpErr is a handler error, decorated as OME decorates them.
func httpErr(status int, format string, args ...any) *omeError {
	return &omeError{status: status, text: fmt.Sprintf(format, args...), kind: kindOf(status)}
}

// rawErr is an error whose message OME writes verbatim.
func rawErr(status int, msg string) *omeError {
	return &omeError{status: status, text: msg, raw: true, kind: kindOf(status)}
}

// configErr is OME's configuration-validation error: 400 "[Config] <text>".
func configErr(text string) *omeError { return rawErr(http.StatusBadRequest, "[Config] "+text) }

// forbiddenStatus is the bare {"message":"Forbidden","statusCode":403} of the channel APIs.
func forbiddenStatus() *omeError { return rawErr(http.StatusForbidden, "Forbidden") }

func errVhostNotFound(vhost string) *omeError {
	return httpErr(http.StatusNotFound, "Could not find the virtual host: [%s]", vhost)
}

func errAppNotFound(vhost, app string) *omeError {
	return httpErr(http.StatusNotFound, "Could not find the application: [%s/%s]", vhost, app)
}

func errStreamNotFound(vhost, app, stream string) *omeError {
	return httpErr(http.StatusNotFound, "Could not find the stream: [%s/#%s#%s/%s]", vhost, vhost, app, stream)
}

func errReadOnlyVhost(vhost string) *omeError {
	return httpErr(http.StatusForbidden, "The VirtualHost is read-only: [%s]", vhost)
}

// writeError writes err in OME's format. Errors that are not *omeError are internal: OME answers
// an unexpected exception with 500 and its bare text.
func writeError(w http.ResponseWriter, err error) {
	var oe *omeError
	if errors.As(err, &oe) {
		omehttp.WriteError(w, oe.status, oe.message())
		return
	}
	omehttp.WriteError(w, http.StatusInternalServerError, err.Error())
}

// writeStatus writes OME's status-only body, e.g. {"message":"OK","statusCode":200}.
func writeStatus(w http.ResponseWriter, status int) {
	omehttp.WriteJSON(w, status, omehttp.Error{Message: reasonPhrase(status), StatusCode: status})
}

// reasonPhrase is OME's reason phrase for a status code.
func reasonPhrase(status int) string {
	switch status {
	case http.StatusMultiStatus:
		return "Multi Status"
	}
	return http.StatusText(status)
}
