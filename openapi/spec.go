// Package openapi embeds openapi/ome.yaml, the description of OvenMediaEngine's REST API that
// the rest of this module is generated from and validated against.
package openapi

import (
	_ "embed"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed ome.yaml
var document []byte

// YAML returns a copy of the document.
func YAML() []byte { return append([]byte(nil), document...) }

// Load parses the document as written (gen's embedded copy has its operationIds rewritten to Go
// names; this one keeps the document's own).
func Load() (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromData(document)
}
