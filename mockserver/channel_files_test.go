package mockserver

import (
	"testing"
	"time"
)

// The server (and the providers' looks at their channel files) starts at jobTestStart,
// …:12.345, so the looks fall at …:13.345, …:14.345 and so on.
func TestChannelFilesTiming(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	at := func(sec int, ms int) {
		clock.set(jobTestStart.Add(time.Duration(sec-12)*time.Second + time.Duration(ms-345)*time.Millisecond))
	}
	const sch = jobLive + "/scheduledChannels"
	program := func(name string) string {
		return `{"programs":[{"name":"` + name + `","scheduled":"2026-11-27T20:00:00Z","items":[{"url":"file://a.mp4","duration":1000}]}]}`
	}
	programName := func() string {
		t.Helper()
		r := h.do("GET", sch+"/ch", nil)
		expect(t, r, 200, "OK")
		progs := jobObj(t, jobPayload(t, r))["programs"].([]any)
		return jobObj(t, progs[0])["name"].(string)
	}

	// A new channel's stream appears on the next look.
	expect(t, h.do("POST", sch, `{"stream":{"name":"ch"},"programs":[{"name":"p0","scheduled":"2026-11-27T20:00:00Z","items":[{"url":"file://a.mp4","duration":1000}]}]}`), 201, "Created")
	expect(t, h.do("GET", sch+"/ch", nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/ch] (404)")
	if got := jobIDsOrNames(t, h, sch); len(got) != 0 {
		t.Fatalf("listed before the look: %v", got)
	}
	at(13, 345)
	if got := programName(); got != "p0" {
		t.Fatalf("program %q", got)
	}

	// A rewrite is loaded on the next look, unless the loaded file has the same modification
	// second: then it is never loaded.
	at(13, 500)
	expect(t, h.do("PATCH", sch+"/ch", program("p1")), 201, "Created")
	if got := programName(); got != "p0" {
		t.Fatalf("program right after the patch %q, want the old p0", got)
	}
	at(14, 345)
	if got := programName(); got != "p1" {
		t.Fatalf("program after the look %q, want p1", got)
	}
	at(14, 800)
	expect(t, h.do("PATCH", sch+"/ch", program("p2")), 201, "Created") // second 14, loaded at 15.345
	at(15, 345)
	if got := programName(); got != "p2" {
		t.Fatalf("program %q, want p2", got)
	}
	at(16, 100)
	expect(t, h.do("PATCH", sch+"/ch", program("p3")), 201, "Created") // second 16
	at(16, 345)
	if got := programName(); got != "p3" {
		t.Fatalf("program %q, want p3", got)
	}
	at(16, 700)
	expect(t, h.do("PATCH", sch+"/ch", program("lost")), 201, "Created") // second 16, as the loaded file
	at(18, 0)
	if got := programName(); got != "p3" {
		t.Fatalf("program %q: a rewrite within the loaded second was loaded", got)
	}

	// A deleted file must be missed three looks in a row; meanwhile the file is gone.
	expect(t, h.do("DELETE", sch+"/ch", nil), 200, "OK")
	at(19, 345)
	expect(t, h.do("GET", sch+"/ch", nil), 200, "OK")
	expect(t, h.do("DELETE", sch+"/ch", nil), 500, "[HTTP] Could not delete the schedule file /schedules//ch.sch (500)")
	at(20, 345)
	expect(t, h.do("GET", sch+"/ch", nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/ch] (404)")

	// Multiplex channels: listed from the next look, the stream once the sources are there.
	const mux = jobLive + "/multiplexChannels"
	body := `{"outputStream":{"name":"m"},"sourceStreams":[{"name":"c","url":"stream://vh/live/cam","trackMap":[{"sourceTrackName":"bypass_video","newTrackName":"v"}]}]}`
	expect(t, h.do("POST", mux, body), 201, "Created")
	expect(t, h.do("GET", mux+"/m", nil), 404, "[HTTP] Could not get the multiplex stream <m> (404)")
	at(21, 345)
	r := h.do("GET", mux+"/m", nil)
	jobMembers(t, "m", jobObj(t, jobPayload(t, r)), map[string]any{"state": "Pulling"})
	expect(t, h.do("GET", jobLive+"/streams/m", nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/m] (404)")
	jobPublish(t, h, "live", "cam")
	r = h.do("GET", jobLive+"/streams/m", nil)
	expect(t, r, 200, "OK")
	in := jobObj(t, jobObj(t, jobPayload(t, r))["input"])
	tracks := in["tracks"].([]any)
	if len(tracks) != 2 || jobObj(t, tracks[0])["name"] != "v" || jobObj(t, tracks[0])["id"] != 1.0 || jobObj(t, tracks[1])["type"] != "Data" {
		t.Fatalf("multiplex tracks %v", tracks)
	}
	expect(t, h.do("DELETE", mux+"/m", nil), 200, "OK")
	expect(t, h.do("DELETE", mux+"/m", nil), 500, "[HTTP] Could not delete the multiplex file /mux//m.mux (500)")
	at(24, 345)
	expect(t, h.do("GET", mux+"/m", nil), 404, "[HTTP] Could not get the multiplex stream <m> (404)")
	expect(t, h.do("GET", jobLive+"/streams/m", nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/m] (404)")
}

// jobIDsOrNames returns a list answer of names.
func jobIDsOrNames(t *testing.T, h *harness, path string) []any {
	t.Helper()
	r := h.do("GET", path, nil)
	expect(t, r, 200, "OK")
	list, _ := jobPayload(t, r).([]any)
	return list
}
