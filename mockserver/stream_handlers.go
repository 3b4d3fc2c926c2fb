package mockserver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Streams and stream actions (docs/ome-behaviour.md, "Streams" and "Stream actions"). Every handler reads its body the way
// OME's handler does, after the lookups OME makes first.

// hlsDump is one HLS dump of an output stream. Stopped dumps stay with enabled false.
type hlsDump struct {
	// target is the output stream the dump belongs to; outputStreamName is what the API shows
	// (empty for a dump configured in Server.xml).
	target                                               string
	id, outputStreamName, outputPath, infoFile, userData string
	playlist                                             []string
	enabled                                              bool
}

func dumpKey(output, id string) string { return output + "\x00" + id }

func (d *hlsDump) info() wire.HLSDumpInfo {
	out := wire.HLSDumpInfo{Enabled: d.enabled}
	for _, f := range []struct {
		dst **string
		v   string
	}{{&out.ID, d.id}, {&out.OutputStreamName, d.outputStreamName}, {&out.OutputPath, d.outputPath},
		{&out.InfoFile, d.infoFile}, {&out.UserData, d.userData}} {
		if f.v != "" {
			*f.dst = ptr(f.v)
		}
	}
	if len(d.playlist) > 0 {
		out.Playlist = ptr(append([]string(nil), d.playlist...))
	}
	return out
}

// ---------------------------------------------------------------- body helpers

// bodyObject returns the members of a body that jsoncpp can read members of: an object, or null
// (which has none). Anything else makes jsoncpp throw, which OME answers with 500.
func bodyObject(v any) (map[string]any, *omeError) {
	switch x := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return x, nil
	}
	return nil, jsoncppTypeError()
}

func isJSONTypeError(e *omeError) bool { return e != nil && e.raw && e.text == jsoncppTypeError().text }

// sourceStream is OME's lookup of the provider-side stream behind an input stream; it fails
// when the stream's provider is unknown.
func sourceStream(s *stream, vhost, app string) *omeError {
	if s.sourceType == wire.StreamSourceTypeUnknown {
		return httpErr(http.StatusNotFound, "Could not find stream: [%s/%s/%s]", vhost, app, s.name)
	}
	return nil
}

// mediaStarted reports whether the stream has a current media time: its media tracks are known.
func (s *stream) mediaStarted() bool {
	for _, t := range s.tracks {
		if t.Type == wire.TrackTypeVideo || t.Type == wire.TrackTypeAudio {
			return true
		}
	}
	return false
}

func (s *stream) hasDataTrack() bool {
	for _, t := range s.tracks {
		if t.Type == wire.TrackTypeData {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- streams

func (h *handlers) ListStreams(ctx context.Context, request call) (reply, error) {
	var names []string
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		names = make([]string, 0, len(a.streamOrder))
		for _, s := range a.streamOrder {
			names = append(names, s.name)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(names), nil
}

// createStreamBody is a createStream body that passed the checks that need no state.
type createStreamBody struct {
	name  string
	urls  []string
	props streamProps
	relay bool
}

// judgeCreateStream applies OME's body checks of POST …/streams up to the duplicate-name check.
func judgeCreateStream(v any) (createStreamBody, *omeError) {
	m, ok := v.(map[string]any)
	if !ok {
		return createStreamBody{}, httpErr(http.StatusBadRequest, "Request body must be an object")
	}
	name, okName := m["name"].(string)
	urls, okURLs := m["urls"].([]any)
	if !okName || !okURLs {
		return createStreamBody{}, httpErr(http.StatusBadRequest, "Stream name or urls is required")
	}
	if len(urls) == 0 {
		return createStreamBody{}, httpErr(http.StatusBadRequest, "Urls must be at least one")
	}
	b := createStreamBody{name: name, props: streamProps{noInputFailoverTimeoutMs: -1, unusedStreamDeletionTimeoutMs: -1, retryCount: -1}}
	for _, u := range urls {
		s, ok := u.(string)
		if !ok {
			return createStreamBody{}, httpErr(http.StatusBadRequest, "Url must be a string")
		}
		b.urls = append(b.urls, s)
	}
	b.props.urls = b.urls
	if p, ok := m["properties"].(map[string]any); ok {
		b.props.retryCount = 0
		if x, ok := p["persistent"].(bool); ok {
			b.props.persistent = x
		}
		if x, ok := p["ignoreRtcpSRTimestamp"].(bool); ok {
			b.props.ignoreRtcpSRTimestamp = x
		}
		if x, ok := p["relay"].(bool); ok {
			b.relay = x
		}
		for key, dst := range map[string]*int{"noInputFailoverTimeoutMs": &b.props.noInputFailoverTimeoutMs,
			"unusedStreamDeletionTimeoutMs": &b.props.unusedStreamDeletionTimeoutMs, "retryCount": &b.props.retryCount} {
			if n, ok := p[key].(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					*dst = int(i)
				}
			}
		}
	}
	return b, nil
}

// pullProviders maps the schemes that can be pulled to the source type of the pulled stream, and
// pullProviderKey that source type to the provider the application needs for it.
var (
	pullProviders = map[string]wire.StreamSourceType{
		"rtsp": wire.StreamSourceTypeRTSPPull, "rtspc": wire.StreamSourceTypeRTSPPull, "ovt": wire.StreamSourceTypeOVT,
	}
	pullProviderKey = map[wire.StreamSourceType]string{wire.StreamSourceTypeRTSPPull: "rtspPull", wire.StreamSourceTypeOVT: "ovt"}
)

func (h *handlers) CreateStream(ctx context.Context, request call) (reply, error) {
	body := request.Body
	apiURL := h.s.requestURL(ctx, "/v1/vhosts/"+request.Vhost+"/apps/"+request.App+"/streams")
	err := h.s.st.update(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		req, jerr := judgeCreateStream(body)
		if jerr != nil {
			return jerr
		}
		if msg := nameTooLong("Stream", req.name); msg != "" {
			return httpErr(http.StatusBadRequest, "%s", msg)
		}
		if a.streams[req.name] != nil {
			return httpErr(http.StatusConflict, "Stream already exists")
		}
		// OME's URL parser accepts anything with "://"; the scheme is what comes before it.
		scheme := ""
		for i, u := range req.urls {
			cut := strings.LastIndex(u, "://")
			if cut < 0 {
				return httpErr(http.StatusBadRequest, "Invalid URL: %s", u)
			}
			if i == 0 {
				scheme = strings.ToLower(u[:cut])
			} else if !strings.EqualFold(u[:cut], scheme) {
				return httpErr(http.StatusBadRequest, "Only urls with the same scheme can be sent as a group.")
			}
		}
		pullFailed := httpErr(http.StatusBadGateway, "Could not pull the stream : %s", apiURL)
		src, ok := pullProviders[scheme]
		if !ok || !a.hasProvider(pullProviderKey[src]) {
			return pullFailed
		}
		from, tracks, pulledOut := "", []wire.Track(nil), ""
		var origin *stream
		for _, u := range req.urls {
			if h.s.st.unreachable[u] {
				continue
			}
			source, out, self, found := h.pullSource(u)
			if self && !found {
				continue // this server has no such output stream
			}
			from = u
			if found {
				origin, tracks, pulledOut = source, pulledTracks(out), out.name
			} else {
				tracks = pullTracks(src)
			}
			break
		}
		if from == "" {
			return pullFailed
		}
		s := h.s.st.createInputStream(a, req.name, src, from, tracks, req.relay)
		h.s.st.addProviderTracks(s, true)
		s.pulledFrom = origin
		if origin != nil && req.relay {
			// A relay keeps the origin output's playlists besides the publishers' defaults.
			s.relayPlaylists = origin.outputPlaylists(pulledOut)
		}
		s.props = req.props
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusCreated), nil
}

// requestURL is the URL OME prints in the 502 of a failed pull: the API request's own URL. The
// strict handler's context does not carry the request, so the host is the address the request
// arrived on when the server recorded it, else the configured API address.
func (s *Server) requestURL(ctx context.Context, path string) string {
	if o, ok := ctx.Value(requestURLKey{}).(*requestOrigin); ok {
		return o.String()
	}
	return (&url.URL{Scheme: "http", Host: s.ListenAddr(), Path: path}).String()
}

func (h *handlers) GetStream(ctx context.Context, request call) (reply, error) {
	var info wire.StreamInfo
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		info = s.info()
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(info), nil
}

// info is the StreamInfo of GET …/streams/{stream} (§7.1); the caller holds the lock.
func (s *stream) info() wire.StreamInfo {
	in := wire.StreamInput{CreatedTime: wire.Timestamp{Time: s.metrics.created}, SourceType: s.sourceType, Tracks: copyTracks(s.tracks)}
	if s.sourceURL != "" {
		in.SourceURL = ptr(s.sourceURL)
	}
	info := wire.StreamInfo{Input: in, Outputs: []wire.StreamOutput{}}
	if s.name != "" {
		info.Name = ptr(s.name)
	}
	for _, o := range s.outputs() {
		out := wire.StreamOutput{Tracks: o.tracks, Playlists: o.playlists}
		if o.name != "" {
			out.Name = ptr(o.name)
		}
		info.Outputs = append(info.Outputs, out)
	}
	return info
}

func (h *handlers) DeleteStream(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		// A stream of an unknown provider, and a relay pull, cannot be terminated.
		if s.sourceType == wire.StreamSourceTypeUnknown || (s.relay && s.pulledFrom != nil) {
			return httpErr(http.StatusNotFound, "Could not terminate the stream")
		}
		h.s.st.terminateStream(s)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ---------------------------------------------------------------- sendEvent, sendEvents

// judgeEvent applies OME's checks of a sendEvent body (§2.1) after the source-stream lookup.
func judgeEvent(v any) *omeError {
	m, terr := bodyObject(v)
	if terr != nil {
		return terr
	}
	format, okFormat := m["eventFormat"].(string)
	events, okEvents := m["events"].([]any)
	if !okFormat || !okEvents || len(events) == 0 {
		return httpErr(http.StatusBadRequest, "eventFormat(string) and events(array) are required")
	}
	if !strings.EqualFold(format, "id3v2") {
		return httpErr(http.StatusBadRequest, "eventFormat is not supported: [%s]", format)
	}
	for _, e := range events {
		ev, terr := bodyObject(e)
		if terr != nil {
			return terr
		}
		ft, ok := ev["frameType"].(string)
		if !ok {
			return httpErr(http.StatusBadRequest, "frameType is required in events")
		}
		if !strings.EqualFold(ft, "TXXX") && !strings.HasPrefix(ft, "T") && !strings.HasPrefix(ft, "t") && ft != "PRIV" {
			return httpErr(http.StatusBadRequest, "frameType is not supported: [%s]", ft)
		}
	}
	// Every accepted frame yields bytes, so OME's "Could not make events data" cannot happen.
	if et, present := m["eventType"]; present {
		s, ok := et.(string)
		if !ok {
			return httpErr(http.StatusBadRequest, "eventType must be string")
		}
		switch strings.ToLower(s) {
		case "event", "video", "audio":
		default:
			return httpErr(http.StatusBadRequest, "eventType is not supported: [%s]", s)
		}
	}
	return nil
}

// sendEvent is one sendEvent as OME runs it against stream s.
func sendEvent(s *stream, vhost, app string, body any) *omeError {
	if err := sourceStream(s, vhost, app); err != nil {
		return err
	}
	if err := judgeEvent(body); err != nil {
		return err
	}
	if !s.hasDataTrack() || !s.mediaStarted() {
		return httpErr(http.StatusInternalServerError, "Internal Server Error - Could not inject event: [%s/%s/%s]", vhost, app, s.name)
	}
	return nil
}

func (h *handlers) SendEvent(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		if e := sendEvent(s, request.Vhost, request.App, body); e != nil {
			return e
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

func (h *handlers) SendEvents(ctx context.Context, request call) (reply, error) {
	body := request.Body
	var results wire.SendEventResults
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		items, ok := body.([]any)
		if !ok || len(items) == 0 {
			return httpErr(http.StatusBadRequest, "events(array) is required")
		}
		for _, item := range items {
			e := sendEvent(s, request.Vhost, request.App, item)
			if isJSONTypeError(e) {
				return e // jsoncpp's exception is not caught per item
			}
			if e != nil {
				results = append(results, wire.SendEventResult{StatusCode: e.status, Message: e.itemMessage()})
				continue
			}
			results = append(results, wire.SendEventResult{StatusCode: http.StatusOK, Message: reasonPhrase(http.StatusOK)})
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	codes := make([]int, len(results))
	for i, r := range results {
		codes[i] = r.StatusCode
	}
	return batchReply(results, codes), nil
}

// ---------------------------------------------------------------- sendSubtitles

// judgeSubtitlesHead applies OME's checks of a sendSubtitles body that come before the
// source-stream lookup (§2.3).
func judgeSubtitlesHead(v any) *omeError {
	m, terr := bodyObject(v)
	if terr != nil {
		return terr
	}
	format, okFormat := m["format"].(string)
	data, okData := m["data"].([]any)
	if !okFormat || !okData || len(data) == 0 {
		return httpErr(http.StatusBadRequest, "format(string) and data(array) are required")
	}
	if !strings.EqualFold(format, "webvtt") {
		return httpErr(http.StatusBadRequest, "format is not supported: [%s]", format)
	}
	return nil
}

// judgeSubtitlesData walks the data entries and cues in order, as OME sends them; send (nil
// when only the body is judged) delivers one cue to the track with the given label.
func judgeSubtitlesData(v any, send func(label string) *omeError) *omeError {
	m, _ := bodyObject(v)
	for _, d := range optArray(m["data"]) {
		entry, terr := bodyObject(d)
		if terr != nil {
			return terr
		}
		label, okLabel := entry["label"].(string)
		cues, okCues := entry["subtitles"].([]any)
		if !okLabel || !okCues || len(cues) == 0 {
			return httpErr(http.StatusBadRequest, "label(string) and subtitles(array) are required")
		}
		for _, c := range cues {
			cue, terr := bodyObject(c)
			if terr != nil {
				return terr
			}
			if _, ok := cue["text"].(string); !ok {
				return httpErr(http.StatusBadRequest, "text(string) is required in subtitles")
			}
			if send != nil {
				if err := send(label); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (h *handlers) SendSubtitles(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		if e := judgeSubtitlesHead(body); e != nil {
			return e
		}
		if e := sourceStream(s, request.Vhost, request.App); e != nil {
			return e
		}
		where := request.Vhost + "/" + request.App + "/" + s.name
		if !s.mediaStarted() {
			return httpErr(http.StatusInternalServerError, "Could not get current timestamp: [%s]", where)
		}
		labels := map[string]bool{}
		if !s.isRelay() {
			for _, r := range s.app.subtitleRenditions() {
				labels[r.label] = true
			}
		}
		if e := judgeSubtitlesData(body, func(label string) *omeError {
			if !labels[label] {
				return httpErr(http.StatusInternalServerError, "Could not send WebVTT frame: [%s]", where)
			}
			return nil
		}); e != nil {
			return e
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ---------------------------------------------------------------- HLS dumps, concludeHlsLive

// judgeDumpStart applies the body check of :startHlsDump; members of another type count as missing.
func judgeDumpStart(v any) (*hlsDump, *omeError) {
	m, terr := bodyObject(v)
	if terr != nil {
		return nil, terr
	}
	id, ok1 := m["id"].(string)
	out, ok2 := m["outputStreamName"].(string)
	path, ok3 := m["outputPath"].(string)
	if !ok1 || !ok2 || !ok3 {
		return nil, httpErr(http.StatusBadRequest, "id, outputStreamName and outputPath are required")
	}
	d := &hlsDump{target: out, id: id, outputStreamName: out, outputPath: path, enabled: true}
	d.infoFile, _ = m["infoFile"].(string)
	d.userData, _ = m["userData"].(string)
	for _, p := range optArray(m["playlist"]) {
		if s, ok := p.(string); ok {
			d.playlist = append(d.playlist, s)
		}
	}
	return d, nil
}

// judgeDumpTarget applies the body check of :stopHlsDump and :hlsDumps; hasID reports whether a
// string id was given.
func judgeDumpTarget(v any) (output string, id *string, err *omeError) {
	m, terr := bodyObject(v)
	if terr != nil {
		return "", nil, terr
	}
	out, ok := m["outputStreamName"].(string)
	if !ok {
		return "", nil, httpErr(http.StatusBadRequest, "outputStreamName is required")
	}
	if s, ok := m["id"].(string); ok {
		id = &s
	}
	return out, id, nil
}

// llhlsOutput checks that name is an output stream of s served by the LLHLS publisher.
func llhlsOutput(s *stream, vhost, app, name string) *omeError {
	o, ok := s.findOutput(name)
	if !ok {
		return httpErr(http.StatusNotFound, "Could not find output stream: [%s/%s/%s]", vhost, app, name)
	}
	if !o.llhls || strings.HasSuffix(o.name, sttOutputSuffix) {
		return httpErr(http.StatusNotFound, "Could not find LLHLS stream: [%s/%s/%s]", vhost, app, name)
	}
	return nil
}

func (h *handlers) StartHLSDump(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		d, e := judgeDumpStart(body)
		if e != nil {
			return e
		}
		if e := llhlsOutput(s, request.Vhost, request.App, d.outputStreamName); e != nil {
			return e
		}
		fail := func(reason string) error {
			return httpErr(http.StatusInternalServerError, "Could not start dump: [%s/%s/%s] (%s)", request.Vhost, request.App, d.outputStreamName, reason)
		}
		h.s.st.seedDumps(s, d.outputStreamName)
		if s.dumps[dumpKey(d.outputStreamName, d.id)] != nil {
			return fail("Duplicate ID")
		}
		if d.infoFile != "" {
			for _, other := range s.dumps {
				if other.target == d.target && other.infoFile == d.infoFile {
					return fail("Duplicate info file")
				}
			}
		}
		// Each playlist named must be a master playlist of the stream ("<fileName>.m3u8").
		if s.mediaStarted() {
			o, _ := s.findOutput(d.outputStreamName)
			for _, name := range d.playlist {
				if !hasPlaylistFile(o, name) {
					return fail("Could not dump master playlist")
				}
			}
		}
		s.dumps[dumpKey(d.outputStreamName, d.id)] = d
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

func (h *handlers) StopHLSDump(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		out, id, e := judgeDumpTarget(body)
		if e != nil {
			return e
		}
		if e := llhlsOutput(s, request.Vhost, request.App, out); e != nil {
			return e
		}
		h.s.st.seedDumps(s, out)
		if id == nil {
			for _, d := range s.dumps {
				if d.target == out {
					d.enabled = false
				}
			}
			return nil
		}
		d := s.dumps[dumpKey(out, *id)]
		if d == nil {
			return httpErr(http.StatusInternalServerError, "Could not stop dump: [%s/%s/%s] (Could not find dump info)", request.Vhost, request.App, out)
		}
		d.enabled = false
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

func (h *handlers) ListHLSDumps(ctx context.Context, request call) (reply, error) {
	body := request.Body
	list := wire.HLSDumpInfoList{}
	err := h.s.st.update(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		out, id, e := judgeDumpTarget(body)
		if e != nil {
			return e
		}
		if e := llhlsOutput(s, request.Vhost, request.App, out); e != nil {
			return e
		}
		h.s.st.seedDumps(s, out)
		var dumps []*hlsDump
		for _, d := range s.dumps {
			if d.target == out && (id == nil || d.id == *id) {
				dumps = append(dumps, d)
			}
		}
		sort.Slice(dumps, func(i, j int) bool { return dumps[i].id < dumps[j].id })
		for _, d := range dumps {
			list = append(list, d.info())
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(list), nil
}

func (h *handlers) ConcludeHLSLive(ctx context.Context, request call) (reply, error) {
	body := request.Body
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		if e := sourceStream(s, request.Vhost, request.App); e != nil {
			return e
		}
		if _, e := bodyObject(body); e != nil {
			return e // reading "urgent" from a non-object throws
		}
		if !s.mediaStarted() {
			return httpErr(http.StatusInternalServerError, "Internal Server Error - Could not inject ConcludeLive event: [%s/%s/%s]", request.Vhost, request.App, s.name)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ---------------------------------------------------------------- speech-to-text

// setSTT switches the stream's Whisper encoders; the body is never read.
func (h *handlers) setSTT(vhost, app, name string, enabled bool) error {
	return h.s.st.update(func() error {
		s, err := h.s.st.findStream(vhost, app, name)
		if err != nil {
			return err
		}
		if len(s.loadedWhisperEncoders()) == 0 {
			return httpErr(http.StatusNotFound, "Could not find STT encoder for stream: [%s/%s/%s]", vhost, app, name)
		}
		s.sttEnabled = enabled
		return nil
	})
}

func (h *handlers) EnableSTT(ctx context.Context, request call) (reply, error) {
	if err := h.setSTT(request.Vhost, request.App, request.Stream, true); err != nil {
		return reply{}, err
	}
	return okReply(wire.STTState{Enabled: true}), nil
}

func (h *handlers) DisableSTT(ctx context.Context, request call) (reply, error) {
	if err := h.setSTT(request.Vhost, request.App, request.Stream, false); err != nil {
		return reply{}, err
	}
	return okReply(wire.STTState{Enabled: false}), nil
}

func (h *handlers) GetSTTStatus(ctx context.Context, request call) (reply, error) {
	status := wire.STTStatus{Renditions: []wire.STTRendition{}}
	err := h.s.st.view(func() error {
		s, err := h.s.st.findStream(request.Vhost, request.App, request.Stream)
		if err != nil {
			return err
		}
		encs := s.loadedWhisperEncoders()
		status.Enabled = len(encs) > 0 && s.sttEnabled
		for _, e := range encs {
			r := wire.STTRendition{Codec: wire.STTRenditionCodecWhisper, Label: e.label, Language: e.language, Model: e.model,
				Translation: wire.STTRenditionTranslationDisabled}
			if e.translation {
				r.Translation, r.Language = wire.STTRenditionTranslationEnabled, "en"
			}
			status.Renditions = append(status.Renditions, r)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(status), nil
}
