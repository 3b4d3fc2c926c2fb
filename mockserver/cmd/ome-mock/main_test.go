package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunServesAndStops starts the command on a free loopback port, reads the ready line, calls
// the API with the default token, and stops it through the context (as SIGINT does).
func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-listen", "127.0.0.1:0"}, pw, io.Discard) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("ready line %q has no URL", line)
	}
	base := strings.TrimSpace(line[i:])
	req, _ := http.NewRequest("GET", base+"/v1/vhosts", nil)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("ome-access-token")))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"default"`) {
		t.Fatalf("GET /v1/vhosts: %d %s", res.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunReportsBrokenConfigWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Server.xml")
	if err := os.WriteFile(path, []byte("<Server>\n  <Name>x</Name>\n  <VirtualHosts>\n</Server>\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"-c", dir, "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Server.xml:") {
		t.Fatalf("error %v, want one naming Server.xml and a line", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	if err := run(context.Background(), []string{"-nosuchflag"}, io.Discard, io.Discard); err == nil {
		t.Fatal("unknown flag accepted")
	}
	if err := run(context.Background(), []string{"extra"}, io.Discard, io.Discard); err == nil {
		t.Fatal("positional argument accepted")
	}
}

// TestRunLoadsReferenceConfigs loads OME's own example configurations (which keep their API
// section commented out, so they need -token), including ${env:...} values and include=.
func TestRunLoadsReferenceConfigs(t *testing.T) {
	for _, name := range []string{"Server.xml", "Origin.xml", "Edge.xml"} {
		path := filepath.Join("..", "..", "..", "..", "shared", "reference", "ome-conf-examples", name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("reference configuration missing: %v", err)
		}
		err := run(context.Background(), []string{"-c", path, "-listen", "127.0.0.1:0"}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-token") {
			t.Errorf("%s without -token: %v, want the error asking for -token", name, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"-c", path, "-listen", "127.0.0.1:0", "-token", "t"}, pw, io.Discard)
		}()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil || !strings.Contains(line, "http://127.0.0.1:") {
			t.Fatalf("%s: ready line %q, %v", name, line, err)
		}
		go func() { _, _ = io.Copy(io.Discard, pr) }()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
