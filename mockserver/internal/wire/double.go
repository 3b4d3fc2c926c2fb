// Package wire holds the JSON objects the mock server answers with, generated from
// openapi/ome.yaml into wire.gen.go (gen/wire.cfg.yaml). Optional members are pointers, so the mock
// decides exactly which members it sends, as OME does. Double is the one hand-written type.
package wire

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Double is a number OME computes as a C++ double. jsoncpp writes doubles with 17 significant
// digits and always marks them as reals: 30 is written "30.0", 29.97 "29.969999999999999".
type Double float64

// MarshalJSON writes d as jsoncpp does.
func (d Double) MarshalJSON() ([]byte, error) {
	f := float64(d)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errors.New("wire: NaN and infinite numbers have no JSON form")
	}
	s := strconv.FormatFloat(f, 'g', 17, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return []byte(s), nil
}
