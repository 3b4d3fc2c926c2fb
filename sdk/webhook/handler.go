package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// DefaultMaxBodyBytes bounds request bodies unless WithMaxBodyBytes says otherwise. OME's
// admission requests are well under 1 KiB and transcode requests a few KiB.
const DefaultMaxBodyBytes = 1 << 20

type config struct {
	maxBody     int64
	logger      *slog.Logger
	emptySecret bool
	maxAge      time.Duration // 0: no freshness check
	now         func() time.Time
}

// Option configures a handler.
type Option func(*config) error

// WithMaxBodyBytes sets the largest request body accepted (default DefaultMaxBodyBytes); larger
// ones are answered 413.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("webhook: max body bytes must be positive, got %d", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithLogger logs refused requests at warn level and failures of your function at error level
// (default: discard). The secret, the signature and the body are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("webhook: nil logger")
		}
		c.logger = l
		return nil
	}
}

// AllowEmptySecret accepts an empty secret. OME signs with the empty key when <SecretKey> is
// not set (the TranscodeWebhook's is optional), but such a signature proves nothing: anyone can
// compute it. Without this option an empty secret is an error.
func AllowEmptySecret() Option {
	return func(c *config) error {
		c.emptySecret = true
		return nil
	}
}

// WithMaxAge makes an admission handler refuse requests whose request.time is more than d
// before or after the handler's clock: they are answered 403 with a *StaleError's text as the
// reason, and your function is not called. Off by default. It applies to "opening" and
// "closing" requests alike (a replayed "closing" could end a session in your books).
//
// This is a limit that OME's protocol allows, not a guarantee. The signature proves that OME
// sent the body once, but the body has no nonce, so whoever captures a signed request can send
// it again; WithMaxAge only bounds when. It cannot prevent:
//   - replays inside the window: choose d as small as the clocks allow (OME's <Timeout> is 3 s
//     by default, so a request normally arrives within seconds of request.time);
//   - refusals caused by clock skew: OME stamps request.time with its own clock, so both hosts
//     need synchronised clocks (NTP), and d must cover the skew left;
//   - replays against another handler with the same secret and a wider or no window.
//
// Refusing requests from the future as well keeps a request stamped by a clock running ahead
// from staying replayable for longer than d. The TranscodeWebhook's request carries no time of
// sending (only stream.createdTime, when the stream was created), so NewTranscodeHandler refuses
// this option. See also CheckFreshness and WithClock.
func WithMaxAge(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("webhook: max age must be positive, got %v", d)
		}
		c.maxAge = d
		return nil
	}
}

// WithClock sets the clock WithMaxAge compares request.time with (default time.Now), for tests
// and for programs that keep their own notion of time.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("webhook: nil clock")
		}
		c.now = now
		return nil
	}
}

// StaleError is the refusal of an admission request whose request.time lies outside the window
// set with WithMaxAge. The handler answers it with status 403 and Error() as the reason, and
// logs it (as "err") at warn level.
type StaleError struct {
	Sent   time.Time     // request.time, as OME stamped it
	Now    time.Time     // the handler's clock when the request was checked
	MaxAge time.Duration // the window, either side of Now
}

func (e *StaleError) Error() string {
	if age := e.Now.Sub(e.Sent); age >= 0 {
		return fmt.Sprintf("stale request: request.time is %v before the control server's clock; at most %v is accepted", age, e.MaxAge)
	}
	return fmt.Sprintf("stale request: request.time is %v after the control server's clock; at most %v is accepted", e.Sent.Sub(e.Now), e.MaxAge)
}

// CheckFreshness returns a *StaleError when req's request.time is more than maxAge before or
// after now, and nil otherwise. It is the check WithMaxAge adds to an admission handler, for
// control servers that judge requests themselves; the limits described there apply.
func CheckFreshness(req AdmissionRequest, now time.Time, maxAge time.Duration) error {
	return checkTime(req.Request.Time, now, maxAge)
}

func checkTime(sent, now time.Time, maxAge time.Duration) error {
	if age := now.Sub(sent); age > maxAge || age < -maxAge {
		return &StaleError{Sent: sent, Now: now, MaxAge: maxAge}
	}
	return nil
}

// admissionTime is the time of sending of an admission request.
func admissionTime(req AdmissionRequest) time.Time { return req.Request.Time }

// NewAdmissionHandler returns the handler of an AdmissionWebhooks control server. fn decides on
// each authentic, well-formed (and, with WithMaxAge, fresh) request; see the package
// documentation for every other answer.
func NewAdmissionHandler(secret string, fn func(ctx context.Context, req AdmissionRequest) (AdmissionResponse, error), opts ...Option) (http.Handler, error) {
	if fn == nil {
		return nil, errors.New("webhook: nil admission function")
	}
	return newHandler("admission", secret, decodeAdmission, admissionTime, func(ctx context.Context, req AdmissionRequest) (any, error) {
		resp, err := fn(ctx, req)
		if err != nil {
			return nil, err
		}
		if req.Request.Status == Closing {
			// OME ignores the answer to a closing request; the documented answer is {}.
			return struct{}{}, nil
		}
		if resp.Lifetime < 0 {
			return nil, fmt.Errorf("invalid answer: negative lifetime %d", resp.Lifetime)
		}
		return resp, nil
	}, opts)
}

// NewTranscodeHandler returns the handler of a TranscodeWebhook control server. fn answers each
// authentic, well-formed request; see the package documentation for every other answer.
// WithMaxAge is refused: OME's transcode request carries no time of sending.
func NewTranscodeHandler(secret string, fn func(ctx context.Context, req TranscodeRequest) (TranscodeResponse, error), opts ...Option) (http.Handler, error) {
	if fn == nil {
		return nil, errors.New("webhook: nil transcode function")
	}
	return newHandler("transcode", secret, decodeTranscode, nil, func(ctx context.Context, req TranscodeRequest) (any, error) {
		resp, err := fn(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.Allowed && resp.OutputProfiles == nil {
			return nil, errors.New("invalid answer: allowed without outputProfiles")
		}
		return resp, nil
	}, opts)
}

// handler is the common part of both webhooks: method, body, signature, decoding, freshness,
// answer.
type handler[Req any] struct {
	name   string
	secret string
	cfg    config
	decode func([]byte) (Req, error)
	sent   func(Req) time.Time // the request's time of sending; nil when it has none
	call   func(context.Context, Req) (any, error)
}

func newHandler[Req any](name, secret string, decode func([]byte) (Req, error), sent func(Req) time.Time, call func(context.Context, Req) (any, error), opts []Option) (http.Handler, error) {
	cfg := config{maxBody: DefaultMaxBodyBytes, now: time.Now}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if secret == "" && !cfg.emptySecret {
		return nil, errors.New("webhook: empty secret (an empty key authenticates nothing; use AllowEmptySecret to accept it anyway)")
	}
	if cfg.maxAge != 0 && sent == nil {
		return nil, fmt.Errorf("webhook: WithMaxAge applies to admission requests only: OME's %s request carries no time of sending", name)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	return &handler[Req]{name: name, secret: secret, cfg: cfg, decode: decode, sent: sent, call: call}, nil
}

// failure is the body of every non-200 answer.
type failure struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason"`
}

func (h *handler[Req]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; OME sends POST")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", h.cfg.maxBody))
			return
		}
		h.refuse(w, r, http.StatusBadRequest, "reading the body failed")
		return
	}
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		h.refuse(w, r, http.StatusUnauthorized, "missing "+SignatureHeader)
		return
	}
	if !Verify(h.secret, body, sig) {
		h.refuse(w, r, http.StatusUnauthorized, "invalid "+SignatureHeader)
		return
	}
	req, err := h.decode(body)
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, "malformed request body: "+err.Error())
		return
	}
	if h.cfg.maxAge != 0 {
		if err := checkTime(h.sent(req), h.cfg.now(), h.cfg.maxAge); err != nil {
			h.cfg.logger.WarnContext(r.Context(), "webhook: request refused", "webhook", h.name, "remote", r.RemoteAddr,
				"status", http.StatusForbidden, "err", err)
			writeJSON(w, http.StatusForbidden, failure{Reason: err.Error()})
			return
		}
	}
	resp, err := h.call(r.Context(), req)
	if err != nil {
		h.cfg.logger.ErrorContext(r.Context(), "webhook: control function failed", "webhook", h.name, "remote", r.RemoteAddr, "err", err)
		writeJSON(w, http.StatusInternalServerError, failure{Reason: "control server error"})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (h *handler[Req]) refuse(w http.ResponseWriter, r *http.Request, status int, reason string) {
	h.cfg.logger.WarnContext(r.Context(), "webhook: request refused", "webhook", h.name, "remote", r.RemoteAddr, "status", status, "reason", reason)
	writeJSON(w, status, failure{Reason: reason})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a value that cannot be encoded (e.g. a NaN frame rate) gets here.
		status, b = http.StatusInternalServerError, []byte(`{"allowed":false,"reason":"control server error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// decodeJSON decodes exactly one JSON value of body into v. Unknown members are ignored, so
// that a newer OME does not break the control server.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("empty body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON object")
	}
	return nil
}

func decodeAdmission(body []byte) (AdmissionRequest, error) {
	var req AdmissionRequest
	if err := decodeJSON(body, &req); err != nil {
		return AdmissionRequest{}, err
	}
	ri := req.Request
	switch {
	case !ri.Direction.Valid():
		return AdmissionRequest{}, fmt.Errorf("request.direction %q is not incoming or outgoing", ri.Direction)
	case !ri.Status.Valid():
		return AdmissionRequest{}, fmt.Errorf("request.status %q is not opening or closing", ri.Status)
	case ri.Protocol == "":
		return AdmissionRequest{}, errors.New("request.protocol is missing")
	case ri.URL == "":
		return AdmissionRequest{}, errors.New("request.url is missing")
	case ri.Time.IsZero():
		return AdmissionRequest{}, errors.New("request.time is missing")
	}
	return req, nil
}

func decodeTranscode(body []byte) (TranscodeRequest, error) {
	var req TranscodeRequest
	if err := decodeJSON(body, &req); err != nil {
		return TranscodeRequest{}, err
	}
	st := req.Stream
	switch {
	case st.Name == "":
		return TranscodeRequest{}, errors.New("stream.name is missing")
	case st.VirtualHost == "":
		return TranscodeRequest{}, errors.New("stream.virtualHost is missing")
	case st.Application == "":
		return TranscodeRequest{}, errors.New("stream.application is missing")
	}
	return req, nil
}
