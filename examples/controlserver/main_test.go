package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mockXML is a Server.xml whose vhost "default" asks controlURL before RTMP and SRT publishing.
func mockXML(controlURL, secret string) []byte {
	return []byte(`<Server><Name>x</Name>
<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
<Managers><API><AccessToken>ome-access-token</AccessToken></API></Managers>
<VirtualHosts><VirtualHost>
	<Name>default</Name>
	<Host><Names><Name>*</Name></Names></Host>
	<AdmissionWebhooks>
		<ControlServerUrl>` + controlURL + `</ControlServerUrl>
		<SecretKey>` + secret + `</SecretKey>
		<Timeout>2000</Timeout>
		<Enables><Providers>rtmp,srt</Providers></Enables>
	</AdmissionWebhooks>
	<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
</VirtualHost></VirtualHosts></Server>`)
}

// TestPublishLoop runs the control server on loopback and a mock OME whose virtual host points
// its AdmissionWebhooks at it, then publishes with a known and an unknown stream key.
func TestPublishLoop(t *testing.T) {
	t.Parallel()
	const secret = "loop-secret"
	var log syncBuffer
	cs, err := start("127.0.0.1:0", secret, []string{"key-1", " key-2 "}, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	ome := mockserver.NewTest(t, mockserver.WithServerXML("Server.xml", mockXML(cs.URL+AdmissionPath, secret)))
	c := ome.Client()
	ctx := context.Background()

	if err := ome.PublishStream("default", "app", mockserver.InputStream{Name: "key-1"}); err != nil {
		t.Fatalf("publishing with a known key: %v", err)
	}
	if err := ome.PublishStream("default", "app", mockserver.InputStream{Name: "key-2", SourceType: "SRT"}); err != nil {
		t.Fatalf("publishing over SRT with a known key: %v", err)
	}
	err = ome.PublishStream("default", "app", mockserver.InputStream{Name: "intruder"})
	if err == nil || !strings.Contains(err.Error(), "unknown stream key") {
		t.Errorf("publishing with an unknown key: %v, want a refusal with the control server's reason", err)
	}
	// RTSP pulls and other providers not listed in <Enables> are not asked about.
	if err := ome.PublishStream("default", "app", mockserver.InputStream{Name: "camera", SourceType: "RtspPull"}); err != nil {
		t.Errorf("a pull, not subject to admission: %v", err)
	}

	names, err := c.Streams.List(ctx, "default", "app")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ","); got != "key-1,key-2,camera" {
		t.Errorf("streams %s, want key-1,key-2,camera", got)
	}
	_, err = c.Streams.Get(ctx, "default", "app", "intruder")
	if !errors.Is(err, sdk.ErrNotFound) {
		t.Errorf("the refused stream: %v, want not found", err)
	}
	out := log.String()
	if strings.Count(out, "publish allowed") != 2 || strings.Count(out, "publish denied") != 1 {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, secret) {
		t.Errorf("the log holds the secret:\n%s", out)
	}
}

// TestPublishLoopWrongSecret: when OME and the control server disagree on the secret, the
// control server refuses the signature and OME refuses every stream.
func TestPublishLoopWrongSecret(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	cs, err := start("127.0.0.1:0", "right", []string{"key-1"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	ome := mockserver.NewTest(t, mockserver.WithServerXML("Server.xml", mockXML(cs.URL+AdmissionPath, "wrong")))
	err = ome.PublishStream("default", "app", mockserver.InputStream{Name: "key-1"})
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("publish: %v, want a refusal after the control server's 401", err)
	}
	if !strings.Contains(log.String(), "invalid X-OME-Signature") {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestStreamKey(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"rtmp://h:1935/app/k1":                  "k1",
		"rtmp://h:1935/app/stream?key=k2":       "k2",
		"rtmp://h:1935/app/stream?key=":         "stream",
		"srt://h:9999/app/k3":                   "k3",
		"ws://h:3333/app/k4?direction=send":     "k4",
		"rtmp://h:1935/":                        "",
		"rtmp://h:1935":                         "",
		"::not a url":                           "",
		"rtmp://h:1935/app/a%20b":               "a b",
		"rtmp://h:1935/app/stream?key=k5&x=y":   "k5",
		"rtmp://h:1935/app/stream/?key=k6#frag": "k6",
	}
	for u, want := range tests {
		if got := streamKey(u); got != want {
			t.Errorf("streamKey(%q) = %q, want %q", u, got, want)
		}
	}
}

func TestAdmissionDecisions(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	cs, err := start("127.0.0.1:0", "s", []string{"k"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if _, err := start("127.0.0.1:0", "", nil, &log); err == nil {
		t.Error("an empty secret was accepted")
	}
	resp, err := http.Get(cs.URL + AdmissionPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", resp.StatusCode)
	}
}

func TestRun(t *testing.T) {
	t.Setenv("OME_WEBHOOK_SECRET", "")
	if err := run(context.Background(), []string{"-listen", "127.0.0.1:0"}, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "OME_WEBHOOK_SECRET") {
		t.Errorf("run without a secret: %v", err)
	}
	if err := run(context.Background(), []string{"-bogus"}, &bytes.Buffer{}); err == nil {
		t.Error("run accepted an unknown flag")
	}
	t.Setenv("OME_WEBHOOK_SECRET", "s")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-keys", "a,b"}, &out) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "control server on http://127.0.0.1:") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	if !strings.Contains(out.String(), AdmissionPath) {
		t.Errorf("output %q", out.String())
	}
}
