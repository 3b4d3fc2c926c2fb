// Command omecheck is a drift detector: it plays omekit's recorded scenarios against your
// OvenMediaEngine and reports every answer that breaks openapi/ome.yaml or differs from what the
// omekit mock answers to the same request. Run it against a server before upgrading OME (or
// omekit) to see what changed.
//
//	go run ./cmd/omecheck -url http://ome.example:8081 -token-file ~/.ome-token
//	go run ./cmd/omecheck -url http://127.0.0.1:8081 -c /opt/ovenmediaengine/bin/origin_conf -write -json
//
// By default it only reads: it discovers the server's virtual hosts, applications, output
// profiles and live streams and plays the read-only scenario for each of them (GET requests and
// the read-only actions :pushes, :records, :hlsDumps, :sttStatus). With -write it also plays the
// scenarios that create, change and delete a virtual host of their own (named omecheck-<random>);
// that virtual host and everything under it is deleted at the end, also after an error or Ctrl-C.
//
// The mock runs in-process, seeded with the Server.xml given by -c (a file or the directory
// holding it), else with its default configuration. A step is compared with the mock only when
// what it names exists on both servers; live streams are mirrored into the mock with the same
// tracks. Where the mock is known to answer differently from a real OME 0.21.0 (the embedded
// recordings say so), a difference is reported as a known mock gap, not as drift.
//
// The access token comes from -token, -token-file or $OME_TOKEN and is never printed. The URL
// may also come from $OME_URL. Exit status: 0 no drift, 1 drift found, 2 usage or connection
// error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Exit statuses.
const (
	exitClean = 0
	exitDrift = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

type options struct {
	url         string
	token       string
	conf        string
	write       bool
	json        bool
	verbose     bool
	timeout     time.Duration
	maxBindings int
}

// errUsage marks errors that are the caller's (exit status 2 with the usage line).
var errUsage = errors.New("usage")

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (*options, error) {
	fs := flag.NewFlagSet("omecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	var tokenFile string
	fs.StringVar(&o.url, "url", getenv("OME_URL"), "base URL of the OME API, e.g. http://127.0.0.1:8081 ($OME_URL)")
	fs.StringVar(&o.token, "token", "", "the API access token (prefer -token-file or $OME_TOKEN: command lines are visible to other users)")
	fs.StringVar(&tokenFile, "token-file", "", "file holding the access token")
	fs.StringVar(&o.conf, "c", "", "the server's Server.xml (or its directory), to seed the mock with the same configuration")
	fs.BoolVar(&o.write, "write", false, "also play the scenarios that create and delete a virtual host of their own")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	fs.BoolVar(&o.verbose, "v", false, "log every request to stderr")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of each request")
	fs.IntVar(&o.maxBindings, "max-apps", 20, "check at most this many applications")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: omecheck -url http://HOST:PORT [-token-file FILE | -token TOKEN] [-c Server.xml] [-write] [-json] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	switch {
	case o.token != "":
	case tokenFile != "":
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return nil, fmt.Errorf("%w: reading the token file: %v", errUsage, err)
		}
		o.token = strings.TrimSpace(string(b))
	default:
		o.token = getenv("OME_TOKEN")
	}
	if o.url == "" {
		return nil, fmt.Errorf("%w: -url (or $OME_URL) is required", errUsage)
	}
	if !strings.HasPrefix(o.url, "http://") && !strings.HasPrefix(o.url, "https://") {
		return nil, fmt.Errorf("%w: -url must start with http:// or https://", errUsage)
	}
	o.url = strings.TrimSuffix(o.url, "/")
	if o.token == "" {
		return nil, fmt.Errorf("%w: no access token: give -token-file, -token or $OME_TOKEN", errUsage)
	}
	if o.maxBindings < 1 {
		return nil, fmt.Errorf("%w: -max-apps must be at least 1", errUsage)
	}
	return o, nil
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, err := parseFlags(args, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return exitUsage
	}
	if err != nil {
		fmt.Fprintln(stderr, "omecheck:", strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	}
	c, err := newChecker(o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "omecheck:", redact(err.Error(), o.token))
		return exitUsage
	}
	defer c.close()
	rep, err := c.check(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "omecheck:", redact(err.Error(), o.token))
		return exitUsage
	}
	if o.json {
		err = rep.writeJSON(stdout)
	} else {
		err = rep.writeText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "omecheck:", err)
		return exitUsage
	}
	if rep.drift() {
		return exitDrift
	}
	return exitClean
}

// redact hides the token should it appear in a message.
func redact(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, "<token>")
}
