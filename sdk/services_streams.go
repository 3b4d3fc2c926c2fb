package sdk

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// StreamsService manages input streams and their actions: timed metadata, subtitles, HLS dumps
// and speech-to-text.
type StreamsService struct{ c *Client }

// List returns the names of the application's input streams, in creation order (output streams
// are not listed). Operation listStreams (GET /v1/vhosts/{vhost}/apps/{app}/streams).
func (s *StreamsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListStreams(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Create pulls a stream from one or more RTSP or OVT URLs of the same scheme (a failover list).
// OME connects within the request and answers once the stream exists; a failed pull is an
// *APIError with status 502, an existing name ErrConflict. Operation createStream
// (POST /v1/vhosts/{vhost}/apps/{app}/streams).
func (s *StreamsService) Create(ctx context.Context, vhost, app string, req CreateStreamRequest) error {
	if req.URLs == nil {
		req.URLs = []string{}
	}
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.CreateStreamWithBody(ctx, vhost, app, jsonType, body))
}

// Get returns an input stream with its tracks and the output streams made from it. Only input
// stream names are accepted. Operation getStream
// (GET /v1/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StreamsService) Get(ctx context.Context, vhost, app, stream string) (*StreamInfo, error) {
	var env gen.StreamInfoEnvelope
	if err := into(&env)(s.c.gen.GetStream(ctx, vhost, app, stream)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Delete disconnects an input stream and removes it with its output streams. Operation
// deleteStream (DELETE /v1/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StreamsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return into(nil)(s.c.gen.DeleteStream(ctx, vhost, app, stream))
}

// ID3v2Event returns a sendEvent body carrying frames as one ID3v2 tag for every track. For
// another eventType or urgent delivery, fill an EventID3v2 and call FromEventID3v2 on a
// SendEventRequest.
func ID3v2Event(frames ...ID3v2Frame) SendEventRequest {
	if frames == nil {
		frames = []ID3v2Frame{}
	}
	var r SendEventRequest
	// FromEventID3v2 fails only when the value cannot be encoded, which these types always can.
	_ = r.FromEventID3v2(EventID3v2{EventFormat: gen.Id3V2, Events: frames})
	return r
}

// SendEvent injects timed metadata (see ID3v2Event) into the input stream at its current media
// time. It fails with status 500 when the stream has no data track or its media has not started.
// Operation sendEvent (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent).
func (s *StreamsService) SendEvent(ctx context.Context, vhost, app, stream string, event SendEventRequest) error {
	body, err := jsonBody(event)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.SendEventWithBody(ctx, vhost, app, stream, jsonType, body))
}

// SendEvents injects several events, each judged on its own as by SendEvent. It returns one
// result per event, in order (their Value is always nil); the error is nil only when every event
// was injected, a *BatchError listing the failed indices when some were not, and an *APIError
// when the request as a whole failed. Operation sendEvents
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvents).
func (s *StreamsService) SendEvents(ctx context.Context, vhost, app, stream string, events ...SendEventRequest) ([]Result[struct{}], error) {
	if events == nil {
		events = []SendEventRequest{}
	}
	body, err := jsonBody(events)
	if err != nil {
		return nil, err
	}
	return readBatch[struct{}](s.c.gen.SendEventsWithBody(ctx, vhost, app, stream, jsonType, body))
}

// SendSubtitles sends WebVTT cues to subtitle tracks addressed by rendition label. An empty
// Format is sent as "webvtt", the only format OME knows. The call is not transactional: cues of
// earlier entries are delivered even when a later entry fails. Operation sendSubtitles
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendSubtitles).
func (s *StreamsService) SendSubtitles(ctx context.Context, vhost, app, stream string, req SendSubtitlesRequest) error {
	if req.Format == "" {
		req.Format = SubtitleFormatWebVTT
	}
	if req.Data == nil {
		req.Data = []SendSubtitlesData{}
	}
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.SendSubtitlesWithBody(ctx, vhost, app, stream, jsonType, body))
}

// StartHLSDump starts writing the segments and playlists of one LLHLS output stream of stream to
// req.OutputPath (queued when the playlist is not ready yet). Operation startHlsDump
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:startHlsDump).
func (s *StreamsService) StartHLSDump(ctx context.Context, vhost, app, stream string, req HLSDumpStartRequest) error {
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.StartHLSDumpWithBody(ctx, vhost, app, stream, jsonType, body))
}

// StopHLSDump stops the dump id of the LLHLS output stream outputStream, or all of its dumps when
// id is empty. Stopped dumps stay listed. Operation stopHlsDump
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:stopHlsDump).
func (s *StreamsService) StopHLSDump(ctx context.Context, vhost, app, stream, outputStream, id string) error {
	req := gen.HLSDumpStopRequest{OutputStreamName: outputStream}
	if id != "" {
		req.ID = &id
	}
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.StopHLSDumpWithBody(ctx, vhost, app, stream, jsonType, body))
}

// ListHLSDumps returns the dumps, running and stopped, of the LLHLS output stream outputStream;
// only the one named id when id is not empty (an unknown id gives an empty list). Operation
// listHlsDumps (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:hlsDumps).
func (s *StreamsService) ListHLSDumps(ctx context.Context, vhost, app, stream, outputStream, id string) ([]HLSDumpInfo, error) {
	req := gen.HLSDumpListRequest{OutputStreamName: outputStream}
	if id != "" {
		req.ID = &id
	}
	body, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	var env gen.HLSDumpListEnvelope
	if err := into(&env)(s.c.gen.ListHLSDumpsWithBody(ctx, vhost, app, stream, jsonType, body)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// ConcludeHLSLive ends the stream's live HLS and LLHLS presentations: the playlists get
// #EXT-X-ENDLIST. opts may be nil. Operation concludeHlsLive
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:concludeHlsLive).
func (s *StreamsService) ConcludeHLSLive(ctx context.Context, vhost, app, stream string, opts *ConcludeHLSLiveRequest) error {
	if opts == nil {
		opts = &ConcludeHLSLiveRequest{}
	}
	body, err := jsonBody(opts)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.ConcludeHLSLiveWithBody(ctx, vhost, app, stream, jsonType, body))
}

// EnableSTT resumes the stream's speech-to-text (Whisper) encoders; ErrNotFound also when the
// stream has none. The state lasts as long as the stream. Operation enableStt
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:enableStt).
func (s *StreamsService) EnableSTT(ctx context.Context, vhost, app, stream string) (*STTState, error) {
	body, err := jsonBody(struct{}{})
	if err != nil {
		return nil, err
	}
	var env gen.STTStateEnvelope
	if err := into(&env)(s.c.gen.EnableSTTWithBody(ctx, vhost, app, stream, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// DisableSTT pauses the stream's speech-to-text encoders (the model stays loaded). Operation
// disableStt (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:disableStt).
func (s *StreamsService) DisableSTT(ctx context.Context, vhost, app, stream string) (*STTState, error) {
	body, err := jsonBody(struct{}{})
	if err != nil {
		return nil, err
	}
	var env gen.STTStateEnvelope
	if err := into(&env)(s.c.gen.DisableSTTWithBody(ctx, vhost, app, stream, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// STTStatus reports whether speech-to-text runs for the stream and lists its encoders; a stream
// without any is not an error. Operation getSttStatus
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sttStatus).
func (s *StreamsService) STTStatus(ctx context.Context, vhost, app, stream string) (*STTStatus, error) {
	body, err := jsonBody(struct{}{})
	if err != nil {
		return nil, err
	}
	var env gen.STTStatusEnvelope
	if err := into(&env)(s.c.gen.GetSTTStatusWithBody(ctx, vhost, app, stream, jsonType, body)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}
