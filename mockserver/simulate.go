package mockserver

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/hooks"
	"github.com/omekit/omekit/mockserver/internal/wire"
)

// This file holds the test hooks that drive simulated media through the mock: OME's API has no
// way to publish a stream or to produce traffic, so tests use these (or their HTTP form under
// ControlPrefix, see simulate_http.go).

// InputStream, Track and Traffic describe simulated media; they are package hooks' types, which
// the hooks over HTTP use too.
type (
	InputStream = hooks.Stream
	Track       = hooks.Track
	Traffic     = hooks.Traffic
)

// PublishStream adds a simulated input stream to an application, as if an encoder had started
// publishing. It fails with OME's 404 messages for an unknown virtual host or application, with
// 409 "Stream already exists" when an input stream of that name exists, and with 400 for an
// invalid description. When the virtual host uses AdmissionWebhooks for the stream's provider,
// the control server is asked first (403 when it refuses); see PublishStreamContext to bound
// that call.
func (s *Server) PublishStream(vhost, app string, in InputStream) error {
	return s.PublishStreamContext(context.Background(), vhost, app, in)
}

// PublishStreamContext is PublishStream whose admission-webhook call, if any, ends with ctx
// (the hook over HTTP passes its request's context).
func (s *Server) PublishStreamContext(ctx context.Context, vhost, app string, in InputStream) error {
	if err := in.Validate(); err != nil {
		return httpErr(http.StatusBadRequest, "%s", err)
	}
	src, err := sourceTypeByName(in.SourceType)
	if err != nil {
		return err
	}
	var tracks []wire.Track
	if in.Tracks == nil {
		in.Tracks = []Track{{Type: "Video"}, {Type: "Audio"}}
	}
	for i, t := range in.Tracks {
		gt, err := inputTrack(t, i, src)
		if err != nil {
			return err
		}
		tracks = append(tracks, gt)
	}
	// Like OME, ask the vhost's AdmissionWebhooks control server first (outside the store lock:
	// it is an HTTP call).
	if err := s.admit(ctx, vhost, app, in.Name, admissionProtocol(src)); err != nil {
		return err
	}
	return s.st.update(func() error {
		a, err := s.st.findApp(vhost, app)
		if err != nil {
			return err
		}
		if a.streams[in.Name] != nil {
			return httpErr(http.StatusConflict, "Stream already exists")
		}
		st := s.st.createInputStream(a, in.Name, src, in.SourceURL, tracks, false)
		s.st.addProviderTracks(st, !in.NoDataTrack)
		if st.sourceURL == "" {
			st.sourceURL = defaultSourceURL(src, st.id)
		}
		return nil
	})
}

// UnpublishStream removes an input stream, as if its encoder had disconnected. It fails with
// OME's 404 messages when the virtual host, application or stream does not exist.
func (s *Server) UnpublishStream(vhost, app, name string) error {
	return s.st.update(func() error {
		st, err := s.st.findStream(vhost, app, name)
		if err != nil {
			return err
		}
		s.st.terminateStream(st)
		return nil
	})
}

// AddTraffic records one measurement window of traffic of an input stream. Its application, its
// virtual host and the server count it too, as in OME: the byte totals grow; when bytes came in,
// the throughput figures are those of this window (avg*/max* in bits per second, last* in bytes)
// and lastRecvTime is now (throughput freezes while nothing comes in); lastSentTime moves when
// bytes went out; connection changes update the per-publisher and total sessions and, on a new
// peak, maxTotalConnections and maxTotalConnectionTime. It fails with OME's 404 messages for an
// unknown stream, and with 400 for what Traffic.Validate refuses, an unknown publisher key, or a
// change that would leave a negative number of sessions. Counters saturate at the largest int64
// instead of wrapping around.
func (s *Server) AddTraffic(vhost, app, stream string, t Traffic) error {
	if err := t.Validate(); err != nil {
		return httpErr(http.StatusBadRequest, "%s", err)
	}
	if t.Interval == 0 {
		t.Interval = time.Second
	}
	for k := range t.Connections {
		if !isMetricsKey(k) {
			return httpErr(http.StatusBadRequest, "Unknown publisher: %s (expected one of %s)", k, strings.Join(metricsConnectionKeys, ", "))
		}
	}
	return s.st.update(func() error {
		st, err := s.st.findStream(vhost, app, stream)
		if err != nil {
			return err
		}
		for k, d := range t.Connections {
			if st.metrics.connections[k]+d < 0 {
				return httpErr(http.StatusBadRequest, "Connections of %s would become negative", k)
			}
		}
		now := s.st.now()
		for _, m := range []*metrics{st.metrics, st.app.metrics, st.app.vhost.metrics, s.st.metrics} {
			m.add(t, now)
		}
		return nil
	})
}

// MarkUnreachable makes pulls of url fail: a stream created through the API whose URLs are all
// unreachable answers 502, as OME does when it cannot connect. The URL is compared as written.
func (s *Server) MarkUnreachable(url string) {
	_ = s.st.update(func() error {
		s.st.unreachable[url] = true
		return nil
	})
}

// MarkReachable undoes MarkUnreachable.
func (s *Server) MarkReachable(url string) {
	_ = s.st.update(func() error {
		delete(s.st.unreachable, url)
		return nil
	})
}

// ---------------------------------------------------------------- store side

// issueTrackID is OME's track id for a track the provider layer adds to a stream (a data track,
// subtitle tracks): one counter for the whole server, moved on past the ids the stream already
// uses, so later streams' extra tracks get higher ids. The caller holds the write lock.
func (st *store) issueTrackID(tracks []wire.Track) int {
	st.trackSeq++
	for trackIDUsed(tracks, st.trackSeq) {
		st.trackSeq++
	}
	return st.trackSeq
}

// rtmpDataTrackID is the id of the data track OME's RTMP provider gives its streams.
const rtmpDataTrackID = 2

func trackIDUsed(tracks []wire.Track, id int) bool {
	for _, t := range tracks {
		if t.ID == id {
			return true
		}
	}
	return false
}

// addProviderTracks adds what OME's provider layer adds to every stream whose media has
// started: a data track when it has none (unless data is false, a simulation choice), then one
// subtitle track per subtitle rendition of the application. The caller holds the write lock.
func (st *store) addProviderTracks(s *stream, data bool) {
	if len(s.tracks) == 0 {
		return
	}
	if data && len(tracksOfType(s.tracks, wire.TrackTypeData)) == 0 {
		// The RTMP provider makes its own data track, with the fixed id 2; the provider layer
		// adds one to the others.
		id := rtmpDataTrackID
		if s.sourceType != wire.StreamSourceTypeRTMP || trackIDUsed(s.tracks, id) {
			id = st.issueTrackID(s.tracks)
		}
		s.tracks = append(s.tracks, dataTrack(id))
	}
	for _, r := range s.app.subtitleRenditions() {
		t := subtitleTrack(r)
		t.ID = st.issueTrackID(s.tracks)
		s.tracks = append(s.tracks, t)
	}
}

// createInputStream adds an input stream with OME's per-stream initial state; the caller holds the
// write lock and has checked the name is free.
func (st *store) createInputStream(a *app, name string, src wire.StreamSourceType, sourceURL string, tracks []wire.Track, relay bool) *stream {
	s := st.addStream(a, name, src, tracks)
	s.sourceURL, s.relay = sourceURL, relay
	s.sttEnabled = a.sttInitiallyEnabled()
	return s
}

// terminateStream removes an input stream; its sessions end, so they leave the current
// connection counts of its application, virtual host and the server (the byte totals stay).
func (st *store) terminateStream(s *stream) {
	now := st.now()
	for k, n := range s.metrics.connections {
		if n == 0 {
			continue
		}
		for _, m := range []*metrics{s.app.metrics, s.app.vhost.metrics, st.metrics} {
			m.connections[k] -= n
			m.totalConnections -= n
			m.lastUpdated = now
		}
	}
	st.removeStream(s)
	// Streams pulled from this one lose their source and go too.
	st.removePulledFrom(s)
}

// add applies one window of traffic (already validated) to m. Totals saturate at the largest
// int64, and so do throughputs (bits per second of a window of any length).
func (m *metrics) add(t Traffic, now time.Time) {
	changed := false
	if t.BytesIn > 0 || t.BytesOut > 0 {
		m.totalBytesIn = satAdd(m.totalBytesIn, t.BytesIn)
		m.totalBytesOut = satAdd(m.totalBytesOut, t.BytesOut)
		changed = true
	}
	if t.BytesIn > 0 {
		secs := t.Interval.Seconds()
		m.lastThroughputIn, m.lastThroughputOut = t.BytesIn, t.BytesOut
		m.avgThroughputIn = bitsPerSecond(t.BytesIn, secs)
		m.avgThroughputOut = bitsPerSecond(t.BytesOut, secs)
		m.maxThroughputIn = max(m.maxThroughputIn, m.avgThroughputIn)
		m.maxThroughputOut = max(m.maxThroughputOut, m.avgThroughputOut)
		m.lastRecvTime = now
	}
	if t.BytesOut > 0 {
		m.lastSentTime = now
	}
	for _, k := range metricsConnectionKeys {
		d := t.Connections[k]
		if d == 0 {
			continue
		}
		m.connections[k] = satAddInt(m.connections[k], d)
		m.totalConnections = satAddInt(m.totalConnections, d)
		changed = true
		if m.totalConnections > m.maxTotalConnections {
			m.maxTotalConnections, m.maxTotalConnectionTime = m.totalConnections, now
		}
	}
	if changed {
		m.lastUpdated = now
	}
}

// satAdd is a+b for counters that only grow (b >= 0), stopping at the largest int64.
func satAdd(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// satAddInt is a+b for session counts, stopping at the bounds of int instead of wrapping.
func satAddInt(a, b int) int {
	switch {
	case b > 0 && a > math.MaxInt-b:
		return math.MaxInt
	case b < 0 && a < math.MinInt-b:
		return math.MinInt
	}
	return a + b
}

// bitsPerSecond is the throughput of bytes over secs seconds (> 0), at most the largest int64.
func bitsPerSecond(bytes int64, secs float64) int64 {
	bps := float64(bytes) * 8 / secs
	if bps >= math.MaxInt64 || math.IsInf(bps, 0) {
		return math.MaxInt64
	}
	return int64(bps)
}

func isMetricsKey(k string) bool {
	for _, x := range metricsConnectionKeys {
		if x == k {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- simulated tracks

var sourceTypes = []wire.StreamSourceType{
	wire.StreamSourceTypeWebRTC, wire.StreamSourceTypeOVT, wire.StreamSourceTypeRTMP, wire.StreamSourceTypeRTMPPull,
	wire.StreamSourceTypeRTSP, wire.StreamSourceTypeRTSPPull, wire.StreamSourceTypeMPEGTS, wire.StreamSourceTypeSRT,
	wire.StreamSourceTypeTranscoder, wire.StreamSourceTypeFile, wire.StreamSourceTypeScheduled,
	wire.StreamSourceTypeMultiplex, wire.StreamSourceTypeUnknown,
}

func sourceTypeByName(name string) (wire.StreamSourceType, error) {
	if name == "" {
		return wire.StreamSourceTypeRTMP, nil
	}
	for _, t := range sourceTypes {
		if strings.EqualFold(string(t), name) {
			return t, nil
		}
	}
	return "", httpErr(http.StatusBadRequest, "Unknown source type: %s", name)
}

// defaultSourceURL is the peer address a provider reports for a pushed stream.
func defaultSourceURL(src wire.StreamSourceType, id uint64) string {
	port := strconv.FormatUint(40000+id%20000, 10)
	switch src {
	case wire.StreamSourceTypeRTMP:
		return "TCP://127.0.0.1:" + port + "/tcp"
	case wire.StreamSourceTypeWebRTC, wire.StreamSourceTypeSRT, wire.StreamSourceTypeRTSP:
		return "TCP://127.0.0.1:" + port
	case wire.StreamSourceTypeMPEGTS:
		return "UDP://127.0.0.1:" + port
	}
	return ""
}

// timebaseFor is the time base a provider gives its tracks: RTMP counts milliseconds, the others
// use the RTP clocks.
func timebaseFor(src wire.StreamSourceType, typ wire.TrackType, samplerate int) *wire.TrackTimebase {
	switch {
	case src == wire.StreamSourceTypeRTMP || src == wire.StreamSourceTypeRTMPPull:
		return &wire.TrackTimebase{Num: 1, Den: 1000}
	case typ == wire.TrackTypeAudio && samplerate > 0:
		return &wire.TrackTimebase{Num: 1, Den: samplerate}
	}
	return &wire.TrackTimebase{Num: 1, Den: 90000}
}

var (
	videoCodecs = []wire.TrackCodec{wire.TrackCodecH264, wire.TrackCodecH265, wire.TrackCodecVP8, wire.TrackCodecVP9, wire.TrackCodecAV1}
	audioCodecs = []wire.TrackCodec{wire.TrackCodecAAC, wire.TrackCodecOPUS, wire.TrackCodecMP3, wire.TrackCodecMP2}
)

func codecIn(list []wire.TrackCodec, name string) (wire.TrackCodec, bool) {
	for _, c := range list {
		if strings.EqualFold(string(c), name) {
			return c, true
		}
	}
	return "", false
}

// inputTrack turns a simulated track into the input track OME would report once media flows: measured
// values equal the nominal ones, the configured ones are only known from RTMP metadata.
func inputTrack(t Track, id int, src wire.StreamSourceType) (wire.Track, error) {
	fromMetadata := src == wire.StreamSourceTypeRTMP
	switch {
	case strings.EqualFold(t.Type, "video"):
		codec := wire.TrackCodecH264
		if t.Codec != "" {
			c, ok := codecIn(videoCodecs, t.Codec)
			if !ok {
				return wire.Track{}, httpErr(http.StatusBadRequest, "Unsupported video codec: %s", t.Codec)
			}
			codec = c
		}
		w, h, fps, br := orDefault(t.Width, 1280), orDefault(t.Height, 720), t.Framerate, orDefault(t.Bitrate, 2500000)
		if w < 0 || h < 0 || fps < 0 || br < 0 {
			return wire.Track{}, httpErr(http.StatusBadRequest, "Track %d: values must not be negative", id)
		}
		if fps == 0 {
			fps = 30
		}
		fpsD := wire.Double(float32Value(fps))
		kf := wire.Double(float32Value(2 * float64(fpsD)))
		v := &wire.TrackVideo{
			Codec: codec, CodecModule: ptr(wire.TrackCodecModuleNone),
			Width: w, Height: h, MaxWidth: w, MaxHeight: h,
			Bitrate: br, BitrateAvg: ptr(br), BitrateLatest: ptr(br),
			Framerate: fpsD, FramerateAvg: ptr(fpsD), FramerateLatest: ptr(fpsD), MaxFramerate: fpsD,
			HasBframes: ptr(false), KeyFrameInterval: kf, KeyFrameIntervalAvg: ptr(kf), KeyFrameIntervalLatest: ptr(kf),
			DeltaFramesSinceLastKeyFrame: ptr(0), ConfigChangeCount: ptr(0),
			Timebase: timebaseFor(src, wire.TrackTypeVideo, 0),
		}
		if fromMetadata {
			v.BitrateConf, v.FramerateConf = br, fpsD
		}
		if t.Language != "" {
			v.Language = ptr(t.Language)
		}
		return wire.Track{ID: id, Name: ptr(orDefaultString(t.Name, "Video")), Type: wire.TrackTypeVideo, Video: v}, nil
	case strings.EqualFold(t.Type, "audio"):
		codec := wire.TrackCodecAAC
		if t.Codec != "" {
			c, ok := codecIn(audioCodecs, t.Codec)
			if !ok {
				return wire.Track{}, httpErr(http.StatusBadRequest, "Unsupported audio codec: %s", t.Codec)
			}
			codec = c
		}
		rate, ch, br := orDefault(t.Samplerate, 48000), orDefault(t.Channels, 2), orDefault(t.Bitrate, 128000)
		if rate < 0 || ch < 0 || br < 0 {
			return wire.Track{}, httpErr(http.StatusBadRequest, "Track %d: values must not be negative", id)
		}
		a := &wire.TrackAudio{
			Codec: codec, CodecModule: ptr(wire.TrackCodecModuleNone),
			Samplerate: rate, Channel: ch,
			Bitrate: br, BitrateAvg: ptr(br), BitrateLatest: ptr(br),
			ConfigChangeCount: ptr(0), Timebase: timebaseFor(src, wire.TrackTypeAudio, rate),
		}
		if fromMetadata {
			a.BitrateConf = br
		}
		if t.Language != "" {
			a.Language = ptr(t.Language)
		}
		return wire.Track{ID: id, Name: ptr(orDefaultString(t.Name, "Audio")), Type: wire.TrackTypeAudio, Audio: a}, nil
	}
	return wire.Track{}, httpErr(http.StatusBadRequest, "Track %d: type must be Video or Audio, not %q", id, t.Type)
}

func dataTrack(id int) wire.Track {
	return wire.Track{ID: id, Name: ptr("Data"), Type: wire.TrackTypeData, Data: &wire.TrackData{Codec: wire.TrackCodecNone}}
}

// pullTracks are the media tracks a pull from a source outside the mock reports: an RTSP
// camera's generic ones (an OVT origin's carry its variant names).
func pullTracks(src wire.StreamSourceType) []wire.Track {
	video, audio := Track{Type: "Video", Bitrate: 2000000}, Track{Type: "Audio"}
	if src == wire.StreamSourceTypeOVT {
		video.Name, audio.Name = "bypass_video", "bypass_audio"
	}
	v, _ := inputTrack(video, 0, src)
	a, _ := inputTrack(audio, 1, src)
	return []wire.Track{v, a}
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orDefaultString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
