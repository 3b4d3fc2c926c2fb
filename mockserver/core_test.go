package mockserver

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

func basic(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }

func TestAuthentication(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	tests := []struct {
		name, header, msg string
	}{
		{"no header", "", "[HTTP] Authorization header is required to call API (401)"},
		{"blank header", "   ", "[HTTP] Authorization header is required to call API (401)"},
		{"scheme only", "Basic", "[HTTP] Invalid authorization header (401)"},
		{"three parts", "Basic a b", "[HTTP] Invalid authorization header (401)"},
		{"double space", "Basic  " + base64.StdEncoding.EncodeToString([]byte(DefaultToken)), "[HTTP] Invalid authorization header (401)"},
		{"bearer", "Bearer abc", "[HTTP] Not supported credential type: Bearer (401)"},
		{"wrong token", basic("nope"), "[HTTP] Invalid credential (401)"},
		{"user:password form of another token", basic("ome:access-token"), "[HTTP] Invalid credential (401)"},
		{"not base64", "Basic !!!", "[HTTP] Invalid credential (401)"},
		{"token prefix", basic(DefaultToken[:5]), "[HTTP] Invalid credential (401)"},
	}
	for _, tt := range tests {
		for _, path := range []string{"/v1/vhosts", "/v1/nosuchthing", ControlPrefix + "/reset"} {
			req := h.request("GET", path, nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			r := h.send(req)
			if r.Status != 401 || r.Message() != tt.msg {
				t.Errorf("%s, %s: %d %q, want 401 %q", tt.name, path, r.Status, r.Message(), tt.msg)
			}
			if got := r.Header.Get("WWW-Authenticate"); got != `Basic realm="OvenMediaEngine"` {
				t.Errorf("%s: WWW-Authenticate %q", tt.name, got)
			}
			if strings.Contains(r.String(), DefaultToken) {
				t.Errorf("%s: the token appears in the response", tt.name)
			}
		}
	}
}

func TestAuthenticationAcceptsTokenWithoutColonAndLowercaseScheme(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithAccessToken("s3cr3t-no-colon"))
	for _, scheme := range []string{"Basic", "basic", "BASIC"} {
		req := h.request("GET", "/v1/nosuchthing", nil)
		req.Header.Set("Authorization", scheme+" "+base64.StdEncoding.EncodeToString([]byte("s3cr3t-no-colon")))
		// Authenticated: the unknown path now reaches the catch-all.
		expect(t, h.send(req), 404, "[HTTP] Controller not found (404)")
	}
}

func TestPreflightAndCatchAll(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, path := range []string{"/v1/vhosts", "/nothing/here", "/v1/vhosts/default/apps/app:startPush"} {
		r := h.send(h.request("OPTIONS", path, nil)) // no credentials
		if r.Status != http.StatusNoContent || len(r.Body) != 0 {
			t.Errorf("OPTIONS %s: %d %q, want an empty 204", path, r.Status, r.Body)
		}
		if r.Header.Get("Access-Control-Allow-Methods") != corsMethods {
			t.Errorf("OPTIONS %s: Allow-Methods %q", path, r.Header.Get("Access-Control-Allow-Methods"))
		}
	}
	for _, tt := range []struct{ method, path string }{
		{"PUT", "/v1/vhosts"}, {"PATCH", "/v1/vhosts/default"}, {"GET", "/v1/stats/current/vhosts"},
		{"POST", "/v1/vhosts/default/apps/app:startrecord"}, {"GET", "/v1/vhosts/default/apps/app:bogus"},
		{"DELETE", "/v1"}, {"TRACE", "/v1/version"},
	} {
		expect(t, h.do(tt.method, tt.path, nil), 404, "[HTTP] Controller not found (404)")
	}
	r := h.do("GET", "/v1/version", nil)
	if r.Header.Get("Server") != "OvenMediaEngine" || r.Header.Get("Vary") != "Origin" {
		t.Errorf("Server %q, Vary %q", r.Header.Get("Server"), r.Header.Get("Vary"))
	}
}

func TestMalformedAndOversizedBodies(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithMaxBodyBytes(64))
	r := h.do("POST", "/v1/nosuchvhost/x", "{")
	expect(t, r, 404, "[HTTP] Controller not found (404)")
	// Malformed JSON is reported before the virtual host is looked up, as OME does.
	r = h.do("POST", "/v1/vhosts/nosuchvhost/apps", "[{\"name\": }]")
	if r.Status != 400 || !strings.HasPrefix(r.Message(), "[HTTP] [JSON] * Line 1, Column ") {
		t.Fatalf("malformed JSON: %d %s", r.Status, r.Body)
	}
	r = h.do("POST", "/v1/vhosts", "["+strings.Repeat(" ", 100)+"]")
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %d %s", r.Status, r.Body)
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	xml := func(cross string) Option {
		return WithServerXML("cors.xml", []byte(`<Server><Name>x</Name><Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
<Managers><API><AccessToken>t</AccessToken>`+cross+`</API></Managers><VirtualHosts/></Server>`))
	}
	tests := []struct {
		name, cross, origin         string
		wantOrigin, wantCreds       string
		wantMethods, wantHeaderKey  string
		reqHeaders, wantAllowHeader string
	}{
		{name: "no CrossDomains", origin: "http://a.example", wantMethods: corsMethods},
		{name: "star", cross: "<CrossDomains><Url>*</Url></CrossDomains>", origin: "http://a.example",
			wantOrigin: "*", wantCreds: "true", wantMethods: corsMethods, reqHeaders: "X-A", wantAllowHeader: "X-A"},
		{name: "null", cross: "<CrossDomains><Url>null</Url></CrossDomains>", origin: "null", wantOrigin: "null", wantCreds: "true", wantMethods: corsMethods},
		{name: "wildcard match without scheme", cross: "<CrossDomains><Url>*.ovenmedia.com</Url></CrossDomains>",
			origin: "https://x.ovenmedia.com", wantOrigin: "https://x.ovenmedia.com", wantCreds: "true", wantMethods: corsMethods},
		{name: "port is not allowed for", cross: "<CrossDomains><Url>*.ovenmedia.com</Url></CrossDomains>",
			origin: "https://x.ovenmedia.com:8443"},
		{name: "no origin header", cross: "<CrossDomains><Url>*.ovenmedia.com</Url></CrossDomains>"},
		{name: "empty list grants nothing", cross: "<CrossDomains></CrossDomains>", origin: "http://a.example"},
		{name: "custom header always sent", cross: "<CrossDomains><Url>http://only.example</Url><Header><Key>X-Custom</Key><Value>v</Value></Header></CrossDomains>",
			origin: "http://other.example", wantHeaderKey: "X-Custom"},
	}
	for _, tt := range tests {
		h := newHarness(t, xml(tt.cross))
		for _, method := range []string{"OPTIONS", "GET"} {
			req := h.request(method, "/v1/vhosts", nil)
			req.Header.Set("Authorization", basic("t"))
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.reqHeaders != "" {
				req.Header.Set("Access-Control-Request-Headers", tt.reqHeaders)
			}
			r := h.send(req)
			got := func(k string) string { return r.Header.Get(k) }
			if got("Access-Control-Allow-Origin") != tt.wantOrigin || got("Access-Control-Allow-Credentials") != tt.wantCreds ||
				got("Access-Control-Allow-Methods") != tt.wantMethods || got("Access-Control-Allow-Headers") != tt.wantAllowHeader {
				t.Errorf("%s %s: origin %q creds %q methods %q headers %q", tt.name, method, got("Access-Control-Allow-Origin"),
					got("Access-Control-Allow-Credentials"), got("Access-Control-Allow-Methods"), got("Access-Control-Allow-Headers"))
			}
			if tt.wantHeaderKey != "" && got(tt.wantHeaderKey) == "" {
				t.Errorf("%s: custom header %s missing", tt.name, tt.wantHeaderKey)
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	if _, err := New(WithServerXML("x.xml", []byte("<Server><Name>x</Name><VirtualHosts>"))); err == nil || !strings.Contains(err.Error(), "x.xml") {
		t.Errorf("broken XML: %v", err)
	}
	noToken := []byte(`<Server><Name>x</Name><VirtualHosts/></Server>`)
	if _, err := New(WithServerXML("n.xml", noToken)); err == nil {
		t.Error("a config without access token was accepted")
	}
	if _, err := New(WithServerXML("n.xml", noToken), WithAccessToken("t")); err != nil {
		t.Errorf("WithAccessToken did not supply the token: %v", err)
	}
	for _, o := range []Option{WithAccessToken(""), WithLogger(nil), WithMaxBodyBytes(0), WithClock(nil), WithEnv(nil), WithConfigFile("")} {
		if _, err := New(o); err == nil {
			t.Error("an invalid option was accepted")
		}
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if s.ListenAddr() != "127.0.0.1:8081" || s.Token() != DefaultToken {
		t.Errorf("default listen %q token ok=%v", s.ListenAddr(), s.Token() == DefaultToken)
	}
}
