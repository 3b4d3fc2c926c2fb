package mockserver

import (
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// strmStats GETs a metrics resource.
func strmStats(t *testing.T, h *harness, path string) (wire.Metrics, response) {
	t.Helper()
	r := h.do(http.MethodGet, path, nil)
	expect(t, r, http.StatusOK, "OK")
	var env struct {
		Response *wire.Metrics `json:"response"`
	}
	r.JSON(t, &env)
	if env.Response == nil {
		t.Fatalf("%s: no metrics: %s", path, r.Body)
	}
	return *env.Response, r
}

const (
	strmServerStats = "/v1/stats/current"
	strmVhostStats  = "/v1/stats/current/vhosts/default"
	strmAppStats    = "/v1/stats/current/vhosts/default/apps/app"
	strmStreamStats = "/v1/stats/current/vhosts/default/apps/app/streams/s"
)

func TestStatsFollowTraffic(t *testing.T) {
	t.Parallel()
	h, clk := strmHarness(t)
	start := clk.Now()
	strmPublish(t, h, "app", InputStream{Name: "s"})
	strmPublish(t, h, "app", InputStream{Name: "other"})
	strmPublish(t, h, "subs", InputStream{Name: "s"})

	fresh, r := strmStats(t, h, strmServerStats)
	if fresh.TotalBytesIn != 0 || fresh.TotalConnections != 0 || !fresh.CreatedTime.Equal(start) || !fresh.LastRecvTime.Equal(start) ||
		!fresh.MaxTotalConnectionTime.Equal(start) {
		t.Fatalf("fresh server metrics %+v", fresh)
	}
	for _, key := range []string{"createdTime", "lastUpdatedTime", "lastRecvTime", "lastSentTime", "maxTotalConnectionTime"} {
		if !strings.Contains(string(r.Body), `"`+key+`":"2026-11-26T09:30:12.345+09:00"`) {
			t.Fatalf("%s not in OME's layout: %s", key, r.Body)
		}
	}

	clk.Advance(10 * time.Second)
	t1 := clk.Now()
	if err := h.s.AddTraffic("default", "app", "s", Traffic{BytesIn: 250000, BytesOut: 1000000, Interval: 500 * time.Millisecond,
		Connections: map[string]int{"webrtc": 3, "llhls": 2}}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	t2 := clk.Now()
	if err := h.s.AddTraffic("default", "app", "other", Traffic{BytesIn: 1000, Connections: map[string]int{"hlsv3": 1}}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	t3 := clk.Now()
	// Egress without ingress: totals grow, the throughput window does not move.
	if err := h.s.AddTraffic("default", "app", "s", Traffic{BytesOut: 5000, Connections: map[string]int{"webrtc": -1}}); err != nil {
		t.Fatal(err)
	}

	s, _ := strmStats(t, h, strmStreamStats)
	want := wire.Metrics{
		CreatedTime: wire.Timestamp{Time: start}, LastUpdatedTime: wire.Timestamp{Time: t3}, TotalBytesIn: 250000, TotalBytesOut: 1005000,
		AvgThroughputIn: 4000000, AvgThroughputOut: 16000000, MaxThroughputIn: 4000000, MaxThroughputOut: 16000000,
		LastThroughputIn: 250000, LastThroughputOut: 1000000, LastRecvTime: wire.Timestamp{Time: t1}, LastSentTime: wire.Timestamp{Time: t3},
		TotalConnections: 4, MaxTotalConnections: 5, MaxTotalConnectionTime: wire.Timestamp{Time: t1},
		Connections: wire.MetricsConnections{WebRTC: 2, LLHLS: 2},
	}
	if !strmSameMetrics(s, want) {
		t.Fatalf("stream metrics\n got %+v\nwant %+v", s, want)
	}
	app, _ := strmStats(t, h, strmAppStats)
	want.TotalBytesIn, want.AvgThroughputIn, want.AvgThroughputOut, want.LastThroughputIn, want.LastThroughputOut = 251000, 8000, 0, 1000, 0
	want.LastRecvTime, want.TotalConnections, want.MaxTotalConnections, want.MaxTotalConnectionTime = wire.Timestamp{Time: t2}, 5, 6, wire.Timestamp{Time: t2}
	want.Connections.Hlsv3 = 1
	if !strmSameMetrics(app, want) {
		t.Fatalf("app metrics\n got %+v\nwant %+v", app, want)
	}
	for _, path := range []string{strmVhostStats, strmServerStats} {
		m, _ := strmStats(t, h, path)
		w := want
		w.CreatedTime = m.CreatedTime // the vhost and server exist before the app's streams
		if !strmSameMetrics(m, w) {
			t.Fatalf("%s\n got %+v\nwant %+v", path, m, w)
		}
	}
	if other, _ := strmStats(t, h, "/v1/stats/current/vhosts/default/apps/subs"); other.TotalBytesIn != 0 || other.TotalConnections != 0 {
		t.Fatalf("another app counted the traffic: %+v", other)
	}

	// A stream that goes away takes its sessions along; the byte totals stay.
	if err := h.s.UnpublishStream("default", "app", "s"); err != nil {
		t.Fatal(err)
	}
	app, _ = strmStats(t, h, strmAppStats)
	if app.TotalConnections != 1 || app.Connections.WebRTC != 0 || app.Connections.Hlsv3 != 1 || app.TotalBytesIn != 251000 || app.MaxTotalConnections != 6 {
		t.Fatalf("app after the stream left %+v", app)
	}
	expect(t, h.do(http.MethodGet, strmStreamStats, nil), http.StatusNotFound, "[HTTP] Could not find the stream: [default/#default#app/s] (404)")
}

// strmSameMetrics compares metrics with time.Time.Equal.
func strmSameMetrics(a, b wire.Metrics) bool {
	times := [][2]wire.Timestamp{{a.CreatedTime, b.CreatedTime}, {a.LastUpdatedTime, b.LastUpdatedTime}, {a.LastRecvTime, b.LastRecvTime},
		{a.LastSentTime, b.LastSentTime}, {a.MaxTotalConnectionTime, b.MaxTotalConnectionTime}}
	for _, p := range times {
		if !p[0].Equal(p[1].Time) {
			return false
		}
	}
	var zero wire.Timestamp
	a.CreatedTime, a.LastUpdatedTime, a.LastRecvTime, a.LastSentTime, a.MaxTotalConnectionTime = zero, zero, zero, zero, zero
	b.CreatedTime, b.LastUpdatedTime, b.LastRecvTime, b.LastSentTime, b.MaxTotalConnectionTime = zero, zero, zero, zero, zero
	return reflect.DeepEqual(a, b)
}

func TestStatsNotFound(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	strmPublish(t, h, "app", InputStream{Name: "s"})
	for _, tc := range []struct{ path, msg string }{
		{"/v1/stats/current/vhosts/nope", "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/stats/current/vhosts/nope/apps/app", "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/stats/current/vhosts/default/apps/nope", "[HTTP] Could not find the application: [default/nope] (404)"},
		{"/v1/stats/current/vhosts/default/apps/app:x", "[HTTP] Could not find the application: [default/app:x] (404)"},
		{"/v1/stats/current/vhosts/nope/apps/app/streams/s", "[HTTP] Could not find the virtual host: [nope] (404)"},
		{"/v1/stats/current/vhosts/default/apps/nope/streams/s", "[HTTP] Could not find the application: [default/nope] (404)"},
		{"/v1/stats/current/vhosts/default/apps/app/streams/x", "[HTTP] Could not find the stream: [default/#default#app/x] (404)"},
	} {
		expect(t, h.do(http.MethodGet, tc.path, nil), http.StatusNotFound, tc.msg)
	}
}

func TestInternalStats(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	r := h.do(http.MethodGet, "/v1/stats/current/internals", nil)
	expect(t, r, http.StatusOK, "OK")
	var env wire.InternalsEnvelope
	r.JSON(t, &env)
	if !reflect.DeepEqual(env.Response, []string{"/v1/stats/current/internals/queues"}) {
		t.Fatalf("internals %v", env.Response)
	}
}

func TestQueueStats(t *testing.T) {
	t.Parallel()
	h, _ := strmHarness(t)
	queues := func() []wire.QueueMetrics {
		t.Helper()
		r := h.do(http.MethodGet, "/v1/stats/current/internals/queues", nil)
		expect(t, r, http.StatusOK, "OK")
		var env wire.QueueMetricsListEnvelope
		r.JSON(t, &env)
		if env.Response == nil {
			t.Fatalf("no queues: %s", r.Body)
		}
		return *env.Response
	}
	urns := func(qs []wire.QueueMetrics, contains string) []string {
		var out []string
		for _, q := range qs {
			if strings.Contains(*q.Urn, contains) {
				out = append(out, *q.Urn)
			}
		}
		return out
	}
	before := queues()
	if len(urns(before, ":s=")) != 0 || len(urns(before, "mngq:v=#default#app:p=")) != 3 {
		t.Fatalf("queues without streams: %+v", before)
	}
	strmPublish(t, h, "app", InputStream{Name: "s"})
	strmPublish(t, h, "relay", InputStream{Name: "r"})
	after := queues()
	if !sort.SliceIsSorted(after, func(i, j int) bool { return after[i].ID < after[j].ID }) {
		t.Fatal("queues not sorted by id")
	}
	if got := urns(after, ":s=s:"); len(got) != 6 || got[0] != "mngq:v=#default#app:s=s:p=pvd:n=stream" {
		t.Fatalf("stream queues %v", got)
	}
	if got := urns(after, ":s=r:"); len(got) != 4 || len(urns(after, ":s=r:p=trs")) != 0 {
		t.Fatalf("relay queues (no transcoder) %v", got)
	}
	if again := queues(); !reflect.DeepEqual(again, after) {
		t.Fatal("queue list is not stable")
	}
	if err := h.s.UnpublishStream("default", "app", "s"); err != nil {
		t.Fatal(err)
	}
	if got := urns(queues(), ":s=s:"); len(got) != 0 {
		t.Fatalf("queues of a removed stream remain: %v", got)
	}
}
