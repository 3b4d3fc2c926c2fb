package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
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

// dialMock opens a raw connection to a started mock; rcvbuf > 0 shrinks the client's receive
// buffer (so that a client that does not read makes the server's writes block soon).
func dialMock(t *testing.T, base string, rcvbuf int) *net.TCPConn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second}
	if rcvbuf > 0 {
		d.Control = func(_, _ string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcvbuf)
			}); err != nil {
				return err
			}
			return serr
		}
	}
	c, err := d.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

// closedWithin reads from c until the server closes it, and returns how long that took (failing
// the test if it stays open for limit). What the server sent before closing is returned too.
func closedWithin(t *testing.T, c net.Conn, limit time.Duration) (time.Duration, string) {
	t.Helper()
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(limit)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after %s (%d bytes read)", limit, len(got))
	}
	return time.Since(start), string(got)
}

// TestRunLimits: the server drops clients that are slow to send their headers or body (whether
// or not they authenticate), idle keep-alive connections, and readers too slow to take their
// answer; headers over the limit are 431. Each limit is set small here by its flag.
func TestRunLimits(t *testing.T) {
	const (
		readHeader = 400 * time.Millisecond
		read       = 800 * time.Millisecond
		write      = 1 * time.Second
		idle       = 500 * time.Millisecond
		patience   = 5 * time.Second // far more than any limit: a connection still open then was not dropped
	)
	st := start(t, "-listen", "127.0.0.1:0",
		"-read-header-timeout", readHeader.String(), "-read-timeout", read.String(),
		"-write-timeout", write.String(), "-idle-timeout", idle.String(), "-max-header-bytes", "4096")
	auth := basic("ome-access-token")

	t.Run("slow headers", func(t *testing.T) {
		c := dialMock(t, st.base, 0)
		if _, err := io.WriteString(c, "GET /v1/vhosts HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		took, _ := closedWithin(t, c, patience)
		if took < readHeader/2 {
			t.Errorf("closed after %s, before the header timeout %s", took, readHeader)
		}
	})
	for _, tt := range []struct {
		name, auth string
	}{{"slow body, authenticated", auth}, {"slow body, no credentials", ""}} {
		t.Run(tt.name, func(t *testing.T) {
			c := dialMock(t, st.base, 0)
			head := "POST /v1/vhosts HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
			if tt.auth != "" {
				head += "Authorization: " + tt.auth + "\r\n"
			}
			if _, err := io.WriteString(c, head+"\r\n["); err != nil {
				t.Fatal(err)
			}
			// Dribble the body, a byte every 50 ms, until the server gives up.
			stop := make(chan struct{})
			defer close(stop)
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(50 * time.Millisecond):
						if _, err := io.WriteString(c, " "); err != nil {
							return
						}
					}
				}
			}()
			took, _ := closedWithin(t, c, patience)
			if took > read+2*time.Second {
				t.Errorf("closed after %s, want about the read timeout %s", took, read)
			}
		})
	}
	t.Run("idle keep-alive", func(t *testing.T) {
		c := dialMock(t, st.base, 0)
		if _, err := io.WriteString(c, "GET /v1/vhosts HTTP/1.1\r\nHost: x\r\nAuthorization: "+auth+"\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Close {
			t.Fatalf("first answer %d (close %v), want a kept-alive 200", res.StatusCode, res.Close)
		}
		took, _ := closedWithin(t, c, patience)
		if took < idle/2 {
			t.Errorf("closed after %s, before the idle timeout %s", took, idle)
		}
	})
	t.Run("headers over the limit", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, st.base+"/v1/vhosts", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", auth)
		req.Header.Set("X-Padding", strings.Repeat("p", 8<<10))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status %d, want 431", res.StatusCode)
		}
	})
	t.Run("slow reader", func(t *testing.T) {
		// A list of vhosts of several MB, far more than the socket buffers hold.
		name := strings.Repeat("n", 1000)
		for batch := range 8 {
			var items []string
			for i := range 1000 {
				items = append(items, fmt.Sprintf(`{"name":"%s-%d-%d"}`, name, batch, i))
			}
			req, err := http.NewRequest(http.MethodPost, st.base+"/v1/vhosts", strings.NewReader("["+strings.Join(items, ",")+"]"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", auth)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("creating vhosts: %d", res.StatusCode)
			}
		}
		status, full := get(t, st.base+"/v1/vhosts", auth)
		if status != 200 || len(full) < 7<<20 {
			t.Fatalf("list: %d, %d bytes", status, len(full))
		}
		c := dialMock(t, st.base, 4096)
		if _, err := io.WriteString(c, "GET /v1/vhosts HTTP/1.1\r\nHost: x\r\nAuthorization: "+auth+"\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(write + time.Second) // read nothing until the write deadline has passed
		_, got := closedWithin(t, c, patience)
		if len(got) >= len(full) {
			t.Errorf("a reader slower than the write timeout got the whole answer (%d bytes)", len(got))
		}
	})
}

func TestRunRejectsNegativeLimits(t *testing.T) {
	for _, flag := range []string{"-read-header-timeout", "-read-timeout", "-write-timeout", "-idle-timeout", "-shutdown-grace"} {
		err := run(context.Background(), []string{"-listen", "127.0.0.1:0", flag, "-1s"}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s -1s: %v, want an error naming the flag", flag, err)
		}
	}
	err := run(context.Background(), []string{"-listen", "127.0.0.1:0", "-max-header-bytes", "-1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-max-header-bytes") {
		t.Errorf("-max-header-bytes -1: %v", err)
	}
}

// buildCommand builds ome-mock into a temporary directory, once per test binary.
var buildCommand = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "ome-mock-build-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "ome-mock")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// process is ome-mock running as a separate process.
type process struct {
	cmd    *exec.Cmd
	base   string
	stderr *syncBuffer
	exited chan struct{}
}

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

// startProcess runs the built command with args and waits until it serves.
func startProcess(t *testing.T, args ...string) *process {
	t.Helper()
	bin, err := buildCommand()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no ready line: %v; stderr: %s", err, p.stderr)
	}
	m := regexp.MustCompile(`on (http://\S+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("ready line %q", line)
	}
	p.base = m[1]
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return p
}

// waitExit waits for the process to end and returns its exit code.
func (p *process) waitExit(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("still running %s after SIGTERM; stderr: %s", limit, p.stderr)
		return -1
	}
}

// admissionConfig writes a Server.xml whose vhost asks the control server at url before an RTMP
// stream is published, waiting up to a minute for its answer.
func admissionConfig(t *testing.T, url string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Server.xml")
	xml := `<Server><Name>x</Name>
<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
<Managers><API><AccessToken>t</AccessToken></API></Managers>
<VirtualHosts><VirtualHost><Name>default</Name>
	<AdmissionWebhooks>
		<ControlServerUrl>` + url + `</ControlServerUrl><SecretKey>k</SecretKey><Timeout>60000</Timeout>
		<Enables><Providers>rtmp</Providers></Enables>
	</AdmissionWebhooks>
	<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
</VirtualHost></VirtualHosts></Server>`
	if err := os.WriteFile(path, []byte(xml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSIGTERMWithRequestInFlight runs the built command, starts a publish whose admission webhook
// the test's control server holds, and sends SIGTERM: a request that finishes within the grace
// gets its answer; one that does not is cancelled — the webhook call with it — when the grace
// runs out. Either way the command exits with status 0, and it accepts nothing new meanwhile.
func TestSIGTERMWithRequestInFlight(t *testing.T) {
	tests := []struct {
		name        string
		grace       time.Duration
		answerAfter time.Duration // when the control server answers (0: never, until cancelled)
		wantStatus  int           // of the publish (0: no answer, the connection is closed)
	}{
		{"finishes within the grace", 5 * time.Second, 700 * time.Millisecond, http.StatusCreated},
		{"cut off after the grace", 600 * time.Millisecond, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arrived := make(chan struct{}, 1)
			cancelled := make(chan struct{}, 1)
			control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				arrived <- struct{}{}
				var answer <-chan time.Time
				if tt.answerAfter > 0 {
					answer = time.After(tt.answerAfter)
				}
				select {
				case <-answer:
					_, _ = io.WriteString(w, `{"allowed":true}`)
				case <-r.Context().Done():
					cancelled <- struct{}{}
				case <-time.After(30 * time.Second):
				}
			}))
			defer control.Close()
			p := startProcess(t, "-c", admissionConfig(t, control.URL), "-listen", "127.0.0.1:0", "-shutdown-grace", tt.grace.String())

			type result struct {
				status int
				err    error
			}
			done := make(chan result, 1)
			go func() {
				req, _ := http.NewRequest(http.MethodPost, p.base+"/_mock/streams/publish", strings.NewReader(`{"vhost":"default","app":"app","name":"cam"}`))
				req.Header.Set("Authorization", basic("t"))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					done <- result{err: err}
					return
				}
				res.Body.Close()
				done <- result{status: res.StatusCode}
			}()
			select {
			case <-arrived:
			case <-time.After(10 * time.Second):
				t.Fatal("the admission webhook was not called")
			}
			sent := time.Now()
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			// The listener closes at once: a new connection is refused while the request runs.
			deadline := time.Now().Add(2 * time.Second)
			for {
				c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.base, "http://"), time.Second)
				if err != nil {
					break
				}
				c.Close()
				if time.Now().After(deadline) {
					t.Fatal("still accepting connections after SIGTERM")
				}
				time.Sleep(20 * time.Millisecond)
			}
			res := <-done
			switch {
			case tt.wantStatus != 0 && res.status != tt.wantStatus:
				t.Errorf("publish: %d (%v), want %d", res.status, res.err, tt.wantStatus)
			case tt.wantStatus == 0 && res.err == nil:
				t.Errorf("publish answered %d, want the connection closed after the grace", res.status)
			}
			if code := p.waitExit(t, tt.grace+10*time.Second); code != 0 {
				t.Errorf("exit status %d, want 0; stderr:\n%s", code, p.stderr)
			}
			took := time.Since(sent)
			if tt.answerAfter == 0 {
				select {
				case <-cancelled:
				case <-time.After(5 * time.Second):
					t.Error("the admission webhook call was not cancelled")
				}
				if took < tt.grace {
					t.Errorf("stopped after %s, before the grace of %s", took, tt.grace)
				}
				if !strings.Contains(p.stderr.String(), "cancelled the requests still running") {
					t.Errorf("stderr does not report the cancelled requests:\n%s", p.stderr)
				}
			} else if took > tt.grace {
				t.Errorf("stopped after %s, longer than the grace %s although the request had finished", took, tt.grace)
			}
		})
	}
}

// -strict, -no-delays and -git-version reach the mock.
func TestRunModeFlags(t *testing.T) {
	st := start(t, "-listen", "127.0.0.1:0", "-strict", "-no-delays", "-git-version", "v9-test")
	defer func() { _ = st.stop() }()
	auth := basic("ome-access-token")
	if status, body := get(t, st.base+"/v1/version", auth); status != 200 || !strings.Contains(body, `"gitVersion":"v9-test"`) {
		t.Fatalf("version: %d %s", status, body)
	}
	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, st.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", auth)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// Strict: "tracks": null breaks the document (OME itself accepts it).
	if status, body := do("POST", "/v1/vhosts/default/apps/app:startPush", `{"id":"p","stream":{"name":"s","tracks":null},"protocol":"rtmp","url":"rtmp://h/a"}`); status != 400 || !strings.Contains(body, "Invalid request body") {
		t.Fatalf("strict: %d %s", status, body)
	}
	// No delays: a stopped push is gone at once.
	if status, body := do("POST", "/v1/vhosts/default/apps/app:startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`); status != 200 {
		t.Fatalf("startPush: %d %s", status, body)
	}
	if status, body := do("POST", "/v1/vhosts/default/apps/app:stopPush", `{"id":"p"}`); status != 200 {
		t.Fatalf("stopPush: %d %s", status, body)
	}
	if status, body := do("POST", "/v1/vhosts/default/apps/app:pushes", `{}`); status != 200 || strings.Contains(body, `"id":"p"`) {
		t.Fatalf("pushes after stop: %d %s", status, body)
	}
}
