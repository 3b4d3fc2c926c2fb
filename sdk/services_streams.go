package sdk

import (
	"context"

	"github.com/omekit/omekit/internal/apiclient"
)

// StreamsService manages input streams and their actions: timed metadata, subtitles, HLS dumps
// and speech-to-text.
type StreamsService struct{ c *Client }

// List returns the names of the application's input streams, in creation order (output streams
// are not listed). Operation listStreams (GET /v1/vhosts/{vhost}/apps/{app}/streams).
func (s *StreamsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	return callList[string](s.c)(apiclient.ListStreams(ctx, s.c.base, vhost, app))
}

// Create pulls a stream from one or more RTSP or OVT URLs of the same scheme (a failover list).
// OME connects within the request and answers once the stream exists; a failed pull is an
// *APIError with status 502, an existing name ErrConflict. Operation createStream
// (POST /v1/vhosts/{vhost}/apps/{app}/streams).
func (s *StreamsService) Create(ctx context.Context, vhost, app string, req CreateStreamRequest) error {
	if req.URLs == nil {
		req.URLs = []string{}
	}
	body, err := encode(req)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.CreateStream(ctx, s.c.base, vhost, app, body))
}

// Get returns an input stream with its tracks and the output streams made from it. Only input
// stream names are accepted. Operation getStream
// (GET /v1/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StreamsService) Get(ctx context.Context, vhost, app, stream string) (*StreamInfo, error) {
	return call[StreamInfo](s.c)(apiclient.GetStream(ctx, s.c.base, vhost, app, stream))
}

// Delete disconnects an input stream and removes it with its output streams. Operation
// deleteStream (DELETE /v1/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StreamsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return s.c.callStatus(apiclient.DeleteStream(ctx, s.c.base, vhost, app, stream))
}

// ID3v2Event returns an event carrying frames as one ID3v2 tag, for OME's default track
// selection. Set EventType or Urgent on the result for more.
func ID3v2Event(frames ...ID3v2Frame) EventID3v2 {
	if frames == nil {
		frames = []ID3v2Frame{}
	}
	return EventID3v2{EventFormat: EventFormatID3v2, Events: frames}
}

// withFormat fills in the only event format when the caller left it empty.
func withFormat(e EventID3v2) EventID3v2 {
	if e.EventFormat == "" {
		e.EventFormat = EventFormatID3v2
	}
	if e.Events == nil {
		e.Events = []ID3v2Frame{}
	}
	return e
}

// SendEvent injects timed metadata (see ID3v2Event) into the input stream at its current media
// time; an empty EventFormat is sent as "id3v2", the only format OME knows. It fails with status
// 500 when the stream has no data track or its media has not started. Operation sendEvent
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvent).
func (s *StreamsService) SendEvent(ctx context.Context, vhost, app, stream string, event EventID3v2) error {
	body, err := encode(withFormat(event))
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.SendEvent(ctx, s.c.base, vhost, app, stream, body))
}

// SendEvents injects several events, each judged on its own as by SendEvent. It returns one
// result per event, in order (their Value is always nil); the error is nil only when every event
// was injected, a *BatchError listing the failed indices when some were not, and an *APIError
// when the request as a whole failed. Operation sendEvents
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sendEvents).
func (s *StreamsService) SendEvents(ctx context.Context, vhost, app, stream string, events ...EventID3v2) ([]Result[struct{}], error) {
	list := make([]EventID3v2, len(events))
	for i, e := range events {
		list[i] = withFormat(e)
	}
	body, err := encode(list)
	if err != nil {
		return nil, err
	}
	return callBatch[struct{}](s.c, len(list))(apiclient.SendEvents(ctx, s.c.base, vhost, app, stream, body))
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
	body, err := encode(req)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.SendSubtitles(ctx, s.c.base, vhost, app, stream, body))
}

// StartHLSDump starts writing the segments and playlists of one LLHLS output stream of stream to
// req.OutputPath (queued when the playlist is not ready yet). Operation startHlsDump
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:startHlsDump).
func (s *StreamsService) StartHLSDump(ctx context.Context, vhost, app, stream string, req HLSDumpStartRequest) error {
	body, err := encode(req)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.StartHLSDump(ctx, s.c.base, vhost, app, stream, body))
}

// StopHLSDump stops the dump id of the LLHLS output stream outputStream, or all of its dumps when
// id is empty. Stopped dumps stay listed. Operation stopHlsDump
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:stopHlsDump).
func (s *StreamsService) StopHLSDump(ctx context.Context, vhost, app, stream, outputStream, id string) error {
	body, err := encode(dumpSelector{OutputStreamName: outputStream, ID: id})
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.StopHLSDump(ctx, s.c.base, vhost, app, stream, body))
}

// ListHLSDumps returns the dumps, running and stopped, of the LLHLS output stream outputStream;
// only the one named id when id is not empty (an unknown id gives an empty list). Operation
// listHlsDumps (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:hlsDumps).
func (s *StreamsService) ListHLSDumps(ctx context.Context, vhost, app, stream, outputStream, id string) ([]HLSDumpInfo, error) {
	body, err := encode(dumpSelector{OutputStreamName: outputStream, ID: id})
	if err != nil {
		return nil, err
	}
	return callList[HLSDumpInfo](s.c)(apiclient.ListHLSDumps(ctx, s.c.base, vhost, app, stream, body))
}

// ConcludeHLSLive ends the stream's live HLS and LLHLS presentations: the playlists get
// #EXT-X-ENDLIST. opts may be nil. Operation concludeHlsLive
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:concludeHlsLive).
func (s *StreamsService) ConcludeHLSLive(ctx context.Context, vhost, app, stream string, opts *ConcludeHLSLiveRequest) error {
	if opts == nil {
		opts = &ConcludeHLSLiveRequest{}
	}
	body, err := encode(opts)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.ConcludeHLSLive(ctx, s.c.base, vhost, app, stream, body))
}

// EnableSTT resumes the stream's speech-to-text (Whisper) encoders; ErrNotFound also when the
// stream has none. The state lasts as long as the stream. Operation enableStt
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:enableStt).
func (s *StreamsService) EnableSTT(ctx context.Context, vhost, app, stream string) (*STTState, error) {
	return call[STTState](s.c)(apiclient.EnableSTT(ctx, s.c.base, vhost, app, stream, emptyObject))
}

// DisableSTT pauses the stream's speech-to-text encoders (the model stays loaded). Operation
// disableStt (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:disableStt).
func (s *StreamsService) DisableSTT(ctx context.Context, vhost, app, stream string) (*STTState, error) {
	return call[STTState](s.c)(apiclient.DisableSTT(ctx, s.c.base, vhost, app, stream, emptyObject))
}

// STTStatus reports whether speech-to-text runs for the stream and lists its encoders; a stream
// without any is not an error. Operation getSttStatus
// (POST /v1/vhosts/{vhost}/apps/{app}/streams/{stream}:sttStatus).
func (s *StreamsService) STTStatus(ctx context.Context, vhost, app, stream string) (*STTStatus, error) {
	return call[STTStatus](s.c)(apiclient.GetSTTStatus(ctx, s.c.base, vhost, app, stream, emptyObject))
}

// dumpSelector is the body of :stopHlsDump and :hlsDumps: an LLHLS output stream and, optionally,
// one dump id.
type dumpSelector struct {
	OutputStreamName string `json:"outputStreamName"`
	ID               string `json:"id,omitempty"`
}
