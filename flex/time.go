package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// TimeLayout is how OME writes a time stamp: the server's local time with milliseconds and a
// numeric offset, never "Z" (2026-12-03T13:39:12.406+00:00, 2023-03-15T19:46:13.728+09:00).
const TimeLayout = "2006-01-02T15:04:05.000-07:00"

// Time is a time stamp of an OME answer. It embeds time.Time, so every method of time.Time works
// on it, and it writes itself in OME's own form (TimeLayout), keeping the offset it was read
// with. It reads OME's form and any RFC 3339 time (with or without fraction, "Z" or an offset,
// with or without the offset's colon).
//
// OME writes an unset time point (a job that never started, say) as the Unix epoch in its time
// zone, not as null; use IsUnset to tell. The zero Time (Go's zero time, IsZero) means that the
// member was absent, and a struct field of type Time tagged `omitzero` is left out of the JSON.
type Time struct{ time.Time }

// NewTime returns t as a Time.
func NewTime(t time.Time) Time { return Time{t} }

// IsUnset reports whether t is OME's "never": the Unix epoch (in any time zone), or absent.
func (t Time) IsUnset() bool {
	return t.Time.IsZero() || t.Time.Unix() == 0 && t.Time.Nanosecond() == 0
}

// String formats t as OME does.
func (t Time) String() string { return t.Time.Format(TimeLayout) }

// MarshalJSON writes t in OME's form.
func (t Time) MarshalJSON() ([]byte, error) {
	if y := t.Time.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("flex: year %d of time stamp is out of range", y)
	}
	b := make([]byte, 0, len(TimeLayout)+2)
	b = append(b, '"')
	b = t.Time.AppendFormat(b, TimeLayout)
	return append(b, '"'), nil
}

// timeLayouts are the forms UnmarshalJSON accepts, OME's first.
var timeLayouts = []string{
	TimeLayout,
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04:05-0700",
}

var errTimeType = errors.New("flex: a time stamp must be a JSON string")

// UnmarshalJSON reads a JSON string in OME's form or RFC 3339; null leaves t unchanged.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) == 0 || b[0] != '"' {
		return errTimeType
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("flex: %q is not a time stamp in OME's form (%s)", s, TimeLayout)
}
