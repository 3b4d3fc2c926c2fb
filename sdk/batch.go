package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Result is the outcome of one item of a batch call (creating virtual hosts, applications or
// output profiles, or sending several events). Results come back in the order of the items.
type Result[T any] struct {
	// StatusCode is the item's own status: 200 on success.
	StatusCode int
	// Message is OME's message for the item ("OK" on success).
	Message string
	// Value is what OME stored for the item, on success (nil for events).
	Value *T
}

// OK reports whether the item succeeded.
func (r Result[T]) OK() bool { return r.StatusCode >= 200 && r.StatusCode <= 299 }

// ItemError describes one failed item of a batch call.
type ItemError struct {
	Index      int // position in the request
	StatusCode int
	Message    string
}

func (e ItemError) Error() string {
	return fmt.Sprintf("item %d: %d %s", e.Index, e.StatusCode, StripMessage(e.Message))
}

// BatchError is returned by a batch call when at least one item failed while the request as a
// whole was processed (HTTP 207, or a status shared by every item). The results returned with it
// hold every item's outcome; Failed lists the failures. errors.Is(err, ErrConflict) and the other
// sentinels match when any failed item has that status.
type BatchError struct {
	StatusCode int // the HTTP status: 207 when items differ, else the items' common status
	Method     string
	URL        string
	Failed     []ItemError
}

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ome: %s %s: %d of the items failed", e.Method, e.URL, len(e.Failed))
	for i, f := range e.Failed {
		if i == 3 {
			fmt.Fprintf(&b, "; …")
			break
		}
		fmt.Fprintf(&b, "; %v", f)
	}
	return b.String()
}

// Is matches a sentinel when any failed item has its status.
func (e *BatchError) Is(target error) bool {
	for _, f := range e.Failed {
		item := &APIError{StatusCode: f.StatusCode, Message: StripMessage(f.Message), RawMessage: f.Message}
		if errors.Is(item, target) {
			return true
		}
	}
	return false
}

// batchItem is the wire form of one result.
type batchItem[T any] struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Response   *T     `json:"response,omitempty"`
}

// callBatch returns a function that sends the request of a batch operation with n items and
// judges the answer: a JSON array of n results (whatever the status) gives per-item results and,
// when an item failed, a *BatchError; any other non-2xx answer is an *APIError for the whole
// request; an array of another length is a *ResponseError (ErrUnexpectedResponse), because the
// results could not be matched to the items.
func callBatch[T any](c *Client, n int) func(*http.Request, error) ([]Result[T], error) {
	return func(req *http.Request, err error) ([]Result[T], error) {
		res, body, err := c.send(req, err)
		if err != nil {
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !isJSONArray(body) {
				return nil, err
			}
		}
		unexpected := func(reason string) error {
			return &ResponseError{Method: req.Method, URL: redact(req.URL), StatusCode: res.StatusCode, Reason: reason, err: ErrUnexpectedResponse}
		}
		if !isJSONArray(body) {
			return nil, unexpected("expected a JSON array of results, got " + excerpt(c, body))
		}
		var items []batchItem[T]
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, unexpected("the results do not decode: " + err.Error())
		}
		if len(items) != n {
			return nil, unexpected(fmt.Sprintf("%d results for %d items", len(items), n))
		}
		results := make([]Result[T], len(items))
		var failed []ItemError
		for i, it := range items {
			results[i] = Result[T]{StatusCode: it.StatusCode, Message: it.Message, Value: it.Response}
			if !results[i].OK() {
				failed = append(failed, ItemError{Index: i, StatusCode: it.StatusCode, Message: c.scrub(it.Message)})
			}
		}
		if len(failed) > 0 || res.StatusCode < 200 || res.StatusCode > 299 {
			return results, &BatchError{StatusCode: res.StatusCode, Method: req.Method, URL: redact(req.URL), Failed: failed}
		}
		return results, nil
	}
}

func isJSONArray(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '['
}

// Values returns the stored values of successful results, in order.
func Values[T any](results []Result[T]) []T {
	out := make([]T, 0, len(results))
	for _, r := range results {
		if r.OK() && r.Value != nil {
			out = append(out, *r.Value)
		}
	}
	return out
}
