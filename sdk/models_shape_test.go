package sdk

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// The generated models use natural Go types: no field is a pointer to a slice or to a map (an
// absent list is a nil slice).
func TestModelsHaveNaturalTypes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "models.gen.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	fields := 0
	ast.Inspect(f, func(n ast.Node) bool {
		field, ok := n.(*ast.Field)
		if !ok {
			return true
		}
		fields++
		if star, ok := field.Type.(*ast.StarExpr); ok {
			switch star.X.(type) {
			case *ast.ArrayType, *ast.MapType:
				name := "embedded"
				if len(field.Names) > 0 {
					name = field.Names[0].Name
				}
				t.Errorf("%s: field %s is a pointer to a slice or map", fset.Position(field.Pos()), name)
			}
		}
		return true
	})
	if fields < 500 {
		t.Fatalf("only %d fields parsed: not the models file?", fields)
	}
}
