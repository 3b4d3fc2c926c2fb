package mockserver

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Push and recording jobs (docs/ome-behaviour.md, "Push and recording jobs"); how they run is
// in job_model.go.

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
		if msg := nameTooLong("Push id", p.id); msg != "" {
			return httpErr(http.StatusBadRequest, "%s", msg)
		}
		h.s.st.settleJobs(a, now)
		if a.pushes[p.id] != nil {
			return httpErr(http.StatusBadRequest, "Duplicate ID")
		}
		// The job waits for the next control pass; the answer shows it ready.
		j := &pushJob{id: p.id, req: p, created: now, state: wire.PushStateReady, passed: now}
		a.pushes[p.id] = j
		out = j.view(a, request.Vhost, request.App, now)
		if h.s.st.instant {
			j.settle(a, h.s.st, now)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// StopPush flags the job; the next control pass (about a second later) stops its session and
// removes it, so until then it is still listed, its id still taken, and stopping it again is
// answered 200.
func (h *handlers) StopPush(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
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
		h.s.st.settleJobs(a, now)
		j := a.pushes[id]
		if j == nil {
			return notFound
		}
		if j.stopAt.IsZero() {
			j.stopAt = now
		}
		h.s.st.settleJobs(a, now)
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
		h.s.st.settleJobs(a, now)
		for _, j := range sortedJobs(a.pushes) {
			if id != "" && j.id != id {
				continue
			}
			out = append(out, j.view(a, vhost, appName, now))
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
		if msg := nameTooLong("Record id", r.id); msg != "" {
			return httpErr(http.StatusBadRequest, "%s", msg)
		}
		h.s.st.settleJobs(a, now)
		if a.records[r.id] != nil {
			return httpErr(http.StatusBadRequest, "Duplicate ID already exists")
		}
		// OME starts the recording in this call when the stream is there.
		j := newRecordJob(r.id, r, now)
		a.records[r.id] = j
		j.settle(a, now)
		out = j.view(a, request.Vhost, request.App, j.state, now)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// StopRecord answers the job as it is, in state "stopping", then finishes its file and removes
// it, as OME does in the call.
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
		h.s.st.settleJobs(a, now)
		j := a.records[id]
		if j == nil {
			return httpErr(http.StatusNotFound, "There is no record information related to the ID [%s]", id)
		}
		out = j.view(a, request.Vhost, request.App, wire.RecordStateStopping, now)
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
		h.s.st.settleJobs(a, now)
		for _, j := range sortedJobs(a.records) {
			if id != "" && j.id != id {
				continue
			}
			out = append(out, j.view(a, vhost, appName, j.state, now))
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
