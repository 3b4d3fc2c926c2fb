package webhook_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omekit/omekit/sdk/webhook"
)

// sentAt is request.time of admissionBody: 13:45:00.123 at +09:00.
var sentAt = time.Date(2026, 5, 12, 4, 45, 0, 123e6, time.UTC)

// withTime returns admissionBody with request.time replaced.
func withTime(t time.Time, layout string) string {
	return strings.Replace(admissionBody, "2026-05-12T13:45:00.123+09:00", t.Format(layout), 1)
}

// TestMaxAge runs admission requests through a handler with a 30 s window and a fixed clock:
// a request within 30 s of the clock, either side, reaches the function; any other gets 403
// with the StaleError's text as the reason, whether it opens or closes a session, and the
// function is not called.
func TestMaxAge(t *testing.T) {
	t.Parallel()
	const window = 30 * time.Second
	closing := strings.Replace(admissionBody, `"opening"`, `"closing"`, 1)
	tests := []struct {
		name   string
		body   string
		clock  time.Time
		opts   []webhook.Option // replace the window and the clock when set
		code   int
		reason string
	}{
		{"same instant", admissionBody, sentAt, nil, 200, ""},
		{"other time zone, 9.877 s later", admissionBody, time.Date(2026, 5, 12, 4, 45, 10, 0, time.UTC), nil, 200, ""},
		{"30 s later", admissionBody, sentAt.Add(window), nil, 200, ""},
		{"30.001 s later", admissionBody, sentAt.Add(window + time.Millisecond), nil, 403,
			"stale request: request.time is 30.001s before the control server's clock; at most 30s is accepted"},
		{"an hour later", admissionBody, sentAt.Add(time.Hour), nil, 403, "is 1h0m0s before"},
		{"30 s earlier", admissionBody, sentAt.Add(-window), nil, 200, ""},
		{"30.001 s earlier", admissionBody, sentAt.Add(-window - time.Millisecond), nil, 403,
			"stale request: request.time is 30.001s after the control server's clock; at most 30s is accepted"},
		{"closing, an hour later", closing, sentAt.Add(time.Hour), nil, 403, "is 1h0m0s before"},
		{"closing, in the window", closing, sentAt.Add(time.Second), nil, 200, ""},
		{"no window, ten years later", admissionBody, sentAt.AddDate(10, 0, 0), []webhook.Option{}, 200, ""},
		{"window of 1 ms, 1 ms later", admissionBody, sentAt.Add(time.Millisecond),
			[]webhook.Option{webhook.WithMaxAge(time.Millisecond)}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			opts := []webhook.Option{webhook.WithMaxAge(window)}
			if tt.opts != nil {
				opts = tt.opts
			}
			opts = append(opts, webhook.WithClock(func() time.Time { return tt.clock }))
			h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
				calls.Add(1)
				return webhook.Allow(), nil
			}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			w := send(t, h, tt.body, nil)
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.code, w.Body)
			}
			if tt.code == 200 {
				if calls.Load() != 1 {
					t.Errorf("the function was called %d times", calls.Load())
				}
				return
			}
			if calls.Load() != 0 {
				t.Errorf("the function was called for a stale request")
			}
			m := answer(t, w)
			if r, _ := m["reason"].(string); m["allowed"] != false || !strings.Contains(r, tt.reason) {
				t.Errorf("answer %v; want allowed false and a reason with %q", m, tt.reason)
			}
		})
	}
}

// TestMaxAgeChecksComeAfterSignature: a stale request is judged on its signature and its form
// first, so that the time check answers only authentic, well-formed requests.
func TestMaxAgeChecksComeAfterSignature(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Allow(), nil
	}, webhook.WithMaxAge(time.Second), webhook.WithClock(func() time.Time { return sentAt.Add(time.Hour) }))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		body   string
		mutate func(*http.Request)
		code   int
	}{
		{"stale, signed with another key", admissionBody, func(r *http.Request) {
			r.Header.Set(webhook.SignatureHeader, webhook.Sign("other", []byte(admissionBody)))
		}, 401},
		{"stale, unsigned", admissionBody, func(r *http.Request) { r.Header.Del(webhook.SignatureHeader) }, 401},
		{"stale, malformed", strings.Replace(admissionBody, `"incoming"`, `"sideways"`, 1), nil, 400},
		{"stale, authentic and well-formed", admissionBody, nil, 403},
	}
	for _, tt := range tests {
		if w := send(t, h, tt.body, tt.mutate); w.Code != tt.code {
			t.Errorf("%s: status %d, want %d: %s", tt.name, w.Code, tt.code, w.Body)
		}
	}
}

// TestMaxAgeRealClock: without WithClock the handler compares with time.Now.
func TestMaxAgeRealClock(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Allow(), nil
	}, webhook.WithMaxAge(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	const layout = "2006-01-02T15:04:05.000-07:00" // OME's form
	for _, tt := range []struct {
		name string
		sent time.Time
		code int
	}{
		{"now", time.Now(), 200},
		{"now, in UTC", time.Now().UTC(), 200},
		{"an hour ago", time.Now().Add(-time.Hour), 403},
		{"in an hour", time.Now().Add(time.Hour), 403},
	} {
		if w := send(t, h, withTime(tt.sent, layout), nil); w.Code != tt.code {
			t.Errorf("%s: status %d, want %d: %s", tt.name, w.Code, tt.code, w.Body)
		}
	}
}

// recordLog keeps the records a logger writes.
type recordLog struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *recordLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *recordLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}
func (l *recordLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *recordLog) WithGroup(string) slog.Handler      { return l }

// TestStaleIsLoggedAsStaleError: the refusal is logged at warn level with the *StaleError
// itself, so that a log handler (or a metric hooked to it) can tell replays and clock skew from
// other refusals; neither the secret nor the signature is logged.
func TestStaleIsLoggedAsStaleError(t *testing.T) {
	t.Parallel()
	log := &recordLog{}
	now := sentAt.Add(2 * time.Minute)
	h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Allow(), nil
	}, webhook.WithMaxAge(time.Minute), webhook.WithClock(func() time.Time { return now }), webhook.WithLogger(slog.New(log)))
	if err != nil {
		t.Fatal(err)
	}
	if w := send(t, h, admissionBody, nil); w.Code != 403 {
		t.Fatalf("status %d", w.Code)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.records) != 1 || log.records[0].Level != slog.LevelWarn {
		t.Fatalf("records %v; want one warning", log.records)
	}
	var stale *webhook.StaleError
	log.records[0].Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && a.Key == "err" {
			errors.As(err, &stale)
		}
		if s := a.Value.String(); strings.Contains(s, secret) || strings.Contains(s, webhook.Sign(secret, []byte(admissionBody))) {
			t.Errorf("attribute %s holds the secret or the signature", a.Key)
		}
		return true
	})
	if stale == nil {
		t.Fatalf("no *StaleError logged: %v", log.records[0])
	}
	if !stale.Sent.Equal(sentAt) || !stale.Now.Equal(now) || stale.MaxAge != time.Minute {
		t.Errorf("logged %+v", stale)
	}
}

// TestCheckFreshness is the check on its own.
func TestCheckFreshness(t *testing.T) {
	t.Parallel()
	req := webhook.AdmissionRequest{Request: webhook.AdmissionRequestInfo{Time: sentAt}}
	for _, tt := range []struct {
		now   time.Time
		fresh bool
	}{
		{sentAt, true},
		{sentAt.Add(10 * time.Second), true},
		{sentAt.Add(-10 * time.Second), true},
		{sentAt.Add(10*time.Second + time.Nanosecond), false},
		{sentAt.Add(-10*time.Second - time.Nanosecond), false},
		{time.Time{}, false},
	} {
		err := webhook.CheckFreshness(req, tt.now, 10*time.Second)
		var stale *webhook.StaleError
		if tt.fresh != (err == nil) || (err != nil && (!errors.As(err, &stale) || !stale.Now.Equal(tt.now))) {
			t.Errorf("now %v: %v; want fresh=%v", tt.now, err, tt.fresh)
		}
	}
}

// TestFreshnessOptions: the window must be positive and the clock set; the transcode handler
// refuses a window, because OME's transcode request carries no time of sending.
func TestFreshnessOptions(t *testing.T) {
	t.Parallel()
	allow := func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Allow(), nil
	}
	transcode := func(context.Context, webhook.TranscodeRequest) (webhook.TranscodeResponse, error) {
		return webhook.Disallow(""), nil
	}
	tests := []struct {
		name string
		make func() (http.Handler, error)
		want string // a substring of the error; "" when the handler is made
	}{
		{"admission window", func() (http.Handler, error) {
			return webhook.NewAdmissionHandler("k", allow, webhook.WithMaxAge(time.Second))
		}, ""},
		{"zero window", func() (http.Handler, error) { return webhook.NewAdmissionHandler("k", allow, webhook.WithMaxAge(0)) }, "must be positive"},
		{"negative window", func() (http.Handler, error) {
			return webhook.NewAdmissionHandler("k", allow, webhook.WithMaxAge(-time.Second))
		}, "must be positive"},
		{"nil clock", func() (http.Handler, error) { return webhook.NewAdmissionHandler("k", allow, webhook.WithClock(nil)) }, "nil clock"},
		{"transcode window", func() (http.Handler, error) {
			return webhook.NewTranscodeHandler("k", transcode, webhook.WithMaxAge(time.Second))
		}, "carries no time of sending"},
		{"transcode clock", func() (http.Handler, error) {
			return webhook.NewTranscodeHandler("k", transcode, webhook.WithClock(time.Now))
		}, ""},
	}
	for _, tt := range tests {
		h, err := tt.make()
		switch {
		case tt.want == "" && (err != nil || h == nil):
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || h != nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: handler %v, error %v; want an error with %q", tt.name, h, err, tt.want)
		}
	}
}
