package mockserver

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// controlHandler serves the mock's own test hooks under ControlPrefix.
func (s *Server) controlHandler() http.Handler {
	r := chi.NewRouter()
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, httpErr(http.StatusNotFound, "Controller not found"))
	})
	r.Post("/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			writeError(w, err)
			return
		}
		writeStatus(w, http.StatusOK)
	})
	s.streamControlRoutes(r)
	return r
}
