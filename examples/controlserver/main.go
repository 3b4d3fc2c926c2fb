// Command controlserver is an AdmissionWebhooks control server for OvenMediaEngine: encoders may
// publish only with a known stream key; players may always play.
//
// The stream key is the `key` query parameter of the URL the encoder publishes to
// (rtmp://ome.example:1935/app/stream?key=K), or, without one, the stream name itself
// (rtmp://ome.example:1935/app/K, which is what OBS sends with K as its "stream key").
//
//	OME_WEBHOOK_SECRET=1234 go run ./examples/controlserver -listen 127.0.0.1:9595 -keys k1,k2
//
// and in Server.xml, inside the <VirtualHost>:
//
//	<AdmissionWebhooks>
//		<ControlServerUrl>http://127.0.0.1:9595/v1/admission</ControlServerUrl>
//		<SecretKey>1234</SecretKey>
//		<Timeout>3000</Timeout>
//		<Enables><Providers>rtmp,srt,webrtc</Providers></Enables>
//	</AdmissionWebhooks>
//
// It serves until interrupted and logs every decision (never the secret).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/omekit/omekit/sdk/webhook"
)

// AdmissionPath is where the control server answers.
const AdmissionPath = "/v1/admission"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "controlserver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("controlserver", flag.ContinueOnError)
	fs.SetOutput(out)
	listen := fs.String("listen", "127.0.0.1:9595", "address to listen on")
	keys := fs.String("keys", "", "comma-separated stream keys allowed to publish")
	if err := fs.Parse(args); err != nil {
		return err
	}
	secret := os.Getenv("OME_WEBHOOK_SECRET") // not a flag: flags show up in process lists
	if secret == "" {
		return errors.New("set OME_WEBHOOK_SECRET to the <SecretKey> of <AdmissionWebhooks>")
	}
	srv, err := start(*listen, secret, strings.Split(*keys, ","), out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "control server on %s%s\n", srv.URL, AdmissionPath)
	<-ctx.Done()
	return srv.Close()
}

// server is a running control server.
type server struct {
	URL  string // base URL, e.g. http://127.0.0.1:9595
	http *http.Server
}

// Close stops the server, waiting up to five seconds for requests in flight.
func (s *server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}

// start listens on addr and serves the admission handler in the background. Decisions are
// logged to log.
func start(addr, secret string, keys []string, log io.Writer) (*server, error) {
	logger := slog.New(slog.NewTextHandler(log, nil))
	h, err := webhook.NewAdmissionHandler(secret, admission(keys, logger), webhook.WithLogger(logger))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(AdmissionPath, h)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("serve", "err", err)
		}
	}()
	return &server{URL: "http://" + ln.Addr().String(), http: hs}, nil
}

// admission decides: playback is open, publishing needs one of keys.
func admission(keys []string, log *slog.Logger) func(context.Context, webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
	known := map[string]bool{}
	for _, k := range keys {
		if k = strings.TrimSpace(k); k != "" {
			known[k] = true
		}
	}
	return func(ctx context.Context, req webhook.AdmissionRequest) (webhook.AdmissionResponse, error) {
		r := req.Request
		if r.Status == webhook.Closing {
			log.InfoContext(ctx, "session closed", "direction", r.Direction, "protocol", r.Protocol, "client", req.Client.Address)
			return webhook.Allow(), nil // the answer is ignored
		}
		if r.Direction == webhook.Outgoing {
			return webhook.Allow(), nil
		}
		key := streamKey(r.URL)
		if !known[key] {
			log.InfoContext(ctx, "publish denied", "protocol", r.Protocol, "client", req.Client.Address)
			return webhook.Deny("unknown stream key"), nil
		}
		log.InfoContext(ctx, "publish allowed", "protocol", r.Protocol, "client", req.Client.Address)
		return webhook.Allow(), nil
	}
}

// streamKey is the `key` query parameter of u, or else its last path segment (the stream name).
func streamKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if k := p.Query().Get("key"); k != "" {
		return k
	}
	name := path.Base(p.Path)
	if name == "/" || name == "." {
		return ""
	}
	return name
}
