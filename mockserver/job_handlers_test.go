package mockserver

import (
	"encoding/json"
	"path/filepath"
	"reflect"
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

func newJobHarness(t *testing.T) (*harness, *jobClock) {
	t.Helper()
	clock := &jobClock{t: jobTestStart}
	return newHarness(t, WithServerXML("jobs.xml", []byte(jobTestXML)), WithClock(clock.now)), clock
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

func runJobCases(t *testing.T, cases []jobCase, setup func(*testing.T, *harness)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newJobHarness(t)
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

func TestPushStateFollowsOutputStream(t *testing.T) {
	t.Parallel()
	h, clock := newJobHarness(t)
	for _, p := range []struct{ id, stream string }{{"c", "cam"}, {"a", "cam_720p"}, {"b", "other"}} {
		expect(t, h.do("POST", jobLive+":startPush", `{"id":"`+p.id+`","stream":{"name":"`+p.stream+`"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
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
	for id, j := range states() {
		jobMembers(t, id, j, map[string]any{"state": "ready", "sequence": 0.0})
	}

	clock.add(2 * time.Second)
	jobPublish(t, h, "live", "cam")
	clock.add(time.Second)
	got := states()
	for _, id := range []string{"a", "c"} {
		jobMembers(t, id, got[id], map[string]any{"state": "pushing", "sequence": 1.0,
			"startTime": "2026-11-26T09:30:14.345+09:00", "finishTime": "1970-01-01T09:00:00.000+09:00"})
	}
	jobMembers(t, "b", got["b"], map[string]any{"state": "ready", "sequence": 0.0})

	// A job created while its stream is up starts at once.
	r := h.do("POST", jobLive+":startPush", `{"id":"d","stream":{"name":"cam"},"protocol":"rtmp","url":"rtmp://h/a"}`)
	jobMembers(t, "d", jobObj(t, jobPayload(t, r)), map[string]any{"state": "pushing", "sequence": 1.0, "startTime": "2026-11-26T09:30:15.345+09:00"})

	clock.add(time.Second)
	jobUnpublish(t, h, "live", "cam")
	got = states()
	jobMembers(t, "c", got["c"], map[string]any{"state": "ready", "sequence": 1.0,
		"startTime": "2026-11-26T09:30:14.345+09:00", "finishTime": "2026-11-26T09:30:16.345+09:00"})

	// Publishing again is a second session.
	jobPublish(t, h, "live", "cam")
	jobMembers(t, "c", states()["c"], map[string]any{"state": "pushing", "sequence": 2.0, "startTime": "2026-11-26T09:30:16.345+09:00"})
}

func TestPushOfRelayStream(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	// A relay stream (here a multiplex channel, which bypasses the transcoder by default) is its
	// own only output: the profiles do not apply.
	expect(t, h.do("POST", jobLive+"/multiplexChannels", `{"outputStream":{"name":"mux"},"sourceStreams":[]}`), 201, "Created")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"a","stream":{"name":"mux"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
	expect(t, h.do("POST", jobLive+":startPush", `{"id":"b","stream":{"name":"mux_720p"},"protocol":"rtmp","url":"rtmp://h/a"}`), 200, "OK")
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

func TestStopPushRemovesJob(t *testing.T) {
	t.Parallel()
	h, _ := newJobHarness(t)
	body := `{"id":"p","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`
	expect(t, h.do("POST", jobLive+":startPush", body), 200, "OK")
	r := h.do("POST", jobLive+":stopPush", `{"id":"p"}`)
	expect(t, r, 200, "OK")
	if got := r.String(); got != `{"message":"OK","statusCode":200}`+"\n" && got != `{"message":"OK","statusCode":200}` {
		t.Errorf("stopPush body %s, want status only", got)
	}
	if ids := jobIDs(t, jobPayload(t, h.do("POST", jobLive+":pushes", nil))); len(ids) != 0 {
		t.Errorf("pushes after stop: %v", ids)
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
	jobMembers(t, "rec", jobObj(t, list[0]), map[string]any{"state": "recording", "startTime": "2026-11-26T09:30:13.345+09:00"})
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
		"createdTime": "2026-11-26T09:30:13.345+09:00", "startTime": "2026-11-26T09:30:13.345+09:00", "finishTime": nil,
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
	h := newHarness(t)
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
