package scenario

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
)

// The normalisation rules. Two recordings of the same OME, minutes apart, are equal under
// exactly these rules; everything they do not mention must match as it is.
//
//  1. Time stamps: a string that is a whole ISO-8601 time ("2026-12-03T13:39:12.406+00:00")
//     becomes "<time>". OME's zero time, "1970-01-01T00:00:00.000+00:00" (a job that has not
//     started or finished), is kept as it is: it carries meaning.
//  2. Time stamps in file names: a run of exactly 14 digits (YYYYMMDDhhmmss, OME's
//     ${StartTime:…} macro) inside a string becomes "<YYYYMMDDhhmmss>", except the zero time
//     19700101000000 (an ${EndTime} not known yet), kept for the same reason as in rule 1.
//  3. UUIDs (8-4-4-4-12 hexadecimal digits) inside strings become "<uuid>".
//  4. Loopback port numbers: "127.0.0.1:N", "localhost:N" and "[::1]:N" inside strings become
//     "…:<port>" (ephemeral client ports, and the mock listens elsewhere than OME).
//  5. Arrays of plain strings are sorted (OME lists names in hash order), and so are the
//     "outputs" of a stream, by their "name" (OME keeps output streams in a hash map too: a
//     stream with a speech-to-text output lists "s" and "s#stt" in either order).
//  6. Values that depend on real media, and only numbers and booleans among them, become
//     "<media>": inside a "tracks" array, every member named bitrate…, framerate…,
//     maxFramerate, keyFrameInterval…, deltaFramesSinceLastKeyFrame or hasBframes (detected
//     from the packets: an OVT pull of a stream without B-frames sometimes reports true);
//     anywhere, the byte, time and connection counters of statistics and jobs (MediaCounters)
//     and every member of a "connections" object.
//  7. Numbers are compared by value (30 equals 30.0), which Compare does, not Normalize.
//
// A step may also ask for less than a full comparison (Step.Compare "shape" or "status").

// MediaCounters are the member names whose numeric values rule 6 normalises wherever they are.
var MediaCounters = []string{
	// statistics of the server, a virtual host, an application or a stream
	"avgThroughputIn", "avgThroughputOut", "maxThroughputIn", "maxThroughputOut",
	"lastThroughputIn", "lastThroughputOut", "totalBytesIn", "totalBytesOut",
	"totalConnections", "maxTotalConnections",
	// push jobs
	"sentBytes", "sentTime", "totalsentBytes", "totalsentTime",
	// recording jobs
	"recordBytes", "recordTime", "totalRecordBytes", "totalRecordTime",
	// the play position of a scheduled channel's current item
	"currentPosition",
}

// trackMediaPrefixes are the member-name prefixes rule 6 normalises inside "tracks" arrays.
var trackMediaPrefixes = []string{"bitrate", "framerate", "maxFramerate", "keyFrameInterval", "deltaFramesSinceLastKeyFrame", "hasBframes"}

// Placeholders that Normalize writes.
const (
	TimePlaceholder     = "<time>"
	FileTimePlaceholder = "<YYYYMMDDhhmmss>"
	UUIDPlaceholder     = "<uuid>"
	PortPlaceholder     = "<port>"
	MediaPlaceholder    = "<media>"
	epochTime           = "1970-01-01T00:00:00.000+00:00"
	epochFileTime       = "19700101000000"
)

var (
	isoTime    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$`)
	digitRun   = regexp.MustCompile(`\d+`)
	uuidRe     = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	loopbackRe = regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):\d+`)
)

// Normalize returns a copy of a decoded JSON value (numbers as json.Number) with the rules
// above applied.
func Normalize(v any) any { return normalize(v, false) }

// NormalizeString applies the string rules (1–4) to one string.
func NormalizeString(s string) string {
	if isoTime.MatchString(s) {
		if s == epochTime {
			return s
		}
		return TimePlaceholder
	}
	s = digitRun.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) != 14 || m == epochFileTime {
			return m
		}
		return FileTimePlaceholder
	})
	s = uuidRe.ReplaceAllString(s, UUIDPlaceholder)
	s = loopbackRe.ReplaceAllString(s, "${1}:"+PortPlaceholder)
	return s
}

func normalize(v any, inTracks bool) any {
	switch x := v.(type) {
	case string:
		return NormalizeString(x)
	case []any:
		out := make([]any, len(x))
		allStrings := len(x) > 0
		for i, e := range x {
			out[i] = normalize(e, inTracks)
			if _, ok := out[i].(string); !ok {
				allStrings = false
			}
		}
		if allStrings {
			slices.SortFunc(out, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch {
			case k == "tracks":
				out[k] = normalize(e, true)
			case k == "outputs":
				out[k] = sortByName(normalize(e, inTracks))
			case k == "connections":
				out[k] = mediaValues(e)
			case isMediaMember(k, inTracks):
				out[k] = mediaNumber(e)
			default:
				out[k] = normalize(e, inTracks)
			}
		}
		return out
	}
	return v
}

// sortByName sorts an array of objects by their string member "name" (anything else is left as
// it is).
func sortByName(v any) any {
	arr, ok := v.([]any)
	if !ok {
		return v
	}
	for _, e := range arr {
		m, ok := e.(map[string]any)
		if !ok {
			return v
		}
		if _, ok := m["name"].(string); !ok {
			return v
		}
	}
	slices.SortStableFunc(arr, func(a, b any) int {
		return strings.Compare(a.(map[string]any)["name"].(string), b.(map[string]any)["name"].(string))
	})
	return arr
}

func isMediaMember(name string, inTracks bool) bool {
	if slices.Contains(MediaCounters, name) {
		return true
	}
	if inTracks {
		for _, p := range trackMediaPrefixes {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// mediaNumber replaces a number or a boolean by the placeholder; anything else is normalised
// as usual.
func mediaNumber(v any) any {
	switch v.(type) {
	case json.Number, bool:
		return MediaPlaceholder
	}
	return normalize(v, false)
}

// mediaValues replaces the numbers of an object's members (a "connections" object).
func mediaValues(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return mediaNumber(v)
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = mediaNumber(e)
	}
	return out
}
