package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Entry is what a server answered to one step. Request steps fill the request and answer
// fields; media steps ("MEDIA") and waits ("WAIT") only Name, Method and Error.
type Entry struct {
	Name   string `json:"name"`
	Method string `json:"method"`
	Path   string `json:"path,omitempty"`
	Auth   string `json:"auth,omitempty"`
	// Request is the JSON body sent; RawRequest the text sent when it was not JSON;
	// RawRequestBase64 the bytes sent when they were not UTF-8.
	Request          json.RawMessage `json:"request,omitempty"`
	RawRequest       *string         `json:"raw_request,omitempty"`
	RawRequestBase64 string          `json:"raw_request_base64,omitempty"`

	// Status is the HTTP status (0 for a step that sent no request).
	Status      int    `json:"status"`
	ContentType string `json:"content_type,omitempty"`
	// Headers holds the recorded response headers (RecordedHeaders) that were present.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is the answer when it was JSON, RawBody when it was something else (empty bodies
	// leave both unset).
	Body    json.RawMessage `json:"body,omitempty"`
	RawBody *string         `json:"raw_body,omitempty"`
	// Error says why the step could not be done (connection refused, media failed…).
	Error string `json:"error,omitempty"`
}

// Non-request entries carry one of these methods.
const (
	MethodMedia = "MEDIA"
	MethodWait  = "WAIT"
	MethodShell = "SHELL" // the first recording's media steps
	MethodFile  = "FILE"  // certificate and write_file steps
)

// IsRequest reports whether the entry is the answer to an HTTP request.
func (e *Entry) IsRequest() bool {
	switch e.Method {
	case MethodMedia, MethodWait, MethodShell, MethodFile, "":
		return false
	}
	return true
}

// Transcript is the list of entries of one run, in step order.
type Transcript []Entry

// ParseTranscript reads a transcript (a JSON array of entries).
func ParseTranscript(data []byte) (Transcript, error) {
	var t Transcript
	if err := strictUnmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	seen := map[string]bool{}
	for i, e := range t {
		if e.Name == "" || seen[e.Name] {
			return nil, fmt.Errorf("transcript: entry %d: missing or duplicate name %q", i, e.Name)
		}
		seen[e.Name] = true
	}
	return t, nil
}

// Marshal writes the transcript as indented JSON with the members of bodies sorted.
func (t Transcript) Marshal() ([]byte, error) {
	out := make(Transcript, len(t))
	for i, e := range t {
		if len(e.Body) > 0 {
			v, err := decodeJSON(e.Body)
			if err != nil {
				return nil, fmt.Errorf("entry %q: body: %w", e.Name, err)
			}
			b, err := json.Marshal(v) // maps marshal sorted; json.Number keeps its spelling
			if err != nil {
				return nil, err
			}
			e.Body = b
		}
		out[i] = e
	}
	return marshalIndent(out)
}

// ByName returns the entry with the given name.
func (t Transcript) ByName(name string) (*Entry, bool) {
	for i := range t {
		if t[i].Name == name {
			return &t[i], true
		}
	}
	return nil, false
}

// bodyValue decodes the entry's JSON body (nil, false when there is none).
func (e *Entry) bodyValue() (any, bool, error) {
	if len(bytes.TrimSpace(e.Body)) == 0 {
		return nil, false, nil
	}
	v, err := decodeJSON(e.Body)
	return v, true, err
}
