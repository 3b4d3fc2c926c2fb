package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/omekit/omekit/sdk"
)

// conformanceEnv describes the server a conformance run talks to.
type conformanceEnv struct {
	// readOnlyVhost is a virtual host declared in the server's Server.xml.
	readOnlyVhost string
	// publish makes an input stream appear in vhost/app (the mock's hook). Against a real OME it
	// is nil and the stream steps use stream, which must already be live in readOnlyVhost/app.
	publish func(vhost, app, stream string) error
	app     string // an application of readOnlyVhost with Push and FILE publishers
	stream  string // a live stream of readOnlyVhost/app when publish is nil ("" skips nothing: see below)
}

// runConformance is the conformance suite of SDK calls, written once and run against the mock
// (conformance_mock_test.go) and against a real OME (conformance_integration_test.go, build tag
// integration). It creates its own virtual host and removes it at the end.
func runConformance(t *testing.T, c *sdk.Client, env conformanceEnv) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	vhost := fmt.Sprintf("conformance%d", time.Now().UnixNano()%1_000_000)

	step := func(name string, fn func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}

	step("version", func(t *testing.T) {
		v, err := c.Version.Get(ctx)
		if err != nil || v.Version == "" {
			t.Fatalf("Version.Get = %+v, %v", v, err)
		}
	})
	step("read-only vhost is listed", func(t *testing.T) {
		names, err := c.VirtualHosts.List(ctx)
		if err != nil || !contains(names, env.readOnlyVhost) {
			t.Fatalf("List = %v, %v; want %q in it", names, err, env.readOnlyVhost)
		}
	})
	step("create vhost, duplicate in the same batch", func(t *testing.T) {
		res, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: vhost}, sdk.VirtualHost{Name: vhost})
		var be *sdk.BatchError
		if !errors.As(err, &be) || be.StatusCode != 207 || len(be.Failed) != 1 || be.Failed[0].Index != 1 || !errors.Is(err, sdk.ErrConflict) {
			t.Fatalf("Create = %+v, %v; want item 1 to fail with 409 in a 207", res, err)
		}
		if len(res) != 2 || !res[0].OK() || res[0].Value.Name != vhost {
			t.Fatalf("results %+v", res)
		}
	})
	t.Cleanup(func() { _ = c.VirtualHosts.Delete(context.Background(), vhost) })

	step("get vhost", func(t *testing.T) {
		got, err := c.VirtualHosts.Get(ctx, vhost)
		if err != nil || got.Name != vhost {
			t.Fatalf("Get = %+v, %v", got, err)
		}
	})
	step("create apps with defaults, and a config error", func(t *testing.T) {
		res, err := c.Applications.Create(ctx, vhost, sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive,
			Publishers: &sdk.Publishers{Push: &sdk.PublisherPush{}, File: &sdk.PublisherFile{}, LLHLS: &sdk.PublisherLLHLS{}}})
		if err != nil || len(res) != 1 || res[0].Value.OutputProfiles == nil || res[0].Value.Providers == nil {
			t.Fatalf("Create = %+v, %v; want defaults for providers and output profiles", res, err)
		}
		_, err = c.Applications.Create(ctx, vhost, sdk.Application{Name: "live", Type: sdk.ApplicationTypeLive})
		if !errors.Is(err, sdk.ErrConflict) {
			t.Fatalf("duplicate app: %v", err)
		}
		// The Go model always sends "type"; an empty one is OME's "Unknown type: " config error.
		_, err = c.Applications.Create(ctx, vhost, sdk.Application{Name: "bad"})
		var ae *sdk.APIError
		if !errors.As(err, &ae) || ae.StatusCode != 400 || ae.RawMessage != "[Config] Unknown type: " {
			t.Fatalf("app without type: %v", err)
		}
	})
	step("patch app restarts it with the merged config", func(t *testing.T) {
		got, err := c.Applications.Patch(ctx, vhost, "live", sdk.ApplicationPatch{
			Providers: &sdk.Providers{RTMP: &sdk.ProviderRTMP{BlockDuplicateStreamName: sdk.NewBool(false)}}})
		if err != nil || got.Providers == nil || got.Providers.RTMP == nil || got.Providers.RTMP.BlockDuplicateStreamName.Bool() {
			t.Fatalf("Patch = %+v, %v", got, err)
		}
		_, err = c.Applications.Patch(ctx, vhost, "nosuch", sdk.ApplicationPatch{})
		if !errors.Is(err, sdk.ErrNotFound) {
			t.Fatalf("patch of a missing app: %v", err)
		}
	})
	step("output profiles", func(t *testing.T) {
		audio := []sdk.EncodeAudio{{Codec: "opus", Bitrate: sdk.NewInt(128000), Samplerate: sdk.NewInt(48000), Channel: sdk.NewInt(2)}}
		res, err := c.OutputProfiles.Create(ctx, vhost, "live", sdk.OutputProfile{Name: "opus", OutputStreamName: "${OriginStreamName}_opus",
			Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
		if err != nil || len(res) != 1 || res[0].Value.Name != "opus" {
			t.Fatalf("Create = %+v, %v", res, err)
		}
		names, err := c.OutputProfiles.List(ctx, vhost, "live")
		if err != nil || !contains(names, "opus") {
			t.Fatalf("List = %v, %v", names, err)
		}
		p, err := c.OutputProfiles.Replace(ctx, vhost, "live", "opus", sdk.OutputProfileUpdate{OutputStreamName: "${OriginStreamName}_audio",
			Encodes: &sdk.OutputProfileEncodes{Audios: audio}})
		if err != nil || p == nil || p.OutputStreamName != "${OriginStreamName}_audio" || p.Name != "opus" {
			t.Fatalf("Replace = %+v, %v", p, err)
		}
		if err := c.OutputProfiles.Delete(ctx, vhost, "live", "opus"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.OutputProfiles.Get(ctx, vhost, "live", "opus"); !errors.Is(err, sdk.ErrNotFound) {
			t.Fatalf("Get after Delete: %v", err)
		}
	})
	step("read-only rule", func(t *testing.T) {
		_, err := c.Applications.Create(ctx, env.readOnlyVhost, sdk.Application{Name: "x", Type: sdk.ApplicationTypeLive})
		if !errors.Is(err, sdk.ErrReadOnly) || errors.Is(err, sdk.ErrProviderDisabled) {
			t.Fatalf("create app in %s: %v", env.readOnlyVhost, err)
		}
		if err := c.VirtualHosts.Delete(ctx, env.readOnlyVhost); !errors.Is(err, sdk.ErrReadOnly) {
			t.Fatalf("delete %s: %v", env.readOnlyVhost, err)
		}
	})
	step("channel provider disabled", func(t *testing.T) {
		err := c.ScheduledChannels.Create(ctx, vhost, "live", sdk.Schedule{Stream: sdk.ScheduleStream{Name: "ch"}})
		if !errors.Is(err, sdk.ErrProviderDisabled) || errors.Is(err, sdk.ErrReadOnly) {
			t.Fatalf("scheduled channel without provider: %v", err)
		}
	})
	step("not found", func(t *testing.T) {
		if _, err := c.Streams.Get(ctx, vhost, "live", "nosuchstream"); !errors.Is(err, sdk.ErrNotFound) {
			t.Fatalf("stream: %v", err)
		}
		if _, err := c.Stats.VirtualHost(ctx, "nosuchvhost"); !errors.Is(err, sdk.ErrNotFound) {
			t.Fatalf("stats: %v", err)
		}
	})

	// Jobs and events need a live stream.
	jobVhost, jobApp, stream := vhost, "live", "cam"
	if env.publish != nil {
		if err := env.publish(vhost, "live", stream); err != nil {
			t.Fatal(err)
		}
	} else {
		jobVhost, jobApp, stream = env.readOnlyVhost, env.app, env.stream
	}
	step("push", func(t *testing.T) {
		p, err := c.Push.Start(ctx, jobVhost, jobApp, sdk.StartPushRequest{ID: "conf-push", Protocol: "srt",
			URL: "srt://127.0.0.1:9999?streamid=x", Stream: sdk.JobStreamRequest{Name: stream}})
		if err != nil || p.ID == "" || p.ID != "conf-push" {
			t.Fatalf("Start = %+v, %v", p, err)
		}
		if _, err := c.Push.Start(ctx, jobVhost, jobApp, sdk.StartPushRequest{ID: "conf-push", Protocol: "srt",
			URL: "srt://127.0.0.1:9999", Stream: sdk.JobStreamRequest{Name: stream}}); !errors.Is(err, sdk.ErrBadRequest) {
			t.Fatalf("duplicate id: %v (OME answers 400, not 409)", err)
		}
		list, err := c.Push.List(ctx, jobVhost, jobApp, "conf-push")
		if err != nil || len(list) != 1 {
			t.Fatalf("List = %+v, %v", list, err)
		}
		if err := c.Push.Stop(ctx, jobVhost, jobApp, "conf-push"); err != nil {
			t.Fatal(err)
		}
	})
	step("record", func(t *testing.T) {
		r, err := c.Recording.Start(ctx, jobVhost, jobApp, sdk.StartRecordRequest{ID: "conf-rec", Stream: sdk.JobStreamRequest{Name: stream}})
		if err != nil || r.ID == "" || r.ID != "conf-rec" {
			t.Fatalf("Start = %+v, %v", r, err)
		}
		r, err = c.Recording.Stop(ctx, jobVhost, jobApp, "conf-rec")
		if err != nil || r.State != sdk.RecordStateStopping {
			t.Fatalf("Stop = %+v, %v", r, err)
		}
		if _, err := c.Recording.Stop(ctx, jobVhost, jobApp, "conf-rec"); !errors.Is(err, sdk.ErrNotFound) {
			t.Fatalf("second Stop: %v", err)
		}
	})
	step("stream info and stats", func(t *testing.T) {
		info, err := c.Streams.Get(ctx, jobVhost, jobApp, stream)
		if err != nil || len(info.Input.Tracks) == 0 {
			t.Fatalf("Get = %+v, %v", info, err)
		}
		if _, err := c.Stats.Stream(ctx, jobVhost, jobApp, stream); err != nil {
			t.Fatal(err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
