package mockserver

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"time"
)

// jobTimeLayout is how OME writes time stamps: milliseconds and a numeric offset, never "Z".
const jobTimeLayout = "2006-01-02T15:04:05.000-07:00"

// jobEpoch is an unset OME time point: the epoch in the server's time zone.
func jobEpoch(loc *time.Location) time.Time { return time.Unix(0, 0).In(loc) }

// jobMaxTime is std::chrono::system_clock::time_point::max() (nanosecond ticks), which OME
// writes as the end of a program that never ends.
func jobMaxTime(loc *time.Location) time.Time { return time.Unix(0, math.MaxInt64).In(loc) }

// jobWire is a success answer written the way OME writes JSON: object keys sorted, as jsoncpp
// does, and the time stamps (gen.Timestamp is a time.Time, which encoding/json writes as
// RFC 3339 with "Z" and trimmed fractions) rewritten to OME's format. It implements the
// generated Visit… method of every operation of this area that returns time stamps.
type jobWire struct {
	status int
	body   any
}

func (r jobWire) write(w http.ResponseWriter) error {
	raw, err := json.Marshal(r.body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	jobRewriteTimes(tree, "")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, err = buf.WriteTo(w)
	return err
}

// jobIsTimeKey reports whether the member key of an object under parent holds a gen.Timestamp in
// the responses of this area. A program's "scheduled" is the submitted text and stays as is;
// only currentProgram's "scheduled" and "end" are time points.
func jobIsTimeKey(parent, key string) bool {
	switch key {
	case "createdTime", "startTime", "finishTime":
		return true
	case "scheduled", "end":
		return parent == "currentProgram"
	}
	return false
}

func jobRewriteTimes(v any, parent string) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && jobIsTimeKey(parent, k) {
				if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
					t[k] = tm.Format(jobTimeLayout)
				}
				continue
			}
			jobRewriteTimes(x, k)
		}
	case []any:
		for _, x := range t {
			jobRewriteTimes(x, parent)
		}
	}
}

func (r jobWire) VisitStartPushResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r jobWire) VisitListPushesResponse(w http.ResponseWriter) error { return r.write(w) }
func (r jobWire) VisitListPushesDeprecatedResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r jobWire) VisitStartRecordResponse(w http.ResponseWriter) error { return r.write(w) }
func (r jobWire) VisitStopRecordResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r jobWire) VisitListRecordsResponse(w http.ResponseWriter) error { return r.write(w) }
func (r jobWire) VisitListRecordsDeprecatedResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r jobWire) VisitGetScheduledChannelResponse(w http.ResponseWriter) error { return r.write(w) }
