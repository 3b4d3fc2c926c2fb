package serverxml

import (
	"reflect"
	"testing"
)

func TestParsePortExpr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		ports   []int
		scheme  string
		wantErr string
	}{
		{in: "4000", ports: []int{4000}, scheme: "udp"},
		{in: "28504-28505,28506/udp", ports: []int{28504, 28505, 28506}, scheme: "udp"},
		{in: " 4000 - 4001 , 4005 / TCP ", ports: []int{4000, 4001, 4005}, scheme: "tcp"},
		{in: "4000/srt", ports: []int{4000}, scheme: "srt"},
		{in: "4000/quic", ports: []int{4000}, scheme: ""},
		{in: "4000/udp/x", ports: []int{4000}, scheme: "udp"}, // not two parts: the default scheme
		{in: "4000abc", ports: []int{4000}, scheme: "udp"},    // numbers are read like std::stoi
		{in: "", wantErr: `invalid port ""`},
		{in: "0", wantErr: `invalid port "0"`},
		{in: "65536", wantErr: `invalid port "65536"`},
		{in: "ts-port", wantErr: `invalid port range "ts-port"`},
		{in: "4001-4000", wantErr: `invalid port range "4001-4000"`},
		{in: "1-2-3", wantErr: `invalid port expression "1-2-3"`},
	}
	for _, tt := range tests {
		got, err := parsePortExpr(tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parsePortExpr(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("parsePortExpr(%q): %v", tt.in, err)
		case !reflect.DeepEqual(got.ports, tt.ports) || got.scheme != tt.scheme:
			t.Errorf("parsePortExpr(%q) = %v %q, want %v %q", tt.in, got.ports, got.scheme, tt.ports, tt.scheme)
		}
	}
}

func TestStoi(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"42", 42}, {"  42", 42}, {"\n\t42x", 42}, {"+7", 7}, {"-7", -7},
		{"", 0}, {"x1", 0}, {"+", 0}, {"99999999999", 0}, // std::stoi throws: 0
	}
	for _, tt := range tests {
		if got := stoi(tt.in); got != tt.want {
			t.Errorf("stoi(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
