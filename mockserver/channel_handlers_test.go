package mockserver

import (
	"reflect"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// The channel tests use jobTestXML (job_handlers_test.go): app "live" has the Schedule and
// Multiplex providers, app "bare" has neither. The clock starts at 2026-11-26T09:30:12.345+09:00.

// chanSchedule is a schedule with a fallback and two programs; at the test clock the first
// program (09:00–18:00, repeating, 60 s + 30 s of items) is on air.
const chanSchedule = `{
	"stream": {"name": "ch1", "audioMap": [{"name": "English", "language": "eng"}, {}], "errorToleranceDurationMs": 1000},
	"fallbackProgram": {"items": [{"url": "file://fallback.mp4", "fallbackOnErr": false}]},
	"programs": [
		{"name": "morning", "scheduled": "2026-11-26T09:00:00.000+09:00", "repeat": true, "items": [
			{"url": "file://news.mp4", "duration": 60000},
			{"url": "STREAM://vh/live/studio", "start": 5, "duration": 30000, "forwardData": true, "fallbackOnErr": true}
		]},
		{"scheduled": "2026-11-26T18:00:00+09", "items": [{"url": "file://movie.mp4", "duration": 500}]}
	]
}`

func chanCreateSchedule(t *testing.T, h *harness, body string) {
	t.Helper()
	expect(t, h.do("POST", jobLive+"/scheduledChannels", body), 201, "Created")
}

func TestCreateScheduledChannelChecks(t *testing.T) {
	t.Parallel()
	const path = jobLive + "/scheduledChannels"
	ok := `{"stream":{"name":"ch"}}`
	item := func(s string) string {
		return `{"stream":{"name":"ch"},"programs":[{"scheduled":"2026-11-26T09:00:00Z","items":[` + s + `]}]}`
	}
	runJobCases(t, []jobCase{
		{"created", "", path, ok, 201, "Created"},
		{"full schedule", "", path, chanSchedule, 201, "Created"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live/scheduledChannels", ok, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope/scheduledChannels", ok, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"provider disabled", "", jobBare + "/scheduledChannels", ok, 403, "Forbidden"},
		{"no body", "", path, "", 400, "[HTTP] Invalid request body (400)"},
		{"no stream", "", path, `{}`, 400, "[HTTP] Failed to find Stream object (400)"},
		{"stream not an object", "", path, `{"stream":"ch"}`, 400, "[HTTP] Failed to find Stream object (400)"},
		{"no stream name", "", path, `{"stream":{}}`, 400, "[HTTP] Failed to find Stream.Name object (400)"},
		{"stream name not a string", "", path, `{"stream":{"name":1}}`, 400, "[HTTP] Failed to find Stream.Name object (400)"},
		{"audioMap not an array", "", path, `{"stream":{"name":"ch","audioMap":{}}}`, 400, "[HTTP] audioMap must be an array (400)"},
		{"fallback not an object", "", path, `{"stream":{"name":"ch"},"fallbackProgram":[]}`, 400, "[HTTP] FallbackProgram must be an object (400)"},
		{"programs not an array", "", path, `{"stream":{"name":"ch"},"programs":{}}`, 400, "[HTTP] programs must be an array (400)"},
		{"scheduled missing", "", path, `{"stream":{"name":"ch"},"programs":[{"name":"a"}]}`, 400, "[HTTP] Failed to find scheduled object, scheduled is required (400)"},
		{"next scheduled missing", "", path, `{"stream":{"name":"ch"},"programs":[{"scheduled":"2026-11-26T09:00:00Z"},{}]}`, 400, "[HTTP] Failed to find scheduled object, scheduled is required (400)"},
		{"scheduled invalid", "", path, `{"stream":{"name":"ch"},"programs":[{"scheduled":"tomorrow"}]}`, 400, "[HTTP] Failed to parse scheduled attribute: Invalid ISO 8601 string (400)"},
		{"scheduled bad month", "", path, `{"stream":{"name":"ch"},"programs":[{"scheduled":"2026-13-01T00:00:00"}]}`, 400, "[HTTP] Failed to parse scheduled attribute: Invalid ISO 8601 string (400)"},
		{"items not an array", "", path, `{"stream":{"name":"ch"},"fallbackProgram":{"items":{}}}`, 400, "[HTTP] items must be an array (400)"},
		{"url missing", "", path, item(`{"duration":1}`), 400, "[HTTP] Failed to find url object, url is required (400)"},
		{"url scheme", "", path, item(`{"url":"http://x/a.mp4"}`), 400, "[HTTP] Failed to parse url attribute, url must be file:// or stream:// (400)"},
		{"start not a number", "", path, item(`{"url":"file://a.mp4","start":"x"}`), 500, "Value is not convertible to Int."},
		{"repeat not a bool", "", path, `{"stream":{"name":"ch"},"programs":[{"scheduled":"2026-11-26T09:00:00Z","repeat":"yes"}]}`, 500, "Value is not convertible to bool."},
		{"audioMap name an object", "", path, `{"stream":{"name":"ch","audioMap":[{"name":{}}]}}`, 500, "Type is not convertible to string"},
		{"name taken by an input stream", "", path, `{"stream":{"name":"cam"}}`, 409, "[HTTP] Stream 'cam' already exists (409)"},
	}, func(t *testing.T, h *harness) { jobPublish(t, h, "live", "cam") }, WithoutDelays())
}

func TestCreateScheduledChannelMakesStream(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	chanCreateSchedule(t, h, `{"stream":{"name":"relay","bypassTranscoder":true}}`)
	chanCreateSchedule(t, h, `{"stream":{"name":"ch"}}`)
	expect(t, h.do("POST", jobLive+"/scheduledChannels", `{"stream":{"name":"ch"}}`), 409, "[HTTP] Stream 'ch' already exists (409)")
	_ = h.s.st.view(func() error {
		a := h.s.st.vhosts["vh"].apps["live"]
		for name, relay := range map[string]bool{"relay": true, "ch": false} {
			s := a.streams[name]
			if s == nil || s.sourceType != wire.StreamSourceTypeScheduled || s.relay != relay {
				t.Errorf("stream %s: %+v, want a Scheduled stream with relay %v", name, s, relay)
			}
		}
		return nil
	})
	expect(t, h.do("GET", jobLive+"/streams/ch", nil), 200, "OK")
}

func TestListScheduledChannels(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	chanCreateSchedule(t, h, `{"stream":{"name":"zeta"}}`)
	jobPublish(t, h, "live", "cam")
	chanCreateSchedule(t, h, `{"stream":{"name":"alpha"}}`)
	tests := []struct {
		path   string
		status int
		msg    string
		names  []string
	}{
		{jobLive + "/scheduledChannels", 200, "OK", []string{"zeta", "alpha"}},
		{jobBare + "/scheduledChannels", 200, "OK", []string{}},
		{"/v1/vhosts/nope/apps/live/scheduledChannels", 404, "[HTTP] Could not find the virtual host: [nope] (404)", nil},
		{"/v1/vhosts/vh/apps/nope/scheduledChannels", 404, "[HTTP] Could not find the application: [vh/nope] (404)", nil},
	}
	for _, tt := range tests {
		r := h.do("GET", tt.path, nil)
		expect(t, r, tt.status, tt.msg)
		if tt.names != nil {
			var env struct{ Response []string }
			r.JSON(t, &env)
			if !reflect.DeepEqual(env.Response, tt.names) {
				t.Errorf("%s: %v, want %v", tt.path, env.Response, tt.names)
			}
		}
	}
}

func TestGetScheduledChannel(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	chanCreateSchedule(t, h, chanSchedule)
	jobPublish(t, h, "live", "cam")

	for _, tt := range []struct {
		path   string
		status int
		msg    string
	}{
		{"/v1/vhosts/nope/apps/live/scheduledChannels/ch1", 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/vhosts/vh/apps/nope/scheduledChannels/ch1", 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{jobLive + "/scheduledChannels/none", 404, "[HTTP] Could not find the stream: [vh/#vh#live/none] (404)"},
		{jobLive + "/scheduledChannels/cam", 500, "[HTTP] Could not get the scheduled stream (500)"},
	} {
		expect(t, h.do("GET", tt.path, nil), tt.status, tt.msg)
	}

	r := h.do("GET", jobLive+"/scheduledChannels/ch1", nil)
	expect(t, r, 200, "OK")
	got := jobObj(t, jobPayload(t, r))
	want := map[string]any{
		"stream": map[string]any{
			"name": "ch1", "bypassTranscoder": false, "videoTrack": true, "audioTrack": true, "errorToleranceDurationMs": 1000.0,
			"audioMap": []any{
				map[string]any{"name": "English", "language": "eng", "characteristics": ""},
				map[string]any{"name": "", "language": "", "characteristics": ""},
			},
		},
		"fallbackProgram": map[string]any{"name": "fallback", "scheduled": "1970-01-01T00:00:00Z", "repeat": true, "items": []any{
			map[string]any{"url": "file://fallback.mp4", "start": 0.0, "duration": -1.0, "forwardData": false},
		}},
		"programs": []any{
			map[string]any{"name": "morning", "scheduled": "2026-11-26T09:00:00.000+09:00", "repeat": true, "items": []any{
				map[string]any{"url": "file://news.mp4", "start": 0.0, "duration": 60000.0, "forwardData": false},
				map[string]any{"url": "STREAM://vh/live/studio", "start": 5.0, "duration": 30000.0, "forwardData": true},
			}},
			// name and repeat carry over from the previous program; 500 ms is raised to 1000.
			map[string]any{"name": "morning", "scheduled": "2026-11-26T18:00:00+09", "repeat": true, "items": []any{
				map[string]any{"url": "file://movie.mp4", "start": 0.0, "duration": 1000.0, "forwardData": false},
			}},
		},
		// 30:12.345 into a loop of 90 s: 12.345 s into the second loop's first item.
		"currentProgram": map[string]any{
			"state": "onair", "name": "morning", "repeat": true, "duration": 32400000.0,
			"scheduled": "2026-11-26T09:00:00.000+09:00", "end": "2026-11-26T18:00:00.000+09:00",
			"currentItem": map[string]any{"url": "file://news.mp4", "start": 0.0, "duration": 60000.0, "currentPosition": 12345.0},
		},
	}
	jobMembers(t, "schedule", got, want)
}

func TestScheduledCurrentProgram(t *testing.T) {
	t.Parallel()
	type at struct {
		clock time.Time
		want  map[string]any
	}
	offair := map[string]any{"state": "offair"}
	tests := []struct {
		name     string
		schedule string
		checks   []at
	}{
		{"before the first program", `{"stream":{"name":"c"},"programs":[{"scheduled":"2026-11-27T00:00:00Z","items":[{"url":"file://a"}]}]}`,
			[]at{{jobTestStart, offair}}},
		{"last program never ends", `{"stream":{"name":"c"},"programs":[{"name":"p","scheduled":"2026-11-26T00:00:00Z","items":[{"url":"stream://vh/live/x"}]}]}`,
			[]at{{jobTestStart, map[string]any{"state": "onair", "duration": -1.0, "end": "2262-04-12T08:47:16.854+09:00",
				"scheduled":   "2026-11-26T09:00:00.000+09:00",
				"currentItem": map[string]any{"url": "stream://vh/live/x", "start": 0.0, "duration": -1.0, "currentPosition": 1812345.0}}}}},
		{"no items", `{"stream":{"name":"c"},"programs":[{"name":"empty","scheduled":"2026-11-26T09:00:00+09:00"}]}`,
			[]at{{jobTestStart, map[string]any{"state": "offair", "name": "empty", "currentItem": nil}}}},
		{"no repeat runs out", `{"stream":{"name":"c"},"programs":[{"name":"once","scheduled":"2026-11-26T09:30:00+09:00","items":[{"url":"file://a","duration":20000}]}]}`,
			[]at{
				{jobTestStart, map[string]any{"state": "onair", "name": "once", "currentItem": map[string]any{"url": "file://a", "start": 0.0, "duration": 20000.0, "currentPosition": 12345.0}}},
				{jobTestStart.Add(10 * time.Second), offair},
			}},
		{"first second is position 0", `{"stream":{"name":"c"},"programs":[{"scheduled":"2026-11-26T09:30:12+09:00","repeat":true,"items":[{"url":"file://a","duration":5000}]}]}`,
			[]at{{jobTestStart, map[string]any{"state": "onair", "currentItem": map[string]any{"url": "file://a", "start": 0.0, "duration": 5000.0, "currentPosition": 0.0}}}}},
		{"program over, next one on", `{"stream":{"name":"c"},"programs":[{"name":"a","scheduled":"2026-11-26T08:00:00+09:00"},{"name":"b","scheduled":"2026-11-26T09:40:00+09:00","items":[{"url":"file://b"}]}]}`,
			[]at{{jobTestStart.Add(10 * time.Minute), map[string]any{"state": "onair", "name": "b", "duration": -1.0}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, clock := newJobHarness(t, WithoutDelays())
			chanCreateSchedule(t, h, tt.schedule)
			for _, c := range tt.checks {
				clock.set(c.clock)
				r := h.do("GET", jobLive+"/scheduledChannels/c", nil)
				expect(t, r, 200, "OK")
				cp := jobObj(t, jobObj(t, jobPayload(t, r))["currentProgram"])
				if reflect.DeepEqual(c.want, offair) && len(cp) != 1 {
					t.Errorf("at %v: %v, want only the state offair", c.clock, cp)
				}
				jobMembers(t, "currentProgram at "+c.clock.String(), cp, c.want)
			}
		})
	}
}

func TestCreateScheduledChannelDropsEndedPrograms(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	chanCreateSchedule(t, h, `{"stream":{"name":"c"},"programs":[
		{"name":"old","scheduled":"2026-11-25T00:00:00Z"},
		{"name":"now","scheduled":"2026-11-26T00:00:00Z"},
		{"name":"later","scheduled":"2026-11-27T00:00:00Z"}]}`)
	r := h.do("GET", jobLive+"/scheduledChannels/c", nil)
	expect(t, r, 200, "OK")
	got := jobObj(t, jobPayload(t, r))
	progs := got["programs"].([]any)
	if len(progs) != 2 || jobObj(t, progs[0])["name"] != "now" || jobObj(t, progs[1])["name"] != "later" {
		t.Errorf("programs %v, want now and later", progs)
	}
	jobMembers(t, "schedule", got, map[string]any{"fallbackProgram": nil})
	jobMembers(t, "stream", jobObj(t, got["stream"]), map[string]any{"errorToleranceDurationMs": 500.0})
	if v, ok := jobObj(t, got["stream"])["audioMap"]; !ok || v != nil {
		t.Errorf("audioMap %v (present %v), want null", v, ok)
	}
	if jobObj(t, progs[0])["items"] != nil {
		t.Errorf("items %v, want null", jobObj(t, progs[0])["items"])
	}
}

// chanSeedScheduled adds a scheduled stream with a schedule to an app directly (the API cannot
// create one in an app without the Schedule provider).
func chanSeedScheduled(t *testing.T, h *harness, app, name string) {
	t.Helper()
	_ = h.s.st.update(func() error {
		a := h.s.st.vhosts["vh"].apps[app]
		h.s.st.addStream(a, name, wire.StreamSourceTypeScheduled, nil)
		a.schedules[name] = &scheduledChannel{name: name, videoTrack: true, audioTrack: true, errorToleranceMs: 500}
		return nil
	})
}

func TestPatchScheduledChannelChecks(t *testing.T) {
	t.Parallel()
	const path = jobLive + "/scheduledChannels/ch1"
	ok := `{"programs":[]}`
	setup := func(t *testing.T, h *harness) {
		chanCreateSchedule(t, h, chanSchedule)
		jobPublish(t, h, "live", "cam")
		chanSeedScheduled(t, h, "bare", "seeded")
		_ = h.s.st.update(func() error { // a Scheduled stream the provider does not know
			h.s.st.addStream(h.s.st.vhosts["vh"].apps["live"], "orphan", wire.StreamSourceTypeScheduled, nil)
			return nil
		})
	}
	runJobCases(t, []jobCase{
		{"patched", "PATCH", path, ok, 201, "Created"},
		{"empty patch", "PATCH", path, `{}`, 201, "Created"},
		{"unknown vhost", "PATCH", "/v1/vhosts/nope/apps/live/scheduledChannels/ch1", ok, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "PATCH", "/v1/vhosts/vh/apps/nope/scheduledChannels/ch1", ok, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"unknown stream", "PATCH", jobLive + "/scheduledChannels/none", ok, 404, "[HTTP] Could not find the stream: [vh/#vh#live/none] (404)"},
		{"no body", "PATCH", path, "", 400, "[HTTP] Invalid request body (400)"},
		{"not a scheduled stream", "PATCH", jobLive + "/scheduledChannels/cam", ok, 400, "[HTTP] Stream is not a scheduled stream (400)"},
		{"stream in the body", "PATCH", path, `{"stream":{"name":"ch1"}}`, 400, "[HTTP] Stream object could not be patched (400)"},
		{"unknown to the provider", "PATCH", jobLive + "/scheduledChannels/orphan", ok, 500, "[HTTP] Could not get the scheduled stream (500)"},
		{"provider disabled", "PATCH", jobBare + "/scheduledChannels/seeded", ok, 403, "Forbidden"},
		{"bad programs", "PATCH", path, `{"programs":{}}`, 400, "[HTTP] Could not patch the schedule (400)"},
		{"bad item", "PATCH", path, `{"fallbackProgram":{"items":[{"url":"rtmp://x"}]}}`, 400, "[HTTP] Could not patch the schedule (400)"},
		{"wrong type escapes", "PATCH", path, `{"programs":[{"scheduled":"2026-11-26T09:00:00Z","items":[{"url":"file://a","duration":"long"}]}]}`, 500, "Value is not convertible to Int."},
	}, setup, WithoutDelays())
}

func TestPatchScheduledChannelReplacesSections(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t, WithoutDelays())
	chanCreateSchedule(t, h, chanSchedule)
	get := func() map[string]any {
		t.Helper()
		r := h.do("GET", jobLive+"/scheduledChannels/ch1", nil)
		expect(t, r, 200, "OK")
		return jobObj(t, jobPayload(t, r))
	}
	before := get()

	// Only programs: the fallback stays.
	expect(t, h.do("PATCH", jobLive+"/scheduledChannels/ch1",
		`{"programs":[{"name":"special","scheduled":"2026-11-27T20:00:00Z","items":[{"url":"file://s.mp4","start":5000,"duration":3600000}]}]}`), 201, "Created")
	after := get()
	if !reflect.DeepEqual(after["fallbackProgram"], before["fallbackProgram"]) || !reflect.DeepEqual(after["stream"], before["stream"]) {
		t.Errorf("fallback or stream changed: %v", after)
	}
	progs := after["programs"].([]any)
	if len(progs) != 1 || jobObj(t, progs[0])["name"] != "special" {
		t.Errorf("programs %v", progs)
	}
	jobMembers(t, "currentProgram", jobObj(t, after["currentProgram"]), map[string]any{"state": "offair", "name": nil})

	// Only the fallback, removed with null; the programs stay. Programs that ended by the time of
	// the patch are dropped (the clone goes through OME's JSON form).
	expect(t, h.do("PATCH", jobLive+"/scheduledChannels/ch1",
		`{"programs":[{"name":"a","scheduled":"2026-11-26T09:00:00+09:00"},{"name":"b","scheduled":"2026-11-26T10:00:00+09:00"}]}`), 201, "Created")
	clock.set(time.Date(2026, 11, 26, 11, 0, 0, 0, jobTestZone))
	expect(t, h.do("PATCH", jobLive+"/scheduledChannels/ch1", `{"fallbackProgram":{"items":[]}}`), 201, "Created")
	after = get()
	progs = after["programs"].([]any)
	if len(progs) != 1 || jobObj(t, progs[0])["name"] != "b" {
		t.Errorf("programs after the clock passed a: %v", progs)
	}
	fb := jobObj(t, after["fallbackProgram"])
	if v, ok := fb["items"]; fb["name"] != "fallback" || !ok || v != nil {
		t.Errorf("fallback %v, want the fallback with items null", fb)
	}
}

func TestDeleteScheduledChannel(t *testing.T) {
	t.Parallel()
	const path = jobLive + "/scheduledChannels/ch1"
	setup := func(t *testing.T, h *harness) {
		chanCreateSchedule(t, h, chanSchedule)
		jobPublish(t, h, "live", "cam")
		chanSeedScheduled(t, h, "bare", "seeded")
	}
	runJobCases(t, []jobCase{
		{"deleted", "DELETE", path, nil, 200, "OK"},
		{"unknown vhost", "DELETE", "/v1/vhosts/nope/apps/live/scheduledChannels/ch1", nil, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "DELETE", "/v1/vhosts/vh/apps/nope/scheduledChannels/ch1", nil, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"unknown stream", "DELETE", jobLive + "/scheduledChannels/none", nil, 404, "[HTTP] Could not find the stream: [vh/#vh#live/none] (404)"},
		{"not a scheduled stream", "DELETE", jobLive + "/scheduledChannels/cam", nil, 400, "[HTTP] Stream is not a scheduled stream (400)"},
		{"provider disabled", "DELETE", jobBare + "/scheduledChannels/seeded", nil, 403, "Forbidden"},
	}, setup, WithoutDelays())

	h, _ := newJobHarness(t, WithoutDelays())
	setup(t, h)
	expect(t, h.do("DELETE", path, nil), 200, "OK")
	expect(t, h.do("GET", path, nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/ch1] (404)")
	var env struct{ Response []string }
	h.do("GET", jobLive+"/scheduledChannels", nil).JSON(t, &env)
	if len(env.Response) != 0 {
		t.Errorf("channels after delete: %v", env.Response)
	}
	chanCreateSchedule(t, h, `{"stream":{"name":"ch1"}}`) // the name is free again
}

// chanMux is a multiplex definition with two sources, repeated source track names, options and
// a playlist without renditions (which OME drops).
const chanMux = `{
	"outputStream": {"name": "mux1"},
	"sourceStreams": [
		{"name": "input1", "url": "stream://vh/live/in1", "trackMap": [
			{"sourceTrackName": "bypass_video", "newTrackName": "v1", "bitrateConf": 5000000, "framerateConf": 30},
			{"sourceTrackName": "bypass_audio", "newTrackName": "a1", "bitrateConf": 128000},
			{"sourceTrackName": "bypass_audio", "newTrackName": "a1_kor", "audioIndex": 1, "language": "kor", "publicName": "Korean", "characteristics": ""}
		]},
		{"name": "input2", "url": "stream://vh/live/in2", "trackMap": []}
	],
	"playlists": [
		{"name": "ABR", "fileName": "abr", "options": {"webrtcAutoAbr": true, "hlsChunklistPathDepth": 0, "enableTsPackaging": false},
		 "renditions": [{"name": "r1", "video": "v1", "audio": "a1", "videoIndexHint": 0}, {"name": "r2", "audio": "a1_kor"}]},
		{"name": "Plain", "fileName": "plain", "options": {"hlsChunklistPathDepth": -1}, "renditions": []},
		{"name": "Dropped", "fileName": "dropped"}
	]
}`

func TestCreateMultiplexChannelChecks(t *testing.T) {
	t.Parallel()
	const path = jobLive + "/multiplexChannels"
	ok := `{"outputStream":{"name":"m"},"sourceStreams":[]}`
	src := func(s string) string { return `{"outputStream":{"name":"m"},"sourceStreams":[` + s + `]}` }
	track := func(s string) string {
		return src(`{"name":"i","url":"stream://vh/live/i","trackMap":[` + s + `]}`)
	}
	pl := func(s string) string {
		return `{"outputStream":{"name":"m"},"sourceStreams":[{"name":"i","url":"stream://vh/live/i","trackMap":[{"sourceTrackName":"v","newTrackName":"nv"}]}],"playlists":[` + s + `]}`
	}
	runJobCases(t, []jobCase{
		{"created", "", path, ok, 201, "Created"},
		{"full definition", "", path, chanMux, 201, "Created"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live/multiplexChannels", ok, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope/multiplexChannels", ok, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"provider disabled", "", jobBare + "/multiplexChannels", ok, 403, "Forbidden"},
		{"no body", "", path, "", 400, "[HTTP] Invalid request body (400)"},
		{"no outputStream", "", path, `{"sourceStreams":[]}`, 400, "[HTTP] Failed to find outputStream object (400)"},
		{"no output name", "", path, `{"outputStream":{},"sourceStreams":[]}`, 400, "[HTTP] Failed to find outputStream/name object (400)"},
		{"no sourceStreams", "", path, `{"outputStream":{"name":"m"}}`, 400, "[HTTP] Failed to find sourceStreams object (400)"},
		{"no source name", "", path, src(`{"url":"stream://vh/live/i","trackMap":[]}`), 400, "[HTTP] Failed to find sourceStreams/name object (400)"},
		{"no source url", "", path, src(`{"name":"i","trackMap":[]}`), 400, "[HTTP] Failed to find sourceStreams/url object (400)"},
		{"bad source url", "", path, src(`{"name":"i","url":"input1","trackMap":[]}`), 400, "[HTTP] Failed to parse url: input1 (400)"},
		{"no trackMap", "", path, src(`{"name":"i","url":"stream://vh/live/i"}`), 400, "[HTTP] Failed to find sourceStreams/trackMap object (400)"},
		{"no sourceTrackName", "", path, track(`{"newTrackName":"n"}`), 400, "[HTTP] Failed to find sourceStreams/trackMap/sourceTrackName object (400)"},
		{"no newTrackName", "", path, track(`{"sourceTrackName":"s"}`), 400, "[HTTP] Failed to find sourceStreams/trackMap/newTrackName object (400)"},
		{"audioIndex not an integer", "", path, track(`{"sourceTrackName":"s","newTrackName":"n","audioIndex":1.5}`), 400, "[HTTP] Invalid sourceStreams/trackMap/audioIndex: must be an integer (400)"},
		{"audioIndex a string", "", path, track(`{"sourceTrackName":"s","newTrackName":"n","audioIndex":"1"}`), 400, "[HTTP] Invalid sourceStreams/trackMap/audioIndex: must be an integer (400)"},
		{"audioIndex below -1", "", path, track(`{"sourceTrackName":"s","newTrackName":"n","audioIndex":-2}`), 400, "[HTTP] Invalid sourceStreams/trackMap/audioIndex: must be -1 or greater (400)"},
		{"bitrate a string", "", path, track(`{"sourceTrackName":"s","newTrackName":"n","bitrateConf":"fast"}`), 500, "Value is not convertible to Int."},
		{"no playlist name", "", path, pl(`{"fileName":"f"}`), 400, "[HTTP] Failed to find playlists/name object (400)"},
		{"no playlist fileName", "", path, pl(`{"name":"p"}`), 400, "[HTTP] Failed to find playlists/fileName object (400)"},
		{"no rendition name", "", path, pl(`{"name":"p","fileName":"f","renditions":[{"video":"nv"}]}`), 400, "[HTTP] Failed to find playlists/renditions/name object (400)"},
		{"unknown video variant", "", path, pl(`{"name":"p","fileName":"f","renditions":[{"name":"r","video":"x3"}]}`), 400, "[HTTP] Failed to find video variant name x3 in SourceStream/TrackMap object (400)"},
		{"unknown audio variant", "", path, pl(`{"name":"p","fileName":"f","renditions":[{"name":"r","video":"nv","audio":"a3"}]}`), 400, "[HTTP] Failed to find audio variant name a3 in SourceStream/TrackMap object (400)"},
		{"name an object", "", path, `{"outputStream":{"name":{}},"sourceStreams":[]}`, 500, "Type is not convertible to string"},
		{"outputStream a string", "", path, `{"outputStream":"m","sourceStreams":[]}`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
		{"name taken by an input stream", "", path, `{"outputStream":{"name":"cam"},"sourceStreams":[]}`, 409, "[HTTP] Stream 'cam' already exists (409)"},
	}, func(t *testing.T, h *harness) { jobPublish(t, h, "live", "cam") }, WithoutDelays())
}

func TestMultiplexChannelLifecycle(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	const path = jobLive + "/multiplexChannels"
	expect(t, h.do("POST", path, chanMux), 201, "Created")
	expect(t, h.do("POST", path, `{"outputStream":{"name":"empty","bypassTranscoder":false},"sourceStreams":[]}`), 201, "Created")
	// Without a stream of that name yet, creating it again rewrites the channel file.
	expect(t, h.do("POST", path, chanMux), 201, "Created")

	var names struct{ Response []string }
	r := h.do("GET", path, nil)
	expect(t, r, 200, "OK")
	r.JSON(t, &names)
	if !reflect.DeepEqual(names.Response, []string{"empty", "mux1"}) {
		t.Errorf("list %v, want [empty mux1]", names.Response)
	}

	r = h.do("GET", path+"/mux1", nil)
	expect(t, r, 200, "OK")
	got := jobObj(t, jobPayload(t, r))
	jobMembers(t, "mux1", got, map[string]any{
		"outputStream": map[string]any{"name": "mux1", "bypassTranscoder": true},
		"sourceStreams": []any{
			map[string]any{"name": "input1", "url": "stream://vh/live/in1", "trackMap": []any{
				map[string]any{"sourceTrackName": "bypass_audio", "newTrackName": "a1", "bitrateConf": 128000.0},
				map[string]any{"sourceTrackName": "bypass_audio", "newTrackName": "a1_kor", "audioIndex": 1.0, "language": "kor", "publicName": "Korean"},
				map[string]any{"sourceTrackName": "bypass_video", "newTrackName": "v1", "bitrateConf": 5000000.0, "framerateConf": 30.0},
			}},
			map[string]any{"name": "input2", "url": "stream://vh/live/in2", "trackMap": nil},
		},
		"playlists": []any{
			map[string]any{"name": "ABR", "fileName": "abr", "options": map[string]any{"webrtcAutoAbr": true, "hlsChunklistPathDepth": 0.0},
				"renditions": []any{map[string]any{"name": "r1", "video": "v1", "audio": "a1"}, map[string]any{"name": "r2", "audio": "a1_kor"}}},
			map[string]any{"name": "Plain", "fileName": "plain", "options": nil, "renditions": nil},
		},
		"state": "Pulling", "pullingMessage": "Multiplex Channel : #vh#live/mux1: Wait for stream in1",
	})
	if _, ok := jobObj(t, got["sourceStreams"].([]any)[1])["trackMap"]; !ok {
		t.Error("an empty trackMap is left out, want null")
	}

	jobPublish(t, h, "live", "in1")
	r = h.do("GET", path+"/mux1", nil)
	jobMembers(t, "mux1", jobObj(t, jobPayload(t, r)), map[string]any{"state": "Pulling", "pullingMessage": "Multiplex Channel : #vh#live/mux1: Wait for stream in2"})
	jobPublish(t, h, "live", "in2")
	r = h.do("GET", path+"/mux1", nil)
	jobMembers(t, "mux1", jobObj(t, jobPayload(t, r)), map[string]any{"state": "Playing", "pullingMessage": nil})

	r = h.do("GET", path+"/empty", nil)
	expect(t, r, 200, "OK")
	got = jobObj(t, jobPayload(t, r))
	jobMembers(t, "empty", got, map[string]any{"outputStream": map[string]any{"name": "empty", "bypassTranscoder": false},
		"state": "Playing", "playlists": nil})
	if v, ok := got["sourceStreams"]; !ok || v != nil {
		t.Errorf("sourceStreams %v (present %v), want null", v, ok)
	}

	// The channel's input stream exists once its sources are there (a relay stream when
	// bypassTranscoder is true); a channel without sources never has one.
	_ = h.s.st.view(func() error {
		a := h.s.st.vhosts["vh"].apps["live"]
		if s := a.streams["mux1"]; s == nil || s.sourceType != wire.StreamSourceTypeMultiplex || !s.relay {
			t.Errorf("mux1 stream: %+v", s)
		}
		if s := a.streams["empty"]; s != nil {
			t.Errorf("empty stream: %+v", s)
		}
		return nil
	})
	expect(t, h.do("POST", path, chanMux), 409, "[HTTP] Stream 'mux1' already exists (409)")

	expect(t, h.do("DELETE", path+"/mux1", nil), 200, "OK")
	expect(t, h.do("GET", path+"/mux1", nil), 404, "[HTTP] Could not get the multiplex stream <mux1> (404)")
	expect(t, h.do("GET", jobLive+"/streams/mux1", nil), 404, "[HTTP] Could not find the stream: [vh/#vh#live/mux1] (404)")
	expect(t, h.do("POST", path, chanMux), 201, "Created") // the name is free again
}

func TestMultiplexChannelErrors(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t, WithoutDelays())
	expect(t, h.do("POST", jobLive+"/multiplexChannels", `{"outputStream":{"name":"m"},"sourceStreams":[]}`), 201, "Created")
	jobPublish(t, h, "live", "cam")
	tests := []struct {
		method, path string
		status       int
		msg          string
	}{
		{"GET", "/v1/vhosts/nope/apps/live/multiplexChannels", 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"GET", "/v1/vhosts/vh/apps/nope/multiplexChannels", 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"GET", jobBare + "/multiplexChannels", 404, "[HTTP] Could not get the multiplex application (404)"},
		{"GET", "/v1/vhosts/nope/apps/live/multiplexChannels/m", 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"GET", "/v1/vhosts/vh/apps/nope/multiplexChannels/m", 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"GET", jobBare + "/multiplexChannels/m", 404, "[HTTP] Could not get the multiplex application (404)"},
		{"GET", jobLive + "/multiplexChannels/cam", 404, "[HTTP] Could not get the multiplex stream <cam> (404)"},
		{"DELETE", "/v1/vhosts/nope/apps/live/multiplexChannels/m", 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"DELETE", "/v1/vhosts/vh/apps/nope/multiplexChannels/m", 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"DELETE", jobBare + "/multiplexChannels/m", 404, "[HTTP] Could not get the multiplex application (404)"},
		{"DELETE", jobLive + "/multiplexChannels/cam", 404, "[HTTP] Could not get the multiplex stream <cam> (404)"},
		{"PATCH", jobLive + "/multiplexChannels/m", 404, "[HTTP] Controller not found (404)"},
	}
	for _, tt := range tests {
		r := h.do(tt.method, tt.path, nil)
		if r.Status != tt.status || r.Message() != tt.msg {
			t.Errorf("%s %s: %d %q, want %d %q", tt.method, tt.path, r.Status, r.Message(), tt.status, tt.msg)
		}
	}
	// The input stream that is not a channel is untouched by the failed delete.
	expect(t, h.do("GET", jobLive+"/streams/cam", nil), 200, "OK")
}

func TestChannelStreamNameCheck(t *testing.T) {
	t.Parallel()
	// OME's "Invalid stream name" is for an empty path segment, which the router cannot
	// deliver (…/multiplexChannels/ has no route); the check itself is exercised here.
	h, _ := newJobHarness(t, WithoutDelays())
	hs := &handlers{s: h.s}
	if _, err := hs.GetMultiplexChannel(t.Context(), call{Vhost: "vh", App: "live", Stream: ""}); err == nil || err.Error() != "[HTTP] Invalid stream name (400)" {
		t.Errorf("GET with an empty name: %v", err)
	}
	if _, err := hs.DeleteMultiplexChannel(t.Context(), call{Vhost: "vh", App: "bare", Stream: ""}); err == nil || err.Error() != "[HTTP] Invalid stream name (400)" {
		t.Errorf("DELETE with an empty name: %v", err)
	}
}

// The spec is stricter than OME about member types, so these readings of OME's parsers (which
// the validator keeps from the handlers) are checked on the parsers themselves.
func TestChannelParsersFollowJsoncpp(t *testing.T) {
	t.Parallel()
	decode := func(s string) any {
		v, err := decodeJSON([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := jobTestStart
	sc, e := parseSchedule(decode(`{"stream":{"name":"c","audioMap":[{"name":5,"language":true}],"videoTrack":"no","errorToleranceDurationMs":2.9},
		"programs":[{"scheduled":"2020-01-01T00:00:00Z","items":[{"url":"http://not-read"}]},{"name":3,"scheduled":"2021-01-01T00:00:00Z","repeat":1,"items":[{"url":"file://a","start":true,"forwardData":1}]}]}`), now)
	if e != nil {
		t.Fatalf("parseSchedule: %v", e)
	}
	if len(sc.programs) != 1 || sc.programs[0].name != "" || !sc.programs[0].repeat || sc.programs[0].items[0].start != 1 || sc.programs[0].items[0].forwardData {
		t.Errorf("programs %+v", sc.programs[0])
	}
	if !reflect.DeepEqual(sc.audioMap, []scheduleAudio{{name: "5", language: "true"}}) || !sc.videoTrack || sc.errorToleranceMs != 2 {
		t.Errorf("stream %+v", sc)
	}
	if _, e := parseSchedule(decode(`{"stream":{"name":"c"},"programs":[{"scheduled":"2026-11-26T00:00:00Z","items":[{"url":"file://a","duration":1e10}]}]}`), now); e == nil || e.message() != "double out of Int range" {
		t.Errorf("huge duration: %v", e)
	}

	mc, e := parseMultiplex(decode(`{"outputStream":{"name":7,"bypassTranscoder":0},"sourceStreams":[{"name":1.5,"url":"stream://vh/live/a","trackMap":[{"sourceTrackName":true,"newTrackName":"n","audioIndex":2.0}]}]}`))
	if e != nil {
		t.Fatalf("parseMultiplex: %v", e)
	}
	if mc.name != "7" || mc.bypassTranscoder || mc.sources[0].name != "1.5" || mc.sources[0].tracks[0].sourceTrackName != "true" || mc.sources[0].tracks[0].audioIndex != 2 {
		t.Errorf("multiplex %+v", mc)
	}
	if _, e := parseMultiplex(decode(`{"outputStream":{"name":"m"},"sourceStreams":[{"name":"a","url":"stream://vh/live/a","trackMap":[{"sourceTrackName":"s","newTrackName":"n","framerateConf":[]}]}]}`)); e == nil || e.message() != "Value is not convertible to Int." {
		t.Errorf("array framerate: %v", e)
	}
}
