// Command service is the kind of code a Go service that drives OvenMediaEngine contains. It
// provisions a tenant — a virtual host and an application with an adaptive-bitrate output
// profile, push and FILE publishers — then, once the tenant's encoder is live, restreams it to
// an RTMP destination, records it in ten-minute files, pulls a backup camera, tags the stream
// with a timed event, reports the statistics, and tears the tenant down.
//
// Against a real OvenMediaEngine (an encoder must publish rtmp://OME/live/main into the
// tenant's virtual host within -wait; -tenant must resolve to the OME server for that):
//
//	go run ./examples/service -url http://ome.example:8081 -token "$OME_TOKEN" -tenant tenant1.example.com
//
// Without -url it runs against an in-process mock and plays the encoder itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/omekit/omekit/mockserver"
	"github.com/omekit/omekit/sdk"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
}

// tenant is what the service provisions for one customer.
type tenant struct {
	vhost, app, host string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	url := fs.String("url", "", "OME API base URL (default: an in-process mock)")
	token := fs.String("token", "", "OME access token (the raw <AccessToken>)")
	host := fs.String("tenant", "tenant1.example.com", "host name of the tenant's virtual host")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for the encoder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *wait+time.Minute)
	defer cancel()

	var mock *mockserver.Server
	if *url == "" {
		var stop func()
		var err error
		if mock, *url, stop, err = startMock(); err != nil {
			return err
		}
		defer stop()
		*token = mock.Token()
	}
	c, err := sdk.New(*url, sdk.WithAccessToken(*token), sdk.WithRetry(sdk.RetryPolicy{MaxAttempts: 3, MinBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second}))
	if err != nil {
		return err
	}
	t := tenant{vhost: "tenant1", app: "live", host: *host}
	if err := provision(ctx, c, t); err != nil {
		return err
	}
	fmt.Fprintf(out, "provisioned %s/%s\n", t.vhost, t.app)
	defer func() {
		// Deleting the virtual host removes its applications, streams and jobs.
		if err := c.VirtualHosts.Delete(context.Background(), t.vhost); err != nil && !errors.Is(err, sdk.ErrNotFound) {
			fmt.Fprintln(out, "teardown:", err)
		}
		fmt.Fprintln(out, "tenant removed")
	}()

	if mock != nil {
		// The encoder: OME's API cannot make a stream appear, the mock's hooks can.
		if err := mock.PublishStream(t.vhost, t.app, mockserver.InputStream{Name: "main"}); err != nil {
			return err
		}
	}
	info, err := waitLive(ctx, c, t, "main", *wait)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "main is live from %s with %d output stream(s)\n", info.Input.SourceType, len(info.Outputs))
	return operate(ctx, c, t, mock, out)
}

// provision creates the tenant's virtual host and application. A tenant that exists already is
// not an error (the service may restart); any other failed item is.
func provision(ctx context.Context, c *sdk.Client, t tenant) error {
	_, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{
		Name: t.vhost,
		Host: &sdk.Host{Names: []string{t.host}},
	})
	if err != nil && !errors.Is(err, sdk.ErrConflict) {
		return fmt.Errorf("create virtual host: %w", err)
	}
	abr := sdk.OutputProfile{
		Name:             "abr",
		OutputStreamName: "${OriginStreamName}",
		Encodes: &sdk.OutputProfileEncodes{
			Videos: []sdk.EncodeVideo{
				{Name: "1080p", Bypass: sdk.NewBool(true)},
				{Name: "720p", Codec: "h264", Width: sdk.NewInt(1280), Height: sdk.NewInt(720), Bitrate: sdk.NewInt(2_500_000), Framerate: sdk.NewFloat(30), Preset: "faster"},
				{Name: "480p", Codec: "h264", Width: sdk.NewInt(854), Height: sdk.NewInt(480), Bitrate: sdk.NewInt(1_000_000), Framerate: sdk.NewFloat(30), Preset: "faster"},
			},
			Audios: []sdk.EncodeAudio{
				{Name: "aac", Codec: "aac", Bitrate: sdk.NewInt(128_000), Samplerate: sdk.NewInt(48_000), Channel: sdk.NewInt(2),
					BypassIfMatch: &sdk.BypassIfMatch{Codec: "eq"}},
				{Name: "opus", Codec: "opus", Bitrate: sdk.NewInt(128_000), Samplerate: sdk.NewInt(48_000), Channel: sdk.NewInt(2)},
			},
		},
		Playlists: []sdk.OutputProfilePlaylist{{
			Name: "abr", FileName: "abr",
			Options: &sdk.OutputProfilePlaylistOptions{WebRTCAutoABR: sdk.NewBool(true)},
			Renditions: []sdk.OutputProfilePlaylistRendition{
				{Name: "1080p", Video: "1080p", Audio: "aac"},
				{Name: "720p", Video: "720p", Audio: "aac"},
				{Name: "480p", Video: "480p", Audio: "aac"},
			},
		}},
	}
	_, err = c.Applications.Create(ctx, t.vhost, sdk.Application{
		Name: t.app,
		Type: sdk.ApplicationTypeLive,
		Providers: &sdk.Providers{
			RTMP:     &sdk.ProviderRTMP{},
			SRT:      &sdk.ProviderSRT{},
			RTSPPull: &sdk.ProviderRTSPPull{},
		},
		Publishers: &sdk.Publishers{
			WebRTC: &sdk.PublisherWebRTC{},
			LLHLS:  &sdk.PublisherLLHLS{ChunkDuration: sdk.NewFloat(0.5), SegmentDuration: sdk.NewFloat(6)},
			Push:   &sdk.PublisherPush{},
			File:   &sdk.PublisherFile{RootPath: "/var/lib/ome/records"},
		},
		OutputProfiles: &sdk.OutputProfiles{OutputProfile: []sdk.OutputProfile{abr}},
	})
	if err != nil && !errors.Is(err, sdk.ErrConflict) {
		return fmt.Errorf("create application: %w", err)
	}
	return nil
}

// waitLive polls until the stream exists (OME has no notification for it in the REST API).
func waitLive(ctx context.Context, c *sdk.Client, t tenant, stream string, limit time.Duration) (*sdk.StreamInfo, error) {
	deadline := time.Now().Add(limit)
	for {
		info, err := c.Streams.Get(ctx, t.vhost, t.app, stream)
		switch {
		case err == nil:
			return info, nil
		case !errors.Is(err, sdk.ErrNotFound):
			return nil, err
		case time.Now().After(deadline):
			return nil, fmt.Errorf("%s/%s/%s did not go live within %s", t.vhost, t.app, stream, limit)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// operate restreams, records, pulls a backup, sends an event and reports the statistics.
func operate(ctx context.Context, c *sdk.Client, t tenant, mock *mockserver.Server, out io.Writer) error {
	push, err := c.Push.Start(ctx, t.vhost, t.app, sdk.StartPushRequest{
		ID:        "restream",
		Stream:    sdk.JobStreamRequest{Name: "main", VariantNames: []string{"720p", "aac"}},
		Protocol:  sdk.PushProtocolRTMP,
		URL:       "rtmp://live.example.net/app",
		StreamKey: "tenant1-main",
	})
	if err != nil {
		return fmt.Errorf("start push: %w", err)
	}
	fmt.Fprintf(out, "push %s: %s\n", push.ID, push.State)

	rec, err := c.Recording.Start(ctx, t.vhost, t.app, sdk.StartRecordRequest{
		ID:               "archive",
		Stream:           sdk.JobStreamRequest{Name: "main"},
		Interval:         10 * 60 * 1000, // ten-minute files
		SegmentationRule: sdk.RecordSegmentationRuleContinuity,
		Metadata:         "tenant=tenant1",
	})
	if err != nil {
		return fmt.Errorf("start recording: %w", err)
	}
	fmt.Fprintf(out, "recording %s: %s\n", rec.ID, rec.State)

	// A backup camera, pulled over RTSP; without input for 5 s OME fails over to the next URL.
	err = c.Streams.Create(ctx, t.vhost, t.app, sdk.CreateStreamRequest{
		Name:       "backup",
		URLs:       []string{"rtsp://cam1.example.net/main", "rtsp://cam2.example.net/main"},
		Properties: &sdk.CreateStreamProperties{NoInputFailoverTimeoutMs: sdk.Ptr(int32(5000))},
	})
	if err != nil {
		fmt.Fprintln(out, "backup camera unavailable:", err)
	} else {
		fmt.Fprintln(out, "backup camera pulled")
	}

	event := sdk.ID3v2Event(sdk.ID3v2Frame{FrameType: "TXXX", Info: "segment", Data: "kickoff"})
	event.EventType = sdk.SendEventTypeVideo
	if err := c.Streams.SendEvent(ctx, t.vhost, t.app, "main", event); err != nil {
		return fmt.Errorf("send event: %w", err)
	}
	fmt.Fprintln(out, "event sent")

	if mock != nil {
		_ = mock.AddTraffic(t.vhost, t.app, "main", mockserver.Traffic{BytesIn: 3_000_000, BytesOut: 12_000_000, Connections: map[string]int{"webrtc": 40, "llhls": 160}})
	}
	m, err := c.Stats.Stream(ctx, t.vhost, t.app, "main")
	if err != nil {
		return fmt.Errorf("stream stats: %w", err)
	}
	fmt.Fprintf(out, "main: %d viewers, %d bytes in, %d bytes out\n", m.TotalConnections, m.TotalBytesIn, m.TotalBytesOut)

	if err := c.Push.Stop(ctx, t.vhost, t.app, "restream"); err != nil {
		return fmt.Errorf("stop push: %w", err)
	}
	if rec, err = c.Recording.Stop(ctx, t.vhost, t.app, "archive"); err != nil {
		return fmt.Errorf("stop recording: %w", err)
	}
	fmt.Fprintf(out, "recording %s: %s\n", rec.ID, rec.State)
	return nil
}

// startMock serves an in-process mock on a loopback port.
func startMock() (m *mockserver.Server, url string, stop func(), err error) {
	if m, err = mockserver.New(); err != nil {
		return nil, "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return m, "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
