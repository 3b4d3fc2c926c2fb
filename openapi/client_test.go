package openapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/omekit/omekit/gen"
)

// captureDoer records the request the generated client would send.
type captureDoer struct{ req *http.Request }

func (c *captureDoer) Do(r *http.Request) (*http.Response, error) {
	c.req = r
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{}`)), Header: http.Header{}}, nil
}

func TestGeneratedClientURLs(t *testing.T) {
	ctx := context.Background()
	body := func() io.Reader { return strings.NewReader(`{}`) }
	tests := []struct {
		name, server string
		call         func(c *gen.Client) error
		method, path string
	}{
		{"app action", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.StartPushWithBody(ctx, "default", "app", "application/json", body())
			return err
		}, "POST", "/v1/vhosts/default/apps/app:startPush"},
		{"deprecated GET action", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.ListPushesDeprecated(ctx, "default", "app")
			return err
		}, "GET", "/v1/vhosts/default/apps/app:pushes"},
		{"collection action", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.ReloadAllCertificatesWithBody(ctx, "application/json", body())
			return err
		}, "POST", "/v1/vhosts:reloadAllCertificates"},
		{"vhost action", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.ReloadCertificateWithBody(ctx, "default", "application/json", body())
			return err
		}, "POST", "/v1/vhosts/default:reloadCertificate"},
		{"managers action", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.ReloadAPIServerCertificateWithBody(ctx, "application/json", body())
			return err
		}, "POST", "/v1/managers/api:reloadCertificate"},
		{"stream action with a colon in the name", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.SendEventWithBody(ctx, "default", "app", "cam:1", "application/json", body())
			return err
		}, "POST", "/v1/vhosts/default/apps/app/streams/cam:1:sendEvent"},
		{"stream action with a space", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.SendEventsWithBody(ctx, "default", "app", "my stream", "application/json", body())
			return err
		}, "POST", "/v1/vhosts/default/apps/app/streams/my%20stream:sendEvents"},
		{"slash in a name is escaped", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.GetVirtualHost(ctx, "a/b")
			return err
		}, "GET", "/v1/vhosts/a%2Fb"},
		{"unicode and percent", "http://127.0.0.1:8081", func(c *gen.Client) error {
			_, err := c.GetStream(ctx, "default", "app", "100%ü")
			return err
		}, "GET", "/v1/vhosts/default/apps/app/streams/100%25%C3%BC"},
		{"base URL with a path prefix", "https://proxy.example/ome", func(c *gen.Client) error {
			_, err := c.GetStreamStats(ctx, "default", "app", "s")
			return err
		}, "GET", "/ome/v1/stats/current/vhosts/default/apps/app/streams/s"},
		{"profile with a colon", "http://127.0.0.1:8081/", func(c *gen.Client) error {
			_, err := c.DeleteOutputProfile(ctx, "default", "app", "p:1")
			return err
		}, "DELETE", "/v1/vhosts/default/apps/app/outputProfiles/p:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &captureDoer{}
			c, err := gen.NewClient(tt.server, gen.WithHTTPClient(d))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if d.req.Method != tt.method || d.req.URL.EscapedPath() != tt.path {
				t.Errorf("request %s %s, want %s %s", d.req.Method, d.req.URL.EscapedPath(), tt.method, tt.path)
			}
		})
	}
}
