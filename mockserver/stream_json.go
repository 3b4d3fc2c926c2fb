package mockserver

import (
	"bytes"
	"encoding/json"
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

// omeTimeKeys are the members that hold time stamps in the responses written by writeOMEJSON.
var omeTimeKeys = map[string]bool{
	"createdTime": true, "lastUpdatedTime": true, "lastRecvTime": true, "lastSentTime": true,
	"maxTotalConnectionTime": true, "lastConfigChanged": true,
}

// omeFloatKeys are the members OME writes from C++ floats: jsoncpp always gives them a fraction
// ("30.0"), where encoding/json writes "30".
var omeFloatKeys = map[string]bool{
	"framerate": true, "framerateConf": true, "framerateAvg": true, "framerateLatest": true, "maxFramerate": true,
	"keyFrameInterval": true, "keyFrameIntervalConf": true, "keyFrameIntervalAvg": true, "keyFrameIntervalLatest": true,
}

// omeJSON is a success response written the way jsoncpp writes it: keys sorted, time stamps in
// OME's layout, float members with a fraction, no HTML escaping. The generated response types
// encode time.Time as RFC 3339 with nanoseconds and "Z" and floats without ".0", which OME never
// sends; operations whose payload has time stamps or floats answer with an omeJSON wrapping the
// generated response value. It implements the response interfaces of those operations.
type omeJSON struct {
	status int
	body   any
}

func (r omeJSON) visit(w http.ResponseWriter) error { return writeOMEJSON(w, r.status, r.body) }

func (r omeJSON) VisitGetStreamResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r omeJSON) VisitGetServerStatsResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r omeJSON) VisitGetVirtualHostStatsResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r omeJSON) VisitGetApplicationStatsResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r omeJSON) VisitGetStreamStatsResponse(w http.ResponseWriter) error { return r.visit(w) }

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
	tree = omeValues("", tree)
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

// omeValues rewrites time stamps and floats below key (maps come out with sorted keys when
// encoded, as jsoncpp writes them).
func omeValues(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = omeValues(k, e)
		}
	case []any:
		for i, e := range x {
			x[i] = omeValues(key, e)
		}
	case string:
		if omeTimeKeys[key] {
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
