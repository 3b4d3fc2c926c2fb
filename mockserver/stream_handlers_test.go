package mockserver

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

const strmBase = "/v1/vhosts/default/apps/app/streams"

func TestListStreams(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	if got := strmNames(t, h, "app"); len(got) != 0 {
		t.Fatalf("fresh app lists %v", got)
	}
	for _, n := range []string{"zeta", "alpha", "mid:colon"} {
		strmPublish(t, h, "app", InputStream{Name: n})
	}
	strmPublish(t, h, "subs", InputStream{Name: "elsewhere"})
	if got, want := strmNames(t, h, "app"), []string{"zeta", "alpha", "mid:colon"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("names %v, want %v (creation order, this app only)", got, want)
	}
	for _, tc := range []struct{ path, msg string }{
		{"/v1/vhosts/nope/apps/app/streams", "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/vhosts/default/apps/nope/streams", "[HTTP] Could not find the application: [default/nope] (404)"},
	} {
		expect(t, h.do(http.MethodGet, tc.path, nil), http.StatusNotFound, tc.msg)
	}
}

func TestCreateStreamErrors(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "taken"})
	h.s.MarkUnreachable("rtsp://192.0.2.99/down")
	pullFailed := "[HTTP] Could not pull the stream : http://example.com/v1/vhosts/default/apps/app/streams (502)"
	for _, tc := range []struct {
		name   string
		path   string
		body   any
		status int
		msg    string
	}{
		{"malformed JSON before the vhost", "/v1/vhosts/nope/apps/app/streams", `{"name":`, 400, ""},
		{"unknown vhost", "/v1/vhosts/nope/apps/app/streams", `{"name":"a","urls":["rtsp://h/a"]}`, 404, "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"unknown app", "/v1/vhosts/default/apps/nope/streams", `{"name":"a","urls":["rtsp://h/a"]}`, 404, "[HTTP] Could not find the application: [default/nope] (404)"},
		{"no body", strmBase, nil, 400, "[HTTP] Request body must be an object (400)"},
		{"no urls", strmBase, `{"name":"a"}`, 400, "[HTTP] Stream name or urls is required (400)"},
		{"name not a string", strmBase, `{"name":5,"urls":["rtsp://h/a"]}`, 400, "[HTTP] Stream name or urls is required (400)"},
		{"urls not an array", strmBase, `{"name":"a","urls":"rtsp://h/a"}`, 400, "[HTTP] Stream name or urls is required (400)"},
		{"empty urls", strmBase, `{"name":"a","urls":[]}`, 400, "[HTTP] Urls must be at least one (400)"},
		{"url not a string", strmBase, `{"name":"a","urls":["rtsp://h/a",5]}`, 400, "[HTTP] Url must be a string (400)"},
		{"duplicate before URL checks", strmBase, `{"name":"taken","urls":["not a url"]}`, 409, "[HTTP] Stream already exists (409)"},
		{"invalid URL", strmBase, `{"name":"a","urls":["192.0.2.10/live/ch1"]}`, 400, "[HTTP] Invalid URL: 192.0.2.10/live/ch1 (400)"},
		{"second URL invalid", strmBase, `{"name":"a","urls":["rtsp://h/a","rtsp//h/b"]}`, 400, "[HTTP] Invalid URL: rtsp//h/b (400)"},
		{"mixed schemes", strmBase, `{"name":"a","urls":["rtsp://h/a","ovt://h/app/a"]}`, 400, "[HTTP] Only urls with the same scheme can be sent as a group. (400)"},
		{"rtmp cannot pull", strmBase, `{"name":"a","urls":["rtmp://h/app/a"]}`, 502, pullFailed},
		{"file provider is gone", strmBase, `{"name":"a","urls":["file://h/x.mp4"]}`, 502, pullFailed},
		{"other scheme", strmBase, `{"name":"a","urls":["http://h/x.m3u8"]}`, 502, pullFailed},
		{"unreachable", strmBase, `{"name":"a","urls":["rtsp://192.0.2.99/down"]}`, 502, pullFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, tc.path, tc.body)
			expect(t, r, tc.status, tc.msg)
			if tc.status == 400 && tc.msg == "" && !strings.HasPrefix(r.Message(), "[HTTP] [JSON] ") {
				t.Fatalf("message %q is not a JSON syntax error", r.Message())
			}
		})
	}
	if got, want := strmNames(t, h, "app"), []string{"taken"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("failed creations left streams: %v", got)
	}
}

func TestCreateStreamPulls(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	h.s.MarkUnreachable("rtsp://192.0.2.10/main")
	for _, tc := range []struct {
		name, body string
		src        wire.StreamSourceType
		url        string
		relay      bool
	}{
		{"cam", `{"name":"cam","urls":["rtsp://192.0.2.10/main","rtsp://192.0.2.11:554/backup"],"properties":{"persistent":true,"retryCount":3}}`, wire.StreamSourceTypeRTSPPull, "rtsp://192.0.2.11:554/backup", false},
		{"cam2", `{"name":"cam2","urls":["RTSPC://192.0.2.12/x"]}`, wire.StreamSourceTypeRTSPPull, "RTSPC://192.0.2.12/x", false},
		{"edge", `{"name":"edge","urls":["ovt://origin.example.com:9000/app/stream"]}`, wire.StreamSourceTypeOVT, "ovt://origin.example.com:9000/app/stream", false},
		{"relayed", `{"name":"relayed","urls":["ovt://origin.example.com:9000/app/stream"],"properties":{"relay":true}}`, wire.StreamSourceTypeOVT, "ovt://origin.example.com:9000/app/stream", true},
		{"odd:name", `{"name":"odd:name","urls":["rtsp://[2001:db8::1]:8554/x?y=1"],"extra":1}`, wire.StreamSourceTypeRTSPPull, "rtsp://[2001:db8::1]:8554/x?y=1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, h.do(http.MethodPost, strmBase, tc.body), http.StatusCreated, "Created")
			info, _ := strmInfo(t, h, "app", tc.name)
			if info.Input.SourceType != tc.src || info.Input.SourceURL == nil || *info.Input.SourceURL != tc.url {
				t.Fatalf("input %+v, want %s from %s", info.Input, tc.src, tc.url)
			}
			// Every provider stream gets a data track: docs/ome-behaviour.md, "Streams".
			if len(info.Input.Tracks) != 3 || info.Input.Tracks[0].Type != wire.TrackTypeVideo || info.Input.Tracks[1].Type != wire.TrackTypeAudio || info.Input.Tracks[2].Type != wire.TrackTypeData {
				t.Fatalf("pulled tracks %+v", info.Input.Tracks)
			}
			if len(info.Outputs) != 1 || *info.Outputs[0].Name != tc.name {
				t.Fatalf("outputs %+v", info.Outputs)
			}
			out := info.Outputs[0]
			if tc.relay {
				if !reflect.DeepEqual(out.Tracks, info.Input.Tracks) {
					t.Fatalf("relay output tracks differ from the input:\n%+v\n%+v", out.Tracks, info.Input.Tracks)
				}
				return
			}
			// The default profile: bypass video, bypass audio, Opus, and the data track.
			if len(out.Tracks) != 4 || !out.Tracks[0].Video.Bypass || !out.Tracks[1].Audio.Bypass || out.Tracks[2].Audio.Codec != wire.TrackCodecOPUS || out.Tracks[3].Type != wire.TrackTypeData {
				t.Fatalf("profile tracks %+v", out.Tracks)
			}
		})
	}
	if got, want := strmNames(t, h, "app"), []string{"cam", "cam2", "edge", "relayed", "odd:name"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	h.s.MarkReachable("rtsp://192.0.2.10/main")
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"again","urls":["rtsp://192.0.2.10/main"]}`), http.StatusCreated, "Created")
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"again","urls":["rtsp://192.0.2.10/main"]}`), http.StatusConflict, "[HTTP] Stream already exists (409)")
	// An application without the RTSP pull provider cannot pull over RTSP.
	expect(t, h.do(http.MethodPost, "/v1/vhosts/default/apps/plain/streams", `{"name":"p","urls":["rtsp://h/p"]}`), http.StatusBadGateway,
		"[HTTP] Could not pull the stream : http://example.com/v1/vhosts/default/apps/plain/streams (502)")
}

func TestCreateStreamPullFailedURLUsesRequestHost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithConfigFile(strmConfFile(t, "origin")), WithAccessToken("t"))
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"a","urls":["srt://h:9999"]}`), http.StatusBadGateway,
		"[HTTP] Could not pull the stream : http://example.com/v1/vhosts/default/apps/app/streams (502)")
}

func TestGetStreamDefaultProfile(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "stream"})
	info, r := strmInfo(t, h, "app", "stream")
	if info.Name == nil || *info.Name != "stream" || info.Input.SourceType != wire.StreamSourceTypeRTMP {
		t.Fatalf("info %+v", info)
	}
	if !info.Input.CreatedTime.Equal(time.Date(2026, 11, 26, 9, 30, 12, 345e6, strmKST)) {
		t.Fatalf("createdTime %v", info.Input.CreatedTime)
	}
	in := info.Input.Tracks
	if len(in) != 3 || in[0].ID != 0 || in[0].Video == nil || in[0].Video.Codec != wire.TrackCodecH264 || in[0].Video.Width != 1280 ||
		in[0].Video.Height != 720 || in[0].Video.Framerate != 30 || in[1].Audio == nil || in[1].Audio.Codec != wire.TrackCodecAAC ||
		in[1].Audio.Samplerate != 48000 || in[1].Audio.Channel != 2 || in[2].Type != wire.TrackTypeData || in[2].Data.Codec != wire.TrackCodecNone {
		t.Fatalf("input tracks %+v", in)
	}
	if in[0].Video.CodecModule == nil || *in[0].Video.CodecModule != wire.TrackCodecModuleNone || in[0].Video.CodecStatus != nil {
		t.Fatalf("input tracks carry codecModule none and no codecStatus: %+v", in[0].Video)
	}
	out := strmOutput(t, info, "stream")
	video, audio, opus := strmTrack(t, out.Tracks, "bypass_video"), strmTrack(t, out.Tracks, "bypass_audio"), strmTrack(t, out.Tracks, "opus_audio")
	if !video.Video.Bypass || video.Video.CodecModule != nil || *video.Video.CodecStatus != wire.TrackCodecStatusReady || video.Video.Width != 1280 {
		t.Fatalf("bypass video %+v", video.Video)
	}
	if !audio.Audio.Bypass || audio.Audio.Codec != wire.TrackCodecAAC {
		t.Fatalf("bypass audio %+v", audio.Audio)
	}
	if opus.Audio.Bypass || opus.Audio.Codec != wire.TrackCodecOPUS || opus.Audio.Bitrate != 128000 || *opus.Audio.CodecModule != wire.TrackCodecModuleLibopus {
		t.Fatalf("opus %+v", opus.Audio)
	}
	if got := []int{video.ID, audio.ID, opus.ID}; !reflect.DeepEqual(got, []int{0, 1, 2}) {
		t.Fatalf("output track ids %v", got)
	}
	if data := out.Tracks[3]; data.Type != wire.TrackTypeData {
		t.Fatalf("data track not passed through: %+v", out.Tracks)
	}
	// Default playlists of LLHLS and WebRTC, sorted by file name, with compatible variants.
	var got []string
	for _, p := range out.Playlists {
		got = append(got, *p.Name+"/"+*p.FileName+"/"+*p.Renditions[0].VideoVariantName+"/"+*p.Renditions[0].AudioVariantName)
		if p.Options.WebRTCAutoABR || p.Options.HLSChunklistPathDepth != -1 || p.Options.EnableTSPackaging {
			t.Fatalf("default options %+v", p.Options)
		}
	}
	if want := []string{"llhls_default/llhls/bypass_video/bypass_audio", "webrtc_default/webrtc_default/bypass_video/opus_audio"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("playlists %v, want %v", got, want)
	}
	// OME's serialisation: its time stamp layout and floats with a fraction.
	for _, want := range []string{`"createdTime":"2026-11-26T09:30:12.345+09:00"`, `"framerate":30.0`, `"keyFrameInterval":60.0`, `"framerateConf":30.0`} {
		if !strings.Contains(string(r.Body), want) {
			t.Fatalf("body lacks %s: %s", want, r.Body)
		}
	}
	if strings.Contains(string(r.Body), `"sourceUrl":""`) || !strings.Contains(string(r.Body), `"sourceUrl":"TCP://127.0.0.1:`) {
		t.Fatalf("sourceUrl: %s", r.Body)
	}
}

func TestGetStreamProfilesAndSubtitles(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "subs", InputStream{Name: "s", Tracks: []Track{
		{Type: "video", Codec: "h264", Width: 1920, Height: 1080, Framerate: 60, Bitrate: 6000000},
		{Type: "Audio", Name: "Main", Codec: "AAC", Language: "ko"},
	}})
	info, _ := strmInfo(t, h, "subs", "s")
	if len(info.Outputs) != 2 {
		t.Fatalf("outputs %+v, want s_sd and s#stt", info.Outputs)
	}
	sd := strmOutput(t, info, "s_sd")
	v := strmTrack(t, sd.Tracks, "h264_480").Video
	if v.Bypass || v.Height != 480 || v.Width != 854 || v.Bitrate != 1048576 || v.BitrateConf != 1048576 || *v.CodecModule != wire.TrackCodecModuleX264 ||
		v.FramerateConf != wire.Double(float32(29.97)) || v.Framerate != wire.Double(float32(29.97)) {
		t.Fatalf("encoded video %+v", v)
	}
	if a := strmTrack(t, sd.Tracks, "aac").Audio; !a.Bypass || a.Language == nil || *a.Language != "ko" {
		t.Fatalf("bypass audio %+v", a)
	}
	// OME adds one input track per subtitle rendition, named "subtitle", after the data track;
	// the outputs pass them on, ready for cues.
	var subs []wire.Track
	for _, tr := range sd.Tracks {
		if tr.Type == wire.TrackTypeSubtitle {
			subs = append(subs, tr)
		}
	}
	if len(subs) != 2 || *subs[0].Name != "subtitle" || *subs[1].Name != "subtitle" ||
		subs[0].Subtitle.CodecStatus == nil || *subs[0].Subtitle.CodecStatus != wire.TrackCodecStatusReady {
		t.Fatalf("output subtitle tracks %+v", subs)
	}
	var in []string
	for _, tr := range info.Input.Tracks {
		in = append(in, fmt.Sprintf("%d:%s:%s", tr.ID, *tr.Name, tr.Type))
	}
	if want := []string{"0:Video:Video", "1:Main:Audio", "2:Data:Data", "3:subtitle:Subtitle", "4:subtitle:Subtitle"}; !reflect.DeepEqual(in, want) {
		t.Fatalf("input tracks %v, want %v", in, want)
	}
	en, ko := subs[0], subs[1]
	if en.Type != wire.TrackTypeSubtitle || en.Subtitle.Codec != wire.TrackCodecWebVTT || !en.Subtitle.Default || !en.Subtitle.AutoSelect || *en.Subtitle.Language != "en" {
		t.Fatalf("English %+v", en.Subtitle)
	}
	if ko.Subtitle.Default || !ko.Subtitle.Forced || ko.Subtitle.AutoSelect {
		t.Fatalf("Korean %+v", ko.Subtitle)
	}
	// Profile playlists win over defaults with the same file name; HLSv3 adds "playlist".
	var got []string
	for _, p := range sd.Playlists {
		got = append(got, *p.Name+"/"+*p.FileName)
	}
	if want := []string{"abr/abr", "mine/llhls", "hls_default/playlist"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("playlists %v, want %v", got, want)
	}
	abr := sd.Playlists[0]
	if abr.Options.WebRTCAutoABR || !abr.Options.EnableTSPackaging || len(abr.Renditions) != 1 || *abr.Renditions[0].Name != "sd" ||
		*abr.Renditions[0].VideoVariantName != "h264_480" || *abr.Renditions[0].AudioVariantName != "aac" {
		t.Fatalf("abr playlist %+v", abr)
	}
	if r := sd.Playlists[1].Renditions[0]; r.VideoVariantName != nil || *r.AudioVariantName != "aac" {
		t.Fatalf("audio-only rendition %+v", r)
	}
	stt := strmOutput(t, info, "s#stt")
	if len(stt.Tracks) != 1 || stt.Tracks[0].Subtitle.Codec != wire.TrackCodecWHISPER || *stt.Tracks[0].Subtitle.STT.OutputLabel != "Korean" ||
		*stt.Tracks[0].Subtitle.STT.SourceLanguage != "ko" || len(stt.Playlists) != 0 {
		t.Fatalf("stt output %+v", stt)
	}
}

func TestGetStreamRelayAndStarting(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "relay", InputStream{Name: "r"})
	strmPublish(t, h, "relay", InputStream{Name: "srt", SourceType: "srt"}) // only RTMP is passed through
	strmPublish(t, h, "app", InputStream{Name: "idle", Tracks: []Track{}})
	info, _ := strmInfo(t, h, "relay", "r")
	if len(info.Outputs) != 1 || *info.Outputs[0].Name != "r" || !reflect.DeepEqual(info.Outputs[0].Tracks, info.Input.Tracks) {
		t.Fatalf("relay outputs %+v", info.Outputs)
	}
	if pls := info.Outputs[0].Playlists; len(pls) != 1 || *pls[0].Name != "llhls_default" {
		t.Fatalf("relay playlists %+v (WebRTC's default playlist is switched off)", pls)
	}
	info, _ = strmInfo(t, h, "relay", "srt")
	if len(info.Outputs) != 1 || *info.Outputs[0].Name != "srt_ignored" || info.Input.SourceType != wire.StreamSourceTypeSRT {
		t.Fatalf("srt outputs %+v", info.Outputs)
	}
	info, r := strmInfo(t, h, "app", "idle")
	if len(info.Input.Tracks) != 0 || len(info.Outputs) != 0 || !strings.Contains(string(r.Body), `"outputs":[]`) || !strings.Contains(string(r.Body), `"tracks":[]`) {
		t.Fatalf("a stream that has not started: %s", r.Body)
	}
}

func TestGetStreamOriginConf(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithConfigFile(strmConfFile(t, "origin")), WithAccessToken("t"))
	if err := h.s.PublishStream("default", "app", InputStream{Name: "stream"}); err != nil {
		t.Fatal(err)
	}
	info, _ := strmInfo(t, h, "app", "stream")
	out := strmOutput(t, info, "stream")
	// bypassIfMatch codec eq: the AAC input passes through, Opus is encoded.
	if a := strmTrack(t, out.Tracks, "aac_audio").Audio; !a.Bypass {
		t.Fatalf("aac_audio %+v", a)
	}
	if a := strmTrack(t, out.Tracks, "opus_audio").Audio; a.Bypass || a.Codec != wire.TrackCodecOPUS {
		t.Fatalf("opus_audio %+v", a)
	}
	var got []string
	for _, p := range out.Playlists {
		got = append(got, *p.FileName)
	}
	if want := []string{"llhls", "master", "playlist", "webrtc_default"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("playlists %v, want %v", got, want)
	}
	master := out.Playlists[1]
	if !master.Options.EnableTSPackaging || master.Options.HLSChunklistPathDepth != 0 || len(master.Renditions) != 1 ||
		*master.Renditions[0].Name != "720p" || *master.Renditions[0].VideoVariantName != "bypass_video" || *master.Renditions[0].AudioVariantName != "aac_audio" {
		t.Fatalf("master playlist (rendition template ${Height}p) %+v", master)
	}
}

func TestGetStreamUTCOffset(t *testing.T) {
	t.Parallel()
	h := newHarness(t, WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }))
	if err := h.s.PublishStream("default", "app", InputStream{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	_, r := strmInfo(t, h, "app", "s")
	if !strings.Contains(string(r.Body), `"createdTime":"2026-01-02T03:04:05.000+00:00"`) {
		t.Fatalf("UTC time stamps are +00:00 with milliseconds: %s", r.Body)
	}
}

func TestGetStreamNotFound(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "s"})
	for _, tc := range []struct{ path, msg string }{
		{"/v1/vhosts/nope/apps/app/streams/s", "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/vhosts/default/apps/nope/streams/s", "[HTTP] Could not find the application: [default/nope] (404)"},
		{strmBase + "/other", "[HTTP] Could not find the stream: [default/#default#app/other] (404)"},
		{"/v1/vhosts/default/apps/subs/streams/s", "[HTTP] Could not find the stream: [default/#default#subs/s] (404)"},
	} {
		expect(t, h.do(http.MethodGet, tc.path, nil), http.StatusNotFound, tc.msg)
		expect(t, h.do(http.MethodDelete, tc.path, nil), http.StatusNotFound, tc.msg)
	}
}

func TestDeleteStream(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "a"})
	strmPublish(t, h, "app", InputStream{Name: "b"})
	strmPublish(t, h, "app", InputStream{Name: "ghost", SourceType: "Unknown"})
	expect(t, h.do(http.MethodPost, strmBase, `{"name":"pulled","urls":["rtsp://h/p"]}`), http.StatusCreated, "Created")
	expect(t, h.do(http.MethodDelete, strmBase+"/a", nil), http.StatusOK, "OK")
	expect(t, h.do(http.MethodDelete, strmBase+"/pulled", nil), http.StatusOK, "OK")
	expect(t, h.do(http.MethodDelete, strmBase+"/a", nil), http.StatusNotFound, "[HTTP] Could not find the stream: [default/#default#app/a] (404)")
	expect(t, h.do(http.MethodDelete, strmBase+"/ghost", nil), http.StatusNotFound, "[HTTP] Could not terminate the stream (404)")
	if got, want := strmNames(t, h, "app"), []string{"b", "ghost"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	// The name is free again.
	strmPublish(t, h, "app", InputStream{Name: "a"})
}

// The mock's name cap holds for every name a client creates, not only configuration names.
func TestCreatedNamesAreCapped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", maxNameBytes+1)
	for _, tc := range []struct{ what, path, body string }{
		{"pulled stream", "/v1/vhosts/default/apps/app/streams", `{"name":"` + long + `","urls":["rtsp://h/x"]}`},
		{"push id", jobLive + ":startPush", `{"id":"` + long + `","stream":{"name":"s"},"protocol":"rtmp","url":"rtmp://h/a"}`},
		{"record id", jobLive + ":startRecord", `{"id":"` + long + `","stream":{"name":"s"}}`},
	} {
		t.Run(tc.what, func(t *testing.T) {
			h, _ := strmHarness(t)
			if strings.HasPrefix(tc.path, jobLive) {
				h, _ = newJobHarness(t)
			}
			r := h.do(http.MethodPost, tc.path, tc.body)
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Message(), "name is too long") {
				t.Fatalf("%d %s", r.Status, r.Message())
			}
		})
	}
}
