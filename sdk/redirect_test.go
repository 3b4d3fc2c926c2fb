package sdk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// redirRequest is what a test server received.
type redirRequest struct {
	method, path, auth, body string
}

// redirServer records every request. Requests under /moved/ are answered as OME would answer
// the operation; any other request gets the redirect set in redirect (when it is set).
type redirServer struct {
	srv      *httptest.Server
	mu       sync.Mutex
	got      []redirRequest
	redirect func(w http.ResponseWriter, r *http.Request) bool // true when it answered
}

func newRedirServer(t *testing.T, useTLS bool) *redirServer {
	t.Helper()
	s := &redirServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.got = append(s.got, redirRequest{r.Method, r.URL.Path, r.Header.Get("Authorization"), string(body)})
		redirect := s.redirect
		s.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/moved/") && redirect != nil && redirect(w, r) {
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		if r.Method == http.MethodPost {
			_, _ = io.WriteString(w, `[{"message":"OK","response":{"name":"secret-host"},"statusCode":200}]`)
			return
		}
		_, _ = io.WriteString(w, `{"message":"OK","response":["default"],"statusCode":200}`)
	})
	if useTLS {
		s.srv = httptest.NewTLSServer(h)
	} else {
		s.srv = httptest.NewServer(h)
	}
	t.Cleanup(s.srv.Close)
	return s
}

func (s *redirServer) requests() []redirRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]redirRequest(nil), s.got...)
}

func (s *redirServer) port() string {
	_, p, _ := net.SplitHostPort(s.srv.Listener.Addr().String())
	return p
}

// redirNet resolves made-up host names to the test servers, so that a test can tell a subdomain,
// another host and another port apart without DNS: plain and TLS connections to a host:port go to
// the listeners named in plain and secure.
type redirNet struct {
	plain, secure map[string]*redirServer
}

// client returns an http.Client that dials through n and trusts the TLS test servers.
func (n *redirNet) client(t *testing.T) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	for _, s := range n.secure {
		pool.AddCert(s.srv.Certificate())
	}
	var d net.Dialer
	dial := func(ctx context.Context, table map[string]*redirServer, addr string) (net.Conn, error) {
		s, ok := table[strings.ToLower(addr)]
		if !ok {
			return nil, fmt.Errorf("redirNet: no test server at %s", addr)
		}
		return d.DialContext(ctx, "tcp", s.srv.Listener.Addr().String())
	}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) { return dial(ctx, n.plain, addr) },
			DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
				conn, err := dial(ctx, n.secure, addr)
				if err != nil {
					return nil, err
				}
				// httptest's certificate names example.com and the loopback addresses.
				tc := tls.Client(conn, &tls.Config{RootCAs: pool, ServerName: "example.com"})
				if err := tc.HandshakeContext(ctx); err != nil {
					conn.Close()
					return nil, err
				}
				return tc, nil
			},
		},
	}
}

// redirWorld is a fresh set of servers for one case: api (plain) and secureAPI (TLS) are the
// origins a client is made for; other (plain) and otherTLS receive redirects that leave them.
type redirWorld struct {
	api, secureAPI, other, otherTLS *redirServer
	net                             *redirNet
}

func newRedirWorld(t *testing.T) *redirWorld {
	t.Helper()
	w := &redirWorld{
		api: newRedirServer(t, false), secureAPI: newRedirServer(t, true),
		other: newRedirServer(t, false), otherTLS: newRedirServer(t, true),
	}
	pa, ps, po := w.api.port(), w.secureAPI.port(), w.other.port()
	w.net = &redirNet{
		plain: map[string]*redirServer{
			"ome.test:" + pa:     w.api,
			"ome.test:80":        w.api, // the base URL without a port
			"ome.test:" + po:     w.other,
			"api.ome.test:" + pa: w.other,
			"evil.test:" + pa:    w.other,
			"secure.test:" + ps:  w.other, // plain HTTP to the TLS origin's host and port
		},
		secure: map[string]*redirServer{
			"secure.test:" + ps: w.secureAPI,
			"ome.test:" + pa:    w.otherTLS, // TLS to the plain origin's host and port
		},
	}
	return w
}

// TestRedirects follows every redirect status to every kind of target, with and without
// WithSameOriginRedirects, for a GET and for a POST whose body carries a virtual host's secrets.
// A redirect is followed only with the option, only on the origin and only when it keeps the
// method; otherwise the call fails with ErrRedirect after one request, and no other server ever
// sees a request, so neither the token nor the body leaves the origin.
func TestRedirects(t *testing.T) {
	t.Parallel()
	targets := []struct {
		name       string
		secureBase bool                             // the client is made for https://secure.test
		location   func(w *redirWorld) string       // the redirect's Location
		receiver   func(w *redirWorld) *redirServer // the server the Location leads to
		sameOrigin bool
	}{
		{"same origin, relative", false, func(*redirWorld) string { return "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.api }, true},
		{"same origin, absolute", false, func(w *redirWorld) string { return "http://ome.test:" + w.api.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.api }, true},
		// Go's client would drop the credentials for a host in other capitals: not followed.
		{"origin's host in capitals", false, func(w *redirWorld) string { return "http://OME.Test:" + w.api.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.api }, false},
		{"same host, other port", false, func(w *redirWorld) string { return "http://ome.test:" + w.other.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.other }, false},
		{"subdomain", false, func(w *redirWorld) string { return "http://api.ome.test:" + w.api.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.other }, false},
		{"other host", false, func(w *redirWorld) string { return "http://evil.test:" + w.api.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.other }, false},
		{"http to https", false, func(w *redirWorld) string { return "https://ome.test:" + w.api.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.otherTLS }, false},
		{"https to http", true, func(w *redirWorld) string { return "http://secure.test:" + w.secureAPI.port() + "/moved/v1/vhosts" },
			func(w *redirWorld) *redirServer { return w.other }, false},
	}
	calls := []struct {
		name string
		do   func(c *Client) error
	}{
		{"GET", func(c *Client) error { _, err := c.VirtualHosts.List(context.Background()); return err }},
		{"POST", func(c *Client) error {
			_, err := c.VirtualHosts.Create(context.Background(), VirtualHost{Name: "secret-host"})
			return err
		}},
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testToken))
	for _, target := range targets {
		for _, status := range []int{301, 302, 303, 307, 308} {
			for _, call := range calls {
				for _, option := range []bool{false, true} {
					name := fmt.Sprintf("%s/%d/%s/option=%v", target.name, status, call.name, option)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						w := newRedirWorld(t)
						origin, base := w.api, "http://ome.test:"+w.api.port()
						if target.secureBase {
							origin, base = w.secureAPI, "https://secure.test:"+w.secureAPI.port()
						}
						location := target.location(w)
						origin.redirect = func(rw http.ResponseWriter, r *http.Request) bool {
							http.Redirect(rw, r, location, status)
							return true
						}
						opts := []Option{WithAccessToken(testToken), WithHTTPClient(w.net.client(t))}
						if option {
							opts = append(opts, WithSameOriginRedirects())
						}
						c, err := New(base, opts...)
						if err != nil {
							t.Fatal(err)
						}
						err = call.do(c)

						// Followed only with the option, on the origin, with the method kept.
						methodKept := call.name == "GET" || status == 307 || status == 308
						follow := option && target.sameOrigin && methodKept
						receiver := target.receiver(w)
						got := origin.requests()
						if follow {
							if err != nil {
								t.Fatalf("redirect not followed: %v", err)
							}
							if len(got) != 2 || got[1].path != "/moved/v1/vhosts" || got[1].method != call.name || got[1].auth != auth || got[1].body != got[0].body {
								t.Errorf("requests at the origin %+v; want the original and the same request at /moved/v1/vhosts", got)
							}
						} else {
							if !errors.Is(err, ErrRedirect) {
								t.Errorf("error %v; want ErrRedirect", err)
							}
							if len(got) != 1 || got[0].path != "/v1/vhosts" {
								t.Errorf("requests at the origin %+v; want only the original", got)
							}
							var apiErr *APIError
							if errors.As(err, &apiErr) {
								t.Errorf("a refused redirect is not an answer of the API: %v", err)
							}
						}
						if receiver != origin {
							if r := receiver.requests(); len(r) != 0 {
								t.Errorf("another origin received %d requests (first: %s %s, Authorization set: %v, body %q)",
									len(r), r[0].method, r[0].path, r[0].auth != "", r[0].body)
							}
						}
						for _, s := range []*redirServer{w.api, w.secureAPI, w.other, w.otherTLS} {
							if s == origin {
								continue
							}
							for _, r := range s.requests() {
								if r.auth != "" || strings.Contains(r.body, "secret-host") {
									t.Errorf("%s %s reached another server with the credentials or the body", r.method, r.path)
								}
							}
						}
						if err != nil && (strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), auth[len("Basic "):])) {
							t.Errorf("error text carries the credentials: %v", err)
						}
					})
				}
			}
		}
	}
}

// TestRedirectDefaultPort: a base URL without a port and a Location with the scheme's default
// port name the same origin.
func TestRedirectDefaultPort(t *testing.T) {
	t.Parallel()
	w := newRedirWorld(t)
	w.api.redirect = func(rw http.ResponseWriter, r *http.Request) bool {
		http.Redirect(rw, r, "http://ome.test:80/moved/v1/vhosts", http.StatusTemporaryRedirect)
		return true
	}
	c, err := New("http://ome.test", WithAccessToken(testToken), WithHTTPClient(w.net.client(t)), WithSameOriginRedirects())
	if err != nil {
		t.Fatal(err)
	}
	if names, err := c.VirtualHosts.List(context.Background()); err != nil || len(names) != 1 {
		t.Fatalf("List = %v, %v; want the redirect followed", names, err)
	}
	if got := w.api.requests(); len(got) != 2 {
		t.Errorf("requests %+v", got)
	}
}

// TestRedirectLoop: with the option, a redirect loop on the origin ends with ErrRedirect.
func TestRedirectLoop(t *testing.T) {
	t.Parallel()
	w := newRedirWorld(t)
	w.api.redirect = func(rw http.ResponseWriter, r *http.Request) bool {
		http.Redirect(rw, r, "/again"+r.URL.Path, http.StatusFound)
		return true
	}
	c, err := New("http://ome.test:"+w.api.port(), WithHTTPClient(w.net.client(t)), WithSameOriginRedirects())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.VirtualHosts.List(context.Background())
	if !errors.Is(err, ErrRedirect) || !strings.Contains(err.Error(), "10 redirects") {
		t.Fatalf("error %v; want ErrRedirect after 10 redirects", err)
	}
	if n := len(w.api.requests()); n != 10 {
		t.Errorf("%d requests; want 10", n)
	}
}

// TestRedirectNotRetried: a refused redirect is the server's steady answer; WithRetry does not
// send the request again.
func TestRedirectNotRetried(t *testing.T) {
	t.Parallel()
	w := newRedirWorld(t)
	w.api.redirect = func(rw http.ResponseWriter, r *http.Request) bool {
		http.Redirect(rw, r, "/moved/v1/vhosts", http.StatusFound)
		return true
	}
	c, err := New("http://ome.test:"+w.api.port(), WithHTTPClient(w.net.client(t)),
		WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.VirtualHosts.List(context.Background()); !errors.Is(err, ErrRedirect) {
		t.Fatalf("error %v; want ErrRedirect", err)
	}
	if n := len(w.api.requests()); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

// TestRedirectWithoutLocation: a 3xx without Location is not followed by any client; it is an
// answer of the server like any other non-2xx.
func TestRedirectWithoutLocation(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusFound, `{"message":"moved","statusCode":302}`)
	})
	c, err := New(f.srv.URL, WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.VirtualHosts.List(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound || errors.Is(err, ErrRedirect) {
		t.Fatalf("error %v; want an *APIError with status 302", err)
	}
}

// TestUserHTTPClientUnchanged: WithHTTPClient's client keeps its own redirect policy and
// settings; the SDK applies its policy to a copy, and still sends through the client's
// transport.
func TestUserHTTPClientUnchanged(t *testing.T) {
	t.Parallel()
	w := newRedirWorld(t)
	w.api.redirect = func(rw http.ResponseWriter, r *http.Request) bool {
		http.Redirect(rw, r, "/moved/v1/vhosts", http.StatusFound)
		return true
	}
	var userPolicyCalls int
	hc := w.net.client(t) // reaches ome.test only through its own transport
	hc.Timeout = 7 * time.Second
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { userPolicyCalls++; return nil }
	transport := hc.Transport
	plain := w.net.client(t)

	for _, user := range []*http.Client{hc, plain} {
		c, err := New("http://ome.test:"+w.api.port(), WithHTTPClient(user), WithSameOriginRedirects())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.VirtualHosts.List(context.Background()); err != nil {
			t.Fatalf("List through the user's transport: %v", err)
		}
	}
	if userPolicyCalls != 0 {
		t.Errorf("the SDK called the user's CheckRedirect %d times; its own policy applies", userPolicyCalls)
	}
	if hc.CheckRedirect == nil || hc.Timeout != 7*time.Second || hc.Transport != transport || plain.CheckRedirect != nil {
		t.Fatalf("the user's clients were changed: %+v, %+v", hc, plain)
	}
	// The user's own calls still follow the user's policy.
	res, err := hc.Get("http://ome.test:" + w.api.port() + "/v1/vhosts")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if userPolicyCalls != 1 || res.Request.URL.Path != "/moved/v1/vhosts" {
		t.Errorf("user's client: policy called %d times, ended at %s", userPolicyCalls, res.Request.URL.Path)
	}
}
