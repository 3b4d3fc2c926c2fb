package webhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/omekit/omekit/sdk/webhook"
)

// FuzzAdmissionRequest sends arbitrary signed bodies to an admission handler. Whatever the body,
// decoding must not panic; the answer must be 200 (the function was called with a request whose
// required members are valid) or 400, always as a JSON object.
func FuzzAdmissionRequest(f *testing.F) {
	seeds := []string{
		admissionBody,
		strings.Replace(admissionBody, `"opening"`, `"closing"`, 1),
		`{"client":{"address":"198.51.100.7","port":61000,"real_ip":"203.0.113.9","user_agent":"Mozilla/5.0"},` +
			`"request":{"direction":"outgoing","protocol":"WebRTC","status":"closing","url":"ws://h:3333/u","new_url":"ws://h:3333/app/s","time":"2026-05-12T04:45:00.000Z"}}`,
		``, `null`, `{}`, `[]`, `"x"`, `1`, `{"client":null,"request":null}`, `{"request":{"direction":"incoming"}}`,
		`{"request":{"direction":"incoming","protocol":"SRT","status":"opening","url":"srt://h:9999/app/s","time":"bad"}}`,
		`{"request":{"time":"2026-05-12T13:45:00.000+09:00"}}`, `{"client":{"port":1e400}}`, `{"client":{"port":-1.5}}`,
		`{"a":`, "\x00", "{\"request\":{\"url\":\"\xff\"}}", admissionBody + "{}",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	h, err := webhook.NewAdmissionHandler(secret, func(_ context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		if !req.Request.Direction.Valid() || !req.Request.Status.Valid() || req.Request.URL == "" ||
			req.Request.Protocol == "" || req.Request.Time.IsZero() {
			panic("the function received an invalid request")
		}
		return webhook.Allow(), nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		w := send(t, h, body, nil)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatalf("answer is not a JSON object: %v: %s", err, w.Body)
		}
	})
}
