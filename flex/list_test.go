package flex

import (
	"encoding/json"
	"testing"
)

func TestList(t *testing.T) {
	t.Parallel()
	type host struct {
		Names List[string] `json:"names,omitzero"`
	}
	for _, tt := range []struct {
		in   string
		want []string
		out  string
	}{
		{`{"names":["a","*"]}`, []string{"a", "*"}, `{"names":["a","*"]}`},
		{`{"names":[]}`, []string{}, `{"names":[]}`},
		{`{"names":{}}`, []string{}, `{"names":[]}`}, // OME's form of <Names/> without entries
		{`{"names":null}`, nil, `{}`},
		{`{}`, nil, `{}`},
	} {
		var h host
		if err := json.Unmarshal([]byte(tt.in), &h); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if len(h.Names) != len(tt.want) || (tt.want == nil) != (h.Names == nil) {
			t.Errorf("Unmarshal(%s) = %#v, want %#v", tt.in, h.Names, tt.want)
		}
		for i := range tt.want {
			if h.Names[i] != tt.want[i] {
				t.Errorf("Unmarshal(%s)[%d] = %q", tt.in, i, h.Names[i])
			}
		}
		if out, _ := json.Marshal(h); string(out) != tt.out {
			t.Errorf("Marshal after Unmarshal(%s) = %s, want %s", tt.in, out, tt.out)
		}
	}
	for _, bad := range []string{`{"names":{"name":["a"]}}`, `{"names":"a"}`, `{"names":[1]}`} {
		var h host
		if err := json.Unmarshal([]byte(bad), &h); err == nil {
			t.Errorf("Unmarshal(%s) = %#v, want an error", bad, h)
		}
	}
}
