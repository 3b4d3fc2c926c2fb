package apiclient

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/omekit/omekit/openapi"
)

func TestRequestURLs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	body := []byte(`{}`)
	local := "http://127.0.0.1:8081"
	tests := []struct {
		name         string
		build        func() (*http.Request, error)
		method, path string
	}{
		{"app action", func() (*http.Request, error) { return StartPush(ctx, local, "default", "app", body) },
			"POST", "/v1/vhosts/default/apps/app:startPush"},
		{"deprecated GET action", func() (*http.Request, error) { return ListPushesDeprecated(ctx, local, "default", "app") },
			"GET", "/v1/vhosts/default/apps/app:pushes"},
		{"collection action", func() (*http.Request, error) { return ReloadAllCertificates(ctx, local, body) },
			"POST", "/v1/vhosts:reloadAllCertificates"},
		{"vhost action", func() (*http.Request, error) { return ReloadCertificate(ctx, local, "default", body) },
			"POST", "/v1/vhosts/default:reloadCertificate"},
		{"managers action", func() (*http.Request, error) { return ReloadAPIServerCertificate(ctx, local, body) },
			"POST", "/v1/managers/api:reloadCertificate"},
		{"stream action with a colon in the name", func() (*http.Request, error) { return SendEvent(ctx, local, "default", "app", "cam:1", body) },
			"POST", "/v1/vhosts/default/apps/app/streams/cam:1:sendEvent"},
		{"stream action with a space", func() (*http.Request, error) { return SendEvents(ctx, local, "default", "app", "my stream", body) },
			"POST", "/v1/vhosts/default/apps/app/streams/my%20stream:sendEvents"},
		{"slash in a name is escaped", func() (*http.Request, error) { return GetVirtualHost(ctx, local, "a/b") },
			"GET", "/v1/vhosts/a%2Fb"},
		{"question mark and hash are escaped", func() (*http.Request, error) { return GetVirtualHost(ctx, local, "a?b#c") },
			"GET", "/v1/vhosts/a%3Fb%23c"},
		{"unicode and percent", func() (*http.Request, error) { return GetStream(ctx, local, "default", "app", "100%ü") },
			"GET", "/v1/vhosts/default/apps/app/streams/100%25%C3%BC"},
		{"dots inside a name are kept", func() (*http.Request, error) { return GetApplication(ctx, local, "a..b", "...") },
			"GET", "/v1/vhosts/a..b/apps/..."},
		{"base URL with a path prefix", func() (*http.Request, error) {
			return GetStreamStats(ctx, "https://proxy.example/ome", "default", "app", "s")
		},
			"GET", "/ome/v1/stats/current/vhosts/default/apps/app/streams/s"},
		{"base URL with a trailing slash", func() (*http.Request, error) { return DeleteOutputProfile(ctx, local+"/", "default", "app", "p:1") },
			"DELETE", "/v1/vhosts/default/apps/app/outputProfiles/p:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			if req.Method != tt.method || req.URL.EscapedPath() != tt.path {
				t.Errorf("request %s %s, want %s %s", req.Method, req.URL.EscapedPath(), tt.method, tt.path)
			}
			if req.Context() != ctx {
				t.Error("the request does not carry the caller's context")
			}
			if hasBody := req.Body != nil; hasBody != (req.Header.Get("Content-Type") == "application/json") {
				t.Errorf("body %v but Content-Type %q", hasBody, req.Header.Get("Content-Type"))
			}
		})
	}
}

// Names that would make the URL name another resource are refused before a request exists.
func TestInvalidNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, name := range []string{"", ".", ".."} {
		for what, build := range map[string]func() (*http.Request, error){
			"vhost":   func() (*http.Request, error) { return DeleteVirtualHost(ctx, "http://h", name) },
			"app":     func() (*http.Request, error) { return DeleteApplication(ctx, "http://h", "victim", name) },
			"stream":  func() (*http.Request, error) { return SendEvent(ctx, "http://h", "v", "a", name, []byte(`{}`)) },
			"profile": func() (*http.Request, error) { return GetOutputProfile(ctx, "http://h", "v", "a", name) },
		} {
			req, err := build()
			if !errors.Is(err, ErrInvalidName) || req != nil {
				t.Errorf("%s %q: request %v, error %v; want ErrInvalidName", what, name, req, err)
			} else if !strings.Contains(err.Error(), what) {
				t.Errorf("%s %q: error %q does not name the parameter", what, name, err)
			}
		}
	}
}

// The table of operations is the document's.
func TestOperationsTable(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			want[op.OperationID] = Operation{ID: op.OperationID, Method: method, Path: path, HasBody: op.RequestBody != nil}
		}
	}
	if len(Operations) != len(want) {
		t.Errorf("%d operations in the table, %d in the document", len(Operations), len(want))
	}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	for _, op := range Operations {
		if w, ok := want[op.ID]; !ok || w != op {
			t.Errorf("table has %+v, document %+v", op, w)
		}
		if strings.Count(op.Path, "{") != len(param.FindAllString(op.Path, -1)) {
			t.Errorf("%s: unexpected path template %s", op.ID, op.Path)
		}
	}
}
