package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/omekit/omekit/internal/scenario"
	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/openapi"
)

// checker plays the scenarios against the user's server and the in-process mock.
type checker struct {
	opts   *options
	stderr io.Writer
	user   *scenario.Runner
	mock   *scenario.Runner
	hooks  *scenario.MockHooks
	stop   func()
	ops    *scenario.Operations
	recs   []*scenario.Recording
	// known[scenario][step]: the mock is known to answer this step differently from OME 0.21.0.
	known map[string]map[string]bool
	// mockOpts are the options the mock was started with.
	mockOpts []mockserver.Option
}

func newChecker(o *options, stderr io.Writer) (*checker, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("loading openapi/ome.yaml: %w", err)
	}
	recs, err := scenario.Recordings()
	if err != nil {
		return nil, err
	}
	mockOpts := []mockserver.Option{mockserver.WithAccessToken(randomName("mock-token-"))}
	if o.conf != "" {
		mockOpts = append(mockOpts, mockserver.WithConfigFile(o.conf))
	}
	base, token, stop, err := startMock(mockOpts...)
	if err != nil {
		return nil, fmt.Errorf("starting the mock: %w", err)
	}
	c := &checker{
		opts:   o,
		stderr: stderr,
		user:   &scenario.Runner{BaseURL: o.url, Token: o.token, Client: &http.Client{Timeout: o.timeout}},
		mock:   &scenario.Runner{BaseURL: base, Token: token, Client: &http.Client{Timeout: o.timeout}},
		hooks:  &scenario.MockHooks{BaseURL: base, Token: token},
		stop:   stop,
		ops:    scenario.NewOperations(doc),
		recs:   recs,
		known:  map[string]map[string]bool{},

		mockOpts: mockOpts,
	}
	if o.verbose {
		c.user.Logf = func(f string, a ...any) { fmt.Fprintf(stderr, "server "+f+"\n", a...) }
		c.mock.Logf = func(f string, a ...any) { fmt.Fprintf(stderr, "mock   "+f+"\n", a...) }
	}
	return c, nil
}

func (c *checker) close() { c.stop() }

// reportGitVersion restarts the mock so that it reports the server's gitVersion: that is a
// property of how the server was built, not drift.
func (c *checker) reportGitVersion(v string) error {
	if v == "" {
		return nil
	}
	base, token, stop, err := startMock(append(c.mockOpts, mockserver.WithGitVersion(v))...)
	if err != nil {
		return fmt.Errorf("starting the mock: %w", err)
	}
	c.stop()
	c.stop = stop
	c.mock.BaseURL, c.mock.Token = base, token
	c.hooks.BaseURL, c.hooks.Token = base, token
	return nil
}

// startMock serves a mock on a free loopback port.
func startMock(opts ...mockserver.Option) (base, token string, stop func(), err error) {
	srv, err := mockserver.New(opts...)
	if err != nil {
		return "", "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	stop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), srv.Token(), stop, nil
}

// knownGaps replays a recording against a fresh mock seeded with its Server.xml and notes the
// steps where the mock answers differently from the recorded OME. (Only the read and write
// scenarios are replayed, and they need no certificates.)
func (c *checker) knownGaps(ctx context.Context, rec *scenario.Recording) error {
	// As in the project's replay test: the mock reports the recorded build's gitVersion and runs
	// on a clock that only the scenario's pauses move, so that OME's timing falls the same way
	// on every run.
	clock := scenario.NewStepClock()
	opts := []mockserver.Option{mockserver.WithServerXML(rec.Name+"/Server.xml", rec.ServerXML), mockserver.WithClock(clock.Now)}
	if v := rec.GitVersion(); v != "" {
		opts = append(opts, mockserver.WithGitVersion(v))
	}
	base, token, stop, err := startMock(opts...)
	if err != nil {
		return fmt.Errorf("mock for recording %s: %w", rec.Name, err)
	}
	defer stop()
	r := &scenario.Runner{BaseURL: base, Token: token, Media: &scenario.MockHooks{BaseURL: base, Token: token},
		Sleep: clock.Sleep}
	res, err := scenario.Replay(ctx, rec, r, true)
	if err != nil {
		return err
	}
	gaps := map[string]bool{}
	for _, s := range res.Steps {
		if s.Skipped != "" || len(s.Diffs) > 0 {
			gaps[s.Step] = true
		}
	}
	c.known[rec.Scenario.Name] = gaps
	return nil
}

// binding is one set of values for a read scenario's variables.
type binding map[string]string

func (b binding) String() string {
	if len(b) == 0 {
		return "(server)"
	}
	s := b["VHOST"] + "/" + b["APP"]
	if p := b["PROFILE"]; p != "" {
		s += " profile " + p
	}
	if st := b["STREAM"]; st != "" {
		s += " stream " + st
	}
	return s
}

// check runs everything and returns the report.
func (c *checker) check(ctx context.Context) (*report, error) {
	rep := &report{URL: c.opts.url, Write: c.opts.write, Config: c.opts.conf}
	// Is the server there, and does it take the token?
	v, _ := c.user.Do(ctx, scenario.Step{Name: "version", Method: http.MethodGet, Path: "/v1/version"})
	switch {
	case v.Error != "":
		return nil, fmt.Errorf("cannot reach %s: %s", c.opts.url, v.Error)
	case v.Status == http.StatusUnauthorized:
		return nil, fmt.Errorf("%s refused the access token (401)", c.opts.url)
	case v.Status != http.StatusOK:
		return nil, fmt.Errorf("GET %s/v1/version answered %d: is this an OME API server?", c.opts.url, v.Status)
	}
	var ver struct {
		Response struct {
			Version    string `json:"version"`
			GitVersion string `json:"gitVersion"`
		} `json:"response"`
	}
	_ = json.Unmarshal(v.Body, &ver)
	rep.Version, rep.GitVersion = ver.Response.Version, ver.Response.GitVersion
	if err := c.reportGitVersion(rep.GitVersion); err != nil {
		return nil, err
	}

	bindings, err := c.discover(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bindings {
		rep.Bindings = append(rep.Bindings, b.String())
	}
	for _, rec := range c.recs {
		if ctx.Err() != nil {
			break
		}
		sc := rec.Scenario
		if sc.Use != "read" && (sc.Use != "write" || !c.opts.write) {
			continue
		}
		if err := c.knownGaps(ctx, rec); err != nil {
			return nil, err
		}
		rep.Scenarios = append(rep.Scenarios, sc.Name)
		if sc.Use == "read" {
			for i, b := range bindings {
				if ctx.Err() != nil {
					break
				}
				if err := c.playRead(ctx, rep, sc, b, i == 0); err != nil {
					return rep, err
				}
			}
			continue
		}
		if err := c.playWrite(ctx, rep, sc); err != nil {
			return rep, err
		}
	}
	if ctx.Err() != nil {
		return rep, fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return rep, nil
}

// getNames GETs a list of names (nil when the answer is not a 200 list).
func getNames(ctx context.Context, r *scenario.Runner, path string) ([]string, int, error) {
	e, _ := r.Do(ctx, scenario.Step{Name: "discover", Method: http.MethodGet, Path: path})
	if e.Error != "" {
		return nil, 0, errors.New(e.Error)
	}
	if e.Status != http.StatusOK {
		return nil, e.Status, nil
	}
	var body struct {
		Response []string `json:"response"`
	}
	if err := json.Unmarshal(e.Body, &body); err != nil {
		return nil, e.Status, fmt.Errorf("GET %s: %w", path, err)
	}
	return body.Response, e.Status, nil
}

// addressable reports whether a name can be put into a path as it is.
func addressable(name string, colonOK bool) bool {
	return name != "" && !strings.ContainsAny(name, "/?#% ") && (colonOK || !strings.Contains(name, ":"))
}

// discover lists what the user's server has: one binding per application (at most
// -max-apps), with its first output profile and first live stream, if any.
func (c *checker) discover(ctx context.Context) ([]binding, error) {
	vhosts, status, err := getNames(ctx, c.user, "/v1/vhosts")
	if err != nil {
		return nil, fmt.Errorf("listing virtual hosts: %w", err)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET /v1/vhosts answered %d", status)
	}
	sort.Strings(vhosts)
	var out []binding
	for _, vh := range vhosts {
		if !addressable(vh, false) {
			continue
		}
		apps, _, err := getNames(ctx, c.user, "/v1/vhosts/"+vh+"/apps")
		if err != nil {
			return nil, err
		}
		for _, app := range apps {
			if !addressable(app, false) || len(out) == c.opts.maxBindings {
				continue
			}
			b := binding{"VHOST": vh, "APP": app}
			base := "/v1/vhosts/" + vh + "/apps/" + app
			if profiles, _, err := getNames(ctx, c.user, base+"/outputProfiles"); err == nil {
				if i := slices.IndexFunc(profiles, func(p string) bool { return addressable(p, true) }); i >= 0 {
					b["PROFILE"] = profiles[i]
				}
			}
			if streams, _, err := getNames(ctx, c.user, base+"/streams"); err == nil {
				if i := slices.IndexFunc(streams, func(s string) bool { return addressable(s, true) }); i >= 0 {
					b["STREAM"] = streams[i]
				}
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		out = append(out, binding{})
	}
	return out, nil
}

// mockHolds says which of a binding's names exist on the mock too, mirroring the user's live
// stream into the mock (same source type and tracks) when the mock has its application.
func (c *checker) mockHolds(ctx context.Context, b binding) (map[string]bool, map[string]string) {
	holds := map[string]bool{}
	why := map[string]string{}
	exists := func(path string) bool {
		e, _ := c.mock.Do(ctx, scenario.Step{Name: "precondition", Method: http.MethodGet, Path: path})
		return e.Status == http.StatusOK
	}
	vh, app := b["VHOST"], b["APP"]
	if vh == "" {
		return holds, why
	}
	holds["VHOST"] = exists("/v1/vhosts/" + vh)
	if !holds["VHOST"] {
		why["VHOST"] = "the mock has no virtual host " + vh
		return holds, why
	}
	base := "/v1/vhosts/" + vh + "/apps/" + app
	holds["APP"] = exists(base)
	if !holds["APP"] {
		why["APP"] = "the mock has no application " + vh + "/" + app
		return holds, why
	}
	if p := b["PROFILE"]; p != "" {
		holds["PROFILE"] = exists(base + "/outputProfiles/" + p)
		if !holds["PROFILE"] {
			why["PROFILE"] = "the mock's " + vh + "/" + app + " has no output profile " + p
		}
	}
	if s := b["STREAM"]; s != "" {
		if !exists(base+"/streams/"+s) && !c.mirror(ctx, b) {
			why["STREAM"] = "stream " + s + " could not be mirrored into the mock"
		} else {
			holds["STREAM"] = true
		}
	}
	return holds, why
}

// mirror publishes into the mock a stream with the source type and tracks of the user's stream.
func (c *checker) mirror(ctx context.Context, b binding) bool {
	e, _ := c.user.Do(ctx, scenario.Step{Name: "mirror", Method: http.MethodGet,
		Path: "/v1/vhosts/" + b["VHOST"] + "/apps/" + b["APP"] + "/streams/" + b["STREAM"]})
	if e.Status != http.StatusOK {
		return false
	}
	var body struct {
		Response struct {
			Input struct {
				SourceType string `json:"sourceType"`
				Tracks     []struct {
					Type  string `json:"type"`
					Video *struct {
						Codec     string  `json:"codec"`
						Width     int     `json:"width"`
						Height    int     `json:"height"`
						Framerate float64 `json:"framerate"`
						Bitrate   int     `json:"bitrate"`
					} `json:"video"`
					Audio *struct {
						Codec      string `json:"codec"`
						Samplerate int    `json:"samplerate"`
						Channel    int    `json:"channel"`
						Bitrate    int    `json:"bitrate"`
					} `json:"audio"`
				} `json:"tracks"`
			} `json:"input"`
		} `json:"response"`
	}
	if json.Unmarshal(e.Body, &body) != nil {
		return false
	}
	p := scenario.Publish{Vhost: b["VHOST"], App: b["APP"], Stream: b["STREAM"], Protocol: body.Response.Input.SourceType, Tracks: []scenario.Track{}}
	for _, t := range body.Response.Input.Tracks {
		switch {
		case t.Type == "Video" && t.Video != nil:
			p.Tracks = append(p.Tracks, scenario.Track{Type: "Video", Codec: t.Video.Codec, Width: t.Video.Width, Height: t.Video.Height, Framerate: t.Video.Framerate, Bitrate: t.Video.Bitrate})
		case t.Type == "Audio" && t.Audio != nil:
			p.Tracks = append(p.Tracks, scenario.Track{Type: "Audio", Codec: t.Audio.Codec, Samplerate: t.Audio.Samplerate, Channels: t.Audio.Channel, Bitrate: t.Audio.Bitrate})
		}
	}
	return c.hooks.Publish(ctx, p) == nil
}

// playRead plays a read scenario for one binding. Steps that use no variable are played for
// the first binding only; steps whose variables the binding lacks are skipped.
func (c *checker) playRead(ctx context.Context, rep *report, sc *scenario.Scenario, b binding, first bool) error {
	holds, why := c.mockHolds(ctx, b)
	for _, raw := range sc.Steps {
		if raw.Kind() != scenario.KindRequest {
			continue
		}
		vars := raw.Vars()
		if len(vars) == 0 && !first {
			continue
		}
		st, err := raw.Expand(b)
		if errors.Is(err, scenario.ErrUnboundVariable) {
			continue // e.g. a stream step for an application without a live stream
		}
		if err != nil {
			return err
		}
		if !st.ReadOnly() {
			return fmt.Errorf("scenario %s: step %q is not read-only", sc.Name, st.Name) // never sent
		}
		reason := ""
		for _, v := range vars {
			if !holds[v] {
				reason = why[v]
				if reason == "" {
					reason = "the mock has nothing for " + v
				}
				break
			}
		}
		if err := c.playStep(ctx, rep, sc, st, b.String(), reason); err != nil {
			return err
		}
	}
	return nil
}

// playWrite plays a write scenario under a fresh virtual host name and deletes every virtual
// host named after it afterwards, whatever happens.
func (c *checker) playWrite(ctx context.Context, rep *report, sc *scenario.Scenario) error {
	vh := randomName("omecheck-")
	rep.WriteVhost = vh
	defer func() {
		// a fresh context: the cleanup must run after Ctrl-C too
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 60*time.Second)
		defer cancel()
		rep.Cleanup = c.cleanup(cctx, vh)
	}()
	vars := map[string]string{"VH": vh}
	for _, raw := range sc.Steps {
		if ctx.Err() != nil {
			return nil
		}
		if raw.Kind() != scenario.KindRequest {
			continue
		}
		st, err := raw.Expand(vars)
		if err != nil {
			return err
		}
		if err := c.playStep(ctx, rep, sc, st, "vhost "+vh, ""); err != nil {
			return err
		}
	}
	return nil
}

// cleanup deletes every virtual host of the user's server named vh, vh-… or vh:….
func (c *checker) cleanup(ctx context.Context, vh string) []string {
	names, _, err := getNames(ctx, c.user, "/v1/vhosts")
	if err != nil {
		return []string{"listing virtual hosts for the cleanup: " + err.Error()}
	}
	out := []string{}
	for _, n := range names {
		if n != vh && !strings.HasPrefix(n, vh+"-") && !strings.HasPrefix(n, vh+":") {
			continue
		}
		e, _ := c.user.Do(ctx, scenario.Step{Name: "cleanup", Method: http.MethodDelete, Path: "/v1/vhosts/" + n})
		if e.Status == http.StatusOK {
			out = append(out, "deleted virtual host "+n)
		} else {
			out = append(out, fmt.Sprintf("could not delete virtual host %s: %d %s", n, e.Status, e.Error))
		}
	}
	return out
}

// playStep sends one step to the user's server (and, when comparable, to the mock) and records
// the verdicts.
func (c *checker) playStep(ctx context.Context, rep *report, sc *scenario.Scenario, st scenario.Step, where, notComparable string) error {
	u, _ := c.user.Do(ctx, st)
	if ctx.Err() != nil {
		return nil
	}
	res := stepResult{Scenario: sc.Name, Binding: where, Step: st.Name, Method: st.Method, Path: st.Path, Status: u.Status}
	if u.Error != "" {
		return fmt.Errorf("%s %s: %s", st.Method, st.Path, redact(u.Error, c.opts.token))
	}
	res.SpecErrors = c.validate(ctx, &u)
	switch {
	case notComparable != "":
		res.Mock, res.Reason = mockNotComparable, notComparable
	case st.SkipMock != "":
		res.Mock, res.Reason = mockNotComparable, st.SkipMock
	default:
		m, _ := c.mock.Do(ctx, st)
		mode := st.Compare
		if st.DriftCompare != "" {
			mode = st.DriftCompare
		}
		res.Diffs = scenario.Compare(&m, &u, mode)
		switch {
		case len(res.Diffs) == 0:
			res.Mock = mockMatch
		case c.known[sc.Name][st.Name]:
			res.Mock, res.Reason = mockKnownGap, "the mock is known to answer this step differently from OME 0.21.0"
		default:
			res.Mock = mockDiffers
		}
	}
	rep.Steps = append(rep.Steps, res)
	return nil
}

func randomName(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
