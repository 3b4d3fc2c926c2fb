// Package gen is generated from openapi/ome.yaml by oapi-codegen: the models, an HTTP client, a
// chi strict-server stub and the embedded document. Do not edit the *.gen.go files; change the
// document or the *.cfg.yaml files and run `make generate`.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config types.cfg.yaml ../openapi/ome.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config client.cfg.yaml ../openapi/ome.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config server.cfg.yaml ../openapi/ome.yaml
