package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/omekit/omekit/sdk/webhook"
)

// An admission control server that lets encoders publish only with a known "key" query
// parameter. The request is built and signed here as OME would send it.
func ExampleNewAdmissionHandler() {
	keys := map[string]bool{"k1": true}
	h, err := webhook.NewAdmissionHandler("shared-secret", func(ctx context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		if req.Request.Direction != webhook.Incoming {
			return webhook.Allow(), nil // playback is open to everyone
		}
		u, err := url.Parse(req.Request.URL)
		if err != nil || !keys[u.Query().Get("key")] {
			return webhook.Deny("unknown stream key"), nil
		}
		return webhook.Allow(), nil
	})
	if err != nil {
		panic(err)
	}
	for _, key := range []string{"k1", "guess"} {
		body := `{"client":{"address":"192.0.2.43","port":50612},"request":{"direction":"incoming","protocol":"RTMP",` +
			`"status":"opening","url":"rtmp://live.example.com:1935/app/stream?key=` + key + `","time":"2026-05-12T13:45:00.000Z"}}`
		r := httptest.NewRequest(http.MethodPost, "/admission", strings.NewReader(body))
		r.Header.Set(webhook.SignatureHeader, webhook.Sign("shared-secret", []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(key, w.Code, w.Body.String())
	}
	// Output:
	// k1 200 {"allowed":true}
	// guess 200 {"allowed":false,"reason":"unknown stream key"}
}

func ExampleSign() {
	// The HMAC-SHA1 + base64url test vector of OME's documentation.
	fmt.Println(webhook.Sign("1kU^b6", []byte("ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ")))
	// Output: dvVdBpoxAeCPl94Kt5RoiqLI0YE
}

// An admission handler that refuses requests stamped more than 30 seconds from its clock, which
// bounds how long a captured request can be replayed. The clock is fixed here to show both
// outcomes; a real server leaves it out (time.Now).
func ExampleWithMaxAge() {
	now := time.Date(2026, 5, 12, 13, 45, 20, 0, time.UTC)
	h, err := webhook.NewAdmissionHandler("shared-secret", func(ctx context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Allow(), nil
	}, webhook.WithMaxAge(30*time.Second), webhook.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	for _, sent := range []string{"2026-05-12T13:45:00.000Z", "2026-05-12T13:40:00.000Z"} {
		body := `{"client":{"address":"192.0.2.43","port":50612},"request":{"direction":"incoming","protocol":"RTMP",` +
			`"status":"opening","url":"rtmp://live.example.com:1935/app/stream","time":"` + sent + `"}}`
		r := httptest.NewRequest(http.MethodPost, "/admission", strings.NewReader(body))
		r.Header.Set(webhook.SignatureHeader, webhook.Sign("shared-secret", []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// 200 {"allowed":true}
	// 403 {"allowed":false,"reason":"stale request: request.time is 5m20s before the control server's clock; at most 30s is accepted"}
}
