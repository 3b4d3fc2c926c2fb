package mockserver

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/omekit/omekit/mockserver/internal/serverxml"
	"github.com/omekit/omekit/mockserver/internal/wire"
)

// store is the mock's whole state: plain Go behind one lock, nothing of HTTP. Handlers lock it
// through view and update, look things up with the find* methods, and build their (copied)
// response values while they hold the lock.
type store struct {
	mu      sync.RWMutex
	now     func() time.Time
	nextID  uint64
	vhosts  map[string]*vhost
	order   []*vhost // creation order; OME's own order is random, the mock's is deterministic
	metrics *metrics // the whole server
	// unreachable holds pull URLs a test marked as failing (OME then answers 502).
	unreachable map[string]bool
	// instant makes OME's background work take effect at once (WithoutDelays).
	instant bool
	// trackSeq is OME's server-wide counter of the track ids providers issue (issueTrackID).
	trackSeq int
	// started is when the server started: the providers' looks at channel files fall every
	// second from then. due is the earliest time (Unix nanoseconds) a look may change something.
	started time.Time
	due     atomic.Int64
}

// vhost is a virtual host. readOnly is true for every vhost declared in Server.xml: OME answers
// 403 to writes inside it.
type vhost struct {
	name     string
	readOnly bool
	config   json.RawMessage // the stored configuration JSON, without "applications"
	template json.RawMessage // the "*" application of a Server.xml vhost (dynamic-app template), if any
	apps     map[string]*app
	appOrder []*app // ascending id: creation order, recreated apps go last
	metrics  *metrics
}

// app is an application. Its configuration is kept as the JSON OME would echo (values exactly
// as given) plus its decoded form for the feature checks.
type app struct {
	id      uint64
	name    string
	vhost   *vhost
	dynamic bool
	config  json.RawMessage // without "dynamic"
	cfg     map[string]any  // decoded config (json.Number for numbers); never mutated in place
	// profileNames maps output profile names as written in Server.xml to their names after
	// ${env:...} substitution, which OME lists and finds them by (nil for API-created apps).
	profileNames map[string]string

	// The typed view of config, decoded once: an app's configuration never changes (a PATCH
	// replaces the app), and responses only read it.
	viewOnce sync.Once
	view     json.RawMessage
	viewErr  error
	// getBody is the encoded answer of GET …/apps/{app}, built once for the same reason.
	getOnce sync.Once
	getBody []byte

	streams     map[string]*stream
	streamOrder []*stream // ascending id

	pushes      map[string]*pushJob
	records     map[string]*recordJob
	schedules   map[string]*scheduledChannel // loaded scheduled channels (their streams exist)
	multiplexes map[string]*multiplexChannel // loaded multiplex channels (listed)
	// channelFiles are the channel files the APIs wrote, by channelKey.
	channelFiles map[string]*channelFile

	metrics *metrics
}

// stream is an input stream of an application.
type stream struct {
	id         uint64
	name       string
	app        *app
	sourceType wire.StreamSourceType
	sourceURL  string
	tracks     []wire.Track // input tracks, ascending id
	created    time.Time
	relay      bool      // a relay (passthrough) stream reports itself as its only output
	pulledFrom *stream   // the source of a stream pulled over OVT from this server, else nil
	removed    time.Time // when the stream went; zero while it exists
	// relayPlaylists are the playlists a relay pulled from this server keeps from its origin.
	relayPlaylists []wire.StreamPlaylist
	props          streamProps
	metrics        *metrics

	dumps map[string]*hlsDump // key: output stream name + "\x00" + dump id
	// dumpsSeeded holds the output streams whose Server.xml <Dumps> have been added to dumps.
	dumpsSeeded map[string]bool
	sttEnabled  bool
}

// streamProps are the properties of a pull stream created through the API.
type streamProps struct {
	urls                          []string
	persistent                    bool
	noInputFailoverTimeoutMs      int
	unusedStreamDeletionTimeoutMs int
	ignoreRtcpSRTimestamp         bool
	retryCount                    int
}

// metrics are the traffic counters OME keeps for the server, each vhost, app and input stream.
type metrics struct {
	created, lastUpdated        time.Time
	totalBytesIn, totalBytesOut int64
	avgThroughputIn             int64 // bits/s over the last window
	avgThroughputOut            int64
	maxThroughputIn             int64
	maxThroughputOut            int64
	lastThroughputIn            int64 // bytes in the last window
	lastThroughputOut           int64
	lastRecvTime, lastSentTime  time.Time
	totalConnections            int
	maxTotalConnections         int
	maxTotalConnectionTime      time.Time
	connections                 map[string]int // webrtc, llhls, ovt, file, push, thumbnail, hlsv3, srt
}

// metricsConnectionKeys are the publisher keys of metrics.connections, as OME names them.
var metricsConnectionKeys = []string{"webrtc", "llhls", "ovt", "file", "push", "thumbnail", "hlsv3", "srt"}

func newMetrics(now time.Time) *metrics {
	m := &metrics{created: now, lastUpdated: now, lastRecvTime: now, lastSentTime: now, maxTotalConnectionTime: now,
		connections: make(map[string]int, len(metricsConnectionKeys))}
	for _, k := range metricsConnectionKeys {
		m.connections[k] = 0
	}
	return m
}

func newStore(cfg *serverxml.Config, now func() time.Time) (*store, error) {
	st := &store{now: now, vhosts: map[string]*vhost{}, metrics: newMetrics(now()), unreachable: map[string]bool{}, started: now()}
	st.due.Store(math.MaxInt64)
	for _, xv := range cfg.VirtualHosts {
		raw, err := json.Marshal(xv.Config)
		if err != nil {
			return nil, err
		}
		vh := st.addVhost(xv.Name, raw, true)
		for _, xa := range xv.Applications {
			rawApp, err := json.Marshal(xa.Config)
			if err != nil {
				return nil, err
			}
			if xa.Name == "*" {
				vh.template = rawApp
				continue
			}
			a, err := st.addApp(vh, xa.Name, rawApp, false)
			if err != nil {
				return nil, err
			}
			a.profileNames = xa.ProfileNames
		}
	}
	return st, nil
}

// view runs fn under the read lock, update under the write lock. Both first bring the channels
// up to date when a provider look is due (channel_files.go).
func (st *store) view(fn func() error) error {
	if st.due.Load() <= st.now().UnixNano() {
		st.mu.Lock()
		st.settleIfDue(st.now())
		st.mu.Unlock()
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	return fn()
}

func (st *store) update(fn func() error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.settleIfDue(st.now())
	return fn()
}

func (st *store) newID() uint64 {
	st.nextID++
	return st.nextID
}

// addVhost adds a vhost; the caller holds the write lock and has checked the name is free.
func (st *store) addVhost(name string, config json.RawMessage, readOnly bool) *vhost {
	vh := &vhost{name: name, readOnly: readOnly, config: config, apps: map[string]*app{}, metrics: newMetrics(st.now())}
	st.vhosts[name] = vh
	st.order = append(st.order, vh)
	return vh
}

func (st *store) removeVhost(vh *vhost) {
	delete(st.vhosts, vh.name)
	st.order = removeFrom(st.order, vh)
}

// addApp adds an application with the given configuration JSON; the caller holds the write lock
// and has checked the name is free.
func (st *store) addApp(vh *vhost, name string, config json.RawMessage, dynamic bool) (*app, error) {
	cfg, err := decodeConfig(config)
	if err != nil {
		return nil, err
	}
	a := &app{
		id: st.newID(), name: name, vhost: vh, dynamic: dynamic, config: config, cfg: cfg,
		streams: map[string]*stream{}, pushes: map[string]*pushJob{}, records: map[string]*recordJob{},
		schedules: map[string]*scheduledChannel{}, multiplexes: map[string]*multiplexChannel{},
		channelFiles: map[string]*channelFile{},
		metrics:      newMetrics(st.now()),
	}
	vh.apps[name] = a
	vh.appOrder = append(vh.appOrder, a)
	return a, nil
}

func (st *store) removeApp(a *app) {
	delete(a.vhost.apps, a.name)
	a.vhost.appOrder = removeFrom(a.vhost.appOrder, a)
}

// addStream adds an input stream to a; the caller holds the write lock and has checked the name
// is free. Tracks are copied.
func (st *store) addStream(a *app, name string, sourceType wire.StreamSourceType, tracks []wire.Track) *stream {
	s := &stream{
		id: st.newID(), name: name, app: a, sourceType: sourceType, created: st.now(),
		tracks: append([]wire.Track(nil), tracks...), metrics: newMetrics(st.now()),
		dumps: map[string]*hlsDump{}, sttEnabled: true,
	}
	sort.SliceStable(s.tracks, func(i, j int) bool { return s.tracks[i].ID < s.tracks[j].ID })
	a.streams[name] = s
	a.streamOrder = append(a.streamOrder, s)
	return s
}

func (st *store) removeStream(s *stream) {
	// Jobs see the stream until now, and their sessions end with it.
	now := st.now()
	st.settleJobs(s.app, now)
	s.removed = now
	delete(s.app.streams, s.name)
	s.app.streamOrder = removeFrom(s.app.streamOrder, s)
}

// findVhost, findApp and findStream resolve names the way OME's route wrapper does, with OME's
// 404 messages. The caller holds the lock.
func (st *store) findVhost(name string) (*vhost, error) {
	if vh := st.vhosts[name]; vh != nil {
		return vh, nil
	}
	return nil, errVhostNotFound(name)
}

func (st *store) findApp(vhostName, appName string) (*app, error) {
	vh, err := st.findVhost(vhostName)
	if err != nil {
		return nil, err
	}
	if a := vh.apps[appName]; a != nil {
		return a, nil
	}
	return nil, errAppNotFound(vhostName, appName)
}

func (st *store) findStream(vhostName, appName, streamName string) (*stream, error) {
	a, err := st.findApp(vhostName, appName)
	if err != nil {
		return nil, err
	}
	if s := a.streams[streamName]; s != nil {
		return s, nil
	}
	return nil, errStreamNotFound(vhostName, appName, streamName)
}

// section returns the object at the given key path of the app's configuration, if present.
func (a *app) section(path ...string) (map[string]any, bool) {
	cur := a.cfg
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return cur, true
}

// hasProvider and hasPublisher report whether the app enables a provider or publisher (by its
// JSON key, e.g. "schedule", "push", "file", "llhls").
func (a *app) hasProvider(key string) bool  { _, ok := a.section("providers", key); return ok }
func (a *app) hasPublisher(key string) bool { _, ok := a.section("publishers", key); return ok }

// decodeConfig decodes configuration JSON keeping numbers exact.
func decodeConfig(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

func removeFrom[T comparable](s []T, v T) []T {
	for i, x := range s {
		if x == v {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}
