// Command ome-mock serves the OvenMediaEngine REST API mock for integration tests in any language.
//
// With no flags it serves the embedded default Server.xml on 127.0.0.1:8081 with the access token
// "ome-access-token". It prints one line with the base URL when it is ready and stops cleanly on
// SIGINT or SIGTERM.
//
//	ome-mock [-c Server.xml|DIR] [-listen HOST:PORT] [-token TOKEN] [-v]
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
	"os"
	"os/signal"
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

// run parses args, serves until ctx is done, and returns the first error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ome-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conf := fs.String("c", "", "Server.xml file, or a directory holding Server.xml (default: the embedded default configuration)")
	listen := fs.String("listen", "", "address to listen on, HOST:PORT (port 0 picks a free one; default 127.0.0.1 and the config's API port)")
	token := fs.String("token", "", "access token (default: the config's <AccessToken>)")
	verbose := fs.Bool("v", false, "log every request to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
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
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "ome-mock: serving OvenMediaEngine API mock on http://%s\n", ln.Addr())
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
