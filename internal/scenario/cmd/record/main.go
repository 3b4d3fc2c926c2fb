// Command record plays a recording's scenario against a real OvenMediaEngine that it starts
// itself, and writes what OME answered as the recording's transcript. It is a development tool
// (it needs the OME bundle and ffmpeg), not part of `make test`.
//
//	go run ./internal/scenario/cmd/record -ome PATH/run-ome.sh internal/scenario/testdata/basics
//
// For each recording directory given it copies Server.xml into a fresh configuration directory,
// empties the channel and recording directories the Server.xml names (they must be under the
// system's temporary directory), generates the scenario's media_files with ffmpeg, starts OME
// with run-ome.sh, waits for its API, plays the scenario (publish steps run ffmpeg against OME's
// RTMP port) and stops OME and every ffmpeg again.
//
// Flags:
//
//	-ome PATH    run-ome.sh of the OME bundle (default: $OME_RUN, else $OME_ORACLE_DIR/run-ome.sh)
//	-check       do not write: compare the new run with the recorded transcript under the
//	             normalisation rules and exit 1 when they differ (records a second time)
//	-o FILE      write the transcript there instead of into the recording directory
//	-work DIR    working directory for configuration and logs (default: a new temporary one)
//	-ffmpeg PATH the ffmpeg executable (default "ffmpeg")
//	-v           log every step
//
// With -serve it starts OME on one recording's Server.xml, runs the command after "--" with
// OME_URL, OME_TOKEN and OME_CONFIG (the Server.xml path) in its environment, and stops OME when
// the command ends; its exit status is the command's:
//
//	go run ./internal/scenario/cmd/record -serve internal/scenario/testdata/basics -- go run ./cmd/omecheck -write
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/omekit/omekit/internal/scenario"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("record: ")
	omeRun := flag.String("ome", defaultRunScript(), "run-ome.sh of the OME bundle ($OME_RUN, $OME_ORACLE_DIR/run-ome.sh)")
	check := flag.Bool("check", false, "compare with the recorded transcript instead of writing it")
	out := flag.String("o", "", "write the transcript to this file")
	work := flag.String("work", "", "working directory (default: a new temporary directory)")
	ffmpeg := flag.String("ffmpeg", "ffmpeg", "ffmpeg executable")
	serve := flag.String("serve", "", "start OME on this recording's Server.xml and run the command after --")
	verbose := flag.Bool("v", false, "log every step")
	flag.Parse()
	if *omeRun == "" {
		log.Fatal("no OME bundle: give -ome PATH/run-ome.sh, or set OME_RUN or OME_ORACLE_DIR")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *serve != "" {
		os.Exit(serveAndRun(ctx, *omeRun, *serve, *work, flag.Args()))
	}
	if flag.NArg() == 0 || (*out != "" && flag.NArg() > 1) {
		log.Fatal("usage: record [-check] [-o FILE] [-ome run-ome.sh] RECORDING_DIR…")
	}
	failed := false
	for _, dir := range flag.Args() {
		if err := record(ctx, *omeRun, dir, *work, *out, *ffmpeg, *check, *verbose); err != nil {
			log.Print(err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func defaultRunScript() string {
	if p := os.Getenv("OME_RUN"); p != "" {
		return p
	}
	if d := os.Getenv("OME_ORACLE_DIR"); d != "" {
		return filepath.Join(d, "run-ome.sh")
	}
	return ""
}

func workDir(work, name string) (string, func(), error) {
	if work != "" {
		d := filepath.Join(work, name)
		return d, func() {}, os.MkdirAll(d, 0o755)
	}
	d, err := os.MkdirTemp("", "omekit-record-"+name+"-")
	return d, func() { _ = os.RemoveAll(d) }, err
}

func record(ctx context.Context, omeRun, dir, work, out, ffmpeg string, check, verbose bool) (err error) {
	dir = filepath.Clean(dir)
	rec, err := scenario.LoadRecording(os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
	if err != nil {
		return err
	}
	if check && rec.Transcript == nil {
		return fmt.Errorf("%s: -check needs a recorded transcript", rec.Name)
	}
	wd, cleanup, err := workDir(work, rec.Name)
	if err != nil {
		return err
	}
	defer func() {
		if err == nil {
			cleanup()
		} else {
			log.Printf("%s: logs kept in %s", rec.Name, wd)
		}
	}()
	cfg, err := scenario.ParseServerConfig(rec.ServerXML)
	if err != nil {
		return fmt.Errorf("%s: %w", rec.Name, err)
	}
	start := time.Now()
	tlsDir, err := prepareTLS(rec)
	if err != nil {
		return err
	}
	o, err := scenario.StartOME(ctx, omeRun, rec.ServerXML, wd, scenario.TLSDirEnv+"="+tlsDir)
	if err != nil {
		return fmt.Errorf("%s: %w", rec.Name, err)
	}
	defer o.Stop()
	for _, f := range rec.Scenario.MediaFiles {
		for _, root := range cfg.Dirs["MediaRootDir"] {
			if err := scenario.GenerateMedia(ctx, ffmpeg, filepath.Join(root, f), 20); err != nil {
				return fmt.Errorf("%s: %w", rec.Name, err)
			}
		}
	}
	api := &scenario.Runner{BaseURL: o.BaseURL, Token: cfg.Token}
	media := &scenario.FFmpeg{Bin: ffmpeg, RTMPAddr: "127.0.0.1:" + strconv.Itoa(cfg.RTMPPort), API: api, LogDir: wd}
	defer media.Close()
	vars := cfg.Vars()
	vars["TLS_DIR"] = tlsDir
	r := &scenario.Runner{BaseURL: o.BaseURL, Token: cfg.Token, Media: media, Vars: vars}
	if verbose {
		r.Logf = func(format string, args ...any) { log.Printf(rec.Name+": "+format, args...) }
	}
	t, err := r.Run(ctx, rec.Scenario)
	if err != nil {
		return fmt.Errorf("%s: %w", rec.Name, err)
	}
	elapsed := time.Since(start).Round(100 * time.Millisecond)
	requests, failures := 0, 0
	for _, e := range t {
		if e.IsRequest() {
			requests++
		}
		if e.Error != "" {
			failures++
			log.Printf("%s: step %q: %s", rec.Name, e.Name, e.Error)
		}
	}
	if check {
		res := scenario.CompareTranscripts(rec.Scenario, rec.Transcript, t, false)
		matched, compared, _ := res.Counts()
		log.Printf("%s: %d/%d requests equal to the recording (%v)", rec.Name, matched, compared, elapsed)
		for _, s := range res.Steps {
			for _, d := range s.Diffs {
				log.Printf("%s: %q: %s", rec.Name, s.Step, d)
			}
		}
		if matched != compared {
			return errors.New(rec.Name + ": the new run differs from the recording")
		}
		return nil
	}
	data, err := t.Marshal()
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(dir, scenario.TranscriptFile)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	log.Printf("%s: %d requests recorded in %v into %s", rec.Name, requests, elapsed, out)
	if failures > 0 {
		return fmt.Errorf("%s: %d steps failed", rec.Name, failures)
	}
	return nil
}

// prepareTLS empties the recording's certificate directory (/tmp/omekit-oracle/NAME/tls) and
// writes the scenario's certificates into it.
func prepareTLS(rec *scenario.Recording) (string, error) {
	dir := filepath.Join(os.TempDir(), "omekit-oracle", rec.Name, "tls")
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := rec.Scenario.WriteCertificates(dir); err != nil {
		return "", fmt.Errorf("%s: %w", rec.Name, err)
	}
	return dir, nil
}

func serveAndRun(ctx context.Context, omeRun, dir, work string, args []string) int {
	if len(args) == 0 {
		log.Print("-serve needs a command after --")
		return 2
	}
	dir = filepath.Clean(dir)
	rec, err := scenario.LoadRecording(os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
	if err != nil {
		log.Print(err)
		return 2
	}
	wd, cleanup, err := workDir(work, rec.Name)
	if err != nil {
		log.Print(err)
		return 2
	}
	defer cleanup()
	tlsDir, err := prepareTLS(rec)
	if err != nil {
		log.Print(err)
		return 2
	}
	o, err := scenario.StartOME(ctx, omeRun, rec.ServerXML, wd, scenario.TLSDirEnv+"="+tlsDir)
	if err != nil {
		log.Print(err)
		return 2
	}
	defer o.Stop()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		"OME_URL="+o.BaseURL,
		"OME_TOKEN="+o.Config.Token,
		"OME_CONFIG="+filepath.Join(o.ConfDir, "Server.xml"))
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		log.Print(err)
		return 2
	}
	return 0
}
