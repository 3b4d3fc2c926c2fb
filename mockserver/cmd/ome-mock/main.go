// Command ome-mock serves the OvenMediaEngine REST API mock for integration tests in any language.
//
// With no flags it serves the embedded default Server.xml on 127.0.0.1:8081 with the access token
// "ome-access-token". When it is ready it prints two lines to standard output: the base URL, then
// how to authenticate.
//
// The server bounds what a client can hold: the request headers must arrive within
// -read-header-timeout (10s) and be at most -max-header-bytes (64 KiB), the whole request within
// -read-timeout (30s); an answer must be written within -write-timeout (60s), which also bounds
// the work done for the request (an admission-webhook call, for instance); a keep-alive connection
// is closed after -idle-timeout (60s) without a request. A timeout of 0 disables that bound.
//
// On SIGINT or SIGTERM it stops accepting connections, lets the requests in flight finish for up
// to -shutdown-grace (5s), then cancels what is still running (an admission-webhook call in
// flight is cancelled with its request), closes the remaining connections and exits with status 0.
// A second signal during the grace period stops it at once.
//
//	ome-mock [-c Server.xml|DIR] [-listen HOST:PORT] [-token TOKEN] [-v] [limits]
package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/omekit/omekit/mockserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// Once the first signal has started the shutdown, a second one stops the process at
		// once (the default action of the signal).
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ome-mock:", err)
		os.Exit(1)
	}
}

const about = `Serves a mock of OvenMediaEngine's REST API (v1, OME 0.21), seeded from a Server.xml, for
integration tests. Requests need "Authorization: Basic <base64 of the whole access token>".
When ready it prints the base URL and how to authenticate. SIGINT or SIGTERM stops it: requests in
flight may finish within -shutdown-grace, then the rest are cancelled and it exits with status 0.
The limits bound what a client can hold (a timeout of 0 disables it).`

// usage writes the help text to w.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: ome-mock [-c Server.xml|DIR] [-listen HOST:PORT] [-token TOKEN] [-strict] [-no-delays] [-v] [limits]\n\n%s\n\nFlags:\n", about)
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// run parses args, serves until ctx is done, and returns the first error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ome-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below: to stdout for -h, to stderr after a bad flag
	conf := fs.String("c", "", "Server.xml file, or a directory holding Server.xml (default: the embedded default configuration)")
	listen := fs.String("listen", "", "address to listen on, HOST:PORT (port 0 picks a free one; default 127.0.0.1 and the config's API port)")
	token := fs.String("token", "", "access token (default: the config's <AccessToken>)")
	verbose := fs.Bool("v", false, "log every request to stderr (never the token)")
	strict := fs.Bool("strict", false, "validate every request against openapi/ome.yaml first and answer a violation 400 naming its JSON path (OME does not; off by default)")
	noDelays := fs.Bool("no-delays", false, "make OME's background work take effect at once: pushes start and stop, channels appear, change and go in the call (default: OME's timing)")
	gitVersion := fs.String("git-version", "", "gitVersion GET /v1/version reports (default: the mock's own, \"v0.21.0-omekit-mock\")")
	lim := defaultLimits
	fs.DurationVar(&lim.readHeader, "read-header-timeout", lim.readHeader, "limit: time to read a request's headers")
	fs.DurationVar(&lim.read, "read-timeout", lim.read, "limit: time to read a whole request, body included")
	fs.DurationVar(&lim.write, "write-timeout", lim.write, "limit: time to handle a request and write its answer; the request's work is cancelled then")
	fs.DurationVar(&lim.idle, "idle-timeout", lim.idle, "limit: time a keep-alive connection may wait for its next request")
	fs.IntVar(&lim.maxHeaderBytes, "max-header-bytes", lim.maxHeaderBytes, "limit: size of a request's line and headers (larger: 431)")
	fs.DurationVar(&lim.grace, "shutdown-grace", lim.grace, "time requests in flight may take to finish after SIGINT/SIGTERM before they are cancelled")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return nil
		}
		usage(stderr, fs)
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v (see ome-mock -h)", fs.Args())
	}
	if err := lim.check(); err != nil {
		return err
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts := []mockserver.Option{mockserver.WithLogger(logger)}
	if *conf != "" {
		opts = append(opts, mockserver.WithConfigFile(*conf))
	}
	if *token != "" {
		opts = append(opts, mockserver.WithAccessToken(*token))
	}
	if *strict {
		opts = append(opts, mockserver.WithStrictRequests())
	}
	if *noDelays {
		opts = append(opts, mockserver.WithoutDelays())
	}
	if *gitVersion != "" {
		opts = append(opts, mockserver.WithGitVersion(*gitVersion))
	}
	s, err := mockserver.New(opts...)
	if errors.Is(err, mockserver.ErrNoAccessToken) {
		return errors.New("the configuration has no <Managers><API><AccessToken> (OME refuses to start the API without one); add one or pass -token")
	}
	if err != nil {
		return err
	}
	addr := *listen
	if addr == "" {
		addr = s.ListenAddr()
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("cannot listen on %s: the address is already in use (another ome-mock or OvenMediaEngine?); "+
			"choose another port with -listen 127.0.0.1:PORT, or let the system pick a free one with -listen 127.0.0.1:0", addr)
	}
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	// Every request's context ends when the server gives up on it: after -write-timeout, or when
	// the shutdown grace has run out (base is cancelled then).
	base, cancelAll := context.WithCancel(context.Background())
	defer cancelAll()
	srv := &http.Server{
		Handler:           lim.bound(s.Handler()),
		ReadHeaderTimeout: lim.readHeader,
		ReadTimeout:       lim.read,
		WriteTimeout:      lim.write,
		IdleTimeout:       lim.idle,
		MaxHeaderBytes:    lim.maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelInfo),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := baseURL(ln.Addr(), addr)
	fmt.Fprintf(stdout, "ome-mock: serving OvenMediaEngine API mock on %s\n", url)
	fmt.Fprintf(stdout, "ome-mock: %s\n", authHint(url, s.Token(), *conf, *token != ""))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return shutdown(srv, errc, cancelAll, lim.grace, stderr)
}

// shutdown stops srv: no new connections, requests in flight may finish within grace; then
// their contexts are cancelled (cancelAll) and the remaining connections closed. Cutting requests
// off is part of a clean stop, not an error.
func shutdown(srv *http.Server, errc <-chan error, cancelAll context.CancelFunc, grace time.Duration, stderr io.Writer) error {
	fmt.Fprintf(stderr, "ome-mock: stopping; requests in flight have %s to finish\n", grace)
	graceCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(graceCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		cancelAll()
		err = srv.Close()
		fmt.Fprintf(stderr, "ome-mock: cancelled the requests still running after %s and closed their connections\n", grace)
	}
	if err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stderr, "ome-mock: stopped")
	return nil
}

// limits are the bounds ome-mock's server puts on clients (see the package documentation).
type limits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
	grace                         time.Duration
}

// defaultLimits: generous for any test, small enough that a client cannot hold a connection or
// memory for long.
var defaultLimits = limits{
	readHeader:     10 * time.Second,
	read:           30 * time.Second,
	write:          60 * time.Second,
	idle:           60 * time.Second,
	maxHeaderBytes: 64 << 10,
	grace:          5 * time.Second,
}

func (l limits) check() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-header-timeout", l.readHeader}, {"read-timeout", l.read}, {"write-timeout", l.write}, {"idle-timeout", l.idle}, {"shutdown-grace", l.grace}} {
		if d.v < 0 {
			return fmt.Errorf("-%s must not be negative, got %s", d.name, d.v)
		}
	}
	if l.maxHeaderBytes < 0 {
		return fmt.Errorf("-max-header-bytes must not be negative, got %d", l.maxHeaderBytes)
	}
	return nil
}

// bound gives every request a context that ends with its write deadline: once the answer can no
// longer be written, the work for it (an admission-webhook call) stops too.
func (l limits) bound(next http.Handler) http.Handler {
	if l.write == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), l.write)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// baseURL is the URL clients use for a listener on a: an unspecified host (":0", "0.0.0.0:0",
// "[::]:0") is reached through loopback.
func baseURL(a net.Addr, requested string) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
		if h, _, err := net.SplitHostPort(requested); err == nil && h != "" && net.ParseIP(h) != nil && net.ParseIP(h).To4() == nil {
			host = "::1" // asked for IPv6 only
		}
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// authHint says how to authenticate. The header is spelled out only for the embedded default
// configuration, whose token is public (it is in the README and in OME's own example Server.xml);
// a token from a Server.xml or -token is never printed, not even as base64 (which only encodes it).
func authHint(base, token, conf string, fromFlag bool) string {
	example := base + "/v1/vhosts"
	switch {
	case fromFlag:
		return fmt.Sprintf(`authenticate with "Authorization: Basic <base64 of the -token value>", e.g. curl -H "Authorization: Basic $(printf %%s 'TOKEN' | base64)" %s`, example)
	case conf != "":
		if fi, err := os.Stat(conf); err == nil && fi.IsDir() {
			conf = filepath.Join(conf, "Server.xml")
		}
		return fmt.Sprintf(`authenticate with "Authorization: Basic <base64 of the <AccessToken> of %s>", e.g. curl -H "Authorization: Basic $(printf %%s 'TOKEN' | base64)" %s`, conf, example)
	case token != mockserver.DefaultToken:
		return fmt.Sprintf(`authenticate with "Authorization: Basic <base64 of the access token>", e.g. curl -H "Authorization: Basic $(printf %%s 'TOKEN' | base64)" %s`, example)
	default:
		header := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(token))
		return fmt.Sprintf(`authenticate with "%s" (the built-in token %q), e.g. curl -H "%s" %s`, header, token, header, example)
	}
}
