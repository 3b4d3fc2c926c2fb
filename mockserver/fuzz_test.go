package mockserver

import (
	"testing"
)

// FuzzRequestBodies sends arbitrary bodies to every body-taking operation of the default
// configuration. Whatever the body, the mock must not panic, and every answer must be one the
// spec declares for the operation, in OME's format (the harness checks both).
func FuzzRequestBodies(f *testing.F) {
	targets := []struct{ method, path string }{
		{"POST", "/v1/vhosts"},
		{"POST", "/v1/vhosts/fz/apps"},
		{"PATCH", "/v1/vhosts/fz/apps/app"},
		{"POST", "/v1/vhosts/fz/apps/app/outputProfiles"},
		{"PATCH", "/v1/vhosts/fz/apps/app/outputProfiles/p"},
		{"POST", "/v1/vhosts/default/apps/app/streams"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s:sendEvent"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s:sendEvents"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s:sendSubtitles"},
		{"POST", "/v1/vhosts/default/apps/app/streams/s:startHlsDump"},
		{"POST", "/v1/vhosts/default/apps/app:startPush"},
		{"POST", "/v1/vhosts/default/apps/app:startRecord"},
		{"POST", "/v1/vhosts/default/apps/app:pushes"},
		{"POST", "/v1/vhosts/fz/apps/app/scheduledChannels"},
		{"POST", "/v1/vhosts/fz/apps/app/multiplexChannels"},
		{"POST", "/v1/vhosts:reloadAllCertificates"},
	}
	seeds := []string{``, `null`, `{}`, `[]`, `[{}]`, `"x"`, `1`, `[1,"a",null,{}]`, `{"name":"x","type":"live"}`,
		`[{"name":"n","type":"live","outputProfiles":[]}]`, `{"eventFormat":"id3v2","events":[{"frameType":"TXXX","info":"a","data":"b"}]}`,
		`{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/app","streamKey":"k"}`,
		`{"name":"s","urls":["rtsp://h/x"]}`, `{"stream":{"name":"c"},"programs":[{"scheduled":"2026-01-01T00:00:00Z","items":[{"url":"file://a.mp4"}]}]}`,
		`[{"name":"bad","outputStreamName":"x","encodes":{"videos":[]}}]`, `{"a":`, "\x00"}
	for i := range targets {
		for _, s := range seeds {
			f.Add(uint8(i), s)
		}
	}
	h := newHarness(f)
	writable := h.do("POST", "/v1/vhosts", `[{"name":"fz","applications":[{"name":"app","type":"live","providers":{"schedule":{"mediaRootDir":"/m","scheduleFilesDir":"/s"},"multiplex":{"muxFilesDir":"/x"}},"outputProfiles":{"outputProfile":[{"name":"p","outputStreamName":"o","encodes":{"audios":[{"bypass":true}]}}]}}]}]`)
	if writable.Status != 200 {
		f.Fatalf("setup: %d %s", writable.Status, writable.Body)
	}
	f.Fuzz(func(t *testing.T, target uint8, body string) {
		tg := targets[int(target)%len(targets)]
		fh := &harness{t: t, s: h.s, h: h.h, tok: h.tok}
		r := fh.do(tg.method, tg.path, body)
		if r.Status == 0 || r.Status == 501 {
			t.Fatalf("%s %s %q: status %d", tg.method, tg.path, body, r.Status)
		}
	})
}
