package openapi_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	webhooks "github.com/omekit/omekit/sdk/webhook"
)

// loadWebhooksDoc loads ome-webhooks.yaml, which refers to ome.yaml for tracks and output
// profiles. Each call loads a fresh copy, so tests may modify it.
func loadWebhooksDoc(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	d, err := loader.LoadFromFile("ome-webhooks.yaml")
	if err != nil {
		t.Fatalf("load ome-webhooks.yaml: %v", err)
	}
	return d
}

func TestWebhooksDocumentValidates(t *testing.T) {
	d := loadWebhooksDoc(t)
	if d.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", d.OpenAPI)
	}
	if got := d.Info.Extensions["x-ome-version"]; got != "0.21.0" {
		t.Errorf("x-ome-version = %v, want 0.21.0", got)
	}
	// Validate checks every example (request bodies, responses, parameters) against its schema.
	if err := d.Validate(context.Background()); err != nil {
		t.Fatalf("ome-webhooks.yaml does not validate: %v", err)
	}
	if !strings.Contains(d.Info.Description, "webhooks") || !strings.Contains(d.Info.Description, "3.0") {
		t.Error("info.description must explain why the webhooks are written as paths (no `webhooks` in OpenAPI 3.0)")
	}
}

// TestWebhooksExampleValidationIsOn guards the test above: an example that contradicts its
// schema, in a request body of this document, must make validation fail.
func TestWebhooksExampleValidationIsOn(t *testing.T) {
	d := loadWebhooksDoc(t)
	ex := d.Paths.Value("/admission").Post.RequestBody.Value.Content["application/json"].Examples["rtmpPublishOpening"].Value
	v := ex.Value.(map[string]any)
	v["request"].(map[string]any)["direction"] = "sideways"
	err := d.Validate(context.Background())
	if err == nil {
		t.Fatal("a document with an invalid request example validated")
	}
	if !strings.Contains(err.Error(), "sideways") {
		t.Errorf("validation failed for another reason: %v", err)
	}
}

func TestWebhooksOperations(t *testing.T) {
	d := loadWebhooksDoc(t)
	var got []string
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			got = append(got, method+" "+path+" "+op.OperationID)
			t.Run(op.OperationID, func(t *testing.T) {
				if len(op.Tags) != 1 || strings.TrimSpace(op.Summary) == "" || strings.TrimSpace(op.Description) == "" {
					t.Error("want exactly one tag, a summary and a description")
				}
				var sig *openapi3.Parameter
				for _, p := range op.Parameters {
					if p.Value.In == openapi3.ParameterInHeader && p.Value.Name == "X-OME-Signature" {
						sig = p.Value
					}
				}
				if sig == nil || !sig.Required {
					t.Fatal("no required X-OME-Signature header parameter")
				}
				rb := op.RequestBody.Value
				if !rb.Required || len(rb.Content) != 1 || rb.Content["application/json"] == nil {
					t.Fatal("want a required application/json request body")
				}
				if c := rb.Content["application/json"]; c.Example == nil && len(c.Examples) == 0 {
					t.Error("request body has no example")
				}
				if op.Responses.Value("200") == nil {
					t.Error("no 200 response: OME acts only on 200")
				}
				for code, rr := range op.Responses.Map() {
					for mt, c := range rr.Value.Content {
						if mt != "application/json" {
							t.Errorf("response %s: media type %q", code, mt)
						}
						if c.Example == nil && len(c.Examples) == 0 {
							t.Errorf("response %s has no example", code)
						}
					}
				}
			})
		}
	}
	sort.Strings(got)
	want := []string{"POST /admission admission", "POST /transcode transcode"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("operations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWebhooksSignatureExample checks the encoding the document states with the test vector of
// OME's SignedPolicy documentation, which uses the same HMAC-SHA1 + base64url encoder: the
// parameter's example must be that vector, and its pattern must accept it.
func TestWebhooksSignatureExample(t *testing.T) {
	d := loadWebhooksDoc(t)
	p := d.Components.Parameters["Signature"].Value
	mac := hmac.New(sha1.New, []byte("1kU^b6"))
	mac.Write([]byte("ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ"))
	want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	if want != "dvVdBpoxAeCPl94Kt5RoiqLI0YE" {
		t.Fatalf("HMAC-SHA1 base64url = %s, want OME's documented dvVdBpoxAeCPl94Kt5RoiqLI0YE", want)
	}
	if p.Example != want {
		t.Errorf("X-OME-Signature example = %v, want %s", p.Example, want)
	}
	if !regexp.MustCompile(p.Schema.Value.Pattern).MatchString(want) {
		t.Errorf("pattern %q rejects %s", p.Schema.Value.Pattern, want)
	}
	if regexp.MustCompile(p.Schema.Value.Pattern).MatchString(want + "=") {
		t.Errorf("pattern %q accepts padding, which OME never sends", p.Schema.Value.Pattern)
	}
}

// TestWebhooksExamplesDecode decodes every example of the document into the generated Go types,
// refusing unknown fields: the models in gen/webhooks must hold everything the examples show.
func TestWebhooksExamplesDecode(t *testing.T) {
	d := loadWebhooksDoc(t)
	type target struct {
		path, code string // code "" is the request body
		new        func() any
	}
	targets := []target{
		{"/admission", "", func() any { return new(webhooks.AdmissionRequest) }},
		{"/transcode", "", func() any { return new(webhooks.TranscodeRequest) }},
		{"/transcode", "200", func() any { return new(webhooks.TranscodeResponse) }},
		{"/transcode", "default", func() any { return new(webhooks.TranscodeResponse) }},
		{"/admission", "200", func() any { return new(webhooks.AdmissionResponse) }},
		{"/admission", "default", func() any { return new(webhooks.AdmissionResponse) }},
	}
	for _, tg := range targets {
		op := d.Paths.Value(tg.path).Post
		var c *openapi3.MediaType
		if tg.code == "" {
			c = op.RequestBody.Value.Content["application/json"]
		} else {
			c = op.Responses.Value(tg.code).Value.Content["application/json"]
		}
		examples := map[string]any{}
		if c.Example != nil {
			examples["example"] = c.Example
		}
		for name, ex := range c.Examples {
			examples[name] = ex.Value.Value
		}
		if len(examples) == 0 {
			t.Errorf("%s %s: no examples", tg.path, tg.code)
		}
		for name, ex := range examples {
			raw, err := json.Marshal(ex)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(tg.new()); err != nil {
				t.Errorf("%s %s example %s: %v", tg.path, tg.code, name, err)
			}
		}
	}
}
