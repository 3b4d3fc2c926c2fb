package jsoncpp

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var surrogateEscape = regexp.MustCompile(`(?i)\\u[d][89a-f][0-9a-f]{2}`)

func TestParseValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want any
	}{
		{``, nil}, // no body: see TestParseErrors; here only values
		{`null`, nil},
		{`{"a":1}`, map[string]any{"a": json.Number("1")}},
		{`{"a":1,}`, map[string]any{"a": json.Number("1")}},
		{`[1,2,]`, []any{json.Number("1"), json.Number("2")}},
		{`{"a":1} trailing garbage`, map[string]any{"a": json.Number("1")}},
		{`{"a":1,"a":"two"}`, map[string]any{"a": "two"}},
		{"\xEF\xBB\xBF[true]", []any{true}},
		{`// comment` + "\n" + `{/* c */"a": /* c */ [1 /* c */ , 2] /* c */}`, map[string]any{"a": []any{json.Number("1"), json.Number("2")}}},
		{`-`, json.Number("0")},
		{`+5`, json.Number("5.0")},
		{`007`, json.Number("7")},
		{`5.`, json.Number("5.0")},
		{`1e2`, json.Number("100.0")},
		{`-0`, json.Number("0")},
		{`9223372036854775807`, json.Number("9223372036854775807")},
		{`9223372036854775808`, json.Number("9223372036854775808")}, // a uint
		{`-9223372036854775808`, json.Number("-9223372036854775808")},
		{`-9223372036854775809`, json.Number("-9.223372036854776e+18")},
		{`18446744073709551616`, json.Number("1.8446744073709552e+19")},
		{`"tab\there\u00e9\ud83d\ude00"`, "tab\there\u00e9\U0001F600"},
		{`"lone \udc00"`, "lone \xed\xb0\x80"},
		{"\"raw\x01control\xffbyte\"", "raw\x01control\xffbyte"},
		{"[1]\x00[2]", []any{json.Number("1")}},
	}
	for _, tt := range tests[1:] {
		got, err := Parse([]byte(tt.in))
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// Recorded from OME 0.21.0 (POST /v1/vhosts with body `[{"name":`).
		{`[{"name":`, "* Line 1, Column 10\n  Syntax error: value, object or array expected.\n"},
		{``, "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{"  \n\n  x", "* Line 3, Column 3\n  Syntax error: value, object or array expected.\n"},
		{"a\r\nb", "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{"[1,\r\n\r\n x]", "* Line 3, Column 2\n  Syntax error: value, object or array expected.\n"},
		{`{"a" 1}`, "* Line 1, Column 6\n  Missing ':' after object member name\n"},
		{`{"a":1 "b":2}`, "* Line 1, Column 8\n  Missing ',' or '}' in object declaration\n"},
		{`{a:1}`, "* Line 1, Column 2\n  Missing '}' or object member name\n"},
		{`{"a":1,,}`, "* Line 1, Column 8\n  Missing '}' or object member name\n"},
		{`[1 2]`, "* Line 1, Column 4\n  Missing ',' or ']' in array declaration\n"},
		{`[1,,2]`, "* Line 1, Column 4\n  Syntax error: value, object or array expected.\n"},
		{`tru`, "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{`"abc`, "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{`NaN`, "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{`-Infinity`, "* Line 1, Column 1\n  Syntax error: value, object or array expected.\n"},
		{`-.`, "* Line 1, Column 1\n  '-.' is not a number.\n"},
		{`1e999`, "* Line 1, Column 1\n  '1e999' is not a number.\n"},
		{`["a\qb"]`, "* Line 1, Column 2\n  Bad escape sequence in string\nSee Line 1, Column 6 for detail.\n"},
		// No comment may stand between a member name and its colon.
		{`{"a" /* c */ : 1}`, "* Line 1, Column 6\n  Missing ':' after object member name\n"},
		{`"\u12"`, "* Line 1, Column 1\n  Bad unicode escape sequence in string: four digits expected.\nSee Line 1, Column 4 for detail.\n"},
		{`"\u12x4"`, "* Line 1, Column 1\n  Bad unicode escape sequence in string: hexadecimal digit expected.\nSee Line 1, Column 7 for detail.\n"},
		{`"\ud83d"`, "* Line 1, Column 1\n  additional six characters expected to parse unicode surrogate pair.\nSee Line 1, Column 8 for detail.\n"},
		{`"\ud83dxxxxxx"`, "* Line 1, Column 1\n  expecting another \\u token to begin the second half of a unicode surrogate pair\nSee Line 1, Column 9 for detail.\n"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		var se *SyntaxError
		if !errors.As(err, &se) || se.Message != tt.want {
			t.Errorf("Parse(%q) error = %q, want %q", tt.in, err, tt.want)
		}
	}
}

func TestStackLimit(t *testing.T) {
	t.Parallel()
	ok := strings.Repeat("[", 999) + strings.Repeat("]", 999)
	if _, err := Parse([]byte(ok)); err != nil {
		t.Errorf("999 levels: %v", err)
	}
	deep := strings.Repeat("[", 1000) + strings.Repeat("]", 1000)
	if _, err := Parse([]byte(deep)); err != nil {
		t.Errorf("1000 levels: %v", err)
	}
	tooDeep := strings.Repeat(`{"a":`, 1001)
	if _, err := Parse([]byte(tooDeep)); !errors.Is(err, StackLimitError{}) {
		t.Errorf("1001 levels: %v, want the stack limit error", err)
	}
}

// FuzzParse checks that the reader never panics, and that on input encoding/json accepts as one
// JSON value it agrees with encoding/json, up to number spelling.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",null,true,false,{}]}`, `[{"name":`, `"\ud83d\ude00"`, `-0`, `1e308`, `{"a":1,}`, "// c\n[]", `[[[[]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data)
		var std any
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.UseNumber()
		if dec.Decode(&std) != nil || dec.More() || !json.Valid(data) {
			return
		}
		// Where the two readers knowingly differ: encoding/json turns invalid UTF-8 and
		// unpaired surrogate escapes into U+FFFD, jsoncpp keeps the bytes or refuses.
		if !utf8.Valid(data) || surrogateEscape.Match(data) || hasHugeNumber(std) {
			return
		}
		if err != nil {
			if errors.Is(err, StackLimitError{}) {
				return
			}
			t.Fatalf("encoding/json accepts %q, jsoncpp refuses: %v", data, err)
		}
		if !sameValue(got, std) {
			t.Fatalf("%q: jsoncpp %#v, encoding/json %#v", data, got, std)
		}
	})
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !sameValue(v, y[k]) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, err1 := x.Float64()
		fy, err2 := y.Float64()
		return err1 == nil && err2 == nil && fx == fy
	}
	return reflect.DeepEqual(a, b)
}

// hasHugeNumber reports whether v holds a number out of float64's range, which jsoncpp refuses.
func hasHugeNumber(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if hasHugeNumber(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasHugeNumber(e) {
				return true
			}
		}
	case json.Number:
		_, err := x.Float64()
		return err != nil
	}
	return false
}
