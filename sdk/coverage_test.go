package sdk

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// covOperationRef finds "Operation <operationId>" in a doc comment (the words may be split over
// two comment lines).
var covOperationRef = regexp.MustCompile(`\bOperation\s+([A-Za-z_][A-Za-z0-9_]*)`)

// covMethod is an exported method of a *…Service type and the operations its doc comment names.
type covMethod struct {
	name string // Service.Method
	pos  string // file:line
	ops  []string
}

// covServiceMethods parses the non-test Go files of the sdk package and returns every exported
// method declared on a pointer to a type whose name ends in "Service".
func covServiceMethods(t *testing.T) []covMethod {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var methods []covMethod
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != "sdk" {
			continue
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || !fn.Name.IsExported() {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			m := covMethod{name: recv.Name + "." + fn.Name.Name, pos: fset.Position(fn.Pos()).String()}
			if fn.Doc != nil {
				for _, match := range covOperationRef.FindAllStringSubmatch(fn.Doc.Text(), -1) {
					m.ops = append(m.ops, match[1])
				}
			}
			methods = append(methods, m)
		}
	}
	return methods
}

// TestEveryOperationHasAMethod ties the SDK to openapi/ome.yaml: every operation that is not
// deprecated has exactly one service method whose doc comment says "Operation <operationId>";
// deprecated operations have none; and no doc comment names an operation the document lacks.
func TestEveryOperationHasAMethod(t *testing.T) {
	t.Parallel()
	doc, err := specDoc()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	type specOp struct {
		method, path string
		deprecated   bool
	}
	ops := map[string]specOp{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
				continue
			}
			if prev, dup := ops[op.OperationID]; dup {
				t.Errorf("operationId %s is used by %s %s and %s %s", op.OperationID, prev.method, prev.path, method, path)
			}
			ops[op.OperationID] = specOp{method, path, op.Deprecated}
		}
	}
	if len(ops) == 0 {
		t.Fatal("the document has no operations")
	}

	methods := covServiceMethods(t)
	if len(methods) == 0 {
		t.Fatal("found no service methods")
	}
	byOp := map[string][]string{} // operationId → methods naming it
	var problems []string
	var helpers []string
	for _, m := range methods {
		if len(m.ops) == 0 {
			helpers = append(helpers, m.name) // a convenience method; allowed
		}
		for _, id := range m.ops {
			byOp[id] = append(byOp[id], m.name)
			if _, ok := ops[id]; !ok {
				problems = append(problems, fmt.Sprintf("%s (%s) names operation %q, which is not in openapi/ome.yaml", m.name, m.pos, id))
			}
		}
	}
	for id, op := range ops {
		impl := byOp[id]
		switch {
		case op.deprecated && len(impl) > 0:
			problems = append(problems, fmt.Sprintf("deprecated operation %s (%s %s) has methods %v", id, op.method, op.path, impl))
		case !op.deprecated && len(impl) == 0:
			problems = append(problems, fmt.Sprintf("operation %s (%s %s) has no method", id, op.method, op.path))
		case len(impl) > 1:
			problems = append(problems, fmt.Sprintf("operation %s (%s %s) is named by several methods: %v", id, op.method, op.path, impl))
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("SDK methods and openapi/ome.yaml disagree:\n%s", strings.Join(problems, "\n"))
	}
	t.Logf("%d operations, %d service methods (%d naming no operation: %v)", len(ops), len(methods), len(helpers), helpers)
}

// TestOperationRefPattern checks the doc-comment pattern on the forms the sources use.
func TestOperationRefPattern(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"Get returns OME's version. Operation getVersion (GET /v1/version).":                  "getVersion",
		"Operation\nlistApplications (GET /v1/vhosts/{vhost}/apps).":                          "listApplications",
		"Operation listPushes (POST …:pushes); the deprecated GET form is not used.":          "listPushes",
		"Lists names. operation lower-case does not count; Operations neither.":               "",
		"Results as for VirtualHostsService.Create. Operation createOutputProfiles\n(POST …)": "createOutputProfiles",
	} {
		var got []string
		for _, m := range covOperationRef.FindAllStringSubmatch(text, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, ",") != want {
			t.Errorf("%q: found %v, want %q", text, got, want)
		}
	}
}
