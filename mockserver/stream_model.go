package mockserver

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// This file derives what OME shows of a stream from the stream and its application's
// configuration: the output streams made by the output profiles (docs/ome-behaviour.md, "Streams"),
// the publishers' default playlists, subtitle renditions and the speech-to-text encoders. Nothing
// here locks: callers hold the store lock.

// Configuration values arrive in two shapes: from Server.xml every scalar is a string exactly as
// written, from the API it is the JSON type that was sent (numbers as json.Number). The opt*
// readers accept both.

func optObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func optArray(v any) []any {
	a, _ := v.([]any)
	return a
}

func optString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// optBool and optInt read a configuration scalar the way the configuration checks do (cfgBool,
// omeInt32: OME's own reading), with def when the member is absent.
func optBool(v any, def bool) bool {
	if v == nil {
		return def
	}
	return cfgBool(v)
}

func optInt(v any, def int) int {
	switch x := v.(type) {
	case nil:
		return def
	case float64:
		return int(x)
	}
	return int(omeInt32(v))
}

func optFloat(v any, def float64) float64 {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f
		}
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return f
		}
	case float64:
		return x
	}
	return def
}

// encodeBitrate reads an encode's bitrate: a number, or a string with an optional K (×1024) or
// M (×1048576) suffix, as OME's configuration does.
func encodeBitrate(v any) int {
	s := strings.TrimSpace(optString(v))
	mult := 1
	switch {
	case strings.HasSuffix(s, "K") || strings.HasSuffix(s, "k"):
		mult, s = 1024, s[:len(s)-1]
	case strings.HasSuffix(s, "M") || strings.HasSuffix(s, "m"):
		mult, s = 1048576, s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0
	}
	return int(f * float64(mult))
}

// float32Value is how OME stores frame rates and intervals: as C++ floats, so 29.97 reads back as
// 29.969999313354492.
func float32Value(f float64) float64 { return float64(float32(f)) }

func ptr[T any](v T) *T { return &v }

// ---------------------------------------------------------------- codecs

// codecByName matches an encode's codec name the way OME does: case-insensitively by prefix.
func codecByName(name string) (wire.TrackCodec, wire.TrackType, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range []struct {
		prefix string
		codec  wire.TrackCodec
		typ    wire.TrackType
	}{
		{"h264", wire.TrackCodecH264, wire.TrackTypeVideo},
		{"h265", wire.TrackCodecH265, wire.TrackTypeVideo},
		{"vp8", wire.TrackCodecVP8, wire.TrackTypeVideo},
		{"vp9", wire.TrackCodecVP9, wire.TrackTypeVideo},
		{"av1", wire.TrackCodecAV1, wire.TrackTypeVideo},
		{"flv", wire.TrackCodecFLV, wire.TrackTypeVideo},
		{"jpeg", wire.TrackCodecJPEG, wire.TrackTypeVideo},
		{"png", wire.TrackCodecPNG, wire.TrackTypeVideo},
		{"webp", wire.TrackCodecWEBP, wire.TrackTypeVideo},
		{"avif", wire.TrackCodecAVIF, wire.TrackTypeVideo},
		{"aac", wire.TrackCodecAAC, wire.TrackTypeAudio},
		{"mp2", wire.TrackCodecMP2, wire.TrackTypeAudio},
		{"mp3", wire.TrackCodecMP3, wire.TrackTypeAudio},
		{"opus", wire.TrackCodecOPUS, wire.TrackTypeAudio},
	} {
		if strings.HasPrefix(n, c.prefix) {
			return c.codec, c.typ, true
		}
	}
	return "", "", false
}

// codecModuleFor is the encoder module of an encoded track: the configured module list's first
// entry matched by suffix, else the software encoder OME picks for the codec.
func codecModuleFor(codec wire.TrackCodec, modules string) wire.TrackCodecModule {
	for _, m := range strings.Split(modules, ",") {
		m = strings.ToLower(strings.TrimSpace(m))
		if i := strings.IndexByte(m, ':'); i >= 0 {
			m = m[:i]
		}
		for _, c := range []struct {
			suffix string
			module wire.TrackCodecModule
		}{
			{"openh264", wire.TrackCodecModuleOpenh264}, {"x264", wire.TrackCodecModuleX264},
			{"nvenc", wire.TrackCodecModuleNv}, {"nv", wire.TrackCodecModuleNv},
			{"netint", wire.TrackCodecModuleNi}, {"ni", wire.TrackCodecModuleNi},
			{"xma", wire.TrackCodecModuleXma}, {"libvpx", wire.TrackCodecModuleLibvpx},
			{"libaom", wire.TrackCodecModuleLibaom}, {"fdkaac", wire.TrackCodecModuleFdkaac},
			{"libopus", wire.TrackCodecModuleLibopus}, {"default", wire.TrackCodecModuleDefault},
		} {
			if m != "" && strings.HasSuffix(m, c.suffix) {
				return c.module
			}
		}
	}
	switch codec {
	case wire.TrackCodecH264:
		return wire.TrackCodecModuleOpenh264
	case wire.TrackCodecVP8, wire.TrackCodecVP9:
		return wire.TrackCodecModuleLibvpx
	case wire.TrackCodecAV1:
		return wire.TrackCodecModuleLibaom
	case wire.TrackCodecAAC:
		return wire.TrackCodecModuleFdkaac
	case wire.TrackCodecOPUS:
		return wire.TrackCodecModuleLibopus
	}
	return wire.TrackCodecModuleDefault
}

// ---------------------------------------------------------------- tracks

// copyTrack deep-copies a track so that responses never share memory with the store.
func copyTrack(t wire.Track) wire.Track {
	out := t
	if t.Name != nil {
		out.Name = ptr(*t.Name)
	}
	if t.Video != nil {
		v := *t.Video
		out.Video = &v
	}
	if t.Audio != nil {
		a := *t.Audio
		out.Audio = &a
	}
	if t.Data != nil {
		d := *t.Data
		out.Data = &d
	}
	if t.Subtitle != nil {
		s := *t.Subtitle
		if s.STT != nil {
			stt := *s.STT
			s.STT = &stt
		}
		out.Subtitle = &s
	}
	return out
}

func copyTracks(ts []wire.Track) []wire.Track {
	out := make([]wire.Track, 0, len(ts))
	for _, t := range ts {
		out = append(out, copyTrack(t))
	}
	return out
}

func trackName(t wire.Track) string {
	if t.Name == nil {
		return ""
	}
	return *t.Name
}

// firstTrack returns the first input track of the given type.
func firstTrack(ts []wire.Track, typ wire.TrackType) (wire.Track, bool) {
	for _, t := range ts {
		if t.Type == typ {
			return t, true
		}
	}
	return wire.Track{}, false
}

func tracksOfType(ts []wire.Track, typ wire.TrackType) []wire.Track {
	var out []wire.Track
	for _, t := range ts {
		if t.Type == typ {
			out = append(out, t)
		}
	}
	return out
}

// bypassTrack is an output track that passes an input track through.
func bypassTrack(in wire.Track, name string) wire.Track {
	t := copyTrack(in)
	if name != "" {
		t.Name = ptr(name)
	}
	switch {
	case t.Video != nil:
		v := t.Video
		v.Bypass, v.CodecModule, v.CodecStatus = true, nil, ptr(wire.TrackCodecStatusReady)
		if v.BitrateAvg != nil {
			v.Bitrate = *v.BitrateAvg
		}
		v.BitrateConf = 0
		if v.FramerateAvg != nil {
			v.Framerate = *v.FramerateAvg
		}
		v.FramerateConf, v.KeyFrameIntervalConf = 0, 0
	case t.Audio != nil:
		a := t.Audio
		a.Bypass, a.CodecModule, a.CodecStatus = true, nil, ptr(wire.TrackCodecStatusReady)
		if a.BitrateAvg != nil {
			a.Bitrate = *a.BitrateAvg
		}
		a.BitrateConf = 0
	}
	return t
}

// encodedVideoTrack is the output track of a video (or image) encode applied to the input track in.
func encodedVideoTrack(in wire.Track, enc map[string]any, name string, codec wire.TrackCodec, image bool) wire.Track {
	src := in.Video
	width, height := optInt(enc["width"], 0), optInt(enc["height"], 0)
	switch {
	case width == 0 && height == 0:
		width, height = src.Width, src.Height
	case width == 0 && src.Height > 0:
		width = (src.Width*height/src.Height + 1) &^ 1
	case height == 0 && src.Width > 0:
		height = (src.Height*width/src.Width + 1) &^ 1
	}
	fpsConf := wire.Double(float32Value(optFloat(enc["framerate"], 0)))
	fps := fpsConf
	if fps <= 0 {
		fps = src.Framerate
		if image {
			fps = 1
		}
	}
	bitrate := encodeBitrate(enc["bitrate"])
	kfConf := wire.Double(float32Value(float64(optInt(enc["keyFrameInterval"], 0))))
	kf := kfConf
	if kf <= 0 {
		kf = fps
	}
	v := &wire.TrackVideo{
		Bypass:                       false,
		Codec:                        codec,
		CodecModule:                  ptr(codecModuleFor(codec, optString(enc["modules"]))),
		CodecStatus:                  ptr(wire.TrackCodecStatusReady),
		Width:                        width,
		Height:                       height,
		MaxWidth:                     width,
		MaxHeight:                    height,
		Bitrate:                      bitrate,
		BitrateConf:                  bitrate,
		BitrateAvg:                   ptr(bitrate),
		BitrateLatest:                ptr(bitrate),
		Framerate:                    fps,
		FramerateConf:                fpsConf,
		FramerateAvg:                 ptr(fps),
		FramerateLatest:              ptr(fps),
		MaxFramerate:                 fps,
		HasBframes:                   ptr(optInt(enc["bFrames"], 0) > 0),
		KeyFrameInterval:             kf,
		KeyFrameIntervalConf:         kfConf,
		KeyFrameIntervalAvg:          ptr(kf),
		KeyFrameIntervalLatest:       ptr(kf),
		DeltaFramesSinceLastKeyFrame: ptr(0),
		ConfigChangeCount:            ptr(0),
		Timebase:                     &wire.TrackTimebase{Num: 1, Den: 90000},
	}
	return wire.Track{Name: ptr(name), Type: wire.TrackTypeVideo, Video: v}
}

// encodedAudioTrack is the output track of an audio encode applied to the input track in.
func encodedAudioTrack(in wire.Track, enc map[string]any, name string, codec wire.TrackCodec) wire.Track {
	src := in.Audio
	rate := optInt(enc["samplerate"], 0)
	if rate <= 0 {
		rate = src.Samplerate
		if codec == wire.TrackCodecOPUS {
			rate = 48000
		}
	}
	channels := optInt(enc["channel"], 0)
	if channels <= 0 {
		channels = src.Channel
	}
	bitrate := encodeBitrate(enc["bitrate"])
	a := &wire.TrackAudio{
		Bypass:            false,
		Codec:             codec,
		CodecModule:       ptr(codecModuleFor(codec, optString(enc["modules"]))),
		CodecStatus:       ptr(wire.TrackCodecStatusReady),
		Samplerate:        rate,
		Channel:           channels,
		Bitrate:           bitrate,
		BitrateConf:       bitrate,
		BitrateAvg:        ptr(bitrate),
		BitrateLatest:     ptr(bitrate),
		ConfigChangeCount: ptr(0),
		Timebase:          &wire.TrackTimebase{Num: 1, Den: rate},
		Language:          src.Language,
	}
	return wire.Track{Name: ptr(name), Type: wire.TrackTypeAudio, Audio: a}
}

// ---------------------------------------------------------------- subtitles and speech-to-text

// subtitleRendition is a subtitle track the application defines.
type subtitleRendition struct {
	label, language          string
	autoSelect, forced, dflt bool
}

// subtitleRenditions are the application's subtitle renditions: the app-level `subtitles` when
// enabled, else the deprecated `outputProfiles.mediaOptions.subtitles` when enabled.
func (a *app) subtitleRenditions() []subtitleRendition {
	sec, ok := a.section("subtitles")
	if !ok || !optBool(sec["enable"], false) {
		sec, ok = a.section("outputProfiles", "mediaOptions", "subtitles")
		if !ok || !optBool(sec["enable"], false) {
			return nil
		}
	}
	def := optString(sec["defaultLabel"])
	var out []subtitleRendition
	for _, r := range optArray(sec["rendition"]) {
		m := optObject(r)
		if m == nil {
			continue
		}
		sr := subtitleRendition{
			label: optString(m["label"]), language: optString(m["language"]),
			autoSelect: optBool(m["autoSelect"], false), forced: optBool(m["forced"], false),
		}
		if def != "" && sr.label == def {
			sr.dflt, sr.autoSelect = true, true
		}
		out = append(out, sr)
	}
	return out
}

func (a *app) hasSubtitleLabel(label string) bool {
	for _, r := range a.subtitleRenditions() {
		if r.label == label {
			return true
		}
	}
	return false
}

// subtitleTrack is the input track OME's provider layer adds for a subtitle rendition. The API
// shows its variant name, "subtitle", not its label.
func subtitleTrack(r subtitleRendition) wire.Track {
	st := &wire.TrackSubtitle{
		Codec: wire.TrackCodecWebVTT, AutoSelect: r.autoSelect, Default: r.dflt, Forced: r.forced,
		Timebase: &wire.TrackTimebase{Num: 1, Den: 1000},
	}
	if r.language != "" {
		st.Language = ptr(r.language)
	}
	return wire.Track{Type: wire.TrackTypeSubtitle, Subtitle: st, Name: ptr("subtitle")}
}

// whisperEncoder is a speech-to-text encoder of a stream.
type whisperEncoder struct {
	label, model, language string
	translation            bool
}

// loads reports whether OME could load the encoder's Whisper model. The mock does not read the
// model; a non-empty regular file at the path counts as loadable. When no encoder of a stream
// loads, OME still makes the "<stream>#stt" output but has no STT encoder to report or switch.
func (e whisperEncoder) loads() bool {
	fi, err := os.Stat(e.model)
	return err == nil && fi.Mode().IsRegular() && fi.Size() > 0
}

// loadedWhisperEncoders are the encoders of s whose model loads.
func (s *stream) loadedWhisperEncoders() []whisperEncoder {
	var out []whisperEncoder
	for _, e := range s.whisperEncoders() {
		if e.loads() {
			out = append(out, e)
		}
	}
	return out
}

// whisperEncoders are the speech-to-text encoders OME would create for s: one per rendition of
// the app's outputProfiles.mediaOptions.stt whose engine is whisper, whose input audio track exists
// and whose output subtitle label names a subtitle rendition. Relay streams are not transcoded
// and have none.
func (s *stream) whisperEncoders() []whisperEncoder {
	if s.isRelay() {
		return nil
	}
	sec, ok := s.app.section("outputProfiles", "mediaOptions", "stt")
	if !ok {
		return nil
	}
	audios := len(tracksOfType(s.tracks, wire.TrackTypeAudio))
	var out []whisperEncoder
	for _, r := range optArray(sec["rendition"]) {
		m := optObject(r)
		if m == nil || !strings.EqualFold(strings.TrimSpace(optString(m["engine"])), "whisper") {
			continue
		}
		idx := optInt(m["inputAudioIndex"], 0)
		label := optString(m["outputSubtitleLabel"])
		if idx < 0 || idx >= audios || !s.app.hasSubtitleLabel(label) {
			continue
		}
		lang := optString(m["sourceLanguage"])
		if lang == "" {
			lang = "auto"
		}
		out = append(out, whisperEncoder{label: label, model: optString(m["model"]), language: lang,
			translation: optBool(m["translation"], false)})
	}
	return out
}

// sttInitiallyEnabled is outputProfiles.mediaOptions.stt.enable (default true), the state every
// stream starts with.
func (a *app) sttInitiallyEnabled() bool {
	sec, _ := a.section("outputProfiles", "mediaOptions", "stt")
	return optBool(sec["enable"], true)
}

// ---------------------------------------------------------------- output streams

// isRelay reports whether the stream is delivered without output profiles: an API pull with
// properties.relay, or an RTMP stream of an app with providers.rtmp.passthroughOutputProfile.
func (s *stream) isRelay() bool {
	if s.relay {
		return true
	}
	if s.sourceType == wire.StreamSourceTypeRTMP {
		if sec, ok := s.app.section("providers", "rtmp"); ok {
			return optBool(sec["passthroughOutputProfile"], false)
		}
	}
	return false
}

// outputStream is an output stream derived from an input stream.
type outputStream struct {
	name      string
	tracks    []wire.Track
	playlists []wire.StreamPlaylist // sorted by file name
	llhls     bool                  // served by the LLHLS publisher
}

// sttOutputSuffix names the transcoder's internal speech-to-text output stream, "<stream>#stt".
const sttOutputSuffix = "#stt"

// outputs derives the stream's output streams. A relay stream is its own single output; otherwise
// every output profile of the app makes one (the first profile wins a duplicate output name), and a
// stream with speech-to-text encoders also has the internal "<stream>#stt" output.
func (s *stream) outputs() []outputStream {
	llhls := s.app.hasPublisher("llhls")
	if s.isRelay() {
		tracks := copyTracks(s.tracks)
		pls := s.app.defaultPlaylists(tracks)
		if len(s.relayPlaylists) > 0 {
			byFile := map[string]wire.StreamPlaylist{}
			for _, p := range append(append([]wire.StreamPlaylist(nil), s.relayPlaylists...), pls...) {
				if _, dup := byFile[*p.FileName]; !dup {
					byFile[*p.FileName] = p
				}
			}
			pls = sortedPlaylists(byFile)
		}
		return []outputStream{{name: s.name, tracks: tracks, playlists: pls, llhls: llhls}}
	}
	if !s.mediaStarted() {
		return nil // the transcoder makes output streams once the input's tracks are known
	}
	var outs []outputStream
	seen := map[string]bool{}
	profiles, _ := s.app.section("outputProfiles")
	for _, p := range optArray(profiles["outputProfile"]) {
		prof := optObject(p)
		if prof == nil {
			continue
		}
		name := strings.ReplaceAll(optString(prof["outputStreamName"]), "${OriginStreamName}", s.name)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		tracks := s.profileTracks(prof)
		pls := map[string]wire.StreamPlaylist{}
		for _, pl := range optArray(prof["playlists"]) {
			if m := optObject(pl); m != nil && optString(m["fileName"]) != "" {
				sp := profilePlaylist(m, tracks)
				if _, dup := pls[*sp.FileName]; !dup {
					pls[*sp.FileName] = sp
				}
			}
		}
		for _, d := range s.app.defaultPlaylists(tracks) {
			if _, dup := pls[*d.FileName]; !dup {
				pls[*d.FileName] = d
			}
		}
		outs = append(outs, outputStream{name: name, tracks: tracks, playlists: sortedPlaylists(pls), llhls: llhls})
	}
	if encs := s.whisperEncoders(); len(encs) > 0 {
		// The transcoder numbers the speech-to-text tracks after those of the other outputs.
		next := 0
		for _, o := range outs {
			next += len(o.tracks)
		}
		var tracks []wire.Track
		for i, e := range encs {
			stt := &wire.TrackSubtitleSTT{Engine: ptr("whisper"), Translation: e.translation, SourceLanguage: ptr(e.language)}
			if e.model != "" {
				stt.Model = ptr(e.model)
			}
			if e.label != "" {
				stt.OutputLabel = ptr(e.label)
			}
			t := wire.Track{ID: next + i, Type: wire.TrackTypeSubtitle, Subtitle: &wire.TrackSubtitle{
				Codec: wire.TrackCodecWHISPER, STT: stt, Language: ptr(e.language),
				Timebase: &wire.TrackTimebase{Num: 1, Den: 16000},
			}}
			if e.label != "" {
				t.Name = ptr(e.label)
			}
			tracks = append(tracks, t)
		}
		outs = append(outs, outputStream{name: s.name + sttOutputSuffix, tracks: tracks, playlists: []wire.StreamPlaylist{}})
	}
	return outs
}

// findOutput returns the output stream of s with the given name.
func (s *stream) findOutput(name string) (outputStream, bool) {
	for _, o := range s.outputs() {
		if o.name == name {
			return o, true
		}
	}
	return outputStream{}, false
}

// profileTracks are the tracks an output profile makes from the stream's input tracks, in the order
// videos, audios, images, then the input's data tracks and the app's subtitle renditions. A bypass
// encode copies the first input track of its kind; audio encodes with bypassIfMatch.codec "eq"
// copy it when the codecs match. Encodes that have no input track of their kind are skipped.
func (s *stream) profileTracks(prof map[string]any) []wire.Track {
	encodes := optObject(prof["encodes"])
	var tracks []wire.Track
	add := func(t wire.Track) {
		t.ID = len(tracks)
		tracks = append(tracks, t)
	}
	inVideo, hasVideo := firstTrack(s.tracks, wire.TrackTypeVideo)
	inAudio, hasAudio := firstTrack(s.tracks, wire.TrackTypeAudio)
	for i, e := range optArray(encodes["videos"]) {
		enc := optObject(e)
		if enc == nil || !hasVideo {
			continue
		}
		name := optString(enc["name"])
		if name == "" {
			name = "video_" + strconv.Itoa(i)
		}
		if optBool(enc["bypass"], false) {
			add(bypassTrack(inVideo, name))
			continue
		}
		codec, typ, ok := codecByName(optString(enc["codec"]))
		if !ok || typ != wire.TrackTypeVideo {
			continue
		}
		if bypassIfCodecMatches(enc, codec, inVideo.Video.Codec) {
			add(bypassTrack(inVideo, name))
			continue
		}
		add(encodedVideoTrack(inVideo, enc, name, codec, false))
	}
	for i, e := range optArray(encodes["audios"]) {
		enc := optObject(e)
		if enc == nil || !hasAudio {
			continue
		}
		name := optString(enc["name"])
		if name == "" {
			name = "audio_" + strconv.Itoa(i)
		}
		if optBool(enc["bypass"], false) {
			add(bypassTrack(inAudio, name))
			continue
		}
		codec, typ, ok := codecByName(optString(enc["codec"]))
		if !ok || typ != wire.TrackTypeAudio {
			continue
		}
		if bypassIfCodecMatches(enc, codec, inAudio.Audio.Codec) {
			add(bypassTrack(inAudio, name))
			continue
		}
		add(encodedAudioTrack(inAudio, enc, name, codec))
	}
	for i, e := range optArray(encodes["images"]) {
		enc := optObject(e)
		if enc == nil || !hasVideo {
			continue
		}
		codec, _, ok := codecByName(optString(enc["codec"]))
		if !ok || (codec != wire.TrackCodecJPEG && codec != wire.TrackCodecPNG && codec != wire.TrackCodecWEBP && codec != wire.TrackCodecAVIF) {
			continue
		}
		name := optString(enc["name"])
		if name == "" {
			name = "image_" + strconv.Itoa(i)
		}
		add(encodedVideoTrack(inVideo, enc, name, codec, true))
	}
	for _, t := range tracksOfType(s.tracks, wire.TrackTypeData) {
		add(copyTrack(t))
	}
	// The input's subtitle tracks pass through, ready to take cues.
	for _, t := range tracksOfType(s.tracks, wire.TrackTypeSubtitle) {
		c := copyTrack(t)
		if c.Subtitle != nil && c.Subtitle.STT == nil {
			c.Subtitle.CodecStatus = ptr(wire.TrackCodecStatusReady)
		}
		add(c)
	}
	if tracks == nil {
		tracks = []wire.Track{}
	}
	return tracks
}

func bypassIfCodecMatches(enc map[string]any, codec, input wire.TrackCodec) bool {
	bim := optObject(enc["bypassIfMatch"])
	return bim != nil && strings.EqualFold(strings.TrimSpace(optString(bim["codec"])), "eq") && codec == input
}

// profilePlaylist is an output profile's playlist as OME resolves it for an output stream.
func profilePlaylist(m map[string]any, tracks []wire.Track) wire.StreamPlaylist {
	opts := optObject(m["options"])
	sp := wire.StreamPlaylist{
		FileName: ptr(optString(m["fileName"])),
		Options: wire.StreamPlaylistOptions{
			WebRTCAutoABR:         optBool(opts["webRtcAutoAbr"], true),
			HLSChunklistPathDepth: optInt(opts["hlsChunklistPathDepth"], -1),
			EnableTSPackaging:     optBool(opts["enableTsPackaging"], false),
		},
		Renditions: []wire.StreamRendition{},
	}
	if n := optString(m["name"]); n != "" {
		sp.Name = ptr(n)
	}
	seen := map[string]bool{}
	addRendition := func(name, video, audio string) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		r := wire.StreamRendition{Name: ptr(name)}
		if video != "" {
			r.VideoVariantName = ptr(video)
		}
		if audio != "" {
			r.AudioVariantName = ptr(audio)
		}
		sp.Renditions = append(sp.Renditions, r)
	}
	for _, r := range optArray(m["renditions"]) {
		if rm := optObject(r); rm != nil {
			addRendition(optString(rm["name"]), optString(rm["video"]), optString(rm["audio"]))
		}
	}
	// Rendition templates: one rendition per matching video track, paired with the first
	// matching audio track (or audio only when the template has no video part).
	for _, t := range optArray(m["rendition_templates"]) {
		tm := optObject(t)
		if tm == nil {
			continue
		}
		vt, at := optObject(tm["video_template"]), optObject(tm["audio_template"])
		var audio *wire.Track
		if at != nil {
			for i := range tracks {
				if tracks[i].Audio != nil && templateMatches(at, tracks[i]) {
					audio = &tracks[i]
					break
				}
			}
		}
		audioName := ""
		if audio != nil {
			audioName = trackName(*audio)
		}
		if vt == nil {
			if audio != nil {
				addRendition(expandTemplateName(optString(tm["name"]), *audio), "", audioName)
			}
			continue
		}
		for _, tr := range tracks {
			if tr.Video == nil || isImageCodec(tr.Video.Codec) || !templateMatches(vt, tr) {
				continue
			}
			addRendition(expandTemplateName(optString(tm["name"]), tr), trackName(tr), audioName)
		}
	}
	return sp
}

func isImageCodec(c wire.TrackCodec) bool {
	return c == wire.TrackCodecJPEG || c == wire.TrackCodecPNG || c == wire.TrackCodecWEBP || c == wire.TrackCodecAVIF
}

// templateMatches applies a rendition template's variant name, encoding type and bounds to a track.
func templateMatches(tpl map[string]any, t wire.Track) bool {
	if v := optString(tpl["variant_name"]); v != "" && v != trackName(t) {
		return false
	}
	bypass := (t.Video != nil && t.Video.Bypass) || (t.Audio != nil && t.Audio.Bypass)
	switch optString(tpl["encoding_type"]) {
	case "encoded":
		if bypass {
			return false
		}
	case "bypassed":
		if !bypass {
			return false
		}
	}
	within := func(key string, v int) bool {
		lo, hi := optInt(tpl["min_"+key], -1), optInt(tpl["max_"+key], -1)
		return (lo < 0 || v >= lo) && (hi < 0 || v <= hi)
	}
	if t.Video != nil {
		v := t.Video
		return within("width", v.Width) && within("height", v.Height) && within("framerate", int(v.Framerate)) && within("bitrate", v.Bitrate)
	}
	if t.Audio != nil {
		a := t.Audio
		return within("bitrate", a.Bitrate) && within("samplerate", a.Samplerate) && within("channel", a.Channel)
	}
	return false
}

// expandTemplateName replaces the macros of a rendition template's name.
func expandTemplateName(name string, t wire.Track) string {
	r := strings.NewReplacer()
	switch {
	case t.Video != nil:
		r = strings.NewReplacer("${Width}", strconv.Itoa(t.Video.Width), "${Height}", strconv.Itoa(t.Video.Height),
			"${Bitrate}", strconv.Itoa(t.Video.Bitrate), "${Framerate}", strconv.Itoa(int(t.Video.Framerate)))
	case t.Audio != nil:
		r = strings.NewReplacer("${Bitrate}", strconv.Itoa(t.Audio.Bitrate), "${Samplerate}", strconv.Itoa(t.Audio.Samplerate),
			"${Channel}", strconv.Itoa(t.Audio.Channel))
	}
	return r.Replace(name)
}

// defaultPlaylist is a publisher's default playlist (docs/ome-behaviour.md, "Streams").
type defaultPlaylist struct {
	publisher, name, fileName string
	video, audio              []wire.TrackCodec // codecs the publisher can carry
}

// defaultPlaylistOrder is the order in which OME asks the publishers; with playlists keyed by
// file name the first one wins, so HLSv3's "playlist" hides SRT's.
var defaultPlaylistOrder = []defaultPlaylist{
	{"webrtc", "webrtc_default", "webrtc_default", []wire.TrackCodec{wire.TrackCodecH264, wire.TrackCodecH265, wire.TrackCodecVP8, wire.TrackCodecVP9}, []wire.TrackCodec{wire.TrackCodecOPUS}},
	{"llhls", "llhls_default", "llhls", []wire.TrackCodec{wire.TrackCodecH264, wire.TrackCodecH265}, []wire.TrackCodec{wire.TrackCodecAAC}},
	{"hls", "hls_default", "playlist", []wire.TrackCodec{wire.TrackCodecH264, wire.TrackCodecH265}, []wire.TrackCodec{wire.TrackCodecAAC, wire.TrackCodecMP3}},
	{"srt", "srt_default", "playlist", []wire.TrackCodec{wire.TrackCodecH264, wire.TrackCodecH265}, []wire.TrackCodec{wire.TrackCodecAAC, wire.TrackCodecMP3, wire.TrackCodecOPUS, wire.TrackCodecMP2}},
}

// defaultPlaylists are the default playlists of the app's enabled publishers (those whose
// createDefaultPlaylist is not false) for an output stream with the given tracks: one rendition
// "default" with the first video and audio track the publisher can carry. A publisher that can
// carry none of the tracks adds nothing.
func (a *app) defaultPlaylists(tracks []wire.Track) []wire.StreamPlaylist {
	pls := map[string]wire.StreamPlaylist{}
	for _, d := range defaultPlaylistOrder {
		sec, ok := a.section("publishers", d.publisher)
		if !ok || !optBool(sec["createDefaultPlaylist"], true) {
			continue
		}
		if _, dup := pls[d.fileName]; dup {
			continue
		}
		var video, audio string
		for _, t := range tracks {
			switch {
			case video == "" && t.Video != nil && containsCodec(d.video, t.Video.Codec):
				video = trackName(t)
			case audio == "" && t.Audio != nil && containsCodec(d.audio, t.Audio.Codec):
				audio = trackName(t)
			}
		}
		if video == "" && audio == "" {
			continue
		}
		r := wire.StreamRendition{Name: ptr("default")}
		if video != "" {
			r.VideoVariantName = ptr(video)
		}
		if audio != "" {
			r.AudioVariantName = ptr(audio)
		}
		pls[d.fileName] = wire.StreamPlaylist{
			Name: ptr(d.name), FileName: ptr(d.fileName),
			// OME's built-in playlists do not switch renditions on their own:
			// docs/ome-behaviour.md, "Streams".
			Options:    wire.StreamPlaylistOptions{WebRTCAutoABR: false, HLSChunklistPathDepth: -1},
			Renditions: []wire.StreamRendition{r},
		}
	}
	return sortedPlaylists(pls)
}

func containsCodec(list []wire.TrackCodec, c wire.TrackCodec) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

func sortedPlaylists(m map[string]wire.StreamPlaylist) []wire.StreamPlaylist {
	out := make([]wire.StreamPlaylist, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].FileName < *out[j].FileName })
	return out
}
