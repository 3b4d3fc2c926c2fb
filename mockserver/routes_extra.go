package mockserver

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/omekit/omekit/gen/server"
)

// OME answers a few paths that openapi/ome.yaml does not describe as operations: side effects of
// how OME registers its action controllers (docs/ome-behaviour.md, "Routing"). No client should
// use them, but a client that stumbles on one gets OME's answer from the mock too:
//
//	GET  /v1/vhosts:                              500 "Could not find the virtual host regex group"
//	POST /v1/vhosts:reloadCertificate             500, the same, once the body parsed
//	POST /v1/vhosts/{vhost}:reloadAllCertificates reloadAllCertificates; the vhost is not even looked up
//	GET  /v1/vhosts/{vhost}/apps/{app}:           the application's configuration without "dynamic"
var extraOperations = map[string]operation{
	"x-vhostsDummyAction":             {},
	"x-reloadCertificateWithoutVhost": {takesBody: true},
	"x-reloadAllCertificatesOfVhost":  {takesBody: true, noColon: []string{"vhost"}},
	"x-appDummyAction":                {noColon: []string{"app"}},
}

// routeExtras registers those paths on the generated router.
func (a *adapter) routeExtras(r chi.Router) {
	as := func(opID string) func(*http.Request) *http.Request {
		return func(r *http.Request) *http.Request {
			return r.WithContext(context.WithValue(r.Context(), extraOperationKey{}, opID))
		}
	}
	noVhostGroup := func(context.Context, call) (reply, error) {
		return reply{}, httpErr(http.StatusInternalServerError, "Could not find the virtual host regex group")
	}
	r.Get("/v1/vhosts:", func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, as("x-vhostsDummyAction")(r), call{}, noVhostGroup)
	})
	r.Post("/v1/vhosts:reloadCertificate", func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, as("x-reloadCertificateWithoutVhost")(r), call{}, noVhostGroup)
	})
	r.Post("/v1/vhosts/{vhost}:reloadAllCertificates", func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, as("x-reloadAllCertificatesOfVhost")(r), call{Vhost: chi.URLParam(r, "vhost")}, a.h.ReloadAllCertificates)
	})
	r.Get("/v1/vhosts/{vhost}/apps/{app}:", func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, as("x-appDummyAction")(r), call{Vhost: chi.URLParam(r, "vhost"), App: chi.URLParam(r, "app")}, a.h.appDummyAction)
	})
}

type extraOperationKey struct{}

// operationID is the operation a request reached: one of the document's, or one of the extras.
func operationID(ctx context.Context) string {
	if id := server.OperationID(ctx); id != "" {
		return id
	}
	id, _ := ctx.Value(extraOperationKey{}).(string)
	return id
}

// appDummyAction is GET …/apps/{app}: — the stored configuration, without "dynamic".
func (h *handlers) appDummyAction(ctx context.Context, request call) (reply, error) {
	var view map[string]any
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		view = a.cfg
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(view), nil
}
