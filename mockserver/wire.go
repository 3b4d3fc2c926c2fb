package mockserver

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omekit/omekit/internal/omehttp"
)

// omeTimeLayout is how OME writes time stamps: milliseconds and a numeric offset in the server's
// time zone, never "Z" (ome-api-streams.md §0.5).
const omeTimeLayout = "2006-01-02T15:04:05.000-07:00"

// omeTime formats t as OME does.
func omeTime(t time.Time) string { return t.Format(omeTimeLayout) }

// omeEpoch is an unset OME time point: the epoch in the server's time zone.
func omeEpoch(loc *time.Location) time.Time { return time.Unix(0, 0).In(loc) }

// omeMaxTime is std::chrono::system_clock::time_point::max() (nanosecond ticks), which OME
// writes as the end of a program that never ends.
func omeMaxTime(loc *time.Location) time.Time { return time.Unix(0, math.MaxInt64).In(loc) }

// isTimeKey reports whether member key (of an object that is member parent) holds a time stamp.
// "scheduled" and "end" are time points only inside a scheduled channel's currentProgram; a
// program's own "scheduled" is the submitted text and stays as it is.
func isTimeKey(parent, key string) bool {
	switch key {
	case "createdTime", "lastUpdatedTime", "lastRecvTime", "lastSentTime", "maxTotalConnectionTime",
		"lastConfigChanged", "startTime", "finishTime":
		return true
	case "scheduled", "end":
		return parent == "currentProgram"
	}
	return false
}

// omeFloatKeys are the members OME writes from C++ floats: jsoncpp always gives them a fraction
// ("30.0"), where encoding/json writes "30".
var omeFloatKeys = map[string]bool{
	"framerate": true, "framerateConf": true, "framerateAvg": true, "framerateLatest": true, "maxFramerate": true,
	"keyFrameInterval": true, "keyFrameIntervalConf": true, "keyFrameIntervalAvg": true, "keyFrameIntervalLatest": true,
}

// omeJSON is a success response written the way jsoncpp writes it: keys sorted, time stamps in
// OME's layout, float members with a fraction, no HTML escaping. The generated response types
// encode time.Time as RFC 3339 with "Z" and trimmed fractions, and floats without ".0", which OME
// never sends; operations whose payload has time stamps or floats answer with an omeJSON wrapping
// the generated response value. It implements the response interfaces of those operations.
type omeJSON struct {
	status int
	body   any
}

func (r omeJSON) visit(w http.ResponseWriter) error { return writeOMEJSON(w, r.status, r.body) }

func (r omeJSON) VisitGetStreamResponse(w http.ResponseWriter) error           { return r.visit(w) }
func (r omeJSON) VisitGetServerStatsResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r omeJSON) VisitGetVirtualHostStatsResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r omeJSON) VisitGetApplicationStatsResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r omeJSON) VisitGetStreamStatsResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r omeJSON) VisitStartPushResponse(w http.ResponseWriter) error           { return r.visit(w) }
func (r omeJSON) VisitListPushesResponse(w http.ResponseWriter) error          { return r.visit(w) }
func (r omeJSON) VisitListPushesDeprecatedResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r omeJSON) VisitStartRecordResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r omeJSON) VisitStopRecordResponse(w http.ResponseWriter) error  { return r.visit(w) }
func (r omeJSON) VisitListRecordsResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r omeJSON) VisitListRecordsDeprecatedResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r omeJSON) VisitGetScheduledChannelResponse(w http.ResponseWriter) error { return r.visit(w) }

// writeOMEJSON writes v (a generated response value) in OME's JSON dialect.
func writeOMEJSON(w http.ResponseWriter, status int, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	tree = omeValues("", "", tree)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	w.Header().Set("Content-Type", omehttp.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	_, err = w.Write(out)
	return err
}

// omeValues rewrites the time stamps and floats of v, the value of member key of an object that
// is itself member parent (maps come out with sorted keys when encoded, as jsoncpp writes them).
func omeValues(parent, key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = omeValues(key, k, e)
		}
	case []any:
		for i, e := range x {
			x[i] = omeValues(parent, key, e)
		}
	case string:
		if isTimeKey(parent, key) {
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return omeTime(t)
			}
		}
	case json.Number:
		if omeFloatKeys[key] && !strings.ContainsAny(x.String(), ".eE") {
			return json.Number(x.String() + ".0")
		}
	}
	return v
}

// encodedJSON is an answer whose JSON body is already encoded (and shared: never modified).
type encodedJSON struct {
	status int
	body   []byte
}

func (e encodedJSON) VisitGetApplicationResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", omehttp.ContentType)
	w.WriteHeader(e.status)
	_, err := w.Write(e.body)
	return err
}
