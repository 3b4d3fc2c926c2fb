package mockserver

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Push and recording jobs (docs/ome-behaviour.md, "Push and recording jobs").
//
// A job names an *output* stream. It is "started" (pushing / recording) while that output
// stream exists and "ready" (reserved) otherwise; the state is worked out whenever a job is
// shown, so a stream published after the job was created starts it. The mock sends no media:
// byte and duration counters stay 0.

// jobSession follows the sessions of a job as the mock observes them.
type jobSession struct {
	running  bool
	sequence int       // sessions started so far
	started  time.Time // start of the current or last session; zero: never
	finished time.Time // end of the last session; zero: never
}

// observe updates the session from whether the job's output stream exists now.
func (js *jobSession) observe(a *app, streamName string, created, now time.Time) {
	src := a.outputStreamSource(streamName)
	switch {
	case src != nil && !js.running:
		js.running = true
		js.sequence++
		js.started = created
		if src.created.After(created) {
			js.started = src.created
		}
	case src == nil && js.running:
		js.running = false
		js.finished = now
	}
}

// pushJob is a push job of an application.
type pushJob struct {
	id      string
	req     pushRequest
	created time.Time
	session jobSession
}

// recordJob is a recording job of an application.
type recordJob struct {
	id      string
	req     recordRequest
	created time.Time
	session jobSession
}

// outputStreamSource returns the input stream behind the output stream called name, or nil
// when no such output stream exists. The output streams are those GET …/streams/{stream}
// reports (stream.outputs): a relay stream is its own only output; any other input stream whose
// media has started has one output per output profile, named by the profile's
// outputStreamName with ${OriginStreamName} replaced by the input stream's name. The caller
// holds the lock.
func (a *app) outputStreamSource(name string) *stream {
	for _, s := range a.streamOrder {
		if _, ok := s.findOutput(name); ok {
			return s
		}
	}
	return nil
}

// hasPushPublisher reports whether the application has a Push publisher (or a legacy one).
func (a *app) hasPushPublisher() bool {
	return a.hasPublisher("push") || a.hasPublisher("rtmpPush") || a.hasPublisher("srtPush") || a.hasPublisher("mpegtsPush")
}

// errJobApp is the 404 of an application without the publisher a job needs.
func errJobApp(vhost, app string) *omeError {
	return httpErr(http.StatusNotFound, "Could not find application: [%s/%s]", vhost, app)
}

// jobStr is an optional string member: nil (left out) when empty.
func jobStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func jobTimeOr(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return omeEpoch(loc)
	}
	return t.In(loc)
}

func (s jobStream) view() wire.JobStream {
	c := s.clone()
	return wire.JobStream{Name: jobStr(c.name), TrackIDs: c.trackIDs, VariantNames: c.variantNames}
}

func (j *pushJob) view(vhost, app string, loc *time.Location) wire.Push {
	state := wire.PushStateReady
	if j.session.running {
		state = wire.PushStatePushing
	}
	var proto *wire.PushProtocol
	if j.req.protocol != "" {
		p := wire.PushProtocol(j.req.protocol)
		proto = &p
	}
	return wire.Push{
		ID: jobStr(j.id), Vhost: jobStr(vhost), App: jobStr(app),
		Stream: j.req.stream.view(), State: state, Protocol: proto,
		URL: jobStr(j.req.url), StreamKey: jobStr(j.req.streamKey),
		Sequence:    j.session.sequence,
		CreatedTime: wire.Timestamp{Time: j.created.In(loc)},
		StartTime:   wire.Timestamp{Time: jobTimeOr(j.session.started, loc)},
		FinishTime:  wire.Timestamp{Time: jobTimeOr(j.session.finished, loc)},
		IsConfig:    false,
	}
}

func (j *recordJob) view(vhost, app string, state wire.RecordState, loc *time.Location) wire.Record {
	created := wire.Timestamp{Time: j.created.In(loc)}
	r := wire.Record{
		ID: jobStr(j.id), Vhost: jobStr(vhost), App: jobStr(app),
		Stream: j.req.stream.view(), State: state, IsConfig: false,
		Metadata: jobStr(j.req.metadata), FilePath: jobStr(j.req.filePath), InfoPath: jobStr(j.req.infoPath),
		Schedule: jobStr(j.req.schedule), CreatedTime: &created,
	}
	if j.req.interval > 0 {
		iv := j.req.interval
		r.Interval = &iv
	}
	if j.req.segmentationRule != "" {
		rule := wire.RecordSegmentationRule(j.req.segmentationRule)
		r.SegmentationRule = &rule
	}
	if state != wire.RecordStateReady && !j.session.started.IsZero() {
		st := wire.Timestamp{Time: j.session.started.In(loc)}
		r.StartTime = &st
	}
	return r
}

func (j *recordJob) state() wire.RecordState {
	if j.session.running {
		return wire.RecordStateRecording
	}
	return wire.RecordStateReady
}

func (h *handlers) StartPush(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
	var out wire.Push
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		// OME's handler reads the body's members first: jsoncpp throws for a body that is not
		// an object (500).
		if _, e := bodyObject(body); e != nil {
			return e
		}
		p := parsePushRequest(body)
		if e := p.protocolErr(request.Vhost, request.App); e != nil {
			return e
		}
		if !a.hasPushPublisher() {
			return errJobApp(request.Vhost, request.App)
		}
		if e := p.paramErr(); e != nil {
			return e
		}
		if a.pushes[p.id] != nil {
			return httpErr(http.StatusBadRequest, "Duplicate ID")
		}
		j := &pushJob{id: p.id, req: p, created: now}
		j.session.observe(a, p.stream.name, now, now)
		a.pushes[p.id] = j
		out = j.view(request.Vhost, request.App, now.Location())
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// StopPush removes the job at once; OME flags it and drops it on its next control pass (about
// a second later), so there the job is still listed, and its id still taken, for that second.
func (h *handlers) StopPush(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		// OME's handler reads the body's members first: jsoncpp throws for a body that is not
		// an object (500).
		if _, e := bodyObject(body); e != nil {
			return e
		}
		id := jobBodyID(body)
		notFound := httpErr(http.StatusNotFound, "Could not find id '%s': [%s/%s]", id, request.Vhost, request.App)
		if !a.hasPushPublisher() {
			return notFound
		}
		if id == "" {
			return jobMissingParams("id")
		}
		if a.pushes[id] == nil {
			return notFound
		}
		delete(a.pushes, id)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// pushList lists the application's push jobs, sorted by id, or only the one the body names.
func (h *handlers) pushList(vhost, appName string, body any) ([]wire.Push, error) {
	now := h.s.now()
	out := []wire.Push{}
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(vhost, appName)
		if err != nil {
			return err
		}
		if _, e := bodyObject(body); e != nil {
			return e
		}
		id := jobBodyID(body)
		if !a.hasPushPublisher() {
			return nil
		}
		for _, j := range sortedJobs(a.pushes) {
			if id != "" && j.id != id {
				continue
			}
			j.session.observe(a, j.req.stream.name, j.created, now)
			out = append(out, j.view(vhost, appName, now.Location()))
		}
		return nil
	})
	return out, err
}

func sortedJobs[J any](m map[string]*J) []*J {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]*J, 0, len(ids))
	for _, id := range ids {
		out = append(out, m[id])
	}
	return out
}

func (h *handlers) ListPushes(ctx context.Context, request call) (reply, error) {
	list, err := h.pushList(request.Vhost, request.App, request.Body)
	if err != nil {
		return reply{}, err
	}
	return okReply(list), nil
}

func (h *handlers) ListPushesDeprecated(ctx context.Context, request call) (reply, error) {
	list, err := h.pushList(request.Vhost, request.App, nil)
	if err != nil {
		return reply{}, err
	}
	return okReply(list), nil
}

func (h *handlers) StartRecord(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
	var out wire.Record
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		// OME's handler reads the body's members first: jsoncpp throws for a body that is not
		// an object (500).
		if _, e := bodyObject(body); e != nil {
			return e
		}
		if !a.hasPublisher("file") {
			return errJobApp(request.Vhost, request.App)
		}
		r := parseRecordRequest(body)
		if e := r.paramErr(); e != nil {
			return e
		}
		if a.records[r.id] != nil {
			return httpErr(http.StatusBadRequest, "Duplicate ID already exists")
		}
		j := &recordJob{id: r.id, req: r, created: now}
		j.session.observe(a, r.stream.name, now, now)
		a.records[r.id] = j
		out = j.view(request.Vhost, request.App, j.state(), now.Location())
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// StopRecord answers the job's last state with state "stopping" and removes it at once, as OME
// does.
func (h *handlers) StopRecord(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
	var out wire.Record
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		// OME's handler reads the body's members first: jsoncpp throws for a body that is not
		// an object (500).
		if _, e := bodyObject(body); e != nil {
			return e
		}
		if !a.hasPublisher("file") {
			return errJobApp(request.Vhost, request.App)
		}
		id := jobBodyID(body)
		if id == "" {
			return jobMissingParams("id")
		}
		j := a.records[id]
		if j == nil {
			return httpErr(http.StatusNotFound, "There is no record information related to the ID [%s]", id)
		}
		j.session.observe(a, j.req.stream.name, j.created, now)
		out = j.view(request.Vhost, request.App, wire.RecordStateStopping, now.Location())
		delete(a.records, id)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// recordList lists the application's recording jobs, sorted by id, or only the one the body
// names.
func (h *handlers) recordList(vhost, appName string, body any) ([]wire.Record, error) {
	now := h.s.now()
	out := []wire.Record{}
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(vhost, appName)
		if err != nil {
			return err
		}
		if _, e := bodyObject(body); e != nil {
			return e
		}
		id := jobBodyID(body)
		if !a.hasPublisher("file") {
			return errJobApp(vhost, appName)
		}
		for _, j := range sortedJobs(a.records) {
			if id != "" && j.id != id {
				continue
			}
			j.session.observe(a, j.req.stream.name, j.created, now)
			out = append(out, j.view(vhost, appName, j.state(), now.Location()))
		}
		return nil
	})
	return out, err
}

func (h *handlers) ListRecords(ctx context.Context, request call) (reply, error) {
	list, err := h.recordList(request.Vhost, request.App, request.Body)
	if err != nil {
		return reply{}, err
	}
	return okReply(list), nil
}

func (h *handlers) ListRecordsDeprecated(ctx context.Context, request call) (reply, error) {
	list, err := h.recordList(request.Vhost, request.App, nil)
	if err != nil {
		return reply{}, err
	}
	return okReply(list), nil
}
