package sdk

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// respNullable are the methods whose envelope OME may send with "response": null (the server's
// and the queues' metrics while OME shuts down; a replaced output profile that is gone after the
// application's restart). Every other method that returns a value needs one.
var respNullable = map[string]bool{
	"StatsService.Server":           true,
	"StatsService.Queues":           true,
	"OutputProfilesService.Replace": true,
}

// wantResponseError checks that err is a *ResponseError matching sentinel, with the request's
// method and a URL, and the answer's status.
func wantResponseError(t *testing.T, what string, err, sentinel error, status int) {
	t.Helper()
	var re *ResponseError
	switch {
	case !errors.As(err, &re):
		t.Errorf("%s: error %v (%T); want a *ResponseError", what, err, err)
	case !errors.Is(err, sentinel):
		t.Errorf("%s: error %v does not match %v", what, err, sentinel)
	case re.StatusCode != status || re.Method == "" || !strings.Contains(re.URL, "/v1/"):
		t.Errorf("%s: error %+v; want status %d, the method and the URL", what, re, status)
	}
}

// TestAnswersWithoutResponse gives every method that returns a value (batch calls aside) answers
// that are not an envelope with a response. Each is a *ResponseError (ErrUnexpectedResponse)
// with a nil value, except the envelope with "response": null for the nullable methods, which
// is (nil, nil).
func TestAnswersWithoutResponse(t *testing.T) {
	t.Parallel()
	answers := []struct {
		name   string
		status int
		body   string
	}{
		{"null", 200, `null`},
		{"empty body", 200, ``},
		{"spaces", 200, " \n"},
		{"empty object", 200, `{}`},
		{"status-only envelope", 200, `{"message":"OK","statusCode":200}`},
		{"response null", 200, `{"message":"OK","response":null,"statusCode":200}`},
		{"response null, status 202", 202, `{"message":"OK","response":null,"statusCode":202}`},
		{"array", 200, `[]`},
		{"string", 200, `"OK"`},
		{"number", 200, `200`},
		{"html", 200, `<html><body>Welcome to nginx!</body></html>`},
		{"truncated", 200, `{"message":"OK","response":{"na`},
		{"response of another type", 200, `{"message":"OK","response":"x","statusCode":200}`},
	}
	var status int
	var body string
	f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, status, body) })
	c, err := New(f.srv.URL, WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	services := namesServices(c)
	nullableSeen := map[string]bool{}
	checked := 0
	for _, m := range covServiceMethods(t) {
		svc, name, _ := strings.Cut(m.name, ".")
		fn := services[svc].MethodByName(name)
		ft := fn.Type()
		if ft.NumOut() != 2 || strings.HasPrefix(ft.Out(0).Elem().Name(), "Result[") {
			continue // status-only and batch calls
		}
		checked++
		for _, a := range answers {
			// One test server for every case: not parallel.
			status, body = a.status, a.body
			out := fn.Call(namesArgs(fn, []string{"v", "a", "s"}))
			err, _ := out[1].Interface().(error)
			value := out[0]
			if a.name == "response null" && respNullable[m.name] {
				nullableSeen[m.name] = true
				if err != nil || !value.IsNil() {
					t.Errorf("%s, %s: %v, %v; want nil, nil", m.name, a.name, value, err)
				}
				continue
			}
			if !value.IsNil() {
				t.Errorf("%s, %s: value %v, error %v; want no value", m.name, a.name, value, err)
			}
			if a.name == "response null, status 202" && respNullable[m.name] {
				if err != nil {
					t.Errorf("%s, %s: %v", m.name, a.name, err)
				}
				continue
			}
			wantResponseError(t, m.name+", "+a.name, err, ErrUnexpectedResponse, a.status)
		}
	}
	if checked < 20 {
		t.Errorf("checked %d methods; the SDK has more that return a value", checked)
	}
	if !reflect.DeepEqual(nullableSeen, respNullable) {
		t.Errorf("nullable methods found %v; want %v", nullableSeen, respNullable)
	}
}

// TestBatchAnswerLength: a batch answer whose number of results differs from the number of items
// sent cannot be matched to the items; it is a *ResponseError (ErrUnexpectedResponse) without
// results, whatever the status. So are batch answers that are not an array of results.
func TestBatchAnswerLength(t *testing.T) {
	t.Parallel()
	ok := `{"message":"OK","response":{"name":"x"},"statusCode":200}`
	conflict := `{"message":"exists","statusCode":409}`
	calls := []struct {
		name string
		n    int
		do   func(c *Client) (int, error) // number of results, error
	}{
		{"VirtualHosts.Create/2", 2, func(c *Client) (int, error) {
			r, err := c.VirtualHosts.Create(context.Background(), VirtualHost{Name: "a"}, VirtualHost{Name: "b"})
			return len(r), err
		}},
		{"VirtualHosts.Create/0", 0, func(c *Client) (int, error) {
			r, err := c.VirtualHosts.Create(context.Background())
			return len(r), err
		}},
		{"Applications.Create/2", 2, func(c *Client) (int, error) {
			r, err := c.Applications.Create(context.Background(), "v", Application{Name: "a"}, Application{Name: "b"})
			return len(r), err
		}},
		{"OutputProfiles.Create/2", 2, func(c *Client) (int, error) {
			r, err := c.OutputProfiles.Create(context.Background(), "v", "a", OutputProfile{Name: "a"}, OutputProfile{Name: "b"})
			return len(r), err
		}},
		{"Streams.SendEvents/2", 2, func(c *Client) (int, error) {
			r, err := c.Streams.SendEvents(context.Background(), "v", "a", "s", ID3v2Event(), ID3v2Event())
			return len(r), err
		}},
	}
	answers := []struct {
		name   string
		status int
		items  []string // results; nil with body set
		body   string
	}{
		{"one result", 200, []string{ok}, ""},
		{"three results", 200, []string{ok, ok, ok}, ""},
		{"no result", 200, []string{}, ""},
		{"one result, 207", 207, []string{conflict}, ""},
		{"three results, 409", 409, []string{conflict, conflict, conflict}, ""},
		{"null", 200, nil, `null`},
		{"object", 200, nil, `{"message":"OK","statusCode":200}`},
		{"empty", 200, nil, ``},
		{"array of strings", 200, nil, `["a","b"]`},
	}
	for _, call := range calls {
		for _, a := range answers {
			body := a.body
			if a.items != nil {
				body = "[" + strings.Join(a.items, ",") + "]"
			}
			if a.items != nil && len(a.items) == call.n {
				continue // a matching answer; TestBatchResults covers those
			}
			t.Run(call.name+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, a.status, body) })
				c, err := New(f.srv.URL, WithAccessToken(testToken))
				if err != nil {
					t.Fatal(err)
				}
				n, err := call.do(c)
				wantResponseError(t, "answer", err, ErrUnexpectedResponse, a.status)
				if n != 0 {
					t.Errorf("%d results returned with the error", n)
				}
				if a.items != nil && !strings.Contains(fmt.Sprint(err), fmt.Sprintf("%d results for %d items", len(a.items), call.n)) {
					t.Errorf("error %q does not count results and items", err)
				}
			})
		}
	}
}

// respPadded is an answer of exactly size bytes: an envelope followed by spaces, sent in
// chunks so that the test server never holds it whole.
func respPadded(w io.Writer, size int) (int, error) {
	env := `{"message":"OK","response":{"gitVersion":"v0.21.0","version":"0.21.0"},"statusCode":200}`
	written, err := io.WriteString(w, env)
	chunk := []byte(strings.Repeat(" ", 64<<10))
	for err == nil && written < size {
		var n int
		n, err = w.Write(chunk[:min(len(chunk), size-written)])
		written += n
	}
	return written, err
}

// TestResponseSizeCap: an answer of exactly 64 MiB is read; one byte more is a *ResponseError
// (ErrResponseTooLarge), and so is an endless answer, of which the client reads no more than the
// cap and a byte, and one whose Content-Length is over the cap, of which it reads nothing. The
// cases run one after the other, so that at most one 64 MiB body is in memory at a time.
func TestResponseSizeCap(t *testing.T) {
	t.Parallel()
	const endless = -1
	tests := []struct {
		name     string
		status   int
		size     int   // body size, or endless
		declared int64 // Content-Length; with size 0, sent before a short body
		wantErr  bool
	}{
		{"exactly the cap", 200, maxResponseBytes, 0, false},
		{"exactly the cap, with Content-Length", 200, maxResponseBytes, maxResponseBytes, false},
		{"one byte over", 200, maxResponseBytes + 1, 0, true},
		{"endless", 200, endless, 0, true},
		{"endless error answer", 500, endless, 0, true},
		{"declared over the cap", 200, 0, maxResponseBytes + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Cleanup(debug.FreeOSMemory) // give the body's memory back before the next case
			written := make(chan int, 1)
			f := newFake(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				if tt.declared > 0 {
					w.Header().Set("Content-Length", strconv.FormatInt(tt.declared, 10))
				}
				if tt.declared > 0 && tt.size == 0 {
					w.WriteHeader(tt.status)
					n, _ := io.WriteString(w, `{"message":"OK",`)
					w.(http.Flusher).Flush()
					select { // the client hangs up without waiting for the rest
					case <-r.Context().Done():
					case <-time.After(10 * time.Second):
					}
					written <- n
					return
				}
				w.WriteHeader(tt.status)
				size := tt.size
				if size == endless {
					size = 4 * maxResponseBytes // the client must hang up long before
				}
				n, _ := respPadded(w, size)
				written <- n
			})
			c, err := New(f.srv.URL, WithAccessToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if !tt.wantErr {
				// A call that needs only the status: the cap applies before any decoding, and
				// decoding 64 MiB of JSON would only slow the test down.
				if err := c.VirtualHosts.Delete(context.Background(), "v"); err != nil {
					t.Fatalf("Delete: %v; want the answer read", err)
				}
				return
			}
			// A call that decodes the answer: the cap must fail it before decoding.
			v, err := c.Version.Get(context.Background())
			elapsed := time.Since(start)
			if v != nil {
				t.Errorf("value %+v returned", v)
			}
			wantResponseError(t, "answer", err, ErrResponseTooLarge, tt.status)
			if !strings.Contains(fmt.Sprint(err), "64 MiB") {
				t.Errorf("error %v does not name the cap", err)
			}
			n := <-written
			switch {
			case tt.size == 0 && elapsed > 5*time.Second:
				t.Errorf("the client waited %v for a body it cannot use", elapsed)
			case tt.size == endless && n >= 2*maxResponseBytes:
				t.Errorf("the server wrote %d MiB before the client hung up", n>>20)
			}
		})
	}
}

// TestErrorsCarryNoCredentials: an answer that repeats the request's credentials (an echo
// server, a proxy's debug page) does not bring them into the error's text, whichever error
// quotes the answer.
func TestErrorsCarryNoCredentials(t *testing.T) {
	t.Parallel()
	encoded := base64.StdEncoding.EncodeToString([]byte(testToken))
	echo := "Authorization: Basic " + encoded + " (token " + testToken + ")"
	tests := []struct {
		name   string
		status int
		body   string
		call   func(c *Client) error
	}{
		{"APIError, text body", 401, strings.Repeat("x", 150) + echo, func(c *Client) error {
			_, err := c.VirtualHosts.List(context.Background())
			return err
		}},
		{"APIError, JSON message", 400, `{"message":"` + echo + `","statusCode":400}`, func(c *Client) error {
			_, err := c.VirtualHosts.List(context.Background())
			return err
		}},
		{"ResponseError, not JSON", 200, strings.Repeat("x", 10) + echo, func(c *Client) error {
			_, err := c.VirtualHosts.List(context.Background())
			return err
		}},
		{"ResponseError, batch answer not an array", 200, `{"echo":"` + echo + `"}`, func(c *Client) error {
			_, err := c.VirtualHosts.Create(context.Background(), VirtualHost{Name: "a"})
			return err
		}},
		{"BatchError, item message", 409, `[{"message":"` + echo + `","statusCode":409}]`, func(c *Client) error {
			_, err := c.VirtualHosts.Create(context.Background(), VirtualHost{Name: "a"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, tt.status, tt.body) })
			c, err := New(f.srv.URL, WithAccessToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			err = tt.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			text := err.Error()
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				text += apiErr.RawMessage
			}
			if strings.Contains(text, testToken) || strings.Contains(text, encoded) {
				t.Errorf("error carries the credentials: %s", text)
			}
			if !strings.Contains(text, "[REDACTED]") {
				t.Errorf("error %q does not show where the credentials were", text)
			}
		})
	}
}
