package sdk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// namesRecorder is a test server that records the method and the path, as sent, of every request
// and answers 404.
type namesRecorder struct {
	*fake
	mu  sync.Mutex
	got []string // "METHOD escaped-path"
}

func newNamesRecorder(t *testing.T) *namesRecorder {
	t.Helper()
	r := &namesRecorder{}
	r.fake = newFake(t, func(_ int, w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.got = append(r.got, req.Method+" "+req.URL.EscapedPath())
		r.mu.Unlock()
		writeJSON(w, http.StatusNotFound, `{"message":"[HTTP] Could not find (404)","statusCode":404}`)
	})
	return r
}

func (r *namesRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

// namesService maps the type name of each service (ApplicationsService) to its value in c.
func namesServices(c *Client) map[string]reflect.Value {
	services := map[string]reflect.Value{}
	cv := reflect.ValueOf(c).Elem()
	for i := range cv.NumField() {
		f := cv.Field(i)
		if cv.Type().Field(i).IsExported() && f.Kind() == reflect.Pointer && strings.HasSuffix(f.Type().Elem().Name(), "Service") {
			services[f.Type().Elem().Name()] = f
		}
	}
	return services
}

// namesCall calls a service method with namesArgs and returns its error.
func namesCall(fn reflect.Value, names []string) error {
	out := fn.Call(namesArgs(fn, names))
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

// namesArgs returns the arguments of a service method: a context, names for its first string
// parameters and zero values for the rest (a variadic parameter gets no value).
func namesArgs(fn reflect.Value, names []string) []reflect.Value {
	ft := fn.Type()
	in := []reflect.Value{reflect.ValueOf(context.Background())}
	next := 0
	last := ft.NumIn()
	if ft.IsVariadic() {
		last--
	}
	for i := 1; i < last; i++ {
		pt := ft.In(i)
		if pt.Kind() == reflect.String && next < len(names) {
			in = append(in, reflect.ValueOf(names[next]))
			next++
			continue
		}
		in = append(in, reflect.Zero(pt))
	}
	return in
}

// TestNamesCheckedBeforeSending calls every service method with an empty name, "." and ".." in
// each of its path parameters: each call fails with ErrInvalidName, names the parameter, and
// sends nothing. ("/v1/vhosts/victim/apps/.." is "/v1/vhosts/victim" to every HTTP stack on the
// way, so Applications.Delete(ctx, "victim", "..") would delete the virtual host.) The same calls
// with valid names send the operation's path, which shows that the first string parameters of
// each method are its path parameters, in order.
func TestNamesCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	rec := newNamesRecorder(t)
	c, err := New(rec.srv.URL, WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	services := namesServices(c)
	checked := 0
	for _, m := range covServiceMethods(t) {
		if len(m.ops) != 1 {
			continue // a convenience method calls a method checked here
		}
		svc, name, _ := strings.Cut(m.name, ".")
		sv, ok := services[svc]
		if !ok {
			t.Errorf("%s: no Client field of type *%s", m.name, svc)
			continue
		}
		fn := sv.MethodByName(name)
		method, template, _ := specOperation(t, m.ops[0])
		params := pathParam.FindAllString(template, -1)
		valid := make([]string, len(params))
		for i, p := range params {
			valid[i] = strings.Trim(p, "{}") + "-name"
		}
		t.Run(m.name, func(t *testing.T) {
			// One test server for every case: not parallel.
			_ = namesCall(fn, valid)
			wantPath := template
			for i, p := range params {
				wantPath = strings.Replace(wantPath, p, valid[i], 1)
			}
			if got := rec.take(); len(got) != 1 || got[0] != method+" "+wantPath {
				t.Fatalf("valid names %v sent %v; want [%s %s]", valid, got, method, wantPath)
			}
			for i, p := range params {
				for _, bad := range []string{"", ".", ".."} {
					names := append([]string(nil), valid...)
					names[i] = bad
					err := namesCall(fn, names)
					if !errors.Is(err, ErrInvalidName) {
						t.Errorf("%s = %q: error %v; want ErrInvalidName", p, bad, err)
					} else if want := fmt.Sprintf("%s %q", strings.Trim(p, "{}"), bad); !strings.Contains(err.Error(), want) {
						t.Errorf("%s = %q: error %q does not say %s", p, bad, err, want)
					}
					if got := rec.take(); len(got) != 0 {
						t.Errorf("%s = %q: sent %v", p, bad, got)
					}
				}
			}
		})
		checked++
	}
	if checked < 40 {
		t.Errorf("checked %d methods; the SDK has more", checked)
	}
}

// TestNamesSentAsTheyAre: names that look like dot segments, or hold characters that end a path
// segment, are escaped and sent, never resolved or cut.
func TestNamesSentAsTheyAre(t *testing.T) {
	t.Parallel()
	rec := newNamesRecorder(t)
	c, err := New(rec.srv.URL, WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, segment string }{
		{"...", "..."},
		{".hidden", ".hidden"},
		{"..x", "..x"},
		{"a/..", "a%2F.."},
		{"../victim", "..%2Fvictim"},
		{"%2e%2e", "%252e%252e"},
		{".%2e", ".%252e"},
		{"a b", "a%20b"},
		{"a?b", "a%3Fb"},
		{"a#b", "a%23b"},
		{"live\\..", "live%5C.."},
	}
	for _, tt := range tests {
		err := c.Applications.Delete(context.Background(), "victim", tt.name)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Delete(%q): %v; want the server's 404", tt.name, err)
		}
		want := "DELETE /v1/vhosts/victim/apps/" + tt.segment
		if got := rec.take(); len(got) != 1 || got[0] != want {
			t.Errorf("Delete(%q) sent %v; want [%s]", tt.name, got, want)
		}
	}
}

// TestBaseURL: a path prefix is kept with or without a trailing slash; a query, a fragment,
// credentials or dot segments in the base URL are refused by New, and the error repeats no
// credentials.
func TestBaseURL(t *testing.T) {
	t.Parallel()
	rec := newNamesRecorder(t)
	host := strings.TrimPrefix(rec.srv.URL, "http://")
	tests := []struct {
		base string
		want string // the path of Version.Get; "" when New must fail
	}{
		{"http://" + host, "/v1/version"},
		{"http://" + host + "/", "/v1/version"},
		{"http://" + host + "/ome", "/ome/v1/version"},
		{"http://" + host + "/ome/", "/ome/v1/version"},
		{"http://" + host + "/a/b/c/", "/a/b/c/v1/version"},
		{"http://" + host + "/o%2Fme", "/o%2Fme/v1/version"},
		{"http://" + host + "/ome?x=1", ""},
		{"http://" + host + "/ome?", ""},
		{"http://" + host + "/?x=1", ""},
		{"http://" + host + "/ome#api", ""},
		{"http://" + host + "/ome#", "/ome/v1/version"}, // an empty fragment is no fragment
		{"http://user:s3cr3t-pass@" + host + "/ome", ""},
		{"http://user@" + host, ""},
		{"http://" + host + "/ome/..", ""},
		{"http://" + host + "/ome/../admin", ""},
		{"http://" + host + "/./ome", ""},
		{"http://" + host + "/ome/%2e%2e/", ""},
		{"http://" + host + "/...", "/.../v1/version"},
		{host + "/ome", ""},
		{"ftp://" + host, ""},
		{"http:///ome", ""},
	}
	for _, tt := range tests {
		c, err := New(tt.base, WithAccessToken(testToken))
		if tt.want == "" {
			if err == nil {
				t.Errorf("New(%q) accepted", tt.base)
			} else if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("New(%q) error repeats the password: %v", tt.base, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q): %v", tt.base, err)
			continue
		}
		_, _ = c.Version.Get(context.Background())
		if got := rec.take(); len(got) != 1 || got[0] != "GET "+tt.want {
			t.Errorf("New(%q): Version.Get sent %v; want [GET %s]", tt.base, got, tt.want)
		}
	}
}
