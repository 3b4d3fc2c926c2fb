package sdk

import (
	"context"

	"github.com/omekit/omekit/internal/apiclient"
)

// StatsService reads current traffic and connection metrics, and the metrics of OME's internal
// queues. Throughputs avg*/max* are in bits per second, lastThroughput* in bytes per
// measurement window.
type StatsService struct{ c *Client }

// Server returns the metrics of the whole server. They are nil, with a nil error, while OME is
// shutting down. Operation getServerStats (GET /v1/stats/current).
func (s *StatsService) Server(ctx context.Context) (*Metrics, error) {
	return callNullable[Metrics](s.c)(apiclient.GetServerStats(ctx, s.c.base))
}

// VirtualHost returns the metrics of a virtual host. Operation getVirtualHostStats
// (GET /v1/stats/current/vhosts/{vhost}).
func (s *StatsService) VirtualHost(ctx context.Context, vhost string) (*Metrics, error) {
	return call[Metrics](s.c)(apiclient.GetVirtualHostStats(ctx, s.c.base, vhost))
}

// Application returns the metrics of an application. Operation getApplicationStats
// (GET /v1/stats/current/vhosts/{vhost}/apps/{app}).
func (s *StatsService) Application(ctx context.Context, vhost, app string) (*Metrics, error) {
	return call[Metrics](s.c)(apiclient.GetApplicationStats(ctx, s.c.base, vhost, app))
}

// Stream returns the metrics of an input stream, including what its output streams send.
// Operation getStreamStats (GET /v1/stats/current/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StatsService) Stream(ctx context.Context, vhost, app, stream string) (*Metrics, error) {
	return call[Metrics](s.c)(apiclient.GetStreamStats(ctx, s.c.base, vhost, app, stream))
}

// Internals returns the paths of the internal statistics resources (in OME 0.21 only
// "/v1/stats/current/internals/queues"). Operation listInternalStats
// (GET /v1/stats/current/internals).
func (s *StatsService) Internals(ctx context.Context) ([]string, error) {
	return callList[string](s.c)(apiclient.ListInternalStats(ctx, s.c.base))
}

// Queues returns the metrics of OME's internal message queues, sorted by id: where a pipeline
// backs up. The list is nil, with a nil error, while OME is shutting down. Operation
// getQueueStats (GET /v1/stats/current/internals/queues).
func (s *StatsService) Queues(ctx context.Context) ([]QueueMetrics, error) {
	v, err := callNullable[[]QueueMetrics](s.c)(apiclient.GetQueueStats(ctx, s.c.base))
	if v == nil || err != nil {
		return nil, err
	}
	return *v, nil
}
