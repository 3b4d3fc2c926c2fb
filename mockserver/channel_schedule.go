package mockserver

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Scheduled channels: the schedule as OME's pvd::Schedule reads it from JSON
// (docs/ome-behaviour.md, "Scheduled channels").

// scheduledChannel is a scheduled channel (its schedule) of an application.
type scheduledChannel struct {
	name             string
	bypassTranscoder bool
	videoTrack       bool
	audioTrack       bool
	audioMap         []scheduleAudio
	errorToleranceMs int32
	fallback         *scheduleProgram // nil: none; only its items are used
	programs         []*scheduleProgram
}

type scheduleAudio struct{ name, language, characteristics string }

type scheduleProgram struct {
	name       string
	scheduled  string // as submitted
	start, end time.Time
	durationMs int64 // -1 for the last program, which never ends
	repeat     bool
	items      []scheduleItem
}

// scheduleItem is an item as stored; fallbackOnErr is accepted but not kept, as in OME.
type scheduleItem struct {
	url             string
	start, duration int64
	forwardData     bool
}

func scheduleErr(text string) *omeError { return httpErr(http.StatusBadRequest, "%s", text) }

// parseSchedule reads a create body (an object) in OME's order; programs that have ended by
// now are dropped without reading their items.
func parseSchedule(body any, now time.Time) (*scheduledChannel, *omeError) {
	sc := &scheduledChannel{videoTrack: true, audioTrack: true, errorToleranceMs: 500}
	if e := sc.readStream(body); e != nil {
		return nil, e
	}
	fb, e := readFallbackProgram(body)
	if e != nil {
		return nil, e
	}
	sc.fallback = fb
	if sc.programs, e = readPrograms(body, now); e != nil {
		return nil, e
	}
	return sc, nil
}

func (sc *scheduledChannel) readStream(root any) *omeError {
	so, e := jMember(root, "stream")
	if e != nil {
		return e
	}
	if !jIsObject(so) {
		return scheduleErr("Failed to find Stream object")
	}
	m := so.(map[string]any)
	name, ok := m["name"].(string)
	if !ok {
		return scheduleErr("Failed to find Stream.Name object")
	}
	sc.name = name
	for key, dst := range map[string]*bool{"bypassTranscoder": &sc.bypassTranscoder, "videoTrack": &sc.videoTrack, "audioTrack": &sc.audioTrack} {
		if b, ok := m[key].(bool); ok {
			*dst = b
		}
	}
	if am := m["audioMap"]; am != nil {
		arr, ok := am.([]any)
		if !ok {
			return scheduleErr("audioMap must be an array")
		}
		for _, el := range arr {
			var entry scheduleAudio
			for _, f := range []struct {
				key string
				dst *string
			}{{"name", &entry.name}, {"language", &entry.language}, {"characteristics", &entry.characteristics}} {
				v, e := jMember(el, f.key)
				if e != nil {
					return e
				}
				if v != nil {
					if *f.dst, e = jAsString(v); e != nil {
						return e
					}
				}
			}
			sc.audioMap = append(sc.audioMap, entry)
		}
	}
	if v := m["errorToleranceDurationMs"]; v != nil {
		n, e := jAsInt(v)
		if e != nil {
			return e
		}
		sc.errorToleranceMs = n
	}
	return nil
}

func readFallbackProgram(root any) (*scheduleProgram, *omeError) {
	fo, e := jMember(root, "fallbackProgram")
	if e != nil || fo == nil {
		return nil, e
	}
	if !jIsObject(fo) {
		return nil, scheduleErr("FallbackProgram must be an object")
	}
	items, e := readScheduleItems(fo)
	if e != nil {
		return nil, e
	}
	return &scheduleProgram{name: "fallback", scheduled: "1970-01-01T00:00:00Z", durationMs: -1, repeat: true, items: items}, nil
}

// readPrograms reads "programs". As in OME, a program without a string name or without repeat
// inherits the previous program's value, a program ends when the next one is scheduled, and a
// program that has already ended is dropped before its items are read.
func readPrograms(root any, now time.Time) ([]*scheduleProgram, *omeError) {
	po, e := jMember(root, "programs")
	if e != nil || po == nil {
		return nil, e
	}
	arr, ok := po.([]any)
	if !ok {
		return nil, scheduleErr("programs must be an array")
	}
	var (
		out    []*scheduleProgram
		name   string
		repeat bool
	)
	missing := scheduleErr("Failed to find scheduled object, scheduled is required")
	invalid := scheduleErr("Failed to parse scheduled attribute: Invalid ISO 8601 string")
	for i, p := range arr {
		last := i == len(arr)-1
		v, e := jMember(p, "name")
		if e != nil {
			return nil, e
		}
		if s, ok := v.(string); ok {
			name = s
		}
		if v, e = jMember(p, "repeat"); e != nil {
			return nil, e
		}
		if v != nil {
			if repeat, e = jAsBool(v); e != nil {
				return nil, e
			}
		}
		if v, e = jMember(p, "scheduled"); e != nil {
			return nil, e
		}
		scheduled, ok := v.(string)
		if !ok {
			return nil, missing
		}
		var next string
		if !last {
			nv, e := jMember(arr[i+1], "scheduled")
			if e != nil {
				return nil, e
			}
			if next, ok = nv.(string); !ok {
				return nil, missing
			}
		}
		prog := &scheduleProgram{name: name, scheduled: scheduled, repeat: repeat, durationMs: -1}
		if prog.start, ok = parseISO8601(scheduled); !ok {
			return nil, invalid
		}
		if last {
			prog.end = omeMaxTime(time.UTC)
		} else {
			if prog.end, ok = parseISO8601(next); !ok {
				return nil, invalid
			}
			prog.durationMs = prog.end.Sub(prog.start).Milliseconds()
		}
		if prog.end.Before(now) {
			continue
		}
		if prog.items, e = readScheduleItems(p); e != nil {
			return nil, e
		}
		out = append(out, prog)
	}
	return out, nil
}

func readScheduleItems(parent any) ([]scheduleItem, *omeError) {
	itemsV, e := jMember(parent, "items")
	if e != nil || itemsV == nil {
		return nil, e
	}
	arr, ok := itemsV.([]any)
	if !ok {
		return nil, scheduleErr("items must be an array")
	}
	var items []scheduleItem
	for _, it := range arr {
		v, e := jMember(it, "url")
		if e != nil {
			return nil, e
		}
		u, ok := v.(string)
		if !ok {
			return nil, scheduleErr("Failed to find url object, url is required")
		}
		item := scheduleItem{url: u, duration: -1}
		for _, f := range []struct {
			key string
			dst *int64
		}{{"start", &item.start}, {"duration", &item.duration}} {
			v, e := jMember(it, f.key)
			if e != nil {
				return nil, e
			}
			if v != nil {
				n, e := jAsInt(v)
				if e != nil {
					return nil, e
				}
				*f.dst = int64(n)
			}
		}
		if v, e = jMember(it, "fallbackOnErr"); e != nil {
			return nil, e
		}
		if v != nil {
			if _, e := jAsBool(v); e != nil {
				return nil, e
			}
		}
		if v, e = jMember(it, "forwardData"); e != nil {
			return nil, e
		}
		if b, ok := v.(bool); ok {
			item.forwardData = b
		}
		lower := strings.ToLower(u)
		if !strings.HasPrefix(lower, "file://") && !strings.HasPrefix(lower, "stream://") {
			return nil, scheduleErr("Failed to parse url attribute, url must be file:// or stream://")
		}
		if item.duration >= 0 && item.duration <= 1000 {
			item.duration = 1000
		}
		items = append(items, item)
	}
	return items, nil
}

var iso8601Pattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$`)

// parseISO8601 parses OME's schedule times: YYYY-MM-DDTHH:MM:SS, optional fraction, optional
// zone (Z, ±HH, ±HH:MM or ±HHMM); no zone means UTC.
func parseISO8601(s string) (time.Time, bool) {
	m := iso8601Pattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 60 {
		return time.Time{}, false
	}
	ms := 0
	if frac := m[7]; frac != "" {
		frac = (frac + "00")[:3]
		ms, _ = strconv.Atoi(frac)
	}
	offset := 0
	if z := m[8]; z != "" && z != "Z" {
		digits := strings.ReplaceAll(z[1:], ":", "")
		h, _ := strconv.Atoi(digits[:2])
		mins := 0
		if len(digits) == 4 {
			mins, _ = strconv.Atoi(digits[2:])
		}
		if h > 23 || mins > 59 {
			return time.Time{}, false
		}
		offset = h*3600 + mins*60
		if z[0] == '-' {
			offset = -offset
		}
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], ms*int(time.Millisecond), time.FixedZone("", offset))
	if t.Day() != n[2] {
		return time.Time{}, false // e.g. February 30
	}
	return t, true
}

// clone is OME's Schedule::Clone (a round trip through JSON): programs that have ended by now
// are dropped.
func (sc *scheduledChannel) clone(now time.Time) *scheduledChannel {
	c := *sc
	c.audioMap = append([]scheduleAudio(nil), sc.audioMap...)
	c.programs = nil
	for _, p := range sc.programs {
		if !p.end.Before(now) {
			c.programs = append(c.programs, p)
		}
	}
	return &c
}

// patch applies a PATCH body (an object): each of fallbackProgram and programs that is present
// replaces its section (a null fallbackProgram removes it). Parse errors become "Could not
// patch the schedule"; jsoncpp exceptions stay 500.
func (sc *scheduledChannel) patch(body any, now time.Time) (*scheduledChannel, *omeError) {
	c := sc.clone(now)
	failed := func(e *omeError) *omeError {
		if e.status == http.StatusInternalServerError {
			return e
		}
		return httpErr(http.StatusBadRequest, "Could not patch the schedule")
	}
	if jHas(body, "fallbackProgram") {
		fb, e := readFallbackProgram(body)
		if e != nil {
			return nil, failed(e)
		}
		c.fallback = fb
	}
	if jHas(body, "programs") {
		progs, e := readPrograms(body, now)
		if e != nil {
			return nil, failed(e)
		}
		c.programs = progs
	}
	return c, nil
}

func scheduleItemsInfo(items []scheduleItem) *[]wire.ScheduleItemInfo {
	if len(items) == 0 {
		return nil // OME writes null for an empty list
	}
	out := make([]wire.ScheduleItemInfo, 0, len(items))
	for _, it := range items {
		out = append(out, wire.ScheduleItemInfo{URL: it.url, Start: it.start, Duration: it.duration, ForwardData: it.forwardData})
	}
	return &out
}

// info is the GET answer: the stored schedule and what is on air at now.
func (sc *scheduledChannel) info(now time.Time) wire.ScheduleInfo {
	si := wire.ScheduleInfo{Stream: wire.ScheduleStreamInfo{
		Name: sc.name, BypassTranscoder: sc.bypassTranscoder, VideoTrack: sc.videoTrack, AudioTrack: sc.audioTrack,
		ErrorToleranceDurationMs: int64(sc.errorToleranceMs),
	}}
	if len(sc.audioMap) > 0 {
		am := make([]wire.ScheduleAudioMapEntryInfo, 0, len(sc.audioMap))
		for _, a := range sc.audioMap {
			am = append(am, wire.ScheduleAudioMapEntryInfo{Name: a.name, Language: a.language, Characteristics: a.characteristics})
		}
		si.Stream.AudioMap = &am
	}
	if sc.fallback != nil {
		si.FallbackProgram = &wire.ScheduleFallbackProgramInfo{
			Name: sc.fallback.name, Scheduled: sc.fallback.scheduled, Repeat: true, Items: scheduleItemsInfo(sc.fallback.items),
		}
	}
	if len(sc.programs) > 0 {
		progs := make([]wire.ScheduleProgramInfo, 0, len(sc.programs))
		for _, p := range sc.programs {
			progs = append(progs, wire.ScheduleProgramInfo{Name: p.name, Scheduled: p.scheduled, Repeat: p.repeat, Items: scheduleItemsInfo(p.items)})
		}
		si.Programs = &progs
	}
	si.CurrentProgram = sc.currentProgram(now)
	return si
}

// currentProgram works out from the clock what OME's channel would be playing: the program
// whose time span covers now and, within it, the item at the elapsed time (items loop when the
// program repeats; an item without a duration plays until the program ends). A program that
// does not repeat and has played all its items is off the air.
func (sc *scheduledChannel) currentProgram(now time.Time) wire.ScheduleCurrentProgram {
	cp := wire.ScheduleCurrentProgram{State: wire.ScheduleProgramStateOffAir}
	var cur *scheduleProgram
	for _, p := range sc.programs {
		if !p.start.After(now) && now.Before(p.end) {
			cur = p
			break
		}
		if p.start.After(now) {
			break
		}
	}
	if cur == nil {
		return cp
	}
	elapsed := now.Sub(cur.start).Milliseconds()
	unlimited, total := false, int64(0)
	for _, it := range cur.items {
		if it.duration <= 0 {
			unlimited = true
		} else {
			total += it.duration
		}
	}
	pos := elapsed
	if !unlimited && len(cur.items) > 0 {
		switch {
		case elapsed < 1000:
			pos = 0
		case cur.repeat:
			pos = elapsed % total
		case elapsed >= total:
			return cp // the program ran out of items: off the air
		}
	}
	loc := now.Location()
	name, repeat, dur := cur.name, cur.repeat, cur.durationMs
	start, end := wire.Timestamp{Time: cur.start.In(loc)}, wire.Timestamp{Time: cur.end.In(loc)}
	cp.Name, cp.Repeat, cp.Duration, cp.Scheduled, cp.End = &name, &repeat, &dur, &start, &end
	var at int64
	for _, it := range cur.items {
		if it.duration <= 0 || (at <= pos && pos < at+it.duration) {
			cp.State = wire.ScheduleProgramStateOnAir
			cp.CurrentItem = &wire.ScheduleCurrentItem{URL: it.url, Start: it.start, Duration: it.duration, CurrentPosition: pos - at}
			break
		}
		at += it.duration
	}
	return cp
}
