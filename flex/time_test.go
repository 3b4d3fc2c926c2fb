package flex

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestTimeDecodeEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, out string
		unix    int64 // milliseconds
	}{
		{`"2026-12-03T13:39:12.406+00:00"`, `"2026-12-03T13:39:12.406+00:00"`, 1796305152406},
		{`"2023-03-15T19:46:13.728+09:00"`, `"2023-03-15T19:46:13.728+09:00"`, 1678877173728},
		{`"1970-01-01T09:00:00.000+09:00"`, `"1970-01-01T09:00:00.000+09:00"`, 0},
		// Other RFC 3339 forms are read and written back in OME's form.
		{`"2026-05-12T04:45:00Z"`, `"2026-05-12T04:45:00.000+00:00"`, 1778561100000},
		{`"2026-05-12T13:45:00.123456+09:00"`, `"2026-05-12T13:45:00.123+09:00"`, 1778561100123},
		{`"2026-05-12T13:45:00.1+0900"`, `"2026-05-12T13:45:00.100+09:00"`, 1778561100100},
	}
	for _, tt := range tests {
		var v Time
		if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if got := v.UnixMilli(); got != tt.unix {
			t.Errorf("Unmarshal(%s) = %d ms, want %d", tt.in, got, tt.unix)
		}
		out, err := json.Marshal(v)
		if err != nil || string(out) != tt.out {
			t.Errorf("Marshal(Unmarshal(%s)) = %s, %v; want %s", tt.in, out, err, tt.out)
		}
	}
}

func TestTimeRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`12`, `"yesterday"`, `"2026-05-12"`, `{}`, `"12/05/2026"`} {
		var v Time
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", in, v)
		}
	}
	var v Time
	if err := json.Unmarshal([]byte(`null`), &v); err != nil || !v.IsZero() {
		t.Errorf("null: %v, %v; want the zero Time", v, err)
	}
	if _, err := json.Marshal(NewTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Error("a year past 9999 encoded")
	}
}

func TestTimeUnsetAndOmitzero(t *testing.T) {
	t.Parallel()
	epoch := NewTime(time.Unix(0, 0).In(time.FixedZone("", 9*3600)))
	if !epoch.IsUnset() || epoch.IsZero() {
		t.Errorf("epoch: unset %v zero %v; want unset, not zero", epoch.IsUnset(), epoch.IsZero())
	}
	if now := NewTime(time.Now()); now.IsUnset() {
		t.Error("now reads as unset")
	}
	type s struct {
		T Time `json:"t,omitzero"`
	}
	out, _ := json.Marshal(s{})
	if string(out) != `{}` {
		t.Errorf("zero Time with omitzero = %s, want {}", out)
	}
	out, _ = json.Marshal(s{epoch})
	if !strings.Contains(string(out), "1970-01-01T09:00:00.000+09:00") {
		t.Errorf("epoch = %s", out)
	}
}

// The zero value of each scalar is "not set" and left out with omitzero; a decoded or New value
// is set even when it is 0 or false.
func TestScalarsSetAndUnset(t *testing.T) {
	t.Parallel()
	type cfg struct {
		I Int   `json:"i,omitzero"`
		F Float `json:"f,omitzero"`
		B Bool  `json:"b,omitzero"`
	}
	if out, _ := json.Marshal(cfg{}); string(out) != `{}` {
		t.Errorf("unset values = %s, want {}", out)
	}
	if out, _ := json.Marshal(cfg{NewInt(0), NewFloat(0), NewBool(false)}); string(out) != `{"i":0,"f":0,"b":false}` {
		t.Errorf("zero values made with New* = %s", out)
	}
	var c cfg
	if err := json.Unmarshal([]byte(`{"i":"0","f":0,"b":"false"}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.I.IsZero() || c.F.IsZero() || c.B.IsZero() {
		t.Errorf("decoded zero values read as unset: %+v", c)
	}
	if out, _ := json.Marshal(c); string(out) != `{"i":"0","f":0,"b":"false"}` {
		t.Errorf("round trip = %s", out)
	}
	var n cfg
	if err := json.Unmarshal([]byte(`{"i":null,"f":null,"b":null}`), &n); err != nil || !n.I.IsZero() || !n.F.IsZero() || !n.B.IsZero() {
		t.Errorf("null left %+v, %v; want unset values", n, err)
	}
	if NewInt(0).Equal(Int{}) || !(Int{}).Equal(Int{}) {
		t.Error("Equal does not tell set from unset")
	}
}
