package scenario

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// FFmpeg publishes test patterns to a real OME over RTMP with an ffmpeg process per stream.
// Streams are published to rtmp://RTMPAddr/APP/STREAM, which OME gives to the virtual host whose
// <Host><Names> match the address (a "*" virtual host takes it).
type FFmpeg struct {
	// Bin is the ffmpeg executable (default "ffmpeg").
	Bin string
	// RTMPAddr is OME's RTMP listener, "127.0.0.1:1935".
	RTMPAddr string
	// API is used to wait until OME lists a stream (and no longer lists it).
	API *Runner
	// Settle is how long to wait after the stream appears, so its outputs are ready
	// (default 2 s).
	Settle time.Duration
	// LogDir, when set, receives one ffmpeg log per stream.
	LogDir string

	mu    sync.Mutex
	procs map[StreamRef]*exec.Cmd
}

// Args returns the ffmpeg arguments that publish p (exported for the recorder's -dry-run).
func (f *FFmpeg) Args(p Publish) ([]string, error) {
	args := []string{"-nostdin", "-loglevel", "error", "-re"}
	var out []string
	inputs := 0
	for _, t := range p.Tracks {
		switch t.Type {
		case "Video":
			if t.Codec != "" && t.Codec != "H264" {
				return nil, fmt.Errorf("ffmpeg over RTMP publishes H264 video, not %s", t.Codec)
			}
			w, h, fps, br := def(t.Width, 640), def(t.Height, 360), t.Framerate, def(t.Bitrate, 800000)
			if fps <= 0 {
				fps = 30
			}
			args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%s", w, h, strconv.FormatFloat(fps, 'f', -1, 64)))
			out = append(out, "-map", strconv.Itoa(inputs)+":v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
				"-pix_fmt", "yuv420p", "-g", strconv.Itoa(int(fps+0.5)), "-b:v", strconv.Itoa(br))
		case "Audio":
			if t.Codec != "" && t.Codec != "AAC" {
				return nil, fmt.Errorf("ffmpeg over RTMP publishes AAC audio, not %s", t.Codec)
			}
			sr, ch, br := def(t.Samplerate, 48000), def(t.Channels, 2), def(t.Bitrate, 128000)
			args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:sample_rate=%d", sr))
			out = append(out, "-map", strconv.Itoa(inputs)+":a", "-c:a", "aac", "-b:a", strconv.Itoa(br), "-ar", strconv.Itoa(sr), "-ac", strconv.Itoa(ch))
		default:
			return nil, fmt.Errorf("track type %q", t.Type)
		}
		inputs++
	}
	if inputs == 0 {
		return nil, errors.New("a published stream needs at least one track")
	}
	args = append(args, out...)
	// -t bounds a process that outlives its runner.
	args = append(args, "-t", "1800", "-f", "flv", fmt.Sprintf("rtmp://%s/%s/%s", f.RTMPAddr, p.App, p.Stream))
	return args, nil
}

func def(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// Publish starts ffmpeg and waits until OME lists the stream, then Settle.
func (f *FFmpeg) Publish(ctx context.Context, p Publish) error {
	if p.Protocol != "" && p.Protocol != "rtmp" {
		return fmt.Errorf("ffmpeg driver: protocol %q not supported", p.Protocol)
	}
	args, err := f.Args(p)
	if err != nil {
		return err
	}
	ref := StreamRef{Vhost: p.Vhost, App: p.App, Stream: p.Stream}
	f.mu.Lock()
	if f.procs == nil {
		f.procs = map[StreamRef]*exec.Cmd{}
	}
	if f.procs[ref] != nil {
		f.mu.Unlock()
		return fmt.Errorf("ffmpeg driver: %s/%s/%s is already published", p.Vhost, p.App, p.Stream)
	}
	bin := f.Bin
	if bin == "" {
		bin = "ffmpeg"
	}
	cmd := exec.Command(bin, args...)
	if f.LogDir != "" {
		lf, err := os.Create(filepath.Join(f.LogDir, fmt.Sprintf("ffmpeg-%s-%s-%s.log", p.Vhost, p.App, p.Stream)))
		if err == nil {
			cmd.Stdout, cmd.Stderr = lf, lf
			defer lf.Close()
		}
	}
	if err := cmd.Start(); err != nil {
		f.mu.Unlock()
		return fmt.Errorf("ffmpeg driver: %w", err)
	}
	f.procs[ref] = cmd
	f.mu.Unlock()
	if err := waitStream(ctx, f.API, ref, 200, 20*time.Second); err != nil {
		_ = f.stop(ref)
		return fmt.Errorf("ffmpeg driver: the stream did not appear: %w", err)
	}
	settle := f.Settle
	if settle <= 0 {
		settle = 2 * time.Second
	}
	sleep(ctx, settle)
	return nil
}

// Unpublish stops ffmpeg and waits until OME no longer lists the stream.
func (f *FFmpeg) Unpublish(ctx context.Context, s StreamRef) error {
	if err := f.stop(s); err != nil {
		return err
	}
	return waitStream(ctx, f.API, s, 404, 20*time.Second)
}

// SetReachable does nothing: for a real OME, an unreachable URL is one nothing listens on.
func (f *FFmpeg) SetReachable(context.Context, string, bool) error { return nil }

func (f *FFmpeg) stop(s StreamRef) error {
	f.mu.Lock()
	cmd := f.procs[s]
	delete(f.procs, s)
	f.mu.Unlock()
	if cmd == nil {
		return fmt.Errorf("ffmpeg driver: %s/%s/%s was not published", s.Vhost, s.App, s.Stream)
	}
	return terminate(cmd)
}

// terminate asks a process to stop (SIGTERM), then kills it after five seconds.
func terminate(cmd *exec.Cmd) error {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	return nil
}

// Close stops every ffmpeg still running.
func (f *FFmpeg) Close() error {
	f.mu.Lock()
	procs := f.procs
	f.procs = nil
	f.mu.Unlock()
	for _, cmd := range procs {
		_ = terminate(cmd)
	}
	return nil
}
