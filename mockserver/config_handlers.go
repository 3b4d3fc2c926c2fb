package mockserver

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/omekit/omekit/mockserver/hooks"
	"github.com/omekit/omekit/mockserver/internal/wire"
)

// Version, virtual hosts, applications, output profiles and certificates
// (docs/ome-behaviour.md, "Configuration objects"). Configuration JSON is stored as canonical JSON that keeps every value in
// the form it was given (strings for Server.xml objects, the client's JSON types otherwise) and is
// decoded into the generated types to answer, whose scalar types re-encode that original form.

const (
	mockVersion    = "0.21.0"
	mockGitVersion = "v0.21.0-omekit-mock"
)

// maxNameBytes bounds the names the mock accepts through its API. OME 0.21 accepts names of any
// length (a 100 000-byte virtual host name works as any other; a 3.9 MB one is created and listed
// but can no longer be read or deleted: OME answers 400 to a request line that long), while every
// list and lookup then carries it. The mock refuses longer names, so that every name it holds fits
// a request path (three times as long when percent-encoded, well within ome-mock's 64 KiB of
// headers) and lists stay small. Names are otherwise taken as OME takes them: bytes that are not
// UTF-8 are kept as they are (two such names differ as their bytes do), and shown as U+FFFD.
const maxNameBytes = hooks.MaxNameBytes

// nameTooLong is the mock's refusal of a name longer than maxNameBytes ("" when it is not).
func nameTooLong(kind, name string) string {
	if len(name) <= maxNameBytes {
		return ""
	}
	return fmt.Sprintf("%s name is too long: %d bytes (the mock accepts at most %d)", kind, len(name), maxNameBytes)
}

func refusedPatchKey(m map[string]any) *omeError {
	for _, k := range []string{"name", "dynamic", "outputProfiles"} {
		if _, ok := m[k]; ok {
			return httpErr(http.StatusBadRequest, "Cannot change [%s] using this API", k)
		}
	}
	return nil
}

func profileNameKey(m map[string]any) *omeError {
	for _, k := range sortedKeys(m) {
		if strings.EqualFold(k, "name") {
			return httpErr(http.StatusBadRequest, "The %s entry cannot be specified in the modification", k)
		}
	}
	return nil
}

// recreateConfigErr is a configuration error raised while an application is recreated for an
// output-profile change: OME wraps it as an HTTP error, "[HTTP] [Config] <text> (400)".
func recreateConfigErr(text string) *omeError {
	return httpErr(http.StatusBadRequest, "[Config] %s", text)
}

// ---- responses ----------------------------------------------------------------------------------

// multiStatus is OME's status for a batch (docs/ome-behaviour.md, "Batch answers"): the common status of the
// items, 207 as soon as two differ, 200 for none.
func multiStatus(codes []int) int {
	if len(codes) == 0 {
		return http.StatusOK
	}
	for _, c := range codes[1:] {
		if c != codes[0] {
			return http.StatusMultiStatus
		}
	}
	return codes[0]
}

// batchItem is one element of a batch answer: {"message", "response" (on success), "statusCode"}.
type batchItem struct {
	Message    string `json:"message"`
	Response   any    `json:"response,omitempty"`
	StatusCode int    `json:"statusCode"`
}

// vhostView is the virtual host as OME echoes it: the stored configuration, exactly as given
// (without its applications).
func vhostView(vh *vhost) (json.RawMessage, error) { return vh.config, nil }

// appView is the application as GET returns it: the stored configuration, exactly as given, and
// "dynamic". It is built once (an application's configuration never changes: a PATCH replaces
// the application) and shared: callers must not modify it.
func appView(a *app) (json.RawMessage, error) {
	a.viewOnce.Do(func() {
		view := make(map[string]any, len(a.cfg)+1)
		for k, v := range a.cfg {
			view[k] = v
		}
		view["dynamic"] = a.dynamic
		a.view, a.viewErr = encodeJSON(view)
	})
	return a.view, a.viewErr
}

// profileView is an output profile as OME echoes it: as stored.
func profileView(p map[string]any) (map[string]any, error) { return p, nil }

// ---- version and virtual hosts --------------------------------------------------------------------

func (h *handlers) GetVersion(ctx context.Context, request call) (reply, error) {
	return okReply(wire.Version{Version: mockVersion, GitVersion: h.s.gitVersion}), nil
}

func (h *handlers) ListVirtualHosts(ctx context.Context, request call) (reply, error) {
	names := []string{}
	_ = h.s.st.view(func() error {
		for _, vh := range h.s.st.order {
			names = append(names, vh.name)
		}
		return nil
	})
	return okReply(names), nil
}

func (h *handlers) CreateVirtualHosts(ctx context.Context, request call) (reply, error) {
	items, ok := request.Body.([]any)
	if !ok {
		return reply{}, httpErr(http.StatusBadRequest, "Request body must be an array")
	}
	results := make([]batchItem, len(items))
	codes := make([]int, len(items))
	err := h.s.st.update(func() error {
		for i, item := range items {
			res, err := h.createVhost(item)
			if err != nil {
				return err
			}
			results[i], codes[i] = res, res.StatusCode
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return batchReply(results, codes), nil
}

// createVhost handles one element of POST /v1/vhosts (docs/ome-behaviour.md, "Configuration objects"); the caller holds
// the write lock. Element failures are results, not errors.
func (h *handlers) createVhost(item any) (batchItem, error) {
	fail := func(status int, text string) (batchItem, error) {
		return batchItem{Message: text, StatusCode: status}, nil
	}
	m, ok := item.(map[string]any)
	if ok {
		normalizeVhost(m)
	}
	if msg := validateVhostConfig(item); msg != "" {
		return fail(http.StatusBadRequest, "[Config] "+msg)
	}
	name := m["name"].(string)
	if msg := nameTooLong("Virtual host", name); msg != "" {
		return fail(http.StatusBadRequest, msg)
	}
	st := h.s.st
	if st.vhosts[name] != nil {
		return fail(http.StatusConflict, fmt.Sprintf("The virtual host already exists: [%s]", name))
	}
	apps, _ := m["applications"].([]any)
	seen := map[string]bool{}
	for _, a := range apps {
		an := a.(map[string]any)["name"].(string)
		if msg := nameTooLong("Application", an); msg != "" {
			return fail(http.StatusBadRequest, msg)
		}
		if seen[an] {
			// OME rolls the whole virtual host back when one of its applications fails.
			return fail(http.StatusBadRequest, fmt.Sprintf("Failed to create the virtual host: [%s]", name))
		}
		seen[an] = true
	}
	delete(m, "applications")
	raw, err := json.Marshal(m)
	if err != nil {
		return batchItem{}, err
	}
	vh := st.addVhost(name, raw, false)
	for _, a := range apps {
		am := a.(map[string]any)
		rawApp, err := json.Marshal(am)
		if err != nil {
			return batchItem{}, err
		}
		if an := am["name"].(string); an == "*" {
			vh.template = rawApp
		} else if _, err := st.addApp(vh, an, rawApp, false); err != nil {
			return batchItem{}, err
		}
	}
	view, err := vhostView(vh)
	if err != nil {
		return batchItem{}, err
	}
	return batchItem{Message: reasonPhrase(http.StatusOK), StatusCode: http.StatusOK, Response: view}, nil
}

func (h *handlers) GetVirtualHost(ctx context.Context, request call) (reply, error) {
	var view json.RawMessage
	err := h.s.st.view(func() error {
		vh, err := h.s.st.findVhost(request.Vhost)
		if err != nil {
			return err
		}
		view, err = vhostView(vh)
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(view), nil
}

func (h *handlers) DeleteVirtualHost(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		vh, err := h.s.st.findVhost(request.Vhost)
		if err != nil {
			return err
		}
		if vh.readOnly {
			return errReadOnlyVhost(vh.name)
		}
		// The vhost owns its applications, and they their streams, jobs and channels.
		for _, a := range append([]*app(nil), vh.appOrder...) {
			h.s.st.removeApp(a)
		}
		h.s.st.removeVhost(vh)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ReloadAllCertificates always succeeds once the body parsed (docs/ome-behaviour.md, "Certificates and version"): OME only
// logs certificate failures. The mock holds no certificates, so there is nothing to reload.
func (h *handlers) ReloadAllCertificates(ctx context.Context, request call) (reply, error) {
	return statusReply(http.StatusOK), nil
}

// ReloadCertificate answers 404 for an unknown virtual host and 200 otherwise, with or without
// TLS (docs/ome-behaviour.md, "Certificates and version"). The mock holds no certificates.
func (h *handlers) ReloadCertificate(ctx context.Context, request call) (reply, error) {
	err := h.s.st.view(func() error {
		_, err := h.s.st.findVhost(request.Vhost)
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ReloadAPIServerCertificate answers as OME does (docs/ome-behaviour.md, "Certificates and version"): 400 when the API has no
// <TLSPort> or no <Managers><Host><TLS>, 500 when the certificate files cannot be loaded, else
// 200. (The mock itself serves plain HTTP; it only loads the files to check them.)
func (h *handlers) ReloadAPIServerCertificate(ctx context.Context, request call) (reply, error) {
	if h.s.conf.API == nil || h.s.conf.API.TLSPort == 0 || h.s.conf.APITLS == nil {
		return reply{}, httpErr(http.StatusBadRequest, "TLS is not enabled for the API Server")
	}
	if _, err := tls.LoadX509KeyPair(h.s.conf.APITLS.CertPath, h.s.conf.APITLS.KeyPath); err != nil {
		return reply{}, httpErr(http.StatusInternalServerError, "Failed to create a certificate for the API Server")
	}
	return statusReply(http.StatusOK), nil
}

// ---- applications -----------------------------------------------------------------------------------

func (h *handlers) ListApplications(ctx context.Context, request call) (reply, error) {
	names := []string{}
	err := h.s.st.view(func() error {
		vh, err := h.s.st.findVhost(request.Vhost)
		if err != nil {
			return err
		}
		for _, a := range vh.appOrder {
			names = append(names, a.name)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(names), nil
}

// writableVhost resolves a vhost for a write that OME guards with the read-only rule
// (docs/ome-behaviour.md, "Read-only virtual hosts"); the caller holds the lock.
func (h *handlers) writableVhost(name string) (*vhost, error) {
	vh, err := h.s.st.findVhost(name)
	if err != nil {
		return nil, err
	}
	if vh.readOnly {
		return nil, errReadOnlyVhost(vh.name)
	}
	return vh, nil
}

// writableApp is writableVhost for an application.
func (h *handlers) writableApp(vhostName, appName string) (*app, error) {
	a, err := h.s.st.findApp(vhostName, appName)
	if err != nil {
		return nil, err
	}
	if a.vhost.readOnly {
		return nil, errReadOnlyVhost(a.vhost.name)
	}
	return a, nil
}

func (h *handlers) CreateApplications(ctx context.Context, request call) (reply, error) {
	var results []batchItem
	var codes []int
	err := h.s.st.update(func() error {
		vh, err := h.writableVhost(request.Vhost)
		if err != nil {
			return err
		}
		items, ok := request.Body.([]any)
		if !ok {
			return httpErr(http.StatusBadRequest, "Request body must be an array")
		}
		for _, item := range items {
			// Each element is created before the next is looked at: a later element that aborts
			// the request leaves the earlier ones created, as in OME.
			res, err := h.createApp(vh, item)
			if err != nil {
				return err
			}
			results, codes = append(results, res), append(codes, res.StatusCode)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	if results == nil {
		results = []batchItem{}
	}
	return batchReply(results, codes), nil
}

// createApp handles one element of POST …/apps (docs/ome-behaviour.md, "Configuration objects"); the caller holds the
// write lock. A returned error aborts the whole request.
func (h *handlers) createApp(vh *vhost, item any) (batchItem, error) {
	var m map[string]any
	switch t := item.(type) {
	case nil:
		m = map[string]any{}
	case map[string]any:
		m = t
	default:
		return batchItem{}, jsoncppTypeError()
	}
	fillAppDefaults(m)
	normalizeApp(m)
	if msg := validateAppConfig(m); msg != "" {
		return batchItem{}, configErr(msg)
	}
	name := m["name"].(string)
	if msg := nameTooLong("Application", name); msg != "" {
		return batchItem{}, httpErr(http.StatusBadRequest, "%s", msg)
	}
	if vh.apps[name] != nil {
		return batchItem{
			Message:    fmt.Sprintf("Could not create the application: [%s/%s] already exists", vh.name, name),
			StatusCode: http.StatusConflict,
		}, nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return batchItem{}, err
	}
	a, err := h.s.st.addApp(vh, name, raw, false)
	if err != nil {
		return batchItem{}, err
	}
	view, err := appView(a)
	if err != nil {
		return batchItem{}, err
	}
	return batchItem{Message: reasonPhrase(http.StatusOK), StatusCode: http.StatusOK, Response: view}, nil
}

func (h *handlers) GetApplication(ctx context.Context, request call) (reply, error) {
	var body []byte
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		view, err := appView(a)
		if err != nil {
			return err
		}
		a.getOnce.Do(func() {
			a.getBody, err = encodeJSON(okReply(view).body)
		})
		body = a.getBody
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return reply{http.StatusOK, body}, nil
}

// appConfigCopy decodes a fresh, mutable copy of a's configuration.
func appConfigCopy(a *app) (map[string]any, error) {
	v, err := decodeJSON(a.config)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("stored configuration of application %q is not an object", a.name)
	}
	return m, nil
}

// recreateApp is OME's restart of an application (docs/ome-behaviour.md, "Configuration objects"): the old one is deleted
// with all its streams, jobs and channels, and a new one, non-dynamic, with a new id (so last in
// the list) is created from cfg. The caller holds the write lock and has validated cfg.
func (h *handlers) recreateApp(a *app, cfg map[string]any) (*app, error) {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	h.s.st.removeApp(a)
	return h.s.st.addApp(a.vhost, a.name, raw, false)
}

func (h *handlers) PatchApplication(ctx context.Context, request call) (reply, error) {
	var view json.RawMessage
	err := h.s.st.update(func() error {
		a, err := h.writableApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		patch, ok := request.Body.(map[string]any)
		if !ok {
			return httpErr(http.StatusBadRequest, "Request body must be an object")
		}
		if e := refusedPatchKey(patch); e != nil {
			return e
		}
		cfg, err := appConfigCopy(a)
		if err != nil {
			return err
		}
		deepMerge(cfg, patch)
		normalizeApp(cfg)
		if msg := validateAppConfig(cfg); msg != "" {
			return configErr(msg)
		}
		fresh, err := h.recreateApp(a, cfg)
		if err != nil {
			return err
		}
		view, err = appView(fresh)
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(view), nil
}

func (h *handlers) DeleteApplication(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		a, err := h.writableApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		// The app owns its streams, push and record jobs and channels: they go with it.
		h.s.st.removeApp(a)
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}

// ---- output profiles ----------------------------------------------------------------------------------

// profileList returns the output profiles of a configuration, in order.
func profileList(cfg map[string]any) []any {
	ops, _ := cfg["outputProfiles"].(map[string]any)
	list, _ := ops["outputProfile"].([]any)
	return list
}

// setProfileList stores list as the output profiles of cfg, creating the containers if needed.
func setProfileList(cfg map[string]any, list []any) {
	ops, ok := cfg["outputProfiles"].(map[string]any)
	if !ok {
		ops = map[string]any{}
		cfg["outputProfiles"] = ops
	}
	ops["outputProfile"] = list
}

// findProfile returns the index of the first profile of list that a calls name, or -1.
func (a *app) findProfile(list []any, name string) int {
	for i, p := range list {
		if pm, ok := p.(map[string]any); ok && a.profileName(pm) == name {
			return i
		}
	}
	return -1
}

// profileName is the name OME lists and finds a profile by: its name, after ${env:...}
// substitution for a profile declared in Server.xml.
func (a *app) profileName(p map[string]any) string {
	name := text(p["name"])
	if resolved, ok := a.profileNames[name]; ok {
		return resolved
	}
	return name
}

func errProfileNotFound(vhost, app, profile string) *omeError {
	return httpErr(http.StatusNotFound, "Could not find the output profile: [%s/%s/%s]", vhost, app, profile)
}

func (h *handlers) ListOutputProfiles(ctx context.Context, request call) (reply, error) {
	names := []string{}
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		for _, p := range profileList(a.cfg) {
			if pm, ok := p.(map[string]any); ok {
				names = append(names, a.profileName(pm))
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(names), nil
}

// profileStructureError is the POST …/outputProfiles check of one element (docs/ome-behaviour.md, "Configuration objects"
// §2.17), whose first failure aborts the whole request.
func profileStructureError(item any) *omeError {
	invalid := func(text string) *omeError { return httpErr(http.StatusBadRequest, "Invalid request body: %s", text) }
	var m map[string]any
	switch t := item.(type) {
	case nil:
	case map[string]any:
		m = t
	default:
		return jsoncppTypeError()
	}
	for _, k := range []string{"name", "outputStreamName", "encodes"} {
		if _, ok := m[k]; !ok {
			return invalid(`"name", "outputStreamName", "encodes" are required`)
		}
	}
	_, nameOK := m["name"].(string)
	_, streamOK := m["outputStreamName"].(string)
	enc, encOK := m["encodes"].(map[string]any)
	if !nameOK || !streamOK || !encOK {
		return invalid(`"name" must be a string and "encodes" must be an object`)
	}
	videos, hasVideos := enc["videos"]
	audios, hasAudios := enc["audios"]
	if !hasVideos && !hasAudios {
		return invalid(`"encodes" must have at least one item (videos array or audios array)`)
	}
	n := 0
	if hasVideos {
		arr, ok := videos.([]any)
		if !ok {
			return invalid(`"encodes.videos" must be an array`)
		}
		n += len(arr)
	}
	if hasAudios {
		arr, ok := audios.([]any)
		if !ok {
			return invalid(`"encodes.audios" must be an array`)
		}
		n += len(arr)
	}
	if n == 0 {
		return invalid(`"encodes" must have at least one item (videos array or audios array) and each item must have at least one item`)
	}
	if msg := nameTooLong("Output profile", m["name"].(string)); msg != "" {
		return httpErr(http.StatusBadRequest, "%s", msg)
	}
	return nil
}

func (h *handlers) CreateOutputProfiles(ctx context.Context, request call) (reply, error) {
	var results []batchItem
	var codes []int
	err := h.s.st.update(func() error {
		a, err := h.writableApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		items, ok := request.Body.([]any)
		if !ok {
			return httpErr(http.StatusBadRequest, "Request body must be an array")
		}
		for _, item := range items {
			if e := profileStructureError(item); e != nil {
				return e
			}
		}
		cfg, err := appConfigCopy(a)
		if err != nil {
			return err
		}
		list := profileList(cfg)
		accepted := make([]bool, len(items))
		for i, item := range items {
			p := item.(map[string]any)
			name := p["name"].(string)
			if a.findProfile(list, name) >= 0 {
				results = append(results, batchItem{
					Message:    fmt.Sprintf("The output profile \"%s\" already exists", name),
					StatusCode: http.StatusConflict,
				})
				codes = append(codes, http.StatusConflict)
				continue
			}
			list = append(list, p)
			accepted[i] = true
			results = append(results, batchItem{})
			codes = append(codes, http.StatusOK)
		}
		if len(items) > 0 {
			setProfileList(cfg, list)
		}
		// The application restarts even when nothing was added.
		if msg := validateAppConfig(cfg); msg != "" {
			return recreateConfigErr(msg)
		}
		fresh, err := h.recreateApp(a, cfg)
		if err != nil {
			return err
		}
		stored := profileList(fresh.cfg)
		for i, ok := range accepted {
			if !ok {
				continue
			}
			idx := fresh.findProfile(stored, items[i].(map[string]any)["name"].(string))
			if idx < 0 {
				results[i] = batchItem{Message: "Output profile is created, but not found", StatusCode: http.StatusInternalServerError}
				codes[i] = http.StatusInternalServerError
				continue
			}
			view, err := profileView(stored[idx].(map[string]any))
			if err != nil {
				return err
			}
			results[i] = batchItem{Message: reasonPhrase(http.StatusOK), StatusCode: http.StatusOK, Response: view}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	if results == nil {
		results = []batchItem{}
	}
	return batchReply(results, codes), nil
}

func (h *handlers) GetOutputProfile(ctx context.Context, request call) (reply, error) {
	var view map[string]any
	err := h.s.st.view(func() error {
		a, err := h.s.st.findApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		list := profileList(a.cfg)
		idx := a.findProfile(list, request.Profile)
		if idx < 0 {
			return errProfileNotFound(request.Vhost, request.App, request.Profile)
		}
		view, err = profileView(list[idx].(map[string]any))
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(view), nil
}

func (h *handlers) PatchOutputProfile(ctx context.Context, request call) (reply, error) {
	var view map[string]any
	err := h.s.st.update(func() error {
		a, err := h.writableApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		p, ok := request.Body.(map[string]any)
		if !ok {
			return httpErr(http.StatusBadRequest, "Request body must be an object")
		}
		cfg, err := appConfigCopy(a)
		if err != nil {
			return err
		}
		list := profileList(cfg)
		idx := a.findProfile(list, request.Profile)
		if idx < 0 {
			return errProfileNotFound(request.Vhost, request.App, request.Profile)
		}
		if e := profileNameKey(p); e != nil {
			return e
		}
		// A full replacement, not a merge; the name comes from the path.
		p["name"] = request.Profile
		list[idx] = p
		if msg := validateAppConfig(cfg); msg != "" {
			return recreateConfigErr(msg)
		}
		fresh, err := h.recreateApp(a, cfg)
		if err != nil {
			return err
		}
		stored := profileList(fresh.cfg)
		if i := fresh.findProfile(stored, request.Profile); i >= 0 {
			if view, err = profileView(stored[i].(map[string]any)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	return okReply(view), nil
}

func (h *handlers) DeleteOutputProfile(ctx context.Context, request call) (reply, error) {
	err := h.s.st.update(func() error {
		a, err := h.writableApp(request.Vhost, request.App)
		if err != nil {
			return err
		}
		cfg, err := appConfigCopy(a)
		if err != nil {
			return err
		}
		list := profileList(cfg)
		idx := a.findProfile(list, request.Profile)
		if idx < 0 {
			return errProfileNotFound(request.Vhost, request.App, request.Profile)
		}
		setProfileList(cfg, append(list[:idx:idx], list[idx+1:]...))
		if msg := validateAppConfig(cfg); msg != "" {
			return recreateConfigErr(msg)
		}
		_, err = h.recreateApp(a, cfg)
		return err
	})
	if err != nil {
		return reply{}, err
	}
	return statusReply(http.StatusOK), nil
}
