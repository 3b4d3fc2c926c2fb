package openapi_test

import (
	"context"
	"github.com/omekit/omekit/internal/omeroutes"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var (
	docOnce sync.Once
	doc     *openapi3.T
	docErr  error
)

// loadDoc loads ome.yaml once per test binary.
func loadDoc(t testing.TB) *openapi3.T {
	t.Helper()
	docOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, docErr = loader.LoadFromFile("ome.yaml")
	})
	if docErr != nil {
		t.Fatalf("load ome.yaml: %v", docErr)
	}
	return doc
}

func TestDocumentValidates(t *testing.T) {
	d := loadDoc(t)
	if d.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", d.OpenAPI)
	}
	// Validate checks every example against its schema as well.
	if err := d.Validate(context.Background()); err != nil {
		t.Fatalf("ome.yaml does not validate: %v", err)
	}
}

// TestExampleValidationIsOn guards the test above: a document whose example contradicts its
// schema must fail validation, or TestDocumentValidates would prove nothing about examples.
func TestExampleValidationIsOn(t *testing.T) {
	const bad = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, required: [n], properties: {n: {type: integer}}}
              example: {n: "not a number"}
`
	d, err := openapi3.NewLoader().LoadFromData([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(context.Background()); err == nil {
		t.Fatal("a document with an invalid example validated")
	}
}

func TestInfo(t *testing.T) {
	d := loadDoc(t)
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(d.Info.Version) {
		t.Errorf("info.version %q is not a semantic version", d.Info.Version)
	}
	if got := d.Info.Extensions["x-ome-version"]; got != "0.21.0" {
		t.Errorf("x-ome-version = %v, want 0.21.0", got)
	}
	var ports []string
	for _, s := range d.Servers {
		ports = append(ports, s.Variables["port"].Default)
	}
	if strings.Join(ports, ",") != "8081,8082" {
		t.Errorf("server ports = %v, want the plain 8081 and the TLS 8082 listeners", ports)
	}
	ss := d.Components.SecuritySchemes["basicAuth"]
	if ss == nil || ss.Value.Type != "http" || ss.Value.Scheme != "basic" {
		t.Fatalf("basicAuth security scheme missing or not HTTP Basic")
	}
	if len(d.Security) != 1 || d.Security[0]["basicAuth"] == nil {
		t.Errorf("document-wide security is %v, want basicAuth", d.Security)
	}
}

// TestRoutesMatchOME compares the document's operations with the table of OME's routes.
func TestRoutesMatchOME(t *testing.T) {
	d := loadDoc(t)
	want := map[string]string{}
	for _, r := range omeroutes.Routes {
		want[r.Method+" "+r.Path] = r.OperationID
	}
	got := map[string]string{}
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			got[method+" "+path] = op.OperationID
		}
	}
	for k, id := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("missing operation %s (%s)", k, id)
		} else if g != id {
			t.Errorf("%s: operationId %q, want %q", k, g, id)
		}
	}
	var extra []string
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		t.Errorf("operation %s is not one of OME's routes", k)
	}
	if len(omeroutes.Routes) != 55 {
		t.Errorf("route table has %d entries, OME 0.21 has 55 operations", len(omeroutes.Routes))
	}
}

func TestOperationHouseRules(t *testing.T) {
	d := loadDoc(t)
	tags := map[string]bool{}
	for _, tg := range d.Tags {
		tags[tg.Name] = true
	}
	camel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	seen := map[string]string{}
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			t.Run(where, func(t *testing.T) {
				if !camel.MatchString(op.OperationID) {
					t.Errorf("operationId %q is not camelCase", op.OperationID)
				}
				if prev, dup := seen[op.OperationID]; dup {
					t.Errorf("operationId %q also used by %s", op.OperationID, prev)
				}
				seen[op.OperationID] = where
				if len(op.Tags) != 1 || !tags[op.Tags[0]] {
					t.Errorf("tags %v: want exactly one tag declared at the top level", op.Tags)
				}
				if strings.TrimSpace(op.Summary) == "" || strings.TrimSpace(op.Description) == "" {
					t.Error("summary and description are required")
				}
				if op.Deprecated != omeroutes.Deprecated[op.OperationID] {
					t.Errorf("deprecated = %v, want %v", op.Deprecated, omeroutes.Deprecated[op.OperationID])
				}
				r401 := op.Responses.Value("401")
				if r401 == nil || r401.Value == nil || r401.Value.Headers["WWW-Authenticate"] == nil {
					t.Error("no 401 response with a WWW-Authenticate header")
				}
				if method == "POST" || method == "PATCH" {
					if op.Responses.Value("400") == nil {
						t.Error("a body-taking operation must answer 400 for malformed JSON")
					}
				}
				for code, rr := range op.Responses.Map() {
					if code == "default" {
						t.Errorf("response %q: OME's status codes are all known; list them", code)
					}
					r := rr.Value
					if len(r.Content) == 0 {
						t.Errorf("response %s has no JSON body; OME always sends one", code)
					}
					for mt, c := range r.Content {
						if mt != "application/json" {
							t.Errorf("response %s: media type %q, want application/json", code, mt)
						}
						if c.Example == nil && len(c.Examples) == 0 {
							t.Errorf("response %s has no example", code)
						}
					}
				}
				for _, p := range append(item.Parameters, op.Parameters...) {
					if p.Value.In == openapi3.ParameterInPath && p.Value.Schema.Value.Pattern == "" {
						t.Errorf("path parameter %q has no pattern", p.Value.Name)
					}
				}
			})
		}
	}
}

// TestPathParameterClasses checks the character classes OME's route regexes give each name.
func TestPathParameterClasses(t *testing.T) {
	d := loadDoc(t)
	allowsColon := func(path, name string) bool {
		item := d.Paths.Value(path)
		for _, op := range item.Operations() {
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value.Name == name {
					return regexp.MustCompile(p.Value.Schema.Value.Pattern).MatchString("a:b")
				}
			}
		}
		t.Fatalf("%s has no parameter %q", path, name)
		return false
	}
	tests := []struct {
		path, param string
		colon       bool
	}{
		{"/v1/vhosts/{vhost}", "vhost", true},
		{"/v1/vhosts/{vhost}:reloadCertificate", "vhost", false},
		{"/v1/vhosts/{vhost}/apps/{app}", "app", false},
		{"/v1/vhosts/{vhost}/apps/{app}:startPush", "app", false},
		{"/v1/vhosts/{vhost}/apps/{app}/streams/{stream}", "stream", true},
		{"/v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent", "stream", true},
		{"/v1/vhosts/{vhost}/apps/{app}/outputProfiles/{profile}", "profile", true},
		{"/v1/stats/current/vhosts/{vhost}/apps/{app}", "app", true},
		{"/v1/stats/current/vhosts/{vhost}/apps/{app}/streams/{stream}", "app", false},
	}
	for _, tt := range tests {
		if got := allowsColon(tt.path, tt.param); got != tt.colon {
			t.Errorf("%s {%s}: accepts ':' = %v, want %v", tt.path, tt.param, got, tt.colon)
		}
	}
}
