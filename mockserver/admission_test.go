package mockserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
	"github.com/omekit/omekit/sdk/webhook"
)

// admissionXML is a Server.xml whose vhost "hooked" (host live.example.com) sends admission
// requests to url; extra goes inside <AdmissionWebhooks> (Timeout, Enables…).
func admissionXML(url, secret, extra string) Option {
	return WithServerXML("admission.xml", []byte(`<Server><Name>x</Name>
<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
<Managers><API><AccessToken>t</AccessToken></API></Managers>
<VirtualHosts>
	<VirtualHost>
		<Name>hooked</Name>
		<Host><Names><Name>*.example.org</Name><Name>live.example.com</Name></Names></Host>
		<AdmissionWebhooks>
			<ControlServerUrl>`+url+`</ControlServerUrl>
			<SecretKey>`+secret+`</SecretKey>
			`+extra+`
		</AdmissionWebhooks>
		<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
	</VirtualHost>
	<VirtualHost>
		<Name>open</Name>
		<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
	</VirtualHost>
</VirtualHosts></Server>`))
}

// controlServer is a control server built with sdk/webhook (an implementation independent of
// the mock's), which records what it was asked.
type controlServer struct {
	URL  string
	mu   sync.Mutex
	reqs []webhook.AdmissionRequest
}

func (c *controlServer) requests() []webhook.AdmissionRequest {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]webhook.AdmissionRequest(nil), c.reqs...)
}

func newControlServer(t *testing.T, secret string, decide func(webhook.AdmissionRequest) webhook.AdmissionResponse) *controlServer {
	t.Helper()
	c := &controlServer{}
	h, err := webhook.NewAdmissionHandler(secret, func(_ context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		c.mu.Lock()
		c.reqs = append(c.reqs, req)
		c.mu.Unlock()
		return decide(req), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c.URL = srv.URL + "/v1/admission"
	return c
}

// rawControlServer answers every request with fn.
func rawControlServer(t *testing.T, fn http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(fn)
	t.Cleanup(srv.Close)
	return srv.URL
}

// hang is a control server that does not answer until the client gives up (or 5 s pass). It
// reads the body first: only then does net/http notice that the client has gone.
func hang(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
	_, _ = io.WriteString(w, `{"allowed":true}`)
}

var admissionClock = time.Date(2026, 5, 12, 13, 45, 0, 123e6, time.FixedZone("KST", 9*3600))

func newAdmissionServer(t *testing.T, opt Option) *Server {
	t.Helper()
	s, err := New(opt, WithClock(func() time.Time { return admissionClock }))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAdmitAsksTheControlServer(t *testing.T) {
	t.Parallel()
	cs := newControlServer(t, "s3cr3t", func(req webhook.AdmissionRequest) webhook.AdmissionResponse {
		if strings.HasSuffix(req.Request.URL, "/key-1") {
			return webhook.Allow()
		}
		return webhook.Deny("unknown stream key")
	})
	s := newAdmissionServer(t, admissionXML(cs.URL, "s3cr3t", `<Enables><Providers>rtmp,srt,webrtc</Providers></Enables>`))

	if err := s.admit(context.Background(), "hooked", "app", "key-1", "RTMP"); err != nil {
		t.Fatalf("allowed stream: %v", err)
	}
	err := s.admit(context.Background(), "hooked", "app", "guess", "RTMP")
	var oe *omeError
	if !errors.As(err, &oe) || oe.status != http.StatusForbidden || !errors.Is(err, errAdmissionDenied) {
		t.Fatalf("denied stream: error %v, want a 403 of kind errAdmissionDenied", err)
	}
	if want := "[HTTP] Admission denied: unknown stream key (403)"; oe.message() != want {
		t.Errorf("message %q, want %q", oe.message(), want)
	}

	reqs := cs.requests()
	if len(reqs) != 2 {
		t.Fatalf("the control server got %d requests, want 2", len(reqs))
	}
	r := reqs[0]
	if r.Request.Direction != webhook.Incoming || r.Request.Status != webhook.Opening || r.Request.Protocol != "RTMP" ||
		r.Request.URL != "rtmp://live.example.com:1935/app/key-1" || r.Request.NewURL != "" ||
		!r.Request.Time.Equal(admissionClock) || r.Client.Address != "127.0.0.1" || r.Client.Port == 0 {
		t.Errorf("request %+v", r)
	}
	if _, off := r.Request.Time.Zone(); off != 9*3600 {
		t.Errorf("time %v: want the server's local offset", r.Request.Time)
	}
}

func TestAdmitURLPerProtocol(t *testing.T) {
	t.Parallel()
	cs := newControlServer(t, "k", func(webhook.AdmissionRequest) webhook.AdmissionResponse { return webhook.Allow() })
	s := newAdmissionServer(t, admissionXML(cs.URL, "k", `<Enables><Providers> RTMP , Srt,WEBRTC </Providers></Enables>`))
	for _, p := range []string{"RTMP", "SRT", "WebRTC"} {
		if err := s.admit(context.Background(), "hooked", "app", "a b", p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	var got []string
	for _, r := range cs.requests() {
		got = append(got, r.Request.Protocol+" "+r.Request.URL)
	}
	want := []string{
		"RTMP rtmp://live.example.com:1935/app/a%20b",
		"SRT srt://live.example.com:9999/app/a%20b",
		"WebRTC ws://live.example.com:3333/app/a%20b",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAdmitNotAsked covers the cases where OME does not consult the control server.
func TestAdmitNotAsked(t *testing.T) {
	t.Parallel()
	cs := newControlServer(t, "k", func(webhook.AdmissionRequest) webhook.AdmissionResponse { return webhook.Deny("no") })
	tests := []struct {
		name                    string
		enables                 string
		vhost, protocol         string
		wantErr, wantControlled bool
	}{
		{"provider not enabled", `<Enables><Providers>srt,webrtc</Providers></Enables>`, "hooked", "RTMP", false, false},
		{"only publishers enabled", `<Enables><Publishers>rtmp,webrtc,llhls</Publishers></Enables>`, "hooked", "RTMP", false, false},
		{"no Enables", ``, "hooked", "RTMP", false, false},
		{"a pull or channel (no protocol)", `<Enables><Providers>rtmp</Providers></Enables>`, "hooked", "", false, false},
		{"vhost without AdmissionWebhooks", `<Enables><Providers>rtmp</Providers></Enables>`, "open", "RTMP", false, false},
		{"unknown vhost", `<Enables><Providers>rtmp</Providers></Enables>`, "nope", "RTMP", false, false},
		{"enabled: asked and denied", `<Enables><Providers>rtmp</Providers></Enables>`, "hooked", "RTMP", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newAdmissionServer(t, admissionXML(cs.URL, "k", tt.enables))
			before := len(cs.requests())
			err := s.admit(context.Background(), tt.vhost, "app", "s", tt.protocol)
			if (err != nil) != tt.wantErr {
				t.Errorf("admit: %v, want error %v", err, tt.wantErr)
			}
			if asked := len(cs.requests()) > before; asked != tt.wantControlled {
				t.Errorf("control server asked = %v, want %v", asked, tt.wantControlled)
			}
		})
	}
}

// TestAdmitFailsClosed: every answer but a 200 with "allowed": true refuses the stream.
func TestAdmitFailsClosed(t *testing.T) {
	t.Parallel()
	answer := func(status int, body string) string {
		return rawControlServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		})
	}
	// Port 1 of the loopback address: nothing listens there, and unlike a port freed by a
	// closed listener no parallel test can take it over.
	closed := "http://127.0.0.1:1/hook"
	slow := rawControlServer(t, hang)
	redirect := rawControlServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	tests := []struct {
		name, url, secret, extra string
		reason                   string // the message after "Admission denied: "; "" = admitted
	}{
		{"allowed", answer(200, `{"allowed":true,"new_url":"rtmp://x/app/other","lifetime":1000}`), "k", "", ""},
		{"denied with a reason", answer(200, `{"allowed":false,"reason":"banned"}`), "k", "", "banned"},
		{"denied without a reason", answer(200, `{"allowed":false}`), "k", "",
			"the control server refused rtmp://live.example.com:1935/app/s from 127.0.0.1:50000"},
		{"denied with a non-string reason", answer(200, `{"allowed":false,"reason":42}`), "k", "",
			"the control server refused rtmp://live.example.com:1935/app/s from 127.0.0.1:50000"},
		{"status 500", answer(500, `{"allowed":true}`), "k", "", "the control server answered 500"},
		{"status 204", answer(204, ``), "k", "", "the control server answered 204"},
		{"redirect not followed", redirect, "k", "", "the control server answered 307"},
		{"not JSON", answer(200, `allowed`), "k", "", "the control server's answer is not a JSON object"},
		{"JSON array", answer(200, `[{"allowed":true}]`), "k", "", "the control server's answer is not a JSON object"},
		{"allowed missing", answer(200, `{}`), "k", "", `the control server's answer has no boolean "allowed"`},
		{"allowed null", answer(200, `{"allowed":null}`), "k", "", `the control server's answer has no boolean "allowed"`},
		{"allowed as a string", answer(200, `{"allowed":"true"}`), "k", "", `the control server's answer has no boolean "allowed"`},
		{"allowed as a number", answer(200, `{"allowed":1}`), "k", "", `the control server's answer has no boolean "allowed"`},
		{"connection refused", closed, "k", "", "the control server could not be reached"},
		{"timeout", slow, "k", "<Timeout>100</Timeout>", "the control server did not answer within 100 ms"},
		{"wrong secret (the control server refuses the signature)", newControlServer(t, "other",
			func(webhook.AdmissionRequest) webhook.AdmissionResponse { return webhook.Allow() }).URL, "k", "",
			"the control server answered 401"},
		{"URL not http", "ftp://127.0.0.1/x", "k", "", "the AdmissionWebhooks configuration is invalid: controlServerUrl must be an absolute http or https URL"},
		{"URL empty", "", "k", "", "the AdmissionWebhooks configuration is invalid: controlServerUrl must be an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newAdmissionServer(t, admissionXML(tt.url, tt.secret, `<Enables><Providers>rtmp</Providers></Enables>`+tt.extra))
			start := time.Now()
			err := s.admit(context.Background(), "hooked", "app", "s", "RTMP")
			if time.Since(start) > 3*time.Second {
				t.Errorf("admit took %v", time.Since(start))
			}
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("admit: %v, want admitted", err)
				}
				return
			}
			var oe *omeError
			if !errors.As(err, &oe) || !errors.Is(err, errAdmissionDenied) || oe.status != http.StatusForbidden {
				t.Fatalf("admit: %v, want a 403 refusal", err)
			}
			if want := "Admission denied: " + tt.reason; oe.text != want {
				t.Errorf("text %q, want %q", oe.text, want)
			}
		})
	}
}

// TestAdmitTimeoutConfig checks how the timeout is read: as OME reads it (a 32-bit integer from
// a Server.xml string or an API number, 0 for what it cannot read), the default of 3000 ms, OME's
// "no deadline" for values that are not positive bounded by maxAdmissionWait, and a context
// deadline that is shorter than the configured timeout.
func TestAdmitTimeoutConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		timeout string // the JSON value of admissionWebhooks.timeout; "" for none
		want    time.Duration
	}{
		{``, 3 * time.Second},
		{`null`, 3 * time.Second},
		{`"1500"`, 1500 * time.Millisecond},
		{`250`, 250 * time.Millisecond},
		{`" 42ms"`, 42 * time.Millisecond},
		{`"+7"`, 7 * time.Millisecond},
		{`"2500.9"`, 2500 * time.Millisecond},
		{`2.7`, 2 * time.Millisecond},
		{`1e3`, time.Second},
		{`29999`, 29999 * time.Millisecond},
		// OME waits without a deadline; the mock at most maxAdmissionWait.
		{`"soon"`, maxAdmissionWait},
		{`0`, maxAdmissionWait},
		{`-1`, maxAdmissionWait},
		{`"-250"`, maxAdmissionWait},
		{`true`, maxAdmissionWait},
		{`"99999999999"`, maxAdmissionWait},
		{`9223372036854775807`, maxAdmissionWait},
		{`1e10`, maxAdmissionWait},
		// In range for OME, longer than the mock waits.
		{`2147483647`, maxAdmissionWait},
		{`"600000"`, maxAdmissionWait},
	}
	for _, tt := range tests {
		member := ""
		if tt.timeout != "" {
			member = `"timeout":` + tt.timeout + `,`
		}
		config := `{"admissionWebhooks":{"controlServerUrl":"http://h/",` + member + `"enables":{"providers":"rtmp"}}}`
		cfg := parseAdmissionConfig([]byte(config), "RTMP")
		if !cfg.enabled || cfg.timeout != tt.want || cfg.badValue != "" {
			t.Errorf("timeout %s: %+v, want enabled with timeout %v", tt.timeout, cfg, tt.want)
		}
	}

	slow := rawControlServer(t, hang)
	s := newAdmissionServer(t, admissionXML(slow, "k", `<Enables><Providers>rtmp</Providers></Enables>`))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.admit(ctx, "hooked", "app", "s", "RTMP")
	if !errors.Is(err, errAdmissionDenied) || time.Since(start) > time.Second {
		t.Errorf("admit with a 50 ms context: %v after %v", err, time.Since(start))
	}
}

// TestAdmitAPIVhost: a virtual host created through the API (typed JSON, host names wrapped in
// an object as OME also accepts) is consulted the same way.
func TestAdmitAPIVhost(t *testing.T) {
	t.Parallel()
	cs := newControlServer(t, "api-key", func(webhook.AdmissionRequest) webhook.AdmissionResponse { return webhook.Deny("api says no") })
	h := newHarness(t)
	res := h.do("POST", "/v1/vhosts", fmt.Sprintf(`[{"name":"api","host":{"names":{"name":["*","api.example.com"]}},
		"admissionWebhooks":{"controlServerUrl":%q,"secretKey":"api-key","timeout":1000,"enables":{"providers":"RTMP"}}}]`, cs.URL))
	if res.Status != http.StatusOK {
		t.Fatalf("create vhost: %d %s", res.Status, res)
	}
	err := h.s.admit(context.Background(), "api", "app", "s", admissionProtocol(wire.StreamSourceTypeRTMP))
	if !errors.Is(err, errAdmissionDenied) || !strings.Contains(err.Error(), "api says no") {
		t.Fatalf("admit: %v", err)
	}
	if reqs := cs.requests(); len(reqs) != 1 || reqs[0].Request.URL != "rtmp://api.example.com:1935/app/s" {
		t.Errorf("requests %+v", reqs)
	}
}

func TestAdmissionProtocol(t *testing.T) {
	t.Parallel()
	want := map[wire.StreamSourceType]string{
		wire.StreamSourceTypeRTMP: "RTMP", wire.StreamSourceTypeSRT: "SRT", wire.StreamSourceTypeWebRTC: "WebRTC",
	}
	for _, src := range sourceTypes {
		if got := admissionProtocol(src); got != want[src] {
			t.Errorf("admissionProtocol(%s) = %q, want %q", src, got, want[src])
		}
	}
}

// TestAdmitSignature checks the signature the mock computes against OME's documented vector and
// against what the control server receives.
func TestAdmitSignature(t *testing.T) {
	t.Parallel()
	if got := omeSignature("1kU^b6", []byte("ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ")); got != "dvVdBpoxAeCPl94Kt5RoiqLI0YE" {
		t.Errorf("omeSignature = %s, want OME's documented dvVdBpoxAeCPl94Kt5RoiqLI0YE", got)
	}
	var body []byte
	var sig, ct, accept string
	url := rawControlServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		sig, ct, accept = r.Header.Get("X-OME-Signature"), r.Header.Get("Content-Type"), r.Header.Get("Accept")
		_, _ = io.WriteString(w, `{"allowed":true}`)
	})
	s := newAdmissionServer(t, admissionXML(url, "k&amp;&lt;&gt;", `<Enables><Providers>rtmp</Providers></Enables>`))
	if err := s.admit(context.Background(), "hooked", "app", "s", "RTMP"); err != nil {
		t.Fatal(err)
	}
	if !webhook.Verify("k&<>", body, sig) || len(sig) != 27 || ct != "application/json" || accept != "application/json" {
		t.Errorf("signature %q (valid %v), Content-Type %q, Accept %q", sig, webhook.Verify("k&<>", body, sig), ct, accept)
	}
	want := `{"client":{"address":"127.0.0.1","port":50000,"real_ip":"127.0.0.1"},"request":{"direction":"incoming","protocol":"RTMP","status":"opening","time":"2026-05-12T13:45:00.123+09:00","url":"rtmp://live.example.com:1935/app/s"}}`
	if string(body) != want {
		t.Errorf("body\n%s\nwant\n%s", body, want)
	}
}
