package mockserver

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// endlessBody is a request body that never ends (until limit, so that a failing test stops): it
// counts how much of it was read.
type endlessBody struct {
	read  atomic.Int64
	limit int64
}

func (b *endlessBody) Read(p []byte) (int, error) {
	left := b.limit - b.read.Load()
	if left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), left))
	// A JSON array that never closes: a reader that parses as it reads gets no early error.
	for i := range p[:n] {
		p[i] = ' '
	}
	if b.read.Load() == 0 && n > 0 {
		p[0] = '['
	}
	b.read.Add(int64(n))
	return n, nil
}

// TestBodyCap: a request body is bounded before anything reads it, and read only by operations
// that take one: a GET, a 401 or an unroutable request reads none of it whatever its size, and a
// body over the cap is answered 413 after reading at most the cap, in lenient and strict mode.
func TestBodyCap(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10 // the mock's cap in this test
	const huge = 256 << 20 // what the client offers
	const slack = 4 << 10  // read-ahead tolerated past the cap
	for _, strict := range []bool{false, true} {
		opts := []Option{WithMaxBodyBytes(limit)}
		name := "lenient"
		if strict {
			opts, name = append(opts, WithStrictRequests()), "strict"
		}
		s, err := New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, method, path string
			auth               bool
			status             int
			maxRead            int64
		}{
			{"GET without body parameter", "GET", "/v1/vhosts", true, 200, 0},
			{"GET of an app", "GET", "/v1/vhosts/default/apps/app", true, 200, 0},
			{"DELETE", "DELETE", "/v1/vhosts/nosuch", true, 404, 0},
			{"unauthenticated POST", "POST", "/v1/vhosts", false, 401, 0},
			{"unroutable", "POST", "/v1/nothing", true, 404, 0},
			{"POST over the cap", "POST", "/v1/vhosts", true, 413, limit + slack},
			{"POST over the cap to a hook", "POST", ControlPrefix + "/streams/publish", true, 413, limit + slack},
		}
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				body := &endlessBody{limit: huge}
				req := httptest.NewRequest(tt.method, tt.path, body)
				if tt.auth {
					req.Header.Set("Authorization", basic(s.Token()))
				}
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, req)
				if rec.Code != tt.status {
					t.Errorf("status %d, want %d (%s)", rec.Code, tt.status, rec.Body)
				}
				if got := body.read.Load(); got > tt.maxRead {
					t.Errorf("read %d bytes of the body, want at most %d", got, tt.maxRead)
				}
			})
		}
	}
}

// TestBodyCapOverTCP offers a large body to a real server: the mock answers without taking it in
// (Go's server may drain a little of it to keep the connection, never the whole).
func TestBodyCapOverTCP(t *testing.T) {
	t.Parallel()
	ts := NewTest(t, WithMaxBodyBytes(64<<10))
	const huge = 256 << 20
	const bound = 8 << 20 // the cap, Go's post-handler drain (256 KiB) and socket buffers
	for _, tt := range []struct {
		name, method, path string
		auth               bool
		status             int
	}{
		{"authenticated GET", "GET", "/v1/vhosts", true, 200},
		{"unauthenticated GET", "GET", "/v1/vhosts", false, 401},
		{"POST over the cap", "POST", "/v1/vhosts", true, 413},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := &endlessBody{limit: huge}
			req, err := http.NewRequest(tt.method, ts.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = huge
			if tt.auth {
				req.Header.Set("Authorization", basic(ts.Token()))
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				// The server may close the connection while the client still writes; the
				// answer it sent first is what counts, and Go's client reports it when it can.
				t.Logf("client: %v", err)
			} else {
				got, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != tt.status {
					t.Errorf("status %d, want %d (%s)", res.StatusCode, tt.status, bytes.TrimSpace(got))
				}
			}
			if got := body.read.Load(); got > bound {
				t.Errorf("the server took %d bytes of the body, want at most %d", got, bound)
			}
		})
	}
}
