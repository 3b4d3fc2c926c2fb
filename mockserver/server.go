// Package mockserver is a conformance mock of OvenMediaEngine's REST API (v1, OME 0.21).
//
// It keeps its state in memory, seeded from an OME Server.xml (an embedded default one unless
// told otherwise), and answers as OME does, in OME's order: the HTTP layer (CORS headers, OPTIONS
// answered 204 before authentication, Basic authentication with the whole access token), then the
// route (404 "Controller not found" for anything unroutable, never 405), then the request body
// read as OME's jsoncpp reads it (lenient, with jsoncpp's error messages), then the virtual host,
// application and stream lookups (404), the read-only rule for virtual hosts declared in
// Server.xml (403), and only then the operation's own checks of the body, with OME's messages.
// Bodies are judged the way OME judges them: members of the wrong type or null are mostly ignored
// or converted, not refused. WithStrictRequests adds what OME does not do: every request is first
// validated against openapi/ome.yaml, to catch sloppy clients.
//
// The operations are those of the chi server generated from openapi/ome.yaml (package
// gen/server), so an operation added to the document and missing here breaks the build. The
// behaviour the mock reproduces is recorded from a real OME in the repository's recordings
// (internal/scenario) and summarised in docs/ome-behaviour.md.
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
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/gen/server"
	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/internal/serverxml"
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
	// gitVersion is what GET /v1/version reports as gitVersion (see WithGitVersion).
	gitVersion string
	ops        map[string]operation // by operationId
}

// operation is what the adapter needs to know of an operation of the document.
type operation struct {
	takesBody bool
	// noColon names the path parameters that cannot contain ':' (OME's route patterns end an
	// application name, and a virtual host name before an action, at the first colon).
	noColon []string
}

type options struct {
	xml     []byte
	xmlName string
	file    string
	token   *string
	logger  *slog.Logger
	env     func(string) (string, bool)
	now     func() time.Time
	maxBody int64
	strict  bool
	gitVer  string
	instant bool
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

// WithGitVersion sets the gitVersion GET /v1/version reports. By default the mock reports its own
// ("v0.21.0-omekit-mock") so that a client can tell it from OME; OME 0.21.0 reports the git
// description of its build ("v0.21.0" for a release built from git, "(From archive)" for one built
// from a source archive). The version itself is always "0.21.0".
func WithGitVersion(v string) Option {
	return func(o *options) error {
		if v == "" {
			return errors.New("mockserver: empty git version")
		}
		o.gitVer = v
		return nil
	}
}

// WithStrictRequests validates every request against openapi/ome.yaml before OME's own checks
// run, and answers one that breaks the document with 400 "[HTTP] Invalid request body:
// <JSON pointer>: <reason> (400)" (or 404 "Controller not found" for a path parameter OME's
// routes would not match). OME itself does not do this: it reads bodies leniently and checks them
// after its lookups. Use it to catch clients that rely on OME's leniency; leave it off to get
// OME's answers.
func WithStrictRequests() Option {
	return func(o *options) error {
		o.strict = true
		return nil
	}
}

// WithoutDelays makes the work OME does in the background take effect at once, so that a test
// need not wait or poll: a push starts pushing as soon as its stream is there and is gone as soon
// as it is stopped; a scheduled or multiplex channel's stream is there when the create call
// returns and gone when the delete call returns, and a changed schedule is read at once. By
// default the mock keeps OME's timing against its clock (docs/ome-behaviour.md, "Asynchronous
// behaviour"), which a client that works against a real OME must cope with anyway.
func WithoutDelays() Option {
	return func(o *options) error {
		o.instant = true
		return nil
	}
}

// New builds a mock server. With no options it serves the embedded default Server.xml: vhost
// "default" with application "app", access token "ome-access-token".
func New(opts ...Option) (*Server, error) {
	o := options{now: time.Now, maxBody: 4 << 20, gitVer: mockGitVersion}
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
	s := &Server{conf: conf, token: conf.AccessToken, cors: conf.CrossDomains, now: o.now, log: o.logger, gitVersion: o.gitVer}
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
	s.st.instant = o.instant
	if s.handler, err = s.buildHandler(o.maxBody, o.strict); err != nil {
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
	s.st.nextID, s.st.vhosts, s.st.order, s.st.metrics, s.st.unreachable, s.st.trackSeq, s.st.started =
		fresh.nextID, fresh.vhosts, fresh.order, fresh.metrics, fresh.unreachable, fresh.trackSeq, fresh.started
	s.st.due.Store(math.MaxInt64)
	return nil
}

// loadSpec parses the embedded document once; the result is shared read-only by every Server.
var loadSpec = sync.OnceValues(openapi.Load)

// handlers holds one method per operation, each doing what OME does for it; one file per API
// area.
type handlers struct{ s *Server }

func (s *Server) buildHandler(maxBody int64, strict bool) (http.Handler, error) {
	spec, err := loadSpec()
	if err != nil {
		return nil, err
	}
	if s.ops, err = operations(spec); err != nil {
		return nil, err
	}
	for id, op := range extraOperations {
		s.ops[id] = op
	}
	router := chi.NewRouter()
	router.NotFound(omehttp.ControllerNotFound)
	router.MethodNotAllowed(omehttp.ControllerNotFound)
	router.Mount(ControlPrefix, s.controlHandler())
	// Bodies are read only by the operations that take one: any other gets none, so that
	// nothing after this point (the strict validator included) can read one.
	middlewares := []server.MiddlewareFunc{s.dropUnusedBody}
	if strict {
		v, err := omehttp.NewValidator(spec, omehttp.WithMaxBodyBytes(maxBody), omehttp.WithErrorFunc(strictError))
		if err != nil {
			return nil, err
		}
		middlewares = append(middlewares, v.Middleware)
	}
	ad := &adapter{s: s, h: &handlers{s: s}}
	server.HandlerWithOptions(ad, server.ChiServerOptions{BaseRouter: router, Middlewares: middlewares})
	ad.routeExtras(router)
	// OME's pipeline: headers and CORS, OPTIONS answered 204 before authentication, then
	// authentication, then routing on the path as it was sent (GET routes also answer HEAD).
	var h http.Handler = router
	h = routeOnRawPath(h)
	h = headAsGet(h)
	h = s.authenticate(h)
	h = s.preflight(h)
	h = s.corsHeaders(h)
	h = omeContentType(h)
	h = capBody(h, maxBody)
	h = s.logRequests(h)
	return h, nil
}

// operations reads from the document which operations take a body and which path parameters
// exclude ':' (pattern ^[^/:]*$); any other pattern than that and ^[^/]*$ is refused, so that
// the adapter's check stays what the document says.
func operations(spec *openapi3.T) (map[string]operation, error) {
	ops := map[string]operation{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			o := operation{takesBody: op.RequestBody != nil}
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value == nil || p.Value.In != openapi3.ParameterInPath || p.Value.Schema == nil || p.Value.Schema.Value == nil {
					continue
				}
				switch pattern := p.Value.Schema.Value.Pattern; pattern {
				case "^[^/:]*$":
					o.noColon = append(o.noColon, p.Value.Name)
				case "^[^/]*$":
				default:
					return nil, fmt.Errorf("mockserver: %s %s: path parameter %s has pattern %q, which the mock does not implement", method, path, p.Value.Name, pattern)
				}
			}
			ops[op.OperationID] = o
		}
	}
	return ops, nil
}

// serve runs one operation: the route check OME's patterns make, the body read as OME reads it,
// the handler, and the answer.
func (a *adapter) serve(w http.ResponseWriter, r *http.Request, c call, fn func(context.Context, call) (reply, error)) {
	opID := operationID(r.Context())
	c.Vhost, c.App, c.Stream, c.Profile = unmark(c.Vhost), unmark(c.App), unmark(c.Stream), unmark(c.Profile)
	if seen, ok := r.Context().Value(routedKey{}).(*routed); ok {
		seen.operationID, seen.call = opID, c
	}
	op := a.s.ops[opID]
	for _, name := range op.noColon {
		if strings.Contains(c.param(name), ":") {
			omehttp.ControllerNotFound(w, r)
			return
		}
	}
	if op.takesBody && r.Method != http.MethodGet {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, httpErr(http.StatusRequestEntityTooLarge, "Request body is too large"))
				return
			}
			writeError(w, httpErr(http.StatusBadRequest, "Could not read the request body"))
			return
		}
		if c.Body, err = parseBody(raw); err != nil {
			writeError(w, err)
			return
		}
	}
	rep, err := fn(r.Context(), c)
	if err != nil {
		writeError(w, err)
		return
	}
	writeReply(w, rep)
}

// routed records, for tests, which operation a request reached and with which parameters: a test
// puts a *routed in the request's context under routedKey.
type routed struct {
	operationID string
	call        call
}

type routedKey struct{}

// param returns the path parameter called name.
func (c call) param(name string) string {
	switch name {
	case "vhost":
		return c.Vhost
	case "app":
		return c.App
	case "stream":
		return c.Stream
	case "profile":
		return c.Profile
	}
	return ""
}

// dropUnusedBody gives a request whose operation takes no body an empty one: serve reads a body
// only for those operations (and never for GET), and nothing else may.
func (s *Server) dropUnusedBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.ops[server.OperationID(r.Context())].takesBody || r.Method == http.MethodGet {
			r.Body, r.ContentLength = http.NoBody, 0
		}
		next.ServeHTTP(w, r)
	})
}

// strictError answers a request the strict validator refused; a body over the cap (cut short by
// capBody while the validator read it) is 413, as in lenient mode.
func strictError(w http.ResponseWriter, r *http.Request, f *omehttp.Failure) {
	var tooLarge *http.MaxBytesError
	if errors.As(f.Err, &tooLarge) {
		f = &omehttp.Failure{Kind: omehttp.TooLarge, OperationID: f.OperationID, Err: f.Err}
	}
	omehttp.DefaultErrorFunc(w, r, f)
}

// capBody bounds every request body once, before anything reads it (OME has no limit; the mock
// keeps a large body from exhausting memory, and answers 413 when an operation reads one).
func capBody(next http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// routeOnRawPath makes chi route on the path exactly as the client sent it: OME matches its route
// patterns against the undecoded path, so "my%20host" names a host called "my%20host", and a
// name sent as raw bytes ("a{b", "été") is that name (Go's URL.EscapedPath would re-encode those,
// so the path comes from the request line itself; see sentPath).
//
// It also hides from chi every colon but the one that can start an action (the last one of the
// last segment): OME's patterns let a stream name contain ':' and end it at the action
// (".../streams/cam:1:sendEvent" is stream "cam:1"), while chi would end a parameter at its first
// colon. The hidden colons travel as colonMark, which an escaped path cannot contain, and serve
// turns them back.
func routeOnRawPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := sentPath(r)
		if len(path) > 1 && strings.HasSuffix(path, "/") {
			// OME's patterns let a name be empty: ".../apps/" names the application "". chi
			// matches no parameter at the end of a path when it is empty, so the empty name
			// travels as emptyMark.
			path += emptyMark
		}
		if last := strings.LastIndexByte(path, ':'); last >= 0 {
			path = strings.ReplaceAll(path[:last], ":", colonMark) + path[last:]
			if slash := strings.LastIndexByte(path, '/'); slash > last {
				// The last colon is not in the last segment: no action either.
				path = strings.ReplaceAll(path, ":", colonMark)
			}
		}
		rctx := chi.NewRouteContext()
		rctx.RoutePath = path
		// The request's own URL goes along, for the messages in which OME quotes it.
		ctx := context.WithValue(r.Context(), requestURLKey{}, &requestOrigin{tls: r.TLS != nil, host: r.Host, path: r.URL.EscapedPath()})
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, chi.RouteCtxKey, rctx)))
	})
}

// sentPath is the path of the request line as the client sent it (without the query), or the
// URL's escaped path for a request that has no such line (one built in a test without
// RequestURI, or an absolute-form target).
func sentPath(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		path, _, _ := strings.Cut(r.RequestURI, "?")
		return path
	}
	return r.URL.EscapedPath()
}

// colonMark stands for a colon that is part of a name while chi routes, and emptyMark for an
// empty name at the end of the path (see routeOnRawPath). A request path contains neither
// (control characters are refused before routing).
const (
	colonMark = "\x01"
	emptyMark = "\x02"
)

// unmark turns what routeOnRawPath hid back into what the client sent.
func unmark(s string) string {
	if s == emptyMark {
		return ""
	}
	return strings.ReplaceAll(s, colonMark, ":")
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

// Header values the mock sends on every answer, shared (net/http never changes them in place).
var (
	serverHeader      = []string{"OvenMediaEngine"}
	contentTypeHeader = []string{omehttp.ContentType}
)

// omeContentType gives JSON responses OME's exact content type and the Server header.
func omeContentType(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Server"] = serverHeader
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
		if ct := c.Header().Get("Content-Type"); ct != omehttp.ContentType && strings.HasPrefix(ct, "application/json") {
			c.Header()["Content-Type"] = contentTypeHeader
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
	if !s.log.Enabled(context.Background(), slog.LevelInfo) {
		// Nothing to log: only keep a panic from taking the connection down unanswered.
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					s.log.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
					omehttp.WriteError(w, http.StatusInternalServerError, "Internal Server Error")
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
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

// requestOrigin is what the request's URL is made of: OME quotes it in some messages.
type requestOrigin struct {
	tls        bool
	host, path string
}

func (o *requestOrigin) String() string {
	scheme := "http"
	if o.tls {
		scheme = "https"
	}
	return scheme + "://" + o.host + o.path
}
