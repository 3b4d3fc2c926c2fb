package sdk

import (
	"context"
	"testing"
)

func statsCases() []svcCase {
	return []svcCase{
		{op: "getServerStats", name: "metrics", method: "GET", path: "/v1/stats/current", answer: "JobsMetricsServer",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Server(ctx) },
			check: check(func(t *testing.T, m *Metrics) {
				if m == nil {
					t.Fatal("nil metrics")
				}
				if m.TotalBytesOut != 80435467264 || m.MaxTotalConnections != 240 || m.AvgThroughputOut != 190642176 ||
					!m.MaxTotalConnectionTime.Equal(at(2026, 11, 26, 9, 12, 44, 501)) {
					t.Errorf("metrics %+v", m)
				}
				diff(t, "connections", MetricsConnections{File: 1, Hlsv3: 8, LLHLS: 60, OVT: 2, Push: 2, WebRTC: 24}, m.Connections)
			})},
		{op: "getServerStats", name: "shutting down", method: "GET", path: "/v1/stats/current", answer: "JobsNullResponse",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Server(ctx) },
			check: check(func(t *testing.T, m *Metrics) {
				if m != nil {
					t.Errorf("metrics %+v during shutdown, want nil", m)
				}
			})},
		{op: "getVirtualHostStats", name: "metrics", method: "GET", path: "/v1/stats/current/vhosts/default", answer: "JobsMetricsVhost",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.VirtualHost(ctx, "default") },
			check: check(func(t *testing.T, m *Metrics) {
				if m.TotalConnections != 49 || m.Connections.LLHLS != 30 {
					t.Errorf("metrics %+v", m)
				}
			})},
		{op: "getVirtualHostStats", name: "not found", method: "GET", path: "/v1/stats/current/vhosts/nosuchhost", status: 404, answer: "VhostNotFound",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Stats.VirtualHost(ctx, "nosuchhost") },
			check: wantAPIError(404, "Could not find the virtual host: [nosuchhost]", ErrNotFound)},
		{op: "getApplicationStats", name: "colon in app", method: "GET", path: "/v1/stats/current/vhosts/default/apps/app:1", answer: "JobsMetricsApp",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Application(ctx, "default", "app:1") },
			check: check(func(t *testing.T, m *Metrics) {
				if !m.CreatedTime.Equal(at(2026, 11, 26, 8, 0, 0, 20)) {
					t.Errorf("metrics %+v", m)
				}
			})},
		{op: "getStreamStats", name: "metrics", method: "GET", path: "/v1/stats/current/vhosts/default/apps/app/streams/stream", answer: "JobsMetricsStream",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Stats.Stream(ctx, "default", "app", "stream")
			},
			check: check(func(t *testing.T, m *Metrics) {
				if m.TotalBytesIn != 1404928 || m.LastThroughputIn != 312320 || m.TotalBytesOut != 0 {
					t.Errorf("metrics %+v", m)
				}
			})},
		{op: "getStreamStats", name: "not found", method: "GET", path: "/v1/stats/current/vhosts/default/apps/app/streams/nosuchstream", status: 404, answer: "StreamNotFound",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Stats.Stream(ctx, "default", "app", "nosuchstream")
			},
			check: wantAPIError(404, "Could not find the stream: [default/#default#app/nosuchstream]", ErrNotFound)},
		{op: "listInternalStats", name: "paths", method: "GET", path: "/v1/stats/current/internals", answer: "JobsInternals",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Internals(ctx) },
			check: check(func(t *testing.T, v []string) {
				diff(t, "paths", []string{"/v1/stats/current/internals/queues"}, v)
			})},
		{op: "getQueueStats", name: "queues", method: "GET", path: "/v1/stats/current/internals/queues", answer: "JobsQueueMetrics",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Queues(ctx) },
			check: check(func(t *testing.T, qs []QueueMetrics) {
				if len(qs) != 2 || qs[0].ID != 41 || qs[0].Urn != "mngq:v=#default#app:s=stream:p=pub:n=llhls_stream" ||
					qs[0].DwellP99Us != 1024 || qs[0].Threshold != 500 || qs[1].Type != "" || qs[1].Urn != "No Urn" {
					t.Errorf("queues %+v", qs)
				}
			})},
		{op: "getQueueStats", name: "shutting down", method: "GET", path: "/v1/stats/current/internals/queues", answer: "JobsNullResponse",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Stats.Queues(ctx) },
			check: check(func(t *testing.T, qs []QueueMetrics) {
				if qs != nil {
					t.Errorf("queues %+v during shutdown, want nil", qs)
				}
			})},
	}
}

func TestStatsService(t *testing.T) {
	t.Parallel()
	runSvcCases(t, statsCases())
}
