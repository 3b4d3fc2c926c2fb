package mockserver

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"
)

// jobTestXML has one vhost "vh" (read-only, like every Server.xml vhost, which the job and
// channel APIs do not care about) with:
//   - "live": Push and FILE publishers, Schedule and Multiplex providers, and two output
//     profiles (<stream> and <stream>_720p);
//   - "bare": none of those;
//   - "legacy": only the deprecated RTMPPush publisher.
const jobTestXML = `<?xml version="1.0" encoding="UTF-8"?>
<Server version="8">
	<Name>jobs</Name><Type>origin</Type><IP>*</IP>
	<Bind><Managers><API><Port>8081</Port></API></Managers></Bind>
	<Managers><API><AccessToken>job-token</AccessToken></API></Managers>
	<VirtualHosts><VirtualHost>
		<Name>vh</Name>
		<Host><Names><Name>*</Name></Names></Host>
		<Applications>
			<Application>
				<Name>live</Name><Type>live</Type>
				<OutputProfiles>
					<OutputProfile>
						<Name>source</Name><OutputStreamName>${OriginStreamName}</OutputStreamName>
						<Encodes><Video><Name>bypass_video</Name><Bypass>true</Bypass></Video><Audio><Name>bypass_audio</Name><Bypass>true</Bypass></Audio></Encodes>
					</OutputProfile>
					<OutputProfile>
						<Name>hd</Name><OutputStreamName>${OriginStreamName}_720p</OutputStreamName>
						<Encodes><Video><Name>h264_720p</Name><Codec>h264</Codec><Width>1280</Width><Height>720</Height><Bitrate>2000000</Bitrate></Video></Encodes>
					</OutputProfile>
				</OutputProfiles>
				<Providers>
					<RTMP />
					<Schedule><MediaRootDir>/media</MediaRootDir><ScheduleFilesDir>/schedules</ScheduleFilesDir></Schedule>
					<Multiplex><MuxFilesDir>/mux</MuxFilesDir></Multiplex>
				</Providers>
				<Publishers>
					<Push />
					<FILE><FilePath>/rec/${Stream}.ts</FilePath><InfoPath>/rec/${Stream}.xml</InfoPath></FILE>
				</Publishers>
			</Application>
			<Application>
				<Name>bare</Name><Type>live</Type>
				<Providers><RTMP /></Providers>
				<Publishers><OVT /></Publishers>
			</Application>
			<Application>
				<Name>legacy</Name><Type>live</Type>
				<Providers><RTMP /></Providers>
				<Publishers><RTMPPush /></Publishers>
			</Application>
		</Applications>
	</VirtualHost></VirtualHosts>
</Server>`

var jobTestZone = time.FixedZone("KST", 9*3600)

// jobTestStart is the mock's clock when a job test starts.
var jobTestStart = time.Date(2026, 11, 26, 9, 30, 12, 345_000_000, jobTestZone)

// jobClock is a settable clock for WithClock.
type jobClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *jobClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *jobClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *jobClock) add(d time.Duration) { c.set(c.now().Add(d)) }

func newJobHarness(t *testing.T, opts ...Option) (*harness, *jobClock) {
	t.Helper()
	clock := &jobClock{t: jobTestStart}
	return newHarness(t, append([]Option{WithServerXML("jobs.xml", []byte(jobTestXML)), WithClock(clock.now)}, opts...)...), clock
}

// jobPublish publishes an input stream with default audio and video tracks.
func jobPublish(t *testing.T, h *harness, app, name string) {
	t.Helper()
	if err := h.s.PublishStream("vh", app, InputStream{Name: name}); err != nil {
		t.Fatalf("publish %s/%s: %v", app, name, err)
	}
}

func jobUnpublish(t *testing.T, h *harness, app, name string) {
	t.Helper()
	if err := h.s.UnpublishStream("vh", app, name); err != nil {
		t.Fatalf("unpublish %s/%s: %v", app, name, err)
	}
}

// jobPayload decodes the "response" member of an envelope.
func jobPayload(t *testing.T, r response) any {
	t.Helper()
	var env struct {
		Response any `json:"response"`
	}
	r.JSON(t, &env)
	return env.Response
}

// jobObj returns v as an object, failing the test otherwise.
func jobObj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is not an object", v)
	}
	return m
}

// jobMembers compares the members of got named in want (want's nil means "absent").
func jobMembers(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g, present := got[k]
		if w == nil {
			if present {
				t.Errorf("%s: %q is present (%v), want it left out", what, k, g)
			}
			continue
		}
		if !present {
			t.Errorf("%s: %q is missing, want %v", what, k, w)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %q = %#v, want %#v", what, k, g, w)
		}
	}
}

// jobIDs returns the ids of a job list.
func jobIDs(t *testing.T, list any) []string {
	t.Helper()
	ids := []string{}
	arr, ok := list.([]any)
	if !ok {
		t.Fatalf("%v is not a list", list)
	}
	for _, j := range arr {
		ids = append(ids, jobObj(t, j)["id"].(string))
	}
	return ids
}

type jobCase struct {
	name   string
	method string // default POST
	path   string
	body   any
	status int
	msg    string
}

func runJobCases(t *testing.T, cases []jobCase, setup func(*testing.T, *harness), opts ...Option) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newJobHarness(t, opts...)
			if setup != nil {
				setup(t, h)
			}
			method := tc.method
			if method == "" {
				method = "POST"
			}
			expect(t, h.do(method, tc.path, tc.body), tc.status, tc.msg)
		})
	}
}

const (
	jobLive   = "/v1/vhosts/vh/apps/live"
	jobBare   = "/v1/vhosts/vh/apps/bare"
	jobLegacy = "/v1/vhosts/vh/apps/legacy"
)

func TestStartPushChecks(t *testing.T) {
	t.Parallel()
	ok := `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://host/app"}`
	runJobCases(t, []jobCase{
		{"created", "", jobLive + ":startPush", ok, 200, "OK"},
		{"legacy RTMPPush publisher", "", jobLegacy + ":startPush", ok, 200, "OK"},
		{"srt caller", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"srt","url":"srt://h:9999?mode=caller&latency=1"}`, 200, "OK"},
		{"srt without mode", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"SRT","url":"srt://h:9999"}`, 200, "OK"},
		{"mpegts udp", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"mpegts","url":"udp://239.0.0.1:5000"}`, 200, "OK"},
		{"mpegts tcp", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"mpegts","url":"tcp://h:5000"}`, 200, "OK"},
		{"rtmps", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmps://h/app"}`, 200, "OK"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live:startPush", ok, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope:startPush", ok, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"unknown protocol", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtsp","url":"rtmp://h/a"}`, 400, "[HTTP] Could not find protocol 'rtsp': [vh/live] (400)"},
		{"protocol before publisher", "", jobBare + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"webrtc","url":"rtmp://h/a"}`, 400, "[HTTP] Could not find protocol 'webrtc': [vh/bare] (400)"},
		{"missing protocol", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"url":"rtmp://h/a"}`, 400, "[HTTP] Could not find protocol '': [vh/live] (400)"},
		{"no body", "", jobLive + ":startPush", "", 400, "[HTTP] Could not find protocol '': [vh/live] (400)"},
		{"no push publisher", "", jobBare + ":startPush", ok, 404, "[HTTP] Could not find application: [vh/bare] (404)"},
		{"all required missing", "", jobLive + ":startPush", `{"protocol":"rtmp"}`, 400, "[HTTP] There is no required parameter [ id stream.name url] (400)"},
		{"stream name missing", "", jobLive + ":startPush", `{"id":"p","stream":{},"protocol":"rtmp","url":"rtmp://h/a"}`, 400, "[HTTP] There is no required parameter [ stream.name] (400)"},
		{"empty id and url", "", jobLive + ":startPush", `{"id":"","stream":{"name":"s"},"protocol":"rtmp","url":" / "}`, 400, "[HTTP] There is no required parameter [ id url] (400)"},
		{"url without host", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://"}`, 400, "[HTTP] Could not parse url (400)"},
		{"url with bad port", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h:port/a"}`, 400, "[HTTP] Could not parse url (400)"},
		{"scheme does not fit", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"srt","url":"rtmp://h/a"}`, 400, "[HTTP] Unsupported protocol (400)"},
		{"scheme case", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"RTMP://h/a"}`, 400, "[HTTP] Unsupported protocol (400)"},
		{"mpegts rtmp url", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"mpegts","url":"rtmp://h/a"}`, 400, "[HTTP] Unsupported protocol (400)"},
		{"srt listener", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"srt","url":"srt://h:9999?mode=listener"}`, 400, "[HTTP] Unsupported connection mode (400)"},
		{"tcp listen", "", jobLive + ":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"mpegts","url":"tcp://h:5000?mode=listen"}`, 400, "[HTTP] Unsupported tcp listen (400)"},
		{"array body", "", jobLive + ":startPush", `[]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
		{"malformed JSON", "", jobLive + ":startPush", `{"id":`, 400, ""},
	}, nil)
}

func TestStartPushDuplicateID(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	body := `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`
	expect(t, h.do("POST", jobLive+":startPush", body), 200, "OK")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"p","stream":{"name":"other"},"protocol":"srt","url":"srt://h:1"}`), 400, "[HTTP] Duplicate ID (400)")
	// Ids are per application.
	expect(t, h.do("POST", jobLegacy+":startPush", body), 200, "OK")
}

func TestStartPushAnswer(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	r := h.do("POST", jobLive+":startPush",
		`{"id":"yt","stream":{"name":"s","tracks":[0,1],"variantNames":["h264_720p"]},"protocol":" RTMP ","url":" rtmp://a.example/live2// ","streamKey":" key "}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "push", jobObj(t, jobPayload(t, r)), map[string]any{
		"id": "yt", "vhost": "vh", "app": "live", "state": "ready", "protocol": "rtmp",
		"url": "rtmp://a.example/live2", "streamKey": "key", "isConfig": false,
		"stream":    map[string]any{"name": "s", "trackIds": []any{0.0, 1.0}, "variantNames": []any{"h264_720p"}},
		"sentBytes": 0.0, "sentTime": 0.0, "totalsentBytes": 0.0, "totalsentTime": 0.0, "sequence": 0.0,
		"createdTime": "2026-11-26T09:30:12.345+09:00",
		"startTime":   "1970-01-01T09:00:00.000+09:00", "finishTime": "1970-01-01T09:00:00.000+09:00",
	})

	// streamKey is left out when empty; trackIds wins over the deprecated tracks.
	r = h.do("POST", jobLive+":startPush", `{"id":"b","stream":{"name":"s","trackIds":[2],"tracks":[5]},"protocol":"srt","url":"srt://h:1","streamKey":""}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "push", jobObj(t, jobPayload(t, r)), map[string]any{
		"streamKey": nil,
		"stream":    map[string]any{"name": "s", "trackIds": []any{2.0}, "variantNames": []any{}},
	})
}

func TestJobTimesInUTC(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := newHarness(t, WithServerXML("jobs.xml", []byte(jobTestXML)), WithClock(func() time.Time { return at }))
	r := h.do("POST", jobLive+":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "push", jobObj(t, jobPayload(t, r)), map[string]any{
		"createdTime": "2026-01-02T03:04:05.000+00:00",
		"startTime":   "1970-01-01T00:00:00.000+00:00",
	})
}

// The application is created at jobTestStart (…:12.345), so the push control passes fall at
// …:13.345, …:14.345 and so on.
func TestPushStateFollowsOutputStream(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	for _, p := range []struct{ id, stream string }{{"c", "cam"}, {"a", "cam_720p"}, {"b", "other"}} {
		r := h.do("POST", jobLive+":startPush", `{"id":"`+p.id+`","stream":{"name":"`+p.stream+`"},"protocol":"rtmp","url":"rtmp://h/a"}`)
		jobMembers(t, p.id, jobObj(t, jobPayload(t, r)), map[string]any{"state": "ready", "sequence": 0.0, "startTime": "1970-01-01T09:00:00.000+09:00"})
	}
	states := func() map[string]map[string]any {
		t.Helper()
		r := h.do("POST", jobLive+":pushes", nil)
		expect(t, r, 200, "OK")
		out := map[string]map[string]any{}
		for _, j := range jobPayload(t, r).([]any) {
			m := jobObj(t, j)
			out[m["id"].(string)] = m
		}
		return out
	}
	at := func(sec, ms int) time.Time {
		return jobTestStart.Add(time.Duration(sec)*time.Second + time.Duration(ms-345)*time.Millisecond - 12*time.Second)
	}
	stamp := func(sec, ms int) string { return at(sec, ms).Format("2006-01-02T15:04:05.000-07:00") }

	clock.set(at(14, 345))
	jobPublish(t, h, "live", "cam")
	clock.set(at(14, 845))
	for id, j := range states() {
		jobMembers(t, id, j, map[string]any{"state": "ready", "sequence": 0.0})
	}
	// The next pass starts the pushes whose output stream is there.
	clock.set(at(15, 345))
	got := states()
	for _, id := range []string{"a", "c"} {
		jobMembers(t, id, got[id], map[string]any{"state": "pushing", "sequence": 0.0, "sentTime": 0.0,
			"startTime": stamp(15, 345), "finishTime": "1970-01-01T09:00:00.000+09:00"})
	}
	jobMembers(t, "b", got["b"], map[string]any{"state": "ready", "sequence": 0.0})

	// A job created while its stream is up waits for the next pass too.
	r := h.do("POST", jobLive+":startPush", `{"id":"d","stream":{"name":"cam"},"protocol":"rtmp","url":"rtmp://h/a"}`)
	jobMembers(t, "d", jobObj(t, jobPayload(t, r)), map[string]any{"state": "ready", "sequence": 0.0})
	clock.set(at(16, 345))
	jobMembers(t, "d", states()["d"], map[string]any{"state": "pushing", "startTime": stamp(16, 345)})

	// The stream goes: the session ends with it (startTime is set again, the sequence counts
	// it), and the next pass finds no stream.
	clock.set(at(16, 845))
	c := states()["c"]
	jobMembers(t, "c", c, map[string]any{"state": "pushing", "sentTime": 1500.0, "totalsentTime": 1500.0})
	if c["sentBytes"].(float64) <= 0 {
		t.Errorf("c: sentBytes %v after 1.5 s of pushing", c["sentBytes"])
	}
	jobUnpublish(t, h, "live", "cam")
	jobMembers(t, "c", states()["c"], map[string]any{"state": "stopped", "sequence": 1.0, "sentTime": 0.0, "sentBytes": 0.0,
		"totalsentTime": 1500.0, "startTime": stamp(16, 845), "finishTime": "1970-01-01T09:00:00.000+09:00"})
	clock.set(at(17, 345))
	jobMembers(t, "c", states()["c"], map[string]any{"state": "ready", "sequence": 1.0, "startTime": stamp(16, 845)})

	// Publishing again starts a second session on the next pass.
	clock.set(at(17, 500))
	jobPublish(t, h, "live", "cam")
	clock.set(at(19, 345))
	jobMembers(t, "c", states()["c"], map[string]any{"state": "pushing", "sequence": 1.0, "startTime": stamp(18, 345),
		"sentTime": 1000.0, "totalsentTime": 2500.0})
}

// A push whose destination refuses the connection is in state "error", and each pass tries again.
func TestPushToUnreachableTarget(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	jobPublish(t, h, "live", "cam")
	h.s.MarkUnreachable("rtmp://h/a/key")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"p","stream":{"name":"cam"},"protocol":"rtmp","url":"rtmp://h/a","streamKey":"key"}`), 200, "OK")
	clock.add(1500 * time.Millisecond) // past the pass at …:13.345
	list := jobPayload(t, h.do("POST", jobLive+":pushes", nil)).([]any)
	jobMembers(t, "p", jobObj(t, list[0]), map[string]any{"state": "error", "sequence": 0.0, "sentTime": 0.0, "startTime": "2026-11-26T09:30:13.345+09:00"})
	// Every pass stops the failed session (counted) and tries again.
	clock.add(2 * time.Second)
	list = jobPayload(t, h.do("POST", jobLive+":pushes", nil)).([]any)
	jobMembers(t, "p", jobObj(t, list[0]), map[string]any{"state": "error", "sequence": 2.0, "startTime": "2026-11-26T09:30:15.345+09:00"})
	h.s.MarkReachable("rtmp://h/a/key")
	clock.add(time.Second)
	list = jobPayload(t, h.do("POST", jobLive+":pushes", nil)).([]any)
	jobMembers(t, "p", jobObj(t, list[0]), map[string]any{"state": "pushing", "sequence": 3.0, "startTime": "2026-11-26T09:30:16.345+09:00"})
}

// WithoutDelays: pushes start and go in the call.
func TestPushWithoutDelays(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithServerXML("jobs.xml", []byte(jobTestXML)), WithoutDelays())
	jobPublish(t, h, "live", "cam")
	body := `{"id":"p","stream":{"name":"cam"},"protocol":"rtmp","url":"rtmp://h/a"}`
	jobMembers(t, "p", jobObj(t, jobPayload(t, h.do("POST", jobLive+":startPush", body))), map[string]any{"state": "ready"})
	list := jobPayload(t, h.do("POST", jobLive+":pushes", nil)).([]any)
	jobMembers(t, "p", jobObj(t, list[0]), map[string]any{"state": "pushing"})
	expect(t, h.do("POST", jobLive+":stopPush", `{"id":"p"}`), 200, "OK")
	if ids := jobIDs(t, jobPayload(t, h.do("POST", jobLive+":pushes", nil))); len(ids) != 0 {
		t.Errorf("pushes after stop: %v", ids)
	}
	expect(t, h.do("POST", jobLive+":startPush", body), 200, "OK")
}

func TestPushOfRelayStream(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t, WithoutDelays())
	// A relay stream (here a multiplex channel, which bypasses the transcoder by default) is its
	// own only output: the profiles do not apply.
	jobPublish(t, h, "live", "cam")
	expect(t, h.do("POST", jobLive+"/multiplexChannels", `{"outputStream":{"name":"mux"},"sourceStreams":[{"name":"c","url":"stream://vh/live/cam","trackMap":[{"sourceTrackName":"bypass_video","newTrackName":"v"}]}]}`), 201, "Created")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"a","stream":{"name":"mux"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"b","stream":{"name":"mux_720p"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	clock.add(time.Second)
	r := h.do("GET", jobLive+":pushes", nil)
	expect(t, r, 200, "OK")
	list := jobPayload(t, r).([]any)
	jobMembers(t, "a", jobObj(t, list[0]), map[string]any{"id": "a", "state": "pushing"})
	jobMembers(t, "b", jobObj(t, list[1]), map[string]any{"id": "b", "state": "ready"})
}

func TestStopPush(t *testing.T) {
	t.Parallel()
	started := func(t *testing.T, h *harness) {
		expect(t, h.do("POST", jobLive+":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	}
	runJobCases(t, []jobCase{
		{"stopped", "", jobLive + ":stopPush", `{"id":"p"}`, 200, "OK"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live:stopPush", `{"id":"p"}`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope:stopPush", `{"id":"p"}`, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"missing id", "", jobLive + ":stopPush", `{}`, 400, "[HTTP] There is no required parameter [ id] (400)"},
		{"empty id", "", jobLive + ":stopPush", `{"id":""}`, 400, "[HTTP] There is no required parameter [ id] (400)"},
		{"unknown id", "", jobLive + ":stopPush", `{"id":"q"}`, 404, "[HTTP] Could not find id 'q': [vh/live] (404)"},
		{"no push publisher", "", jobBare + ":stopPush", `{"id":"p"}`, 404, "[HTTP] Could not find id 'p': [vh/bare] (404)"},
		{"array body", "", jobLive + ":stopPush", `["p"]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
	}, started)
}

// stopPush only flags the job: it stays listed, its id taken, until the next control pass.
func TestStopPushRemovesJob(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	body := `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`
	expect(t, h.do("POST", jobLive+":startPush", body), 200, "OK")
	clock.add(200 * time.Millisecond)
	r := h.do("POST", jobLive+":stopPush", `{"id":"p"}`)
	expect(t, r, 200, "OK")
	if got := r.String(); got != `{"message":"OK","statusCode":200}`+"\n" && got != `{"message":"OK","statusCode":200}` {
		t.Errorf("stopPush body %s, want status only", got)
	}
	if ids := jobIDs(t, jobPayload(t, h.do("POST", jobLive+":pushes", nil))); !reflect.DeepEqual(ids, []string{"p"}) {
		t.Errorf("pushes right after stop: %v, want [p]", ids)
	}
	expect(t, h.do("POST", jobLive+":stopPush", `{"id":"p"}`), 200, "OK")
	expect(t, h.do("POST", jobLive+":startPush", body), 400, "[HTTP] Duplicate ID (400)")
	clock.add(time.Second)
	if ids := jobIDs(t, jobPayload(t, h.do("POST", jobLive+":pushes", nil))); len(ids) != 0 {
		t.Errorf("pushes after the next pass: %v", ids)
	}
	expect(t, h.do("POST", jobLive+":stopPush", `{"id":"p"}`), 404, "[HTTP] Could not find id 'p': [vh/live] (404)")
	expect(t, h.do("POST", jobLive+":startPush", body), 200, "OK") // the id is free again
}

func TestListPushes(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	for _, id := range []string{"m", "b", "x"} {
		expect(t, h.do("POST", jobLive+":startPush", `{"id":"`+id+`","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	}
	tests := []struct {
		name, method, path string
		body               any
		status             int
		msg                string
		ids                []string
	}{
		{"all, sorted by id", "POST", jobLive + ":pushes", nil, 200, "OK", []string{"b", "m", "x"}},
		{"empty filter", "POST", jobLive + ":pushes", `{}`, 200, "OK", []string{"b", "m", "x"}},
		{"one id", "POST", jobLive + ":pushes", `{"id":"m"}`, 200, "OK", []string{"m"}},
		{"unknown id", "POST", jobLive + ":pushes", `{"id":"zz"}`, 200, "OK", []string{}},
		{"deprecated GET", "GET", jobLive + ":pushes", nil, 200, "OK", []string{"b", "m", "x"}},
		{"no push publisher", "POST", jobBare + ":pushes", nil, 200, "OK", []string{}},
		{"no push publisher, GET", "GET", jobBare + ":pushes", nil, 200, "OK", []string{}},
		{"unknown vhost", "POST", "/v1/vhosts/nope/apps/live:pushes", nil, 404, "[HTTP] Could not find the virtual host: [nope] (404)", nil},
		{"unknown app, GET", "GET", "/v1/vhosts/vh/apps/nope:pushes", nil, 404, "[HTTP] Could not find the application: [vh/nope] (404)", nil},
		{"array body", "POST", jobLive + ":pushes", `[]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue", nil},
	}
	for _, tt := range tests {
		r := h.do(tt.method, tt.path, tt.body)
		if r.Status != tt.status || r.Message() != tt.msg {
			t.Errorf("%s: %d %q, want %d %q", tt.name, r.Status, r.Message(), tt.status, tt.msg)
			continue
		}
		if tt.ids != nil {
			if got := jobIDs(t, jobPayload(t, r)); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("%s: ids %v, want %v", tt.name, got, tt.ids)
			}
		}
	}
}

func TestStartRecordChecks(t *testing.T) {
	t.Parallel()
	ok := `{"id":"r","stream":{"name":"s"}}`
	runJobCases(t, []jobCase{
		{"created", "", jobLive + ":startRecord", ok, 200, "OK"},
		{"interval", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"interval":60000}`, 200, "OK"},
		{"schedule", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"0 */10 *"}`, 200, "OK"},
		{"schedule numbers", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"30 59 23"}`, 200, "OK"},
		{"interval 0 with schedule", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"interval":0,"schedule":"* * *"}`, 200, "OK"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live:startRecord", ok, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope:startRecord", ok, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"no FILE publisher", "", jobBare + ":startRecord", ok, 404, "[HTTP] Could not find application: [vh/bare] (404)"},
		{"legacy app has no FILE", "", jobLegacy + ":startRecord", ok, 404, "[HTTP] Could not find application: [vh/legacy] (404)"},
		{"all required missing", "", jobLive + ":startRecord", `{}`, 400, "[HTTP] There is no required parameter [ id stream.name] (400)"},
		{"no body", "", jobLive + ":startRecord", "", 400, "[HTTP] There is no required parameter [ id stream.name] (400)"},
		{"stream name missing", "", jobLive + ":startRecord", `{"id":"r","stream":{}}`, 400, "[HTTP] There is no required parameter [ stream.name] (400)"},
		{"id missing", "", jobLive + ":startRecord", `{"stream":{"name":"s"}}`, 400, "[HTTP] There is no required parameter [ id] (400)"},
		{"interval and schedule", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"interval":1000,"schedule":"0 0 *"}`, 400, "[HTTP] [Interval] and [Schedule] cannot be used at the same time (400)"},
		{"schedule with two fields", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"0 *"}`, 400, "[HTTP] Invalid [schedule] parameter (400)"},
		{"schedule hour 24", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"0 0 24"}`, 400, "[HTTP] Invalid [schedule] parameter (400)"},
		{"schedule second 60", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"60 0 0"}`, 400, "[HTTP] Invalid [schedule] parameter (400)"},
		{"schedule step 0", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"*/0 * *"}`, 400, "[HTTP] Invalid [schedule] parameter (400)"},
		{"schedule word", "", jobLive + ":startRecord", `{"id":"r","stream":{"name":"s"},"schedule":"every minute"}`, 400, "[HTTP] Invalid [schedule] parameter (400)"},
		{"array body", "", jobLive + ":startRecord", `[1]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
	}, nil)
}

func TestStartRecordDuplicateAndAnswer(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	r := h.do("POST", jobLive+":startRecord",
		`{"id":"rec","stream":{"name":"cam_720p","variantNames":["h264_720p"]},"interval":60000,"segmentationRule":"continuity","metadata":"match 42","filePath":"/x/${Stream}.mp4"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "record", jobObj(t, jobPayload(t, r)), map[string]any{
		"id": "rec", "vhost": "vh", "app": "live", "state": "ready", "isConfig": false,
		"stream":   map[string]any{"name": "cam_720p", "trackIds": []any{}, "variantNames": []any{"h264_720p"}},
		"interval": 60000.0, "segmentationRule": "continuity", "metadata": "match 42", "filePath": "/x/${Stream}.mp4",
		"createdTime": "2026-11-26T09:30:12.345+09:00",
		"infoPath":    nil, "schedule": nil, "startTime": nil, "finishTime": nil, "recordBytes": nil, "sequence": nil,
		"outputFilePath": nil,
	})
	expect(t, h.do("POST", jobLive+":startRecord", `{"id":"rec","stream":{"name":"x"}}`), 400, "[HTTP] Duplicate ID already exists (400)")

	// Defaults: discontinuity, no interval; a live output stream makes the job record.
	clock.add(time.Second)
	jobPublish(t, h, "live", "cam")
	clock.add(time.Second)
	r = h.do("POST", jobLive+":startRecord", `{"id":"now","stream":{"name":"cam"},"interval":0,"schedule":"0 0 *"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "record", jobObj(t, jobPayload(t, r)), map[string]any{
		"state": "recording", "segmentationRule": "discontinuity", "interval": nil, "schedule": "0 0 *",
		"startTime": "2026-11-26T09:30:14.345+09:00", "finishTime": nil,
	})
	// The reserved job on cam_720p started when cam was published.
	r = h.do("POST", jobLive+":records", `{"id":"rec"}`)
	expect(t, r, 200, "OK")
	list := jobPayload(t, r).([]any)
	if len(list) != 1 {
		t.Fatalf("records: %v", list)
	}
	// It started when cam was published (…:13.345) and has written data since the first key
	// frame, a second later.
	jobMembers(t, "rec", jobObj(t, list[0]), map[string]any{"state": "recording", "startTime": "2026-11-26T09:30:14.345+09:00"})
}

func TestStopRecord(t *testing.T) {
	t.Parallel()
	started := func(t *testing.T, h *harness) {
		expect(t, h.do("POST", jobLive+":startRecord", `{"id":"r","stream":{"name":"s"}}`), 200, "OK")
	}
	runJobCases(t, []jobCase{
		{"stopped", "", jobLive + ":stopRecord", `{"id":"r"}`, 200, "OK"},
		{"unknown vhost", "", "/v1/vhosts/nope/apps/live:stopRecord", `{"id":"r"}`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "", "/v1/vhosts/vh/apps/nope:stopRecord", `{"id":"r"}`, 404, "[HTTP] Could not find the application: [vh/nope] (404)"},
		{"no FILE publisher", "", jobBare + ":stopRecord", `{"id":"r"}`, 404, "[HTTP] Could not find application: [vh/bare] (404)"},
		{"missing id", "", jobLive + ":stopRecord", `{}`, 400, "[HTTP] There is no required parameter [ id] (400)"},
		{"unknown id", "", jobLive + ":stopRecord", `{"id":"zz"}`, 404, "[HTTP] There is no record information related to the ID [zz] (404)"},
		{"string body", "", jobLive + ":stopRecord", `"r"`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue"},
	}, started)
}

func TestStopRecordAnswersStoppingCopy(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	jobPublish(t, h, "live", "cam")
	clock.add(time.Second)
	expect(t, h.do("POST", jobLive+":startRecord", `{"id":"live","stream":{"name":"cam"},"metadata":"m"}`), 200, "OK")
	expect(t, h.do("POST", jobLive+":startRecord", `{"id":"waiting","stream":{"name":"nothing"}}`), 200, "OK")
	clock.add(time.Minute)

	r := h.do("POST", jobLive+":stopRecord", `{"id":"live"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "stopped", jobObj(t, jobPayload(t, r)), map[string]any{
		"id": "live", "state": "stopping", "metadata": "m", "isConfig": false, "vhost": "vh", "app": "live",
		// The start time is that of the first key frame, a second after the start.
		"createdTime": "2026-11-26T09:30:13.345+09:00", "startTime": "2026-11-26T09:30:14.345+09:00", "finishTime": nil,
	})
	r = h.do("POST", jobLive+":stopRecord", `{"id":"waiting"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "stopped reserved", jobObj(t, jobPayload(t, r)), map[string]any{"state": "stopping", "startTime": nil})

	if ids := jobIDs(t, jobPayload(t, h.do("GET", jobLive+":records", nil))); len(ids) != 0 {
		t.Errorf("records after stop: %v", ids)
	}
	expect(t, h.do("POST", jobLive+":stopRecord", `{"id":"live"}`), 404, "[HTTP] There is no record information related to the ID [live] (404)")
}

func TestListRecords(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	for _, id := range []string{"z", "a"} {
		expect(t, h.do("POST", jobLive+":startRecord", `{"id":"`+id+`","stream":{"name":"s"}}`), 200, "OK")
	}
	tests := []struct {
		name, method, path string
		body               any
		status             int
		msg                string
		ids                []string
	}{
		{"all, sorted", "POST", jobLive + ":records", nil, 200, "OK", []string{"a", "z"}},
		{"one", "POST", jobLive + ":records", `{"id":"z"}`, 200, "OK", []string{"z"}},
		{"unknown id", "POST", jobLive + ":records", `{"id":"q"}`, 200, "OK", []string{}},
		{"deprecated GET", "GET", jobLive + ":records", nil, 200, "OK", []string{"a", "z"}},
		{"no FILE publisher", "POST", jobBare + ":records", nil, 404, "[HTTP] Could not find application: [vh/bare] (404)", nil},
		{"no FILE publisher, GET", "GET", jobBare + ":records", nil, 404, "[HTTP] Could not find application: [vh/bare] (404)", nil},
		{"unknown vhost, GET", "GET", "/v1/vhosts/nope/apps/live:records", nil, 404, "[HTTP] Could not find the virtual host: [nope] (404)", nil},
		{"unknown app", "POST", "/v1/vhosts/vh/apps/nope:records", nil, 404, "[HTTP] Could not find the application: [vh/nope] (404)", nil},
		{"array body", "POST", jobLive + ":records", `[]`, 500, "in Json::Value::find(begin, end): requires objectValue or nullValue", nil},
	}
	for _, tt := range tests {
		r := h.do(tt.method, tt.path, tt.body)
		if r.Status != tt.status || r.Message() != tt.msg {
			t.Errorf("%s: %d %q, want %d %q", tt.name, r.Status, r.Message(), tt.status, tt.msg)
			continue
		}
		if tt.ids != nil {
			if got := jobIDs(t, jobPayload(t, r)); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("%s: ids %v, want %v", tt.name, got, tt.ids)
			}
		}
	}
}

// jobConfPath is a Server.xml fixture of testdata/serverxml.
func jobConfPath(t *testing.T, name string) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Join(filepath.Dir(file), fixturesDir, name)
}

// The origin fixture's application "app" (shaped like OME's Origin.xml example) has the Schedule
// provider but neither Push nor FILE publishers.
func TestJobsWithOriginExample(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithConfigFile(jobConfPath(t, "origin")), WithAccessToken("t"))
	const app = "/v1/vhosts/default/apps/app"
	r := h.do("POST", app+":pushes", nil)
	expect(t, r, 200, "OK")
	if ids := jobIDs(t, jobPayload(t, r)); len(ids) != 0 {
		t.Errorf("pushes: %v", ids)
	}
	expect(t, h.do("POST", app+":startPush", `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`), 404, "[HTTP] Could not find application: [default/app] (404)")
	expect(t, h.do("POST", app+":stopPush", `{"id":"p"}`), 404, "[HTTP] Could not find id 'p': [default/app] (404)")
	expect(t, h.do("GET", app+":records", nil), 404, "[HTTP] Could not find application: [default/app] (404)")
	expect(t, h.do("POST", app+":startRecord", `{"id":"r","stream":{"name":"s"}}`), 404, "[HTTP] Could not find application: [default/app] (404)")
	expect(t, h.do("POST", app+"/scheduledChannels", `{"stream":{"name":"ch"}}`), 201, "Created")
	expect(t, h.do("POST", app+"/multiplexChannels", `{"outputStream":{"name":"m"},"sourceStreams":[]}`), 403, "Forbidden")
	expect(t, h.do("GET", app+"/multiplexChannels", nil), 404, "[HTTP] Could not get the multiplex application (404)")
}

// The default configuration's application has Push and FILE.
func TestJobsWithDefaultConfig(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithoutDelays())
	const app = "/v1/vhosts/default/apps/app"
	expect(t, h.do("POST", app+":startPush", `{"id":"p","stream":{"name":"stream"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	expect(t, h.do("POST", app+":startRecord", `{"id":"r","stream":{"name":"stream"}}`), 200, "OK")
	if err := h.s.PublishStream("default", "app", InputStream{Name: "stream"}); err != nil {
		t.Fatal(err)
	}
	var env struct {
		Response []struct {
			State string `json:"state"`
		} `json:"response"`
	}
	for _, path := range []string{app + ":pushes", app + ":records"} {
		r := h.do("GET", path, nil)
		expect(t, r, 200, "OK")
		if err := json.Unmarshal(r.Body, &env); err != nil || len(env.Response) != 1 {
			t.Fatalf("%s: %s", path, r.Body)
		}
		if s := env.Response[0].State; s != "pushing" && s != "recording" {
			t.Errorf("%s: state %q after the stream was published", path, s)
		}
	}
	expect(t, h.do("POST", app+"/scheduledChannels", `{"stream":{"name":"ch"}}`), 403, "Forbidden")
}

// A recording starts in the call when its stream is there, names its files with OME's macros in
// the server's local time, starts a new file every interval of recorded time, and goes back to
// "ready" when the stream goes; stopRecord answers the last state as "stopping".
func TestRecordLifecycle(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	jobPublish(t, h, "live", "cam")
	const tmpl = `/r/${VirtualHost}/${Application}/${Stream}/${StartTime:YYYYMMDDhhmmss}_${EndTime:YYYYMMDDhhmmss}_${Sequence}_${Id}.ts`
	r := h.do("POST", jobLive+":startRecord", `{"id":"rec","stream":{"name":"cam"},"interval":2000,"filePath":"`+tmpl+`"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "start", jobObj(t, jobPayload(t, r)), map[string]any{
		"state": "recording", "startTime": "2026-11-26T09:30:12.345+09:00", "filePath": tmpl,
		// OME's zero end time, written in local time.
		"outputFilePath": "/r/vh/live/cam/20261126093012_19700101090000_0_rec.ts", "outputInfoPath": "/rec/cam.xml",
		"recordBytes": nil, "recordTime": nil, "sequence": nil, "finishTime": nil,
	})
	list := func() []any {
		t.Helper()
		r := h.do("POST", jobLive+":records", nil)
		expect(t, r, 200, "OK")
		return jobPayload(t, r).([]any)
	}
	// Until the first key frame (a second later) nothing is written and startTime follows the
	// clock.
	clock.add(500 * time.Millisecond)
	jobMembers(t, "before the first key frame", jobObj(t, list()[0]), map[string]any{
		"state": "recording", "startTime": "2026-11-26T09:30:12.845+09:00", "recordTime": nil, "recordBytes": nil,
		"outputFilePath": "/r/vh/live/cam/20261126093012_19700101090000_0_rec.ts",
	})
	clock.add(time.Second)
	jobMembers(t, "after the first key frame", jobObj(t, list()[0]), map[string]any{
		"state": "recording", "startTime": "2026-11-26T09:30:13.345+09:00", "recordTime": 500.0, "totalRecordTime": 500.0,
	})
	// After 2 s of recorded time a new file starts.
	clock.add(2 * time.Second)
	got := jobObj(t, list()[0])
	jobMembers(t, "after a split", got, map[string]any{
		"state": "recording", "sequence": 1.0, "startTime": "2026-11-26T09:30:15.345+09:00",
		"outputFilePath": "/r/vh/live/cam/20261126093015_20261126093015_1_rec.ts",
		"recordTime":     500.0, "totalRecordTime": 2500.0,
	})
	if b, tb := got["recordBytes"].(float64), got["totalRecordBytes"].(float64); b <= 0 || tb <= b {
		t.Errorf("recordBytes %v, totalRecordBytes %v", b, tb)
	}
	clock.add(time.Second)
	jobUnpublish(t, h, "live", "cam")
	jobMembers(t, "after the stream went", jobObj(t, list()[0]), map[string]any{
		"state": "ready", "outputFilePath": "/r/vh/live/cam/20261126093015_20261126093016_1_rec.ts",
		"sequence": nil, "startTime": nil, "recordTime": nil, "totalRecordTime": nil,
	})
	clock.add(time.Second)
	r = h.do("POST", jobLive+":stopRecord", `{"id":"rec"}`)
	expect(t, r, 200, "OK")
	jobMembers(t, "stop", jobObj(t, jobPayload(t, r)), map[string]any{
		"state": "stopping", "sequence": 2.0, "startTime": "2026-11-26T09:30:15.345+09:00",
		"recordTime": nil, "recordBytes": nil, "totalRecordTime": 3500.0,
	})
	if l := list(); len(l) != 0 {
		t.Errorf("records after stop: %v", l)
	}
}

// Without a path template OME names the files after a random transaction id.
func TestRecordDefaultFileNames(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	jobPublish(t, h, "legacy", "cam")
	jobPublish(t, h, "live", "cam")
	// live has templates in Server.xml; a request's own template wins over them.
	r := h.do("POST", jobLive+":startRecord", `{"id":"a","stream":{"name":"cam"},"infoPath":"/i/${TransactionId}.xml"}`)
	got := jobObj(t, jobPayload(t, r))
	if p := got["outputFilePath"]; p != "/rec/cam.ts" {
		t.Errorf("outputFilePath %v", p)
	}
	if p, _ := got["outputInfoPath"].(string); !regexp.MustCompile(`^/i/[A-Za-z0-9]{16}\.xml$`).MatchString(p) {
		t.Errorf("outputInfoPath %q", p)
	}
}
