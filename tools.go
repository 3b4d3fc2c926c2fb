//go:build tools

// Package tools only documents where the build tools are. oapi-codegen (run by `make generate`)
// and oasdiff (run by `make breaking`) are pinned in their own module, tools/go.mod, with `tool`
// directives, so that they never enter the module graph of a program that imports
// github.com/omekit/omekit. Run one with `go -C tools tool oapi-codegen …` or
// `go -C tools tool oasdiff …`.
package tools
