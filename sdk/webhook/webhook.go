// Package webhook implements control servers for OvenMediaEngine's outbound webhooks:
// AdmissionWebhooks (may this client publish or play?) and TranscodeWebhook (which output
// profiles for this new stream?). OME is the client here; your program serves the http.Handler
// that NewAdmissionHandler or NewTranscodeHandler returns at the URL configured as
// <ControlServerUrl>. The exchange is described in openapi/ome-webhooks.yaml.
//
// # What a handler does
//
// For every request it reads the body (at most 1 MiB unless WithMaxBodyBytes says otherwise),
// checks the X-OME-Signature header against the raw bytes in constant time, decodes the JSON
// into typed values (times as time.Time), with WithMaxAge checks that an admission request is
// recent, calls your function and writes the JSON OME expects. Your function is called only for
// authentic, well-formed (and, with WithMaxAge, recent) requests. Its context is the
// request's; OME stops waiting after its configured <Timeout> (admission: 3 s, transcode:
// 1.5 s by default), so answer quickly.
//
// # Status codes
//
// OME acts only on a 200 answer; anything else is a failure, which for admission means the
// session is refused, and for transcoding means the application's useLocalProfilesOnErrorResponse
// policy applies (by default the stream is dropped). Every non-200 answer carries
// {"allowed": false, "reason": "…"} so that other callers and logs see why.
//
//	condition                                   status
//	method other than POST                      405 (with Allow: POST)
//	body larger than the limit                  413
//	X-OME-Signature missing                     401
//	X-OME-Signature wrong (key, body, encoding) 401
//	body not JSON, wrong JSON types, trailing
//	data, or a required member missing/unknown  400
//	request.time outside the WithMaxAge window  403 (admission only; a *StaleError)
//	your function returns an error              500 (the error is logged, not sent)
//	your function returns an invalid answer     500 (see below; logged)
//	otherwise                                   200 with your answer
//
// For an admission request with status "closing", OME ignores the answer; the handler still
// calls your function (to let you track sessions) and answers {} whatever it returns, unless
// it fails. An invalid answer is an AdmissionResponse with a negative Lifetime, or a
// TranscodeResponse that allows the stream without OutputProfiles (OME would treat either as an
// error response).
//
// # Replays
//
// A signature proves that OME signed a body, not when: OME's requests carry no nonce, so a signed
// request captured on the way (or from a log) verifies again whenever it is sent. WithMaxAge
// bounds replays of admission requests by their request.time, within the limits it describes; a
// stale request gets 403, which OME treats like any other non-200: the session is refused.
// Transcode requests carry no time of sending (their stream.createdTime is when the stream was
// created), so they cannot be checked this way. Against replays inside the window, and of
// transcode requests, only keeping the path from OME to the control server private helps (a
// closed network or an encrypted tunnel).
//
// # Signatures
//
// X-OME-Signature is HMAC-SHA1 over the raw request body, keyed with <SecretKey>, encoded as
// base64url without padding (27 characters). Sign computes it (for tests and for clients that
// imitate OME) and Verify checks one. The secret is never logged.
package webhook

import "github.com/omekit/omekit/sdk"

// SignatureHeader is the header OME puts the body's signature in.
const SignatureHeader = "X-OME-Signature"

// The models of both webhooks (AdmissionRequest, AdmissionResponse, TranscodeRequest,
// TranscodeResponse and their parts) are generated from openapi/ome-webhooks.yaml into
// models.gen.go. Tracks and output profiles in them are the REST API's types, sdk.Track and
// sdk.OutputProfiles: build profiles with the sdk package's configuration types
// (sdk.OutputProfile, sdk.EncodeVideo, sdk.NewBool, …).

// Allow admits a session as requested.
func Allow() AdmissionResponse { return AdmissionResponse{Allowed: true} }

// Deny refuses a session; OME logs reason.
func Deny(reason string) AdmissionResponse {
	return AdmissionResponse{Allowed: false, Reason: reason}
}

// UseProfiles answers a transcode request with the output profiles to use for the stream.
func UseProfiles(p sdk.OutputProfiles) TranscodeResponse {
	return TranscodeResponse{Allowed: true, OutputProfiles: &p}
}

// Disallow refuses to give output profiles; OME logs reason and applies the application's
// useLocalProfilesOnServerDisallow policy (by default the stream is dropped).
func Disallow(reason string) TranscodeResponse {
	return TranscodeResponse{Allowed: false, Reason: reason}
}
