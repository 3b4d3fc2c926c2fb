// Package gen holds the configuration that turns openapi/ome.yaml (and openapi/ome-webhooks.yaml)
// into Go code with oapi-codegen, pinned in the tools module (../tools/go.mod). It has no code of
// its own; `make generate` (go generate ./gen/...) writes:
//
//   - ../sdk/models.gen.go: the models, straight into package sdk, so that `go doc` shows their
//     fields (sdk.cfg.yaml, with sdk-overlay.yaml);
//   - ../sdk/webhook/models.gen.go: the webhook models (webhooks.cfg.yaml);
//   - ../internal/apiclient/requests.gen.go: one request builder per operation for the SDK
//     (requests.cfg.yaml, templates/requests.tmpl);
//   - server/server.gen.go: the chi server interface and router the mock implements
//     (server.cfg.yaml, templates/chi-*.tmpl);
//   - ../mockserver/internal/wire/wire.gen.go: the JSON objects the mock answers with
//     (wire.cfg.yaml).
//
// Never edit a *.gen.go file: change the document, a configuration or a template, and run
// `make generate`. `make check` fails when the committed files are out of step.
package gen

//go:generate go -C ../tools tool oapi-codegen -config ../gen/sdk.cfg.yaml ../openapi/ome.yaml
//go:generate go -C ../tools tool oapi-codegen -config ../gen/webhooks.cfg.yaml ../openapi/ome-webhooks.yaml
//go:generate go -C ../tools tool oapi-codegen -config ../gen/requests.cfg.yaml ../openapi/ome.yaml
//go:generate go -C ../tools tool oapi-codegen -config ../gen/wire.cfg.yaml ../openapi/ome.yaml
//go:generate go -C ../tools tool oapi-codegen -config ../gen/server.cfg.yaml ../openapi/ome.yaml
