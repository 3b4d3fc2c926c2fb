// Command quickstart walks through the common calls of the SDK: create a virtual host and an
// application, start and stop a push and a recording, send a timed-metadata event, read
// statistics, and handle the 403 OME gives for a virtual host declared in Server.xml.
//
// Against a real OvenMediaEngine:
//
//	go run ./examples/quickstart -url http://ome.example:8081 -token "$OME_TOKEN" -stream live
//
// (the -stream must be a live input stream with a data track for the event step, published to
// -vhost/-app; the example creates and deletes its own virtual host "quickstart" otherwise).
// Without -url it starts an in-process mock and publishes a simulated stream on it.
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
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	url := fs.String("url", "", "OME API base URL (default: an in-process mock)")
	token := fs.String("token", "", "OME access token (the raw <AccessToken>)")
	readOnlyVhost := fs.String("readonly-vhost", "default", "a virtual host declared in Server.xml")
	stream := fs.String("stream", "", "an existing input stream of -vhost/-app to push, record and send an event to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	const vhost, app = "quickstart", "live"
	var mock *mockserver.Server
	if *url == "" {
		var stop func()
		var err error
		mock, *url, stop, err = startMock()
		if err != nil {
			return err
		}
		defer stop()
		*token = mock.Token()
	}
	c, err := sdk.New(*url, sdk.WithAccessToken(*token))
	if err != nil {
		return err
	}

	v, err := c.Version.Get(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "OME %s\n", v.Version)

	// A virtual host with one application that can push and record.
	if _, err := c.VirtualHosts.Create(ctx, sdk.VirtualHost{Name: vhost}); err != nil {
		return fmt.Errorf("create vhost: %w", err)
	}
	defer func() {
		if err := c.VirtualHosts.Delete(context.Background(), vhost); err != nil {
			fmt.Fprintln(out, "cleanup:", err)
		}
	}()
	res, err := c.Applications.Create(ctx, vhost, sdk.Application{
		Name: app,
		Type: sdk.ApplicationTypeLive,
		Publishers: &sdk.Publishers{
			LLHLS: &sdk.PublisherLLHLS{},
			Push:  &sdk.PublisherPush{},
			File:  &sdk.PublisherFile{},
		},
	})
	if err != nil {
		return fmt.Errorf("create app: %w", err)
	}
	fmt.Fprintf(out, "created %s/%s with %d output profile(s)\n", vhost, res[0].Value.Name, len(res[0].Value.OutputProfiles.OutputProfile))

	name := *stream
	if mock != nil {
		name = "cam1"
		if err := mock.PublishStream(vhost, app, mockserver.InputStream{Name: name}); err != nil {
			return err
		}
	}

	if name != "" {
		// Push the stream's output (the default profile keeps the stream's name) to an RTMP server.
		p, err := c.Push.Start(ctx, vhost, app, sdk.StartPushRequest{
			ID: "to-youtube", Protocol: "rtmp", URL: "rtmp://a.rtmp.example/live2", StreamKey: "secret-key",
			Stream: sdk.JobStreamRequest{Name: name},
		})
		if err != nil {
			return fmt.Errorf("start push: %w", err)
		}
		fmt.Fprintf(out, "push %s: %s\n", p.ID, p.State)
		// OME answers "ready" and starts the push on its next control pass, about a second
		// later: wait for the state to move on ("pushing", or "error" when the destination
		// cannot be reached).
		state, err := waitPush(ctx, c, vhost, app, p.ID, 5*time.Second)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "push %s: %s\n", p.ID, state)
		if err := c.Push.Stop(ctx, vhost, app, "to-youtube"); err != nil {
			return fmt.Errorf("stop push: %w", err)
		}

		r, err := c.Recording.Start(ctx, vhost, app, sdk.StartRecordRequest{ID: "rec1", Stream: sdk.JobStreamRequest{Name: name}})
		if err != nil {
			return fmt.Errorf("start record: %w", err)
		}
		fmt.Fprintf(out, "record %s: %s\n", r.ID, r.State)
		if r, err = c.Recording.Stop(ctx, vhost, app, "rec1"); err != nil {
			return fmt.Errorf("stop record: %w", err)
		}
		fmt.Fprintf(out, "record %s: %s\n", r.ID, r.State)

		// An ID3v2 timed-metadata event into the stream.
		ev := sdk.ID3v2Event(sdk.ID3v2Frame{FrameType: "TXXX", Info: "scene", Data: "goal"})
		if err := c.Streams.SendEvent(ctx, vhost, app, name, ev); err != nil {
			return fmt.Errorf("send event: %w", err)
		}
		fmt.Fprintln(out, "event sent")

		if mock != nil {
			if err := mock.AddTraffic(vhost, app, name, mockserver.Traffic{BytesIn: 1_000_000, BytesOut: 4_000_000}); err != nil {
				return err
			}
		}
	}

	m, err := c.Stats.VirtualHost(ctx, vhost)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	fmt.Fprintf(out, "vhost %s: %d bytes in, %d bytes out\n", vhost, m.TotalBytesIn, m.TotalBytesOut)

	// Virtual hosts declared in Server.xml are read-only: OME answers 403.
	err = c.VirtualHosts.Delete(ctx, *readOnlyVhost)
	switch {
	case errors.Is(err, sdk.ErrReadOnly):
		fmt.Fprintf(out, "vhost %s is read-only (declared in Server.xml)\n", *readOnlyVhost)
	case err != nil:
		return fmt.Errorf("delete %s: %w", *readOnlyVhost, err)
	default:
		return fmt.Errorf("deleting %s succeeded; it was not declared in Server.xml", *readOnlyVhost)
	}
	return nil
}

// waitPush polls a push until it leaves the state "ready", for at most limit.
func waitPush(ctx context.Context, c *sdk.Client, vhost, app, id string, limit time.Duration) (sdk.PushState, error) {
	deadline := time.Now().Add(limit)
	for {
		list, err := c.Push.List(ctx, vhost, app, id)
		if err != nil {
			return "", fmt.Errorf("list pushes: %w", err)
		}
		if len(list) != 1 {
			return "", fmt.Errorf("push %s: listed %d times", id, len(list))
		}
		if list[0].State != sdk.PushStateReady || time.Now().After(deadline) {
			return list[0].State, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// startMock serves an in-process mock on a free loopback port.
func startMock() (*mockserver.Server, string, func(), error) {
	m, err := mockserver.New()
	if err != nil {
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
