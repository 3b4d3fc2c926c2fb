package sdk

import (
	"bytes"
	"context"
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

	"github.com/omekit/omekit/gen"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "omekit-go-sdk/1"

// Client talks to one OvenMediaEngine API server. It is safe for concurrent use. Its services
// group the operations by resource.
type Client struct {
	gen  *gen.Client
	base *url.URL
	auth string // "Basic ..." or empty; never logged

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
	token     *string
	httpc     *http.Client
	userAgent string
	logger    *slog.Logger
	retry     *RetryPolicy
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
// with a 30 s timeout.
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("sdk: nil HTTP client")
		}
		s.httpc = c
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

// New returns a client for the API server at baseURL (for example "http://127.0.0.1:8081"; a
// path prefix such as "https://proxy.example/ome" is kept).
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
	s := settings{userAgent: DefaultUserAgent}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	if s.httpc == nil {
		s.httpc = &http.Client{Timeout: 30 * time.Second}
	}
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Client{base: u}
	if s.token != nil {
		c.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(*s.token))
	}
	doer := &transport{httpc: s.httpc, retry: s.retry, log: s.logger}
	ua := s.userAgent
	c.gen, err = gen.NewClient(u.String(), gen.WithHTTPClient(doer), gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("User-Agent", ua)
		r.Header.Set("Accept", "application/json")
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		return nil
	}))
	if err != nil {
		return nil, err
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

// jsonBody encodes v for a request body.
func jsonBody(v any) (io.Reader, error) {
	if v == nil {
		return bytes.NewReader(nil), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sdk: encode request: %w", err)
	}
	return bytes.NewReader(b), nil
}

const jsonType = "application/json"

// into returns a function that reads a generated client call's result into out (see
// readResponse), so a service method reads as into(&env)(s.c.gen.Op(ctx, ...)).
func into(out any) func(*http.Response, error) error {
	return func(res *http.Response, err error) error { return readResponse(res, err, out) }
}

// readResponse is the one place that judges a response: a 2xx body is decoded into out (when
// out is not nil); anything else becomes an *APIError. Batch operations use readBatch.
func readResponse(res *http.Response, err error, out any) error {
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("sdk: read response of %s %s: %w", res.Request.Method, redact(res.Request.URL), err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return newAPIError(res, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("sdk: decode response of %s %s: %w", res.Request.Method, redact(res.Request.URL), err)
	}
	return nil
}

const maxResponseBytes = 64 << 20

// redact returns u without user info or query, for messages and logs.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}
