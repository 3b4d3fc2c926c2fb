// Package sdk is a typed Go client for OvenMediaEngine's REST API (v1, OME 0.21): virtual hosts,
// applications, output profiles, streams and their actions (timed metadata, subtitles, HLS dumps,
// speech-to-text), push and recording jobs, scheduled and multiplex channels, statistics and
// certificate reloads.
//
//	c, err := sdk.New("http://ome.example:8081", sdk.WithAccessToken(token))
//	if err != nil {
//		return err
//	}
//	apps, err := c.Applications.Create(ctx, "default", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive})
//	if err != nil {
//		return err // *sdk.BatchError: some items failed; *sdk.APIError: the request failed
//	}
//	p, err := c.Push.Start(ctx, "default", "live", sdk.StartPushRequest{ID: "yt", Protocol: sdk.PushProtocolRTMP,
//		URL: "rtmp://a.rtmp.youtube.com/live2", StreamKey: key, Stream: sdk.JobStreamRequest{Name: "cam"}})
//
// # Services
//
// A Client groups the operations by resource: c.VirtualHosts, c.Applications, c.OutputProfiles,
// c.Streams, c.Push, c.Recording, c.ScheduledChannels, c.MultiplexChannels, c.Stats, c.APIServer
// and c.Version. Every method takes a context and names, in its documentation, the operation of
// openapi/ome.yaml it calls. Names are sent as they are, escaped for the URL path; an empty name,
// "." or ".." is refused before anything is sent (ErrInvalidName).
//
// # Models
//
// The models (Application, OutputProfile, StreamInfo, Push, Record, Metrics, …) are generated from
// openapi/ome.yaml into this package, with the document's descriptions as their documentation.
// Optional fields are plain values that are left out of the JSON when zero; the few whose zero
// value means something else to OME than "not given" are pointers and say so (see Ptr). Optional
// objects are pointers, because in OME's configuration the presence of an object enables what it
// configures ("providers": {"rtmp": {}}).
//
// Configuration scalars are ConfigInt, ConfigNumber and ConfigBool: OME echoes configuration as
// it was given, so a value declared in Server.xml comes back as a JSON string and one created
// through the API as a number or boolean. These types read either form (Int64, Float64, Bool),
// write back exactly what they read, and are made with NewInt, NewFloat and NewBool. Time stamps
// are Timestamp values, which read and write OME's own format.
//
// # Errors
//
// Every answer other than 2xx is an *APIError with OME's status and message; errors.Is matches it
// against the sentinels ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict and
// ErrServer, and tells the two kinds of 403 apart with ErrReadOnly (a virtual host declared in
// Server.xml) and ErrProviderDisabled (a channel call on an application without the provider):
//
//	err := c.Applications.Delete(ctx, "default", "app")
//	if errors.Is(err, sdk.ErrReadOnly) { … }
//	var apiErr *sdk.APIError
//	if errors.As(err, &apiErr) { log.Print(apiErr.StatusCode, apiErr.Message) }
//
// Batch calls (creating virtual hosts, applications and output profiles, sending events) return
// one Result per item, in order, and a *BatchError listing the failed items when any failed. An
// answer the SDK cannot use is a *ResponseError (ErrUnexpectedResponse, ErrResponseTooLarge);
// errors of the transport (connection refused, context canceled) are returned as they are.
// Credentials never appear in an error or a log line.
//
// # Options
//
// WithAccessToken, WithHTTPClient (TLS, proxies, timeouts), WithUserAgent, WithLogger (debug
// logging without headers), WithRetry (safe calls only, off by default) and
// WithSameOriginRedirects (redirects are refused by default: OME never redirects).
//
// Package github.com/omekit/omekit/mockserver serves a conformance mock of OME for tests
// (mockserver.NewTest returns a ready Client), and package sdk/webhook implements control servers
// for OME's outbound webhooks.
package sdk
