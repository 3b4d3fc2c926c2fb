package flex

import (
	"encoding/json"
	"testing"
)

func TestIntDecodeEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		want     int64
		isString bool
	}{
		{`3000`, 3000, false},
		{`"3000"`, 3000, true},
		{`" 42 "`, 42, true},
		{`"5M"`, 5 * 1024 * 1024, true},
		{`"128K"`, 128 * 1024, true},
		{`"1.5M"`, 1572864, true},
		{`"abc"`, 0, true},
		{`""`, 0, true},
		{`-1`, -1, false},
		{`29.97`, 29, false},
		{`true`, 1, false},
		{`"99999999999999999999M"`, 0, true},
	}
	for _, tt := range tests {
		var v Int
		if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if v.Int64() != tt.want || v.IsString() != tt.isString {
			t.Errorf("Unmarshal(%s) = %d (string %v), want %d (string %v)", tt.in, v.Int64(), v.IsString(), tt.want, tt.isString)
		}
		out, err := json.Marshal(v)
		if err != nil || string(out) != tt.in {
			t.Errorf("Marshal after Unmarshal(%s) = %s, %v; want the input back", tt.in, out, err)
		}
	}
}

func TestFloatAndBool(t *testing.T) {
	t.Parallel()
	floats := map[string]float64{`0.5`: 0.5, `"0.5"`: 0.5, `"x"`: 0, `30`: 30, `"1e3"`: 1000}
	for in, want := range floats {
		var f Float
		if err := json.Unmarshal([]byte(in), &f); err != nil || f.Float64() != want {
			t.Errorf("Float Unmarshal(%s) = %v, %v; want %v", in, f.Float64(), err, want)
		}
		if out, _ := json.Marshal(f); string(out) != in {
			t.Errorf("Float round trip of %s gave %s", in, out)
		}
	}
	bools := map[string]bool{`true`: true, `false`: false, `"true"`: true, `"TRUE"`: true, `"False"`: false,
		`1`: true, `0`: false, `2.5`: true, `"1"`: true, `"yes"`: false, `""`: false}
	for in, want := range bools {
		var b Bool
		if err := json.Unmarshal([]byte(in), &b); err != nil || b.Bool() != want {
			t.Errorf("Bool Unmarshal(%s) = %v, %v; want %v", in, b.Bool(), err, want)
		}
		if out, _ := json.Marshal(b); string(out) != in {
			t.Errorf("Bool round trip of %s gave %s", in, out)
		}
	}
}

func TestNewValuesEncodeTyped(t *testing.T) {
	t.Parallel()
	type cfg struct {
		A *Int   `json:"a,omitempty"`
		B *Float `json:"b,omitempty"`
		C *Bool  `json:"c,omitempty"`
	}
	i, f, b := NewInt(7), NewFloat(0.25), NewBool(true)
	out, err := json.Marshal(cfg{A: &i, B: &f, C: &b})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `{"a":7,"b":0.25,"c":true}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := json.Marshal(NewFloat(nan())); err == nil {
		t.Error("NaN marshalled without error")
	}
}

func TestRejectsCompositesAndKeepsNull(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{}`, `[1]`, `{"a":1}`} {
		var i Int
		var f Float
		var b Bool
		if json.Unmarshal([]byte(in), &i) == nil || json.Unmarshal([]byte(in), &f) == nil || json.Unmarshal([]byte(in), &b) == nil {
			t.Errorf("%s decoded without error", in)
		}
	}
	i := NewInt(5)
	if err := i.UnmarshalJSON([]byte("null")); err != nil || i.Int64() != 5 {
		t.Errorf("null changed the value: %v %v", i, err)
	}
	if err := i.UnmarshalJSON([]byte("12x")); err == nil {
		t.Error("invalid JSON accepted")
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	var s Int
	_ = json.Unmarshal([]byte(`"5"`), &s)
	if s.Equal(NewInt(5)) {
		t.Error(`"5" and 5 reported equal although their JSON forms differ`)
	}
	var n Int
	_ = json.Unmarshal([]byte(`5`), &n)
	if !n.Equal(NewInt(5)) {
		t.Error("5 decoded and NewInt(5) differ")
	}
}

func nan() float64 { z := 0.0; return z / z }

// FuzzUnmarshal checks that decoding never panics and that anything decoded encodes back to the
// same JSON text.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{`1`, `"2"`, `"3M"`, `true`, `"TRUE"`, `null`, `{}`, `1e400`, `"\u0031"`, `-0`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var i Int
		var fl Float
		var b Bool
		for _, v := range []json.Unmarshaler{&i, &fl, &b} {
			if err := v.UnmarshalJSON([]byte(in)); err != nil {
				continue
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("Marshal after successful Unmarshal(%q): %v", in, err)
			}
			if in != "null" && !json.Valid(out) {
				t.Fatalf("invalid JSON %q from %q", out, in)
			}
		}
	})
}
