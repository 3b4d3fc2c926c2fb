package mockserver

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// channelBodyErrors maps rejected bodies of this area to OME's messages (see bodyError).
var channelBodyErrors = map[string]bodyErrorFunc{}

// scheduledChannel is a scheduled channel (its schedule) of an application.
type scheduledChannel struct{}

// multiplexChannel is a multiplex channel of an application.
type multiplexChannel struct{}

func (h *handlers) ListScheduledChannels(ctx context.Context, request gen.ListScheduledChannelsRequestObject) (gen.ListScheduledChannelsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateScheduledChannel(ctx context.Context, request gen.CreateScheduledChannelRequestObject) (gen.CreateScheduledChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetScheduledChannel(ctx context.Context, request gen.GetScheduledChannelRequestObject) (gen.GetScheduledChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) PatchScheduledChannel(ctx context.Context, request gen.PatchScheduledChannelRequestObject) (gen.PatchScheduledChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteScheduledChannel(ctx context.Context, request gen.DeleteScheduledChannelRequestObject) (gen.DeleteScheduledChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) ListMultiplexChannels(ctx context.Context, request gen.ListMultiplexChannelsRequestObject) (gen.ListMultiplexChannelsResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) CreateMultiplexChannel(ctx context.Context, request gen.CreateMultiplexChannelRequestObject) (gen.CreateMultiplexChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) GetMultiplexChannel(ctx context.Context, request gen.GetMultiplexChannelRequestObject) (gen.GetMultiplexChannelResponseObject, error) {
	return nil, errNotImplemented
}

func (h *handlers) DeleteMultiplexChannel(ctx context.Context, request gen.DeleteMultiplexChannelRequestObject) (gen.DeleteMultiplexChannelResponseObject, error) {
	return nil, errNotImplemented
}
