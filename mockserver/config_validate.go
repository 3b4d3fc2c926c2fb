package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file is OME's configuration engine as far as the mock needs it: a virtual host,
// application or output profile given as JSON is checked against the spec's schemas (which are
// closed: additionalProperties is false everywhere) and against the semantic rules of
// docs/ome-behaviour.md, "Configuration objects"; the first problem is reported with OME's text,
// without the "[Config] " prefix that the callers add.
//
// OME's engine is lenient where the spec is not (docs/ome-behaviour.md, "Configuration objects": a number where a
// string is expected is converted, an object given as a string is an empty object). The mock
// stores only what the spec accepts, so that every answer it gives validates; values OME would
// coerce are rejected with "<path> has an invalid value: <json>", a text of the mock's own.

// configSchemas are the spec's configuration schemas, resolved once.
type configSchemas struct {
	vhost, app *openapi3.Schema
}

var loadConfigSchemas = sync.OnceValues(func() (*configSchemas, error) {
	spec, err := loadSpec()
	if err != nil {
		return nil, err
	}
	get := func(name string) (*openapi3.Schema, error) {
		ref := spec.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("mockserver: the spec has no schema %q", name)
		}
		return ref.Value, nil
	}
	var cs configSchemas
	for _, s := range []struct {
		dst  **openapi3.Schema
		name string
	}{{&cs.vhost, "VirtualHost"}, {&cs.app, "Application"}} {
		if *s.dst, err = get(s.name); err != nil {
			return nil, err
		}
	}
	return &cs, nil
})

func mustConfigSchemas() *configSchemas {
	cs, err := loadConfigSchemas()
	if err != nil {
		// New parsed the same document before any handler could run; it cannot fail here.
		panic(err)
	}
	return cs
}

// validateVhostConfig checks one element of a POST /v1/vhosts body (already normalised by
// normalizeVhost), its applications included.
func validateVhostConfig(v any) string {
	cs := mustConfigSchemas()
	m, ok := v.(map[string]any)
	if !ok {
		return "virtualHost.name is not optional"
	}
	if msg := checkNode(cs.vhost, m, "virtualHost", "virtualHost"); msg != "" {
		return msg
	}
	if msg := vhostSemantics(m); msg != "" {
		return msg
	}
	if apps, ok := m["applications"].([]any); ok {
		for _, a := range apps {
			if msg := appSemantics(a.(map[string]any)); msg != "" {
				return msg
			}
		}
	}
	return safetyNet(cs.vhost, m)
}

// validateAppConfig checks a complete application configuration (normalised by normalizeApp).
func validateAppConfig(m map[string]any) string {
	cs := mustConfigSchemas()
	if msg := checkNode(cs.app, m, "application", "application"); msg != "" {
		return msg
	}
	if msg := appSemantics(m); msg != "" {
		return msg
	}
	return safetyNet(cs.app, m)
}

// safetyNet runs kin-openapi's own validation, so that nothing the spec rejects is ever
// stored even where checkNode has no OME text for it.
func safetyNet(s *openapi3.Schema, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	var plain any
	if err := json.Unmarshal(b, &plain); err != nil {
		return err.Error()
	}
	if err := s.VisitJSON(plain, openapi3.VisitAsRequest()); err != nil {
		msg := err.Error()
		if se, ok := err.(*openapi3.SchemaError); ok {
			msg = se.Reason
			if p := se.JSONPointer(); len(p) > 0 {
				msg = strings.Join(p, ".") + ": " + msg
			}
		}
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return msg
	}
	return ""
}

// listItemNames gives the name under which OME's messages report the elements of a list
// (docs/ome-behaviour.md, "Configuration objects": paths restart at the list element, named after its XML element).
var listItemNames = map[string]string{
	"applications":        "application",
	"names":               "name",
	"videos":              "video",
	"audios":              "audio",
	"images":              "image",
	"playlists":           "playlist",
	"renditions":          "rendition",
	"rendition_templates": "renditionTemplate",
	"tracksets":           "trackSet",
	"urls":                "url",
	"headers":             "header",
	"queries":             "query",
	"streams":             "stream",
}

func itemName(key string) string {
	if n, ok := listItemNames[key]; ok {
		return n
	}
	return key
}

// checkNode returns OME's text for the first problem of v against s. path is v's dotted path
// in OME's terms, key v's own key in its parent (used by the list messages).
func checkNode(s *openapi3.Schema, v any, path, key string) string {
	if s == nil {
		return ""
	}
	if v == nil && s.Nullable {
		return ""
	}
	for _, sub := range s.AllOf {
		if msg := checkNode(sub.Value, v, path, key); msg != "" {
			return msg
		}
	}
	if len(s.AnyOf) > 0 {
		for _, sub := range s.AnyOf {
			_, isArr := v.([]any)
			_, isObj := v.(map[string]any)
			switch {
			case sub.Value != nil && sub.Value.Type.Is("array") && isArr,
				sub.Value != nil && sub.Value.Type.Is("object") && isObj:
				// A list written as [] or, when empty, {} (EmptyList).
				return checkNode(sub.Value, v, path, key)
			case scalarMatches(sub.Value, v):
				return ""
			}
		}
		return invalidValue(path, v)
	}
	switch {
	case s.Type.Is("object") || (s.Type.IsEmpty() && len(s.Properties) > 0):
		return checkObject(s, v, path)
	case s.Type.Is("array"):
		arr, ok := v.([]any)
		if !ok {
			return "Child " + key + " is not an array"
		}
		if s.Items == nil {
			return ""
		}
		name := itemName(key)
		for _, el := range arr {
			if msg := checkNode(s.Items.Value, el, name, name); msg != "" {
				return msg
			}
		}
		return ""
	case s.Type.IsEmpty():
		return "" // a schema-less value (e.g. the deprecated providers.file): anything goes
	}
	if !scalarMatches(s, v) {
		return invalidValue(path, v)
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
		switch key {
		case "type":
			return fmt.Sprintf("Unknown type: %v", v)
		case "encoding_type":
			return fmt.Sprintf("Invalid EncodingType: %v (all, encoded, bypassed)", v)
		}
		return invalidValue(path, v)
	}
	return ""
}

func checkObject(s *openapi3.Schema, v any, path string) string {
	m, ok := v.(map[string]any)
	if !ok {
		// An array given for an object that holds a list reports that list; a scalar is an
		// object without keys, so only its required members can fail.
		if _, isArr := v.([]any); isArr {
			for _, k := range sortedKeys(s.Properties) {
				if p := s.Properties[k].Value; p != nil && p.Type.Is("array") {
					return k + " is not an array"
				}
			}
		}
		if v != nil && len(s.Required) > 0 {
			return path + "." + s.Required[0] + " is not optional"
		}
		return invalidValue(path, v)
	}
	closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	keys := sortedKeys(m)
	for _, k := range keys {
		p := s.Properties[k]
		if p == nil && !closed {
			continue
		}
		if p == nil || (p.Value != nil && p.Value.ReadOnly) {
			if k == "bitrate" && strings.HasSuffix(path, "bypassIfMatch") {
				return "BypassIfMatch.Bitrate is not yet supported"
			}
			return "Unknown item found: " + path + "." + k
		}
	}
	for _, r := range s.Required {
		if _, ok := m[r]; !ok {
			return path + "." + r + " is not optional"
		}
	}
	for _, k := range keys {
		if p := s.Properties[k]; p != nil {
			if msg := checkNode(p.Value, m[k], path+"."+k, k); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// scalarMatches reports whether v has the JSON type s declares.
func scalarMatches(s *openapi3.Schema, v any) bool {
	if s == nil || s.Type.IsEmpty() {
		return true
	}
	if v == nil {
		return s.Nullable
	}
	switch t := v.(type) {
	case string:
		return s.Type.Is("string")
	case bool:
		return s.Type.Is("boolean")
	case json.Number:
		if s.Type.Is("number") {
			return true
		}
		return s.Type.Is("integer") && isInteger(t)
	}
	return false
}

func isInteger(n json.Number) bool {
	if _, err := n.Int64(); err == nil {
		return true
	}
	f, err := n.Float64()
	return err == nil && f == math.Trunc(f) && !math.IsInf(f, 0)
}

func invalidValue(path string, v any) string {
	b, _ := json.Marshal(v)
	return path + " has an invalid value: " + string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ---- normalisation (docs/ome-behaviour.md, "Configuration objects") -------------------------------------------------

// unwrapList applies OME's input rule for the lists stored without an element name: the value may
// also be an object wrapping the array under the singular key, and a scalar is an empty list,
// which OME writes back as {} (docs/ome-behaviour.md, "Configuration objects"). Otherwise the
// stored (and echoed) form is the bare array.
func unwrapList(m map[string]any, key, singular string) {
	switch t := m[key].(type) {
	case map[string]any:
		if inner, ok := t[singular].([]any); ok && len(t) == 1 {
			m[key] = inner
		}
	case string, bool, json.Number:
		m[key] = map[string]any{}
	}
}

// normalizeVhost rewrites the wrapped list forms of a POST /v1/vhosts element in place.
func normalizeVhost(m map[string]any) {
	if host, ok := m["host"].(map[string]any); ok {
		unwrapList(host, "names", "name")
	}
	unwrapList(m, "applications", "application")
	if apps, ok := m["applications"].(map[string]any); ok && len(apps) == 0 {
		// A scalar given as the applications is no application (and, as the answer leaves the
		// applications out, never echoed).
		m["applications"] = []any{}
	}
	if apps, ok := m["applications"].([]any); ok {
		for _, a := range apps {
			if am, ok := a.(map[string]any); ok {
				normalizeApp(am)
			}
		}
	}
}

// normalizeApp rewrites the wrapped list forms of an application configuration in place.
func normalizeApp(m map[string]any) {
	if p, ok := m["providers"].(map[string]any); ok {
		if ts, ok := p["mpegts"].(map[string]any); ok {
			unwrapList(ts, "streams", "stream")
		}
	}
}

// ---- semantic rules ---------------------------------------------------------------------------

// cfgBool reads a configuration boolean as OME does (R6).
func cfgBool(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		s := strings.TrimSpace(t)
		if strings.EqualFold(s, "true") {
			return true
		}
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && f != 0
	case json.Number:
		f, _ := t.Float64()
		return f != 0
	}
	return false
}

// cfgInt reads a configuration integer as OME does (R6): numeric strings parse, anything else is
// 0. With suffixes, a trailing K or M multiplies by 1024 or 1048576 (bitrates).
func cfgInt(v any, suffixes bool) int64 {
	var s string
	switch t := v.(type) {
	case json.Number:
		s = t.String()
	case string:
		s = strings.TrimSpace(t)
	case bool:
		if t {
			return 1
		}
		return 0
	default:
		return 0
	}
	mult := int64(1)
	if suffixes && s != "" {
		switch s[len(s)-1] {
		case 'K', 'k':
			mult, s = 1024, s[:len(s)-1]
		case 'M', 'm':
			mult, s = 1048576, s[:len(s)-1]
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n * mult
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return int64(f * float64(mult))
	}
	return 0
}

// omeInt32 reads a configuration value as OME reads an integer item (ov::Converter::ToInt32): a
// JSON number with an integral value in the 32-bit range is that value; any other value goes
// through its text — a number's in "%f" form, a string as written, "true"/"false" for a boolean
// — read as C's stoi reads it: leading white space, an optional sign and decimal digits, ignoring
// what follows. Text without digits, and a value outside the 32-bit range, read as 0.
func omeInt32(v any) int32 {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0
		}
		// Integral values in range are taken as they are; the others are printed with %f,
		// whose integer part stoi reads (or rejects when it overflows).
		if tr := math.Trunc(f); tr >= math.MinInt32 && tr <= math.MaxInt32 {
			return int32(tr)
		}
		return 0
	case string:
		return stoi32(t)
	}
	return 0 // booleans ("true"/"false" have no digits), objects, arrays
}

// stoi32 is C++'s std::stoi on s (base 10), with 0 where stoi throws.
func stoi32(s string) int32 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	digits := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == digits {
		return 0
	}
	n, err := strconv.ParseInt(s[:end], 10, 32)
	if err != nil {
		return 0
	}
	return int32(n)
}

func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func vhostSemantics(m map[string]any) string {
	if store, ok := m["originMapStore"].(map[string]any); ok {
		if redis, ok := store["redisServer"].(map[string]any); ok {
			if h, ok := redis["host"].(string); ok {
				host, port, found := strings.Cut(h, ":")
				_, err := strconv.ParseUint(port, 10, 16)
				if !found || host == "" || strings.Contains(port, ":") || err != nil {
					return fmt.Sprintf("Invalid host format %s > it must be host:port", h)
				}
			}
		}
	}
	return ""
}

func appSemantics(m map[string]any) string {
	if providers, ok := m["providers"].(map[string]any); ok {
		for _, name := range sortedKeys(providers) {
			p, ok := providers[name].(map[string]any)
			if !ok {
				continue
			}
			if name == "mpegts" {
				streams, _ := p["streams"].([]any)
				for _, st := range streams {
					if sm, ok := st.(map[string]any); ok {
						if port, ok := sm["port"].(string); ok {
							if msg := rangedPortError(port); msg != "" {
								return msg
							}
						}
					}
				}
			}
			if v, ok := p["timestampMode"]; ok {
				if s := text(v); !strings.EqualFold(s, "ZeroBased") && !strings.EqualFold(s, "Original") {
					return fmt.Sprintf("Invalid TimestampMode value: %s (expected: ZeroBased, Original)", s)
				}
			}
			if v, ok := p["packetSilenceTimeoutMs"]; ok {
				if n := omeInt32(v); n < 0 {
					return fmt.Sprintf("PacketSilenceTimeoutMs must not be negative: %d", n)
				}
			}
			if v, ok := p["firstMediaWaitTimeoutMs"]; ok {
				if n := omeInt32(v); n <= 0 {
					return fmt.Sprintf("FirstMediaWaitTimeoutMs requires a positive value: %d", n)
				}
			}
		}
	}
	if pubs, ok := m["publishers"].(map[string]any); ok {
		if w, ok := pubs["webrtc"].(map[string]any); ok {
			if v, ok := w["bandwidthEstimation"]; ok {
				switch s := strings.ToLower(text(v)); s {
				case "", "remb", "transportcc", "all":
				default:
					return "Invalid value for BWE. Valid values are 'TransportCC' or 'REMB'"
				}
			}
		}
	}
	if msg := subtitleSemantics(m["subtitles"]); msg != "" {
		return msg
	}
	ops, _ := m["outputProfiles"].(map[string]any)
	if mo, ok := ops["mediaOptions"].(map[string]any); ok {
		if msg := subtitleSemantics(mo["subtitles"]); msg != "" {
			return msg
		}
	}
	list, _ := ops["outputProfile"].([]any)
	for _, p := range list {
		if pm, ok := p.(map[string]any); ok {
			if msg := profileSemantics(pm); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func subtitleSemantics(v any) string {
	sub, ok := v.(map[string]any)
	if !ok || !cfgBool(sub["enable"]) {
		return ""
	}
	renditions, _ := sub["rendition"].([]any)
	if len(renditions) == 0 {
		return "Subtitle is enabled but no renditions are defined"
	}
	if label, ok := sub["defaultLabel"].(string); ok && label != "" {
		for _, r := range renditions {
			if rm, ok := r.(map[string]any); ok && rm["label"] == label {
				return ""
			}
		}
		return fmt.Sprintf("Default label '%s' not found in subtitle renditions", label)
	}
	return ""
}

var presets = []string{"slower", "slow", "medium", "fast", "faster"}

// profileSemantics applies the rules of one output profile: its encodes, playlists and track
// sets (docs/ome-behaviour.md, "Configuration objects").
func profileSemantics(p map[string]any) string {
	enc, _ := p["encodes"].(map[string]any)
	names := map[string]bool{}
	for _, kind := range []string{"videos", "audios", "images"} {
		list, _ := enc[kind].([]any)
		for i, e := range list {
			em, ok := e.(map[string]any)
			if !ok {
				continue
			}
			if n, ok := em["name"].(string); ok {
				names[n] = true
			} else {
				names[fmt.Sprintf("%s_%d", itemName(kind), i)] = true
			}
			if msg := encodeSemantics(kind, em); msg != "" {
				return msg
			}
		}
	}
	playlists, _ := p["playlists"].([]any)
	files := map[string]bool{}
	for _, pl := range playlists {
		pm, ok := pl.(map[string]any)
		if !ok {
			continue
		}
		file := text(pm["fileName"])
		if files[file] {
			return "Duplicate playlist file name: " + file
		}
		files[file] = true
		renditions, _ := pm["renditions"].([]any)
		seen := map[string]bool{}
		for _, r := range renditions {
			rm, ok := r.(map[string]any)
			if !ok {
				continue
			}
			name := text(rm["name"])
			if seen[name] {
				return "Duplicate rendition name: " + name
			}
			seen[name] = true
			for _, k := range []string{"video", "audio"} {
				if ref, ok := rm[k].(string); ok && ref != "" && !names[ref] {
					return "Playlist Error"
				}
			}
		}
	}
	sets, _ := p["tracksets"].([]any)
	setNames := map[string]bool{}
	for _, ts := range sets {
		tm, ok := ts.(map[string]any)
		if !ok {
			continue
		}
		name := text(tm["name"])
		if setNames[name] {
			return "Duplicate TrackSet name: " + name
		}
		setNames[name] = true
		videos, _ := tm["videos"].([]any)
		audios, _ := tm["audios"].([]any)
		if len(videos)+len(audios) == 0 {
			return fmt.Sprintf("TrackSet '%s' must contain at least one Video or Audio entry", name)
		}
	}
	return ""
}

// encodeSemantics applies the rules of one encode, in the order OME registers its items (name,
// bypass, codec, modules, bitrate, width, height, framerate, skipFrames, preset, threadCount,
// keyFrameIntervalType, keyFrameInterval, bFrames, bypassIfMatch, profile), so that the first
// problem is the one OME reports. Integer items are read as OME reads them (omeInt32).
func encodeSemantics(kind string, e map[string]any) string {
	if kind != "images" && !cfgBool(e["bypass"]) {
		if _, ok := e["codec"]; !ok {
			return "Codec must be specified when bypass is false"
		}
		if _, ok := e["bitrate"]; !ok {
			return "Bitrate must be specified when bypass is false"
		}
	}
	if v, ok := e["bitrate"]; ok && kind != "images" && cfgInt(v, true) <= 0 {
		return "Bitrate must be greater than 0"
	}
	if v, ok := e["skipFrames"]; ok && kind != "audios" {
		if n := omeInt32(v); n < -1 || n > 120 {
			return "SkipFrames must be -1 or between 0 and 120"
		}
	}
	if kind == "videos" {
		if v, ok := e["preset"]; ok && !slices.Contains(presets, strings.ToLower(text(v))) {
			return "Preset must be slower, slow, medium, fast, or faster"
		}
		if v, ok := e["keyFrameIntervalType"]; ok {
			if t := strings.ToLower(text(v)); t != "frame" && t != "time" {
				return "KeyFrameIntervalType must be frame or time"
			}
		}
		if v, ok := e["keyFrameInterval"]; ok {
			n := omeInt32(v)
			// Only the exact lower-case "time" switches to milliseconds, and then 0 is refused
			// although the message says otherwise.
			if text(e["keyFrameIntervalType"]) == "time" {
				if n <= 0 || n > 10000 {
					return "KeyFrameInterval must be between 0 and 10000"
				}
			} else if n < 0 || n > 600 {
				return "KeyFrameInterval must be between 0 and 600"
			}
		}
		if v, ok := e["bFrames"]; ok {
			if n := omeInt32(v); n < 0 || n > 16 {
				return "BFrames must be between 0 and 16"
			}
		}
	}
	if b, ok := e["bypassIfMatch"].(map[string]any); ok {
		if msg := bypassIfMatchSemantics(b); msg != "" {
			return msg
		}
	}
	if v, ok := e["profile"]; ok && kind == "videos" {
		switch strings.ToLower(text(v)) {
		case "baseline", "main", "high":
		default:
			return "Profile must be baseline, main or high"
		}
	}
	return ""
}

// bypassIfMatchSemantics checks the operators of a BypassIfMatch, compared without regard to case,
// in OME's order and with its messages (bitrate, which OME refuses whatever its value, is refused
// by the schema check already).
func bypassIfMatchSemantics(b map[string]any) string {
	for _, rule := range []struct {
		key, name string
		anyOrder  bool // eq, lte and gte; otherwise only eq
	}{
		{"codec", "Codec", false}, {"framerate", "Framerate", true}, {"width", "Width", true}, {"height", "Height", true},
		{"sar", "SAR", false}, {"samplerate", "Samplerate", true}, {"channel", "Channel", true},
	} {
		v, ok := b[rule.key]
		if !ok {
			continue
		}
		op := strings.ToUpper(text(v))
		switch {
		case !rule.anyOrder && op != "EQ" && rule.key == "codec":
			return "BypassIfMatch.Codec must be specified only eq"
		case !rule.anyOrder && op != "EQ":
			return "BypassIfMatch." + rule.name + " must specified only one of eq"
		case rule.anyOrder && op != "EQ" && op != "LTE" && op != "GTE":
			return "BypassIfMatch." + rule.name + " must specified only one of eq, lte, gte"
		}
	}
	return ""
}

// rangedPortError checks a port expression the way OME's ranged ports read it (the ports of
// providers.mpegts.streams): the text before a '/' is a comma-separated list of ports and
// "start-end" ranges, each read with stoi (so " 4000", "+4000" and "1e3" are ports 4000, 4000 and
// 1) and valid from 1 to 65535; what follows the '/' is not checked. It returns OME's message for
// the first bad item, or "".
func rangedPortError(expr string) string {
	list, _, _ := strings.Cut(omeTrim(expr), "/")
	for _, item := range strings.Split(omeTrim(list), ",") {
		item = omeTrim(item)
		switch r := strings.Split(item, "-"); len(r) {
		case 1:
			if !validPort(stoi32(r[0])) {
				return "Invalid port: " + item
			}
		case 2:
			start, end := stoi32(r[0]), stoi32(r[1])
			if !validPort(start) || !validPort(end) || start > end {
				return "Invalid port range: " + item
			}
		default:
			return "Invalid port expression: " + item
		}
	}
	return ""
}

func validPort(p int32) bool { return p > 0 && p <= 65535 }

// omeTrim is OME's String::Trim: it removes spaces, tabs, CRs and LFs at both ends.
func omeTrim(s string) string { return strings.Trim(s, " \t\r\n") }

// ---- JSON helpers -----------------------------------------------------------------------------

// deepMerge merges patch into dst as OME's PATCH of an application does: objects merge key by
// key, anything else (scalars, arrays) replaces the current value, and null removes the key.
func deepMerge(dst, patch map[string]any) {
	for k, pv := range patch {
		switch t := pv.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			if cur, ok := dst[k].(map[string]any); ok {
				deepMerge(cur, t)
				continue
			}
			fresh := map[string]any{}
			deepMerge(fresh, t)
			dst[k] = fresh
		default:
			dst[k] = pv
		}
	}
}

// defaultAppConfig is what POST …/apps adds for each absent top-level key (docs/ome-behaviour.md, "Configuration objects").
func defaultAppConfig(key string) any {
	switch key {
	case "providers":
		return map[string]any{"ovt": map[string]any{}, "rtspPull": map[string]any{}, "webrtc": map[string]any{}, "srt": map[string]any{}, "rtmp": map[string]any{}}
	case "publishers":
		return map[string]any{"llhls": map[string]any{}, "webrtc": map[string]any{}, "ovt": map[string]any{}}
	case "outputProfiles":
		audio := func(codec string) map[string]any {
			return map[string]any{"name": codec, "codec": codec, "bitrate": json.Number("128000"), "samplerate": json.Number("48000"),
				"channel": json.Number("2"), "bypassIfMatch": map[string]any{"codec": "eq"}}
		}
		return map[string]any{"outputProfile": []any{map[string]any{
			"name":             "default",
			"outputStreamName": "${OriginStreamName}",
			"encodes": map[string]any{
				"videos": []any{map[string]any{"name": "bypass_video", "bypass": true}},
				"audios": []any{audio("opus"), audio("aac")},
			},
		}}}
	}
	return nil
}

// fillAppDefaults adds the defaults of POST …/apps for the keys that are absent.
func fillAppDefaults(m map[string]any) {
	for _, k := range []string{"providers", "publishers", "outputProfiles"} {
		if _, ok := m[k]; !ok {
			m[k] = defaultAppConfig(k)
		}
	}
}
