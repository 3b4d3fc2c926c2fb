package mockserver

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Multiplex channels: the definition as OME's pvd::MultiplexProfile reads it from JSON
// (docs/ome-behaviour.md, "Multiplex channels").

// multiplexChannel is a multiplex channel of an application.
type multiplexChannel struct {
	name             string
	bypassTranscoder bool
	sources          []muxSource
	playlists        []muxPlaylist
	loadedAt         time.Time // when the provider loaded the channel file
}

type muxSource struct {
	name, url string
	tracks    []muxTrack // in submission order
}

type muxTrack struct {
	sourceTrackName, newTrackName         string
	bitrateConf, framerateConf            int32
	publicName, language, characteristics string
	audioIndex                            int32 // -1: every occurrence
}

type muxPlaylist struct {
	name, fileName string
	webrtcAutoAbr  bool
	hlsDepth       int32 // -1: unset
	enableTS       bool
	renditions     []muxRendition
}

type muxRendition struct{ name, video, audio string }

func muxErr(format string, args ...any) *omeError {
	return httpErr(http.StatusBadRequest, format, args...)
}

// muxMember reads a member that must not be null, failing with OME's "Failed to find …".
func muxMember(v any, key, what string) (any, *omeError) {
	x, e := jMember(v, key)
	if e != nil {
		return nil, e
	}
	if x == nil {
		return nil, muxErr("Failed to find %s object", what)
	}
	return x, nil
}

// parseMultiplex reads a create body (an object) in OME's order, with jsoncpp's loose
// conversions. As in OME, a playlist without "renditions" is dropped.
func parseMultiplex(body any) (*multiplexChannel, *omeError) {
	mc := &multiplexChannel{bypassTranscoder: true}
	out, e := muxMember(body, "outputStream", "outputStream")
	if e != nil {
		return nil, e
	}
	nameV, e := muxMember(out, "name", "outputStream/name")
	if e != nil {
		return nil, e
	}
	if mc.name, e = jAsString(nameV); e != nil {
		return nil, e
	}
	bt, e := jMember(out, "bypassTranscoder")
	if e != nil {
		return nil, e
	}
	if bt != nil {
		if mc.bypassTranscoder, e = jAsBool(bt); e != nil {
			return nil, e
		}
	}
	sources, e := muxMember(body, "sourceStreams", "sourceStreams")
	if e != nil {
		return nil, e
	}
	newNames := map[string]bool{}
	for _, sv := range jElems(sources) {
		src, e := parseMuxSource(sv, newNames)
		if e != nil {
			return nil, e
		}
		mc.sources = append(mc.sources, src)
	}
	playlists, e := jMember(body, "playlists")
	if e != nil {
		return nil, e
	}
	for _, pv := range jElems(playlists) {
		pl, keep, e := parseMuxPlaylist(pv, newNames)
		if e != nil {
			return nil, e
		}
		if keep {
			mc.playlists = append(mc.playlists, pl)
		}
	}
	return mc, nil
}

func parseMuxSource(sv any, newNames map[string]bool) (muxSource, *omeError) {
	var src muxSource
	nameV, e := muxMember(sv, "name", "sourceStreams/name")
	if e != nil {
		return src, e
	}
	urlV, e := muxMember(sv, "url", "sourceStreams/url")
	if e != nil {
		return src, e
	}
	if src.name, e = jAsString(nameV); e != nil {
		return src, e
	}
	if src.url, e = jAsString(urlV); e != nil {
		return src, e
	}
	if _, ok := jobParseURL(src.url); !ok {
		return src, muxErr("Failed to parse url: %s", src.url)
	}
	tracks, e := muxMember(sv, "trackMap", "sourceStreams/trackMap")
	if e != nil {
		return src, e
	}
	for _, tv := range jElems(tracks) {
		stn, e := muxMember(tv, "sourceTrackName", "sourceStreams/trackMap/sourceTrackName")
		if e != nil {
			return src, e
		}
		ntn, e := muxMember(tv, "newTrackName", "sourceStreams/trackMap/newTrackName")
		if e != nil {
			return src, e
		}
		t := muxTrack{audioIndex: -1}
		for _, f := range []struct {
			key string
			dst *int32
		}{{"bitrateConf", &t.bitrateConf}, {"framerateConf", &t.framerateConf}} {
			v, e := jMember(tv, f.key)
			if e != nil {
				return src, e
			}
			if v != nil {
				if *f.dst, e = jAsInt(v); e != nil {
					return src, e
				}
			}
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"publicName", &t.publicName}, {"language", &t.language}, {"characteristics", &t.characteristics}} {
			v, e := jMember(tv, f.key)
			if e != nil {
				return src, e
			}
			if v != nil {
				if *f.dst, e = jAsString(v); e != nil {
					return src, e
				}
			}
		}
		ai, e := jMember(tv, "audioIndex")
		if e != nil {
			return src, e
		}
		if ai != nil {
			if !jIsInt(ai) {
				return src, muxErr("Invalid sourceStreams/trackMap/audioIndex: must be an integer")
			}
			t.audioIndex, _ = jAsInt(ai)
			if t.audioIndex < -1 {
				return src, muxErr("Invalid sourceStreams/trackMap/audioIndex: must be -1 or greater")
			}
		}
		if t.sourceTrackName, e = jAsString(stn); e != nil {
			return src, e
		}
		if t.newTrackName, e = jAsString(ntn); e != nil {
			return src, e
		}
		src.tracks = append(src.tracks, t)
		newNames[t.newTrackName] = true
	}
	return src, nil
}

func parseMuxPlaylist(pv any, newNames map[string]bool) (muxPlaylist, bool, *omeError) {
	pl := muxPlaylist{hlsDepth: -1}
	nameV, e := muxMember(pv, "name", "playlists/name")
	if e != nil {
		return pl, false, e
	}
	fileV, e := muxMember(pv, "fileName", "playlists/fileName")
	if e != nil {
		return pl, false, e
	}
	if pl.name, e = jAsString(nameV); e != nil {
		return pl, false, e
	}
	if pl.fileName, e = jAsString(fileV); e != nil {
		return pl, false, e
	}
	opts, e := jMember(pv, "options")
	if e != nil {
		return pl, false, e
	}
	if opts != nil {
		for _, f := range []struct {
			key string
			dst *bool
		}{{"webrtcAutoAbr", &pl.webrtcAutoAbr}, {"hlsChunklistPathDepth", nil}, {"enableTsPackaging", &pl.enableTS}} {
			v, e := jMember(opts, f.key)
			if e != nil {
				return pl, false, e
			}
			if v == nil {
				continue
			}
			if f.dst == nil {
				if pl.hlsDepth, e = jAsInt(v); e != nil {
					return pl, false, e
				}
			} else if *f.dst, e = jAsBool(v); e != nil {
				return pl, false, e
			}
		}
	}
	rends, e := jMember(pv, "renditions")
	if e != nil {
		return pl, false, e
	}
	if rends == nil {
		return pl, false, nil // OME's loop `continue`s here, before keeping the playlist
	}
	for _, rv := range jElems(rends) {
		rnV, e := muxMember(rv, "name", "playlists/renditions/name")
		if e != nil {
			return pl, false, e
		}
		var r muxRendition
		for _, f := range []struct {
			key, kind string
			dst       *string
		}{{"video", "video", &r.video}, {"audio", "audio", &r.audio}} {
			v, e := jMember(rv, f.key)
			if e != nil {
				return pl, false, e
			}
			if v == nil {
				continue
			}
			if *f.dst, e = jAsString(v); e != nil {
				return pl, false, e
			}
			if !newNames[*f.dst] {
				return pl, false, muxErr("Failed to find %s variant name %s in SourceStream/TrackMap object", f.kind, *f.dst)
			}
		}
		if r.name, e = jAsString(rnV); e != nil {
			return pl, false, e
		}
		for _, key := range []string{"videoIndexHint", "audioIndexHint"} {
			v, e := jMember(rv, key)
			if e != nil {
				return pl, false, e
			}
			if v != nil {
				if _, e := jAsInt(v); e != nil {
					return pl, false, e
				}
			}
		}
		pl.renditions = append(pl.renditions, r)
	}
	return pl, true, nil
}

// info is the GET answer. state is Playing when every source stream exists, else Pulling with
// OME's message about the first missing one. The caller holds the lock.
func (mc *multiplexChannel) info(st *store, a *app) wire.MultiplexInfo {
	mi := wire.MultiplexInfo{
		OutputStream: wire.MultiplexOutputStreamInfo{Name: mc.name, BypassTranscoder: mc.bypassTranscoder},
		State:        wire.MultiplexStatePlaying,
	}
	if len(mc.sources) > 0 {
		srcs := make([]wire.MultiplexSourceStreamInfo, 0, len(mc.sources))
		for _, s := range mc.sources {
			info := wire.MultiplexSourceStreamInfo{Name: s.name, URL: s.url}
			if len(s.tracks) > 0 {
				tracks := append([]muxTrack(nil), s.tracks...)
				sort.SliceStable(tracks, func(i, j int) bool { return tracks[i].sourceTrackName < tracks[j].sourceTrackName })
				tm := make([]wire.MultiplexTrackMapEntry, 0, len(tracks))
				for _, t := range tracks {
					tm = append(tm, t.view())
				}
				info.TrackMap = &tm
			}
			srcs = append(srcs, info)
		}
		mi.SourceStreams = &srcs
	}
	if len(mc.playlists) > 0 {
		pls := make([]wire.MultiplexPlaylistInfo, 0, len(mc.playlists))
		for _, p := range mc.playlists {
			pls = append(pls, p.view())
		}
		mi.Playlists = &pls
	}
	for _, s := range mc.sources {
		if name, ok := muxSourceMissing(st, s.url); !ok {
			msg := fmt.Sprintf("Multiplex Channel : #%s#%s/%s: Wait for stream %s", a.vhost.name, a.name, mc.name, name)
			mi.State, mi.PullingMessage = wire.MultiplexStatePulling, &msg
			break
		}
	}
	return mi
}

// muxSourceMissing resolves a source URL stream://<vhost>/<app>/<stream>; ok is false when that
// input stream does not exist, with the stream name OME's message names.
func muxSourceMissing(st *store, rawURL string) (streamName string, ok bool) {
	u, parsed := jobParseURL(rawURL)
	if !parsed {
		return "", false
	}
	parts := strings.SplitN(strings.TrimPrefix(u.path, "/"), "/", 2)
	appName := parts[0]
	if len(parts) == 2 {
		streamName = parts[1]
	}
	vh := st.vhosts[u.host]
	if vh == nil || vh.apps[appName] == nil || vh.apps[appName].streams[streamName] == nil {
		return streamName, false
	}
	return streamName, true
}

func (t muxTrack) view() wire.MultiplexTrackMapEntry {
	e := wire.MultiplexTrackMapEntry{SourceTrackName: t.sourceTrackName, NewTrackName: t.newTrackName,
		PublicName: jobStr(t.publicName), Language: jobStr(t.language), Characteristics: jobStr(t.characteristics)}
	if t.bitrateConf != 0 {
		v := t.bitrateConf
		e.BitrateConf = &v
	}
	if t.framerateConf != 0 {
		v := t.framerateConf
		e.FramerateConf = &v
	}
	if t.audioIndex >= 0 {
		v := t.audioIndex
		e.AudioIndex = &v
	}
	return e
}

func (p muxPlaylist) view() wire.MultiplexPlaylistInfo {
	pi := wire.MultiplexPlaylistInfo{Name: p.name, FileName: p.fileName}
	var opts wire.MultiplexPlaylistOptions
	set := false
	if p.webrtcAutoAbr {
		v := true
		opts.WebRTCAutoABR, set = &v, true
	}
	if p.hlsDepth != -1 {
		v := p.hlsDepth
		opts.HLSChunklistPathDepth, set = &v, true
	}
	if p.enableTS {
		v := true
		opts.EnableTSPackaging, set = &v, true
	}
	if set {
		pi.Options = &opts
	}
	if len(p.renditions) > 0 {
		rs := make([]wire.MultiplexRendition, 0, len(p.renditions))
		for _, r := range p.renditions {
			rs = append(rs, wire.MultiplexRendition{Name: r.name, Video: jobStr(r.video), Audio: jobStr(r.audio)})
		}
		pi.Renditions = &rs
	}
	return pi
}

// startMultiplexStream makes the channel's stream once every source stream is there, as OME's
// multiplex stream does after pulling them: its tracks are the mapped tracks of the sources'
// output streams (numbered from 1 in the order of the track maps), then the provider's data
// track; a relay (bypassTranscoder) keeps the channel's playlists besides the publishers'
// defaults. It reports whether the stream exists (or cannot wait for anything: no sources, or
// another stream holds the name). The caller holds the write lock.
func (st *store) startMultiplexStream(a *app, mc *multiplexChannel, now time.Time) bool {
	if s := a.streams[mc.name]; s != nil || len(mc.sources) == 0 {
		return true
	}
	at := mc.loadedAt
	var tracks []wire.Track
	for _, src := range mc.sources {
		out, ok := muxSourceOutput(st, src.url)
		if !ok {
			return false
		}
		if src := out.created; src.After(at) {
			at = src
		}
		tracks = append(tracks, mappedTracks(out.tracks, src.tracks, len(tracks)+1)...)
	}
	s := st.addStream(a, mc.name, wire.StreamSourceTypeMultiplex, tracks)
	s.created = at
	s.relay = mc.bypassTranscoder
	st.addProviderTracks(s, true)
	if mc.bypassTranscoder {
		for _, p := range mc.playlists {
			s.relayPlaylists = append(s.relayPlaylists, p.streamPlaylist())
		}
	}
	return true
}

// muxSourceStream is an output stream a multiplex channel takes tracks from, with the creation
// time of its input stream.
type muxSourceStream struct {
	tracks  []wire.Track
	created time.Time
}

// muxSourceOutput resolves stream://<vhost>/<app>/<stream> to that output stream.
func muxSourceOutput(st *store, rawURL string) (muxSourceStream, bool) {
	u, parsed := jobParseURL(rawURL)
	if !parsed {
		return muxSourceStream{}, false
	}
	appName, streamName, _ := strings.Cut(strings.TrimPrefix(u.path, "/"), "/")
	vh := st.vhosts[u.host]
	if vh == nil || vh.apps[appName] == nil {
		return muxSourceStream{}, false
	}
	src := vh.apps[appName].outputStreamSource(streamName)
	if src == nil {
		return muxSourceStream{}, false
	}
	o, _ := src.findOutput(streamName)
	return muxSourceStream{tracks: o.tracks, created: src.created}, true
}

// mappedTracks maps a source's tracks by variant name (the audioIndex-th audio track of that
// name when audioIndex is set) to new tracks, passed through and ready.
func mappedTracks(from []wire.Track, maps []muxTrack, firstID int) []wire.Track {
	var out []wire.Track
	for _, m := range maps {
		var found *wire.Track
		audio := 0
		for i := range from {
			t := &from[i]
			if t.Name == nil || *t.Name != m.sourceTrackName {
				continue
			}
			if m.audioIndex >= 0 && t.Type == wire.TrackTypeAudio {
				if int32(audio) != m.audioIndex {
					audio++
					continue
				}
			}
			found = t
			break
		}
		if found == nil {
			continue
		}
		t := copyTrack(*found)
		t.ID, t.Name = firstID+len(out), ptr(m.newTrackName)
		ready := ptr(wire.TrackCodecStatusReady)
		if v := t.Video; v != nil {
			v.Bypass, v.CodecStatus, v.CodecModule = true, ready, nil
			v.BitrateConf, v.FramerateConf = int(m.bitrateConf), wire.Double(m.framerateConf)
		}
		if a := t.Audio; a != nil {
			a.Bypass, a.CodecStatus, a.CodecModule = true, ready, nil
			a.BitrateConf = int(m.bitrateConf)
			if m.language != "" {
				a.Language = ptr(m.language)
			}
			if m.characteristics != "" {
				a.Characteristics = ptr(m.characteristics)
			}
		}
		out = append(out, t)
	}
	return out
}

// streamPlaylist is the playlist as a stream's output lists it.
func (p muxPlaylist) streamPlaylist() wire.StreamPlaylist {
	sp := wire.StreamPlaylist{Name: ptr(p.name), FileName: ptr(p.fileName),
		Options: wire.StreamPlaylistOptions{WebRTCAutoABR: p.webrtcAutoAbr, EnableTSPackaging: p.enableTS, HLSChunklistPathDepth: int(p.hlsDepth)}}
	for _, r := range p.renditions {
		sr := wire.StreamRendition{Name: ptr(r.name)}
		if r.video != "" {
			sr.VideoVariantName = ptr(r.video)
		}
		if r.audio != "" {
			sr.AudioVariantName = ptr(r.audio)
		}
		sp.Renditions = append(sp.Renditions, sr)
	}
	return sp
}
