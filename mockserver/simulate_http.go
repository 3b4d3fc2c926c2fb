package mockserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/mockserver/hooks"
)

// streamControlRoutes serves the simulated-media hooks over HTTP, for tests that drive the mock
// from another process. Every route is a POST with a JSON object body; errors are OME-style
// envelopes ({"message": "[HTTP] … (<code>)", "statusCode": <code>}) with the status of the hook's
// error (400 bad body, 404 unknown vhost/app/stream, 409 duplicate stream), success is
// {"message":"OK","statusCode":200} (201 "Created" for publish).
//
//	POST /streams/publish    {"vhost": "default", "app": "app", "name": "stream",
//	                          "sourceType": "Rtmp", "sourceUrl": "TCP://…", "dataTrack": true,
//	                          "tracks": [{"type": "Video", "name": "Video", "codec": "H264",
//	                                      "width": 1280, "height": 720, "framerate": 30, "bitrate": 2500000},
//	                                     {"type": "Audio", "codec": "AAC", "samplerate": 48000,
//	                                      "channels": 2, "bitrate": 128000, "language": "en"}]}
//	                         (everything but vhost, app and name optional; see InputStream —
//	                          an absent "tracks" means the default tracks, [] none)
//	POST /streams/unpublish  {"vhost": "default", "app": "app", "name": "stream"}
//	POST /traffic            {"vhost": "default", "app": "app", "stream": "stream",
//	                          "bytesIn": 500000, "bytesOut": 2000000, "intervalMs": 1000,
//	                          "connections": {"webrtc": 3, "llhls": -1}}
//	                         (see Traffic; connections are changes, intervalMs defaults to 1000)
//	POST /unreachable        {"url": "rtsp://192.0.2.10/cam"}
//	POST /reachable          {"url": "rtsp://192.0.2.10/cam"}
func (s *Server) streamControlRoutes(r chi.Router) {
	r.Post("/streams/publish", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Vhost string `json:"vhost"`
			App   string `json:"app"`
			InputStream
		}
		if !decodeControl(w, r, &req) {
			return
		}
		answerControl(w, http.StatusCreated, s.PublishStreamContext(r.Context(), req.Vhost, req.App, req.InputStream))
	})
	r.Post("/streams/unpublish", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Vhost string `json:"vhost"`
			App   string `json:"app"`
			Name  string `json:"name"`
		}
		if !decodeControl(w, r, &req) {
			return
		}
		answerControl(w, http.StatusOK, s.UnpublishStream(req.Vhost, req.App, req.Name))
	})
	r.Post("/traffic", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Vhost      string `json:"vhost"`
			App        string `json:"app"`
			Stream     string `json:"stream"`
			IntervalMs int64  `json:"intervalMs"`
			Traffic
		}
		if !decodeControl(w, r, &req) {
			return
		}
		if req.IntervalMs > hooks.MaxIntervalMs {
			writeError(w, httpErr(http.StatusBadRequest, "intervalMs must be at most %d", hooks.MaxIntervalMs))
			return
		}
		if req.IntervalMs < 0 {
			writeError(w, httpErr(http.StatusBadRequest, "Bytes and interval must not be negative"))
			return
		}
		req.Traffic.Interval = time.Duration(req.IntervalMs) * time.Millisecond
		answerControl(w, http.StatusOK, s.AddTraffic(req.Vhost, req.App, req.Stream, req.Traffic))
	})
	for path, mark := range map[string]func(string){"/unreachable": s.MarkUnreachable, "/reachable": s.MarkReachable} {
		r.Post(path, func(w http.ResponseWriter, r *http.Request) {
			var req struct {
				URL string `json:"url"`
			}
			if !decodeControl(w, r, &req) {
				return
			}
			if req.URL == "" {
				writeError(w, httpErr(http.StatusBadRequest, "url is required"))
				return
			}
			mark(req.URL)
			writeStatus(w, http.StatusOK)
		})
	}
}

// decodeControl decodes a control request body strictly (unknown members are mistakes in a test).
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, httpErr(http.StatusRequestEntityTooLarge, "Request body is too large"))
			return false
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("a JSON object is required")
		}
		writeError(w, httpErr(http.StatusBadRequest, "Invalid request body: %v", err))
		return false
	}
	return true
}

func answerControl(w http.ResponseWriter, status int, err error) {
	if err != nil {
		writeError(w, err)
		return
	}
	writeStatus(w, status)
}
