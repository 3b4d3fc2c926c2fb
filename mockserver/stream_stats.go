package mockserver

import (
	"context"
	"sort"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Statistics (docs/ome-behaviour.md, "Statistics"). The counters move only through AddTraffic
// (and the end of sessions when a stream goes away).

// internalStatsPaths is OME's fixed list of internal statistics resources.
var internalStatsPaths = []string{"/v1/stats/current/internals/queues"}

// json copies the counters into the API's Metrics object; the caller holds the lock.
func (m *metrics) json() wire.Metrics {
	return wire.Metrics{
		CreatedTime:            wire.Timestamp{Time: m.created},
		LastUpdatedTime:        wire.Timestamp{Time: m.lastUpdated},
		TotalBytesIn:           m.totalBytesIn,
		TotalBytesOut:          m.totalBytesOut,
		AvgThroughputIn:        m.avgThroughputIn,
		AvgThroughputOut:       m.avgThroughputOut,
		MaxThroughputIn:        m.maxThroughputIn,
		MaxThroughputOut:       m.maxThroughputOut,
		LastThroughputIn:       m.lastThroughputIn,
		LastThroughputOut:      m.lastThroughputOut,
		LastRecvTime:           wire.Timestamp{Time: m.lastRecvTime},
		LastSentTime:           wire.Timestamp{Time: m.lastSentTime},
		TotalConnections:       m.totalConnections,
		MaxTotalConnections:    m.maxTotalConnections,
		MaxTotalConnectionTime: wire.Timestamp{Time: m.maxTotalConnectionTime},
		Connections: wire.MetricsConnections{
			WebRTC: m.connections["webrtc"], LLHLS: m.connections["llhls"], OVT: m.connections["ovt"],
			File: m.connections["file"], Push: m.connections["push"], Thumbnail: m.connections["thumbnail"],
			Hlsv3: m.connections["hlsv3"], SRT: m.connections["srt"],
		},
	}
}

func (h *handlers) GetServerStats(ctx context.Context, request call) (reply, error) {
	var m wire.Metrics
	_ = h.s.st.view(func() error {
		m = h.s.st.metrics.json()
		return nil
	})
	return okReply(m), nil
}

func (h *handlers) GetVirtualHostStats(ctx context.Context, request call) (reply, error) {
	var m wire.Metrics
	err := h.s.st.view(func() error {
		vh, err := h.s.st.findVhost(request.Vhost)
		if err != nil {
			return err
		}
		m = vh.metrics.json()
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(m), nil
}

func (h *handlers) GetApplicationStats(ctx context.Context, request call) (reply, error) {
	var m wire.Metrics
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		m = a.metrics.json()
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(m), nil
}

func (h *handlers) GetStreamStats(ctx context.Context, request call) (reply, error) {
	var m wire.Metrics
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		m = s.metrics.json()
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(m), nil
}

func (h *handlers) ListInternalStats(ctx context.Context, request call) (reply, error) {
	return okReply(append([]string(nil), internalStatsPaths...)), nil
}

func (h *handlers) GetQueueStats(ctx context.Context, request call) (reply, error) {
	var list wire.QueueMetricsList
	_ = h.s.st.view(func() error {
		list = h.s.st.queues()
		return nil
	})
	return okReply(list), nil
}

// queueSpec is one of OME's managed queues, named by the part of the pipeline that owns it.
type queueSpec struct {
	part, name, typ string
	threshold       int
}

var (
	// appQueues belong to each application (its media router and publisher workers).
	appQueues = []queueSpec{
		{"imr", "aw-0", "std::shared_ptr<MediaRouterStreamTask>", 500},
		{"omr", "aw-0", "std::shared_ptr<MediaRouterStreamTask>", 500},
		{"pub", "aw-0", "std::shared_ptr<ov::CommonMessage>", 500},
	}
	// streamQueues belong to each input stream; relay streams skip the transcoder.
	streamQueues = []queueSpec{
		{"pvd", "stream", "std::shared_ptr<MediaPacket>", 500},
		{"imr", "stream", "std::shared_ptr<MediaPacket>", 500},
		{"trs", "decoder", "std::shared_ptr<MediaPacket>", 100},
		{"trs", "encoder", "std::shared_ptr<MediaFrame>", 100},
		{"omr", "stream", "std::shared_ptr<MediaPacket>", 500},
		{"pub", "stream", "std::shared_ptr<MediaPacket>", 500},
	}
)

// queues lists a plausible set of OME's internal queues: some per application and some per input
// stream, with URNs of OME's form. Ids derive from the owner's id, so the list is stable and
// sorted by id. The caller holds the lock.
func (st *store) queues() wire.QueueMetricsList {
	list := wire.QueueMetricsList{}
	add := func(base uint64, urnPrefix string, specs []queueSpec, skipTranscoder bool) {
		for i, q := range specs {
			if skipTranscoder && q.part == "trs" {
				continue
			}
			list = append(list, wire.QueueMetrics{
				ID:        int64(base*16) + int64(i),
				Urn:       ptr(urnPrefix + ":p=" + q.part + ":n=" + q.name),
				Type:      ptr(q.typ),
				Threshold: q.threshold,
			})
		}
	}
	for _, vh := range st.order {
		for _, a := range vh.appOrder {
			prefix := "mngq:v=#" + vh.name + "#" + a.name
			add(a.id, prefix, appQueues, false)
			for _, s := range a.streamOrder {
				add(s.id, prefix+":s="+s.name, streamQueues, s.isRelay())
			}
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list
}
