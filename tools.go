//go:build tools

// Package tools pins the code generator in go.mod, so `make generate` always runs the same
// oapi-codegen version that produced the committed code in gen/, and oasdiff, which `make breaking`
// runs to compare openapi/ome.yaml with its last released copy.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "github.com/oasdiff/oasdiff"
)
