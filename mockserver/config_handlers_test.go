package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
)

// ---- helpers ----------------------------------------------------------------------------------

// itemResult is one element of a batch answer.
type itemResult struct {
	StatusCode int             `json:"statusCode"`
	Message    string          `json:"message"`
	Response   json.RawMessage `json:"response"`
}

func batchResults(t testing.TB, r response) []itemResult {
	t.Helper()
	var out []itemResult
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("not a batch answer: %d %s", r.Status, r.Body)
	}
	return out
}

// wantItem is an expected batch element: its status and message ("" = OK).
type wantItem struct {
	status int
	msg    string
}

func expectBatch(t testing.TB, r response, status int, want ...wantItem) []itemResult {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	got := batchResults(t, r)
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %s", len(got), len(want), r.Body)
	}
	for i, w := range want {
		msg := w.msg
		if msg == "" {
			msg = "OK"
		}
		if got[i].StatusCode != w.status || got[i].Message != msg {
			t.Errorf("item %d: %d %q, want %d %q", i, got[i].StatusCode, got[i].Message, w.status, msg)
		}
		if hasResponse := len(got[i].Response) > 0; hasResponse != (w.status == http.StatusOK) {
			t.Errorf("item %d: response present %v for status %d", i, hasResponse, got[i].StatusCode)
		}
	}
	return got
}

// sameJSON fails unless got and want hold the same JSON value. Numbers are compared by their
// text, so 3000 and "3000" differ, and so do 1 and 1.0.
func sameJSON(t testing.TB, got []byte, want string) {
	t.Helper()
	g, err := decodeJSON(got)
	if err != nil {
		t.Fatalf("got is not JSON: %v: %s", err, got)
	}
	w, err := decodeJSON([]byte(want))
	if err != nil {
		t.Fatalf("want is not JSON: %v: %s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		gc, _ := json.Marshal(g)
		wc, _ := json.Marshal(w)
		t.Errorf("JSON differs\n got: %s\nwant: %s", gc, wc)
	}
}

// payload returns the "response" member of a 200 envelope.
func payload(t testing.TB, r response) json.RawMessage {
	t.Helper()
	expect(t, r, http.StatusOK, "OK")
	var env struct {
		Response   json.RawMessage `json:"response"`
		StatusCode int             `json:"statusCode"`
	}
	r.JSON(t, &env)
	if env.StatusCode != http.StatusOK {
		t.Fatalf("envelope statusCode %d", env.StatusCode)
	}
	return env.Response
}

func names(t testing.TB, r response) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal(payload(t, r), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func expectNames(t testing.TB, r response, want ...string) {
	t.Helper()
	if got := names(t, r); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("names %q, want %q", got, want)
	}
}

// confFixture is a Server.xml fixture of testdata/serverxml (fixtures_test.go), read with the
// environment OME ran with when its answers were recorded.
func confFixture(name string) Option {
	return func(o *options) error {
		if err := WithConfigFile(filepath.Join(fixturesDir, name))(o); err != nil {
			return err
		}
		return WithEnv(fixtureLookup(name, fixtureEnv(name)))(o)
	}
}

// noAPIConf is a Server.xml without <Bind><Managers><API> (OME then runs without its API server).
var noAPIConf = WithServerXML("noapi.xml", []byte(`<Server><Name>x</Name><Managers><API><AccessToken>t</AccessToken></API></Managers>
<VirtualHosts><VirtualHost><Name>default</Name></VirtualHost></VirtualHosts></Server>`))

// withVhost returns a harness with an API-created (writable) vhost "vh" holding app "a" (created
// with the defaults of POST …/apps).
func withVhost(t testing.TB, opts ...Option) *harness {
	t.Helper()
	h := newHarness(t, opts...)
	expectBatch(t, h.do("POST", "/v1/vhosts", `[{"name":"vh"}]`), 200, wantItem{200, ""})
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"a","type":"live"}]`), 200, wantItem{200, ""})
	return h
}

// defaultAppJSON is the configuration POST …/apps stores for {"name":<name>,"type":"live"}.
func defaultAppJSON(name string) string {
	return `{"name":"` + name + `","type":"live","dynamic":false,
	"providers":{"ovt":{},"rtspPull":{},"webrtc":{},"srt":{},"rtmp":{}},
	"publishers":{"llhls":{},"webrtc":{},"ovt":{}},
	"outputProfiles":{"outputProfile":[{"name":"default","outputStreamName":"${OriginStreamName}","encodes":{
		"videos":[{"name":"bypass_video","bypass":true}],
		"audios":[{"name":"opus","codec":"opus","bitrate":128000,"samplerate":48000,"channel":2,"bypassIfMatch":{"codec":"eq"}},
		          {"name":"aac","codec":"aac","bitrate":128000,"samplerate":48000,"channel":2,"bypassIfMatch":{"codec":"eq"}}]}}]}}`
}

// ---- version, certificates ----------------------------------------------------------------------

func TestGetVersion(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	sameJSON(t, payload(t, h.do("GET", "/v1/version", nil)), `{"version":"0.21.0","gitVersion":"v0.21.0-omekit-mock"}`)
}

func TestCertificateReloads(t *testing.T) {
	t.Parallel()
	tlsConf := func(hostTLS string) Option {
		return WithServerXML("tls.xml", []byte(`<Server><Name>x</Name><Bind><Managers><API><Port>8081</Port><TLSPort>8082</TLSPort></API></Managers></Bind>
<Managers><Host><Names><Name>*</Name></Names>`+hostTLS+`</Host><API><AccessToken>t</AccessToken></API></Managers><VirtualHosts/></Server>`))
	}
	cert, key := writeTestCert(t, t.TempDir())
	tlsXML := tlsConf("<TLS><CertPath>" + cert + "</CertPath><KeyPath>" + key + "</KeyPath></TLS>")
	tests := []struct {
		name         string
		opts         []Option
		method, path string
		body         any
		status       int
		msg          string
	}{
		{"all, no body", nil, "POST", "/v1/vhosts:reloadAllCertificates", nil, 200, "OK"},
		{"all, ignored body", nil, "POST", "/v1/vhosts:reloadAllCertificates", `{"anything":[1,2]}`, 200, "OK"},
		{"all, malformed body", nil, "POST", "/v1/vhosts:reloadAllCertificates", `{`, 400, ""},
		{"one, Server.xml vhost without TLS", nil, "POST", "/v1/vhosts/default:reloadCertificate", nil, 200, "OK"},
		{"one, Server.xml vhost with TLS", []Option{confFixture("origin")}, "POST", "/v1/vhosts/default:reloadCertificate", `[]`, 200, "OK"},
		{"one, unknown vhost", nil, "POST", "/v1/vhosts/nope:reloadCertificate", nil, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"one, malformed body before the lookup", nil, "POST", "/v1/vhosts/nope:reloadCertificate", `[`, 400, ""},
		{"API server without TLSPort", nil, "POST", "/v1/managers/api:reloadCertificate", nil, 400, "[HTTP] TLS is not enabled for the API Server (400)"},
		{"API server without API section", []Option{noAPIConf}, "POST", "/v1/managers/api:reloadCertificate", nil, 400, "[HTTP] TLS is not enabled for the API Server (400)"},
		{"API server with TLSPort and certificate", []Option{tlsXML}, "POST", "/v1/managers/api:reloadCertificate", `{}`, 200, "OK"},
		{"API server with TLSPort but no <Managers><Host><TLS>", []Option{tlsConf("")}, "POST", "/v1/managers/api:reloadCertificate", nil, 400, "[HTTP] TLS is not enabled for the API Server (400)"},
		{"API server whose certificate files cannot be loaded", []Option{tlsConf("<TLS><CertPath>/nonexistent/c.pem</CertPath><KeyPath>/nonexistent/k.pem</KeyPath></TLS>")},
			"POST", "/v1/managers/api:reloadCertificate", nil, 500, "[HTTP] Failed to create a certificate for the API Server (500)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.opts...)
			r := h.do(tt.method, tt.path, tt.body)
			expect(t, r, tt.status, tt.msg)
			if tt.status == 400 && tt.msg == "" && !strings.HasPrefix(r.Message(), "[HTTP] [JSON] ") {
				t.Errorf("malformed body: %q", r.Message())
			}
		})
	}
}

// ---- virtual hosts ------------------------------------------------------------------------------

func TestVirtualHostsFromServerXML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    []Option
		vhosts  []string
		vhost   string // GET this one
		wantCfg string // "": OME's recorded answer for the fixture called name
	}{
		{"default", nil, []string{"default"}, "default",
			`{"distribution":"ovenmediaengine.com","host":{"names":["*"]},"name":"default"}`},
		// A vhost with TLS, SignedPolicy, AdmissionWebhooks and CrossDomains, next to three included ones.
		{"origin", []Option{confFixture("origin")}, []string{"default", "extra", "tenant-a", "tenant-beta"}, "default", ""},
		// Origins with every property and OriginMapStore; origin URLs are shown after ${env:...} substitution.
		{"edge", []Option{confFixture("edge")}, []string{"default"}, "default", ""},
		{"keytable", []Option{confFixture("keytable")}, []string{"big"}, "big", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.opts...)
			got := names(t, h.do("GET", "/v1/vhosts", nil))
			sort.Strings(got) // OME lists vhosts in no defined order
			if !reflect.DeepEqual(got, tt.vhosts) {
				t.Errorf("vhosts %q, want %q", got, tt.vhosts)
			}
			want := tt.wantCfg
			if want == "" {
				want = string(fixtureAnswer(t, tt.name, "GET", "/v1/vhosts/"+tt.vhost))
			}
			// Every scalar of a Server.xml object is a string.
			sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/"+tt.vhost, nil)), want)
		})
	}
}

func TestGetVirtualHostNotFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, name := range []string{"nope", "default:reloadCertificate", "Default"} {
		expect(t, h.do("GET", "/v1/vhosts/"+name, nil), 404, "[HTTP] Could not find the virtual host: ["+name+"] (404)")
	}
}

func TestCreateVirtualHosts(t *testing.T) {
	t.Parallel()
	const (
		nameMissing = "[Config] virtualHost.name is not optional"
		allBad      = http.StatusBadRequest
	)
	origin := func(o string) string { return `[{"name":"o","origins":{"origin":[` + o + `]}}]` }
	tests := []struct {
		name   string
		body   any
		status int
		items  []wantItem
		msg    string // whole-request message, when items is nil
	}{
		{"empty array", `[]`, 200, []wantItem{}, ""},
		{"object body", `{"name":"x"}`, 400, nil, "[HTTP] Request body must be an array (400)"},
		{"no body", nil, 400, nil, "[HTTP] Request body must be an array (400)"},
		{"string body", `"x"`, 400, nil, "[HTTP] Request body must be an array (400)"},
		{"one", `[{"name":"x"}]`, 200, []wantItem{{200, ""}}, ""},
		{"duplicate in request", `[{"name":"x"},{"name":"x"}]`, 207, []wantItem{{200, ""}, {409, "The virtual host already exists: [x]"}}, ""},
		{"existing Server.xml vhost", `[{"name":"default"}]`, 409, []wantItem{{409, "The virtual host already exists: [default]"}}, ""},
		{"all invalid", `[{},"x",1,null,[],true]`, allBad, []wantItem{{400, nameMissing}, {400, nameMissing}, {400, nameMissing}, {400, nameMissing}, {400, nameMissing}, {400, nameMissing}}, ""},
		{"mixed", `[{"name":"y"},{"name":"default"},{}]`, 207, []wantItem{{200, ""}, {409, "The virtual host already exists: [default]"}, {400, nameMissing}}, ""},
		{"invalid before existing", `[{"name":"default","bogus":1}]`, 400, []wantItem{{400, "[Config] Unknown item found: virtualHost.bogus"}}, ""},
		{"unknown host key", `[{"name":"x","host":{"names":["*"],"foo":1}}]`, 400, []wantItem{{400, "[Config] Unknown item found: virtualHost.host.foo"}}, ""},
		{"unknown tls key", `[{"name":"x","host":{"tls":{"certPath":"a","pem":"b"}}}]`, 400, []wantItem{{400, "[Config] Unknown item found: virtualHost.host.tls.pem"}}, ""},
		{"origin without location", origin(`{"pass":{"scheme":"ovt","urls":{"url":["h:9000/app"]}}}`), 400, []wantItem{{400, "[Config] origin.location is not optional"}}, ""},
		{"origin without url", origin(`{"location":"/","pass":{"scheme":"ovt","urls":{}}}`), 400, []wantItem{{400, "[Config] origin.pass.urls.url is not optional"}}, ""},
		{"origin unknown key", origin(`{"location":"/","pass":{"scheme":"ovt","urls":{"url":["h"]}},"ignoreRtcpSRTimestamp":true}`), 400, []wantItem{{400, "[Config] Unknown item found: origin.ignoreRtcpSRTimestamp"}}, ""},
		{"origin list not an array", `[{"name":"o","origins":{"origin":{"location":"/"}}}]`, 400, []wantItem{{400, "[Config] Child origin is not an array"}}, ""},
		{"redis host format", `[{"name":"r","originMapStore":{"redisServer":{"host":"localhost"}}}]`, 400, []wantItem{{400, "[Config] Invalid host format localhost > it must be host:port"}}, ""},
		{"app without type", `[{"name":"x","applications":[{"name":"a"}]}]`, 400, []wantItem{{400, "[Config] application.type is not optional"}}, ""},
		{"app with unknown key", `[{"name":"x","applications":[{"name":"a","type":"live","bogus":{}}]}]`, 400, []wantItem{{400, "[Config] Unknown item found: application.bogus"}}, ""},
		{"app with bad type", `[{"name":"x","applications":[{"name":"a","type":"Live"}]}]`, 400, []wantItem{{400, "[Config] Unknown type: Live"}}, ""},
		{"app profile codec missing", `[{"name":"x","applications":[{"name":"a","type":"live","outputProfiles":{"outputProfile":[{"name":"p","outputStreamName":"s","encodes":{"videos":[{"bitrate":1000}]}}]}}]}]`,
			400, []wantItem{{400, "[Config] Codec must be specified when bypass is false"}}, ""},
		{"duplicate applications", `[{"name":"x","applications":[{"name":"a","type":"live"},{"name":"a","type":"vod"}]}]`, 400, []wantItem{{400, "Failed to create the virtual host: [x]"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			r := h.do("POST", "/v1/vhosts", tt.body)
			if tt.items == nil {
				expect(t, r, tt.status, tt.msg)
				expectNames(t, h.do("GET", "/v1/vhosts", nil), "default")
				return
			}
			got := expectBatch(t, r, tt.status, tt.items...)
			want := []string{"default"}
			for _, it := range got {
				if it.StatusCode == 200 {
					var v struct{ Name string }
					_ = json.Unmarshal(it.Response, &v)
					want = append(want, v.Name)
				}
			}
			// Exactly the accepted hosts exist, in creation order; failed ones left nothing behind.
			expectNames(t, h.do("GET", "/v1/vhosts", nil), want...)
		})
	}
}

func TestCreateVirtualHostEchoAndApplications(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	body := `[{"name":"live","distribution":"d","host":{"names":{"name":["a.example.com","*.b.example.com"]}},
		"admissionWebhooks":{"controlServerUrl":"http://c","secretKey":"s","timeout":"1500","enables":{"providers":"rtmp"}},
		"origins":{"properties":{"retryCount":2,"noInputFailoverTimeout":"3000"}},
		"applications":{"application":[
			{"name":"one","type":"live","providers":{"rtmp":{"blockDuplicateStreamName":false}}},
			{"name":"*","type":"live","providers":{"ovt":{}}},
			{"name":"two","type":"vod"}]}}]`
	// Values keep the JSON type they were sent with; wrapped lists come back bare; the
	// applications are never echoed.
	wantCfg := `{"name":"live","distribution":"d","host":{"names":["a.example.com","*.b.example.com"]},
		"admissionWebhooks":{"controlServerUrl":"http://c","secretKey":"s","timeout":"1500","enables":{"providers":"rtmp"}},
		"origins":{"properties":{"retryCount":2,"noInputFailoverTimeout":"3000"}}}`
	got := expectBatch(t, h.do("POST", "/v1/vhosts", body), 200, wantItem{200, ""})
	sameJSON(t, got[0].Response, wantCfg)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/live", nil)), wantCfg)
	expectNames(t, h.do("GET", "/v1/vhosts", nil), "default", "live")

	// The applications were created as given, without the defaults of POST …/apps; "*" is the
	// template, not an application.
	expectNames(t, h.do("GET", "/v1/vhosts/live/apps", nil), "one", "two")
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/live/apps/one", nil)),
		`{"name":"one","type":"live","providers":{"rtmp":{"blockDuplicateStreamName":false}},"dynamic":false}`)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/live/apps/two", nil)), `{"name":"two","type":"vod","dynamic":false}`)
	expect(t, h.do("GET", "/v1/vhosts/live/apps/*", nil), 404, "[HTTP] Could not find the application: [live/*] (404)")
	_ = h.s.st.view(func() error {
		vh := h.s.st.vhosts["live"]
		if vh.readOnly {
			t.Error("an API-created vhost is read-only")
		}
		sameJSON(t, vh.template, `{"name":"*","type":"live","providers":{"ovt":{}}}`)
		return nil
	})

	// A rolled-back host leaves nothing behind.
	expectBatch(t, h.do("POST", "/v1/vhosts", `[{"name":"rb","applications":[{"name":"a","type":"live"},{"name":"a","type":"live"}]}]`),
		400, wantItem{400, "Failed to create the virtual host: [rb]"})
	expect(t, h.do("GET", "/v1/vhosts/rb/apps", nil), 404, "[HTTP] Could not find the virtual host: [rb] (404)")
}

func TestDeleteVirtualHost(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	addTestStream(t, h, "vh", "a", "s")
	expect(t, h.do("DELETE", "/v1/vhosts/nope", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/default", nil), 403, "[HTTP] The VirtualHost is read-only: [default] (403)")
	r := h.do("DELETE", "/v1/vhosts/vh", nil)
	expect(t, r, 200, "OK")
	sameJSON(t, r.Body, `{"message":"OK","statusCode":200}`)
	expect(t, h.do("GET", "/v1/vhosts/vh", nil), 404, "[HTTP] Could not find the virtual host: [vh] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/vh", nil), 404, "[HTTP] Could not find the virtual host: [vh] (404)")
	expectNames(t, h.do("GET", "/v1/vhosts", nil), "default")
	// Re-created under the same name, the host starts empty: its apps and streams are gone.
	expectBatch(t, h.do("POST", "/v1/vhosts", `[{"name":"vh"}]`), 200, wantItem{200, ""})
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil))
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil), 404, "[HTTP] Could not find the application: [vh/a] (404)")
}

// addTestStream puts an input stream into an application directly through the store.
func addTestStream(t testing.TB, h *harness, vhostName, appName, streamName string) {
	t.Helper()
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(vhostName, appName)
		if err != nil {
			return err
		}
		h.s.st.addStream(a, streamName, "Rtmp", nil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func streamCount(t testing.TB, h *harness, vhostName, appName string) int {
	t.Helper()
	n := -1
	_ = h.s.st.view(func() error {
		if a, err := h.s.st.findApp(vhostName, appName); err == nil {
			n = len(a.streams)
		}
		return nil
	})
	return n
}

// ---- read-only rule -----------------------------------------------------------------------------

func TestReadOnlyRule(t *testing.T) {
	t.Parallel()
	const profile = `{"name":"p","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]}}`
	configs := []struct {
		name string
		opts []Option
		prof string // a profile of app "app"
	}{
		{"default", nil, "bypass_stream"},
		{"origin fixture", []Option{confFixture("origin")}, "bypass_stream"},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, c.opts...)
			ro := "[HTTP] The VirtualHost is read-only: [default] (403)"
			noApp := "[HTTP] Could not find the application: [default/nope] (404)"
			writes := []struct {
				method, path string
				body         any
				status       int
				msg          string
			}{
				{"DELETE", "/v1/vhosts/default", nil, 403, ro},
				// Even an application that is not in Server.xml cannot be added, whatever the body.
				{"POST", "/v1/vhosts/default/apps", `[{"name":"new","type":"live"}]`, 403, ro},
				{"POST", "/v1/vhosts/default/apps", `{"not":"an array"}`, 403, ro},
				{"PATCH", "/v1/vhosts/default/apps/app", `{"type":"live"}`, 403, ro},
				{"DELETE", "/v1/vhosts/default/apps/app", nil, 403, ro},
				{"POST", "/v1/vhosts/default/apps/app/outputProfiles", "[" + profile + "]", 403, ro},
				{"POST", "/v1/vhosts/default/apps/app/outputProfiles", `{}`, 403, ro},
				{"PATCH", "/v1/vhosts/default/apps/app/outputProfiles/" + c.prof, `{"outputStreamName":"x"}`, 403, ro},
				{"DELETE", "/v1/vhosts/default/apps/app/outputProfiles/" + c.prof, nil, 403, ro},
				// The lookups come first.
				{"PATCH", "/v1/vhosts/default/apps/nope", `{"type":"live"}`, 404, noApp},
				{"DELETE", "/v1/vhosts/default/apps/nope", nil, 404, noApp},
				{"POST", "/v1/vhosts/default/apps/nope/outputProfiles", "[]", 404, noApp},
				{"DELETE", "/v1/vhosts/default/apps/nope/outputProfiles/x", nil, 404, noApp},
				// Not gated.
				{"POST", "/v1/vhosts/default:reloadCertificate", nil, 200, "OK"},
				{"POST", "/v1/vhosts:reloadAllCertificates", nil, 200, "OK"},
			}
			before := payload(t, h.do("GET", "/v1/vhosts/default/apps/app", nil))
			vhostsBefore := names(t, h.do("GET", "/v1/vhosts", nil))
			appsBefore := names(t, h.do("GET", "/v1/vhosts/default/apps", nil))
			for _, w := range writes {
				expect(t, h.do(w.method, w.path, w.body), w.status, w.msg)
			}
			// Nothing changed, and every read still works.
			expectNames(t, h.do("GET", "/v1/vhosts", nil), vhostsBefore...)
			expectNames(t, h.do("GET", "/v1/vhosts/default/apps", nil), appsBefore...)
			sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/default/apps/app", nil)), string(before))
			expectNames(t, h.do("GET", "/v1/vhosts/default/apps/app/outputProfiles", nil), c.prof)
			payload(t, h.do("GET", "/v1/vhosts/default/apps/app/outputProfiles/"+c.prof, nil))
		})
	}
}

// ---- applications ---------------------------------------------------------------------------------

func TestServerXMLApplicationEcho(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	expectNames(t, h.do("GET", "/v1/vhosts/default/apps", nil), "app")
	app := payload(t, h.do("GET", "/v1/vhosts/default/apps/app", nil))
	var v struct {
		Name      string `json:"name"`
		Dynamic   any    `json:"dynamic"`
		Providers struct {
			WebRTC struct {
				Timeout any `json:"timeout"`
			} `json:"webrtc"`
		} `json:"providers"`
		Publishers struct {
			AppWorkerCount any `json:"appWorkerCount"`
		} `json:"publishers"`
	}
	if err := json.Unmarshal(app, &v); err != nil {
		t.Fatal(err)
	}
	// Server.xml values are strings; "dynamic" is a real boolean.
	if v.Name != "app" || v.Dynamic != false || v.Providers.WebRTC.Timeout != "30000" || v.Publishers.AppWorkerCount != "1" {
		t.Errorf("Server.xml app echo: %s", app)
	}
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/default/apps/app/outputProfiles/bypass_stream", nil)),
		`{"name":"bypass_stream","outputStreamName":"${OriginStreamName}","encodes":{
			"videos":[{"name":"bypass_video","bypass":"true"}],
			"audios":[{"name":"bypass_audio","bypass":"true"},{"name":"opus_audio","codec":"opus","bitrate":"128000","samplerate":"48000","channel":"2"}]}}`)
}

func TestGetApplicationNotFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	expect(t, h.do("GET", "/v1/vhosts/nope/apps/app", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/default/apps/nope", nil), 404, "[HTTP] Could not find the application: [default/nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/nope/apps", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
}

func TestCreateApplications(t *testing.T) {
	t.Parallel()
	exists := func(app string) wantItem {
		return wantItem{409, "Could not create the application: [vh/" + app + "] already exists"}
	}
	tests := []struct {
		name    string
		path    string
		body    any
		status  int
		items   []wantItem
		msg     string   // whole-request message when items is nil
		wantApp []string // the vhost's apps afterwards
	}{
		{"unknown vhost", "/v1/vhosts/nope/apps", `[{"name":"x","type":"live"}]`, 404, nil, "[HTTP] Could not find the virtual host: [nope] (404)", []string{"a"}},
		{"unknown vhost before body shape", "/v1/vhosts/nope/apps", `{}`, 404, nil, "[HTTP] Could not find the virtual host: [nope] (404)", []string{"a"}},
		{"object body", "", `{"name":"x","type":"live"}`, 400, nil, "[HTTP] Request body must be an array (400)", []string{"a"}},
		{"no body", "", nil, 400, nil, "[HTTP] Request body must be an array (400)", []string{"a"}},
		{"empty array", "", `[]`, 200, []wantItem{}, "", []string{"a"}},
		{"two", "", `[{"name":"x","type":"live"},{"name":"y","type":"vod"}]`, 200, []wantItem{{200, ""}, {200, ""}}, "", []string{"a", "x", "y"}},
		{"all exist", "", `[{"name":"a","type":"live"}]`, 409, []wantItem{exists("a")}, "", []string{"a"}},
		{"duplicate in request", "", `[{"name":"x","type":"live"},{"name":"x","type":"live"}]`, 207, []wantItem{{200, ""}, exists("x")}, "", []string{"a", "x"}},
		{"star is an ordinary app", "", `[{"name":"*","type":"live"}]`, 200, []wantItem{{200, ""}}, "", []string{"a", "*"}},
		{"null element", "", `[null]`, 400, nil, "[Config] application.name is not optional", []string{"a"}},
		{"type missing", "", `[{"name":"x"}]`, 400, nil, "[Config] application.type is not optional", []string{"a"}},
		{"type case", "", `[{"name":"x","type":"Live"}]`, 400, nil, "[Config] Unknown type: Live", []string{"a"}},
		{"unknown key", "", `[{"name":"x","type":"live","foo":1}]`, 400, nil, "[Config] Unknown item found: application.foo", []string{"a"}},
		{"dynamic is unknown", "", `[{"name":"x","type":"live","dynamic":false}]`, 400, nil, "[Config] Unknown item found: application.dynamic", []string{"a"}},
		{"unknown provider key", "", `[{"name":"x","type":"live","providers":{"rtmp":{"port":1935}}}]`, 400, nil, "[Config] Unknown item found: application.providers.rtmp.port", []string{"a"}},
		{"push has no maxConnection", "", `[{"name":"x","type":"live","publishers":{"push":{"maxConnection":1}}}]`, 400, nil, "[Config] Unknown item found: application.publishers.push.maxConnection", []string{"a"}},
		{"profiles not wrapped", "", `[{"name":"x","type":"live","outputProfiles":[{"name":"p"}]}]`, 400, nil, "[Config] outputProfile is not an array", []string{"a"}},
		{"profile without stream name", "", `[{"name":"x","type":"live","outputProfiles":{"outputProfile":[{"name":"p"}]}}]`, 400, nil, "[Config] outputProfile.outputStreamName is not optional", []string{"a"}},
		{"unknown profile key", "", `[{"name":"x","type":"live","outputProfiles":{"outputProfile":[{"name":"p","outputStreamName":"s","bogus":1}]}}]`, 400, nil, "[Config] Unknown item found: outputProfile.bogus", []string{"a"}},
		{"bitrate missing", "", `[{"name":"x","type":"live","outputProfiles":{"outputProfile":[{"name":"p","outputStreamName":"s","encodes":{"audios":[{"codec":"aac"}]}}]}}]`, 400, nil, "[Config] Bitrate must be specified when bypass is false", []string{"a"}},
		{"timestamp mode", "", `[{"name":"x","type":"live","providers":{"webrtc":{"timestampMode":"zero"}}}]`, 400, nil, "[Config] Invalid TimestampMode value: zero (expected: ZeroBased, Original)", []string{"a"}},
		{"subtitles without renditions", "", `[{"name":"x","type":"live","subtitles":{"enable":true}}]`, 400, nil, "[Config] Subtitle is enabled but no renditions are defined", []string{"a"}},
		// A configuration error aborts the request; the elements before it stay created.
		{"abort keeps earlier", "", `[{"name":"x","type":"live"},{"name":"a","type":"live"},{"name":"y","type":"bogus"},{"name":"z","type":"live"}]`,
			400, nil, "[Config] Unknown type: bogus", []string{"a", "x"}},
		// So does an element that is not an object (the JSON library throws).
		{"string element", "", `[{"name":"x","type":"live"},"y"]`, 500, nil, "in Json::Value::find(begin, end): requires objectValue or nullValue", []string{"a", "x"}},
		{"number element", "", `[1]`, 500, nil, "in Json::Value::find(begin, end): requires objectValue or nullValue", []string{"a"}},
		{"array element", "", `[[]]`, 500, nil, "in Json::Value::find(begin, end): requires objectValue or nullValue", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := withVhost(t)
			path := tt.path
			if path == "" {
				path = "/v1/vhosts/vh/apps"
			}
			r := h.do("POST", path, tt.body)
			if tt.items == nil {
				expect(t, r, tt.status, tt.msg)
			} else {
				expectBatch(t, r, tt.status, tt.items...)
			}
			expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), tt.wantApp...)
		})
	}
}

func TestCreateApplicationDefaults(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil)), defaultAppJSON("a"))

	// Only absent keys are defaulted; a present partial object is left as sent, with its types.
	body := `[{"name":"p","type":"vod","providers":{"rtmp":{"blockDuplicateStreamName":"false"}},
		"outputProfiles":{"outputProfile":[]},"eventGenerator":{"enable":1,"path":"e.xml"}}]`
	want := `{"name":"p","type":"vod","dynamic":false,"providers":{"rtmp":{"blockDuplicateStreamName":"false"}},
		"publishers":{"llhls":{},"webrtc":{},"ovt":{}},"outputProfiles":{"outputProfile":[]},"eventGenerator":{"enable":1,"path":"e.xml"}}`
	got := expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", body), 200, wantItem{200, ""})
	sameJSON(t, got[0].Response, want)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/p", nil)), want)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/p/outputProfiles", nil))

	// The wrapped form of the MPEG-TS stream list is accepted and stored bare.
	body = `[{"name":"ts","type":"live","providers":{"mpegts":{"streams":{"stream":[{"name":"s","port":"4000/udp"}]}}}}]`
	got = expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", body), 200, wantItem{200, ""})
	var v struct {
		Providers json.RawMessage `json:"providers"`
	}
	_ = json.Unmarshal(got[0].Response, &v)
	sameJSON(t, v.Providers, `{"mpegts":{"streams":[{"name":"s","port":"4000/udp"}]}}`)

	// A 207: created, existing.
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"n","type":"live"},{"name":"p","type":"live"}]`),
		207, wantItem{200, ""}, wantItem{409, "Could not create the application: [vh/p] already exists"})
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "p", "ts", "n")
}

func TestPatchApplicationChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		body       any
		status     int
		msg        string
	}{
		{"unknown vhost", "/v1/vhosts/nope/apps/a", `{"type":"live"}`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "/v1/vhosts/vh/apps/nope", `{"type":"live"}`, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"read-only", "/v1/vhosts/default/apps/app", `{}`, 403, "[HTTP] The VirtualHost is read-only: [default] (403)"},
		{"array body", "", `[]`, 400, "[HTTP] Request body must be an object (400)"},
		{"no body", "", nil, 400, "[HTTP] Request body must be an object (400)"},
		{"name", "", `{"name":"a"}`, 400, "[HTTP] Cannot change [name] using this API (400)"},
		{"name before dynamic", "", `{"dynamic":false,"name":"a"}`, 400, "[HTTP] Cannot change [name] using this API (400)"},
		{"dynamic", "", `{"dynamic":false,"outputProfiles":{}}`, 400, "[HTTP] Cannot change [dynamic] using this API (400)"},
		{"outputProfiles", "", `{"outputProfiles":{"outputProfile":[]}}`, 400, "[HTTP] Cannot change [outputProfiles] using this API (400)"},
		{"bad type", "", `{"type":"x"}`, 400, "[Config] Unknown type: x"},
		{"type removed", "", `{"type":null}`, 400, "[Config] application.type is not optional"},
		{"unknown provider", "", `{"providers":{"bogus":{}}}`, 400, "[Config] Unknown item found: application.providers.bogus"},
		{"unknown key", "", `{"foo":1}`, 400, "[Config] Unknown item found: application.foo"},
		{"merged config invalid", "", `{"providers":{"rtmp":{"packetSilenceTimeoutMs":-1}}}`, 400, "[Config] PacketSilenceTimeoutMs must not be negative: -1"},
		{"bad bandwidth estimation", "", `{"publishers":{"webrtc":{"bandwidthEstimation":"GCC"}}}`, 400, "[Config] Invalid value for BWE. Valid values are 'TransportCC' or 'REMB'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := withVhost(t)
			expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
			path := tt.path
			if path == "" {
				path = "/v1/vhosts/vh/apps/a"
			}
			expect(t, h.do("PATCH", path, tt.body), tt.status, tt.msg)
			// The application is untouched: same configuration, same place in the list.
			sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil)), defaultAppJSON("a"))
			expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "b")
		})
	}
}

func TestPatchApplicationMerge(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[
		{"name":"m","type":"live","providers":{"webrtc":{"timeout":30000,"crossDomains":{"urls":["a","b"]}},"rtmp":{},"srt":{}},
		 "publishers":{"llhls":{"segmentCount":5,"chunkDuration":0.5}},"eventGenerator":{"enable":true}},
		{"name":"z","type":"live"}]`), 200, wantItem{200, ""}, wantItem{200, ""})
	addTestStream(t, h, "vh", "m", "s1")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "m", "z")

	// Objects merge key by key; scalars and arrays replace; null removes. (The spec allows null
	// only for the top-level keys.)
	patch := `{"providers":{"webrtc":{"timeout":"5000","crossDomains":{"urls":["c"]}},"ovt":{}},
		"publishers":{"llhls":{"chunkDuration":1}},"eventGenerator":null,"transcodeWebhook":{"enable":false}}`
	want := `{"name":"m","type":"live","dynamic":false,
		"providers":{"webrtc":{"timeout":"5000","crossDomains":{"urls":["c"]}},"rtmp":{},"srt":{},"ovt":{}},
		"publishers":{"llhls":{"segmentCount":5,"chunkDuration":1}},"transcodeWebhook":{"enable":false},
		"outputProfiles":` + profilesOf(t, defaultAppJSON("m")) + `}`
	sameJSON(t, payload(t, h.do("PATCH", "/v1/vhosts/vh/apps/m", patch)), want)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/m", nil)), want)
	// The restarted application moved to the end, without its streams.
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "z", "m")
	if n := streamCount(t, h, "vh", "m"); n != 0 {
		t.Errorf("%d streams survived the restart", n)
	}

	// {} restarts too; a dynamic application stops being dynamic.
	_ = h.s.st.update(func() error {
		// Make "a" a template-spawned app (its cached views must be rebuilt).
		a := h.s.st.vhosts["vh"].apps["a"]
		a.dynamic, a.viewOnce, a.getOnce = true, sync.Once{}, sync.Once{}
		return nil
	})
	r := payload(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil))
	if !bytes.Contains(r, []byte(`"dynamic":true`)) {
		t.Fatalf("dynamic app: %s", r)
	}
	sameJSON(t, payload(t, h.do("PATCH", "/v1/vhosts/vh/apps/a", `{}`)), defaultAppJSON("a"))
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "z", "m", "a")

	// Removing every provider is allowed.
	sameJSON(t, payload(t, h.do("PATCH", "/v1/vhosts/vh/apps/z", `{"providers":null,"publishers":null,"type":"vod"}`)),
		`{"name":"z","type":"vod","dynamic":false,"outputProfiles":`+profilesOf(t, defaultAppJSON("z"))+`}`)
}

// profilesOf returns the "outputProfiles" member of an application's JSON.
func profilesOf(t testing.TB, app string) string {
	t.Helper()
	var v struct {
		OutputProfiles json.RawMessage `json:"outputProfiles"`
	}
	if err := json.Unmarshal([]byte(app), &v); err != nil {
		t.Fatal(err)
	}
	return string(v.OutputProfiles)
}

func TestDeleteApplication(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
	addTestStream(t, h, "vh", "a", "s")
	expect(t, h.do("DELETE", "/v1/vhosts/nope/apps/a", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/vh/apps/nope", nil), 404, "[HTTP] Could not find the application: [vh/nope] (404)")
	r := h.do("DELETE", "/v1/vhosts/vh/apps/a", nil)
	sameJSON(t, r.Body, `{"message":"OK","statusCode":200}`)
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil), 404, "[HTTP] Could not find the application: [vh/a] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/vh/apps/a", nil), 404, "[HTTP] Could not find the application: [vh/a] (404)")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b")
	// A new app of the same name starts without the old one's streams.
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"a","type":"live"}]`), 200, wantItem{200, ""})
	if n := streamCount(t, h, "vh", "a"); n != 0 {
		t.Errorf("%d streams after re-creation", n)
	}
}

// ---- output profiles ------------------------------------------------------------------------------

const (
	profP1 = `{"name":"p1","outputStreamName":"${OriginStreamName}_p1","encodes":{"videos":[{"name":"v","codec":"h264","bitrate":"2M","width":1280,"height":"720","preset":"faster"}],"audios":[{"bypass":true}]},
		"playlists":[{"fileName":"abr","renditions":[{"name":"hd","video":"v","audio":"audio_0"}]}]}`
	profP2 = `{"name":"p2","outputStreamName":"s2","encodes":{"audios":[{"name":"aac","codec":"aac","bitrate":128000}]}}`
)

func TestOutputProfilesGetAndList(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default")
	expect(t, h.do("GET", "/v1/vhosts/nope/apps/a/outputProfiles", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/nope/outputProfiles", nil), 404, "[HTTP] Could not find the application: [vh/nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/nope/apps/a/outputProfiles/default", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/nope/outputProfiles/default", nil), 404, "[HTTP] Could not find the application: [vh/nope] (404)")
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/nope", nil), 404, "[HTTP] Could not find the output profile: [vh/a/nope] (404)")
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/default", nil)),
		`{"name":"default","outputStreamName":"${OriginStreamName}","encodes":{"videos":[{"name":"bypass_video","bypass":true}],
		"audios":[{"name":"opus","codec":"opus","bitrate":128000,"samplerate":48000,"channel":2,"bypassIfMatch":{"codec":"eq"}},
		          {"name":"aac","codec":"aac","bitrate":128000,"samplerate":48000,"channel":2,"bypassIfMatch":{"codec":"eq"}}]}}`)
}

func TestCreateOutputProfiles(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
	addTestStream(t, h, "vh", "a", "s")

	got := expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/a/outputProfiles", "["+profP1+","+profP2+"]"), 200, wantItem{200, ""}, wantItem{200, ""})
	// Each accepted profile is echoed exactly as sent.
	sameJSON(t, got[0].Response, profP1)
	sameJSON(t, got[1].Response, profP2)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/p1", nil)), profP1)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default", "p1", "p2")
	// The application restarted: last in the list, streams gone.
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b", "a")
	if n := streamCount(t, h, "vh", "a"); n != 0 {
		t.Errorf("%d streams survived the restart", n)
	}

	p3 := `{"name":"p3","outputStreamName":"s3","encodes":{"videos":[{"bypass":"true"}]}}`
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/a/outputProfiles", "["+profP2+","+p3+","+p3+"]"), 207,
		wantItem{409, `The output profile "p2" already exists`}, wantItem{200, ""}, wantItem{409, `The output profile "p3" already exists`})
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default", "p1", "p2", "p3")

	// All duplicates: 409, and the application restarts anyway; so it does for [].
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/b/outputProfiles", `[{"name":"default","outputStreamName":"x","encodes":{"audios":[{"bypass":true}]}}]`),
		409, wantItem{409, `The output profile "default" already exists`})
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "b")
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/a/outputProfiles", `[]`), 200)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b", "a")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default", "p1", "p2", "p3")
}

func TestCreateOutputProfilesErrors(t *testing.T) {
	t.Parallel()
	invalid := func(s string) string { return "[HTTP] Invalid request body: " + s + " (400)" }
	required := invalid(`"name", "outputStreamName", "encodes" are required`)
	types := invalid(`"name" must be a string and "encodes" must be an object`)
	good := `{"name":"ok","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]}}`
	tests := []struct {
		name, path string
		body       any
		status     int
		msg        string
	}{
		{"unknown vhost", "/v1/vhosts/nope/apps/a/outputProfiles", `[]`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "/v1/vhosts/vh/apps/nope/outputProfiles", `{}`, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"object body", "", `{}`, 400, "[HTTP] Request body must be an array (400)"},
		{"no body", "", nil, 400, "[HTTP] Request body must be an array (400)"},
		{"missing encodes", "", `[{"name":"x","outputStreamName":"s"}]`, 400, required},
		{"null element", "", `[` + good + `,null]`, 400, required},
		{"name not a string", "", `[{"name":1,"outputStreamName":"s","encodes":{"audios":[{}]}}]`, 400, types},
		{"stream name not a string", "", `[{"name":"x","outputStreamName":true,"encodes":{"audios":[{}]}}]`, 400, types},
		{"encodes not an object", "", `[{"name":"x","outputStreamName":"s","encodes":[]}]`, 400, types},
		{"images only", "", `[{"name":"x","outputStreamName":"s","encodes":{"images":[{"codec":"jpeg"}]}}]`, 400,
			invalid(`"encodes" must have at least one item (videos array or audios array)`)},
		{"videos not an array", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":{}}}]`, 400, invalid(`"encodes.videos" must be an array`)},
		{"audios not an array", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":[{}],"audios":"aac"}}]`, 400, invalid(`"encodes.audios" must be an array`)},
		{"no entries", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":[],"audios":[]}}]`, 400,
			invalid(`"encodes" must have at least one item (videos array or audios array) and each item must have at least one item`)},
		{"string element", "", `[` + good + `,"x"]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
		{"codec missing", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":[{"bitrate":1000}]}}]`, 400,
			"[HTTP] [Config] Codec must be specified when bypass is false (400)"},
		{"bitrate zero", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"codec":"aac","bitrate":"0K"}]}}]`, 400,
			"[HTTP] [Config] Bitrate must be greater than 0 (400)"},
		{"preset", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":[{"codec":"h264","bitrate":1,"preset":"ultrafast"}]}}]`, 400,
			"[HTTP] [Config] Preset must be slower, slow, medium, fast, or faster (400)"},
		{"skip frames", "", `[{"name":"x","outputStreamName":"s","encodes":{"videos":[{"bypass":true,"skipFrames":121}]}}]`, 400,
			"[HTTP] [Config] SkipFrames must be -1 or between 0 and 120 (400)"},
		{"unknown key", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"foo":1}]`, 400,
			"[HTTP] [Config] Unknown item found: outputProfile.foo (400)"},
		{"bypassIfMatch bitrate", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true,"bypassIfMatch":{"bitrate":"eq"}}]}}]`, 400,
			"[HTTP] [Config] BypassIfMatch.Bitrate is not yet supported (400)"},
		{"duplicate playlist", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"playlists":[{"fileName":"f"},{"fileName":"f"}]}]`, 400,
			"[HTTP] [Config] Duplicate playlist file name: f (400)"},
		{"playlist error", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"playlists":[{"fileName":"f","renditions":[{"name":"r","video":"nope"}]}]}]`, 400,
			"[HTTP] [Config] Playlist Error (400)"},
		{"duplicate rendition", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"playlists":[{"fileName":"f","renditions":[{"name":"r"},{"name":"r"}]}]}]`, 400,
			"[HTTP] [Config] Duplicate rendition name: r (400)"},
		{"empty track set", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"tracksets":[{"name":"t"}]}]`, 400,
			"[HTTP] [Config] TrackSet 't' must contain at least one Video or Audio entry (400)"},
		{"encoding type", "", `[{"name":"x","outputStreamName":"s","encodes":{"audios":[{"bypass":true}]},"playlists":[{"fileName":"f","rendition_templates":[{"name":"t","audio_template":{"encoding_type":"All"}}]}]}]`, 400,
			"[HTTP] [Config] Invalid EncodingType: All (all, encoded, bypassed) (400)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := withVhost(t)
			expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
			path := tt.path
			if path == "" {
				path = "/v1/vhosts/vh/apps/a/outputProfiles"
			}
			expect(t, h.do("POST", path, tt.body), tt.status, tt.msg)
			// Nothing changed and nothing restarted.
			expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default")
			expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "b")
		})
	}
}

func TestPatchOutputProfile(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/a/outputProfiles", "["+profP1+","+profP2+"]"), 200, wantItem{200, ""}, wantItem{200, ""})
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
	addTestStream(t, h, "vh", "a", "s")

	// A full replacement: keys left out are gone, the name comes from the path, the position stays.
	repl := `{"outputStreamName":"new","encodes":{"audios":[{"name":"o","codec":"opus","bitrate":"96K"}]}}`
	want := `{"name":"p1","outputStreamName":"new","encodes":{"audios":[{"name":"o","codec":"opus","bitrate":"96K"}]}}`
	sameJSON(t, payload(t, h.do("PATCH", "/v1/vhosts/vh/apps/a/outputProfiles/p1", repl)), want)
	sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/p1", nil)), want)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "default", "p1", "p2")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b", "a")
	if n := streamCount(t, h, "vh", "a"); n != 0 {
		t.Errorf("%d streams survived the restart", n)
	}
	// No structural checks: a profile without encodes is fine.
	sameJSON(t, payload(t, h.do("PATCH", "/v1/vhosts/vh/apps/a/outputProfiles/p2", `{"outputStreamName":"x"}`)), `{"name":"p2","outputStreamName":"x"}`)

	tests := []struct {
		name, path string
		body       any
		status     int
		msg        string
	}{
		{"unknown vhost", "/v1/vhosts/nope/apps/a/outputProfiles/p1", `{"outputStreamName":"x"}`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "/v1/vhosts/vh/apps/nope/outputProfiles/p1", `{"outputStreamName":"x"}`, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"unknown profile", "/v1/vhosts/vh/apps/a/outputProfiles/nope", `{"outputStreamName":"x"}`, 404, "[HTTP] Could not find the output profile: [vh/a/nope] (404)"},
		{"array body", "", `[]`, 400, "[HTTP] Request body must be an object (400)"},
		{"name", "", `{"name":"p1","outputStreamName":"x"}`, 400, "[HTTP] The name entry cannot be specified in the modification (400)"},
		{"NAME", "", `{"NAME":"z","outputStreamName":"x"}`, 400, "[HTTP] The NAME entry cannot be specified in the modification (400)"},
		{"stream name missing", "", `{"encodes":{"audios":[{"bypass":true}]}}`, 400, "[HTTP] [Config] outputProfile.outputStreamName is not optional (400)"},
		{"codec missing", "", `{"outputStreamName":"x","encodes":{"videos":[{"bitrate":1}]}}`, 400, "[HTTP] [Config] Codec must be specified when bypass is false (400)"},
		{"unknown key", "", `{"outputStreamName":"x","foo":{}}`, 400, "[HTTP] [Config] Unknown item found: outputProfile.foo (400)"},
	}
	for _, tt := range tests {
		path := tt.path
		if path == "" {
			path = "/v1/vhosts/vh/apps/a/outputProfiles/p1"
		}
		expect(t, h.do("PATCH", path, tt.body), tt.status, tt.msg)
		// Untouched.
		sameJSON(t, payload(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/p1", nil)), want)
		expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b", "a")
	}
}

func TestDeleteOutputProfile(t *testing.T) {
	t.Parallel()
	h := withVhost(t)
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps/a/outputProfiles", "["+profP2+"]"), 200, wantItem{200, ""})
	expectBatch(t, h.do("POST", "/v1/vhosts/vh/apps", `[{"name":"b","type":"live"}]`), 200, wantItem{200, ""})
	expect(t, h.do("DELETE", "/v1/vhosts/nope/apps/a/outputProfiles/p2", nil), 404, "[HTTP] Could not find the virtual host: [nope] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/vh/apps/nope/outputProfiles/p2", nil), 404, "[HTTP] Could not find the application: [vh/nope] (404)")
	expect(t, h.do("DELETE", "/v1/vhosts/vh/apps/a/outputProfiles/nope", nil), 404, "[HTTP] Could not find the output profile: [vh/a/nope] (404)")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "a", "b")

	addTestStream(t, h, "vh", "a", "s")
	sameJSON(t, h.do("DELETE", "/v1/vhosts/vh/apps/a/outputProfiles/default", nil).Body, `{"message":"OK","statusCode":200}`)
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil), "p2")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps", nil), "b", "a")
	if n := streamCount(t, h, "vh", "a"); n != 0 {
		t.Errorf("%d streams survived the restart", n)
	}
	// The last one can go: an empty list remains.
	expect(t, h.do("DELETE", "/v1/vhosts/vh/apps/a/outputProfiles/p2", nil), 200, "OK")
	expectNames(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles", nil))
	sameJSON(t, []byte(profilesOf(t, string(payload(t, h.do("GET", "/v1/vhosts/vh/apps/a", nil))))), `{"outputProfile":[]}`)
	expect(t, h.do("GET", "/v1/vhosts/vh/apps/a/outputProfiles/p2", nil), 404, "[HTTP] Could not find the output profile: [vh/a/p2] (404)")
}

// ---- concurrency --------------------------------------------------------------------------------

// TestConcurrentCreateDelete races creators and deleters of the same virtual hosts and
// applications through the handler: every create is answered exactly once with 200 per round and
// 409 otherwise, and the final state matches what the answers said.
func TestConcurrentCreateDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const workers, rounds = 8, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := map[string]int{} // vhost or vhost/app -> creates answered 200
	conflicts := 0
	record := func(key string, status int) {
		mu.Lock()
		defer mu.Unlock()
		switch status {
		case 200:
			created[key]++
		case 409:
			conflicts++
		default:
			t.Errorf("%s: unexpected status %d", key, status)
		}
	}
	for round := range rounds {
		vh := fmt.Sprintf("race%d", round%3)
		wg.Add(workers)
		for w := range workers {
			go func() {
				defer wg.Done()
				r := h.do("POST", "/v1/vhosts", `[{"name":"`+vh+`"}]`)
				record(vh, r.Status)
				app := fmt.Sprintf("app%d", w%2)
				r = h.do("POST", "/v1/vhosts/"+vh+"/apps", `[{"name":"`+app+`","type":"live"}]`)
				if r.Status != 404 { // the host may already be deleted by another worker
					record(vh+"/"+app, r.Status)
				}
				if w == workers-1 {
					h.do("DELETE", "/v1/vhosts/"+vh+"/apps/app0", nil)
				}
			}()
		}
		wg.Wait()
		// Between rounds, the host must hold exactly the apps the answers created, once each.
		apps := names(t, h.do("GET", "/v1/vhosts/"+vh+"/apps", nil))
		seen := map[string]bool{}
		for _, a := range apps {
			if seen[a] {
				t.Fatalf("round %d: app %s listed twice", round, a)
			}
			seen[a] = true
		}
		if !seen["app1"] || len(apps) > 2 {
			t.Fatalf("round %d: apps %q", round, apps)
		}
		if round%3 == 2 {
			for i := range 3 {
				expect(t, h.do("DELETE", fmt.Sprintf("/v1/vhosts/race%d", i), nil), 200, "OK")
			}
		}
	}
	// Each vhost was created once per life (7, 7 and 6 lives for rounds%3 == 0, 1, 2).
	for i, lives := range []int{7, 7, 6} {
		vh := fmt.Sprintf("race%d", i)
		if got := created[vh]; got != lives {
			t.Errorf("%s created %d times, want %d", vh, got, lives)
		}
		// app1 is never deleted: created once per life of its host. app0 may be created again
		// after its deletion within a round.
		if got := created[vh+"/app1"]; got != lives {
			t.Errorf("%s/app1 created %d times, want %d", vh, got, lives)
		}
		if got := created[vh+"/app0"]; got < lives {
			t.Errorf("%s/app0 created %d times, want at least %d", vh, got, lives)
		}
	}
	if conflicts == 0 {
		t.Error("no conflicts: the race did not happen")
	}
	vhosts := names(t, h.do("GET", "/v1/vhosts", nil))
	if !reflect.DeepEqual(vhosts, []string{"default", "race0", "race1"}) {
		t.Errorf("final vhosts %q", vhosts)
	}
}
