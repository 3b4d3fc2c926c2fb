package mockserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The benchmarks drive requests through the whole stack (CORS, authentication, routing,
// validation, strict handler, store) and, in the same run, through a bare net/http handler that
// writes the same bytes. Each reports "x-bare": the mock's time per request divided by the bare
// handler's. The aim is at most 2.

type benchCase struct {
	method, path string
	body         func(i int) string // nil for no body
}

func (c benchCase) request(i int) *http.Request {
	var req *http.Request
	if c.body != nil {
		req = httptest.NewRequest(c.method, c.path, strings.NewReader(c.body(i)))
	} else {
		req = httptest.NewRequest(c.method, c.path, nil)
	}
	req.Header.Set("Authorization", basic(DefaultToken))
	return req
}

// bare returns a handler that answers exactly what the mock answered to the first request.
func bare(b *testing.B, h http.Handler, c benchCase) http.Handler {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, c.request(-1))
	if rec.Code >= 300 {
		b.Fatalf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body)
	}
	status, body := rec.Code, rec.Body.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			var v any
			_ = json.NewDecoder(r.Body).Decode(&v) // a fair bare handler reads its body too
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

func serveN(b *testing.B, h http.Handler, c benchCase, n int) {
	b.Helper()
	for i := range n {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, c.request(i))
		if rec.Code >= 300 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

func run(b *testing.B, h http.Handler, c benchCase) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer() // setup is not measured
	serveN(b, h, c, b.N)
}

// benchPair times b.N requests through a bare handler, then b.N through the mock (the measured
// part), and reports the ratio of the two as "x-bare".
func benchPair(b *testing.B, s *Server, c benchCase) {
	b.Helper()
	baseline := bare(b, s.Handler(), c)
	start := time.Now()
	serveN(b, baseline, c, b.N)
	bareNs := float64(time.Since(start).Nanoseconds()) / float64(b.N)
	b.ReportAllocs()
	b.ResetTimer()
	serveN(b, s.Handler(), c, b.N)
	b.StopTimer()
	if bareNs > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bareNs, "x-bare")
	}
}

func newBenchServer(b *testing.B) *Server {
	b.Helper()
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkListVirtualHosts(b *testing.B) {
	benchPair(b, newBenchServer(b), benchCase{method: "GET", path: "/v1/vhosts"})
}

func BenchmarkGetApplication(b *testing.B) {
	benchPair(b, newBenchServer(b), benchCase{method: "GET", path: "/v1/vhosts/default/apps/app"})
}

func BenchmarkCreateApplications(b *testing.B) {
	s := newBenchServer(b)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, benchCase{method: "POST", path: "/v1/vhosts", body: func(int) string { return `[{"name":"bench"}]` }}.request(0))
	if rec.Code != 200 {
		b.Fatalf("create vhost: %d %s", rec.Code, rec.Body)
	}
	benchPair(b, s, benchCase{method: "POST", path: "/v1/vhosts/bench/apps", body: func(i int) string {
		return fmt.Sprintf(`[{"name":"app%d","type":"live"}]`, i+1)
	}})
}

// BenchmarkGetApplicationStoreSize shows GET of one app does not slow down as the store grows:
// compare the ns/op of apps=10 and apps=100000.
func BenchmarkGetApplicationStoreSize(b *testing.B) {
	for _, n := range []int{10, 100_000} {
		b.Run(fmt.Sprintf("apps=%d", n), func(b *testing.B) {
			s := newBenchServer(b)
			cfg := []byte(`{"name":"x","type":"live"}`)
			_ = s.st.update(func() error {
				vh := s.st.addVhost("big", json.RawMessage(`{"name":"big"}`), false)
				for i := range n {
					if _, err := s.st.addApp(vh, fmt.Sprintf("app%d", i), cfg, false); err != nil {
						return err
					}
				}
				return nil
			})
			runtime.GC() // do not charge the setup's garbage to the requests
			run(b, s.Handler(), benchCase{method: "GET", path: fmt.Sprintf("/v1/vhosts/big/apps/app%d", n/2)})
		})
	}
}

// BenchmarkThroughput serves the mock and a bare net/http handler that writes the same bytes on
// loopback listeners and drives each with the same concurrent keep-alive clients (as wrk
// would), one after the other in the same run. It reports both rates and "x-throughput", the
// mock's requests per second divided by the bare handler's (1 is as fast as bare).
func BenchmarkThroughput(b *testing.B) {
	for _, c := range []benchCase{
		{method: "GET", path: "/v1/vhosts"},
		{method: "POST", path: "/v1/vhosts/default/apps/app:records", body: func(int) string { return `{"id":""}` }},
	} {
		b.Run(c.method, func(b *testing.B) {
			s := newBenchServer(b)
			bareRate := loopbackRate(b, bare(b, s.Handler(), c), c, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			mockRate := loopbackRate(b, s.Handler(), c, b.N)
			b.StopTimer()
			b.ReportMetric(bareRate, "bare-req/s")
			b.ReportMetric(mockRate, "mock-req/s")
			b.ReportMetric(mockRate/bareRate, "x-throughput")
		})
	}
}

// loopbackRate serves h on 127.0.0.1 and sends it n requests from 4·GOMAXPROCS concurrent
// keep-alive clients; it returns the requests per second.
func loopbackRate(b *testing.B, h http.Handler, c benchCase, n int) float64 {
	b.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	workers := 4 * runtime.GOMAXPROCS(0)
	tr := &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	next := make(chan int, workers)
	errs := make(chan error, workers)
	start := time.Now()
	for range workers {
		go func() {
			var err error
			for i := range next {
				if err != nil {
					continue
				}
				req := c.request(i)
				req.RequestURI = ""
				req.URL.Scheme, req.URL.Host = "http", strings.TrimPrefix(srv.URL, "http://")
				var resp *http.Response
				if resp, err = client.Do(req); err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode >= 300 {
						err = fmt.Errorf("%s %s: %d", c.method, c.path, resp.StatusCode)
					}
				}
			}
			errs <- err
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}
