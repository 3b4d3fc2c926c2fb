package mockserver

import (
	"context"
	"net/http"
	"sort"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Scheduled and multiplex channels (docs/ome-behaviour.md, "Scheduled channels" and "Multiplex channels").
//
// OME's channel APIs only write and remove the channel files (<name>.sch, <name>.mux); the
// providers notice the files and create or tear down the streams asynchronously. The mock
// does it at once: a created channel's input stream (source type Scheduled / Multiplex, a
// relay stream when bypassTranscoder is true) exists as soon as the call returns, and it is
// gone when the delete returns. No files are written, so the 500 "Could not save / delete the
// … file" answers never occur, and the provider modules always run, so neither do the 500
// "Could not get the … provider" ones.

func errInvalidChannelBody() *omeError {
	return httpErr(http.StatusBadRequest, "Invalid request body")
}

func errStreamNotPatchable() *omeError {
	return httpErr(http.StatusBadRequest, "Stream object could not be patched")
}

func errStreamExists(name string) *omeError {
	return httpErr(http.StatusConflict, "Stream '%s' already exists", name)
}

func errNotScheduled() *omeError {
	return httpErr(http.StatusBadRequest, "Stream is not a scheduled stream")
}

func errNoScheduledStream() *omeError {
	return httpErr(http.StatusInternalServerError, "Could not get the scheduled stream")
}

func errNoMuxApp() *omeError {
	return httpErr(http.StatusNotFound, "Could not get the multiplex application")
}

func errInvalidStreamName() *omeError {
	return httpErr(http.StatusBadRequest, "Invalid stream name")
}

// ListScheduledChannels lists the input streams whose source type is Scheduled (whether or not
// the provider is enabled), in stream order.
func (h *handlers) ListScheduledChannels(ctx context.Context, request call) (reply, error) {
	names := []string{}
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		for _, s := range a.streamOrder {
			if s.sourceType == wire.StreamSourceTypeScheduled {
				names = append(names, s.name)
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(names), nil
}

func (h *handlers) CreateScheduledChannel(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		if !jIsObject(body) {
			return errInvalidChannelBody()
		}
		if !a.hasProvider("schedule") {
			return forbiddenStatus()
		}
		sc, e := parseSchedule(body, now)
		if e != nil {
			return e
		}
		if a.streams[sc.name] != nil {
			return errStreamExists(sc.name)
		}
		s := h.s.st.addStream(a, sc.name, wire.StreamSourceTypeScheduled, nil)
		s.relay = sc.bypassTranscoder
		a.schedules[sc.name] = sc
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusCreated), nil
}

// scheduledStream finds the scheduled channel behind an input stream: nil when the stream is
// not a scheduled channel ("Could not get the scheduled stream"). The caller holds the lock.
func scheduledStream(a *app, s *stream) *scheduledChannel {
	if s.sourceType != wire.StreamSourceTypeScheduled {
		return nil
	}
	return a.schedules[s.name]
}

func (h *handlers) GetScheduledChannel(ctx context.Context, request call) (reply, error) {
	now := h.s.now()
	var out wire.ScheduleInfo
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		sc := scheduledStream(s.app, s)
		if sc == nil {
			return errNoScheduledStream()
		}
		out = sc.info(now)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// PatchScheduledChannel answers 201, as OME does.
func (h *handlers) PatchScheduledChannel(ctx context.Context, request call) (reply, error) {
	body := request.Body
	now := h.s.now()
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		a := s.app
		if !jIsObject(body) {
			return errInvalidChannelBody()
		}
		if s.sourceType != wire.StreamSourceTypeScheduled {
			return errNotScheduled()
		}
		if jHas(body, "stream") {
			return errStreamNotPatchable()
		}
		sc := scheduledStream(a, s)
		if sc == nil {
			return errNoScheduledStream()
		}
		if !a.hasProvider("schedule") {
			return forbiddenStatus()
		}
		patched, e := sc.patch(body, now)
		if e != nil {
			return e
		}
		a.schedules[s.name] = patched
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusCreated), nil
}

func (h *handlers) DeleteScheduledChannel(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		if s.sourceType != wire.StreamSourceTypeScheduled {
			return errNotScheduled()
		}
		if !s.app.hasProvider("schedule") {
			return forbiddenStatus()
		}
		delete(s.app.schedules, s.name)
		h.s.st.removeStream(s)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// muxApp resolves the application of a multiplex request: 404 when the Multiplex provider is
// not enabled for it (OME's provider then has no such application). The caller holds the lock.
func (h *handlers) muxApp(vhost, appName, stream string, checkName bool) (*app, error) {
	a, err := h.s.st.findApp(vhost, appName)
	if err != nil {
		return nil, err
	}
	if checkName && stream == "" {
		return nil, errInvalidStreamName()
	}
	if !a.hasProvider("multiplex") {
		return nil, errNoMuxApp()
	}
	return a, nil
}

func (h *handlers) ListMultiplexChannels(ctx context.Context, request call) (reply, error) {
	names := []string{}
	err := h.s.st.view(func() error {
		a, err := h.muxApp(request.Vhost, request.App, "", false)
		if err != nil {
			return err
		}
		for name := range a.multiplexes {
			names = append(names, name)
		}
		sort.Strings(names)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(names), nil
}

func (h *handlers) CreateMultiplexChannel(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		if !jIsObject(body) {
			return errInvalidChannelBody()
		}
		if !a.hasProvider("multiplex") {
			return forbiddenStatus()
		}
		mc, e := parseMultiplex(body)
		if e != nil {
			return e
		}
		if a.streams[mc.name] != nil {
			return errStreamExists(mc.name)
		}
		s := h.s.st.addStream(a, mc.name, wire.StreamSourceTypeMultiplex, nil)
		s.relay = mc.bypassTranscoder
		a.multiplexes[mc.name] = mc
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusCreated), nil
}

func (h *handlers) GetMultiplexChannel(ctx context.Context, request call) (reply, error) {
	var out wire.MultiplexInfo
	err := h.s.st.view(func() error {
		a, err := h.muxApp(request.Vhost, request.App, request.Stream, true)
		if err != nil {
			return err
		}
		mc := a.multiplexes[request.Stream]
		if mc == nil {
			return httpErr(http.StatusNotFound, "Could not get the multiplex stream %s", request.Stream)
		}
		out = mc.info(h.s.st, a)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// DeleteMultiplexChannel removes the channel and its input stream. OME's 403 for a disabled
// provider comes after the 404 "Could not get the multiplex application", so it cannot occur.
func (h *handlers) DeleteMultiplexChannel(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		a, err := h.muxApp(request.Vhost, request.App, request.Stream, true)
		if err != nil {
			return err
		}
		if a.multiplexes[request.Stream] == nil {
			return httpErr(http.StatusNotFound, "Could not get the multiplex stream %s", request.Stream)
		}
		delete(a.multiplexes, request.Stream)
		if s := a.streams[request.Stream]; s != nil && s.sourceType == wire.StreamSourceTypeMultiplex {
			h.s.st.removeStream(s)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}
