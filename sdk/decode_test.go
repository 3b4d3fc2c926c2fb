package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// The payloads under testdata/payloads are OME answers: the JSON examples of OME's REST API
// documentation (corrected where OME answers otherwise: the push state "started", the missing
// isConfig, the stopRecord answer, a default profile named "bypass", an output profile that lost
// its audio encode, the omitted schedule and multiplex fields; see docs/ome-behaviour.md), and
// answers shaped like what OME returns for resources declared in Server.xml, where every
// configuration number and boolean is a JSON string. Each is decoded through the SDK's own
// request path and checked with plain Go accessors.

// decPayload reads testdata/payloads/<name>.
func decPayload(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "payloads", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decResponse returns the raw "response" member of an envelope payload.
func decResponse(t testing.TB, name string) json.RawMessage {
	t.Helper()
	var env struct {
		Response json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(decPayload(t, name), &env); err != nil || len(env.Response) == 0 {
		t.Fatalf("%s: no response member (%v)", name, err)
	}
	return env.Response
}

// decCanon returns the canonical form of a JSON document: object keys sorted, no insignificant
// white space, and every number kept exactly as written (so 30 and 30.0, or 2000000 and
// "2000000", stay different).
func decCanon(t testing.TB, b []byte) string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("canonical JSON: %v", err)
	}
	if _, err := d.Token(); err != io.EOF {
		t.Fatalf("canonical JSON: trailing data after the value")
	}
	var out bytes.Buffer
	e := json.NewEncoder(&out)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSpace(out.Bytes()))
}

// decDropZeros removes, at every depth, the object members whose value is false, "", 0 or [].
func decDropZeros(t testing.TB, b []byte) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var drop func(any) any
	drop = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch z := e.(type) {
				case bool:
					if !z {
						delete(x, k)
						continue
					}
				case string:
					if z == "" {
						delete(x, k)
						continue
					}
				case json.Number:
					if f, err := z.Float64(); err == nil && f == 0 {
						delete(x, k)
						continue
					}
				case []any:
					if len(z) == 0 {
						delete(x, k)
						continue
					}
				}
				x[k] = drop(e)
			}
		case []any:
			for i, e := range x {
				x[i] = drop(e)
			}
		}
		return v
	}
	out, err := json.Marshal(drop(v))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// decodeCase calls one SDK method against a server that answers a payload file.
type decodeCase struct {
	name     string
	file     string
	status   int    // 200 when 0
	method   string // expected request
	path     string // expected escaped path
	wantBody string // expected JSON request body, compared as JSON; "" skips the check
	call     func(ctx context.Context, c *Client) (any, error)
	check    func(t *testing.T, got any, err error)
}

// decServe starts a server answering body with status to every request, checking each request
// against want, and returns a client for it.
func decServe(t *testing.T, tc decodeCase, body []byte) (*Client, *atomic.Int32) {
	t.Helper()
	status := tc.status
	if status == 0 {
		status = http.StatusOK
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != tc.method || r.URL.EscapedPath() != tc.path {
			t.Errorf("request %s %s, want %s %s", r.Method, r.URL.EscapedPath(), tc.method, tc.path)
		}
		got, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
		}
		if tc.wantBody != "" && !sameJSON(got, []byte(tc.wantBody)) {
			t.Errorf("request body (-want +got):\n- %s\n+ %s", tc.wantBody, got)
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithAccessToken("ome-access-token"))
	if err != nil {
		t.Fatal(err)
	}
	return c, &calls
}

// utc is a time in UTC, for comparisons across zones.
func decUTC(y int, mo time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ms*int(time.Millisecond), time.UTC)
}

// decEpoch is the zero time OME writes for unset time stamps (in any zone).
var decEpoch = time.Unix(0, 0)

// decBatchCheck builds a check for a batch method: results of type T and an error.
func decBatchCheck[T any](f func(t *testing.T, res []Result[T], err error)) func(*testing.T, any, error) {
	return func(t *testing.T, got any, err error) {
		t.Helper()
		res, ok := got.([]Result[T])
		if !ok {
			t.Fatalf("value %T, want []Result[%T]", got, *new(T))
		}
		f(t, res, err)
	}
}

const (
	decApp     = "/v1/vhosts/default/apps/app"
	decStream  = decApp + "/streams/stream"
	decProfile = decApp + "/outputProfiles"
)

func decodeCases() []decodeCase {
	return []decodeCase{
		{name: "version", file: "version.json", method: "GET", path: "/v1/version",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Version.Get(ctx) },
			check: check(func(t *testing.T, v *Version) {
				if v.Version != "x.y.z" || v.GitVersion != "vx.y.z-0-g1234567" {
					t.Errorf("version %+v", v)
				}
			})},

		{name: "vhost from the API (docs)", file: "vhost_get_docs.json", method: "GET", path: "/v1/vhosts/default",
			call: func(ctx context.Context, c *Client) (any, error) { return c.VirtualHosts.Get(ctx, "default") },
			check: check(func(t *testing.T, v *VirtualHost) {
				if v.Name != "default" || v.Distribution != "ovenServer" || v.Applications != nil || v.CrossDomains != nil {
					t.Errorf("vhost %+v", v)
				}
				if h := v.Host; len(h.Names) != 2 || (h.Names)[1] != "*" || h.TLS.ChainCertPath != "/etc/pki/ovenmedia.com/_ovenmedia_com.ca-bundle" {
					t.Errorf("host %+v", h)
				}
				aw := v.AdmissionWebhooks
				if aw.Timeout.Int64() != 3000 || aw.Timeout.IsString() || aw.SecretKey != "" || aw.Enables.Publishers != "webrtc,llhls" {
					t.Errorf("admissionWebhooks %+v", aw)
				}
				if v.SignedPolicy.SecretKey != "aKq#1kj" || v.SignedPolicy.PolicyQueryKeyName != "policy" {
					t.Errorf("signedPolicy %+v", v.SignedPolicy)
				}
				o := (v.Origins.Origin)[0]
				if o.Location != "/app/rtsp" || o.Pass.Scheme != "rtsp" || o.Pass.URLs.URL[0] != "rtsp.server:8554/ca-01" ||
					!o.Persistent.IsZero() || !o.Pass.ForwardQueryParams.IsZero() || v.Origins.Properties != nil {
					t.Errorf("origin %+v", o)
				}
				if v.OriginMapStore.RedisServer.Auth != "!@#ovenmediaengine" || v.OriginMapStore.OriginHostName != "ome-dev.ovenmedia.com" {
					t.Errorf("originMapStore %+v", v.OriginMapStore)
				}
			})},

		{name: "vhost from Server.xml", file: "vhost_get_serverxml.json", method: "GET", path: "/v1/vhosts/default",
			call: func(ctx context.Context, c *Client) (any, error) { return c.VirtualHosts.Get(ctx, "default") },
			check: check(func(t *testing.T, v *VirtualHost) {
				if to := v.AdmissionWebhooks.Timeout; to.Int64() != 3000 || !to.IsString() {
					t.Errorf("timeout %v (string %v)", to, to.IsString())
				}
				o := (v.Origins.Origin)[0]
				if o.Persistent.Bool() || !o.Persistent.IsString() || !o.Failback.Bool() || o.StrictLocation.Bool() || !o.Relay.Bool() ||
					o.IgnoreRtcpSrTimestamp.Bool() || o.Pass.ForwardQueryParams.Bool() || !o.Pass.ForwardQueryParams.IsString() {
					t.Errorf("origin %+v", o)
				}
				o2 := (v.Origins.Origin)[1]
				if !o2.Pass.ForwardQueryParams.Bool() || !o2.Persistent.IsZero() || !o2.Relay.IsZero() ||
					o2.Pass.URLs.URL[0] != "${env:DEFAULT_ORIGIN_SERVER:}:${env:DEFAULT_ORIGIN_PORT:9000}/" {
					t.Errorf("second origin %+v", o2)
				}
				p := v.Origins.Properties
				if p.RetryCount.Int64() != 0 || !p.RetryCount.IsString() || p.UnusedStreamDeletionTimeout.Int64() != 60000 ||
					p.NoInputFailoverTimeout.Int64() != 3000 || p.StreamFailbackTimeout.Int64() != 3000 {
					t.Errorf("origin properties %+v", p)
				}
				if v.CrossDomains == nil || (v.CrossDomains.URLs)[0] != "*" || v.Host.TLS.KeyPath != "./cert.key" {
					t.Errorf("vhost %+v", v)
				}
			})},

		{name: "vhosts created (docs, with a per-item 409)", file: "vhosts_create_docs.json", status: 207, method: "POST", path: "/v1/vhosts",
			wantBody: `[{"name":"enterprise"},{"name":"free"},{"name":"default"}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VirtualHosts.Create(ctx, VirtualHost{Name: "enterprise"}, VirtualHost{Name: "free"}, VirtualHost{Name: "default"})
			},
			check: decBatchCheck(func(t *testing.T, res []Result[VirtualHost], err error) {
				var be *BatchError
				if !errors.As(err, &be) || be.StatusCode != 207 || !errors.Is(err, ErrConflict) {
					t.Fatalf("error %v", err)
				}
				diff(t, "failed", []ItemError{{Index: 2, StatusCode: 409, Message: "The virtual host already exists: [default]"}}, be.Failed)
				if len(res) != 3 || res[0].Value.Name != "enterprise" || res[0].Value.AdmissionWebhooks.Timeout.Int64() != 3000 ||
					res[1].Value.SignedPolicy != nil || (res[1].Value.Host.Names)[0] != "ovenmediaengine.com" || res[2].Value != nil ||
					len(Values(res)) != 2 {
					t.Errorf("results %+v", res)
				}
			})},

		{name: "app from the API (docs)", file: "app_get_docs.json", method: "GET", path: decApp,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "app") },
			check: check(func(t *testing.T, a *Application) {
				if a.Name != "app" || a.Type != "live" || a.Dynamic {
					t.Errorf("app %+v", a)
				}
				op := (a.OutputProfiles.OutputProfile)[0]
				if op.Name != "default" || op.OutputStreamName != "${OriginStreamName}" || op.Playlists != nil {
					t.Errorf("profile %+v", op)
				}
				au := (op.Encodes.Audios)[0]
				if au.Bitrate.Int64() != 128000 || au.Bitrate.IsString() || au.Channel.Int64() != 2 || au.Samplerate.Int64() != 48000 ||
					au.Codec != "opus" || au.BypassIfMatch.Codec != "eq" || !au.Bypass.IsZero() {
					t.Errorf("audio %+v", au)
				}
				if v := (op.Encodes.Videos)[0]; !v.Bypass.Bool() || v.Bypass.IsString() || v.Name != "bypass_video" || v.Codec != "" {
					t.Errorf("video %+v", v)
				}
				pr, pu := a.Providers, a.Publishers
				if pr.OVT == nil || pr.RTMP == nil || pr.RTSPPull == nil || pr.SRT == nil || pr.WebRTC == nil || !pr.WebRTC.Timeout.IsZero() ||
					pr.MPEGTS != nil || pr.Schedule != nil || pu.LLHLS == nil || pu.OVT == nil || pu.WebRTC == nil || pu.HLS != nil || !pu.AppWorkerCount.IsZero() {
					t.Errorf("providers %+v, publishers %+v", pr, pu)
				}
			})},

		{name: "app patched (docs)", file: "app_patch_docs.json", method: "PATCH", path: decApp,
			wantBody: `{"providers":{"webrtc":{"timeout":60000}}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Applications.Patch(ctx, "default", "app", ApplicationPatch{Providers: &Providers{WebRTC: &ProviderWebRTC{Timeout: NewInt(60000)}}})
			},
			check: check(func(t *testing.T, a *Application) {
				if to := a.Providers.WebRTC.Timeout; to.IsZero() || to.Int64() != 60000 || to.IsString() {
					t.Errorf("webrtc provider %+v", a.Providers.WebRTC)
				}
			})},

		{name: "app from Server.xml", file: "app_get_serverxml.json", method: "GET", path: decApp,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "app") },
			check: check(func(t *testing.T, a *Application) {
				ll := a.Publishers.LLHLS
				if ll.ChunkDuration.Float64() != 0.5 || !ll.ChunkDuration.IsString() || ll.PartHoldBack.Float64() != 1.5 ||
					ll.SegmentCount.Int64() != 10 || ll.SegmentDuration.Float64() != 6 || !ll.CreateDefaultPlaylist.Bool() ||
					!ll.EnablePreloadHint.IsZero() || (ll.CrossDomains.URLs)[0] != "*" {
					t.Errorf("llhls %+v", ll)
				}
				if ll.DVR.Enable.Bool() || !ll.DVR.Enable.IsString() || ll.DVR.MaxDuration.Int64() != 3600 || ll.DVR.TempStoragePath != "/tmp/ome_dvr/" ||
					ll.DRM.Enable.Bool() || ll.DRM.InfoFile != "path/to/file.xml" {
					t.Errorf("llhls dvr %+v drm %+v", ll.DVR, ll.DRM)
				}
				pu := a.Publishers
				if pu.AppWorkerCount.Int64() != 1 || pu.StreamWorkerCount.Int64() != 8 || pu.HLS.SegmentCount.Int64() != 4 || pu.HLS.SegmentDuration.Float64() != 4 {
					t.Errorf("publishers %+v", pu)
				}
				if w := pu.WebRTC; w.Timeout.Int64() != 30000 || w.Rtx.Bool() || w.Ulpfec.Bool() || w.JitterBuffer.Bool() || !w.CreateDefaultPlaylist.Bool() || w.PlayoutDelay != nil {
					t.Errorf("webrtc publisher %+v", w)
				}
				pr := a.Providers
				if s := (pr.MPEGTS.Streams)[0]; s.Name != "stream_${Port}" || s.Port != "4000" {
					t.Errorf("mpegts stream %+v", s)
				}
				if !pr.RTMP.BlockDuplicateStreamName.Bool() || pr.RTMP.FirstMediaWaitTimeoutMs.Int64() != 5000 || !pr.RTMP.PassthroughOutputProfile.IsZero() {
					t.Errorf("rtmp %+v", pr.RTMP)
				}
				if w := pr.WebRTC; w.Timeout.Int64() != 30000 || w.Rtx.Enable.Bool() || w.Rtx.MaxHoldMs.Int64() != 400 || (w.CrossDomains.URLs)[0] != "*" {
					t.Errorf("webrtc provider %+v", w)
				}
				if pr.Schedule.MediaRootDir != "/opt/ovenmediaengine/media" || pr.Multiplex != nil {
					t.Errorf("schedule %+v", pr.Schedule)
				}
				ops := a.OutputProfiles
				if ops.Decodes.ThreadCount.Int64() != 2 || ops.Decodes.OnlyKeyframes.Bool() || !ops.Decodes.OnlyKeyframes.IsString() {
					t.Errorf("decodes %+v", ops.Decodes)
				}
				op := (ops.OutputProfile)[0]
				byp, v720 := (op.Encodes.Videos)[0], (op.Encodes.Videos)[1]
				if !byp.Bypass.Bool() || !byp.Bypass.IsString() {
					t.Errorf("bypass video %+v", byp)
				}
				if v720.Bitrate.Int64() != 2000000 || !v720.Bitrate.IsString() || v720.Framerate.Float64() != 29.97 || v720.Width.Int() != 1280 ||
					v720.Height.Int() != 720 || v720.KeyFrameInterval.Int64() != 30 || v720.BFrames.Int64() != 0 || v720.Preset != "faster" || !v720.Bypass.IsZero() {
					t.Errorf("video_720 %+v", v720)
				}
				if au := (op.Encodes.Audios)[1]; au.Bitrate.Int64() != 128000 || !au.Bitrate.IsString() || au.Channel.Int64() != 2 || au.Name != "opus_audio" {
					t.Errorf("opus %+v", au)
				}
				pl := (op.Playlists)[0]
				opt := pl.Options
				if pl.FileName != "master" || opt.HLSChunklistPathDepth.Int64() != 0 || !opt.HLSChunklistPathDepth.IsString() ||
					!opt.WebRTCAutoABR.Bool() || !opt.EnableTSPackaging.Bool() || !opt.EnableSubtitles.IsZero() || pl.Renditions != nil {
					t.Errorf("playlist %+v options %+v", pl, opt)
				}
				rt := (pl.RenditionTemplates)[0]
				if rt.Name != "${Height}p" || rt.VideoTemplate.EncodingType != "all" || rt.VideoTemplate.MaxBitrate.Int64() != 2000000 ||
					rt.VideoTemplate.MaxHeight.Int64() != 720 || rt.AudioTemplate.EncodingType != "all" || !rt.AudioTemplate.MaxBitrate.IsZero() {
					t.Errorf("rendition template %+v", rt)
				}
				if a.Dynamic || a.Type != "live" {
					t.Errorf("app %+v", a)
				}
			})},

		{name: "app from Server.xml, every section", file: "app_get_serverxml_full.json", method: "GET", path: "/v1/vhosts/default/apps/live",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "live") },
			check: check(func(t *testing.T, a *Application) {
				if a.Decodes.H264HasBframes.Int64() != 16 || a.Decodes.Video.HardwareAcceleration.Bool() || a.EventGenerator.Enable.Bool() {
					t.Errorf("decodes %+v, eventGenerator %+v", a.Decodes, a.EventGenerator)
				}
				sub := a.Subtitles
				if !sub.Enable.Bool() || sub.DefaultLabel != "Korean" || !(sub.Rendition)[0].AutoSelect.Bool() || !(sub.Rendition)[1].AutoSelect.IsZero() ||
					(sub.Rendition)[1].Language != "en" {
					t.Errorf("subtitles %+v", sub)
				}
				ops := a.OutputProfiles
				stt := (ops.MediaOptions.STT.Rendition)[0]
				if !ops.MediaOptions.STT.Enable.Bool() || stt.Engine != "whisper" || stt.StepMs.Int64() != 2000 || stt.KeepMs.Int64() != 1500 ||
					stt.Translation.Bool() || stt.OutputSubtitleLabel != "Korean" || stt.Modules != "nv:0" || ops.MediaOptions.Subtitles != nil {
					t.Errorf("stt %+v", stt)
				}
				if ops.Hwaccels.Encoder.Enable.Bool() || ops.Hwaccels.Encoder.Modules != "nv:0,x264" || ops.HardwareAcceleration.Bool() || ops.Decodes != nil {
					t.Errorf("hwaccels %+v", ops.Hwaccels)
				}
				if ps := (a.PersistentStreams.Stream)[0]; ps.Name != "always_on" || ps.FallbackStreamName != "standby" {
					t.Errorf("persistent stream %+v", ps)
				}
				pr := a.Providers
				if pr.File != "true" {
					t.Errorf("file provider placeholder %#v, want the string as sent", pr.File)
				}
				ev := (pr.RTMP.EventGenerator.Event)[0]
				if ev.Trigger != "onCuePoint" || ev.HLSId3V2.FrameType != "TXXX" || ev.HLSId3V2.EventType != "video" ||
					pr.RTMP.PacketSilenceTimeoutMs.Int64() != 10000 || pr.RTMP.TimestampMode != "Original" {
					t.Errorf("rtmp %+v event %+v", pr.RTMP, ev)
				}
				am := pr.SRT.AudioMap.Item
				if len(am) != 2 || am[0].Name != "English" || am[0].Characteristics != "public.accessibility.describes-video" || am[1].Characteristics != "" {
					t.Errorf("srt audio map %+v", am)
				}
				if !pr.MPEGTS.PacketReordering.Bool() || (pr.MPEGTS.Streams)[0].Port != "4000-4004,4005/udp" || pr.Multiplex.MuxFilesDir != "/opt/ovenmediaengine/mux" ||
					pr.WebRTC.FirInterval.Int64() != 3000 || pr.WebRTC.RtcpBasedTimestamp.Bool() {
					t.Errorf("providers %+v", pr)
				}
				pu := a.Publishers
				hls := pu.HLS
				d := (hls.Dumps.Dump)[0]
				if !d.Enable.Bool() || !d.Enable.IsString() || d.TargetStreamName != "stream*" || (d.Playlists.Playlist)[0] != "llhls.m3u8" ||
					hls.CacheControl.SegmentMaxAge.Int64() != -1 || hls.CacheControl.ChunklistWithDirectivesMaxAge.Int64() != 60 ||
					(hls.DefaultQueryString.Queries)[0] != (PublisherHLSQuery{Key: "token", Value: "abc"}) || !hls.DVR.Enable.Bool() ||
					hls.DVR.EventPlaylistType.Bool() || !hls.OriginMode.Bool() {
					t.Errorf("hls %+v dump %+v", hls, d)
				}
				if pu.Push.SendTimeout.Int64() != -1 || pu.Push.ConnectionTimeout.Int64() != 5000 || pu.Push.StreamMap.Enable.Bool() ||
					pu.File.StreamMap.Path != "conf/record_map.xml" || pu.SRT.MaxConnection.Int64() != 100 || pu.MPEGTSPush == nil || pu.RTMPPush != nil {
					t.Errorf("publishers %+v", pu)
				}
				if h := (pu.Thumbnail.CrossDomains.Headers)[0]; h.Key != "Access-Control-Allow-Origin" || (pu.Thumbnail.CrossDomains.URLs)[1] != "http://*.sub.example.com" {
					t.Errorf("thumbnail %+v", pu.Thumbnail)
				}
				if w := pu.WebRTC; w.BandwidthEstimation != "TransportCC" || w.PlayoutDelay.Min.Int64() != 100 || w.PlayoutDelay.Max.Int64() != 500 {
					t.Errorf("webrtc publisher %+v", w)
				}
				if tw := a.TranscodeWebhook; tw.Timeout.Int64() != 1500 || tw.Enable.Bool() || !tw.UseLocalProfilesOnConnectionFailure.Bool() || tw.SecretKey != "s3cr3t" {
					t.Errorf("transcodeWebhook %+v", tw)
				}
			})},

		{name: "apps created, one conflict", file: "apps_create_mixed.json", status: 207, method: "POST", path: "/v1/vhosts/default/apps",
			wantBody: `[{"name":"app","type":"live"},{"name":"app2","type":"live"}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Applications.Create(ctx, "default", Application{Name: "app", Type: "live"}, Application{Name: "app2", Type: "live"})
			},
			check: decBatchCheck(func(t *testing.T, res []Result[Application], err error) {
				var be *BatchError
				if !errors.As(err, &be) || be.StatusCode != 207 || !errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
					t.Fatalf("error %v", err)
				}
				diff(t, "failed", []ItemError{{Index: 1, StatusCode: 409, Message: "Could not create the application: [default/app2] already exists"}}, be.Failed)
				if len(res) != 2 || !res[0].OK() || res[0].Message != "OK" || (res[0].Value.OutputProfiles.OutputProfile)[0].Name != "default" ||
					((res[0].Value.OutputProfiles.OutputProfile)[0].Encodes.Audios)[1].Samplerate.Int64() != 48000 || res[1].Value != nil {
					t.Errorf("results %+v", res)
				}
			})},

		{name: "output profile (docs)", file: "profile_get_docs.json", method: "GET", path: decProfile + "/bypass_profile2",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OutputProfiles.Get(ctx, "default", "app", "bypass_profile2")
			},
			check: check(func(t *testing.T, p *OutputProfile) {
				if p.Name != "bypass_profile2" || p.OutputStreamName != "${OriginStreamName}_bypass" || p.Encodes.Audios == nil ||
					len(p.Encodes.Audios) != 0 || p.Encodes.Images != nil || p.Playlists != nil {
					t.Errorf("profile %+v", p)
				}
				if v := (p.Encodes.Videos)[0]; !v.Bypass.Bool() || v.Name != "" {
					t.Errorf("video %+v", v)
				}
			})},

		{name: "output profiles created (docs)", file: "profiles_create_docs.json", method: "POST", path: decProfile,
			wantBody: `[{"name":"bypass_profile","outputStreamName":"${OriginStreamName}_bypass","encodes":{"videos":[{"bypass":true}],"audios":[{"bypass":true}]}}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OutputProfiles.Create(ctx, "default", "app", OutputProfile{
					Name: "bypass_profile", OutputStreamName: "${OriginStreamName}_bypass",
					Encodes: &OutputProfileEncodes{
						Videos: []EncodeVideo{{Bypass: NewBool(true)}},
						Audios: []EncodeAudio{{Bypass: NewBool(true)}},
					},
				})
			},
			check: decBatchCheck(func(t *testing.T, res []Result[OutputProfile], err error) {
				if err != nil || len(res) != 1 || !res[0].OK() {
					t.Fatalf("results %+v, %v", res, err)
				}
				p := res[0].Value
				if p.Name != "bypass_profile" || !(p.Encodes.Audios)[0].Bypass.Bool() || !(p.Encodes.Videos)[0].Bypass.Bool() {
					t.Errorf("profile %+v", p)
				}
			})},

		{name: "output profile from Server.xml", file: "profile_get_serverxml.json", method: "GET", path: decProfile + "/abr",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OutputProfiles.Get(ctx, "default", "app", "abr")
			},
			check: check(func(t *testing.T, p *OutputProfile) {
				byp, v := (p.Encodes.Videos)[0], (p.Encodes.Videos)[1]
				if !byp.Bypass.Bool() || !byp.Bypass.IsString() || !byp.Bitrate.IsZero() {
					t.Errorf("bypass video %+v", byp)
				}
				if v.Bitrate.Int64() != 2000000 || !v.Bitrate.IsString() || v.Bitrate.String() != "2000000" || v.KeyFrameIntervalType != "time" ||
					v.KeyFrameInterval.Int64() != 1000 || v.SkipFrames.Int64() != -1 || v.Framerate.Float64() != 30 ||
					v.BypassIfMatch.SAR != "eq" || v.BypassIfMatch.Height != "lte" || v.BypassIfMatch.Width != "" {
					t.Errorf("video_720 %+v", v)
				}
				if im := (p.Encodes.Images)[0]; im.Framerate.Float64() != 1 || im.Width.Int64() != 320 || im.Codec != "jpeg" {
					t.Errorf("image %+v", im)
				}
				pl := (p.Playlists)[0]
				if pl.Options.HLSChunklistPathDepth.Int64() != -1 || pl.Options.EnableTSPackaging.Bool() || !pl.Options.WebRTCAutoABR.Bool() {
					t.Errorf("playlist options %+v", pl.Options)
				}
				r0, r1 := (pl.Renditions)[0], (pl.Renditions)[1]
				if !r0.VideoIndexHint.IsZero() || r0.Video != "video_720" || r1.VideoIndexHint.Int64() != 0 || !r1.VideoIndexHint.IsString() || !r1.AudioIndexHint.IsZero() {
					t.Errorf("renditions %+v %+v", r0, r1)
				}
				ts := (p.Tracksets)[0]
				if ts.Name != "low" || ts.Strict.Bool() || !ts.Strict.IsString() || (ts.Videos)[0].IndexHint.Int64() != -1 || ts.Audios != nil {
					t.Errorf("trackset %+v", ts)
				}
			})},

		{name: "stream (docs)", file: "stream_get_docs.json", method: "GET", path: decStream,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.Get(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *StreamInfo) {
				in := s.Input
				if s.Name != "stream" || in.SourceType != StreamSourceTypeRTMP || in.SourceURL != "tcp://192.168.0.200:41008" ||
					!in.CreatedTime.Equal(decUTC(2026, 7, 29, 6, 4, 21, 879)) || len(in.Tracks) != 2 {
					t.Fatalf("input %+v", in)
				}
				v := in.Tracks[0].Video
				if v.Bitrate != 2500000 || v.BitrateAvg != 2493184 || v.Framerate != 30 || v.CodecModule != "none" || v.CodecStatus != "" ||
					*v.Timebase != (TrackTimebase{Num: 1, Den: 1000}) || v.ConfigChangeCount != 0 || !v.LastConfigChanged.IsZero() ||
					v.HasBframes || v.DeltaFramesSinceLastKeyFrame != 12 || v.MaxWidth != 1280 {
					t.Errorf("input video %+v", v)
				}
				if a := in.Tracks[1].Audio; a.Codec != TrackCodecAAC || a.Channel != 2 || a.Samplerate != 48000 || a.BitrateLatest != 128512 {
					t.Errorf("input audio %+v", a)
				}
				out := s.Outputs[0]
				ov := out.Tracks[0].Video
				if out.Name != "stream" || !ov.Bypass || ov.CodecStatus != TrackCodecStatusReady || ov.CodecModule != "" || ov.BitrateConf != 0 {
					t.Errorf("output video %+v", ov)
				}
				if oa := out.Tracks[1].Audio; oa.CodecModule != "libopus" || oa.Codec != TrackCodecOPUS || oa.Timebase.Den != 48000 {
					t.Errorf("output audio %+v", oa)
				}
				pl := out.Playlists[0]
				if pl.Name != "llhls_default" || pl.Options.HLSChunklistPathDepth != -1 || !pl.Options.WebRTCAutoABR || pl.Options.EnableTSPackaging ||
					pl.Renditions[0].VideoVariantName != "bypass_video" || pl.Renditions[0].AudioVariantName != "opus_audio" {
					t.Errorf("playlist %+v", pl)
				}
			})},

		{name: "relay stream with data and STT tracks on a UTC server", file: "stream_get_relay_utc.json", method: "GET", path: decApp + "/streams/relay1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.Get(ctx, "default", "app", "relay1")
			},
			check: check(func(t *testing.T, s *StreamInfo) {
				in := s.Input
				if in.SourceURL != "" || in.SourceType != StreamSourceTypeOVT || len(in.Tracks) != 5 {
					t.Fatalf("input %+v", in)
				}
				if !in.CreatedTime.Equal(at(2026, 11, 26, 9, 30, 12, 345)) {
					t.Errorf("createdTime %v is not 09:30:12.345+09:00", in.CreatedTime)
				}
				if _, off := in.CreatedTime.Zone(); off != 0 {
					t.Errorf("createdTime zone offset %d, want 0", off)
				}
				v := in.Tracks[0].Video
				if v.Framerate != float64(float32(29.97)) || v.ConfigChangeCount != 1 || !v.LastConfigChanged.Equal(decUTC(2026, 11, 26, 0, 31, 0, 0)) ||
					!v.HasBframes || v.Timebase.Den != 90000 {
					t.Errorf("video %+v", v)
				}
				if a := in.Tracks[1].Audio; a.Language != "kor" || a.Characteristics != "" || !a.LastConfigChanged.IsZero() {
					t.Errorf("audio %+v", a)
				}
				if d := in.Tracks[2]; d.Type != TrackTypeData || d.Data == nil || d.Data.Codec != TrackCodecNone || d.Video != nil {
					t.Errorf("data track %+v", d)
				}
				st := in.Tracks[3].Subtitle
				if st == nil || st.Codec != TrackCodecWHISPER || !st.Default || st.Forced || !st.AutoSelect || st.Language != "ko" ||
					st.STT.Engine != "whisper" || st.STT.OutputLabel != "Korean" || st.STT.SourceLanguage != "" || st.STT.Translation {
					t.Errorf("subtitle track %+v", st)
				}
				if att := in.Tracks[4]; att.Type != TrackTypeAttachment || att.Name != "" || att.Video != nil || att.Audio != nil || att.Data != nil || att.Subtitle != nil {
					t.Errorf("attachment track %+v", att)
				}
				out := s.Outputs[0]
				if out.Name != "relay1" || out.Playlists[1].Name != "" || out.Playlists[1].Renditions[0].VideoVariantName != "" {
					t.Errorf("output %+v", out)
				}
				if ov := out.Tracks[0].Video; !ov.Bypass || ov.BitrateAvg != 0 || ov.HasBframes || ov.Timebase != nil || ov.CodecModule != "" {
					t.Errorf("output video %+v", ov)
				}
			})},

		{name: "push started (docs)", file: "push_start_docs.json", method: "POST", path: decApp + ":startPush",
			wantBody: `{"id":"{unique_push_id}","stream":{"name":"{output_stream_name}","variantNames":["h264_fhd","aac"]},"protocol":"rtmp","url":"rtmp://{host}[:port]/{app_name}","streamKey":"{stream_name}"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{
					ID: "{unique_push_id}", Protocol: PushProtocolRTMP, URL: "rtmp://{host}[:port]/{app_name}", StreamKey: "{stream_name}",
					Stream: JobStreamRequest{Name: "{output_stream_name}", VariantNames: []string{"h264_fhd", "aac"}},
				})
			},
			check: check(func(t *testing.T, p *Push) {
				if p.State != PushStateReady || p.ID != "{unique_push_id}" || p.Protocol != PushProtocolRTMP || p.StreamKey != "{stream_name}" ||
					p.Vhost != "default" || p.App != "app" || p.IsConfig || p.TotalsentBytes != 0 || p.Sequence != 0 {
					t.Errorf("push %+v", p)
				}
				if p.Stream.Name != "{output_stream_name}" || p.Stream.TrackIDs == nil || len(p.Stream.TrackIDs) != 0 || len(p.Stream.VariantNames) != 0 {
					t.Errorf("stream %+v", p.Stream)
				}
				if !p.CreatedTime.Equal(decUTC(2023, 3, 15, 14, 2, 34, 371)) || !p.StartTime.Equal(decEpoch) || !p.FinishTime.Equal(decEpoch) {
					t.Errorf("times %v %v %v", p.CreatedTime, p.StartTime, p.FinishTime)
				}
			})},

		{name: "SRT push without stream key on a UTC server", file: "push_start_srt.json", method: "POST", path: decApp + ":startPush",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Push.Start(ctx, "default", "app", StartPushRequest{ID: "srt-1", Protocol: "srt", URL: "srt://10.0.0.5:9999?mode=caller&latency=120000&timeout=500000",
					Stream: JobStreamRequest{Name: "stream"}})
			},
			check: check(func(t *testing.T, p *Push) {
				if p.StreamKey != "" || p.Protocol != PushProtocolSRT || p.URL != "srt://10.0.0.5:9999?mode=caller&latency=120000&timeout=500000" {
					t.Errorf("push %+v", p)
				}
				// The same instant as the docs' 2023-03-15T23:02:34.371+09:00.
				if !p.CreatedTime.Equal(at(2023, 3, 15, 23, 2, 34, 371)) || !p.StartTime.Equal(decEpoch) || !p.FinishTime.Equal(decEpoch) {
					t.Errorf("times %v %v %v", p.CreatedTime, p.StartTime, p.FinishTime)
				}
			})},

		{name: "pushes (docs, state corrected)", file: "push_list_docs.json", method: "POST", path: decApp + ":pushes", wantBody: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Push.List(ctx, "default", "app", "") },
			check: check(func(t *testing.T, ps []Push) {
				if len(ps) != 1 || ps[0].State != PushStatePushing || !ps[0].State.Valid() || ps[0].URL != "rtmp://{host}[:port]/{app_name}" {
					t.Errorf("pushes %+v", ps)
				}
			})},

		{name: "record started (docs)", file: "record_start_docs.json", method: "POST", path: decApp + ":startRecord",
			wantBody: `{"id":"{unique_record_id}","stream":{"name":"{output_stream_name}"},"interval":60000,"segmentationRule":"discontinuity"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Recording.Start(ctx, "default", "app", StartRecordRequest{ID: "{unique_record_id}", Stream: JobStreamRequest{Name: "{output_stream_name}"},
					Interval: int32(60000), SegmentationRule: RecordSegmentationRuleDiscontinuity})
			},
			check: check(func(t *testing.T, r *Record) {
				if r.State != RecordStateReady || r.ID != "2" || r.Interval != 60000 || r.SegmentationRule != RecordSegmentationRuleDiscontinuity || r.IsConfig {
					t.Errorf("record %+v", r)
				}
				if !r.CreatedTime.Equal(decUTC(2023, 3, 15, 12, 15, 20, 113)) || !r.StartTime.IsZero() || !r.FinishTime.IsZero() || r.RecordBytes != 0 ||
					r.Sequence != 0 || r.FilePath != "" || r.OutputFilePath != "" || r.Metadata != "" || r.Schedule != "" {
					t.Errorf("record %+v: fields present that OME omits", r)
				}
			})},

		{name: "records (docs)", file: "record_list_docs.json", method: "POST", path: decApp + ":records", wantBody: `{"id":"2"}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Recording.List(ctx, "default", "app", "2") },
			check: check(func(t *testing.T, rs []Record) {
				if len(rs) != 1 || rs[0].State != RecordStateRecording || rs[0].Stream.Name != "stream" {
					t.Errorf("records %+v", rs)
				}
			})},

		{name: "record stopped", file: "record_stop.json", method: "POST", path: decApp + ":stopRecord", wantBody: `{"id":"2"}`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Recording.Stop(ctx, "default", "app", "2") },
			check: check(func(t *testing.T, r *Record) {
				if r.State != RecordStateStopping || r.TotalRecordBytes != 8912896 || r.TotalRecordTime != 75000 || r.RecordBytes != 1048576 ||
					r.Sequence != 1 || !r.FinishTime.IsZero() || !r.StartTime.Equal(at(2023, 3, 15, 21, 15, 21, 540)) ||
					r.OutputFilePath != "/var/ome/records/default/app/stream/2_20230315211521_1.mp4" {
					t.Errorf("record %+v", r)
				}
				diff(t, "stream", JobStream{Name: "stream", TrackIDs: []int{0, 1}, VariantNames: []string{"bypass_video", "aac_audio"}}, r.Stream)
			})},

		{name: "vhost statistics (docs)", file: "stats_vhost_docs.json", method: "GET", path: "/v1/stats/current/vhosts/default",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.VirtualHost(ctx, "default") },
			check: check(func(t *testing.T, m *Metrics) {
				created := decUTC(2023, 3, 15, 10, 46, 13, 728)
				if !m.CreatedTime.Equal(created) || !m.LastRecvTime.Equal(created) || !m.MaxTotalConnectionTime.Equal(created) ||
					m.TotalBytesIn != 0 || m.TotalConnections != 0 || m.Connections != (MetricsConnections{}) {
					t.Errorf("metrics %+v", m)
				}
			})},

		{name: "server statistics on a UTC server", file: "stats_server_utc.json", method: "GET", path: "/v1/stats/current",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Server(ctx) },
			check: check(func(t *testing.T, m *Metrics) {
				if m.TotalBytesOut != 80435467264 || m.TotalBytesIn != 8589934592 || m.AvgThroughputOut != 190642176 || m.MaxTotalConnections != 240 ||
					m.Connections.Thumbnail != 3 || m.Connections.Hlsv3 != 8 {
					t.Errorf("metrics %+v", m)
				}
				if !m.MaxTotalConnectionTime.Equal(at(2026, 11, 26, 11, 59, 59, 999)) || !m.CreatedTime.Equal(at(2026, 11, 26, 9, 0, 0, 20)) {
					t.Errorf("times %v %v", m.MaxTotalConnectionTime, m.CreatedTime)
				}
			})},

		{name: "scheduled channel (docs, omitted fields restored)", file: "schedule_get_docs.json", method: "GET", path: decApp + "/scheduledChannels/stream",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ScheduledChannels.Get(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *ScheduleInfo) {
				cp := s.CurrentProgram
				if cp.State != ScheduleProgramStateOnAir || cp.Duration != -1 || cp.Name != "2" || !cp.Repeat || cp.CurrentItem.CurrentPosition != 1700 ||
					!cp.Scheduled.Equal(decUTC(2023, 11, 20, 11, 57, 0, 0)) || !cp.End.Equal(decUTC(2262, 4, 11, 23, 47, 16, 854)) {
					t.Errorf("current program %+v", cp)
				}
				fb := s.FallbackProgram
				if fb.Name != "fallback" || fb.Scheduled != "1970-01-01T00:00:00Z" || len(fb.Items) != 2 || (fb.Items)[1].URL != "file://avc.mov" || (fb.Items)[0].Duration != -1 {
					t.Errorf("fallback %+v", fb)
				}
				p := (s.Programs)[0]
				if p.Scheduled != "2023-11-20T20:57:00.000+09" || len(p.Items) != 2 || (p.Items)[1].Duration != 60000 || (p.Items)[1].ForwardData {
					t.Errorf("program %+v", p)
				}
				if s.Stream.AudioMap != nil || s.Stream.ErrorToleranceDurationMs != 500 || s.Stream.BypassTranscoder || !s.Stream.VideoTrack {
					t.Errorf("stream %+v", s.Stream)
				}
			})},

		{name: "multiplex channel (docs, bypassTranscoder restored)", file: "multiplex_get_docs.json", method: "GET", path: decApp + "/multiplexChannels/stream",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.MultiplexChannels.Get(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, m *MultiplexInfo) {
				if m.State != MultiplexStatePulling || m.PullingMessage != "Multiplex Channel : #default#app/stream: Wait for stream input1" ||
					m.OutputStream != (MultiplexOutputStreamInfo{Name: "stream", BypassTranscoder: true}) {
					t.Errorf("channel %+v", m)
				}
				tm := ((m.SourceStreams)[1].TrackMap)[1]
				if tm.BitrateConf != 1000000 || tm.FramerateConf != 30 || tm.AudioIndex != nil || tm.Language != "" || tm.NewTrackName != "input2_video" {
					t.Errorf("track map %+v", tm)
				}
				pl := (m.Playlists)[0]
				if *pl.Options.HLSChunklistPathDepth != 0 || !pl.Options.WebRTCAutoABR || pl.Options.EnableTSPackaging || len(pl.Renditions) != 2 {
					t.Errorf("playlist %+v", pl)
				}
			})},

		{name: "HLS dumps", file: "hls_dumps.json", method: "POST", path: decStream + ":hlsDumps", wantBody: `{"outputStreamName":"stream"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.ListHLSDumps(ctx, "default", "app", "stream", "stream", "")
			},
			check: check(func(t *testing.T, d []HLSDumpInfo) {
				if len(d) != 2 || !d[0].Enabled || d[0].UserData != "access_key_id='AKIAXFOT7EWH3ZA4XXXX'" || len(d[0].Playlist) != 2 ||
					d[0].InfoFile != "/home/abc/xxx/unique_info_file_name.info" {
					t.Fatalf("dumps %+v", d)
				}
				if d[1].Enabled || d[1].InfoFile != "" || d[1].UserData != "" || d[1].Playlist != nil || d[1].OutputPath != "/tmp/dump2/" {
					t.Errorf("stopped dump %+v", d[1])
				}
			})},

		{name: "STT enabled (docs)", file: "stt_enable_docs.json", method: "POST", path: decStream + ":enableStt", wantBody: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.EnableSTT(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTState) {
				if !s.Enabled {
					t.Error("enabled false")
				}
			})},
		{name: "STT disabled (docs)", file: "stt_disable_docs.json", method: "POST", path: decStream + ":disableStt", wantBody: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.DisableSTT(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTState) {
				if s.Enabled {
					t.Error("enabled true")
				}
			})},
		{name: "STT status (docs)", file: "stt_status_docs.json", method: "POST", path: decStream + ":sttStatus", wantBody: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Streams.STTStatus(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, s *STTStatus) {
				if !s.Enabled || len(s.Renditions) != 2 {
					t.Fatalf("status %+v", s)
				}
				r0, r1 := s.Renditions[0], s.Renditions[1]
				if r0.Codec != STTRenditionCodecWhisper || r0.Translation != STTRenditionTranslationDisabled || r1.Translation != STTRenditionTranslationEnabled ||
					r1.Label != "English" || r1.Language != "auto" || r1.Model != "whisper_model/ggml-small.bin" {
					t.Errorf("renditions %+v", s.Renditions)
				}
			})},
	}
}

func TestDecodeOMEPayloads(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, calls := decServe(t, tc, decPayload(t, tc.file))
			got, err := tc.call(context.Background(), c)
			if n := calls.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			tc.check(t, got, err)
		})
	}
}

// TestServerXMLConfigRoundTrip decodes configuration objects (vhost, application, output profile)
// and encodes them again: the JSON must be the same document, every value in its original form
// (strings stay strings, numbers keep their literal text), and nothing may be dropped or added.
func TestServerXMLConfigRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		get  func(ctx context.Context, c *Client) (any, error)
	}{
		{"vhost_get_serverxml.json", func(ctx context.Context, c *Client) (any, error) { return c.VirtualHosts.Get(ctx, "default") }},
		{"app_get_serverxml.json", func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "app") }},
		{"app_get_serverxml_full.json", func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "live") }},
		{"profile_get_serverxml.json", func(ctx context.Context, c *Client) (any, error) {
			return c.OutputProfiles.Get(ctx, "default", "app", "abr")
		}},
		{"vhost_get_docs.json", func(ctx context.Context, c *Client) (any, error) { return c.VirtualHosts.Get(ctx, "default") }},
		{"app_get_docs.json", func(ctx context.Context, c *Client) (any, error) { return c.Applications.Get(ctx, "default", "app") }},
		{"profile_get_docs.json", func(ctx context.Context, c *Client) (any, error) {
			return c.OutputProfiles.Get(ctx, "default", "app", "abr")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body := decPayload(t, tc.file)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(body) }))
			t.Cleanup(srv.Close)
			c, err := New(srv.URL, WithAccessToken("ome-access-token"))
			if err != nil {
				t.Fatal(err)
			}
			v, err := tc.get(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			// Every member comes back exactly as OME sent it (configuration scalars in their
			// JSON form, empty objects as {}), except members holding the zero value of a plain
			// Go type (false, "", 0, []), which the models leave out and OME reads as absent.
			want, got := decCanon(t, decDropZeros(t, decResponse(t, tc.file))), decCanon(t, out)
			if want != got {
				t.Errorf("re-encoded JSON differs %s", decWhere(want, got))
			}
			// Encoding is stable: decoding the encoded form and encoding again gives the same bytes.
			again := decNewLike(v)
			if err := json.Unmarshal(out, again); err != nil {
				t.Fatal(err)
			}
			if out2, err := json.Marshal(again); err != nil || !bytes.Equal(out, out2) {
				t.Errorf("second round trip differs: %v\n%s\n%s", err, out, out2)
			}
		})
	}
}

// decWhere shows where two canonical documents start to differ.
func decWhere(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(i-80, 0)
	return fmt.Sprintf("at byte %d:\nwant …%s\ngot  …%s", i, want[from:min(i+80, len(want))], got[from:min(i+80, len(got))])
}

// decNewLike returns a pointer to a new zero value of what v points to.
func decNewLike(v any) any {
	switch v.(type) {
	case *VirtualHost:
		return new(VirtualHost)
	case *Application:
		return new(Application)
	case *OutputProfile:
		return new(OutputProfile)
	}
	panic("unexpected type")
}

// TestConfigScalarsKeepTheirForm checks the scalar values of a Server.xml application one by one
// against the payload: each keeps the JSON form it came in.
func TestConfigScalarsKeepTheirForm(t *testing.T) {
	t.Parallel()
	var a Application
	if err := json.Unmarshal(decResponse(t, "app_get_serverxml.json"), &a); err != nil {
		t.Fatal(err)
	}
	ll := a.Publishers.LLHLS
	for _, tt := range []struct {
		what string
		got  json.Marshaler
		want string
	}{
		{"llhls.chunkDuration", ll.ChunkDuration, `"0.5"`},
		{"llhls.segmentCount", ll.SegmentCount, `"10"`},
		{"llhls.dvr.enable", ll.DVR.Enable, `"false"`},
		{"video_720.bitrate", ((a.OutputProfiles.OutputProfile)[0].Encodes.Videos)[1].Bitrate, `"2000000"`},
		{"bypass_video.bypass", ((a.OutputProfiles.OutputProfile)[0].Encodes.Videos)[0].Bypass, `"true"`},
	} {
		b, err := tt.got.MarshalJSON()
		if err != nil || string(b) != tt.want {
			t.Errorf("%s encodes as %s (%v), want %s", tt.what, b, err, tt.want)
		}
	}
	if f := ((a.OutputProfiles.OutputProfile)[0].Encodes.Videos)[1].Framerate.Float64(); math.Abs(f-29.97) > 1e-12 {
		t.Errorf("framerate %v", f)
	}
}
