package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omekit/omekit/sdk"
	"github.com/omekit/omekit/sdk/webhook"
)

const secret = "abc123!@#"

// admissionBody is an admission request as OME 0.21 writes it.
const admissionBody = `{
	"client": {"address": "192.0.2.43", "port": 50612, "real_ip": "203.0.113.9", "user_agent": "obs"},
	"request": {
		"direction": "incoming",
		"protocol": "RTMP",
		"status": "opening",
		"url": "rtmp://live.example.com:1935/app/stream?key=k1",
		"time": "2026-05-12T13:45:00.123+09:00"
	}
}`

// transcodeBody is a transcode request as OME 0.21 writes it.
const transcodeBody = `{
	"source": "TCP://192.0.2.220:2216",
	"stream": {
		"name": "stream", "virtualHost": "default", "application": "app",
		"sourceType": "Rtmp", "sourceUrl": "TCP://192.0.2.220:2216",
		"createdTime": "2026-06-05T14:43:54.001+09:00",
		"tracks": [
			{"id": 0, "name": "Video", "type": "Video", "video": {"bypass": false, "codec": "H264", "width": 1280, "height": 720,
				"maxWidth": 1280, "maxHeight": 720, "bitrate": 10000000, "bitrateConf": 10000000, "framerate": 30.0,
				"framerateConf": 30.0, "maxFramerate": 30.0, "keyFrameInterval": 1.0, "keyFrameIntervalConf": 0.0}},
			{"id": 1, "name": "Audio", "type": "Audio", "audio": {"bypass": false, "codec": "AAC", "samplerate": 48000,
				"channel": 2, "bitrate": 160000, "bitrateConf": 160000}},
			{"id": 2, "name": "Data", "type": "Data", "data": {"codec": "None"}}
		]
	}
}`

// send posts body to h, signed with key unless sig is given, and returns the answer.
func send(t *testing.T, h http.Handler, body string, mutate func(r *http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(webhook.SignatureHeader, webhook.Sign(secret, []byte(body)))
	if mutate != nil {
		mutate(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// answer decodes the handler's JSON answer into a generic map.
func answer(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, w.Body.String())
	}
	return m
}

func TestAdmissionHandlerDecodesAndAnswers(t *testing.T) {
	t.Parallel()
	var got webhook.AdmissionRequest
	h, err := webhook.NewAdmissionHandler(secret, func(ctx context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		got = req
		resp := webhook.Allow()
		resp.NewURL = "rtmp://live.example.com:1935/app/renamed"
		resp.Lifetime = int64(3600000)
		return resp, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w := send(t, h, admissionBody, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	want := map[string]any{"allowed": true, "new_url": "rtmp://live.example.com:1935/app/renamed", "lifetime": 3600000.0}
	if m := answer(t, w); !reflect.DeepEqual(m, want) {
		t.Errorf("answer (-want +got):\n- %v\n+ %v", want, m)
	}
	wantTime := time.Date(2026, 5, 12, 4, 45, 0, 123e6, time.UTC)
	if !got.Request.Time.Equal(wantTime) {
		t.Errorf("time = %v, want %v", got.Request.Time, wantTime)
	}
	if got.Request.Direction != webhook.Incoming || got.Request.Status != webhook.Opening || got.Request.Protocol != "RTMP" ||
		got.Request.URL != "rtmp://live.example.com:1935/app/stream?key=k1" || got.Client.Address != "192.0.2.43" ||
		got.Client.Port != 50612 || got.Client.RealIP != "203.0.113.9" || got.Client.UserAgent != "obs" || got.Request.NewURL != "" {
		t.Errorf("decoded request %+v", got)
	}
}

func TestAdmissionHandlerDecisions(t *testing.T) {
	t.Parallel()
	closing := strings.Replace(admissionBody, `"opening"`, `"closing"`, 1)
	tests := []struct {
		name string
		body string
		resp webhook.AdmissionResponse
		err  error
		code int
		want map[string]any
	}{
		{"allowed", admissionBody, webhook.Allow(), nil, 200, map[string]any{"allowed": true}},
		{"denied", admissionBody, webhook.Deny("unknown key"), nil, 200, map[string]any{"allowed": false, "reason": "unknown key"}},
		{"closing answers {}", closing, webhook.Deny("ignored"), nil, 200, map[string]any{}},
		{"function error", admissionBody, webhook.Allow(), errors.New("db down: password=hunter2"), 500,
			map[string]any{"allowed": false, "reason": "control server error"}},
		{"function error on closing", closing, webhook.Allow(), errors.New("db down"), 500,
			map[string]any{"allowed": false, "reason": "control server error"}},
		{"negative lifetime", admissionBody, webhook.AdmissionResponse{Allowed: true, Lifetime: int64(-1)}, nil, 500,
			map[string]any{"allowed": false, "reason": "control server error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
				return tt.resp, tt.err
			})
			if err != nil {
				t.Fatal(err)
			}
			w := send(t, h, tt.body, nil)
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if m := answer(t, w); !reflect.DeepEqual(m, tt.want) {
				t.Errorf("answer (-want +got):\n- %v\n+ %v", tt.want, m)
			}
		})
	}
}

// TestRefusals covers every answer given without calling the function: method, size,
// signature and each way decoding fails, for both webhooks.
func TestRefusals(t *testing.T) {
	t.Parallel()
	type refusal struct {
		name   string
		body   string
		mutate func(*http.Request)
		code   int
		reason string // a substring of the answer's reason
	}
	common := func(valid string) []refusal {
		return []refusal{
			{"GET", valid, func(r *http.Request) { r.Method = http.MethodGet }, 405, "method GET not allowed"},
			{"PUT", valid, func(r *http.Request) { r.Method = http.MethodPut }, 405, "method PUT"},
			{"missing signature", valid, func(r *http.Request) { r.Header.Del(webhook.SignatureHeader) }, 401, "missing X-OME-Signature"},
			{"empty signature", valid, func(r *http.Request) { r.Header.Set(webhook.SignatureHeader, "") }, 401, "missing X-OME-Signature"},
			{"wrong key", valid, func(r *http.Request) { r.Header.Set(webhook.SignatureHeader, webhook.Sign("other", []byte(valid))) }, 401, "invalid X-OME-Signature"},
			{"tampered body", valid, func(r *http.Request) { r.Header.Set(webhook.SignatureHeader, webhook.Sign(secret, []byte(valid+" "))) }, 401, "invalid X-OME-Signature"},
			{"garbage signature", valid, func(r *http.Request) { r.Header.Set(webhook.SignatureHeader, "f871jd991jj1929jsjd91pqa0amm1") }, 401, "invalid X-OME-Signature"},
			{"too large", valid + strings.Repeat(" ", 2048), nil, 413, "body larger than 1024 bytes"},
			{"empty body", "", nil, 400, "empty body"},
			{"whitespace body", " \n", nil, 400, "empty body"},
			{"not JSON", "allowed=1", nil, 400, "invalid character"},
			{"truncated JSON", valid[:len(valid)/2], nil, 400, "unexpected EOF"},
			{"array", "[" + valid + "]", nil, 400, "cannot unmarshal array"},
			{"string", `"x"`, nil, 400, "cannot unmarshal string"},
			{"null", "null", nil, 400, "malformed request body"},
			{"trailing data", valid + "{}", nil, 400, "data after the JSON object"},
			{"trailing garbage", valid + "}", nil, 400, "data after the JSON object"},
		}
	}
	admission := append(common(admissionBody), []refusal{
		{"empty object", `{}`, nil, 400, `request.direction ""`},
		{"port as string", strings.Replace(admissionBody, `50612`, `"50612"`, 1), nil, 400, "cannot unmarshal string"},
		{"time not ISO 8601", strings.Replace(admissionBody, `2026-05-12T13:45:00.123+09:00`, `12/05/2026`, 1), nil, 400, "parsing time"},
		{"time with +0900 offset", strings.Replace(admissionBody, `+09:00`, `+0900`, 1), nil, 400, "parsing time"},
		{"unknown direction", strings.Replace(admissionBody, `"incoming"`, `"sideways"`, 1), nil, 400, `request.direction "sideways"`},
		{"unknown status", strings.Replace(admissionBody, `"opening"`, `"open"`, 1), nil, 400, `request.status "open"`},
		{"missing protocol", strings.Replace(admissionBody, `"protocol": "RTMP",`, ``, 1), nil, 400, "request.protocol is missing"},
		{"missing url", strings.Replace(admissionBody, `"url": "rtmp://live.example.com:1935/app/stream?key=k1",`, ``, 1), nil, 400, "request.url is missing"},
		{"missing time", strings.Replace(admissionBody, `,
		"time": "2026-05-12T13:45:00.123+09:00"`, ``, 1), nil, 400, "request.time is missing"},
		{"request is a string", `{"client":{},"request":"x"}`, nil, 400, "cannot unmarshal string"},
	}...)
	transcode := append(common(transcodeBody), []refusal{
		{"empty object", `{}`, nil, 400, "stream.name is missing"},
		{"missing virtualHost", strings.Replace(transcodeBody, `"virtualHost": "default",`, ``, 1), nil, 400, "stream.virtualHost is missing"},
		{"missing application", strings.Replace(transcodeBody, `"application": "app",`, ``, 1), nil, 400, "stream.application is missing"},
		{"bad createdTime", strings.Replace(transcodeBody, `2026-06-05T14:43:54.001+09:00`, `yesterday`, 1), nil, 400, "is not a time stamp"},
		{"tracks not an array", `{"stream":{"name":"s","virtualHost":"v","application":"a","tracks":{}}}`, nil, 400, "cannot unmarshal object"},
		{"track id as string", strings.Replace(transcodeBody, `"id": 0`, `"id": "0"`, 1), nil, 400, "cannot unmarshal string"},
	}...)

	var called atomic.Int32
	ah, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		called.Add(1)
		return webhook.Allow(), nil
	}, webhook.WithMaxBodyBytes(1024))
	if err != nil {
		t.Fatal(err)
	}
	th, err := webhook.NewTranscodeHandler(secret, func(context.Context, webhook.TranscodeRequest) (webhook.TranscodeResponse, error) {
		called.Add(1)
		return webhook.Disallow("no"), nil
	}, webhook.WithMaxBodyBytes(4096))
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		name string
		h    http.Handler
		rs   []refusal
	}{{"admission", ah, admission}, {"transcode", th, transcode}} {
		for _, tt := range set.rs {
			t.Run(set.name+"/"+tt.name, func(t *testing.T) {
				body := tt.body
				if set.name == "transcode" && tt.code == 413 {
					body = transcodeBody + strings.Repeat(" ", 4096)
					tt.reason = "body larger than 4096 bytes"
				}
				w := send(t, set.h, body, tt.mutate)
				if w.Code != tt.code {
					t.Errorf("status %d, want %d: %s", w.Code, tt.code, w.Body)
				}
				m := answer(t, w)
				if m["allowed"] != false {
					t.Errorf("allowed = %v, want false", m["allowed"])
				}
				if r, _ := m["reason"].(string); !strings.Contains(r, tt.reason) {
					t.Errorf("reason %q does not contain %q", r, tt.reason)
				}
				if tt.code == 405 && w.Header().Get("Allow") != http.MethodPost {
					t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
				}
			})
		}
	}
	t.Cleanup(func() {
		if n := called.Load(); n != 0 {
			t.Errorf("the function was called %d times for refused requests", n)
		}
	})
}

func TestTranscodeHandler(t *testing.T) {
	t.Parallel()
	profiles := sdk.OutputProfiles{OutputProfile: []sdk.OutputProfile{{
		Name:             "bypass",
		OutputStreamName: "${OriginStreamName}",
		Encodes: &sdk.OutputProfileEncodes{
			Videos: []sdk.EncodeVideo{{Name: "bypass_video", Bypass: sdk.NewBool(true)}},
		},
	}}}
	var got webhook.TranscodeRequest
	tests := []struct {
		name string
		resp webhook.TranscodeResponse
		code int
		want string
	}{
		{"profiles", webhook.UseProfiles(profiles), 200,
			`{"allowed":true,"outputProfiles":{"outputProfile":[{"encodes":{"videos":[{"bypass":true,"name":"bypass_video"}]},"name":"bypass","outputStreamName":"${OriginStreamName}"}]}}`},
		{"disallowed", webhook.Disallow("not today"), 200, `{"allowed":false,"reason":"not today"}`},
		{"allowed without profiles", webhook.TranscodeResponse{Allowed: true}, 500, `{"allowed":false,"reason":"control server error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := webhook.NewTranscodeHandler(secret, func(_ context.Context, req webhook.TranscodeRequest) (webhook.TranscodeResponse, error) {
				got = req
				return tt.resp, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			w := send(t, h, transcodeBody, nil)
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			var gotJSON, wantJSON any
			_ = json.Unmarshal(w.Body.Bytes(), &gotJSON)
			_ = json.Unmarshal([]byte(tt.want), &wantJSON)
			if !reflect.DeepEqual(gotJSON, wantJSON) {
				t.Errorf("answer (-want +got):\n- %s\n+ %s", tt.want, w.Body)
			}
		})
	}
	st := got.Stream
	if got.Source != "TCP://192.0.2.220:2216" || st.Name != "stream" || st.VirtualHost != "default" || st.Application != "app" ||
		st.SourceType != sdk.StreamSourceTypeRTMP || len(st.Tracks) != 3 {
		t.Fatalf("decoded request %+v", got)
	}
	if v := st.Tracks[0].Video; v == nil || v.Codec != sdk.TrackCodecH264 || v.Width != 1280 || v.Framerate != 30 {
		t.Errorf("video track %+v", v)
	}
	if a := st.Tracks[1].Audio; a == nil || a.Samplerate != 48000 || a.Channel != 2 {
		t.Errorf("audio track %+v", a)
	}
	if want := time.Date(2026, 6, 5, 5, 43, 54, 1e6, time.UTC); !st.CreatedTime.Equal(want) {
		t.Errorf("createdTime = %v, want %v", st.CreatedTime, want)
	}
}

func TestNewHandlerErrors(t *testing.T) {
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
		ok   bool
	}{
		{"admission ok", func() (http.Handler, error) { return webhook.NewAdmissionHandler("k", allow) }, true},
		{"transcode ok", func() (http.Handler, error) { return webhook.NewTranscodeHandler("k", transcode) }, true},
		{"admission nil function", func() (http.Handler, error) { return webhook.NewAdmissionHandler("k", nil) }, false},
		{"transcode nil function", func() (http.Handler, error) { return webhook.NewTranscodeHandler("k", nil) }, false},
		{"empty secret", func() (http.Handler, error) { return webhook.NewAdmissionHandler("", allow) }, false},
		{"empty secret allowed", func() (http.Handler, error) {
			return webhook.NewTranscodeHandler("", transcode, webhook.AllowEmptySecret())
		}, true},
		{"zero body limit", func() (http.Handler, error) {
			return webhook.NewAdmissionHandler("k", allow, webhook.WithMaxBodyBytes(0))
		}, false},
		{"nil logger", func() (http.Handler, error) { return webhook.NewAdmissionHandler("k", allow, webhook.WithLogger(nil)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := tt.make()
			if (err == nil) != tt.ok || (h != nil) != tt.ok {
				t.Errorf("handler %v, error %v; want ok=%v", h, err, tt.ok)
			}
		})
	}
}

// TestEmptySecretVerifies shows that with AllowEmptySecret the handler checks OME's signature
// made with the empty key (what OME sends when <SecretKey> is not set).
func TestEmptySecretVerifies(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewTranscodeHandler("", func(context.Context, webhook.TranscodeRequest) (webhook.TranscodeResponse, error) {
		return webhook.Disallow("x"), nil
	}, webhook.AllowEmptySecret())
	if err != nil {
		t.Fatal(err)
	}
	if w := send(t, h, transcodeBody, func(r *http.Request) { r.Header.Set(webhook.SignatureHeader, webhook.Sign("", []byte(transcodeBody))) }); w.Code != 200 {
		t.Errorf("empty-key signature: status %d", w.Code)
	}
	if w := send(t, h, transcodeBody, nil); w.Code != 401 {
		t.Errorf("signature with another key: status %d, want 401", w.Code)
	}
}

// TestLogsNeverHoldSecrets runs refused, failed and successful requests with a logger and checks
// that neither the secret nor a signature appears in the log, while the refusals do.
func TestLogsNeverHoldSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fail := true
	h, err := webhook.NewAdmissionHandler(secret, func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		if fail {
			return webhook.AdmissionResponse{}, errors.New("lookup failed")
		}
		return webhook.Allow(), nil
	}, webhook.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	send(t, h, admissionBody, nil)
	fail = false
	send(t, h, admissionBody, nil)
	send(t, h, admissionBody, func(r *http.Request) {
		r.Header.Set(webhook.SignatureHeader, webhook.Sign("wrong", []byte(admissionBody)))
	})
	send(t, h, "{", nil)
	out := buf.String()
	for _, leak := range []string{secret, webhook.Sign(secret, []byte(admissionBody)), webhook.Sign("wrong", []byte(admissionBody)), "rtmp://"} {
		if strings.Contains(out, leak) {
			t.Errorf("log contains %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{"lookup failed", "invalid X-OME-Signature", "malformed request body", "webhook=admission"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// TestOverHTTP serves a handler on a real loopback server, as OME reaches it.
func TestOverHTTP(t *testing.T) {
	t.Parallel()
	h, err := webhook.NewAdmissionHandler(secret, func(ctx context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		return webhook.Deny("no " + req.Request.Protocol), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/admission", strings.NewReader(admissionBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(secret, []byte(admissionBody)))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got webhook.AdmissionResponse
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	if got.Allowed || got.Reason == "" || got.Reason != "no RTMP" {
		t.Errorf("answer %+v", got)
	}
}
