package scenario

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Scenario is a named list of steps with default values for its variables.
type Scenario struct {
	// Name and Description say what the scenario is about (optional).
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Use says whether cmd/omecheck plays the scenario against a user's server: "" (never: it
	// relies on this recording's Server.xml or on media), "read" (always: it only reads, and its
	// variables are bound to what the server has) or "write" (with -write: it only writes to
	// virtual hosts named after its variable VH, which omecheck makes unique and deletes).
	Use string `json:"use,omitempty"`
	// Vars are the default values of the {{NAME}} variables; a Runner's own Vars override them.
	Vars map[string]string `json:"vars,omitempty"`
	// Certificates are path prefixes (normally under {{TLS_DIR}}) where the recorder, or a test,
	// writes a self-signed certificate and key (PREFIX.crt, PREFIX.key) before the server starts.
	Certificates []string `json:"certificates,omitempty"`
	// MediaFiles are media files (paths relative to the Schedule provider's <MediaRootDir>) the
	// recorder generates before it starts OME: 20-second H.264 + AAC test patterns. Scheduled
	// channels play them; the mock never opens them.
	MediaFiles []string `json:"media_files,omitempty"`
	// Steps are played in order.
	Steps []Step `json:"steps"`
}

// Step is one thing a Runner does. Exactly one of these is set: Method (an HTTP request),
// Publish, Unpublish, Unreachable, Reachable, SleepMs, WaitFor or Shell.
type Step struct {
	// Name identifies the step; names are unique within a scenario.
	Name string `json:"name"`

	// Method, Path and the body describe a request. Body is JSON sent as it is; Raw is sent as
	// the exact text (malformed JSON); RawBase64 is sent as the exact bytes (invalid UTF-8).
	// Without any of the three the request has no body.
	Method    string          `json:"method,omitempty"`
	Path      string          `json:"path,omitempty"`
	Body      json.RawMessage `json:"body,omitempty"`
	Raw       *string         `json:"raw,omitempty"`
	RawBase64 string          `json:"raw_base64,omitempty"`
	// Auth is "" (the right token), "none" (no Authorization header), "bad" (a wrong token),
	// "colon" (the token followed by ':', as `curl -u token:` sends it) or "lower" (the right
	// token with the scheme written "basic"). Headers may set Authorization to anything else.
	Auth string `json:"auth,omitempty"`
	// Headers are added to the request (Origin, Access-Control-Request-Method, …).
	Headers map[string]string `json:"headers,omitempty"`

	// Publish makes a live stream appear and Unpublish makes it go (see Media).
	Publish   *Publish   `json:"publish,omitempty"`
	Unpublish *StreamRef `json:"unpublish,omitempty"`
	// Unreachable and Reachable tell the media driver that pulls of a URL fail (the mock needs
	// to be told; for a real OME the URL simply has nothing listening).
	Unreachable string `json:"unreachable,omitempty"`
	Reachable   string `json:"reachable,omitempty"`
	// SleepMs waits.
	SleepMs int `json:"sleep_ms,omitempty"`
	// WaitFor polls a path until it answers a status (or the timeout passes, an error).
	WaitFor *WaitFor `json:"wait_for,omitempty"`
	// Shell is the first recording's way of driving media; it is kept readable but never run.
	Shell string `json:"shell,omitempty"`
	// Certificate writes a fresh self-signed certificate and key (PREFIX.crt, PREFIX.key, PEM,
	// for 127.0.0.1 and localhost) on the machine running the scenario, and WriteFile writes a
	// file there: for servers that read their certificates from files the runner can reach (a
	// real OME started by the recorder, a mock in a test).
	Certificate string     `json:"certificate,omitempty"`
	WriteFile   *WriteFile `json:"write_file,omitempty"`

	// Compare says how much of the answer a comparison looks at: "" (everything, after
	// Normalize), "shape" (status, content type, headers, and the body's member names and value
	// kinds, not the values) or "status" (status only).
	Compare string `json:"compare,omitempty"`
	// DriftCompare, when set, replaces Compare where cmd/omecheck compares a user's server with
	// the mock: for answers that depend on the server's state (lists of names, jobs, dumps), whose
	// status is comparable but whose contents are not.
	DriftCompare string `json:"drift_compare,omitempty"`
	// SkipMock, when set, says why a mock cannot reproduce this step's answer (it needs real
	// media, say); the step is recorded but not compared with a mock.
	SkipMock string `json:"skip_mock,omitempty"`
	// Note explains the step to a reader.
	Note string `json:"note,omitempty"`
}

// Publish describes a live stream to make appear: where, over which protocol and with which
// tracks.
type Publish struct {
	Vhost  string `json:"vhost"`
	App    string `json:"app"`
	Stream string `json:"stream"`
	// Protocol is how the stream comes in; only "rtmp" (the default) is supported.
	Protocol string `json:"protocol,omitempty"`
	// Tracks are the media tracks (at most one video and one audio track for RTMP).
	Tracks []Track `json:"tracks"`
}

// Track is one media track of a published stream.
type Track struct {
	// Type is "Video" or "Audio".
	Type string `json:"type"`
	// Codec is "H264" for video and "AAC" for audio (what RTMP carries).
	Codec string `json:"codec"`
	// Width, Height and Framerate of a video track.
	Width     int     `json:"width,omitempty"`
	Height    int     `json:"height,omitempty"`
	Framerate float64 `json:"framerate,omitempty"`
	// Bitrate in bits per second.
	Bitrate int `json:"bitrate,omitempty"`
	// Samplerate (Hz) and Channels of an audio track.
	Samplerate int `json:"samplerate,omitempty"`
	Channels   int `json:"channels,omitempty"`
}

// StreamRef names a stream.
type StreamRef struct {
	Vhost  string `json:"vhost"`
	App    string `json:"app"`
	Stream string `json:"stream"`
}

// WaitFor polls Path (GET, right token) every 100 ms until it answers Status.
type WaitFor struct {
	Path      string `json:"path"`
	Status    int    `json:"status"`
	TimeoutMs int    `json:"timeout_ms,omitempty"` // default 10000
}

// WriteFile is a file a step writes.
type WriteFile struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// Kind names what a step does.
type Kind string

// The kinds of steps.
const (
	KindRequest     Kind = "request"
	KindPublish     Kind = "publish"
	KindUnpublish   Kind = "unpublish"
	KindUnreachable Kind = "unreachable"
	KindReachable   Kind = "reachable"
	KindSleep       Kind = "sleep"
	KindWait        Kind = "wait"
	KindShell       Kind = "shell"
	KindFile        Kind = "file" // certificate and write_file
)

// Kind says what the step does ("" when it sets none or several of the kinds).
func (s *Step) Kind() Kind {
	var kinds []Kind
	if s.Method != "" {
		kinds = append(kinds, KindRequest)
	}
	if s.Publish != nil {
		kinds = append(kinds, KindPublish)
	}
	if s.Unpublish != nil {
		kinds = append(kinds, KindUnpublish)
	}
	if s.Unreachable != "" {
		kinds = append(kinds, KindUnreachable)
	}
	if s.Reachable != "" {
		kinds = append(kinds, KindReachable)
	}
	if s.SleepMs > 0 {
		kinds = append(kinds, KindSleep)
	}
	if s.WaitFor != nil {
		kinds = append(kinds, KindWait)
	}
	if s.Shell != "" {
		kinds = append(kinds, KindShell)
	}
	if s.Certificate != "" || s.WriteFile != nil {
		kinds = append(kinds, KindFile)
	}
	if len(kinds) != 1 || s.Certificate != "" && s.WriteFile != nil {
		return ""
	}
	return kinds[0]
}

// readOnlyActions are the POST actions that change nothing on the server.
var readOnlyActions = []string{":pushes", ":records", ":hlsDumps", ":sttStatus"}

// ReadOnly reports whether a request step leaves the server as it was: GET, HEAD and OPTIONS,
// the POST actions that only list (":pushes", ":records", ":hlsDumps", ":sttStatus"), and any
// request sent without the right token (OME refuses it before doing anything).
func (s *Step) ReadOnly() bool {
	if s.Kind() != KindRequest {
		return false
	}
	switch s.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	if _, custom := s.Headers["Authorization"]; custom || s.Auth == "none" || s.Auth == "bad" || s.Auth == "colon" {
		return true
	}
	if s.Method == http.MethodPost {
		for _, a := range readOnlyActions {
			if strings.HasSuffix(s.Path, a) {
				return true
			}
		}
	}
	return false
}

// RequestBody returns the bytes the step sends and whether it sends a body at all.
func (s *Step) RequestBody() ([]byte, bool, error) {
	switch {
	case s.Raw != nil:
		return []byte(*s.Raw), true, nil
	case s.RawBase64 != "":
		b, err := base64.StdEncoding.DecodeString(s.RawBase64)
		if err != nil {
			return nil, false, fmt.Errorf("step %q: raw_base64: %w", s.Name, err)
		}
		return b, true, nil
	case len(s.Body) > 0:
		var buf bytes.Buffer
		if err := json.Compact(&buf, s.Body); err != nil {
			return nil, false, fmt.Errorf("step %q: body: %w", s.Name, err)
		}
		return buf.Bytes(), true, nil
	}
	return nil, false, nil
}

var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// Validate checks that every step is well formed and that step names are unique.
func (sc *Scenario) Validate() error {
	seen := map[string]bool{}
	var errs []error
	switch sc.Use {
	case "", "read", "write":
	default:
		errs = append(errs, fmt.Errorf("use %q (\"\", read or write)", sc.Use))
	}
	for i := range sc.Steps {
		s := &sc.Steps[i]
		if s.Name == "" {
			errs = append(errs, fmt.Errorf("step %d: no name", i))
			continue
		}
		if seen[s.Name] {
			errs = append(errs, fmt.Errorf("step %d: duplicate name %q", i, s.Name))
		}
		seen[s.Name] = true
		kind := s.Kind()
		switch kind {
		case "":
			errs = append(errs, fmt.Errorf("step %q: exactly one of method, publish, unpublish, unreachable, reachable, sleep_ms, wait_for, shell, certificate, write_file must be set", s.Name))
		case KindRequest:
			if !slices.Contains(methods, s.Method) {
				errs = append(errs, fmt.Errorf("step %q: unknown method %q", s.Name, s.Method))
			}
			if !strings.HasPrefix(s.Path, "/") {
				errs = append(errs, fmt.Errorf("step %q: path %q does not start with /", s.Name, s.Path))
			}
			n := 0
			for _, set := range []bool{len(s.Body) > 0, s.Raw != nil, s.RawBase64 != ""} {
				if set {
					n++
				}
			}
			if n > 1 {
				errs = append(errs, fmt.Errorf("step %q: body, raw and raw_base64 exclude each other", s.Name))
			}
			if _, _, err := s.RequestBody(); err != nil {
				errs = append(errs, err)
			}
			switch s.Auth {
			case "", "none", "bad", "colon", "lower":
			default:
				errs = append(errs, fmt.Errorf("step %q: unknown auth %q", s.Name, s.Auth))
			}
		case KindPublish:
			p := s.Publish
			if p.Vhost == "" || p.App == "" || p.Stream == "" {
				errs = append(errs, fmt.Errorf("step %q: publish needs vhost, app and stream", s.Name))
			}
			if p.Protocol != "" && p.Protocol != "rtmp" {
				errs = append(errs, fmt.Errorf("step %q: publish protocol %q is not supported (rtmp)", s.Name, p.Protocol))
			}
			for _, t := range p.Tracks {
				if t.Type != "Video" && t.Type != "Audio" {
					errs = append(errs, fmt.Errorf("step %q: track type %q (Video or Audio)", s.Name, t.Type))
				}
			}
		case KindUnpublish:
			if s.Unpublish.Vhost == "" || s.Unpublish.App == "" || s.Unpublish.Stream == "" {
				errs = append(errs, fmt.Errorf("step %q: unpublish needs vhost, app and stream", s.Name))
			}
		case KindFile:
			if s.WriteFile != nil && s.WriteFile.Path == "" {
				errs = append(errs, fmt.Errorf("step %q: write_file needs a path", s.Name))
			}
		case KindWait:
			if !strings.HasPrefix(s.WaitFor.Path, "/") || s.WaitFor.Status == 0 {
				errs = append(errs, fmt.Errorf("step %q: wait_for needs a path and a status", s.Name))
			}
		}
		for _, mode := range []string{s.Compare, s.DriftCompare} {
			switch mode {
			case "", "shape", "status":
			default:
				errs = append(errs, fmt.Errorf("step %q: compare mode %q (\"\", shape or status)", s.Name, mode))
			}
		}
	}
	return errors.Join(errs...)
}

// Parse reads a scenario: an object {name, description, vars, steps} or a bare array of steps.
func Parse(data []byte) (*Scenario, error) {
	data = bytes.TrimSpace(data)
	var sc Scenario
	if len(data) > 0 && data[0] == '[' {
		if err := strictUnmarshal(data, &sc.Steps); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
	} else if err := strictUnmarshal(data, &sc); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	return &sc, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Marshal writes the scenario as indented JSON (no HTML escaping, so ${…} and <…> stay readable).
func (sc *Scenario) Marshal() ([]byte, error) { return marshalIndent(sc) }

func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------- variables

var varRef = regexp.MustCompile(`\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}`)

// ErrUnboundVariable is wrapped by Expand when a step uses a variable that has no value.
var ErrUnboundVariable = errors.New("unbound variable")

// Vars returns the variables a step uses, sorted.
func (s *Step) Vars() []string {
	raw, _ := json.Marshal(s)
	var names []string
	for _, m := range varRef.FindAllSubmatch(raw, -1) {
		names = append(names, string(m[1]))
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Expand returns the step with every {{NAME}} replaced by vars[NAME]. Inside JSON bodies only
// string values and member names are expanded, so a value cannot break the JSON.
func (s Step) Expand(vars map[string]string) (Step, error) {
	var missing []string
	sub := func(text string) string {
		return varRef.ReplaceAllStringFunc(text, func(m string) string {
			name := m[2 : len(m)-2]
			v, ok := vars[name]
			if !ok {
				missing = append(missing, name)
				return m
			}
			return v
		})
	}
	out := s
	out.Path = sub(s.Path)
	if s.Raw != nil {
		r := sub(*s.Raw)
		out.Raw = &r
	}
	if len(s.Body) > 0 {
		b, err := expandJSON(s.Body, sub)
		if err != nil {
			return Step{}, fmt.Errorf("step %q: body: %w", s.Name, err)
		}
		out.Body = b
	}
	if s.Headers != nil {
		out.Headers = map[string]string{}
		for k, v := range s.Headers {
			out.Headers[k] = sub(v)
		}
	}
	if s.Publish != nil {
		p := *s.Publish
		p.Vhost, p.App, p.Stream = sub(p.Vhost), sub(p.App), sub(p.Stream)
		out.Publish = &p
	}
	if s.Unpublish != nil {
		u := StreamRef{Vhost: sub(s.Unpublish.Vhost), App: sub(s.Unpublish.App), Stream: sub(s.Unpublish.Stream)}
		out.Unpublish = &u
	}
	out.Unreachable, out.Reachable = sub(s.Unreachable), sub(s.Reachable)
	out.Certificate = sub(s.Certificate)
	if s.WriteFile != nil {
		out.WriteFile = &WriteFile{Path: sub(s.WriteFile.Path), Content: s.WriteFile.Content}
	}
	if s.WaitFor != nil {
		w := *s.WaitFor
		w.Path = sub(w.Path)
		out.WaitFor = &w
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return Step{}, fmt.Errorf("step %q: %w: %s", s.Name, ErrUnboundVariable, strings.Join(slices.Compact(missing), ", "))
	}
	return out, nil
}

func expandJSON(raw json.RawMessage, sub func(string) string) (json.RawMessage, error) {
	if !bytes.Contains(raw, []byte("{{")) {
		return raw, nil // sent exactly as written: member order and number spelling kept
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return sub(x)
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
			return x
		case map[string]any:
			m := make(map[string]any, len(x))
			for k, e := range x {
				m[sub(k)] = walk(e)
			}
			return m
		}
		return v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(walk(v)); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

// decodeJSON decodes one JSON value keeping numbers as written (json.Number).
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}
