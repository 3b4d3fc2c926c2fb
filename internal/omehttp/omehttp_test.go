package omehttp

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestJSONSyntaxMessageNamesLineAndColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, want string
	}{
		{"{", "* Line 1, Column 2\n"},
		{"[\n  {\"a\": }\n]", "* Line 2, Column 9\n"},
		{"x", "* Line 1, Column 1\n"},
	}
	for _, tt := range tests {
		var v any
		err := json.Unmarshal([]byte(tt.body), &v)
		msg := JSONSyntaxMessage([]byte(tt.body), err)
		if !strings.HasPrefix(msg, "[HTTP] [JSON] "+tt.want) || !strings.HasSuffix(msg, "\n (400)") {
			t.Errorf("body %q: message %q, want it to start with %q and end with the code", tt.body, msg, tt.want)
		}
	}
}

func TestWriteErrorFormat(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	WriteError(rec, 404, HTTPMessage(404, "Could not find the virtual host: [x]"))
	if got, want := rec.Body.String(), `{"message":"[HTTP] Could not find the virtual host: [x] (404)","statusCode":404}`; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
	if rec.Code != 404 || rec.Header().Get("Content-Type") != ContentType {
		t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}
