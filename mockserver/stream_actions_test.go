package mockserver

import (
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/omekit/omekit/internal/omehttp"
	"github.com/omekit/omekit/mockserver/internal/wire"
)

const jsoncppText = "in Json::Value::find(begin, end): requires objectValue or nullValue"

// strmActionHarness publishes the streams the action tests share: "s" (media and a data track),
// "nodata" (media only), "ghost" (provider unknown), "idle" (no media yet, data track), and a pull
// "cam" (no data track), all in app; "s" in subs and legacy; "r" in relay.
func strmActionHarness(t *testing.T) *harness {
	t.Helper()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "s"})
	strmPublish(t, h, "app", InputStream{Name: "nodata", NoDataTrack: true})
	strmPublish(t, h, "app", InputStream{Name: "ghost", SourceType: "unknown"})
	strmPublish(t, h, "app", InputStream{Name: "idle", Tracks: []Track{}})
	strmPublish(t, h, "subs", InputStream{Name: "s"})
	strmPublish(t, h, "subs", InputStream{Name: "idle", Tracks: []Track{}})
	strmPublish(t, h, "legacy", InputStream{Name: "s"})
	strmPublish(t, h, "relay", InputStream{Name: "r"})
	strmPublish(t, h, "plain", InputStream{Name: "s"})
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"cam","urls":["rtsp://192.0.2.1/cam"]}`), http.StatusCreated, "Created")
	return h
}

func strmAction(stream, action string) string { return strmBase + "/" + stream + ":" + action }

// strmCommonNotFound are the lookups every stream action does first.
var strmCommonNotFound = []struct{ path, msg string }{
	{"/v1/vhosts/nope/apps/app/streams/s", "[HTTP] Could not find the virtual host: [nope] (404)"},
	{"/v1/vhosts/default/apps/nope/streams/s", "[HTTP] Could not find the application: [default/nope] (404)"},
	{strmBase + "/none", "[HTTP] Could not find the stream: [default/#default#app/none] (404)"},
}

type strmCase struct {
	name   string
	path   string
	body   any
	status int
	msg    string
}

func strmRun(t *testing.T, h *harness, cases []strmCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, h.do(http.MethodPost, tc.path, tc.body), tc.status, tc.msg)
		})
	}
}

func TestSendEvent(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	ok := `{"eventFormat":"id3v2","eventType":"video","urgent":true,"events":[{"frameType":"TXXX","info":"i","data":"d"},{"frameType":"TIT2","data":"x"},{"frameType":"tcon"},{"frameType":"PRIV","info":"o","data":"p"}]}`
	cases := []strmCase{
		{"ok", strmAction("s", "sendEvent"), ok, 200, "OK"},
		{"ok default event type", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[{"frameType":"TXXX"}]}`, 200, "OK"},
		{"malformed JSON", strmAction("s", "sendEvent"), `{"eventFormat":`, 400, ""},
		{"no source stream", strmAction("ghost", "sendEvent"), ok, 404, "[HTTP] Could not find stream: [default/app/ghost] (404)"},
		{"no body", strmAction("s", "sendEvent"), nil, 400, "[HTTP] eventFormat(string) and events(array) are required (400)"},
		{"no events", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2"}`, 400, "[HTTP] eventFormat(string) and events(array) are required (400)"},
		{"empty events", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[]}`, 400, "[HTTP] eventFormat(string) and events(array) are required (400)"},
		{"format not a string", strmAction("s", "sendEvent"), `{"eventFormat":1,"events":[{"frameType":"TXXX"}]}`, 400, "[HTTP] eventFormat(string) and events(array) are required (400)"},
		{"cue was removed", strmAction("s", "sendEvent"), `{"eventFormat":"cue","events":[{"cueType":"out"}]}`, 400, "[HTTP] eventFormat is not supported: [cue] (400)"},
		{"scte35 was removed", strmAction("s", "sendEvent"), `{"eventFormat":"scte35","events":[{}]}`, 400, "[HTTP] eventFormat is not supported: [scte35] (400)"},
		{"frameType missing", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[{"frameType":"TXXX"},{"data":"x"}]}`, 400, "[HTTP] frameType is required in events (400)"},
		{"frameType not a string", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[{"frameType":7}]}`, 400, "[HTTP] frameType is required in events (400)"},
		{"frameType unsupported", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[{"frameType":"APIC"}]}`, 400, "[HTTP] frameType is not supported: [APIC] (400)"},
		{"bad event before bad eventType", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","eventType":"subtitle","events":[{"frameType":"priv"}]}`, 400, "[HTTP] frameType is not supported: [priv] (400)"},
		{"eventType not a string", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","eventType":1,"events":[{"frameType":"TXXX"}]}`, 400, "[HTTP] eventType must be string (400)"},
		{"eventType unknown", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","eventType":"subtitle","events":[{"frameType":"TXXX"}]}`, 400, "[HTTP] eventType is not supported: [subtitle] (400)"},
		{"body an array", strmAction("s", "sendEvent"), `[{}]`, 500, jsoncppText},
		{"event not an object", strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":["TXXX"]}`, 500, jsoncppText},
		{"no data track", strmAction("nodata", "sendEvent"), ok, 500, "[HTTP] Internal Server Error - Could not inject event: [default/app/nodata] (500)"},
		{"pulled streams have a data track too", strmAction("cam", "sendEvent"), ok, 200, "OK"},
		{"media not started", strmAction("idle", "sendEvent"), ok, 500, "[HTTP] Internal Server Error - Could not inject event: [default/app/idle] (500)"},
	}
	for _, nf := range strmCommonNotFound {
		cases = append(cases, strmCase{"404 " + nf.msg, nf.path + ":sendEvent", ok, 404, nf.msg})
	}
	strmRun(t, h, cases)
}

// strmSendEvents runs :sendEvents with the raw body the way the server's pipeline hands it to the
// handler when the operation is judged item by item (see rawBodyOperations), and writes the answer.
func strmSendEvents(t *testing.T, h *harness, vhost, app, stream, body string) (int, []byte) {
	t.Helper()
	res := h.do(http.MethodPost, "/v1/vhosts/"+vhost+"/apps/"+app+"/streams/"+stream+":sendEvents", body)
	return res.Status, res.Body
}

func TestSendEvents(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	good := `{"eventFormat":"id3v2","events":[{"frameType":"TXXX"}]}`
	res := func(pairs ...any) []wire.SendEventResult {
		var out []wire.SendEventResult
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, wire.SendEventResult{StatusCode: pairs[i].(int), Message: pairs[i+1].(string)})
		}
		return out
	}
	for _, tc := range []struct {
		name, stream, body string
		status             int
		want               []wire.SendEventResult
		msg                string // whole-request error
	}{
		{"all ok", "s", "[" + good + "," + good + "]", 200, res(200, "OK", 200, "OK"), ""},
		{"mixed", "s", `[` + good + `,{"eventFormat":"id3v2","events":[{"frameType":"APIC"}]},{"eventFormat":"cue","events":[{}]},null]`, 207,
			res(200, "OK", 400, "frameType is not supported: [APIC]", 400, "eventFormat is not supported: [cue]", 400, "eventFormat(string) and events(array) are required"), ""},
		{"all bad request", "s", `[{"eventFormat":"cue","events":[{}]},{"eventFormat":"id3v2","events":[{}]}]`, 400,
			res(400, "eventFormat is not supported: [cue]", 400, "frameType is required in events"), ""},
		{"all no source", "ghost", "[" + good + `,"not even an object"]`, 404,
			res(404, "Could not find stream: [default/app/ghost]", 404, "Could not find stream: [default/app/ghost]"), ""},
		{"all inject failed", "nodata", "[" + good + "," + good + "]", 500,
			res(500, "Internal Server Error - Could not inject event: [default/app/nodata]", 500, "Internal Server Error - Could not inject event: [default/app/nodata]"), ""},
		{"item not an object", "s", "[" + good + ",1]", 500, nil, jsoncppText},
		{"event of an item not an object", "s", `[{"eventFormat":"id3v2","events":[[]]}]`, 500, nil, jsoncppText},
		{"empty array", "s", `[]`, 400, nil, "[HTTP] events(array) is required (400)"},
		{"unknown stream first", "none", `[]`, 404, nil, "[HTTP] Could not find the stream: [default/#default#app/none] (404)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := strmSendEvents(t, h, "default", "app", tc.stream, tc.body)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if tc.msg != "" {
				var e omehttp.Error
				if err := json.Unmarshal(body, &e); err != nil || e.Message != tc.msg || e.StatusCode != code {
					t.Fatalf("body %s, want the error %q", body, tc.msg)
				}
				return
			}
			var got []wire.SendEventResult
			if err := json.Unmarshal(body, &got); err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("results %s, want %+v", body, tc.want)
			}
		})
	}
	// Through the whole pipeline: whole-request errors and bodies every item of which is valid.
	r := h.do(http.MethodPost, strmAction("s", "sendEvents"), "["+good+","+good+"]")
	expect(t, r, http.StatusOK, "")
	if got := strmResults(t, r); !reflect.DeepEqual(got, res(200, "OK", 200, "OK")) {
		t.Fatalf("results %+v", got)
	}
	r = h.do(http.MethodPost, strmAction("idle", "sendEvents"), "["+good+"]")
	expect(t, r, http.StatusInternalServerError, "")
	if got := strmResults(t, r); !reflect.DeepEqual(got, res(500, "Internal Server Error - Could not inject event: [default/app/idle]")) {
		t.Fatalf("results %+v", got)
	}
	expect(t, h.do(http.MethodPost, strmAction("s", "sendEvents"), `[`), http.StatusBadRequest, "")
	for _, nf := range strmCommonNotFound {
		expect(t, h.do(http.MethodPost, nf.path+":sendEvents", "["+good+"]"), http.StatusNotFound, nf.msg)
	}
}

func TestSendSubtitles(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	sub := func(stream string) string { return "/v1/vhosts/default/apps/subs/streams/" + stream + ":sendSubtitles" }
	ok := `{"format":"webvtt","data":[{"label":"English","subtitles":[{"text":"Hi","durationMs":3000,"settings":"line:80%"},{"text":"again","startOffset":-200}]},{"label":"Korean","subtitles":[{"text":"안녕"}]}]}`
	cases := []strmCase{
		{"ok", sub("s"), ok, 200, "OK"},
		{"deprecated mediaOptions subtitles", "/v1/vhosts/default/apps/legacy/streams/s:sendSubtitles", `{"format":"webvtt","data":[{"label":"Captions","subtitles":[{"text":"x"}]}]}`, 200, "OK"},
		{"malformed JSON", sub("s"), `{`, 400, ""},
		{"no body", sub("s"), nil, 400, "[HTTP] format(string) and data(array) are required (400)"},
		{"no data", sub("s"), `{"format":"webvtt"}`, 400, "[HTTP] format(string) and data(array) are required (400)"},
		{"format not a string", sub("s"), `{"format":true,"data":[{"label":"English","subtitles":[{"text":"x"}]}]}`, 400, "[HTTP] format(string) and data(array) are required (400)"},
		{"format unsupported", sub("s"), `{"format":"srt","data":[{"label":"English","subtitles":[{"text":"x"}]}]}`, 400, "[HTTP] format is not supported: [srt] (400)"},
		{"label missing", sub("s"), `{"format":"webvtt","data":[{"subtitles":[{"text":"x"}]}]}`, 400, "[HTTP] label(string) and subtitles(array) are required (400)"},
		{"subtitles empty", sub("s"), `{"format":"webvtt","data":[{"label":"English","subtitles":[]}]}`, 400, "[HTTP] label(string) and subtitles(array) are required (400)"},
		{"text missing", sub("s"), `{"format":"webvtt","data":[{"label":"English","subtitles":[{"text":"x"},{"durationMs":5}]}]}`, 400, "[HTTP] text(string) is required in subtitles (400)"},
		{"body an array", sub("s"), `[]`, 500, jsoncppText},
		{"entry not an object", sub("s"), `{"format":"webvtt","data":["English"]}`, 500, jsoncppText},
		{"unknown label", sub("s"), `{"format":"webvtt","data":[{"label":"Klingon","subtitles":[{"text":"x"}]}]}`, 500, "[HTTP] Could not send WebVTT frame: [default/subs/s] (500)"},
		{"app without subtitles", strmAction("s", "sendSubtitles"), `{"format":"webvtt","data":[{"label":"English","subtitles":[{"text":"x"}]}]}`, 500, "[HTTP] Could not send WebVTT frame: [default/app/s] (500)"},
		{"no source stream", strmAction("ghost", "sendSubtitles"), ok, 404, "[HTTP] Could not find stream: [default/app/ghost] (404)"},
		{"media not started", sub("idle"), ok, 500, "[HTTP] Could not get current timestamp: [default/subs/idle] (500)"},
	}
	for _, nf := range strmCommonNotFound {
		cases = append(cases, strmCase{"404 " + nf.msg, nf.path + ":sendSubtitles", ok, 404, nf.msg})
	}
	strmRun(t, h, cases)
}

func TestConcludeHLSLive(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	cases := []strmCase{
		{"ok", strmAction("s", "concludeHlsLive"), `{"urgent":true}`, 200, "OK"},
		{"empty object", strmAction("s", "concludeHlsLive"), `{}`, 200, "OK"},
		{"no body", strmAction("cam", "concludeHlsLive"), nil, 200, "OK"},
		{"malformed JSON", strmAction("s", "concludeHlsLive"), `{`, 400, ""},
		{"body an array", strmAction("s", "concludeHlsLive"), `[]`, 500, jsoncppText},
		{"no source stream", strmAction("ghost", "concludeHlsLive"), `{}`, 404, "[HTTP] Could not find stream: [default/app/ghost] (404)"},
		{"media not started", strmAction("idle", "concludeHlsLive"), `{}`, 500, "[HTTP] Internal Server Error - Could not inject ConcludeLive event: [default/app/idle] (500)"},
	}
	for _, nf := range strmCommonNotFound {
		cases = append(cases, strmCase{"404 " + nf.msg, nf.path + ":concludeHlsLive", `{}`, 404, nf.msg})
	}
	strmRun(t, h, cases)
}

func TestHLSDumps(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	list := func(t *testing.T, path, body string) []wire.HLSDumpInfo {
		t.Helper()
		r := h.do(http.MethodPost, path, body)
		expect(t, r, http.StatusOK, "OK")
		var env wire.HLSDumpListEnvelope
		r.JSON(t, &env)
		return env.Response
	}
	start, stop, dumps := strmAction("s", "startHlsDump"), strmAction("s", "stopHlsDump"), strmAction("s", "hlsDumps")
	if got := list(t, dumps, `{"outputStreamName":"s"}`); len(got) != 0 {
		t.Fatalf("dumps before any start: %+v", got)
	}
	full := `{"id":"b","outputStreamName":"s","outputPath":"/dumps/b/","playlist":["llhls.m3u8"],"infoFile":"/dumps/b.xml","userData":"ticket=1","extra":{}}`
	strmRun(t, h, []strmCase{
		{"start full", start, full, 200, "OK"},
		{"start minimal", start, `{"id":"a","outputStreamName":"s","outputPath":"/dumps/a/"}`, 200, "OK"},
		{"duplicate id", start, `{"id":"a","outputStreamName":"s","outputPath":"/elsewhere/"}`, 500, "[HTTP] Could not start dump: [default/app/s] (Duplicate ID) (500)"},
		{"duplicate info file", start, `{"id":"c","outputStreamName":"s","outputPath":"/dumps/c/","infoFile":"/dumps/b.xml"}`, 500, "[HTTP] Could not start dump: [default/app/s] (Duplicate info file) (500)"},
	})
	got := list(t, dumps, `{"outputStreamName":"s"}`)
	want := []wire.HLSDumpInfo{
		{ID: ptr("a"), OutputStreamName: ptr("s"), OutputPath: ptr("/dumps/a/"), Enabled: true},
		{ID: ptr("b"), OutputStreamName: ptr("s"), OutputPath: ptr("/dumps/b/"), InfoFile: ptr("/dumps/b.xml"), UserData: ptr("ticket=1"), Playlist: &[]string{"llhls.m3u8"}, Enabled: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("dumps %+v, want %+v", got, want)
	}
	strmRun(t, h, []strmCase{
		{"stop one", stop, `{"outputStreamName":"s","id":"b"}`, 200, "OK"},
		{"stop unknown id", stop, `{"outputStreamName":"s","id":"zz"}`, 500, "[HTTP] Could not stop dump: [default/app/s] (Could not find dump info) (500)"},
		// A stopped dump keeps its id and its info file.
		{"stopped info file still taken", start, `{"id":"c","outputStreamName":"s","outputPath":"/dumps/c/","infoFile":"/dumps/b.xml"}`, 500, "[HTTP] Could not start dump: [default/app/s] (Duplicate info file) (500)"},
		{"stopped id still taken", start, `{"id":"b","outputStreamName":"s","outputPath":"/dumps/b/"}`, 500, "[HTTP] Could not start dump: [default/app/s] (Duplicate ID) (500)"},
	})
	if got := list(t, dumps, `{"outputStreamName":"s","id":"b"}`); len(got) != 1 || got[0].Enabled {
		t.Fatalf("stopped dump %+v", got)
	}
	if got := list(t, dumps, `{"outputStreamName":"s","id":"nope"}`); len(got) != 0 {
		t.Fatalf("unknown id lists %+v", got)
	}
	expect(t, h.do(http.MethodPost, stop, `{"outputStreamName":"s"}`), http.StatusOK, "OK")
	for _, d := range list(t, dumps, `{"outputStreamName":"s"}`) {
		if d.Enabled {
			t.Fatalf("stop without id left %+v running", d)
		}
	}
	// A relay stream is its own LLHLS output.
	expect(t, h.do(http.MethodPost, "/v1/vhosts/default/apps/relay/streams/r:startHlsDump", `{"id":"x","outputStreamName":"r","outputPath":"/d/"}`), http.StatusOK, "OK")

	var cases []strmCase
	for _, a := range []struct{ action, body, required string }{
		{"startHlsDump", `{"id":"x","outputStreamName":"%s","outputPath":"/d/"}`, "id, outputStreamName and outputPath are required"},
		{"stopHlsDump", `{"outputStreamName":"%s"}`, "outputStreamName is required"},
		{"hlsDumps", `{"outputStreamName":"%s"}`, "outputStreamName is required"},
	} {
		body := func(out string) string { return strings.Replace(a.body, "%s", out, 1) }
		cases = append(cases,
			strmCase{a.action + " no body", strmAction("s", a.action), nil, 400, "[HTTP] " + a.required + " (400)"},
			strmCase{a.action + " name not a string", strmAction("s", a.action), `{"id":"x","outputStreamName":1,"outputPath":"/d/"}`, 400, "[HTTP] " + a.required + " (400)"},
			strmCase{a.action + " malformed", strmAction("s", a.action), `{"id"`, 400, ""},
			strmCase{a.action + " array", strmAction("s", a.action), `[]`, 500, jsoncppText},
			strmCase{a.action + " not an output", strmAction("s", a.action), body("s_720p"), 404, "[HTTP] Could not find output stream: [default/app/s_720p] (404)"},
			strmCase{a.action + " no LLHLS", "/v1/vhosts/default/apps/plain/streams/s:" + a.action, body("s"), 404, "[HTTP] Could not find LLHLS stream: [default/plain/s] (404)"},
			strmCase{a.action + " stt output", "/v1/vhosts/default/apps/subs/streams/s:" + a.action, body("s#stt"), 404, "[HTTP] Could not find LLHLS stream: [default/subs/s#stt] (404)"},
			strmCase{a.action + " no outputs yet", strmAction("idle", a.action), body("idle"), 404, "[HTTP] Could not find output stream: [default/app/idle] (404)"},
		)
		for _, nf := range strmCommonNotFound {
			cases = append(cases, strmCase{a.action + " 404 " + nf.msg, nf.path + ":" + a.action, body("s"), 404, nf.msg})
		}
	}
	cases = append(cases, strmCase{"start without outputPath", start, `{"id":"x","outputStreamName":"s"}`, 400, "[HTTP] id, outputStreamName and outputPath are required (400)"})
	strmRun(t, h, cases)
}

func TestSTT(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	// A pulled relay in an app with STT has no transcoder stream, hence no encoder.
	expect(t, h.do(http.MethodPost, "/v1/vhosts/default/apps/subs/streams", `{"name":"rel","urls":["ovt://o/app/x"],"properties":{"relay":true}}`), http.StatusCreated, "Created")
	status := func(t *testing.T, app, stream string, body any) wire.STTStatus {
		t.Helper()
		r := h.do(http.MethodPost, "/v1/vhosts/default/apps/"+app+"/streams/"+stream+":sttStatus", body)
		expect(t, r, http.StatusOK, "OK")
		var env wire.STTStatusEnvelope
		r.JSON(t, &env)
		return env.Response
	}
	state := func(t *testing.T, app, stream, action string) bool {
		t.Helper()
		r := h.do(http.MethodPost, "/v1/vhosts/default/apps/"+app+"/streams/"+stream+":"+action, `{}`)
		expect(t, r, http.StatusOK, "OK")
		var env wire.STTStateEnvelope
		r.JSON(t, &env)
		return env.Response.Enabled
	}
	got := status(t, "subs", "s", nil)
	if len(got.Renditions) != 1 || !strings.HasSuffix(got.Renditions[0].Model, "ggml-small.bin") {
		t.Fatalf("status %+v", got)
	}
	korean := wire.STTRendition{Codec: wire.STTRenditionCodecWhisper, Label: "Korean", Language: "ko", Model: got.Renditions[0].Model, Translation: wire.STTRenditionTranslationDisabled}
	if !got.Enabled || !reflect.DeepEqual(got.Renditions, []wire.STTRendition{korean}) {
		t.Fatalf("status %+v (the Klingon rendition has no subtitle track and is skipped)", got)
	}
	if state(t, "subs", "s", "disableStt") {
		t.Fatal("disableStt answered enabled")
	}
	if got := status(t, "subs", "s", `{"any":"thing"}`); got.Enabled || len(got.Renditions) != 1 {
		t.Fatalf("after disable %+v", got)
	}
	if !state(t, "subs", "s", "enableStt") || !status(t, "subs", "s", nil).Enabled {
		t.Fatal("enableStt did not resume")
	}
	// A model that cannot be loaded leaves the stream without an encoder (its #stt output stays).
	if err := os.Remove(got.Renditions[0].Model); err != nil {
		t.Fatal(err)
	}
	if got := status(t, "subs", "s", nil); got.Enabled || len(got.Renditions) != 0 {
		t.Fatalf("status without the model %+v", got)
	}
	expect(t, h.do(http.MethodPost, "/v1/vhosts/default/apps/subs/streams/s:enableStt", nil), 404, "[HTTP] Could not find STT encoder for stream: [default/subs/s] (404)")
	if info, _ := strmInfo(t, h, "subs", "s"); len(info.Outputs) != 2 {
		t.Fatalf("outputs without the model: %+v", info.Outputs)
	}
	if err := os.WriteFile(korean.Model, []byte("back"), 0o644); err != nil {
		t.Fatal(err)
	}
	// legacy: STT starts disabled; translation reports English.
	if got := status(t, "legacy", "s", nil); got.Enabled || len(got.Renditions) != 1 || got.Renditions[0].Translation != wire.STTRenditionTranslationEnabled || got.Renditions[0].Language != "en" {
		t.Fatalf("legacy status %+v", got)
	}
	none := wire.STTStatus{Enabled: false, Renditions: []wire.STTRendition{}}
	for _, tc := range []struct{ app, stream string }{{"app", "s"}, {"subs", "rel"}, {"subs", "idle"}} {
		if got := status(t, tc.app, tc.stream, nil); !reflect.DeepEqual(got, none) {
			t.Fatalf("%s/%s status %+v, want %+v", tc.app, tc.stream, got, none)
		}
	}
	var cases []strmCase
	for _, action := range []string{"enableStt", "disableStt"} {
		for _, tc := range []struct{ app, stream string }{{"app", "s"}, {"subs", "rel"}, {"subs", "idle"}} {
			cases = append(cases, strmCase{action + " " + tc.app + "/" + tc.stream, "/v1/vhosts/default/apps/" + tc.app + "/streams/" + tc.stream + ":" + action, nil, 404,
				"[HTTP] Could not find STT encoder for stream: [default/" + tc.app + "/" + tc.stream + "] (404)"})
		}
	}
	for _, action := range []string{"enableStt", "disableStt", "sttStatus"} {
		cases = append(cases, strmCase{action + " malformed", "/v1/vhosts/default/apps/subs/streams/s:" + action, `{`, 400, ""})
		for _, nf := range strmCommonNotFound {
			cases = append(cases, strmCase{action + " 404 " + nf.msg, nf.path + ":" + action, nil, 404, nf.msg})
		}
	}
	strmRun(t, h, cases)
}

// TestStreamBodyErrors checks OME's answers to bodies it refuses, operation by operation, once the
// lookups have passed: the checks and their order are each handler's own.
func TestStreamBodyErrors(t *testing.T) {
	t.Parallel()
	h := strmActionHarness(t)
	for _, tc := range []struct {
		path, body string
		status     int
		msg        string
	}{
		{strmBase, `[]`, 400, "[HTTP] Request body must be an object (400)"},
		{strmBase, ``, 400, "[HTTP] Request body must be an object (400)"},
		{strmBase, `{"urls":["rtsp://h/a"]}`, 400, "[HTTP] Stream name or urls is required (400)"},
		{strmBase, `{"name":"a","urls":[1]}`, 400, "[HTTP] Url must be a string (400)"},
		{strmAction("s", "sendEvents"), `{}`, 400, "[HTTP] events(array) is required (400)"},
		{strmAction("s", "sendEvent"), `"x"`, 500, jsoncppText},
		{strmAction("s", "sendEvent"), `{"eventFormat":"id3v2","events":[{"frameType":"X"}],"eventType":"x"}`, 400, "[HTTP] frameType is not supported: [X] (400)"},
		{strmAction("s", "sendSubtitles"), `{"format":"webvtt","data":[{"label":"a","subtitles":[{}]}]}`, 400, "[HTTP] text(string) is required in subtitles (400)"},
		{strmAction("s", "sendSubtitles"), `{"format":"vtt","data":[{}]}`, 400, "[HTTP] format is not supported: [vtt] (400)"},
		{strmAction("s", "startHlsDump"), `{"id":1}`, 400, "[HTTP] id, outputStreamName and outputPath are required (400)"},
		{strmAction("s", "startHlsDump"), `[]`, 500, jsoncppText},
		{strmAction("s", "stopHlsDump"), `{"id":"x"}`, 400, "[HTTP] outputStreamName is required (400)"},
		{strmAction("s", "hlsDumps"), ``, 400, "[HTTP] outputStreamName is required (400)"},
	} {
		expect(t, h.do(http.MethodPost, tc.path, tc.body), tc.status, tc.msg)
	}
	// OME compares the event format without regard to case.
	expect(t, h.do(http.MethodPost, strmAction("s", "sendEvent"), `{"eventFormat":"ID3V2","events":[{"frameType":"TXXX"}]}`), 200, "OK")
}
