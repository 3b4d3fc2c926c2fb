// Command ome-mock serves the OvenMediaEngine REST API mock for integration tests in any language.
//
// With no flags it serves the embedded default Server.xml on 127.0.0.1:8081 with the access token
// "ome-access-token". When it is ready it prints two lines to standard output: the base URL, then
// how to authenticate. It stops cleanly on SIGINT or SIGTERM.
//
//	ome-mock [-c Server.xml|DIR] [-listen HOST:PORT] [-token TOKEN] [-v]
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
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ome-mock:", err)
		os.Exit(1)
	}
}

const about = `Serves a mock of OvenMediaEngine's REST API (v1, OME 0.21), seeded from a Server.xml, for
integration tests. Requests need "Authorization: Basic <base64 of the whole access token>".
When ready it prints the base URL and how to authenticate; SIGINT or SIGTERM stops it.`

// usage writes the help text to w.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: ome-mock [-c Server.xml|DIR] [-listen HOST:PORT] [-token TOKEN] [-v]\n\n%s\n\nFlags:\n", about)
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
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	opts := []mockserver.Option{mockserver.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))}
	if *conf != "" {
		opts = append(opts, mockserver.WithConfigFile(*conf))
	}
	if *token != "" {
		opts = append(opts, mockserver.WithAccessToken(*token))
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
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	base := baseURL(ln.Addr(), addr)
	fmt.Fprintf(stdout, "ome-mock: serving OvenMediaEngine API mock on %s\n", base)
	fmt.Fprintf(stdout, "ome-mock: %s\n", authHint(base, s.Token(), *conf, *token != ""))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
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
