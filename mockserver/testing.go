package mockserver

import (
	"net/http/httptest"
	"testing"

	"github.com/omekit/omekit/sdk"
)

// TestServer is a mock listening on a loopback port for the duration of a test.
type TestServer struct {
	*Server
	// URL is the base URL, e.g. "http://127.0.0.1:41234" (no trailing slash).
	URL string
	t   testing.TB
}

// NewTest starts a mock on 127.0.0.1 with a free port and stops it when the test ends. It fails
// the test if the mock cannot be built.
func NewTest(t testing.TB, opts ...Option) *TestServer {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatalf("mockserver: %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return &TestServer{Server: s, URL: hs.URL, t: t}
}

// Client returns an SDK client for the mock, authenticated with its token. Further options
// (a logger, retries…) are applied after the mock's own.
func (ts *TestServer) Client(opts ...sdk.Option) *sdk.Client {
	ts.t.Helper()
	c, err := sdk.New(ts.URL, append([]sdk.Option{sdk.WithAccessToken(ts.Token())}, opts...)...)
	if err != nil {
		ts.t.Fatalf("mockserver: sdk client: %v", err)
	}
	return c
}
