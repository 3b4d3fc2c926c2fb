package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

// This file calls every exported method of every service of sdk.Client against the in-process
// mock, each with its success path and at least one error path. The calls go through called,
// which records the method it is handed; the last subtest parses services_*.go and fails when a
// service method was never called, so a new SDK method needs a test here.

// TestEveryServiceMethodAgainstMock runs one parallel subtest per area, each with its own mock,
// then checks that every service method was called.
func TestEveryServiceMethodAgainstMock(t *testing.T) {
	t.Parallel()
	log := &methodLog{names: map[string]int{}}
	areas := []struct {
		name string
		run  func(t *testing.T, h *harness)
	}{
		{"Version", testMockVersion},
		{"VirtualHosts", testMockVirtualHosts},
		{"Applications", testMockApplications},
		{"OutputProfiles", testMockOutputProfiles},
		{"APIServer", testMockAPIServer},
		{"Streams", testMockStreams},
		{"StreamEvents", testMockStreamEvents},
		{"Subtitles", testMockSubtitles},
		{"STT", testMockSTT},
		{"HLSDumps", testMockHLSDumps},
		{"ScheduledChannels", testMockScheduledChannels},
		{"MultiplexChannels", testMockMultiplexChannels},
		{"Push", testMockPush},
		{"Recording", testMockRecording},
		{"Stats", testMockStats},
	}
	var ran atomic.Int32
	suiteOK := t.Run("methods", func(t *testing.T) {
		for _, a := range areas {
			t.Run(a.name, func(t *testing.T) {
				t.Parallel()
				ran.Add(1)
				// OME's delays (push control passes, channels appearing) are not what these
				// calls test.
				a.run(t, newHarness(t, log, mockserver.WithoutDelays()))
			})
		}
	})
	t.Run("every service method is called", func(t *testing.T) {
		if int(ran.Load()) != len(areas) {
			t.Skipf("only %d of %d areas ran (-run filter); the coverage check needs all of them", ran.Load(), len(areas))
		}
		declared := declaredServiceMethods(t)
		if len(declared) == 0 {
			t.Fatal("found no service methods in services_*.go")
		}
		calledNames := log.snapshot()
		var missing, unknown []string
		for name, pos := range declared {
			if calledNames[name] == 0 {
				missing = append(missing, fmt.Sprintf("%s (%s)", name, pos))
			}
		}
		for name := range calledNames {
			if _, ok := declared[name]; !ok {
				unknown = append(unknown, name)
			}
		}
		sort.Strings(missing)
		sort.Strings(unknown)
		note := ""
		if !suiteOK {
			note = " (some area failed and may have stopped before its remaining calls)"
		}
		if len(missing) > 0 {
			t.Errorf("service methods never called against the mock%s — add them to mock_methods_test.go:\n%s", note, strings.Join(missing, "\n"))
		}
		if len(unknown) > 0 {
			t.Errorf("recorded calls that are not service methods of services_*.go: %v", unknown)
		}
		t.Logf("%d service methods declared, %d called", len(declared), len(calledNames))
	})
}

// ---------------------------------------------------------------- harness

// methodLog records which service methods were called, and how often.
type methodLog struct {
	mu    sync.Mutex
	names map[string]int
}

func (l *methodLog) add(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names[name]++
}

func (l *methodLog) snapshot() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.names))
	for k, v := range l.names {
		out[k] = v
	}
	return out
}

// harness is one area's mock, client and context.
type harness struct {
	t   *testing.T
	ts  *mockserver.TestServer
	c   *sdk.Client
	ctx context.Context
	log *methodLog
}

func newHarness(t *testing.T, log *methodLog, opts ...mockserver.Option) *harness {
	t.Helper()
	ts := mockserver.NewTest(t, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return &harness{t: t, ts: ts, c: ts.Client(), ctx: ctx, log: log}
}

// called records the service method f (a method value such as c.Streams.SendEvent) and returns
// it, so a call reads called(h, h.c.Streams.SendEvent)(ctx, …).
func called[F any](h *harness, f F) F {
	h.log.add(serviceMethodName(f))
	return f
}

// methodValueName matches the name the runtime gives a method value: "….(*XService).Method-fm".
var methodValueName = regexp.MustCompile(`\.\(\*([A-Za-z0-9_]+Service)\)\.([A-Za-z0-9_]+)-fm$`)

// serviceMethodName returns "XService.Method" for a method value of a service, else the
// function's raw name (which the coverage check then reports).
func serviceMethodName(f any) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		return fmt.Sprintf("<not a function: %T>", f)
	}
	fn := runtime.FuncForPC(v.Pointer())
	if fn == nil {
		return "<unknown function>"
	}
	if m := methodValueName.FindStringSubmatch(fn.Name()); m != nil {
		return m[1] + "." + m[2]
	}
	return fn.Name()
}

// declaredServiceMethods parses services_*.go and returns "XService.Method" → position for every
// exported method declared on a pointer to a type whose name ends in "Service".
func declaredServiceMethods(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("services_*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || !fn.Name.IsExported() {
				continue
			}
			star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			out[recv.Name+"."+fn.Name.Name] = fset.Position(fn.Pos()).String()
		}
	}
	return out
}

// intruder is a client of the same mock with a wrong access token.
func (h *harness) intruder() *sdk.Client {
	h.t.Helper()
	c, err := sdk.New(h.ts.URL, sdk.WithAccessToken("not-the-token"))
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func (h *harness) publish(vhost, app string, in mockserver.InputStream) {
	h.t.Helper()
	if err := h.ts.PublishStream(vhost, app, in); err != nil {
		h.t.Fatalf("PublishStream(%s/%s, %s): %v", vhost, app, in.Name, err)
	}
}

// writableApp creates vhost (if needed) and app in it through the API, without recording the
// calls (they are tested in their own areas).
func (h *harness) writableApp(vhost string, app sdk.Application) {
	h.t.Helper()
	if _, err := h.c.VirtualHosts.Get(h.ctx, vhost); errors.Is(err, sdk.ErrNotFound) {
		if _, err := h.c.VirtualHosts.Create(h.ctx, sdk.VirtualHost{Name: vhost}); err != nil {
			h.t.Fatalf("create vhost %s: %v", vhost, err)
		}
	}
	if _, err := h.c.Applications.Create(h.ctx, vhost, app); err != nil {
		h.t.Fatalf("create app %s/%s: %v", vhost, app.Name, err)
	}
}

// must stops the area on an unexpected error of a success path.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantAPIError checks that err is an *sdk.APIError matching sentinel and, when msg is not
// empty, carrying that (undecorated) message.
func wantAPIError(t *testing.T, what string, err, sentinel error, msg string) {
	t.Helper()
	var ae *sdk.APIError
	if !errors.As(err, &ae) {
		t.Errorf("%s: error = %v; want an *sdk.APIError matching %q", what, err, sentinel)
		return
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%s: error = %v (status %d); want it to match %q", what, err, ae.StatusCode, sentinel)
	}
	if msg != "" && ae.Message != msg {
		t.Errorf("%s: message = %q; want %q", what, ae.Message, msg)
	}
}

// wantBatchError checks that err is a *sdk.BatchError with the given HTTP status, matching
// sentinel, whose failed items are exactly the given indices.
func wantBatchError(t *testing.T, what string, err error, status int, sentinel error, failed ...int) {
	t.Helper()
	var be *sdk.BatchError
	if !errors.As(err, &be) {
		t.Errorf("%s: error = %v; want a *sdk.BatchError", what, err)
		return
	}
	if be.StatusCode != status {
		t.Errorf("%s: batch status = %d; want %d", what, be.StatusCode, status)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("%s: %v does not match %q", what, err, sentinel)
	}
	var got []int
	for _, f := range be.Failed {
		got = append(got, f.Index)
	}
	if !slices.Equal(got, failed) {
		t.Errorf("%s: failed indices = %v; want %v", what, got, failed)
	}
}

func wantStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q; want %q", what, got, want)
	}
}

func trackNames(tracks []sdk.Track) []string {
	out := make([]string, 0, len(tracks))
	for _, tr := range tracks {
		out = append(out, tr.Name)
	}
	return out
}

// ---------------------------------------------------------------- version, vhosts, apps, profiles

func testMockVersion(t *testing.T, h *harness) {
	v, err := called(h, h.c.Version.Get)(h.ctx)
	must(t, "Version.Get", err)
	if v.Version != "0.21.0" || !strings.HasPrefix(v.GitVersion, "v0.21.0") {
		t.Errorf("Version.Get = %+v; want version 0.21.0 and a v0.21.0 git version", v)
	}
	_, err = called(h, h.intruder().Version.Get)(h.ctx)
	wantAPIError(t, "Version.Get with a wrong token", err, sdk.ErrUnauthorized, "Invalid credential")
}

func testMockVirtualHosts(t *testing.T, h *harness) {
	vh := h.c.VirtualHosts

	names, err := called(h, vh.List)(h.ctx)
	must(t, "VirtualHosts.List", err)
	wantStrings(t, "VirtualHosts.List", names, []string{"default"})
	_, err = called(h, h.intruder().VirtualHosts.List)(h.ctx)
	wantAPIError(t, "VirtualHosts.List with a wrong token", err, sdk.ErrUnauthorized, "")

	// Each host is judged on its own: a new one, one declared in Server.xml, and a duplicate of
	// the first within the same request.
	res, err := called(h, vh.Create)(h.ctx,
		sdk.VirtualHost{Name: "tenant", Distribution: "omekit.test"},
		sdk.VirtualHost{Name: "default"},
		sdk.VirtualHost{Name: "tenant"})
	wantBatchError(t, "VirtualHosts.Create (mixed)", err, 207, sdk.ErrConflict, 1, 2)
	if len(res) != 3 || !res[0].OK() || res[0].Value == nil || res[0].Value.Name != "tenant" || res[0].Value.Distribution != "omekit.test" {
		t.Fatalf("VirtualHosts.Create results = %+v", res)
	}
	if res[1].StatusCode != 409 || res[1].Message != "The virtual host already exists: [default]" || res[1].Value != nil {
		t.Errorf("result 1 = %+v; want 409 for the Server.xml host", res[1])
	}
	// When every item fails alike, the HTTP status is theirs.
	res, err = called(h, vh.Create)(h.ctx, sdk.VirtualHost{Name: "default"})
	wantBatchError(t, "VirtualHosts.Create (all conflict)", err, 409, sdk.ErrConflict, 0)
	if len(res) != 1 || res[0].OK() {
		t.Errorf("results = %+v", res)
	}
	res, err = called(h, vh.Create)(h.ctx, sdk.VirtualHost{Name: "second", Host: &sdk.Host{Names: []string{"second.example"}}})
	must(t, "VirtualHosts.Create", err)
	if len(res) != 1 || res[0].StatusCode != 200 || res[0].Message != "OK" || res[0].Value.Host == nil || (res[0].Value.Host.Names)[0] != "second.example" {
		t.Errorf("VirtualHosts.Create = %+v", res)
	}
	names, err = called(h, vh.List)(h.ctx)
	must(t, "VirtualHosts.List", err)
	wantStrings(t, "VirtualHosts.List after Create", names, []string{"default", "tenant", "second"})

	got, err := called(h, vh.Get)(h.ctx, "tenant")
	must(t, "VirtualHosts.Get", err)
	if got.Name != "tenant" || got.Distribution != "omekit.test" || got.Applications != nil {
		t.Errorf("VirtualHosts.Get(tenant) = %+v", got)
	}
	got, err = called(h, vh.Get)(h.ctx, "default")
	must(t, "VirtualHosts.Get", err)
	if got.Name != "default" || got.Distribution != "ovenmediaengine.com" {
		t.Errorf("VirtualHosts.Get(default) = %+v", got)
	}
	_, err = called(h, vh.Get)(h.ctx, "nosuch")
	wantAPIError(t, "VirtualHosts.Get(nosuch)", err, sdk.ErrNotFound, "Could not find the virtual host: [nosuch]")

	// Certificates: OME only logs reload failures, so a vhost without TLS answers 200 too.
	must(t, "VirtualHosts.ReloadCertificate(default)", called(h, vh.ReloadCertificate)(h.ctx, "default"))
	must(t, "VirtualHosts.ReloadCertificate(tenant)", called(h, vh.ReloadCertificate)(h.ctx, "tenant"))
	err = called(h, vh.ReloadCertificate)(h.ctx, "nosuch")
	wantAPIError(t, "VirtualHosts.ReloadCertificate(nosuch)", err, sdk.ErrNotFound, "Could not find the virtual host: [nosuch]")
	must(t, "VirtualHosts.ReloadAllCertificates", called(h, vh.ReloadAllCertificates)(h.ctx))
	err = called(h, h.intruder().VirtualHosts.ReloadAllCertificates)(h.ctx)
	wantAPIError(t, "VirtualHosts.ReloadAllCertificates with a wrong token", err, sdk.ErrUnauthorized, "")

	must(t, "VirtualHosts.Delete(second)", called(h, vh.Delete)(h.ctx, "second"))
	_, err = vh.Get(h.ctx, "second")
	wantAPIError(t, "Get after Delete", err, sdk.ErrNotFound, "")
	err = called(h, vh.Delete)(h.ctx, "second")
	wantAPIError(t, "VirtualHosts.Delete twice", err, sdk.ErrNotFound, "")
	err = called(h, vh.Delete)(h.ctx, "default")
	wantAPIError(t, "VirtualHosts.Delete(default)", err, sdk.ErrReadOnly, "The VirtualHost is read-only: [default]")
	if errors.Is(err, sdk.ErrProviderDisabled) {
		t.Errorf("read-only error %v also matches ErrProviderDisabled", err)
	}
}

func testMockApplications(t *testing.T, h *harness) {
	apps := h.c.Applications
	if _, err := h.c.VirtualHosts.Create(h.ctx, sdk.VirtualHost{Name: "tenant"}); err != nil {
		t.Fatal(err)
	}

	names, err := called(h, apps.List)(h.ctx, "default")
	must(t, "Applications.List", err)
	wantStrings(t, "Applications.List(default)", names, []string{"app"})
	names, err = called(h, apps.List)(h.ctx, "tenant")
	must(t, "Applications.List", err)
	wantStrings(t, "Applications.List(tenant)", names, nil)
	_, err = called(h, apps.List)(h.ctx, "nosuch")
	wantAPIError(t, "Applications.List(nosuch)", err, sdk.ErrNotFound, "Could not find the virtual host: [nosuch]")

	// OME fills in default providers, publishers and an output profile.
	res, err := called(h, apps.Create)(h.ctx, "tenant",
		sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive},
		sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive})
	wantBatchError(t, "Applications.Create (duplicate in batch)", err, 207, sdk.ErrConflict, 1)
	if len(res) != 2 || !res[0].OK() || res[0].Value == nil {
		t.Fatalf("Applications.Create results = %+v", res)
	}
	live := res[0].Value
	if live.Name != "live" || live.Type != sdk.ApplicationTypeLive || live.Providers == nil || live.Providers.RTMP == nil ||
		live.Publishers == nil || live.Publishers.LLHLS == nil || live.Publishers.Push != nil ||
		live.OutputProfiles == nil || live.OutputProfiles.OutputProfile == nil || (live.OutputProfiles.OutputProfile)[0].Name != "default" {
		t.Errorf("created application lacks OME's defaults: %+v", live)
	}
	if res[1].StatusCode != 409 || res[1].Message != "Could not create the application: [tenant/live] already exists" {
		t.Errorf("result 1 = %+v", res[1])
	}
	res, err = called(h, apps.Create)(h.ctx, "tenant", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive})
	wantBatchError(t, "Applications.Create (all conflict)", err, 409, sdk.ErrConflict, 0)
	if len(res) != 1 {
		t.Errorf("results = %+v", res)
	}
	// A configuration error aborts the request as a whole.
	_, err = called(h, apps.Create)(h.ctx, "tenant", sdk.Application{Name: "bad", Type: "Live"})
	wantAPIError(t, "Applications.Create with a bad type", err, sdk.ErrBadRequest, "Unknown type: Live")
	_, err = called(h, apps.Create)(h.ctx, "default", sdk.Application{Name: "x", Type: sdk.ApplicationTypeLive})
	wantAPIError(t, "Applications.Create in default", err, sdk.ErrReadOnly, "")
	_, err = called(h, apps.Create)(h.ctx, "nosuch", sdk.Application{Name: "x", Type: sdk.ApplicationTypeLive})
	wantAPIError(t, "Applications.Create in nosuch", err, sdk.ErrNotFound, "")

	app, err := called(h, apps.Get)(h.ctx, "default", "app")
	must(t, "Applications.Get", err)
	if app.Name != "app" || app.Type != sdk.ApplicationTypeLive || app.Dynamic ||
		app.Publishers == nil || app.Publishers.Push == nil || app.Publishers.File == nil ||
		app.Publishers.AppWorkerCount.Int64() != 1 || !app.Publishers.AppWorkerCount.IsString() {
		t.Errorf("Applications.Get(default/app) = %+v", app)
	}
	_, err = called(h, apps.Get)(h.ctx, "tenant", "nosuch")
	wantAPIError(t, "Applications.Get(nosuch)", err, sdk.ErrNotFound, "Could not find the application: [tenant/nosuch]")

	// Objects merge: adding a Push publisher keeps the default publishers and providers.
	patched, err := called(h, apps.Patch)(h.ctx, "tenant", "live", sdk.ApplicationPatch{
		Publishers: &sdk.Publishers{Push: &sdk.PublisherPush{}}})
	must(t, "Applications.Patch", err)
	if patched.Name != "live" || patched.Publishers == nil || patched.Publishers.Push == nil || patched.Publishers.LLHLS == nil ||
		patched.Providers == nil || patched.Providers.RTMP == nil {
		t.Errorf("Applications.Patch = %+v", patched)
	}
	_, err = called(h, apps.Patch)(h.ctx, "tenant", "live", sdk.ApplicationPatch{Type: sdk.ApplicationType("Live")})
	wantAPIError(t, "Applications.Patch with a bad type", err, sdk.ErrBadRequest, "Unknown type: Live")
	_, err = called(h, apps.Patch)(h.ctx, "default", "app", sdk.ApplicationPatch{})
	wantAPIError(t, "Applications.Patch(default/app)", err, sdk.ErrReadOnly, "")
	_, err = called(h, apps.Patch)(h.ctx, "tenant", "nosuch", sdk.ApplicationPatch{})
	wantAPIError(t, "Applications.Patch(nosuch)", err, sdk.ErrNotFound, "")

	must(t, "Applications.Delete", called(h, apps.Delete)(h.ctx, "tenant", "live"))
	_, err = apps.Get(h.ctx, "tenant", "live")
	wantAPIError(t, "Get after Delete", err, sdk.ErrNotFound, "")
	err = called(h, apps.Delete)(h.ctx, "tenant", "live")
	wantAPIError(t, "Applications.Delete twice", err, sdk.ErrNotFound, "")
	err = called(h, apps.Delete)(h.ctx, "default", "app")
	wantAPIError(t, "Applications.Delete(default/app)", err, sdk.ErrReadOnly, "")
}

func testMockOutputProfiles(t *testing.T, h *harness) {
	op := h.c.OutputProfiles
	h.writableApp("tenant", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive})

	names, err := called(h, op.List)(h.ctx, "default", "app")
	must(t, "OutputProfiles.List", err)
	wantStrings(t, "OutputProfiles.List(default/app)", names, []string{"bypass_stream"})
	_, err = called(h, op.List)(h.ctx, "default", "nosuch")
	wantAPIError(t, "OutputProfiles.List(nosuch)", err, sdk.ErrNotFound, "")

	// Server.xml values come back as strings.
	p, err := called(h, op.Get)(h.ctx, "default", "app", "bypass_stream")
	must(t, "OutputProfiles.Get", err)
	if p.Name != "bypass_stream" || p.OutputStreamName != "${OriginStreamName}" || p.Encodes == nil || p.Encodes.Videos == nil || p.Encodes.Audios == nil {
		t.Fatalf("OutputProfiles.Get = %+v", p)
	}
	videos, audios := p.Encodes.Videos, p.Encodes.Audios
	if len(videos) != 1 || videos[0].Name != "bypass_video" || !videos[0].Bypass.Bool() ||
		len(audios) != 2 || audios[1].Codec != "opus" || audios[1].Bitrate.Int64() != 128000 || !audios[1].Bitrate.IsString() {
		t.Errorf("bypass_stream encodes = %+v / %+v", videos, audios)
	}
	_, err = called(h, op.Get)(h.ctx, "default", "app", "nosuch")
	wantAPIError(t, "OutputProfiles.Get(nosuch)", err, sdk.ErrNotFound, "Could not find the output profile: [default/app/nosuch]")

	audio := []sdk.EncodeAudio{{Name: "opus", Codec: "opus", Bitrate: sdk.NewInt(96000),
		Samplerate: sdk.NewInt(48000), Channel: sdk.NewInt(2)}}
	opus := sdk.OutputProfile{Name: "opus", OutputStreamName: "${OriginStreamName}_opus", Encodes: &sdk.OutputProfileEncodes{Audios: audio}}
	res, err := called(h, op.Create)(h.ctx, "tenant", "live", opus,
		sdk.OutputProfile{Name: "default", OutputStreamName: "x", Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
	wantBatchError(t, "OutputProfiles.Create (one exists)", err, 207, sdk.ErrConflict, 1)
	if len(res) != 2 || !res[0].OK() || res[0].Value == nil || res[0].Value.Name != "opus" || res[0].Value.OutputStreamName != "${OriginStreamName}_opus" {
		t.Fatalf("OutputProfiles.Create results = %+v", res)
	}
	if got := (res[0].Value.Encodes.Audios)[0].Bitrate; got.Int64() != 96000 || got.IsString() {
		t.Errorf("API-created bitrate = %v; want the number 96000", got)
	}
	if res[1].StatusCode != 409 || res[1].Message != `The output profile "default" already exists` {
		t.Errorf("result 1 = %+v", res[1])
	}
	res, err = called(h, op.Create)(h.ctx, "tenant", "live",
		sdk.OutputProfile{Name: "h264", OutputStreamName: "${OriginStreamName}_h264", Encodes: &sdk.OutputProfileEncodes{
			Videos: []sdk.EncodeVideo{{Name: "h264_720p", Codec: "h264", Width: sdk.NewInt(1280), Bitrate: sdk.NewInt(2000000)}}}})
	must(t, "OutputProfiles.Create", err)
	if vals := sdk.Values(res); len(vals) != 1 || vals[0].Name != "h264" {
		t.Errorf("OutputProfiles.Create = %+v", res)
	}
	_, err = called(h, op.Create)(h.ctx, "default", "app", opus)
	wantAPIError(t, "OutputProfiles.Create in default/app", err, sdk.ErrReadOnly, "")
	names, err = called(h, op.List)(h.ctx, "tenant", "live")
	must(t, "OutputProfiles.List", err)
	wantStrings(t, "OutputProfiles.List(tenant/live)", names, []string{"default", "opus", "h264"})

	// Replace is a full replacement; the name comes from the path.
	replaced, err := called(h, op.Replace)(h.ctx, "tenant", "live", "opus", sdk.OutputProfileUpdate{
		OutputStreamName: "${OriginStreamName}_audio", Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
	must(t, "OutputProfiles.Replace", err)
	if replaced == nil || replaced.Name != "opus" || replaced.OutputStreamName != "${OriginStreamName}_audio" {
		t.Errorf("OutputProfiles.Replace = %+v", replaced)
	}
	if p, err := op.Get(h.ctx, "tenant", "live", "opus"); err != nil || p.OutputStreamName != "${OriginStreamName}_audio" {
		t.Errorf("Get after Replace = %+v, %v", p, err)
	}
	_, err = called(h, op.Replace)(h.ctx, "tenant", "live", "nosuch", sdk.OutputProfileUpdate{
		OutputStreamName: "x", Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
	wantAPIError(t, "OutputProfiles.Replace(nosuch)", err, sdk.ErrNotFound, "Could not find the output profile: [tenant/live/nosuch]")
	_, err = called(h, op.Replace)(h.ctx, "default", "app", "bypass_stream", sdk.OutputProfileUpdate{
		OutputStreamName: "x", Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
	wantAPIError(t, "OutputProfiles.Replace(default/app)", err, sdk.ErrReadOnly, "")

	must(t, "OutputProfiles.Delete", called(h, op.Delete)(h.ctx, "tenant", "live", "opus"))
	_, err = op.Get(h.ctx, "tenant", "live", "opus")
	wantAPIError(t, "Get after Delete", err, sdk.ErrNotFound, "")
	err = called(h, op.Delete)(h.ctx, "tenant", "live", "opus")
	wantAPIError(t, "OutputProfiles.Delete twice", err, sdk.ErrNotFound, "")
	err = called(h, op.Delete)(h.ctx, "default", "app", "bypass_stream")
	wantAPIError(t, "OutputProfiles.Delete(default/app)", err, sdk.ErrReadOnly, "")
}

// tlsServerXML is a minimal Server.xml whose API has a TLS port; withTLS adds the
// <Managers><Host><TLS> certificate the API's TLS listener needs.
func tlsServerXML(withTLS bool) []byte {
	tls := ""
	if withTLS {
		tls = `<TLS><CertPath>/etc/ome/cert.crt</CertPath><KeyPath>/etc/ome/cert.key</KeyPath></TLS>`
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Server version="8">
	<Name>tls</Name>
	<Bind><Managers><API><Port>8081</Port><TLSPort>8082</TLSPort></API></Managers></Bind>
	<Managers>
		<Host><Names><Name>*</Name></Names>` + tls + `</Host>
		<API><AccessToken>tls-token</AccessToken></API>
	</Managers>
	<VirtualHosts/>
</Server>`)
}

func testMockAPIServer(t *testing.T, h *harness) {
	// The default configuration has no TLS port.
	err := called(h, h.c.APIServer.ReloadCertificate)(h.ctx)
	wantAPIError(t, "APIServer.ReloadCertificate without TLSPort", err, sdk.ErrBadRequest, "TLS is not enabled for the API Server")

	// With a TLS port and a certificate whose files do not exist: OME cannot build it (500).
	tls := newHarness(t, h.log, mockserver.WithServerXML("tls.xml", tlsServerXML(true)))
	err = called(tls, tls.c.APIServer.ReloadCertificate)(tls.ctx)
	wantAPIError(t, "APIServer.ReloadCertificate with unloadable files", err, sdk.ErrServer, "Failed to create a certificate for the API Server")

	// OME answers 400 when <Managers><Host><TLS> is absent even if TLSPort is set
	// (docs/ome-behaviour.md, "Certificates and version").
	noCert := newHarness(t, h.log, mockserver.WithServerXML("tls-nocert.xml", tlsServerXML(false)))
	err = called(noCert, noCert.c.APIServer.ReloadCertificate)(noCert.ctx)
	wantAPIError(t, "APIServer.ReloadCertificate with TLSPort but no <Managers><Host><TLS>", err, sdk.ErrBadRequest, "TLS is not enabled for the API Server")
}

// ---------------------------------------------------------------- streams and stream actions

func testMockStreams(t *testing.T, h *harness) {
	st := h.c.Streams
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})

	names, err := called(h, st.List)(h.ctx, "default", "app")
	must(t, "Streams.List", err)
	wantStrings(t, "Streams.List", names, []string{"cam"})
	_, err = called(h, st.List)(h.ctx, "default", "nosuch")
	wantAPIError(t, "Streams.List(nosuch app)", err, sdk.ErrNotFound, "Could not find the application: [default/nosuch]")

	info, err := called(h, st.Get)(h.ctx, "default", "app", "cam")
	must(t, "Streams.Get", err)
	if info.Name != "cam" || info.Input.SourceType != sdk.StreamSourceTypeRTMP || len(info.Input.Tracks) != 3 {
		t.Fatalf("Streams.Get = %+v", info)
	}
	in := info.Input.Tracks
	if in[0].Type != sdk.TrackTypeVideo || in[0].Video == nil || in[0].Video.Codec != sdk.TrackCodecH264 || in[0].Video.Width != 1280 ||
		in[1].Type != sdk.TrackTypeAudio || in[1].Audio == nil || in[1].Audio.Codec != sdk.TrackCodecAAC ||
		in[2].Type != sdk.TrackTypeData {
		t.Errorf("input tracks = %+v", in)
	}
	if len(info.Outputs) != 1 || info.Outputs[0].Name != "cam" {
		t.Fatalf("outputs = %+v; want the bypass_stream output \"cam\"", info.Outputs)
	}
	wantStrings(t, "output tracks", trackNames(info.Outputs[0].Tracks), []string{"bypass_video", "bypass_audio", "opus_audio", "Data"})
	var playlists []string
	for _, p := range info.Outputs[0].Playlists {
		playlists = append(playlists, p.FileName)
	}
	wantStrings(t, "output playlists", playlists, []string{"llhls", "webrtc_default"})
	_, err = called(h, st.Get)(h.ctx, "default", "app", "nosuch")
	wantAPIError(t, "Streams.Get(nosuch)", err, sdk.ErrNotFound, "Could not find the stream: [default/#default#app/nosuch]")

	// Pulls: a single URL, a failover list whose first URL is down, and failures.
	must(t, "Streams.Create", called(h, st.Create)(h.ctx, "default", "app", sdk.CreateStreamRequest{
		Name: "pulled", URLs: []string{"rtsp://192.0.2.10/cam"}, Properties: &sdk.CreateStreamProperties{Persistent: true}}))
	if info, err := st.Get(h.ctx, "default", "app", "pulled"); err != nil || info.Input.SourceType != sdk.StreamSourceTypeRTSPPull ||
		info.Input.SourceURL != "rtsp://192.0.2.10/cam" {
		t.Errorf("pulled stream = %+v, %v", info, err)
	}
	h.ts.MarkUnreachable("rtsp://192.0.2.20/down")
	must(t, "Streams.Create (failover)", called(h, st.Create)(h.ctx, "default", "app", sdk.CreateStreamRequest{
		Name: "failover", URLs: []string{"rtsp://192.0.2.20/down", "rtsp://192.0.2.21/up"}}))
	if info, err := st.Get(h.ctx, "default", "app", "failover"); err != nil || info.Input.SourceURL != "rtsp://192.0.2.21/up" {
		t.Errorf("failover stream = %+v, %v", info, err)
	}
	for _, tc := range []struct {
		name     string
		app      string
		req      sdk.CreateStreamRequest
		sentinel error
		status   int
	}{
		{"existing name", "app", sdk.CreateStreamRequest{Name: "cam", URLs: []string{"rtsp://192.0.2.10/x"}}, sdk.ErrConflict, 409},
		{"unreachable", "app", sdk.CreateStreamRequest{Name: "down", URLs: []string{"rtsp://192.0.2.20/down"}}, sdk.ErrServer, 502},
		{"not pullable scheme", "app", sdk.CreateStreamRequest{Name: "rtmp", URLs: []string{"rtmp://192.0.2.10/app/s"}}, sdk.ErrServer, 502},
		{"mixed schemes", "app", sdk.CreateStreamRequest{Name: "mixed", URLs: []string{"rtsp://192.0.2.10/a", "ovt://192.0.2.11:9000/app/s"}}, sdk.ErrBadRequest, 400},
		{"no URL", "app", sdk.CreateStreamRequest{Name: "none"}, sdk.ErrBadRequest, 400},
		{"unknown app", "nosuch", sdk.CreateStreamRequest{Name: "x", URLs: []string{"rtsp://192.0.2.10/a"}}, sdk.ErrNotFound, 404},
	} {
		err := called(h, st.Create)(h.ctx, "default", tc.app, tc.req)
		wantAPIError(t, "Streams.Create "+tc.name, err, tc.sentinel, "")
		var ae *sdk.APIError
		if errors.As(err, &ae) && ae.StatusCode != tc.status {
			t.Errorf("Streams.Create %s: status %d; want %d", tc.name, ae.StatusCode, tc.status)
		}
	}
	names, err = called(h, st.List)(h.ctx, "default", "app")
	must(t, "Streams.List", err)
	wantStrings(t, "Streams.List after Create", names, []string{"cam", "pulled", "failover"})

	must(t, "Streams.Delete", called(h, st.Delete)(h.ctx, "default", "app", "pulled"))
	err = called(h, st.Delete)(h.ctx, "default", "app", "pulled")
	wantAPIError(t, "Streams.Delete twice", err, sdk.ErrNotFound, "")
	names, err = st.List(h.ctx, "default", "app")
	must(t, "Streams.List", err)
	wantStrings(t, "Streams.List after Delete", names, []string{"cam", "failover"})
}

func testMockStreamEvents(t *testing.T, h *harness) {
	st := h.c.Streams
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})
	h.publish("default", "app", mockserver.InputStream{Name: "nodata", NoDataTrack: true})
	h.publish("default", "app", mockserver.InputStream{Name: "starting", Tracks: []mockserver.Track{}})

	txxx := sdk.ID3v2Event(sdk.ID3v2Frame{FrameType: "TXXX", Info: "scene", Data: "42"})
	priv := sdk.ID3v2Event(sdk.ID3v2Frame{FrameType: "PRIV", Info: "com.example", Data: "opaque"})
	videoUrgent := sdk.EventID3v2{EventType: sdk.SendEventTypeVideo, Urgent: true,
		Events: []sdk.ID3v2Frame{{FrameType: "TIT2", Data: "title"}}}
	apic := sdk.ID3v2Event(sdk.ID3v2Frame{FrameType: "APIC", Data: "x"})

	for _, ev := range []sdk.EventID3v2{txxx, priv, videoUrgent} {
		must(t, "Streams.SendEvent", called(h, st.SendEvent)(h.ctx, "default", "app", "cam", ev))
	}
	for _, tc := range []struct {
		name, stream string
		event        sdk.EventID3v2
		sentinel     error
		msg          string
	}{
		{"unsupported frame", "cam", apic, sdk.ErrBadRequest, "frameType is not supported: [APIC]"},
		{"no frames", "cam", sdk.ID3v2Event(), sdk.ErrBadRequest, "eventFormat(string) and events(array) are required"},
		{"no data track", "nodata", txxx, sdk.ErrServer, "Internal Server Error - Could not inject event: [default/app/nodata]"},
		{"media not started", "starting", txxx, sdk.ErrServer, "Internal Server Error - Could not inject event: [default/app/starting]"},
		{"unknown stream", "nosuch", txxx, sdk.ErrNotFound, "Could not find the stream: [default/#default#app/nosuch]"},
	} {
		err := called(h, st.SendEvent)(h.ctx, "default", "app", tc.stream, tc.event)
		wantAPIError(t, "Streams.SendEvent "+tc.name, err, tc.sentinel, tc.msg)
	}

	res, err := called(h, st.SendEvents)(h.ctx, "default", "app", "cam", txxx, priv)
	must(t, "Streams.SendEvents", err)
	if len(res) != 2 || !res[0].OK() || !res[1].OK() || res[0].Message != "OK" || res[0].Value != nil {
		t.Errorf("Streams.SendEvents = %+v", res)
	}
	// Items are judged one by one; their messages are OME's raw texts.
	res, err = called(h, st.SendEvents)(h.ctx, "default", "app", "cam", txxx, apic, priv)
	wantBatchError(t, "Streams.SendEvents (one bad frame)", err, 207, sdk.ErrBadRequest, 1)
	if len(res) != 3 || !res[0].OK() || res[1].StatusCode != 400 || res[1].Message != "frameType is not supported: [APIC]" || !res[2].OK() {
		t.Errorf("results = %+v", res)
	}
	res, err = called(h, st.SendEvents)(h.ctx, "default", "app", "nodata", txxx, priv)
	wantBatchError(t, "Streams.SendEvents (no data track)", err, 500, sdk.ErrServer, 0, 1)
	if len(res) != 2 || res[0].Message != "Internal Server Error - Could not inject event: [default/app/nodata]" {
		t.Errorf("results = %+v", res)
	}
	_, err = called(h, st.SendEvents)(h.ctx, "default", "app", "cam")
	wantAPIError(t, "Streams.SendEvents without events", err, sdk.ErrBadRequest, "events(array) is required")
	_, err = called(h, st.SendEvents)(h.ctx, "default", "app", "nosuch", txxx)
	wantAPIError(t, "Streams.SendEvents(nosuch)", err, sdk.ErrNotFound, "")

	must(t, "Streams.ConcludeHLSLive", called(h, st.ConcludeHLSLive)(h.ctx, "default", "app", "cam", nil))
	must(t, "Streams.ConcludeHLSLive urgent", called(h, st.ConcludeHLSLive)(h.ctx, "default", "app", "cam", &sdk.ConcludeHLSLiveRequest{Urgent: true}))
	err = called(h, st.ConcludeHLSLive)(h.ctx, "default", "app", "starting", nil)
	wantAPIError(t, "Streams.ConcludeHLSLive before media", err, sdk.ErrServer,
		"Internal Server Error - Could not inject ConcludeLive event: [default/app/starting]")
	err = called(h, st.ConcludeHLSLive)(h.ctx, "default", "app", "nosuch", nil)
	wantAPIError(t, "Streams.ConcludeHLSLive(nosuch)", err, sdk.ErrNotFound, "")
}

// captionsApp has two subtitle renditions and a Whisper speech-to-text rendition for each, on
// the model file at model.
func captionsApp(model string) sdk.Application {
	bypass := &sdk.OutputProfileEncodes{
		Videos: []sdk.EncodeVideo{{Name: "bypass_video", Bypass: sdk.NewBool(true)}},
		Audios: []sdk.EncodeAudio{{Name: "bypass_audio", Bypass: sdk.NewBool(true)}},
	}
	return sdk.Application{
		Name: "captions", Type: sdk.ApplicationTypeLive,
		Subtitles: &sdk.ApplicationSubtitles{Enable: sdk.NewBool(true), DefaultLabel: "English",
			Rendition: []sdk.ApplicationSubtitleRendition{{Label: "English", Language: "en"}, {Label: "Korean", Language: "ko"}}},
		OutputProfiles: &sdk.OutputProfiles{
			MediaOptions: &sdk.OutputProfilesMediaOptions{STT: &sdk.OutputProfilesSTT{Rendition: []sdk.OutputProfilesSTTRendition{
				{Engine: "whisper", Model: model, OutputSubtitleLabel: "English"},
				{Engine: "whisper", Model: model, OutputSubtitleLabel: "Korean",
					SourceLanguage: "ko", Translation: sdk.NewBool(true)},
			}}},
			OutputProfile: []sdk.OutputProfile{{Name: "bypass", OutputStreamName: "${OriginStreamName}", Encodes: bypass}},
		},
	}
}

func testMockSubtitles(t *testing.T, h *harness) {
	st := h.c.Streams
	h.writableApp("media", captionsApp("whisper_model/ggml-small.bin"))
	h.publish("media", "captions", mockserver.InputStream{Name: "talk"})
	h.publish("media", "captions", mockserver.InputStream{Name: "starting", Tracks: []mockserver.Track{}})
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})

	cues := func(label string) sdk.SendSubtitlesData {
		return sdk.SendSubtitlesData{Label: label, Subtitles: []sdk.SubtitleCue{
			{Text: "Hello", DurationMs: sdk.Ptr(int64(1500)), Settings: "line:90%"},
			{Text: "World", StartOffset: int64(100)},
		}}
	}
	must(t, "Streams.SendSubtitles", called(h, st.SendSubtitles)(h.ctx, "media", "captions", "talk",
		sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{cues("English"), cues("Korean")}}))
	must(t, "Streams.SendSubtitles (explicit format)", called(h, st.SendSubtitles)(h.ctx, "media", "captions", "talk",
		sdk.SendSubtitlesRequest{Format: sdk.SubtitleFormatWebVTT, Data: []sdk.SendSubtitlesData{cues("Korean")}}))
	for _, tc := range []struct {
		name, vhost, app, stream string
		req                      sdk.SendSubtitlesRequest
		sentinel                 error
		msg                      string
	}{
		{"unknown label", "media", "captions", "talk", sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{cues("English"), cues("French")}},
			sdk.ErrServer, "Could not send WebVTT frame: [media/captions/talk]"},
		{"unknown format", "media", "captions", "talk", sdk.SendSubtitlesRequest{Format: "srt", Data: []sdk.SendSubtitlesData{cues("English")}},
			sdk.ErrBadRequest, "format is not supported: [srt]"},
		{"no data", "media", "captions", "talk", sdk.SendSubtitlesRequest{},
			sdk.ErrBadRequest, "format(string) and data(array) are required"},
		{"no cues", "media", "captions", "talk", sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{{Label: "English", Subtitles: []sdk.SubtitleCue{}}}},
			sdk.ErrBadRequest, "label(string) and subtitles(array) are required"},
		{"media not started", "media", "captions", "starting", sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{cues("English")}},
			sdk.ErrServer, "Could not get current timestamp: [media/captions/starting]"},
		{"app without subtitles", "default", "app", "cam", sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{cues("English")}},
			sdk.ErrServer, "Could not send WebVTT frame: [default/app/cam]"},
		{"unknown stream", "media", "captions", "nosuch", sdk.SendSubtitlesRequest{Data: []sdk.SendSubtitlesData{cues("English")}},
			sdk.ErrNotFound, "Could not find the stream: [media/#media#captions/nosuch]"},
	} {
		err := called(h, st.SendSubtitles)(h.ctx, tc.vhost, tc.app, tc.stream, tc.req)
		wantAPIError(t, "Streams.SendSubtitles "+tc.name, err, tc.sentinel, tc.msg)
	}
}

func testMockSTT(t *testing.T, h *harness) {
	st := h.c.Streams
	// The mock, like OME, has an STT encoder only when the model file can be read.
	model := filepath.Join(t.TempDir(), "ggml-small.bin")
	if err := os.WriteFile(model, []byte("model"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.writableApp("media", captionsApp(model))
	h.publish("media", "captions", mockserver.InputStream{Name: "talk"})
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})

	wantRenditions := []sdk.STTRendition{
		{Codec: sdk.STTRenditionCodecWhisper, Label: "English", Language: "auto", Model: model, Translation: sdk.STTRenditionTranslationDisabled},
		{Codec: sdk.STTRenditionCodecWhisper, Label: "Korean", Language: "en", Model: model, Translation: sdk.STTRenditionTranslationEnabled},
	}
	status, err := called(h, st.STTStatus)(h.ctx, "media", "captions", "talk")
	must(t, "Streams.STTStatus", err)
	if !status.Enabled || !reflect.DeepEqual(status.Renditions, wantRenditions) {
		t.Errorf("Streams.STTStatus = %+v; want enabled with %+v", status, wantRenditions)
	}
	// The stream has the transcoder's internal speech-to-text output.
	if info, err := st.Get(h.ctx, "media", "captions", "talk"); err != nil || len(info.Outputs) != 2 || info.Outputs[1].Name != "talk#stt" {
		t.Errorf("outputs of talk = %+v, %v; want talk and talk#stt", info, err)
	}

	state, err := called(h, st.DisableSTT)(h.ctx, "media", "captions", "talk")
	must(t, "Streams.DisableSTT", err)
	if state.Enabled {
		t.Errorf("Streams.DisableSTT = %+v", state)
	}
	if status, err := called(h, st.STTStatus)(h.ctx, "media", "captions", "talk"); err != nil || status.Enabled || len(status.Renditions) != 2 {
		t.Errorf("STTStatus after DisableSTT = %+v, %v", status, err)
	}
	state, err = called(h, st.EnableSTT)(h.ctx, "media", "captions", "talk")
	must(t, "Streams.EnableSTT", err)
	if !state.Enabled {
		t.Errorf("Streams.EnableSTT = %+v", state)
	}
	if status, err := called(h, st.STTStatus)(h.ctx, "media", "captions", "talk"); err != nil || !status.Enabled {
		t.Errorf("STTStatus after EnableSTT = %+v, %v", status, err)
	}

	// A stream without speech-to-text: status answers, the switches do not.
	status, err = called(h, st.STTStatus)(h.ctx, "default", "app", "cam")
	must(t, "Streams.STTStatus without STT", err)
	if status.Enabled || len(status.Renditions) != 0 {
		t.Errorf("Streams.STTStatus without STT = %+v", status)
	}
	const noEncoder = "Could not find STT encoder for stream: [default/app/cam]"
	_, err = called(h, st.EnableSTT)(h.ctx, "default", "app", "cam")
	wantAPIError(t, "Streams.EnableSTT without STT", err, sdk.ErrNotFound, noEncoder)
	_, err = called(h, st.DisableSTT)(h.ctx, "default", "app", "cam")
	wantAPIError(t, "Streams.DisableSTT without STT", err, sdk.ErrNotFound, noEncoder)
	_, err = called(h, st.STTStatus)(h.ctx, "media", "captions", "nosuch")
	wantAPIError(t, "Streams.STTStatus(nosuch)", err, sdk.ErrNotFound, "Could not find the stream: [media/#media#captions/nosuch]")
	_, err = called(h, st.EnableSTT)(h.ctx, "media", "nosuch", "talk")
	wantAPIError(t, "Streams.EnableSTT(nosuch app)", err, sdk.ErrNotFound, "Could not find the application: [media/nosuch]")
}

func testMockHLSDumps(t *testing.T, h *harness) {
	st := h.c.Streams
	// The output stream of bypass_stream is named like the input stream; LLHLS serves it.
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})
	const vh, app, in, out = "default", "app", "cam", "cam"

	d1 := sdk.HLSDumpStartRequest{ID: "d1", OutputStreamName: out, OutputPath: "/tmp/dumps/d1",
		Playlist: []string{"llhls.m3u8"}, InfoFile: "/tmp/dumps/d1.xml", UserData: "campaign=7"}
	must(t, "Streams.StartHLSDump", called(h, st.StartHLSDump)(h.ctx, vh, app, in, d1))
	must(t, "Streams.StartHLSDump", called(h, st.StartHLSDump)(h.ctx, vh, app, in, sdk.HLSDumpStartRequest{ID: "d2", OutputStreamName: out, OutputPath: "/tmp/dumps/d2"}))
	for _, tc := range []struct {
		name, stream string
		req          sdk.HLSDumpStartRequest
		sentinel     error
		msg          string
	}{
		{"duplicate id", in, sdk.HLSDumpStartRequest{ID: "d1", OutputStreamName: out, OutputPath: "/tmp/x"},
			sdk.ErrServer, "Could not start dump: [default/app/cam] (Duplicate ID)"},
		{"duplicate info file", in, sdk.HLSDumpStartRequest{ID: "d3", OutputStreamName: out, OutputPath: "/tmp/x", InfoFile: "/tmp/dumps/d1.xml"},
			sdk.ErrServer, "Could not start dump: [default/app/cam] (Duplicate info file)"},
		{"unknown output stream", in, sdk.HLSDumpStartRequest{ID: "d5", OutputStreamName: "nosuch", OutputPath: "/tmp/x"},
			sdk.ErrNotFound, "Could not find output stream: [default/app/nosuch]"},
		{"unknown input stream", "nosuch", sdk.HLSDumpStartRequest{ID: "d6", OutputStreamName: out, OutputPath: "/tmp/x"},
			sdk.ErrNotFound, "Could not find the stream: [default/#default#app/nosuch]"},
	} {
		err := called(h, st.StartHLSDump)(h.ctx, vh, app, tc.stream, tc.req)
		wantAPIError(t, "Streams.StartHLSDump "+tc.name, err, tc.sentinel, tc.msg)
	}

	dumps, err := called(h, st.ListHLSDumps)(h.ctx, vh, app, in, out, "")
	must(t, "Streams.ListHLSDumps", err)
	want := []sdk.HLSDumpInfo{
		{ID: "d1", OutputStreamName: out, OutputPath: "/tmp/dumps/d1", InfoFile: "/tmp/dumps/d1.xml",
			UserData: "campaign=7", Playlist: []string{"llhls.m3u8"}, Enabled: true},
		{ID: "d2", OutputStreamName: out, OutputPath: "/tmp/dumps/d2", Enabled: true},
	}
	if !reflect.DeepEqual(dumps, want) {
		t.Errorf("Streams.ListHLSDumps = %+v; want %+v", dumps, want)
	}
	dumps, err = called(h, st.ListHLSDumps)(h.ctx, vh, app, in, out, "d2")
	must(t, "Streams.ListHLSDumps(d2)", err)
	if len(dumps) != 1 || dumps[0].ID != "d2" {
		t.Errorf("Streams.ListHLSDumps(d2) = %+v", dumps)
	}
	dumps, err = called(h, st.ListHLSDumps)(h.ctx, vh, app, in, out, "nosuch")
	must(t, "Streams.ListHLSDumps(unknown id)", err)
	if len(dumps) != 0 {
		t.Errorf("Streams.ListHLSDumps(unknown id) = %+v; want none", dumps)
	}
	_, err = called(h, st.ListHLSDumps)(h.ctx, vh, app, in, "nosuch", "")
	wantAPIError(t, "Streams.ListHLSDumps(unknown output)", err, sdk.ErrNotFound, "Could not find output stream: [default/app/nosuch]")

	// Stopped dumps stay listed, disabled.
	must(t, "Streams.StopHLSDump(d1)", called(h, st.StopHLSDump)(h.ctx, vh, app, in, out, "d1"))
	enabled := func() map[string]bool {
		list, err := st.ListHLSDumps(h.ctx, vh, app, in, out, "")
		must(t, "ListHLSDumps", err)
		m := map[string]bool{}
		for _, d := range list {
			m[d.ID] = d.Enabled
		}
		return m
	}
	if got := enabled(); !reflect.DeepEqual(got, map[string]bool{"d1": false, "d2": true}) {
		t.Errorf("after stopping d1: %v", got)
	}
	err = called(h, st.StopHLSDump)(h.ctx, vh, app, in, out, "nosuch")
	wantAPIError(t, "Streams.StopHLSDump(unknown id)", err, sdk.ErrServer, "Could not stop dump: [default/app/cam] (Could not find dump info)")
	err = called(h, st.StopHLSDump)(h.ctx, vh, app, in, "nosuch", "")
	wantAPIError(t, "Streams.StopHLSDump(unknown output)", err, sdk.ErrNotFound, "Could not find output stream: [default/app/nosuch]")
	must(t, "Streams.StopHLSDump(all)", called(h, st.StopHLSDump)(h.ctx, vh, app, in, out, ""))
	if got := enabled(); !reflect.DeepEqual(got, map[string]bool{"d1": false, "d2": false}) {
		t.Errorf("after stopping all: %v", got)
	}
}

// ---------------------------------------------------------------- channels

// channelsApp enables the Schedule and Multiplex providers (and RTMP for live sources).
func channelsApp() sdk.Application {
	return sdk.Application{Name: "channels", Type: sdk.ApplicationTypeLive, Providers: &sdk.Providers{
		Schedule:  &sdk.ProviderSchedule{MediaRootDir: "/opt/ome/media", ScheduleFilesDir: "/opt/ome/schedules"},
		Multiplex: &sdk.ProviderMultiplex{MuxFilesDir: "/opt/ome/mux"},
		RTMP:      &sdk.ProviderRTMP{},
	}}
}

// The channel areas read a channel back right after creating it. That holds for the mock, which
// creates and removes channel streams within the call; OME's providers do it asynchronously.
func testMockScheduledChannels(t *testing.T, h *harness) {
	sc := h.c.ScheduledChannels
	h.writableApp("tv", channelsApp())
	h.publish("tv", "channels", mockserver.InputStream{Name: "studio"})
	const vh, app = "tv", "channels"

	names, err := called(h, sc.List)(h.ctx, vh, app)
	must(t, "ScheduledChannels.List", err)
	wantStrings(t, "ScheduledChannels.List", names, nil)
	_, err = called(h, sc.List)(h.ctx, vh, "nosuch")
	wantAPIError(t, "ScheduledChannels.List(nosuch app)", err, sdk.ErrNotFound, "Could not find the application: [tv/nosuch]")

	// One program that started a minute ago and never ends (it is the last one).
	started := time.Now().Add(-time.Minute).UTC().Format("2006-01-02T15:04:05Z")
	schedule := sdk.Schedule{
		Stream: sdk.ScheduleStream{Name: "tv1", BypassTranscoder: true, ErrorToleranceDurationMs: sdk.Ptr(int64(1000)),
			AudioMap: []sdk.ScheduleAudioMapEntry{{Name: "English", Language: "en"}}},
		FallbackProgram: &sdk.ScheduleFallbackProgram{Items: []sdk.ScheduleItem{{URL: "file://fallback.mp4"}}},
		Programs: []sdk.ScheduleProgram{{Name: "morning", Scheduled: started, Repeat: sdk.Ptr(true),
			Items: []sdk.ScheduleItem{{URL: "file://news.mp4", Start: int64(0), Duration: sdk.Ptr(int64(-1))}}}},
	}
	must(t, "ScheduledChannels.Create", called(h, sc.Create)(h.ctx, vh, app, schedule))
	badURL := sdk.Schedule{Stream: sdk.ScheduleStream{Name: "tv2"}, Programs: []sdk.ScheduleProgram{{Scheduled: started,
		Items: []sdk.ScheduleItem{{URL: "http://example.com/a.mp4"}}}}}
	for _, tc := range []struct {
		name, app string
		schedule  sdk.Schedule
		sentinel  error
		msg       string
	}{
		{"existing stream", app, schedule, sdk.ErrConflict, "Stream 'tv1' already exists"},
		{"name of a live stream", app, sdk.Schedule{Stream: sdk.ScheduleStream{Name: "studio"}}, sdk.ErrConflict, "Stream 'studio' already exists"},
		{"item URL not file:// or stream://", app, badURL, sdk.ErrBadRequest, "Failed to parse url attribute, url must be file:// or stream://"},
		{"unknown app", "nosuch", schedule, sdk.ErrNotFound, "Could not find the application: [tv/nosuch]"},
	} {
		err := called(h, sc.Create)(h.ctx, vh, tc.app, tc.schedule)
		wantAPIError(t, "ScheduledChannels.Create "+tc.name, err, tc.sentinel, tc.msg)
	}
	err = called(h, sc.Create)(h.ctx, "default", "app", sdk.Schedule{Stream: sdk.ScheduleStream{Name: "tv1"}})
	wantAPIError(t, "ScheduledChannels.Create without the provider", err, sdk.ErrProviderDisabled, "Forbidden")
	if errors.Is(err, sdk.ErrReadOnly) {
		t.Errorf("provider error %v also matches ErrReadOnly", err)
	}
	names, err = called(h, sc.List)(h.ctx, vh, app)
	must(t, "ScheduledChannels.List", err)
	wantStrings(t, "ScheduledChannels.List after Create", names, []string{"tv1"})

	info, err := called(h, sc.Get)(h.ctx, vh, app, "tv1")
	must(t, "ScheduledChannels.Get", err)
	s := info.Stream
	if s.Name != "tv1" || !s.BypassTranscoder || !s.VideoTrack || !s.AudioTrack || s.ErrorToleranceDurationMs != 1000 ||
		s.AudioMap == nil || len(s.AudioMap) != 1 || (s.AudioMap)[0].Language != "en" {
		t.Errorf("schedule stream = %+v", s)
	}
	if fb := info.FallbackProgram; fb == nil || fb.Name != "fallback" || !fb.Repeat || fb.Items == nil || (fb.Items)[0].URL != "file://fallback.mp4" {
		t.Errorf("fallback program = %+v", info.FallbackProgram)
	}
	if info.Programs == nil || len(info.Programs) != 1 {
		t.Fatalf("programs = %+v", info.Programs)
	}
	if p := (info.Programs)[0]; p.Name != "morning" || p.Scheduled != started || !p.Repeat || p.Items == nil ||
		(p.Items)[0] != (sdk.ScheduleItemInfo{URL: "file://news.mp4", Start: 0, Duration: -1}) {
		t.Errorf("program = %+v", p)
	}
	cp := info.CurrentProgram
	if cp.State != sdk.ScheduleProgramStateOnAir || cp.Name != "morning" || cp.Duration == 0 || cp.Duration != -1 ||
		cp.CurrentItem == nil || cp.CurrentItem.URL != "file://news.mp4" || cp.CurrentItem.CurrentPosition < 60000 {
		t.Errorf("current program = %+v (item %+v)", cp, cp.CurrentItem)
	}
	_, err = called(h, sc.Get)(h.ctx, vh, app, "nosuch")
	wantAPIError(t, "ScheduledChannels.Get(nosuch)", err, sdk.ErrNotFound, "Could not find the stream: [tv/#tv#channels/nosuch]")
	_, err = called(h, sc.Get)(h.ctx, vh, app, "studio")
	wantAPIError(t, "ScheduledChannels.Get(live stream)", err, sdk.ErrServer, "Could not get the scheduled stream")

	// A patch replaces the sections it has and keeps the others.
	must(t, "ScheduledChannels.Patch", called(h, sc.Patch)(h.ctx, vh, app, "tv1", sdk.SchedulePatch{
		Programs: []sdk.ScheduleProgram{{Name: "live", Scheduled: started,
			Items: []sdk.ScheduleItem{{URL: "stream://tv/channels/studio", ForwardData: true}}}}}))
	info, err = sc.Get(h.ctx, vh, app, "tv1")
	must(t, "Get after Patch", err)
	if info.FallbackProgram == nil || info.Programs == nil || (info.Programs)[0].Name != "live" || (info.Programs)[0].Repeat ||
		!((info.Programs)[0].Items)[0].ForwardData {
		t.Errorf("after Patch: fallback %+v, programs %+v", info.FallbackProgram, info.Programs)
	}
	for _, tc := range []struct {
		name, stream string
		patch        sdk.SchedulePatch
		sentinel     error
		msg          string
	}{
		{"bad item", "tv1", sdk.SchedulePatch{FallbackProgram: &sdk.ScheduleFallbackProgram{Items: []sdk.ScheduleItem{{URL: "rtmp://x/y"}}}},
			sdk.ErrBadRequest, "Could not patch the schedule"},
		{"live stream", "studio", sdk.SchedulePatch{}, sdk.ErrBadRequest, "Stream is not a scheduled stream"},
		{"unknown stream", "nosuch", sdk.SchedulePatch{}, sdk.ErrNotFound, "Could not find the stream: [tv/#tv#channels/nosuch]"},
	} {
		err := called(h, sc.Patch)(h.ctx, vh, app, tc.stream, tc.patch)
		wantAPIError(t, "ScheduledChannels.Patch "+tc.name, err, tc.sentinel, tc.msg)
	}

	err = called(h, sc.Delete)(h.ctx, vh, app, "studio")
	wantAPIError(t, "ScheduledChannels.Delete(live stream)", err, sdk.ErrBadRequest, "Stream is not a scheduled stream")
	err = called(h, sc.Delete)(h.ctx, vh, app, "nosuch")
	wantAPIError(t, "ScheduledChannels.Delete(nosuch)", err, sdk.ErrNotFound, "")
	must(t, "ScheduledChannels.Delete", called(h, sc.Delete)(h.ctx, vh, app, "tv1"))
	names, err = sc.List(h.ctx, vh, app)
	must(t, "List after Delete", err)
	wantStrings(t, "ScheduledChannels.List after Delete", names, nil)
	_, err = sc.Get(h.ctx, vh, app, "tv1")
	wantAPIError(t, "Get after Delete", err, sdk.ErrNotFound, "")
}

func testMockMultiplexChannels(t *testing.T, h *harness) {
	mc := h.c.MultiplexChannels
	h.writableApp("tv", channelsApp())
	const vh, app = "tv", "channels"

	names, err := called(h, mc.List)(h.ctx, vh, app)
	must(t, "MultiplexChannels.List", err)
	wantStrings(t, "MultiplexChannels.List", names, nil)
	// Without the Multiplex provider OME's provider has no such application.
	_, err = called(h, mc.List)(h.ctx, "default", "app")
	wantAPIError(t, "MultiplexChannels.List without the provider", err, sdk.ErrNotFound, "Could not get the multiplex application")

	profile := func(name, video string) sdk.MultiplexProfile {
		return sdk.MultiplexProfile{
			OutputStream: sdk.MultiplexOutputStream{Name: name},
			SourceStreams: []sdk.MultiplexSourceStream{{Name: "main", URL: "stream://tv/channels/src1", TrackMap: []sdk.MultiplexTrackMapEntry{
				{SourceTrackName: "Video", NewTrackName: "video", BitrateConf: int32(2500000)},
				{SourceTrackName: "Audio", NewTrackName: "audio", Language: "en"},
			}}},
			Playlists: []sdk.MultiplexPlaylist{{Name: "LLHLS", FileName: "master",
				Renditions: []sdk.MultiplexRendition{{Name: "main", Video: video, Audio: "audio"}}}},
		}
	}
	must(t, "MultiplexChannels.Create", called(h, mc.Create)(h.ctx, vh, app, profile("mux1", "video")))
	must(t, "MultiplexChannels.Create", called(h, mc.Create)(h.ctx, vh, app, profile("mux0", "video")))
	// A channel may not take the name of an existing stream.
	h.publish(vh, app, mockserver.InputStream{Name: "taken"})
	for _, tc := range []struct {
		name, vhost, app string
		profile          sdk.MultiplexProfile
		sentinel         error
		msg              string
	}{
		{"existing stream", vh, app, profile("taken", "video"), sdk.ErrConflict, "Stream 'taken' already exists"},
		{"unknown rendition track", vh, app, profile("mux2", "nosuch"), sdk.ErrBadRequest,
			"Failed to find video variant name nosuch in SourceStream/TrackMap object"},
		{"without the provider", "default", "app", profile("mux3", "video"), sdk.ErrProviderDisabled, "Forbidden"},
		{"unknown app", vh, "nosuch", profile("mux4", "video"), sdk.ErrNotFound, "Could not find the application: [tv/nosuch]"},
	} {
		err := called(h, mc.Create)(h.ctx, tc.vhost, tc.app, tc.profile)
		wantAPIError(t, "MultiplexChannels.Create "+tc.name, err, tc.sentinel, tc.msg)
	}
	names, err = called(h, mc.List)(h.ctx, vh, app)
	must(t, "MultiplexChannels.List", err)
	wantStrings(t, "MultiplexChannels.List after Create", names, []string{"mux0", "mux1"})

	// The source stream is missing: the channel waits for it.
	info, err := called(h, mc.Get)(h.ctx, vh, app, "mux1")
	must(t, "MultiplexChannels.Get", err)
	if info.OutputStream != (sdk.MultiplexOutputStreamInfo{Name: "mux1", BypassTranscoder: true}) || info.State != sdk.MultiplexStatePulling ||
		info.PullingMessage != "Multiplex Channel : #tv#channels/mux1: Wait for stream src1" {
		t.Errorf("MultiplexChannels.Get = %+v (pulling message %q)", info, info.PullingMessage)
	}
	if info.SourceStreams == nil || len(info.SourceStreams) != 1 || (info.SourceStreams)[0].TrackMap == nil {
		t.Fatalf("source streams = %+v", info.SourceStreams)
	}
	var mapped []string
	for _, e := range (info.SourceStreams)[0].TrackMap {
		mapped = append(mapped, e.SourceTrackName+"->"+e.NewTrackName)
	}
	wantStrings(t, "track map (sorted by source track)", mapped, []string{"Audio->audio", "Video->video"})
	if info.Playlists == nil || len(info.Playlists) != 1 || (info.Playlists)[0].FileName != "master" || (info.Playlists)[0].Options != nil {
		t.Errorf("playlists = %+v", info.Playlists)
	}
	h.publish(vh, app, mockserver.InputStream{Name: "src1"})
	info, err = called(h, mc.Get)(h.ctx, vh, app, "mux1")
	must(t, "MultiplexChannels.Get", err)
	if info.State != sdk.MultiplexStatePlaying || info.PullingMessage != "" {
		t.Errorf("with its source published: state %s, pulling message %q", info.State, info.PullingMessage)
	}
	_, err = called(h, mc.Get)(h.ctx, vh, app, "nosuch")
	wantAPIError(t, "MultiplexChannels.Get(nosuch)", err, sdk.ErrNotFound, "Could not get the multiplex stream <nosuch>")

	must(t, "MultiplexChannels.Delete", called(h, mc.Delete)(h.ctx, vh, app, "mux1"))
	err = called(h, mc.Delete)(h.ctx, vh, app, "mux1")
	// With WithoutDelays the channel goes at once (OME: when its provider has missed the file
	// three times; until then a second Delete fails with 500, the file being gone).
	wantAPIError(t, "MultiplexChannels.Delete twice", err, sdk.ErrNotFound, "Could not get the multiplex stream <mux1>")
	err = called(h, mc.Delete)(h.ctx, "default", "app", "mux0")
	wantAPIError(t, "MultiplexChannels.Delete without the provider", err, sdk.ErrNotFound, "Could not get the multiplex application")
	names, err = mc.List(h.ctx, vh, app)
	must(t, "List after Delete", err)
	wantStrings(t, "MultiplexChannels.List after Delete", names, []string{"mux0"})
}

// ---------------------------------------------------------------- jobs

func testMockPush(t *testing.T, h *harness) {
	push := h.c.Push
	h.writableApp("plain", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive}) // default publishers: no Push

	// Reserved: the output stream "cam" does not exist yet.
	p, err := called(h, push.Start)(h.ctx, "default", "app", sdk.StartPushRequest{ID: "yt", Protocol: "rtmp",
		URL: "rtmp://a.rtmp.example/live2/", StreamKey: "key", Stream: sdk.JobStreamRequest{Name: "cam"}})
	must(t, "Push.Start", err)
	if p.ID != "yt" || p.State != sdk.PushStateReady || p.Protocol == "" || p.Protocol != sdk.PushProtocolRTMP ||
		p.URL != "rtmp://a.rtmp.example/live2" || p.StreamKey != "key" || p.Vhost != "default" || p.App != "app" ||
		p.Stream.Name != "cam" || p.Sequence != 0 || p.IsConfig {
		t.Errorf("Push.Start (reserved) = %+v", p)
	}
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})
	p, err = called(h, push.Start)(h.ctx, "default", "app", sdk.StartPushRequest{ID: "backup", Protocol: " SRT ",
		URL: "srt://127.0.0.1:9999?streamid=x", Stream: sdk.JobStreamRequest{Name: "cam", VariantNames: []string{"bypass_video", "bypass_audio"}}})
	must(t, "Push.Start", err)
	// The start call always answers "ready"; the push starts on the next control pass (at
	// once with WithoutDelays), and the sequence counts sessions that have ended.
	if p.State != sdk.PushStateReady || p.Protocol == "" || p.Protocol != sdk.PushProtocolSRT || p.Sequence != 0 ||
		!slices.Equal(p.Stream.VariantNames, []string{"bypass_video", "bypass_audio"}) {
		t.Errorf("Push.Start (live) = %+v", p)
	}
	for _, tc := range []struct {
		name, vhost, app string
		req              sdk.StartPushRequest
		sentinel         error
		msg              string
	}{
		{"duplicate id", "default", "app", sdk.StartPushRequest{ID: "yt", Protocol: "rtmp", URL: "rtmp://x/y", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrBadRequest, "Duplicate ID"},
		{"unknown protocol", "default", "app", sdk.StartPushRequest{ID: "h", Protocol: "hls", URL: "http://x/y", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrBadRequest, "Could not find protocol 'hls': [default/app]"},
		{"SRT listener", "default", "app", sdk.StartPushRequest{ID: "l", Protocol: "srt", URL: "srt://127.0.0.1:9999?mode=listener", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrBadRequest, "Unsupported connection mode"},
		{"missing stream name", "default", "app", sdk.StartPushRequest{ID: "m", Protocol: "rtmp", URL: "rtmp://x/y"},
			sdk.ErrBadRequest, "There is no required parameter [ stream.name]"},
		{"app without Push publisher", "plain", "live", sdk.StartPushRequest{ID: "n", Protocol: "rtmp", URL: "rtmp://x/y", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrNotFound, "Could not find application: [plain/live]"},
	} {
		_, err := called(h, push.Start)(h.ctx, tc.vhost, tc.app, tc.req)
		wantAPIError(t, "Push.Start "+tc.name, err, tc.sentinel, tc.msg)
	}

	list, err := called(h, push.List)(h.ctx, "default", "app", "")
	must(t, "Push.List", err)
	if len(list) != 2 || list[0].ID != "backup" || list[1].ID != "yt" || list[0].State != sdk.PushStatePushing || list[1].State != sdk.PushStatePushing || list[1].Sequence != 0 {
		t.Errorf("Push.List = %+v; want backup and yt, both pushing", list)
	}
	list, err = called(h, push.List)(h.ctx, "default", "app", "yt")
	must(t, "Push.List(yt)", err)
	if len(list) != 1 || list[0].ID != "yt" {
		t.Errorf("Push.List(yt) = %+v", list)
	}
	list, err = called(h, push.List)(h.ctx, "default", "app", "nosuch")
	must(t, "Push.List(unknown id)", err)
	if len(list) != 0 {
		t.Errorf("Push.List(unknown id) = %+v", list)
	}
	list, err = called(h, push.List)(h.ctx, "plain", "live", "")
	must(t, "Push.List without Push publisher", err)
	if len(list) != 0 {
		t.Errorf("Push.List without Push publisher = %+v", list)
	}
	_, err = called(h, push.List)(h.ctx, "nosuch", "app", "")
	wantAPIError(t, "Push.List(nosuch vhost)", err, sdk.ErrNotFound, "Could not find the virtual host: [nosuch]")

	must(t, "Push.Stop", called(h, push.Stop)(h.ctx, "default", "app", "yt"))
	err = called(h, push.Stop)(h.ctx, "default", "app", "yt")
	wantAPIError(t, "Push.Stop twice", err, sdk.ErrNotFound, "Could not find id 'yt': [default/app]")
	err = called(h, push.Stop)(h.ctx, "default", "app", "")
	wantAPIError(t, "Push.Stop without id", err, sdk.ErrBadRequest, "There is no required parameter [ id]")
	list, err = push.List(h.ctx, "default", "app", "")
	must(t, "List after Stop", err)
	if len(list) != 1 || list[0].ID != "backup" {
		t.Errorf("Push.List after Stop = %+v", list)
	}
}

func testMockRecording(t *testing.T, h *harness) {
	rec := h.c.Recording
	h.writableApp("plain", sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive}) // default publishers: no FILE

	r, err := called(h, rec.Start)(h.ctx, "default", "app", sdk.StartRecordRequest{ID: "rec1", Stream: sdk.JobStreamRequest{Name: "cam"},
		Interval: int32(60000), SegmentationRule: sdk.RecordSegmentationRuleContinuity, Metadata: "show=1"})
	must(t, "Recording.Start", err)
	if r.ID != "rec1" || r.State != sdk.RecordStateReady || r.Interval == 0 || r.Interval != 60000 ||
		r.SegmentationRule == "" || r.SegmentationRule != sdk.RecordSegmentationRuleContinuity || r.Metadata != "show=1" ||
		!r.StartTime.IsZero() || r.CreatedTime.IsZero() {
		t.Errorf("Recording.Start (reserved) = %+v", r)
	}
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})
	r, err = called(h, rec.Start)(h.ctx, "default", "app", sdk.StartRecordRequest{ID: "rec2", Stream: sdk.JobStreamRequest{Name: "cam"},
		FilePath: "/tmp/rec/${Stream}.ts"})
	must(t, "Recording.Start", err)
	if r.State != sdk.RecordStateRecording || r.FilePath != "/tmp/rec/${Stream}.ts" || r.StartTime.IsZero() {
		t.Errorf("Recording.Start (live) = %+v", r)
	}
	for _, tc := range []struct {
		name, vhost, app string
		req              sdk.StartRecordRequest
		sentinel         error
		msg              string
	}{
		{"duplicate id", "default", "app", sdk.StartRecordRequest{ID: "rec1", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrBadRequest, "Duplicate ID already exists"},
		{"interval and schedule", "default", "app", sdk.StartRecordRequest{ID: "rec3", Stream: sdk.JobStreamRequest{Name: "cam"},
			Interval: int32(1000), Schedule: "0 */5 *"}, sdk.ErrBadRequest, "[Interval] and [Schedule] cannot be used at the same time"},
		{"missing id", "default", "app", sdk.StartRecordRequest{Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrBadRequest, "There is no required parameter [ id]"},
		{"app without FILE publisher", "plain", "live", sdk.StartRecordRequest{ID: "x", Stream: sdk.JobStreamRequest{Name: "cam"}},
			sdk.ErrNotFound, "Could not find application: [plain/live]"},
	} {
		_, err := called(h, rec.Start)(h.ctx, tc.vhost, tc.app, tc.req)
		wantAPIError(t, "Recording.Start "+tc.name, err, tc.sentinel, tc.msg)
	}

	list, err := called(h, rec.List)(h.ctx, "default", "app", "")
	must(t, "Recording.List", err)
	if len(list) != 2 || list[0].ID != "rec1" || list[0].State != sdk.RecordStateRecording || list[1].ID != "rec2" {
		t.Errorf("Recording.List = %+v; want rec1 (now recording) and rec2", list)
	}
	list, err = called(h, rec.List)(h.ctx, "default", "app", "rec2")
	must(t, "Recording.List(rec2)", err)
	if len(list) != 1 || list[0].ID != "rec2" {
		t.Errorf("Recording.List(rec2) = %+v", list)
	}
	list, err = called(h, rec.List)(h.ctx, "default", "app", "nosuch")
	must(t, "Recording.List(unknown id)", err)
	if len(list) != 0 {
		t.Errorf("Recording.List(unknown id) = %+v", list)
	}
	_, err = called(h, rec.List)(h.ctx, "plain", "live", "")
	wantAPIError(t, "Recording.List without FILE publisher", err, sdk.ErrNotFound, "Could not find application: [plain/live]")

	r, err = called(h, rec.Stop)(h.ctx, "default", "app", "rec1")
	must(t, "Recording.Stop", err)
	if r.ID != "rec1" || r.State != sdk.RecordStateStopping || r.Metadata != "show=1" || r.StartTime.IsZero() {
		t.Errorf("Recording.Stop = %+v", r)
	}
	_, err = called(h, rec.Stop)(h.ctx, "default", "app", "rec1")
	wantAPIError(t, "Recording.Stop twice", err, sdk.ErrNotFound, "There is no record information related to the ID [rec1]")
	_, err = called(h, rec.Stop)(h.ctx, "plain", "live", "rec1")
	wantAPIError(t, "Recording.Stop without FILE publisher", err, sdk.ErrNotFound, "Could not find application: [plain/live]")
	list, err = rec.List(h.ctx, "default", "app", "")
	must(t, "List after Stop", err)
	if len(list) != 1 || list[0].ID != "rec2" {
		t.Errorf("Recording.List after Stop = %+v", list)
	}
}

// ---------------------------------------------------------------- statistics

func testMockStats(t *testing.T, h *harness) {
	stats := h.c.Stats
	h.publish("default", "app", mockserver.InputStream{Name: "cam"})
	if err := h.ts.AddTraffic("default", "app", "cam", mockserver.Traffic{BytesIn: 500000, BytesOut: 2000000,
		Connections: map[string]int{"webrtc": 3, "llhls": 1}}); err != nil {
		t.Fatal(err)
	}
	// One window of one second: throughputs in bits/s, last* in bytes. This mock has no other
	// traffic, so every level shows the same counters.
	check := func(what string, m *sdk.Metrics) {
		t.Helper()
		if m == nil {
			t.Errorf("%s: no metrics", what)
			return
		}
		if m.TotalBytesIn != 500000 || m.TotalBytesOut != 2000000 || m.AvgThroughputIn != 4000000 || m.AvgThroughputOut != 16000000 ||
			m.MaxThroughputIn != 4000000 || m.LastThroughputIn != 500000 || m.LastThroughputOut != 2000000 ||
			m.TotalConnections != 4 || m.MaxTotalConnections != 4 || m.Connections.WebRTC != 3 || m.Connections.LLHLS != 1 ||
			m.CreatedTime.IsZero() || m.LastRecvTime.Before(m.CreatedTime.Time) {
			t.Errorf("%s = %+v", what, m)
		}
	}
	m, err := called(h, stats.Stream)(h.ctx, "default", "app", "cam")
	must(t, "Stats.Stream", err)
	check("Stats.Stream", m)
	m, err = called(h, stats.Application)(h.ctx, "default", "app")
	must(t, "Stats.Application", err)
	check("Stats.Application", m)
	m, err = called(h, stats.VirtualHost)(h.ctx, "default")
	must(t, "Stats.VirtualHost", err)
	check("Stats.VirtualHost", m)
	m, err = called(h, stats.Server)(h.ctx)
	must(t, "Stats.Server", err)
	check("Stats.Server", m)

	// When the stream goes, its sessions end; the byte totals stay.
	if err := h.ts.UnpublishStream("default", "app", "cam"); err != nil {
		t.Fatal(err)
	}
	m, err = called(h, stats.Application)(h.ctx, "default", "app")
	must(t, "Stats.Application", err)
	if m.TotalConnections != 0 || m.Connections.WebRTC != 0 || m.MaxTotalConnections != 4 || m.TotalBytesIn != 500000 {
		t.Errorf("Stats.Application after unpublish = %+v", m)
	}

	_, err = called(h, stats.Stream)(h.ctx, "default", "app", "cam")
	wantAPIError(t, "Stats.Stream(gone)", err, sdk.ErrNotFound, "Could not find the stream: [default/#default#app/cam]")
	_, err = called(h, stats.Application)(h.ctx, "default", "nosuch")
	wantAPIError(t, "Stats.Application(nosuch)", err, sdk.ErrNotFound, "Could not find the application: [default/nosuch]")
	_, err = called(h, stats.VirtualHost)(h.ctx, "nosuch")
	wantAPIError(t, "Stats.VirtualHost(nosuch)", err, sdk.ErrNotFound, "Could not find the virtual host: [nosuch]")
	_, err = called(h, h.intruder().Stats.Server)(h.ctx)
	wantAPIError(t, "Stats.Server with a wrong token", err, sdk.ErrUnauthorized, "")

	paths, err := called(h, stats.Internals)(h.ctx)
	must(t, "Stats.Internals", err)
	wantStrings(t, "Stats.Internals", paths, []string{"/v1/stats/current/internals/queues"})
	_, err = called(h, h.intruder().Stats.Internals)(h.ctx)
	wantAPIError(t, "Stats.Internals with a wrong token", err, sdk.ErrUnauthorized, "")

	h.publish("default", "app", mockserver.InputStream{Name: "cam2"})
	queues, err := called(h, stats.Queues)(h.ctx)
	must(t, "Stats.Queues", err)
	urns := map[string]bool{}
	for i, q := range queues {
		urns[q.Urn] = true
		if i > 0 && queues[i-1].ID >= q.ID {
			t.Errorf("queues not sorted by id at %d: %d then %d", i, queues[i-1].ID, q.ID)
		}
	}
	for _, want := range []string{"mngq:v=#default#app:p=imr:n=aw-0", "mngq:v=#default#app:s=cam2:p=trs:n=decoder"} {
		if !urns[want] {
			t.Errorf("Stats.Queues has no queue %q (got %d queues)", want, len(queues))
		}
	}
	_, err = called(h, h.intruder().Stats.Queues)(h.ctx)
	wantAPIError(t, "Stats.Queues with a wrong token", err, sdk.ErrUnauthorized, "")
}
