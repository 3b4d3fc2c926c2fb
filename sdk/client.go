package sdk

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/omekit/omekit/internal/apiclient"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "omekit-go-sdk/1"

// Client talks to one OvenMediaEngine API server. It is safe for concurrent use. Its services
// group the operations by resource.
type Client struct {
	base      string // absolute URL without trailing slash, query or fragment
	origin    *url.URL
	auth      string   // "Basic ..." or empty; never logged
	secrets   []string // the token's forms that errors must not repeat (see scrub)
	userAgent string
	t         *transport

	Version           *VersionService
	VirtualHosts      *VirtualHostsService
	Applications      *ApplicationsService
	OutputProfiles    *OutputProfilesService
	Streams           *StreamsService
	Push              *PushService
	Recording         *RecordingService
	ScheduledChannels *ScheduledChannelsService
	MultiplexChannels *MultiplexChannelsService
	Stats             *StatsService
	APIServer         *APIServerService
}

type settings struct {
	token         *string
	httpc         *http.Client
	userAgent     string
	logger        *slog.Logger
	retry         *RetryPolicy
	sameOriginRed bool
}

// Option configures New.
type Option func(*settings) error

// WithAccessToken sets the access token: the raw <Managers><API><AccessToken> of Server.xml. The
// SDK sends the base64 encoding of the whole token as HTTP Basic credentials; the token does not
// need to contain a colon.
func WithAccessToken(token string) Option {
	return func(s *settings) error {
		if token == "" {
			return errors.New("sdk: empty access token")
		}
		s.token = &token
		return nil
	}
}

// WithHTTPClient sets the HTTP client (for TLS settings, proxies, timeouts). Default: a client
// with a 30 s timeout. The SDK uses a copy of it whose redirect policy refuses redirects (see
// WithSameOriginRedirects); the client itself is not changed.
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("sdk: nil HTTP client")
		}
		s.httpc = c
		return nil
	}
}

// WithSameOriginRedirects lets the client follow redirects that stay on the base URL's origin
// (scheme, host and port; a default port equals its explicit form) and keep the request's method,
// at most 10 in a row. OME itself never redirects, so by default every redirect is an error
// (ErrRedirect): a redirect usually means a misconfigured proxy, and following one to another
// origin would hand it the access token and the request body. Even with this option, redirects
// to another origin are refused, and so are 301, 302 and 303 answers to a POST, PATCH or DELETE,
// which would be followed as a GET without the body.
func WithSameOriginRedirects() Option {
	return func(s *settings) error {
		s.sameOriginRed = true
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("sdk: empty user agent")
		}
		s.userAgent = ua
		return nil
	}
}

// WithLogger logs each request and response (method, URL, status, duration) at debug level.
// Headers are never logged, so the credentials never are.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("sdk: nil logger")
		}
		s.logger = l
		return nil
	}
}

// New returns a client for the API server at baseURL, for example "http://127.0.0.1:8081". A path
// prefix ("https://proxy.example/ome") is kept; a query, a fragment or credentials in the URL are
// refused.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("sdk: invalid base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sdk: base URL %q must be an absolute http or https URL", redact(u))
	}
	if u.User != nil {
		return nil, errors.New("sdk: put credentials in WithAccessToken, not in the base URL")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.RawFragment != "" {
		return nil, fmt.Errorf("sdk: base URL %q must not have a query or a fragment", redact(u))
	}
	for _, seg := range strings.Split(u.Path, "/") {
		// u.Path is decoded, so "%2e%2e" is caught too: every hop may resolve it.
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("sdk: base URL %q must not have %q segments in its path", redact(u), seg)
		}
	}
	s := settings{userAgent: DefaultUserAgent}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	httpc := &http.Client{Timeout: 30 * time.Second}
	if s.httpc != nil {
		copied := *s.httpc
		httpc = &copied
	}
	origin := &url.URL{Scheme: u.Scheme, Host: u.Host}
	httpc.CheckRedirect = redirectPolicy(origin, s.sameOriginRed)
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		base:      strings.TrimSuffix(u.String(), "/"),
		origin:    origin,
		userAgent: s.userAgent,
		t:         &transport{httpc: httpc, retry: s.retry, log: s.logger},
	}
	if s.token != nil {
		encoded := base64.StdEncoding.EncodeToString([]byte(*s.token))
		c.auth = "Basic " + encoded
		c.secrets = []string{encoded}
		if len(*s.token) >= minScrubbedToken {
			c.secrets = append(c.secrets, *s.token)
		}
	}
	c.Version = &VersionService{c}
	c.VirtualHosts = &VirtualHostsService{c}
	c.Applications = &ApplicationsService{c}
	c.OutputProfiles = &OutputProfilesService{c}
	c.Streams = &StreamsService{c}
	c.Push = &PushService{c}
	c.Recording = &RecordingService{c}
	c.ScheduledChannels = &ScheduledChannelsService{c}
	c.MultiplexChannels = &MultiplexChannelsService{c}
	c.Stats = &StatsService{c}
	c.APIServer = &APIServerService{c}
	return c, nil
}

// ErrRedirect is returned (wrapped) when the server answers with a redirect the client does not
// follow (see WithSameOriginRedirects).
var ErrRedirect = errors.New("sdk: redirect refused (OvenMediaEngine does not redirect)")

// redirectPolicy refuses every redirect, or with sameOrigin every redirect that leaves origin.
func redirectPolicy(origin *url.URL, sameOrigin bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		target := &url.URL{Scheme: req.URL.Scheme, Host: req.URL.Host}
		if !sameOrigin {
			return fmt.Errorf("%w: to %s", ErrRedirect, redact(req.URL))
		}
		if !sameOriginURL(origin, target) {
			return fmt.Errorf("%w: %s is another origin than %s", ErrRedirect, target, origin)
		}
		if len(via) > 0 && req.Method != via[0].Method {
			// 301, 302 and 303 turn a POST into a GET without its body: another operation.
			return fmt.Errorf("%w: it would turn %s into %s", ErrRedirect, via[0].Method, req.Method)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", ErrRedirect)
		}
		return nil
	}
}

// sameOriginURL compares scheme, host and port (default ports made explicit). The host must be
// spelled the same: Go's client does not send the Authorization header to a host written in
// other capitals, so such a redirect could only fail.
func sameOriginURL(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && a.Hostname() == b.Hostname() && port(a) == port(b)
}

// encode encodes v as a request body.
func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sdk: encode request: %w", err)
	}
	return b, nil
}

// emptyObject is the body of the actions that take none worth sending.
var emptyObject = []byte("{}")

// send sends a request built by package apiclient (or the error it failed with) and returns the
// status and body of the answer, or an error. Every non-2xx answer is an *APIError.
func (c *Client) send(req *http.Request, err error) (*http.Response, []byte, error) {
	if err != nil {
		if errors.Is(err, ErrInvalidName) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("sdk: build request: %w", err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	res, err := c.t.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	tooLarge := func() error {
		return &ResponseError{Method: req.Method, URL: redact(req.URL), StatusCode: res.StatusCode,
			Reason: fmt.Sprintf("the answer is larger than %d MiB", maxResponseBytes>>20), err: ErrResponseTooLarge}
	}
	if res.ContentLength > maxResponseBytes {
		return nil, nil, tooLarge() // declared too large: not a byte is read
	}
	// Not preallocated from Content-Length: a server could then make the client reserve 64 MiB
	// for every request without sending the bytes.
	body, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("sdk: read response of %s %s: %w", req.Method, redact(req.URL), err)
	}
	if len(body) > maxResponseBytes {
		return nil, nil, tooLarge()
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		e := newAPIError(res, body)
		e.RawMessage, e.Message = c.scrub(e.RawMessage), c.scrub(e.Message)
		return res, body, e
	}
	return res, body, nil
}

// minScrubbedToken is the shortest raw token scrub removes from error texts; a shorter one
// would garble every message it occurs in by chance (its base64 form is always removed).
const minScrubbedToken = 4

// scrub removes the access token, raw or base64-encoded, from text taken from an answer for an
// error: a proxy or echo server may repeat the request's Authorization header in its body.
func (c *Client) scrub(text string) string {
	for _, s := range c.secrets {
		text = strings.ReplaceAll(text, s, "[REDACTED]")
	}
	return text
}

// ErrInvalidName is returned (wrapped) when a name passed to a method cannot be put in a URL
// path: empty, "." or ".." (which every HTTP stack on the way would resolve to another URL). It
// is checked before anything is sent.
var ErrInvalidName = apiclient.ErrInvalidName

const maxResponseBytes = 64 << 20

// envelope is OME's answer to every operation but the batch ones.
type envelope[T any] struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Response   *T     `json:"response"`
}

// call returns a function that sends a built request and returns the envelope's response, which
// must be present and not null.
func call[T any](c *Client) func(*http.Request, error) (*T, error) {
	return func(req *http.Request, err error) (*T, error) { return decodeEnvelope[T](c, req, err, false) }
}

// callNullable is call for the few operations whose response OME may send as null (Stats.Server
// and Stats.Queues while OME shuts down, OutputProfiles.Replace when the profile is gone after
// the restart). The envelope must still be there, with its "response" member.
func callNullable[T any](c *Client) func(*http.Request, error) (*T, error) {
	return func(req *http.Request, err error) (*T, error) { return decodeEnvelope[T](c, req, err, true) }
}

// callList is call for an answer whose response is an array.
func callList[T any](c *Client) func(*http.Request, error) ([]T, error) {
	return func(req *http.Request, err error) ([]T, error) {
		v, err := call[[]T](c)(req, err)
		if err != nil {
			return nil, err
		}
		return *v, nil
	}
}

// callStatus sends a request whose successful answer carries nothing but its status.
func (c *Client) callStatus(req *http.Request, err error) error {
	_, _, err = c.send(req, err)
	return err
}

// decodeEnvelope sends req and returns the response of OME's envelope
// {"message": …, "response": …, "statusCode": …}. An answer that is not a JSON object, or whose
// response is missing (or null, unless nullable), is a *ResponseError.
func decodeEnvelope[T any](c *Client, req *http.Request, err error, nullable bool) (*T, error) {
	res, body, err := c.send(req, err)
	if err != nil {
		return nil, err
	}
	unexpected := func(reason string) error {
		return &ResponseError{Method: req.Method, URL: redact(req.URL), StatusCode: res.StatusCode, Reason: reason, err: ErrUnexpectedResponse}
	}
	if !isJSONObject(body) {
		return nil, unexpected("the answer is not OME's JSON envelope: " + excerpt(c, body))
	}
	var env envelope[T]
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, unexpected("the answer is not OME's JSON envelope: " + err.Error())
	}
	if env.Response != nil {
		return env.Response, nil
	}
	if !nullable {
		return nil, unexpected(`the envelope's "response" is missing or null`)
	}
	// OME writes the member even when its value is null; an envelope without it is not OME's.
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil || members["response"] == nil {
		return nil, unexpected(`the envelope has no "response" member`)
	}
	return nil, nil
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// excerpt quotes the start of an answer's body for an error, without the credentials.
func excerpt(c *Client, body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "an empty body"
	}
	const n = 100
	window := n
	for _, s := range c.secrets {
		window = max(window, n+len(s)) // a secret that starts in the excerpt is wholly in the window
	}
	text := c.scrub(string(body[:min(len(body), window)]))
	if len(text) > n {
		return fmt.Sprintf("%q…", text[:n])
	}
	return fmt.Sprintf("%q", text)
}

// redact returns u without user info or query, for messages and logs.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.ForceQuery = false
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}
