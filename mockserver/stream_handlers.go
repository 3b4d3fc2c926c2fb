package mockserver

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// streamBodyErrors maps rejected bodies of this area to OME's messages (see bodyError).
var streamBodyErrors = map[string]bodyErrorFunc{}

// hlsDump is one HLS dump of an output stream.
type hlsDump struct{}

func (h *handlers) ListStreams(ctx context.Context, request gen.ListStreamsRequestObject) (gen.ListStreamsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateStream(ctx context.Context, request gen.CreateStreamRequestObject) (gen.CreateStreamResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetStream(ctx context.Context, request gen.GetStreamRequestObject) (gen.GetStreamResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteStream(ctx context.Context, request gen.DeleteStreamRequestObject) (gen.DeleteStreamResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) SendEvent(ctx context.Context, request gen.SendEventRequestObject) (gen.SendEventResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) SendEvents(ctx context.Context, request gen.SendEventsRequestObject) (gen.SendEventsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) SendSubtitles(ctx context.Context, request gen.SendSubtitlesRequestObject) (gen.SendSubtitlesResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) StartHLSDump(ctx context.Context, request gen.StartHLSDumpRequestObject) (gen.StartHLSDumpResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) StopHLSDump(ctx context.Context, request gen.StopHLSDumpRequestObject) (gen.StopHLSDumpResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListHLSDumps(ctx context.Context, request gen.ListHLSDumpsRequestObject) (gen.ListHLSDumpsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ConcludeHLSLive(ctx context.Context, request gen.ConcludeHLSLiveRequestObject) (gen.ConcludeHLSLiveResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) EnableSTT(ctx context.Context, request gen.EnableSTTRequestObject) (gen.EnableSTTResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DisableSTT(ctx context.Context, request gen.DisableSTTRequestObject) (gen.DisableSTTResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetSTTStatus(ctx context.Context, request gen.GetSTTStatusRequestObject) (gen.GetSTTStatusResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetServerStats(ctx context.Context, request gen.GetServerStatsRequestObject) (gen.GetServerStatsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetVirtualHostStats(ctx context.Context, request gen.GetVirtualHostStatsRequestObject) (gen.GetVirtualHostStatsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetApplicationStats(ctx context.Context, request gen.GetApplicationStatsRequestObject) (gen.GetApplicationStatsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetStreamStats(ctx context.Context, request gen.GetStreamStatsRequestObject) (gen.GetStreamStatsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListInternalStats(ctx context.Context, request gen.ListInternalStatsRequestObject) (gen.ListInternalStatsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetQueueStats(ctx context.Context, request gen.GetQueueStatsRequestObject) (gen.GetQueueStatsResponseObject, error) {
	return nil, errNotImplemented
}
