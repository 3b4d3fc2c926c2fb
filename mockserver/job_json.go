package mockserver

import (
	"encoding/json"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// OME reads the bodies of the job and channel APIs with jsoncpp, member by member, and its
// answers depend on jsoncpp's conversions: a member of the wrong type is silently ignored by
// some readers, converted loosely by others (a number where a string is expected), or makes
// jsoncpp throw, which OME answers with 500 and the bare exception text. The helpers below
// reproduce those conversions on a body decoded with decodeJSON (objects are map[string]any,
// arrays []any, numbers json.Number, absent members and null are nil).

// jsoncppTypeError is what OME answers (500, bare text) when a handler reads a member of a value
// that is not an object: jsoncpp throws.
func jsoncppTypeError() *omeError {
	return rawErr(http.StatusInternalServerError, "in Json::Value::find(begin, end): requires objectValue or nullValue")
}

// jThrow is an exception escaping an OME handler: 500 with jsoncpp's bare message.
func jThrow(msg string) *omeError { return rawErr(http.StatusInternalServerError, msg) }

// jMember is jsoncpp's const operator[]: null for a null value or an absent member, a throw
// for anything that is not an object.
func jMember(v any, key string) (any, *omeError) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return t[key], nil
	}
	return nil, jsoncppTypeError()
}

// jHas is jsoncpp's isMember (false for a value that is not an object).
func jHas(v any, key string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

// jIsObject is jsoncpp's isObject.
func jIsObject(v any) bool { _, ok := v.(map[string]any); return ok }

// jElems is what a range-for over a jsoncpp value visits: the elements of an array, the member
// values of an object (in key order), nothing for anything else.
func jElems(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, 0, len(keys))
		for _, k := range keys {
			out = append(out, t[k])
		}
		return out
	}
	return nil
}

// jNumber classifies a JSON number the way jsoncpp's parser does: an integer literal that fits
// 64 bits is an integer, anything else a real.
func jNumber(n json.Number) (i int64, u uint64, f float64, kind byte) {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v, 0, float64(v), 'i'
		}
		if v, err := strconv.ParseUint(s, 10, 64); err == nil {
			return 0, v, float64(v), 'u'
		}
	}
	f, _ = strconv.ParseFloat(s, 64)
	return 0, 0, f, 'r'
}

// jIsInt is jsoncpp's isInt: a number with an integral value in the int32 range.
func jIsInt(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	i, _, f, kind := jNumber(n)
	switch kind {
	case 'i':
		return i >= math.MinInt32 && i <= math.MaxInt32
	case 'r':
		return f >= math.MinInt32 && f <= math.MaxInt32 && f == math.Trunc(f)
	}
	return false
}

// jAsInt is jsoncpp's asInt.
func jAsInt(v any) (int32, *omeError) {
	switch t := v.(type) {
	case nil:
		return 0, nil
	case bool:
		if t {
			return 1, nil
		}
		return 0, nil
	case json.Number:
		i, _, f, kind := jNumber(t)
		switch kind {
		case 'i':
			if i < math.MinInt32 || i > math.MaxInt32 {
				return 0, jThrow("LargestInt out of Int range")
			}
			return int32(i), nil
		case 'u':
			return 0, jThrow("LargestUInt out of Int range")
		default:
			if f < math.MinInt32 || f > math.MaxInt32 || math.IsNaN(f) {
				return 0, jThrow("double out of Int range")
			}
			return int32(f), nil
		}
	}
	return 0, jThrow("Value is not convertible to Int.")
}

// jAsBool is jsoncpp's asBool.
func jAsBool(v any) (bool, *omeError) {
	switch t := v.(type) {
	case nil:
		return false, nil
	case bool:
		return t, nil
	case json.Number:
		_, _, f, _ := jNumber(t)
		return f != 0 && !math.IsNaN(f), nil
	}
	return false, jThrow("Value is not convertible to bool.")
}

// jAsString is jsoncpp's asString.
func jAsString(v any) (string, *omeError) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case bool:
		if t {
			return "true", nil
		}
		return "false", nil
	case json.Number:
		i, u, f, kind := jNumber(t)
		switch kind {
		case 'i':
			return strconv.FormatInt(i, 10), nil
		case 'u':
			return strconv.FormatUint(u, 10), nil
		}
		s := strconv.FormatFloat(f, 'g', 17, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s, nil
	}
	return "", jThrow("Type is not convertible to string")
}

// jString returns v when it is a string and "" otherwise (OME's "ignore a wrong type" reading).
func jString(v any) string {
	s, _ := v.(string)
	return s
}
