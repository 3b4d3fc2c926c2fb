package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/omekit/omekit/internal/scenario"
)

// validate checks an answer against the operation of openapi/ome.yaml the request was for
// (status and body, with kin-openapi's ValidateResponse). Requests that match no operation
// (unknown paths, OPTIONS) and HEAD answers have nothing to be checked against. A request the
// document does not allow (a scenario sends many on purpose) holds OME to less: its error
// answers must still match the document, but of a success answer only the status is checked
// (what OME makes of garbage it accepts is outside the contract).
func (c *checker) validate(ctx context.Context, e *scenario.Entry) []string {
	if e.Method == http.MethodOptions || e.Method == http.MethodHead {
		return nil
	}
	op, params := c.ops.Find(e.Method, e.Path)
	if op == nil {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, e.Method, "http://omecheck.invalid", nil)
	if err != nil {
		return []string{err.Error()}
	}
	req.URL.Opaque = e.Path
	body := []byte(e.Body)
	if e.RawBody != nil {
		body = []byte(*e.RawBody)
	}
	header := http.Header{}
	if e.ContentType != "" {
		header.Set("Content-Type", e.ContentType)
	}
	reqInput := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route: &routers.Route{
			Spec: c.ops.Doc, Path: op.Path, PathItem: op.Item, Method: op.Method, Operation: op.Op,
		},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	valid := requestValid(ctx, reqInput, e)
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 e.Status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			ExcludeResponseBody:   !valid && e.Status < 300,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		},
	}
	err = openapi3filter.ValidateResponse(ctx, input)
	if err == nil {
		return nil
	}
	return flatten(err)
}

// requestValid reports whether the request the entry records is one the document allows.
func requestValid(ctx context.Context, in *openapi3filter.RequestValidationInput, e *scenario.Entry) bool {
	var body []byte
	switch {
	case e.Request != nil:
		body = e.Request
	case e.RawRequest != nil:
		body = []byte(*e.RawRequest)
	case e.RawRequestBase64 != "":
		return false // not even UTF-8
	}
	req := in.Request.Clone(ctx)
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/json")
	}
	check := *in
	check.Request = req
	return openapi3filter.ValidateRequest(ctx, &check) == nil
}

// flatten turns kin-openapi's (multi-)errors into one line each.
func flatten(err error) []string {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		var out []string
		for _, e := range multi {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) {
		reason := re.Reason
		if re.Err != nil {
			inner := flatten(re.Err)
			if reason == "" {
				return inner
			}
			for i := range inner {
				inner[i] = reason + ": " + inner[i]
			}
			return inner
		}
		return []string{reason}
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path := "body"
		if p := se.JSONPointer(); len(p) > 0 {
			path += "/" + strings.Join(p, "/")
		}
		return []string{fmt.Sprintf("%s: %s", path, se.Reason)}
	}
	return []string{oneLine(err.Error())}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}
