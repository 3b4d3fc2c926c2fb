package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fixtures are the Server.xml fixtures of the mockserver package.
const fixtures = "../../testdata/serverxml"

// started is a running command: its output so far and how to stop it.
type started struct {
	base  string   // the URL of the first ready line
	lines []string // the ready lines
	out   *bytes.Buffer
	stop  func() error
}

// start runs the command with args until the test ends, and waits for its two ready lines.
func start(t *testing.T, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, io.Discard)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	st := &started{out: &bytes.Buffer{}}
	r := bufio.NewReader(pr)
	for range 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			cancel()
			t.Fatalf("ready lines %q: %v (run: %v)", st.lines, err, <-done)
		}
		st.lines = append(st.lines, strings.TrimSuffix(line, "\n"))
	}
	go func() { _, _ = io.Copy(st.out, pr) }()
	m := regexp.MustCompile(`^ome-mock: serving OvenMediaEngine API mock on (http://\S+)$`).FindStringSubmatch(st.lines[0])
	if m == nil {
		cancel()
		t.Fatalf("first ready line %q", st.lines[0])
	}
	st.base = m[1]
	stopped := false
	st.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop")
			return nil
		}
	}
	t.Cleanup(func() { _ = st.stop() })
	return st
}

// get sends GET base+path with the given Authorization header.
func get(t *testing.T, url, authorization string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func basic(token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(token))
}

// TestRunServesAndStops starts the command on a free loopback port, follows the ready lines'
// instructions to authenticate, and stops it through the context (as SIGINT does).
func TestRunServesAndStops(t *testing.T) {
	st := start(t, "-listen", "127.0.0.1:0")
	// The built-in token is public: the second line spells out the whole header.
	m := regexp.MustCompile(`curl -H "(Authorization: Basic [A-Za-z0-9+/=]+)" (\S+)$`).FindStringSubmatch(st.lines[1])
	if m == nil {
		t.Fatalf("second ready line %q has no curl command with the header", st.lines[1])
	}
	header := strings.TrimPrefix(m[1], "Authorization: ")
	if header != basic("ome-access-token") || m[2] != st.base+"/v1/vhosts" {
		t.Errorf("curl line %q", st.lines[1])
	}
	if status, body := get(t, m[2], header); status != 200 || !strings.Contains(body, `"default"`) {
		t.Fatalf("GET /v1/vhosts: %d %s", status, body)
	}
	if err := st.stop(); err != nil {
		t.Fatalf("run returned %v after cancel", err)
	}
}

// Tokens from -token or a Server.xml are never printed, not even as base64.
func TestReadyLinesDoNotPrintTokens(t *testing.T) {
	tests := []struct {
		name, token string
		args        []string
		hint        string // in the second ready line
	}{
		{"flag", "s3cret-flag-token", []string{"-token", "s3cret-flag-token"}, "base64 of the -token value"},
		{"Server.xml", "origin-fixture-token", []string{"-c", filepath.Join(fixtures, "origin")}, "base64 of the <AccessToken> of " + filepath.Join(fixtures, "origin", "Server.xml")},
		{"both", "s3cret-flag-token", []string{"-c", filepath.Join(fixtures, "edge"), "-token", "s3cret-flag-token"}, "-token value"},
		// A Server.xml whose token happens to be the built-in one is still a Server.xml.
		{"default token in a file", "ome-access-token", []string{"-c", filepath.Join(fixtures, "default")}, "<AccessToken> of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := start(t, append(tt.args, "-listen", "127.0.0.1:0")...)
			printed := strings.Join(st.lines, "\n")
			for _, secret := range []string{tt.token, base64.StdEncoding.EncodeToString([]byte(tt.token))} {
				if strings.Contains(printed, secret) {
					t.Errorf("ready lines print %q:\n%s", secret, printed)
				}
			}
			if !strings.Contains(st.lines[1], tt.hint) || !strings.Contains(st.lines[1], `$(printf %s 'TOKEN' | base64)`) {
				t.Errorf("second ready line %q, want …%s… and a curl template", st.lines[1], tt.hint)
			}
			if status, _ := get(t, st.base+"/v1/vhosts", basic(tt.token)); status != 200 {
				t.Errorf("the token does not work: %d", status)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{arg}, &stdout, &stderr); err != nil {
			t.Errorf("%s: %v", arg, err)
		}
		for _, want := range []string{"Usage: ome-mock", "-listen", "-token", "Authorization: Basic"} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("%s: usage on stdout lacks %q:\n%s", arg, want, stdout.String())
			}
		}
		if stderr.Len() != 0 {
			t.Errorf("%s: stderr %q", arg, stderr.String())
		}
	}
}

func TestRunBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(context.Background(), []string{"-listen", ln.Addr().String()}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("started on a busy port")
	}
	for _, want := range []string{ln.Addr().String(), "already in use", "-listen 127.0.0.1:0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// A listener on every interface is announced with a loopback URL that works.
func TestRunListenAnyHost(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0"} {
		st := start(t, "-listen", addr)
		if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(st.base) {
			t.Errorf("-listen %s: URL %q", addr, st.base)
		}
		if status, _ := get(t, st.base+"/v1/vhosts", basic("ome-access-token")); status != 200 {
			t.Errorf("-listen %s: GET %s/v1/vhosts: %d", addr, st.base, status)
		}
		if err := st.stop(); err != nil {
			t.Error(err)
		}
	}
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil { // IPv6 loopback available
		ln.Close()
		st := start(t, "-listen", "[::]:0")
		if !strings.HasPrefix(st.base, "http://[::1]:") {
			t.Errorf("-listen [::]:0: URL %q", st.base)
		}
		if status, _ := get(t, st.base+"/v1/vhosts", basic("ome-access-token")); status != 200 {
			t.Errorf("-listen [::]:0: %d", status)
		}
	}
}

func TestRunReportsBrokenConfigWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Server.xml")
	if err := os.WriteFile(path, []byte("<Server>\n  <Name>x</Name>\n  <VirtualHosts>\n</Server>\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"-c", dir, "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Server.xml:") {
		t.Fatalf("error %v, want one naming Server.xml and a line", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"-nosuchflag"}, io.Discard, &stderr); err == nil {
		t.Fatal("unknown flag accepted")
	}
	if !strings.Contains(stderr.String(), "-nosuchflag") || !strings.Contains(stderr.String(), "Usage: ome-mock") {
		t.Errorf("stderr %q, want the error and the usage", stderr.String())
	}
	if err := run(context.Background(), []string{"extra"}, io.Discard, io.Discard); err == nil {
		t.Fatal("positional argument accepted")
	}
}

// TestRunLoadsFixtures loads the mock's Server.xml fixtures: a configuration without an
// <AccessToken> needs -token, like OME (which refuses to start on it).
func TestRunLoadsFixtures(t *testing.T) {
	noToken := filepath.Join(fixtures, "reject-no-token")
	err := run(context.Background(), []string{"-c", noToken, "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-token") {
		t.Errorf("without -token: %v, want the error asking for -token", err)
	}
	st := start(t, "-c", noToken, "-listen", "127.0.0.1:0", "-token", "t")
	if status, _ := get(t, st.base+"/v1/vhosts/default/apps/app", basic("t")); status != 200 {
		t.Errorf("with -token: %d", status)
	}
	err = run(context.Background(), []string{"-c", filepath.Join(fixtures, "reject-unknown-element"), "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Server.xml:") || !strings.Contains(err.Error(), "<RTMPS>") {
		t.Errorf("unknown element: %v", err)
	}
}

// TestRunLoadsOMEExampleConfigs loads OME's own example configurations (which keep their API
// section commented out, so they need -token), from the directory named by OME_CONF_EXAMPLES.
func TestRunLoadsOMEExampleConfigs(t *testing.T) {
	dir := os.Getenv("OME_CONF_EXAMPLES")
	if dir == "" {
		t.Skip("OME_CONF_EXAMPLES is not set: not loading OvenMediaEngine's example configurations")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", "..", dir) // relative to the module root
	}
	for _, name := range []string{"Server.xml", "Origin.xml", "Edge.xml"} {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("OME_CONF_EXAMPLES: %v", err)
		}
		err := run(context.Background(), []string{"-c", path, "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-token") {
			t.Errorf("%s without -token: %v, want the error asking for -token", name, err)
		}
		st := start(t, "-c", path, "-listen", "127.0.0.1:0", "-token", "t")
		if status, _ := get(t, st.base+"/v1/vhosts/default", basic("t")); status != 200 {
			t.Errorf("%s: GET /v1/vhosts/default: %d", name, status)
		}
		if err := st.stop(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
