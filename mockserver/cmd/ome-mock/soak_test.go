//go:build soak

package main

// The soak suite runs the built ome-mock as a separate process, on loopback only, and reports:
// throughput and latency under a mixed load, its memory before and after many create/delete
// cycles, how many slow-header and slow-body connections are still open after their timeouts,
// and its exit status when SIGTERM arrives with requests in flight. Each phase also asserts a
// bound, so a regression fails the run.
//
//	make soak                                   # the full run
//	go test -tags soak -run '^TestSoak$' -v ./mockserver/cmd/ome-mock/ -args -soak.cycles=2000 -soak.duration=5s -soak.conns=100

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var (
	soakDuration = flag.Duration("soak.duration", 30*time.Second, "how long the mixed load runs")
	soakWorkers  = flag.Int("soak.workers", 16, "concurrent clients of the mixed load")
	soakCycles   = flag.Int("soak.cycles", 20000, "create/delete cycles (vhost with an application, then its deletion)")
	soakConns    = flag.Int("soak.conns", 300, "slow-header connections, and as many slow-body ones")
	soakInFlight = flag.Int("soak.inflight", 20, "requests in flight when SIGTERM arrives")
)

// soakTimeouts are the limits the soak runs ome-mock with: short, so that their effect shows
// within the run.
const (
	soakReadHeader = 2 * time.Second
	soakRead       = 4 * time.Second
	soakGrace      = 2 * time.Second
)

const soakToken = "soak-token"

// soakConfig is a Server.xml with vhost "default" (app "app") and vhost "hooked", whose RTMP
// publishers the control server at url must admit (it never answers within the run).
func soakConfig(t *testing.T, url string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Server.xml")
	xml := `<Server><Name>soak</Name>
<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
<Managers><API><AccessToken>` + soakToken + `</AccessToken></API></Managers>
<VirtualHosts>
<VirtualHost><Name>default</Name>
	<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
</VirtualHost>
<VirtualHost><Name>hooked</Name>
	<AdmissionWebhooks>
		<ControlServerUrl>` + url + `</ControlServerUrl><SecretKey>k</SecretKey><Timeout>60000</Timeout>
		<Enables><Providers>rtmp</Providers></Enables>
	</AdmissionWebhooks>
	<Applications><Application><Name>app</Name><Type>live</Type></Application></Applications>
</VirtualHost>
</VirtualHosts></Server>`
	if err := os.WriteFile(path, []byte(xml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// procStatus returns a field of /proc/PID/status in KiB (VmRSS, VmHWM).
func procStatus(t *testing.T, pid int, field string) int {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("reading the mock's memory: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// openFDs counts the mock's open file descriptors (its listener, connections and the rest).
func openFDs(t *testing.T, pid int) int {
	t.Helper()
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// soakClient sends requests to the mock and keeps their latencies.
type soakClient struct {
	base  string
	httpc *http.Client
	auth  string

	mu        sync.Mutex
	latencies []time.Duration
	failures  map[string]int
}

func newSoakClient(base string, conns int) *soakClient {
	return &soakClient{
		base:     base,
		httpc:    &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}},
		auth:     basic(soakToken),
		failures: map[string]int{},
	}
}

// do sends one request and checks its status against want.
func (c *soakClient) do(method, path, body string, want int) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", c.auth)
	start := time.Now()
	res, err := c.httpc.Do(req)
	var status int
	if err == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		status = res.StatusCode
	}
	took := time.Since(start)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.latencies = append(c.latencies, took)
	switch {
	case err != nil:
		c.failures[method+" "+err.Error()]++
	case status != want:
		c.failures[fmt.Sprintf("%s %s: %d, want %d", method, strings.Split(path, "?")[0], status, want)]++
	}
}

func (c *soakClient) report() (n int, p50, p99, worst time.Duration, failures map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := slices.Clone(c.latencies)
	slices.Sort(l)
	if len(l) == 0 {
		return 0, 0, 0, 0, c.failures
	}
	return len(l), l[len(l)/2], l[len(l)*99/100], l[len(l)-1], c.failures
}

// TestSoak runs the phases in order against one ome-mock process.
func TestSoak(t *testing.T) {
	hold := make(chan struct{})
	var controlCalls atomic.Int64
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		controlCalls.Add(1)
		select { // held until the mock gives up on the request
		case <-r.Context().Done():
		case <-hold:
		}
	}))
	defer control.Close()
	defer close(hold)

	p := startProcess(t, "-c", soakConfig(t, control.URL), "-listen", "127.0.0.1:0",
		"-read-header-timeout", soakReadHeader.String(), "-read-timeout", soakRead.String(),
		"-write-timeout", "20s", "-idle-timeout", "10s", "-shutdown-grace", soakGrace.String())
	pid := p.cmd.Process.Pid
	var summary []string
	report := func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		summary = append(summary, line)
		t.Log(line)
	}
	defer func() {
		fmt.Printf("\n==== ome-mock soak (cycles %d, load %s × %d workers, %d slow connections each, %d in flight at SIGTERM) ====\n",
			*soakCycles, *soakDuration, *soakWorkers, *soakConns, *soakInFlight)
		for _, l := range summary {
			fmt.Println("  " + l)
		}
	}()

	t.Run("mixed load", func(t *testing.T) {
		c := newSoakClient(p.base, *soakWorkers)
		// Some state to read: a stream with traffic, and a few vhosts.
		c.do("POST", "/_mock/streams/publish", `{"vhost":"default","app":"app","name":"s"}`, 201)
		deadline := time.Now().Add(*soakDuration)
		var wg sync.WaitGroup
		for w := range *soakWorkers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 1))
				for i := 0; time.Now().Before(deadline); i++ {
					switch n := rng.IntN(100); {
					case n < 30:
						c.do("GET", "/v1/vhosts", "", 200)
					case n < 45:
						c.do("GET", "/v1/vhosts/default/apps/app", "", 200)
					case n < 55:
						c.do("GET", "/v1/stats/current/vhosts/default/apps/app/streams/s", "", 200)
					case n < 65:
						c.do("POST", "/_mock/traffic", `{"vhost":"default","app":"app","stream":"s","bytesIn":1000,"bytesOut":4000,"connections":{"webrtc":1}}`, 200)
					case n < 75:
						c.do("GET", "/v1/vhosts/default/apps/app/streams/s", "", 200)
					default:
						name := fmt.Sprintf("load-%d-%d", w, i)
						c.do("POST", "/v1/vhosts", `[{"name":"`+name+`"}]`, 200)
						c.do("POST", "/v1/vhosts/"+name+"/apps", `[{"name":"a","type":"live"}]`, 200)
						c.do("DELETE", "/v1/vhosts/"+name, "", 200)
					}
				}
			}()
		}
		start := time.Now()
		wg.Wait()
		elapsed := time.Since(start)
		n, p50, p99, worst, failures := c.report()
		report("mixed load: %d requests in %.1fs = %.0f req/s; latency p50 %v, p99 %v, max %v; %d unexpected answers",
			n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), p50.Round(time.Microsecond), p99.Round(time.Microsecond), worst.Round(time.Microsecond), sum(failures))
		for f, k := range failures {
			t.Errorf("%d × %s", k, f)
		}
		if p99 > 500*time.Millisecond {
			t.Errorf("p99 %v over 500 ms", p99)
		}
		c.do("POST", "/_mock/reset", "", 200)
	})

	t.Run("create/delete cycles", func(t *testing.T) {
		c := newSoakClient(p.base, 8)
		// Warm up (the first cycles grow the heap to its working size), then measure.
		cycle := func(i int) {
			name := "cycle-" + strconv.Itoa(i)
			c.do("POST", "/v1/vhosts", `[{"name":"`+name+`","host":{"names":["`+name+`.example"]}}]`, 200)
			c.do("POST", "/v1/vhosts/"+name+"/apps", `[{"name":"a","type":"live"},{"name":"b","type":"live"}]`, 200)
			c.do("DELETE", "/v1/vhosts/"+name, "", 200)
		}
		for i := range 500 {
			cycle(-i - 1)
		}
		time.Sleep(time.Second)
		before, fdsBefore := procStatus(t, pid, "VmRSS"), openFDs(t, pid)
		start := time.Now()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1))
					if i > *soakCycles {
						return
					}
					cycle(i)
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		time.Sleep(time.Second)
		after, hwm, fdsAfter := procStatus(t, pid, "VmRSS"), procStatus(t, pid, "VmHWM"), openFDs(t, pid)
		n, _, p99, _, failures := c.report()
		report("create/delete: %d cycles after 500 to warm up (%d requests) in %.1fs; RSS %d KiB before, %d KiB after (%+d KiB), peak %d KiB; open fds %d before, %d after; %d unexpected answers, p99 %v",
			*soakCycles, n, elapsed.Seconds(), before, after, after-before, hwm, fdsBefore, fdsAfter, sum(failures), p99.Round(time.Microsecond))
		for f, k := range failures {
			t.Errorf("%d × %s", k, f)
		}
		// The state is back to the Server.xml's, and memory has not grown with the cycles.
		if _, res := get(t, p.base+"/v1/vhosts", basic(soakToken)); strings.TrimSpace(res) != `{"message":"OK","response":["default","hooked"],"statusCode":200}` {
			t.Errorf("vhosts after the cycles: %s", res)
		}
		if after-before > 32<<10 {
			t.Errorf("RSS grew by %d KiB over %d cycles", after-before, *soakCycles)
		}
	})

	t.Run("slow clients", func(t *testing.T) {
		addr := strings.TrimPrefix(p.base, "http://")
		fdsBefore := openFDs(t, pid)
		type slow struct {
			kind string
			conn net.Conn
		}
		var conns []slow
		for i := range *soakConns {
			// Slow headers: a request line and one header, then nothing.
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.WriteString(c, "GET /v1/vhosts HTTP/1.1\r\nHost: x\r\n")
			conns = append(conns, slow{"slow headers", c})
			// Slow body, every other one authenticated: headers, then a trickle of the body.
			c, err = net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			head := "POST /v1/vhosts HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
			if i%2 == 0 {
				head += "Authorization: " + basic(soakToken) + "\r\n"
			}
			_, _ = io.WriteString(c, head+"\r\n[")
			conns = append(conns, slow{"slow body", c})
		}
		during := openFDs(t, pid)
		stop := make(chan struct{})
		var trickle sync.WaitGroup
		for _, s := range conns {
			if s.kind != "slow body" {
				continue
			}
			trickle.Add(1)
			go func() {
				defer trickle.Done()
				for {
					select {
					case <-stop:
						return
					case <-time.After(500 * time.Millisecond):
						if _, err := io.WriteString(s.conn, " "); err != nil {
							return
						}
					}
				}
			}()
		}
		// Wait past both timeouts, then see which connections the server has closed.
		time.Sleep(soakRead + 2*time.Second)
		open := map[string]int{}
		for _, s := range conns {
			_ = s.conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			_, err := io.Copy(io.Discard, s.conn)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				open[s.kind]++
			}
		}
		close(stop)
		trickle.Wait()
		after := openFDs(t, pid)
		for _, s := range conns {
			s.conn.Close()
		}
		report("slow clients: %d slow-header and %d slow-body connections; still open after the timeouts (%v, %v): %d and %d; mock fds %d before, %d during, %d after",
			*soakConns, *soakConns, soakReadHeader, soakRead, open["slow headers"], open["slow body"], fdsBefore, during, after)
		if open["slow headers"]+open["slow body"] > 0 {
			t.Errorf("%v connections outlived their timeouts", open)
		}
		if after > fdsBefore+10 {
			t.Errorf("the mock holds %d file descriptors after the timeouts, %d before", after, fdsBefore)
		}
		// The mock still serves.
		if status, _ := getStatus(p.base+"/v1/vhosts", basic(soakToken)); status != 200 {
			t.Errorf("after the slow clients: %d", status)
		}
	})

	t.Run("SIGTERM with requests in flight", func(t *testing.T) {
		c := newSoakClient(p.base, 2**soakInFlight)
		calls := controlCalls.Load()
		var wg sync.WaitGroup
		results := make(chan error, 2**soakInFlight)
		for i := range *soakInFlight {
			wg.Add(1)
			go func() { // held by the control server until the grace runs out
				defer wg.Done()
				req, _ := http.NewRequest("POST", p.base+"/_mock/streams/publish", strings.NewReader(fmt.Sprintf(`{"vhost":"hooked","app":"app","name":"held-%d"}`, i)))
				req.Header.Set("Authorization", basic(soakToken))
				res, err := c.httpc.Do(req)
				if err == nil {
					res.Body.Close()
					err = fmt.Errorf("answered %d", res.StatusCode)
				}
				results <- err
			}()
		}
		for controlCalls.Load()-calls < int64(*soakInFlight) {
			time.Sleep(10 * time.Millisecond)
		}
		sent := time.Now()
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		code := p.waitExit(t, soakGrace+10*time.Second)
		took := time.Since(sent)
		wg.Wait()
		close(results)
		outcomes := map[string]int{}
		for err := range results {
			switch {
			case err == nil:
			case strings.HasPrefix(err.Error(), "answered"):
				outcomes[err.Error()]++ // cancelled, and answered before the connection closed
			default:
				outcomes["connection closed"]++
			}
		}
		report("SIGTERM: exit status %d after %v with %d requests held in flight (grace %v); outcomes %v",
			code, took.Round(time.Millisecond), *soakInFlight, soakGrace, outcomes)
		if code != 0 {
			t.Errorf("exit status %d; stderr:\n%s", code, p.stderr)
		}
		if took > soakGrace+5*time.Second {
			t.Errorf("took %v to stop", took)
		}
	})
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func getStatus(url, auth string) (int, error) {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	req.Header.Set("Authorization", auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, bufio.NewReader(res.Body))
	res.Body.Close()
	return res.StatusCode, nil
}
