package sdk

import (
	"context"

	"github.com/omekit/omekit/gen"
)

// StatsService reads current traffic and connection metrics, and the metrics of OME's internal
// queues. Throughputs avg*/max* are in bits per second, lastThroughput* in bytes per
// measurement window.
type StatsService struct{ c *Client }

// Server returns the metrics of the whole server. They are nil, with a nil error, while OME is
// shutting down. Operation getServerStats (GET /v1/stats/current).
func (s *StatsService) Server(ctx context.Context) (*Metrics, error) {
	var env gen.MetricsNullableEnvelope
	if err := into(&env)(s.c.gen.GetServerStats(ctx)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// VirtualHost returns the metrics of a virtual host. Operation getVirtualHostStats
// (GET /v1/stats/current/vhosts/{vhost}).
func (s *StatsService) VirtualHost(ctx context.Context, vhost string) (*Metrics, error) {
	var env gen.MetricsEnvelope
	if err := into(&env)(s.c.gen.GetVirtualHostStats(ctx, vhost)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Application returns the metrics of an application. Operation getApplicationStats
// (GET /v1/stats/current/vhosts/{vhost}/apps/{app}).
func (s *StatsService) Application(ctx context.Context, vhost, app string) (*Metrics, error) {
	var env gen.MetricsEnvelope
	if err := into(&env)(s.c.gen.GetApplicationStats(ctx, vhost, app)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Stream returns the metrics of an input stream, including what its output streams send.
// Operation getStreamStats (GET /v1/stats/current/vhosts/{vhost}/apps/{app}/streams/{stream}).
func (s *StatsService) Stream(ctx context.Context, vhost, app, stream string) (*Metrics, error) {
	var env gen.MetricsEnvelope
	if err := into(&env)(s.c.gen.GetStreamStats(ctx, vhost, app, stream)); err != nil {
		return nil, err
	}
	return &env.Response, nil
}

// Internals returns the paths of the internal statistics resources (in OME 0.21 only
// "/v1/stats/current/internals/queues"). Operation listInternalStats
// (GET /v1/stats/current/internals).
func (s *StatsService) Internals(ctx context.Context) ([]string, error) {
	var env gen.InternalsEnvelope
	if err := into(&env)(s.c.gen.ListInternalStats(ctx)); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// Queues returns the metrics of OME's internal message queues, sorted by id: where a pipeline
// backs up. The list is nil, with a nil error, while OME is shutting down. Operation
// getQueueStats (GET /v1/stats/current/internals/queues).
func (s *StatsService) Queues(ctx context.Context) ([]QueueMetrics, error) {
	var env gen.QueueMetricsListEnvelope
	if err := into(&env)(s.c.gen.GetQueueStats(ctx)); err != nil {
		return nil, err
	}
	if env.Response == nil {
		return nil, nil
	}
	return *env.Response, nil
}
