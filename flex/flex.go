// Package flex holds the scalar types of OME configuration objects.
//
// OvenMediaEngine returns a virtual host, application or output profile exactly as it was
// configured. An object declared in Server.xml comes back with every number and boolean as a JSON
// string ("3000", "true"); an object created through the REST API comes back with the JSON types
// the client sent. The types here decode either form, expose a plain Go value, and encode back to
// exactly the JSON they were decoded from, so a value read from OME and written back is unchanged.
// Values made in Go with [NewInt], [NewFloat] and [NewBool] encode as plain JSON numbers and
// booleans.
//
// The zero value of each type is "not set": it reports IsZero, and a struct field of that type
// tagged `omitzero` is left out of the JSON. A value decoded from JSON, or made with a New
// function, is set, even when it holds 0 or false. JSON null leaves a value as it was.
//
// [Time] is the time stamp format of OME's answers.
//
// Decoding is as lenient as OME's own: a numeric string is parsed, a string that is not a number
// reads as zero (OME does the same), and a boolean accepts "true"/"false" in any case or a
// number (non-zero is true). JSON objects and arrays are rejected.
package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
)

var errComposite = errors.New("flex: a JSON object or array cannot be a configuration scalar")

// Int is an integer configuration value. A string with a K or M suffix (as OME accepts for
// bitrates) is scaled by 1024 or 1048576.
type Int struct {
	v   int64
	raw string // JSON text it was decoded from; empty when built with NewInt
	set bool
}

// NewInt returns an Int that encodes as a JSON number.
func NewInt(v int64) Int { return Int{v: v, set: true} }

// IsZero reports whether the value is not set (see the package documentation).
func (i Int) IsZero() bool { return !i.set }

// Int64 returns the value.
func (i Int) Int64() int64 { return i.v }

// Int returns the value as an int.
func (i Int) Int() int { return int(i.v) }

// IsString reports whether the value was decoded from a JSON string.
func (i Int) IsString() bool { return strings.HasPrefix(i.raw, `"`) }

// String returns the value in decimal.
func (i Int) String() string { return strconv.FormatInt(i.v, 10) }

// Equal reports whether two values are both unset, or hold the same number in the same JSON form.
func (i Int) Equal(o Int) bool { return i.set == o.set && i.v == o.v && i.IsString() == o.IsString() }

// MarshalJSON returns the JSON the value was decoded from, or a JSON number.
func (i Int) MarshalJSON() ([]byte, error) {
	if i.raw != "" {
		return []byte(i.raw), nil
	}
	return strconv.AppendInt(nil, i.v, 10), nil
}

// UnmarshalJSON accepts a JSON number or string; null leaves the value unchanged.
func (i *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s, quoted, null, err := scalarText(b)
	if null || err != nil {
		return err
	}
	var v int64
	if !quoted && (s == "true" || s == "false") {
		if s == "true" {
			v = 1
		}
	} else {
		v = parseInt(s)
	}
	*i = Int{v: v, raw: string(b), set: true}
	return nil
}

// Float is a floating-point configuration value.
type Float struct {
	v   float64
	raw string
	set bool
}

// NewFloat returns a Float that encodes as a JSON number.
func NewFloat(v float64) Float { return Float{v: v, set: true} }

// IsZero reports whether the value is not set (see the package documentation).
func (f Float) IsZero() bool { return !f.set }

// Float64 returns the value.
func (f Float) Float64() float64 { return f.v }

// IsString reports whether the value was decoded from a JSON string.
func (f Float) IsString() bool { return strings.HasPrefix(f.raw, `"`) }

// String formats the value like strconv.FormatFloat with the 'g' verb.
func (f Float) String() string { return strconv.FormatFloat(f.v, 'g', -1, 64) }

// Equal reports whether two values are both unset, or hold the same number in the same JSON form.
func (f Float) Equal(o Float) bool {
	return f.set == o.set && f.v == o.v && f.IsString() == o.IsString()
}

// MarshalJSON returns the JSON the value was decoded from, or a JSON number.
func (f Float) MarshalJSON() ([]byte, error) {
	if f.raw != "" {
		return []byte(f.raw), nil
	}
	if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
		return nil, errors.New("flex: NaN and infinite values have no JSON form")
	}
	return strconv.AppendFloat(nil, f.v, 'g', -1, 64), nil
}

// UnmarshalJSON accepts a JSON number or string; null leaves the value unchanged.
func (f *Float) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s, _, null, err := scalarText(b)
	if null || err != nil {
		return err
	}
	v, perr := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	*f = Float{v: v, raw: string(b), set: true}
	return nil
}

// Bool is a boolean configuration value.
type Bool struct {
	v   bool
	raw string
	set bool
}

// NewBool returns a Bool that encodes as a JSON boolean.
func NewBool(v bool) Bool { return Bool{v: v, set: true} }

// IsZero reports whether the value is not set (see the package documentation).
func (b Bool) IsZero() bool { return !b.set }

// Bool returns the value.
func (b Bool) Bool() bool { return b.v }

// IsString reports whether the value was decoded from a JSON string.
func (b Bool) IsString() bool { return strings.HasPrefix(b.raw, `"`) }

// String returns "true" or "false".
func (b Bool) String() string { return strconv.FormatBool(b.v) }

// Equal reports whether two values are both unset, or hold the same truth value in the same JSON
// form.
func (b Bool) Equal(o Bool) bool { return b.set == o.set && b.v == o.v && b.IsString() == o.IsString() }

// MarshalJSON returns the JSON the value was decoded from, or a JSON boolean.
func (b Bool) MarshalJSON() ([]byte, error) {
	if b.raw != "" {
		return []byte(b.raw), nil
	}
	return strconv.AppendBool(nil, b.v), nil
}

// UnmarshalJSON accepts a JSON boolean, string or number; null leaves the value unchanged.
func (b *Bool) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	s, quoted, null, err := scalarText(data)
	if null || err != nil {
		return err
	}
	var v bool
	switch t := strings.ToLower(strings.TrimSpace(s)); {
	case t == "true":
		v = true
	case t == "false":
		v = false
	case !quoted:
		n, _ := strconv.ParseFloat(t, 64)
		v = n != 0
	default:
		n, perr := strconv.ParseFloat(t, 64)
		v = perr == nil && n != 0
	}
	*b = Bool{v: v, raw: string(data), set: true}
	return nil
}

// scalarText returns the text of b, a trimmed JSON value: unquoted for a string, as written for
// a number or boolean. null reports a JSON null (which leaves a value unchanged); objects, arrays
// and invalid JSON are errors.
func scalarText(b []byte) (text string, quoted, null bool, err error) {
	switch {
	case string(b) == "null":
		return "", false, true, nil
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return "", false, false, errComposite
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &text); err != nil {
			return "", false, false, err
		}
		return text, true, false, nil
	case !json.Valid(b):
		return "", false, false, errors.New("flex: invalid JSON scalar")
	}
	return string(b), false, false, nil
}

// parseInt reads an integer the way OME reads configuration integers: surrounding space is
// ignored, a fractional part is dropped, a K or M suffix multiplies by 1024 or 1048576, and
// anything unparsable is 0.
func parseInt(s string) int64 {
	s = strings.TrimSpace(s)
	mult := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult, s = 1024, s[:n-1]
		case 'm', 'M':
			mult, s = 1024*1024, s[:n-1]
		}
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil && v <= math.MaxInt64/mult && v >= math.MinInt64/mult {
		return v * mult
	}
	// Fractional values such as "1.5M" or 29.97.
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if p := f * float64(mult); p > math.MinInt64 && p < math.MaxInt64 {
			return int64(p)
		}
	}
	return 0
}
