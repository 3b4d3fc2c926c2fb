// Package mockserver is a conformance mock of OvenMediaEngine's REST API (v1, OME 0.21).
//
// It is built on the chi strict server generated from openapi/ome.yaml, validates every request
// against that document, and keeps its state in memory, seeded from an OME Server.xml (an
// embedded default one unless told otherwise). It reproduces OME's behaviour as read from OME's
// source: Basic authentication with the whole access token, OPTIONS answered before
// authentication, 404 "Controller not found" for anything unroutable (never 405), OME's error
// messages, the bare-array batch replies, the read-only rule for virtual hosts declared in
// Server.xml, push and recording jobs, pull streams, stream actions, scheduled and multiplex
// channels and statistics.
//
// Use it in Go tests with NewTest, or as an http.Handler with New and Handler; the command in
// cmd/ome-mock serves it for tests in any language. Tests drive media through hooks that OME's
// API does not have (PublishStream, AddTraffic, …), also offered over HTTP under /_mock/.
package mockserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/internal/serverxml"
	"github.com/omekit/omekit/mockserver/internal/wire"
	"github.com/omekit/omekit/openapi"
)

// DefaultToken is the access token of the embedded default Server.xml.
const DefaultToken = "ome-access-token"

// ControlPrefix is where the mock's own test hooks are served (outside OME's /v1).
const ControlPrefix = "/_mock"

// ErrNoAccessToken: the configuration has no <Managers><API><AccessToken> (OME refuses to start
// its API without one) and none was given with WithAccessToken.
var ErrNoAccessToken = errors.New("mockserver: the configuration has no <Managers><API><AccessToken> (OME refuses to start the API without one); give one with WithAccessToken")

// Server is a mock OME API server. It is safe for concurrent use.
type Server struct {
	log     *slog.Logger
	conf    *serverxml.Config
	token   string
	cors    *serverxml.CrossDomains
	now     func() time.Time
	st      *store
	handler http.Handler
	ops     map[string]string // "METHOD /path/template" -> operationId
}

type options struct {
	xml      []byte
	xmlName  string
	file     string
	token    *string
	logger   *slog.Logger
	env      func(string) (string, bool)
	now      func() time.Time
	maxBody  int64
	validate bool
}

// Option configures New.
type Option func(*options) error

// WithServerXML seeds the mock from the given Server.xml content (name is used in errors).
func WithServerXML(name string, data []byte) Option {
	return func(o *options) error {
		if len(data) == 0 {
			return errors.New("mockserver: empty Server.xml")
		}
		o.xml, o.xmlName, o.file = data, name, ""
		return nil
	}
}

// WithConfigFile seeds the mock from a Server.xml file, or from a directory holding Server.xml
// (like OME's -c). include= virtual hosts are resolved relative to the file.
func WithConfigFile(path string) Option {
	return func(o *options) error {
		if path == "" {
			return errors.New("mockserver: empty config path")
		}
		o.file, o.xml = path, nil
		return nil
	}
}

// WithAccessToken overrides the <AccessToken> of the Server.xml.
func WithAccessToken(token string) Option {
	return func(o *options) error {
		if token == "" {
			return errors.New("mockserver: empty access token")
		}
		o.token = &token
		return nil
	}
}

// WithLogger sets the logger for requests and errors (default: discard). The access token and
// the Authorization header are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		if l == nil {
			return errors.New("mockserver: nil logger")
		}
		o.logger = l
		return nil
	}
}

// WithEnv sets how ${env:NAME} references in Server.xml are resolved (default os.LookupEnv).
func WithEnv(lookup func(string) (string, bool)) Option {
	return func(o *options) error {
		if lookup == nil {
			return errors.New("mockserver: nil env lookup")
		}
		o.env = lookup
		return nil
	}
}

// WithClock sets the clock used for time stamps (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(o *options) error {
		if now == nil {
			return errors.New("mockserver: nil clock")
		}
		o.now = now
		return nil
	}
}

// WithMaxBodyBytes bounds request bodies (default 4 MiB); larger ones are answered 413.
func WithMaxBodyBytes(n int64) Option {
	return func(o *options) error {
		if n <= 0 {
			return fmt.Errorf("mockserver: max body bytes must be positive, got %d", n)
		}
		o.maxBody = n
		return nil
	}
}

// New builds a mock server. With no options it serves the embedded default Server.xml: vhost
// "default" with application "app", access token "ome-access-token".
func New(opts ...Option) (*Server, error) {
	o := options{now: time.Now, maxBody: 4 << 20, validate: true}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	var xopts []serverxml.Option
	if o.env != nil {
		xopts = append(xopts, serverxml.WithEnv(o.env))
	}
	var (
		conf *serverxml.Config
		err  error
	)
	switch {
	case o.file != "":
		conf, err = serverxml.ParseFile(o.file, xopts...)
	case o.xml != nil:
		conf, err = serverxml.Parse(o.xml, o.xmlName, xopts...)
	default:
		conf, err = serverxml.Parse(serverxml.Default(), "default Server.xml", xopts...)
	}
	if err != nil {
		return nil, err
	}
	s := &Server{conf: conf, token: conf.AccessToken, cors: conf.CrossDomains, now: o.now, log: o.logger}
	if o.token != nil {
		s.token = *o.token
	}
	if s.token == "" {
		return nil, ErrNoAccessToken
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.st, err = newStore(conf, s.now); err != nil {
		return nil, err
	}
	if s.handler, err = s.buildHandler(o.maxBody); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the mock's HTTP handler (the OME API and the /_mock control hooks).
func (s *Server) Handler() http.Handler { return s.handler }

// Token returns the access token the mock expects.
func (s *Server) Token() string { return s.token }

// ListenAddr returns the address the configuration asks the API to listen on: 127.0.0.1 and
// <Bind><Managers><API><Port> (8081 when the configuration has no API port).
func (s *Server) ListenAddr() string {
	port := 8081
	if s.conf.API != nil && s.conf.API.Port != 0 {
		port = s.conf.API.Port
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

// Reset drops everything created since the server started and reseeds it from its Server.xml.
func (s *Server) Reset() error {
	fresh, err := newStore(s.conf, s.now)
	if err != nil {
		return err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.nextID, s.st.vhosts, s.st.order, s.st.metrics, s.st.unreachable =
		fresh.nextID, fresh.vhosts, fresh.order, fresh.metrics, fresh.unreachable
	return nil
}

// loadSpec parses the embedded document once; the result is shared read-only by every Server.
var loadSpec = sync.OnceValues(openapi.Load)

// handlers implements the generated strict server interface; one file per API area.
type handlers struct{ s *Server }

var _ wire.StrictServerInterface = (*handlers)(nil)

func (s *Server) buildHandler(maxBody int64) (http.Handler, error) {
	spec, err := loadSpec()
	if err != nil {
		return nil, err
	}
	s.ops = map[string]string{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			s.ops[method+" "+path] = op.OperationID
		}
	}
	v, err := omehttp.NewValidator(spec, omehttp.WithMaxBodyBytes(maxBody), omehttp.WithErrorFunc(s.validationError),
		omehttp.WithRawBodyOnly(rawBodyOperations...))
	if err != nil {
		return nil, err
	}
	router := chi.NewRouter()
	router.NotFound(omehttp.ControllerNotFound)
	router.MethodNotAllowed(omehttp.ControllerNotFound)
	router.Mount(ControlPrefix, s.controlHandler())
	strict := wire.NewStrictHandlerWithOptions(&handlers{s: s}, nil, wire.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.decodeFailure,
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) { writeError(w, err) },
	})
	api := wire.HandlerWithOptions(strict, wire.ChiServerOptions{
		BaseRouter:  router,
		Middlewares: []wire.MiddlewareFunc{v.Middleware},
	})
	// OME's pipeline: headers and CORS, OPTIONS answered 204 before authentication, then
	// authentication, then routing (GET routes also answer HEAD).
	var h http.Handler = api
	h = rememberRequestURL(h)
	h = headAsGet(h)
	h = s.authenticate(h)
	h = s.preflight(h)
	h = s.corsHeaders(h)
	h = omeContentType(h)
	h = s.logRequests(h)
	return h, nil
}

// rawBodyOperations are judged item by item by their handlers, as OME does (a bad item is one
// failed result in the array, not a failed request), so the validator checks only that their
// body is JSON and hands the raw body on.
// The stream actions are here too because OME looks up the virtual host, application and stream
// (404) before it judges their bodies; their handlers check the raw body in OME's order.
var rawBodyOperations = []string{"createVirtualHosts", "createApplications", "createOutputProfiles", "sendEvents",
	"createStream", "sendEvent", "sendSubtitles", "startHlsDump", "stopHlsDump", "listHlsDumps",
	"patchApplication", "patchOutputProfile"}

// validationError answers a request the validator rejected, in OME's format.
func (s *Server) validationError(w http.ResponseWriter, r *http.Request, f *omehttp.Failure) {
	s.log.Debug("request rejected by validation", "method", r.Method, "path", r.URL.Path, "operation", f.OperationID, "error", f.Err)
	if f.Kind == omehttp.InvalidBody {
		if err := s.lookupError(r); err != nil {
			writeError(w, err)
			return
		}
		writeError(w, bodyError(f.OperationID, f.Body, f.Err))
		return
	}
	omehttp.DefaultErrorFunc(w, r, f)
}

// authenticate is OME's Basic check: the base64 of the whole access token, compared in constant
// time, with OME's messages for each way it can fail.
func (s *Server) authenticate(next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(s.token))
	deny := func(w http.ResponseWriter, text string) {
		w.Header().Set("WWW-Authenticate", `Basic realm="OvenMediaEngine"`)
		omehttp.WriteError(w, http.StatusUnauthorized, omehttp.HTTPMessage(http.StatusUnauthorized, text))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := strings.TrimSpace(r.Header.Get("Authorization"))
		if header == "" {
			deny(w, "Authorization header is required to call API")
			return
		}
		parts := strings.Split(header, " ")
		if len(parts) != 2 {
			deny(w, "Invalid authorization header")
			return
		}
		if !strings.EqualFold(parts[0], "basic") {
			deny(w, "Not supported credential type: "+parts[0])
			return
		}
		if parts[1] == "" {
			deny(w, "Invalid credential format")
			return
		}
		// OME's decoder is lenient: undecodable input simply does not match.
		decoded, err := base64.StdEncoding.DecodeString(parts[1])
		got := sha256.Sum256(decoded)
		if err != nil || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			deny(w, "Invalid credential")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// preflight answers OPTIONS on any path with 204 and no body, before authentication.
func (s *Server) preflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// headAsGet routes HEAD like GET (Go's server drops the body of a HEAD response).
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r2 := r.Clone(r.Context())
			r2.Method = http.MethodGet
			next.ServeHTTP(w, r2)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// omeContentType gives JSON responses OME's exact content type and the Server header.
func omeContentType(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "OvenMediaEngine")
		next.ServeHTTP(&ctWriter{ResponseWriter: w}, r)
	})
}

type ctWriter struct {
	http.ResponseWriter
	wrote bool
}

func (c *ctWriter) WriteHeader(code int) {
	if !c.wrote {
		c.wrote = true
		if strings.HasPrefix(c.Header().Get("Content-Type"), "application/json") {
			c.Header().Set("Content-Type", omehttp.ContentType)
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *ctWriter) Write(b []byte) (int, error) {
	if !c.wrote {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				if sw.status == 0 {
					omehttp.WriteError(sw, http.StatusInternalServerError, "Internal Server Error")
				}
			}
			// Never log headers: the Authorization header carries the token.
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

type requestURLKey struct{}

// rememberRequestURL keeps the request's own URL (scheme, Host header and path) in the context,
// for the messages in which OME quotes it.
func rememberRequestURL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		u := scheme + "://" + r.Host + r.URL.EscapedPath()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestURLKey{}, u)))
	})
}
