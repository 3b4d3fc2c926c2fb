package sdk

import (
	"context"

	"github.com/omekit/omekit/internal/apiclient"
)

// ScheduledChannelsService manages scheduled channels: streams that play a schedule of files and
// live streams. The application needs the Schedule provider; calls that need it answer
// ErrProviderDisabled when it is not enabled. Changes take effect asynchronously.
type ScheduledChannelsService struct{ c *Client }

// List returns the names of the scheduled channels running now (a channel created a moment ago
// may be missing). Operation listScheduledChannels
// (GET /v1/vhosts/{vhost}/apps/{app}/scheduledChannels).
func (s *ScheduledChannelsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	return callList[string](s.c)(apiclient.ListScheduledChannels(ctx, s.c.base, vhost, app))
}

// Create validates a schedule and saves it; the Schedule provider starts the channel
// schedule.Stream.Name shortly after. A taken stream name is ErrConflict. Operation
// createScheduledChannel (POST /v1/vhosts/{vhost}/apps/{app}/scheduledChannels).
func (s *ScheduledChannelsService) Create(ctx context.Context, vhost, app string, schedule Schedule) error {
	body, err := encode(schedule)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.CreateScheduledChannel(ctx, s.c.base, vhost, app, body))
}

// Get returns the schedule a channel runs and what is on air now. Operation getScheduledChannel
// (GET /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Get(ctx context.Context, vhost, app, stream string) (*ScheduleInfo, error) {
	return call[ScheduleInfo](s.c)(apiclient.GetScheduledChannel(ctx, s.c.base, vhost, app, stream))
}

// Patch replaces the fallback program and/or the programs of a running channel (each section
// present in patch replaces the whole section; the stream settings cannot change). Operation
// patchScheduledChannel (PATCH /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Patch(ctx context.Context, vhost, app, stream string, patch SchedulePatch) error {
	body, err := encode(patch)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.PatchScheduledChannel(ctx, s.c.base, vhost, app, stream, body))
}

// Delete removes a scheduled channel's schedule; the stream goes away shortly after. Operation
// deleteScheduledChannel (DELETE /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return s.c.callStatus(apiclient.DeleteScheduledChannel(ctx, s.c.base, vhost, app, stream))
}

// MultiplexChannelsService manages multiplex channels: streams assembled from tracks of other
// streams. The application needs the Multiplex provider. Changes take effect asynchronously.
type MultiplexChannelsService struct{ c *Client }

// List returns the names of the application's multiplex channels, sorted (ErrNotFound when the
// Multiplex provider is not enabled for the application). Operation listMultiplexChannels
// (GET /v1/vhosts/{vhost}/apps/{app}/multiplexChannels).
func (s *MultiplexChannelsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	return callList[string](s.c)(apiclient.ListMultiplexChannels(ctx, s.c.base, vhost, app))
}

// Create validates a channel definition and saves it; the Multiplex provider starts the channel
// profile.OutputStream.Name shortly after. A taken stream name is ErrConflict, a disabled
// provider ErrProviderDisabled. Operation createMultiplexChannel
// (POST /v1/vhosts/{vhost}/apps/{app}/multiplexChannels).
func (s *MultiplexChannelsService) Create(ctx context.Context, vhost, app string, profile MultiplexProfile) error {
	if profile.SourceStreams == nil {
		profile.SourceStreams = []MultiplexSourceStream{}
	}
	body, err := encode(profile)
	if err != nil {
		return err
	}
	return s.c.callStatus(apiclient.CreateMultiplexChannel(ctx, s.c.base, vhost, app, body))
}

// Get returns a multiplex channel's stored definition and its state. Operation
// getMultiplexChannel (GET /v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}).
func (s *MultiplexChannelsService) Get(ctx context.Context, vhost, app, stream string) (*MultiplexInfo, error) {
	return call[MultiplexInfo](s.c)(apiclient.GetMultiplexChannel(ctx, s.c.base, vhost, app, stream))
}

// Delete removes a multiplex channel; the stream goes away shortly after. Operation
// deleteMultiplexChannel (DELETE /v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}).
func (s *MultiplexChannelsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return s.c.callStatus(apiclient.DeleteMultiplexChannel(ctx, s.c.base, vhost, app, stream))
}
