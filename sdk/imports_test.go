package sdk_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportClosure holds the promise that importing the SDK brings nothing but the standard
// library and this module's own client-side packages: no router, no OpenAPI loader, no YAML, no
// JSON Schema, no generated server. (The server side lives in mockserver and is never imported by
// sdk.)
func TestImportClosure(t *testing.T) {
	t.Parallel()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH") // only when tests run from a prebuilt binary
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}",
		"github.com/omekit/omekit/sdk/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{
		"github.com/omekit/omekit/sdk":                true,
		"github.com/omekit/omekit/sdk/webhook":        true,
		"github.com/omekit/omekit/flex":               true,
		"github.com/omekit/omekit/internal/apiclient": true,
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		pkgs = append(pkgs, p)
		if !allowed[p] {
			t.Errorf("the SDK's import closure contains %s", p)
		}
	}
	if len(pkgs) != len(allowed) {
		t.Errorf("non-standard packages in the SDK's import closure: %v, want exactly %d", pkgs, len(allowed))
	}
}
