package mockserver

import (
	"strings"
	"time"
)

// Dumps configured in Server.xml (docs/ome-behaviour.md, "Stream actions"): when OME's LLHLS
// publisher creates an output stream, every enabled <Dump> of the application whose
// <TargetStreamName> matches the output stream's name is added to the stream's dumps, under its
// <Id> (empty when it has none, so that only the first such dump is kept), with its <Playlists>
// and its <OutputPath> expanded for the stream. :hlsDumps lists them with the dumps started
// through the API, in id order, and :stopHlsDump without an id stops them too.

// seedDumps adds the configured dumps of output stream out once; the caller holds the write
// lock and has checked that out is an LLHLS output stream of s.
func (st *store) seedDumps(s *stream, out string) {
	if s.dumpsSeeded[out] {
		return
	}
	if s.dumpsSeeded == nil {
		s.dumpsSeeded = map[string]bool{}
	}
	s.dumpsSeeded[out] = true
	llhls, ok := s.app.section("publishers", "llhls")
	if !ok {
		return
	}
	for _, v := range optArray(optObject(llhls["dumps"])["dump"]) {
		c := optObject(v)
		if c == nil || !cfgBool(c["enable"]) {
			continue
		}
		re := omeWildcard(optString(c["targetStreamName"]))
		if re == nil || !re.MatchString(out) {
			continue
		}
		id := optString(c["id"])
		key := dumpKey(out, id)
		if s.dumps[key] != nil {
			continue
		}
		d := &hlsDump{target: out, id: id, enabled: true,
			outputPath: dumpOutputPath(optString(c["outputPath"]), s.app.vhost.name, s.app.name, out, s.created)}
		for _, p := range optArray(optObject(c["playlists"])["playlist"]) {
			if name, ok := p.(string); ok {
				d.playlist = append(d.playlist, name)
			}
		}
		s.dumps[key] = d
	}
}

// dumpOutputPath expands the macros of a configured dump's <OutputPath> the way OME does when
// the output stream is created (at t, in the server's local time).
func dumpOutputPath(path, vhost, app, stream string, t time.Time) string {
	if path == "" {
		return ""
	}
	return strings.NewReplacer(
		"${VHostName}", vhost, "${AppName}", app, "${StreamName}", stream,
		"${ISO8601}", t.Format("2006-01-02T15:04:05-0700"),
		"${YYYY}", t.Format("2006"), "${MM}", t.Format("01"), "${DD}", t.Format("02"),
		"${hh}", t.Format("15"), "${mm}", t.Format("04"), "${ss}", t.Format("05"),
		"${z}", t.Format("-0700"),
	).Replace(path)
}

// hasPlaylistFile reports whether name ("llhls.m3u8") names a playlist of the output stream: the
// part before the last dot is the playlist's file name.
func hasPlaylistFile(o outputStream, name string) bool {
	base := name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		base = name[:i]
	}
	for _, p := range o.playlists {
		if p.FileName != nil && *p.FileName == base {
			return true
		}
	}
	return false
}
