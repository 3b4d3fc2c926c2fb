package flex

import (
	"bytes"
	"encoding/json"
)

// List is a list of configuration entries that OME writes as an empty JSON object, {}, instead of
// [] when a Server.xml declares the list's element without any entry (<Names/> under <Host>,
// <StreamMap/> of the MPEG-TS provider). It reads either form; {} reads as an empty list. It is
// written as a JSON array, which OME accepts in every request.
type List[T any] []T

// UnmarshalJSON reads a JSON array, or an empty object as an empty list; null leaves l as it is.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		if len(m) != 0 {
			return errListObject
		}
		*l = List[T]{}
		return nil
	}
	var items []T
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	if items != nil {
		*l = items
	}
	return nil
}

var errListObject = errorString("flex: a list must be a JSON array (or {} for an empty one)")

type errorString string

func (e errorString) Error() string { return string(e) }
