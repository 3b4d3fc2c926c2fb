package sdk

import "github.com/omekit/omekit/flex"

// NewInt, NewFloat and NewBool make configuration values (ConfigInt, ConfigNumber, ConfigBool)
// that encode as JSON numbers and booleans. A value read from OME keeps the JSON form it came in
// (a string for objects declared in Server.xml) when written back.
func NewInt(v int64) ConfigInt        { return flex.NewInt(v) }
func NewFloat(v float64) ConfigNumber { return flex.NewFloat(v) }
func NewBool(v bool) ConfigBool       { return flex.NewBool(v) }

// Ptr returns a pointer to v, for the few optional fields whose zero value means something else to
// OME than "not given" (their documentation says so), such as ScheduleStream.VideoTrack.
func Ptr[T any](v T) *T { return &v }
