// Package webhooks is generated from openapi/ome-webhooks.yaml by oapi-codegen: the models of the
// requests OvenMediaEngine sends to a control server (AdmissionWebhooks, TranscodeWebhook) and of
// the answers it expects. Tracks and output profiles are the REST API's types from package gen.
// Do not edit the *.gen.go files; change the document or webhooks.cfg.yaml and run
// `make generate`. Applications use package sdk/webhook, which re-exports these types.
package webhooks

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config webhooks.cfg.yaml ../../openapi/ome-webhooks.yaml
