package sdk

import (
	"github.com/omekit/omekit/flex"
	"github.com/omekit/omekit/gen"
)

// Configuration scalars. OME echoes configuration values as they were given: strings for objects
// declared in Server.xml, typed JSON for objects created through the API. These types read
// either form (Int64(), Float64(), Bool()) and write back exactly what they read; make new values
// with NewInt, NewFloat and NewBool.
type (
	Int   = flex.Int
	Float = flex.Float
	Bool  = flex.Bool
)

// NewInt, NewFloat and NewBool make configuration values that encode as JSON numbers/booleans.
var (
	NewInt   = flex.NewInt
	NewFloat = flex.NewFloat
	NewBool  = flex.NewBool
)

// Ptr returns a pointer to v, for the optional fields of the models.
func Ptr[T any](v T) *T { return &v }

// Models of the API, re-exported from the generated package so that users import only sdk.
type (
	Version              = gen.Version
	VirtualHost          = gen.VirtualHost
	Application          = gen.Application
	ApplicationPatch     = gen.ApplicationPatch
	ApplicationType      = gen.ApplicationType
	OutputProfile        = gen.OutputProfile
	OutputProfileUpdate  = gen.OutputProfileUpdate
	OutputProfiles       = gen.OutputProfiles
	OutputProfileEncodes = gen.OutputProfileEncodes
	EncodeVideo          = gen.EncodeVideo
	EncodeAudio          = gen.EncodeAudio
	Providers            = gen.Providers
	Publishers           = gen.Publishers
	Host                 = gen.Host
)

// Application types.
const (
	ApplicationTypeLive = gen.Live
	ApplicationTypeVod  = gen.Vod
)
