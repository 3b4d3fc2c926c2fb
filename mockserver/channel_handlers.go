package mockserver

import (
	"context"
	"net/http"
	"sort"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Scheduled and multiplex channels (docs/ome-behaviour.md, "Scheduled channels" and "Multiplex
// channels"). The APIs write and delete the channel files; the providers load them
// asynchronously (channel_files.go). No file is written to disk, so the 500 "Could not save …"
// answers never occur, and the provider modules always run, so neither do the 500 "Could not get
// the … provider" ones.

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
		if msg := nameTooLong("Stream", sc.name); msg != "" {
			return httpErr(http.StatusBadRequest, "%s", msg)
		}
		if a.streams[sc.name] != nil {
			return errStreamExists(sc.name)
		}
		h.s.st.writeChannelFile(a, kindScheduled, sc.name, sc, now)
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
		// The provider loads the rewritten file on a later look (and never, when the file
		// was already written within the same second).
		h.s.st.writeChannelFile(a, kindScheduled, s.name, patched, now)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusCreated), nil
}

// DeleteScheduledChannel deletes the channel file; the stream goes when the provider has missed
// the file three times. Deleting again meanwhile fails: the file is gone.
func (h *handlers) DeleteScheduledChannel(ctx context.Context, request call) (reply, error) {
	now := h.s.now()
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
		if !h.s.st.deleteChannelFile(s.app, kindScheduled, s.name, now) {
			return httpErr(http.StatusInternalServerError, "Could not delete the schedule file %s",
				channelFilePath(s.app.providerDir("schedule", "scheduleFilesDir"), kindScheduled, s.name))
		}
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
	now := h.s.now()
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
		if msg := nameTooLong("Stream", mc.name); msg != "" {
			return httpErr(http.StatusBadRequest, "%s", msg)
		}
		if a.streams[mc.name] != nil {
			return errStreamExists(mc.name)
		}
		h.s.st.writeChannelFile(a, kindMultiplex, mc.name, mc, now)
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
			return httpErr(http.StatusNotFound, "Could not get the multiplex stream <%s>", request.Stream)
		}
		out = mc.info(h.s.st, a)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(out), nil
}

// DeleteMultiplexChannel deletes the channel file; the channel and its stream go when the
// provider has missed the file three times. OME's 403 for a disabled provider comes after the
// 404 "Could not get the multiplex application", so it cannot occur.
func (h *handlers) DeleteMultiplexChannel(ctx context.Context, request call) (reply, error) {
	now := h.s.now()
	err := h.s.st.update(func() error {
		a, err := h.muxApp(request.Vhost, request.App, request.Stream, true)
		if err != nil {
			return err
		}
		if a.multiplexes[request.Stream] == nil {
			return httpErr(http.StatusNotFound, "Could not get the multiplex stream <%s>", request.Stream)
		}
		if !h.s.st.deleteChannelFile(a, kindMultiplex, request.Stream, now) {
			return httpErr(http.StatusInternalServerError, "Could not delete the multiplex file %s",
				channelFilePath(a.providerDir("multiplex", "muxFilesDir"), kindMultiplex, request.Stream))
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// providerDir is a directory setting of a provider (as configured).
func (a *app) providerDir(provider, key string) string {
	sec, _ := a.section("providers", provider)
	return optString(sec[key])
}
