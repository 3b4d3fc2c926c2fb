package sdk

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"testing"
	"time"
)

// The benchmarks compare an SDK call with the same request written by hand with net/http and
// encoding/json, against one test server answering canned OME bytes. Each benchmark run makes b.N
// hand-written calls and b.N SDK calls in alternating chunks (the benchmark's own ns/op and
// allocs/op are the SDK's) and reports the SDK's cost relative to the hand-written code: x-time is
// (SDK ns/op) / (hand ns/op) and x-allocs is (SDK allocs/op) / (hand allocs/op). Both sides
// include the in-process server's own work and allocations.
//
//	go test -run '^$' -bench . -benchmem ./sdk/

const benchToken = "ome-access-token"

// benchEnv is a server answering body with status to every request, a shared HTTP client and an
// SDK client using it.
type benchEnv struct {
	base string
	auth string
	hc   *http.Client
	c    *Client
}

func newBenchEnv(b *testing.B, status int, body []byte) *benchEnv {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	b.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	c, err := New(srv.URL, WithAccessToken(benchToken), WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{
		base: srv.URL,
		auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(benchToken)),
		hc:   hc,
		c:    c,
	}
}

// benchCompact returns the compact form of a JSON document, as OME sends it.
func benchCompact(b *testing.B, doc []byte) []byte {
	b.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, doc); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}

// handRequest builds a request the way hand-written client code would.
func (e *benchEnv) handRequest(ctx context.Context, method, path string, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, e.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", e.auth)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", DefaultUserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// handDo sends req and returns the status and the body.
func (e *benchEnv) handDo(req *http.Request) (int, []byte, error) {
	res, err := e.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	return res.StatusCode, body, err
}

// handGetApp is GET /v1/vhosts/{vhost}/apps/{app} by hand.
func (e *benchEnv) handGetApp(ctx context.Context, vhost, app string) (*Application, error) {
	req, err := e.handRequest(ctx, http.MethodGet, "/v1/vhosts/"+url.PathEscape(vhost)+"/apps/"+url.PathEscape(app), nil)
	if err != nil {
		return nil, err
	}
	status, body, err := e.handDo(req)
	if err != nil {
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, fmt.Errorf("GET app: %d %s", status, body)
	}
	var env struct {
		Message    string      `json:"message"`
		Response   Application `json:"response"`
		StatusCode int         `json:"statusCode"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// benchHandResult is one item of a hand-decoded batch answer.
type benchHandResult struct {
	StatusCode int          `json:"statusCode"`
	Message    string       `json:"message"`
	Response   *Application `json:"response,omitempty"`
}

// handCreateApps is POST /v1/vhosts/{vhost}/apps by hand.
func (e *benchEnv) handCreateApps(ctx context.Context, vhost string, apps []Application) ([]benchHandResult, error) {
	reqBody, err := json.Marshal(apps)
	if err != nil {
		return nil, err
	}
	req, err := e.handRequest(ctx, http.MethodPost, "/v1/vhosts/"+url.PathEscape(vhost)+"/apps", reqBody)
	if err != nil {
		return nil, err
	}
	status, body, err := e.handDo(req)
	if err != nil {
		return nil, err
	}
	var items []benchHandResult
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("POST apps: %d %s", status, body)
	}
	for i, it := range items {
		if it.StatusCode < 200 || it.StatusCode > 299 {
			return items, fmt.Errorf("POST apps: item %d: %d %s", i, it.StatusCode, it.Message)
		}
	}
	if status < 200 || status > 299 {
		return items, fmt.Errorf("POST apps: %d", status)
	}
	return items, nil
}

// benchCost accumulates the time and heap allocations of a number of calls.
type benchCost struct {
	calls  int
	ns     int64
	allocs uint64
}

func (c benchCost) nsPerOp() float64     { return float64(c.ns) / float64(c.calls) }
func (c benchCost) allocsPerOp() float64 { return float64(c.allocs) / float64(c.calls) }

// measure runs f n times and adds the cost to c.
func (c *benchCost) measure(n int, f func() error) error {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for range n {
		if err := f(); err != nil {
			return err
		}
	}
	c.ns += time.Since(start).Nanoseconds()
	runtime.ReadMemStats(&after)
	c.allocs += after.Mallocs - before.Mallocs
	c.calls += n
	return nil
}

// benchRunCompared runs hand and sdk b.N times each, in alternating chunks so that drift in the
// machine's load affects both alike; the benchmark's own timer runs only during the SDK chunks,
// so its ns/op and allocs/op are the SDK's. It reports the SDK's cost relative to the hand-written
// code. (testing.Benchmark cannot measure the hand-written loop here: called from inside a
// benchmark it waits forever for the lock the running benchmark holds.)
func benchRunCompared(b *testing.B, hand, sdk func() error) {
	b.Helper()
	b.ReportAllocs()
	// Warm up both paths (connections, lazily built state) outside any measurement.
	for range 3 {
		if err := hand(); err != nil {
			b.Fatal(err)
		}
		if err := sdk(); err != nil {
			b.Fatal(err)
		}
	}
	const rounds = 10
	var h, s benchCost
	b.ResetTimer()
	b.StopTimer()
	for r := range rounds {
		n := b.N / rounds
		if r < b.N%rounds {
			n++
		}
		if n == 0 {
			continue
		}
		runHand := func() error { return h.measure(n, hand) }
		runSDK := func() error {
			b.StartTimer()
			defer b.StopTimer()
			return s.measure(n, sdk)
		}
		first, second := runHand, runSDK
		if r%2 == 1 {
			first, second = runSDK, runHand
		}
		if err := first(); err != nil {
			b.Fatal(err)
		}
		if err := second(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(h.nsPerOp(), "hand-ns/op")
	b.ReportMetric(h.allocsPerOp(), "hand-allocs/op")
	b.ReportMetric(s.nsPerOp()/h.nsPerOp(), "x-time")
	b.ReportMetric(s.allocsPerOp()/h.allocsPerOp(), "x-allocs")
}

// BenchmarkApplicationsGet: Applications.Get against GET of a Server.xml application (every
// value a string), beside the same GET by hand.
func BenchmarkApplicationsGet(b *testing.B) {
	body := benchCompact(b, decPayload(b, "app_get_serverxml.json"))
	env := newBenchEnv(b, http.StatusOK, body)
	ctx := context.Background()

	want, err := env.handGetApp(ctx, "default", "app")
	if err != nil {
		b.Fatal(err)
	}
	got, err := env.c.Applications.Get(ctx, "default", "app")
	if err != nil || !reflect.DeepEqual(want, got) || got.Publishers.LLHLS.ChunkDuration.Float64() != 0.5 {
		b.Fatalf("SDK and hand-written results differ: %v\n%+v\n%+v", err, want, got)
	}

	benchRunCompared(b,
		func() error { _, err := env.handGetApp(ctx, "default", "app"); return err },
		func() error { _, err := env.c.Applications.Get(ctx, "default", "app"); return err })
}

// BenchmarkApplicationsCreate: Applications.Create with two applications, answered by a bare
// array of two results each carrying the stored application (with OME's defaults filled in),
// beside the same POST by hand.
func BenchmarkApplicationsCreate(b *testing.B) {
	stored := benchCompact(b, decResponse(b, "app_get_docs.json"))
	var items []json.RawMessage
	for _, name := range []string{"app1", "app2"} {
		app := bytes.Replace(stored, []byte(`"name":"app"`), []byte(`"name":"`+name+`"`), 1)
		items = append(items, json.RawMessage(`{"message":"OK","response":`+string(app)+`,"statusCode":200}`))
	}
	body, err := json.Marshal(items)
	if err != nil {
		b.Fatal(err)
	}
	env := newBenchEnv(b, http.StatusOK, body)
	ctx := context.Background()
	apps := []Application{
		{Name: "app1", Type: "live", Publishers: &Publishers{LLHLS: &PublisherLLHLS{ChunkDuration: NewFloat(0.5)}}},
		{Name: "app2", Type: "live"},
	}

	hand, err := env.handCreateApps(ctx, "default", apps)
	if err != nil {
		b.Fatal(err)
	}
	res, err := env.c.Applications.Create(ctx, "default", apps...)
	if err != nil || len(res) != 2 || len(hand) != 2 || !reflect.DeepEqual(hand[1].Response, res[1].Value) || res[1].Value.Name != "app2" {
		b.Fatalf("SDK and hand-written results differ: %v\n%+v\n%+v", err, hand, res)
	}

	benchRunCompared(b,
		func() error { _, err := env.handCreateApps(ctx, "default", apps); return err },
		func() error { _, err := env.c.Applications.Create(ctx, "default", apps...); return err })
}
