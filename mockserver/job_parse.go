package mockserver

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// jobStream is the output stream (and track selection) of a push or recording job.
type jobStream struct {
	name         string
	trackIDs     []int
	variantNames []string
}

// parseJobStream reads the "stream" member as OME's serdes does: members of the wrong type are
// ignored, and the deprecated "tracks" is read when "trackIds" is absent or empty.
func parseJobStream(body any) jobStream {
	js := jobStream{trackIDs: []int{}, variantNames: []string{}}
	m, ok := body.(map[string]any)
	if !ok {
		return js
	}
	s, ok := m["stream"].(map[string]any)
	if !ok {
		return js
	}
	js.name = jString(s["name"])
	js.trackIDs = jobTrackIDs(s["trackIds"])
	if len(js.trackIDs) == 0 {
		js.trackIDs = jobTrackIDs(s["tracks"])
	}
	if names, ok := s["variantNames"].([]any); ok {
		for _, n := range names {
			if str, ok := n.(string); ok {
				js.variantNames = append(js.variantNames, str)
			}
		}
	}
	return js
}

func jobTrackIDs(v any) []int {
	ids := []int{}
	arr, ok := v.([]any)
	if !ok {
		return ids
	}
	for _, x := range arr {
		if jIsInt(x) {
			if n, _ := jAsInt(x); n >= 0 {
				ids = append(ids, int(n))
			}
		}
	}
	return ids
}

func (js jobStream) clone() jobStream {
	return jobStream{
		name:         js.name,
		trackIDs:     append([]int{}, js.trackIDs...),
		variantNames: append([]string{}, js.variantNames...),
	}
}

// jobBodyID is the "id" member when it is a string.
func jobBodyID(body any) string {
	m, _ := body.(map[string]any)
	return jString(m["id"])
}

// jobMissingParams is OME's "There is no required parameter [ a b]" (each name after a space).
func jobMissingParams(names ...string) *omeError {
	return httpErr(http.StatusBadRequest, "There is no required parameter [%s]", " "+strings.Join(names, " "))
}

// pushRequest is a startPush body as OME reads it.
type pushRequest struct {
	id, protocol, url, streamKey string
	stream                       jobStream
}

func parsePushRequest(body any) pushRequest {
	m, _ := body.(map[string]any)
	return pushRequest{
		id:        jString(m["id"]),
		protocol:  strings.ToLower(strings.TrimSpace(jString(m["protocol"]))),
		url:       strings.TrimRight(strings.TrimSpace(jString(m["url"])), "/"),
		streamKey: strings.TrimSpace(jString(m["streamKey"])),
		stream:    parseJobStream(body),
	}
}

// protocolErr is the first check of startPush, made before the publisher checks.
func (p pushRequest) protocolErr(vhost, app string) *omeError {
	switch p.protocol {
	case "rtmp", "srt", "mpegts":
		return nil
	}
	return httpErr(http.StatusBadRequest, "Could not find protocol '%s': [%s/%s]", p.protocol, vhost, app)
}

// paramErr checks the required members and the URL, in OME's order.
func (p pushRequest) paramErr() *omeError {
	var missing []string
	if p.id == "" {
		missing = append(missing, "id")
	}
	if p.stream.name == "" {
		missing = append(missing, "stream.name")
	}
	if p.url == "" {
		missing = append(missing, "url")
	}
	if len(missing) > 0 {
		return jobMissingParams(missing...)
	}
	u, ok := jobParseURL(p.url)
	if !ok {
		return httpErr(http.StatusBadRequest, "Could not parse url")
	}
	unsupported := httpErr(http.StatusBadRequest, "Unsupported protocol")
	switch p.protocol {
	case "rtmp":
		if !strings.HasPrefix(p.url, "rtmp://") && !strings.HasPrefix(p.url, "rtmps://") {
			return unsupported
		}
	case "srt":
		if !strings.HasPrefix(p.url, "srt://") {
			return unsupported
		}
		if mode, ok := u.query["mode"]; ok && mode != "caller" {
			return httpErr(http.StatusBadRequest, "Unsupported connection mode")
		}
	case "mpegts":
		if !strings.HasPrefix(p.url, "udp://") && !strings.HasPrefix(p.url, "tcp://") {
			return unsupported
		}
		if strings.HasPrefix(p.url, "tcp://") && strings.HasSuffix(p.url, "listen") {
			return httpErr(http.StatusBadRequest, "Unsupported tcp listen")
		}
	}
	return nil
}

// jobURL is a URL as OME's ov::Url parses it.
type jobURL struct {
	scheme, host, path string
	query              map[string]string
}

var jobURLPattern = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]*)://(?:[^@/?#]*@)?(\[[0-9A-Fa-f:.]+\]|[^/?#:\[\]]+)(?::(\d+))?(/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$`)

// jobParseURL parses scheme://host[:port][/path][?query]; a URL without a scheme or a host, or
// with a port that is not a number, does not parse.
func jobParseURL(s string) (jobURL, bool) {
	m := jobURLPattern.FindStringSubmatch(s)
	if m == nil {
		return jobURL{}, false
	}
	if m[3] != "" {
		if _, err := strconv.Atoi(m[3]); err != nil {
			return jobURL{}, false
		}
	}
	u := jobURL{scheme: m[1], host: m[2], path: m[4], query: map[string]string{}}
	for _, kv := range strings.Split(m[5], "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		if _, seen := u.query[k]; !seen {
			u.query[k] = v
		}
	}
	return u, true
}

// recordRequest is a startRecord body as OME reads it.
type recordRequest struct {
	id, filePath, infoPath, schedule, metadata string
	interval                                   int32
	segmentationRule                           string
	stream                                     jobStream
}

func parseRecordRequest(body any) recordRequest {
	m, _ := body.(map[string]any)
	r := recordRequest{
		id:               jString(m["id"]),
		filePath:         jString(m["filePath"]),
		infoPath:         jString(m["infoPath"]),
		schedule:         jString(m["schedule"]),
		metadata:         jString(m["metadata"]),
		segmentationRule: "discontinuity",
		stream:           parseJobStream(body),
	}
	if jIsInt(m["interval"]) {
		r.interval, _ = jAsInt(m["interval"])
	}
	if jString(m["segmentationRule"]) == "continuity" {
		r.segmentationRule = "continuity"
	}
	return r
}

// paramErr checks a startRecord body after the publisher checks, in OME's order.
func (r recordRequest) paramErr() *omeError {
	var missing []string
	if r.id == "" {
		missing = append(missing, "id")
	}
	if r.stream.name == "" {
		missing = append(missing, "stream.name")
	}
	if len(missing) > 0 {
		return jobMissingParams(missing...)
	}
	if r.interval > 0 && r.schedule != "" {
		return httpErr(http.StatusBadRequest, "[Interval] and [Schedule] cannot be used at the same time")
	}
	if r.schedule != "" && !validRecordSchedule(r.schedule) {
		return httpErr(http.StatusBadRequest, "Invalid [schedule] parameter")
	}
	return nil
}

// validRecordSchedule checks a split schedule "<second> <minute> <hour>": each field is "*",
// a number (seconds and minutes 0-59, hours 0-23) or "*/N" with N ≥ 1.
func validRecordSchedule(s string) bool {
	fields := strings.Fields(s)
	if len(fields) != 3 {
		return false
	}
	for i, f := range fields {
		limit := 59
		if i == 2 {
			limit = 23
		}
		switch {
		case f == "*":
		case strings.HasPrefix(f, "*/"):
			n, ok := jobSmallNumber(f[2:])
			if !ok || n < 1 || n > limit+1 {
				return false
			}
		default:
			n, ok := jobSmallNumber(f)
			if !ok || n > limit {
				return false
			}
		}
	}
	return true
}

// jobSmallNumber parses a short run of decimal digits (no sign).
func jobSmallNumber(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
