package mockserver

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Streams pulled over OVT from the mock itself (docs/ome-behaviour.md, "Streams"): a stream
// created through the API with ovt://<this server's OVT address>/<app>/<stream> pulls an output
// stream of this same server, as an edge pulls from an origin. It gets the tracks of that output
// (with the values OME's OVT provider reports for them, and the data track), fails with 502 when
// no such output stream exists, and goes when its source goes.

// pullSource finds the output stream an OVT URL names on this server, for a pull; ok is false
// when the URL points elsewhere (the mock then simulates a remote source).
func (h *handlers) pullSource(rawURL string) (src *stream, out outputStream, self, ok bool) {
	port := h.s.conf.OVTPort
	u, err := url.Parse(rawURL)
	if err != nil || port == 0 || !strings.EqualFold(u.Scheme, "ovt") || u.Port() != strconv.Itoa(port) || !isLocalHost(u.Hostname()) {
		return nil, outputStream{}, false, false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 {
		return nil, outputStream{}, true, false
	}
	appName, streamName := parts[0], parts[1]
	for _, vh := range h.s.st.order {
		a := vh.apps[appName]
		if a == nil || !vhostServes(vh, u.Hostname()) {
			continue
		}
		for _, s := range a.streamOrder {
			if o, found := s.findOutput(streamName); found {
				return s, o, true, true
			}
		}
	}
	return nil, outputStream{}, true, false
}

// isLocalHost reports whether host is this machine as a pull URL would name it.
func isLocalHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// vhostServes reports whether one of a virtual host's host names matches host (wildcard.go).
func vhostServes(vh *vhost, host string) bool {
	cfg, err := decodeConfig(vh.config)
	if err != nil {
		return false
	}
	hostCfg, _ := cfg["host"].(map[string]any)
	names, _ := hostCfg["names"].([]any)
	for _, n := range names {
		if pattern, ok := n.(string); ok {
			if re := omeWildcard(pattern); re != nil && re.MatchString(host) {
				return true
			}
		}
	}
	return false
}

// pulledTracks are the input tracks of a stream pulled over OVT from out: the same tracks, as
// OME's OVT provider reports what it receives (not bypassed, no codec status, the sent bitrate
// and frame rate as the configured ones).
func pulledTracks(out outputStream) []wire.Track {
	tracks := copyTracks(out.tracks)
	for i := range tracks {
		t := &tracks[i]
		if v := t.Video; v != nil {
			v.Bypass, v.CodecStatus, v.CodecModule = false, nil, ptr(wire.TrackCodecModuleNone)
			v.BitrateConf, v.FramerateConf = v.Bitrate, v.Framerate
		}
		if a := t.Audio; a != nil {
			a.Bypass, a.CodecStatus, a.CodecModule = false, nil, ptr(wire.TrackCodecModuleNone)
			a.BitrateConf = a.Bitrate
		}
		if st := t.Subtitle; st != nil {
			st.CodecStatus = nil
		}
	}
	return tracks
}

// removePulledFrom removes the streams pulled from src (and, in turn, those pulled from them);
// the caller holds the write lock.
func (st *store) removePulledFrom(src *stream) {
	for _, vh := range st.order {
		for _, a := range vh.appOrder {
			for _, s := range append([]*stream(nil), a.streamOrder...) {
				if s.pulledFrom == src {
					st.terminateStream(s)
				}
			}
		}
	}
}

// outputPlaylists are the playlists of the output stream called name, or nil.
func (s *stream) outputPlaylists(name string) []wire.StreamPlaylist {
	o, ok := s.findOutput(name)
	if !ok {
		return nil
	}
	return append([]wire.StreamPlaylist(nil), o.playlists...)
}
