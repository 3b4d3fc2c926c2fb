package sdk

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// ScheduledChannelsService manages scheduled channels: streams that play a schedule of files and
// live streams. The application needs the Schedule provider; calls that need it answer
// ErrProviderDisabled when it is not enabled. Changes take effect asynchronously.
type ScheduledChannelsService struct{ c *Client }

// List returns the names of the scheduled channels running now (a channel created a moment ago
// may be missing). Operation listScheduledChannels
// (GET /v1/vhosts/{vhost}/apps/{app}/scheduledChannels).
func (s *ScheduledChannelsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListScheduledChannels(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Create validates a schedule and saves it; the Schedule provider starts the channel
// schedule.Stream.Name shortly after. A taken stream name is ErrConflict. Operation
// createScheduledChannel (POST /v1/vhosts/{vhost}/apps/{app}/scheduledChannels).
func (s *ScheduledChannelsService) Create(ctx context.Context, vhost, app string, schedule Schedule) error {
	body, err := jsonBody(schedule)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.CreateScheduledChannelWithBody(ctx, vhost, app, jsonType, body))
}

// Get returns the schedule a channel runs and what is on air now. Operation getScheduledChannel
// (GET /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Get(ctx context.Context, vhost, app, stream string) (*ScheduleInfo, error) {
	var env gen.ScheduleInfoEnvelope
	if err := into(&env)(s.c.gen.GetScheduledChannel(ctx, vhost, app, stream)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Patch replaces the fallback program and/or the programs of a running channel (each section
// present in patch replaces the whole section; the stream settings cannot change). Operation
// patchScheduledChannel (PATCH /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Patch(ctx context.Context, vhost, app, stream string, patch SchedulePatch) error {
	body, err := jsonBody(patch)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.PatchScheduledChannelWithBody(ctx, vhost, app, stream, jsonType, body))
}

// Delete removes a scheduled channel's schedule; the stream goes away shortly after. Operation
// deleteScheduledChannel (DELETE /v1/vhosts/{vhost}/apps/{app}/scheduledChannels/{stream}).
func (s *ScheduledChannelsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return into(nil)(s.c.gen.DeleteScheduledChannel(ctx, vhost, app, stream))
}

// MultiplexChannelsService manages multiplex channels: streams assembled from tracks of other
// streams. The application needs the Multiplex provider. Changes take effect asynchronously.
type MultiplexChannelsService struct{ c *Client }

// List returns the names of the application's multiplex channels, sorted (ErrNotFound when the
// Multiplex provider is not enabled for the application). Operation listMultiplexChannels
// (GET /v1/vhosts/{vhost}/apps/{app}/multiplexChannels).
func (s *MultiplexChannelsService) List(ctx context.Context, vhost, app string) ([]string, error) {
	var env gen.NameListEnvelope
	if err := into(&env)(s.c.gen.ListMultiplexChannels(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Create validates a channel definition and saves it; the Multiplex provider starts the channel
// profile.OutputStream.Name shortly after. A taken stream name is ErrConflict, a disabled
// provider ErrProviderDisabled. Operation createMultiplexChannel
// (POST /v1/vhosts/{vhost}/apps/{app}/multiplexChannels).
func (s *MultiplexChannelsService) Create(ctx context.Context, vhost, app string, profile MultiplexProfile) error {
	if profile.SourceStreams == nil {
		profile.SourceStreams = []MultiplexSourceStream{}
	}
	body, err := jsonBody(profile)
	if err != nil {
		return err
	}
	return into(nil)(s.c.gen.CreateMultiplexChannelWithBody(ctx, vhost, app, jsonType, body))
}

// Get returns a multiplex channel's stored definition and its state. Operation
// getMultiplexChannel (GET /v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}).
func (s *MultiplexChannelsService) Get(ctx context.Context, vhost, app, stream string) (*MultiplexInfo, error) {
	var env gen.MultiplexInfoEnvelope
	if err := into(&env)(s.c.gen.GetMultiplexChannel(ctx, vhost, app, stream)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Delete removes a multiplex channel; the stream goes away shortly after. Operation
// deleteMultiplexChannel (DELETE /v1/vhosts/{vhost}/apps/{app}/multiplexChannels/{stream}).
func (s *MultiplexChannelsService) Delete(ctx context.Context, vhost, app, stream string) error {
	return into(nil)(s.c.gen.DeleteMultiplexChannel(ctx, vhost, app, stream))
}
