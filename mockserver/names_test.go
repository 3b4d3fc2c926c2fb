package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/omekit/omekit/sdk"
)

// TestNameCap: names longer than maxNameBytes are refused wherever a name is created (virtual
// hosts, their nested applications, applications, output profiles, streams published through the
// hooks), with the mock's own message; a name at the cap, even one whose every byte needs
// percent-encoding, can be listed, read and deleted over HTTP within ome-mock's header limit.
func TestNameCap(t *testing.T) {
	t.Parallel()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(s.Handler())
	srv.Config.MaxHeaderBytes = 64 << 10 // ome-mock's default
	srv.Start()
	defer srv.Close()
	c, err := sdk.New(srv.URL, sdk.WithAccessToken(s.Token()))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)

	over := strings.Repeat("o", maxNameBytes+1)
	tooLong := func(kind string) string {
		return fmt.Sprintf("%s name is too long: %d bytes (the mock accepts at most %d)", kind, maxNameBytes+1, maxNameBytes)
	}
	r := h.do("POST", "/v1/vhosts", `[{"name":"ok"},{"name":"`+over+`"},{"name":"nested","applications":[{"name":"`+over+`","type":"live"}]}]`)
	expectBatch(t, r, http.StatusMultiStatus, wantItem{200, "OK"}, wantItem{400, tooLong("Virtual host")}, wantItem{400, tooLong("Application")})
	expect(t, h.do("POST", "/v1/vhosts/ok/apps", `[{"name":"`+over+`","type":"live"}]`), 400, "[HTTP] "+tooLong("Application")+" (400)")
	expect(t, h.do("POST", "/v1/vhosts/ok/apps", `[{"name":"a","type":"live"}]`), 200, "")
	profile := `[{"name":"` + over + `","outputStreamName":"x","encodes":{"videos":[{"bypass":true}]}}]`
	expect(t, h.do("POST", "/v1/vhosts/ok/apps/a/outputProfiles", profile), 400, "[HTTP] "+tooLong("Output profile")+" (400)")
	if err := h.s.PublishStream("default", "app", InputStream{Name: over}); err == nil || err.Error() != "[HTTP] "+tooLong("Stream")+" (400)" {
		t.Errorf("publish: %v", err)
	}
	if names := vhostNames(t, h); len(names) != 2 {
		t.Errorf("vhosts %q, want default and ok only", names)
	}

	// At the cap, with bytes a client percent-encodes (9 KiB of path when it does).
	atCap := strings.Repeat("é", maxNameBytes/2)
	ctx := t.Context()
	if _, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: atCap}); err != nil {
		t.Fatalf("create at the cap: %v", err)
	}
	for _, tt := range []struct {
		method, path string
		status       int
	}{
		// OME matches the path as sent, so the percent-encoded name is another name: 404, not 431.
		{http.MethodGet, "/v1/vhosts/" + url.PathEscape(atCap), http.StatusNotFound},
		{http.MethodGet, "/v1/vhosts/" + atCap, http.StatusOK}, // as sent by a client that does not encode
		{http.MethodDelete, "/v1/vhosts/" + atCap, http.StatusOK},
		{http.MethodGet, "/v1/vhosts/" + atCap, http.StatusNotFound},
	} {
		req, _ := http.NewRequestWithContext(ctx, tt.method, srv.URL, nil)
		req.URL.Opaque = tt.path
		req.Header.Set("Authorization", basic(s.Token()))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("%s of the name at the cap (%d bytes of path): %d, want %d", tt.method, len(tt.path), res.StatusCode, tt.status)
		}
	}
}

func vhostNames(t *testing.T, h *harness) []string {
	t.Helper()
	var env struct {
		Response []string `json:"response"`
	}
	h.do("GET", "/v1/vhosts", nil).JSON(t, &env)
	return env.Response
}
