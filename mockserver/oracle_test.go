package mockserver

// Helpers for the tests that compare the mock with a real OvenMediaEngine: they run only when
// OME_ORACLE_DIR names a directory holding OME's run-ome.sh (run-ome.sh CONF_DIR runs OME 0.21.0
// in the foreground on CONF_DIR/Server.xml), and with OMEKIT_RECORD_HARDENING=1 they write the
// recordings under testdata/ that the other tests compare the mock with.

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// oracleScript returns the path of run-ome.sh, or skips the test when OME_ORACLE_DIR is unset.
func oracleScript(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OME_ORACLE_DIR")
	if dir == "" {
		t.Skip("OME_ORACLE_DIR is not set: not comparing with a real OvenMediaEngine")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir) // relative to the module root, one level up
	}
	script, err := filepath.Abs(filepath.Join(dir, "run-ome.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("OME_ORACLE_DIR: %v", err)
	}
	return script
}

// recordHardening reports whether the oracle tests write their recordings.
func recordHardening() bool { return os.Getenv("OMEKIT_RECORD_HARDENING") == "1" }

// startOME runs OME on a copy of serverXML in a temporary directory and waits until its API
// answers on apiPort; OME is stopped (SIGTERM) when the test ends.
func startOME(t *testing.T, script string, serverXML []byte, apiPort int) string {
	t.Helper()
	tmp := t.TempDir()
	conf := filepath.Join(tmp, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(conf, "Server.xml"), serverXML, 0o644); err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(apiPort))
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("%s is already in use", addr)
	}
	out, err := os.Create(filepath.Join(tmp, "ome.out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	cmd := exec.Command(script, conf)
	cmd.Dir = tmp // OME writes crash dumps into its working directory
	cmd.Env = append(os.Environ(), "OME_LOG_DIR="+filepath.Join(tmp, "logs"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("OME exited at start (output in %s)", tmp)
		case <-time.After(200 * time.Millisecond):
		}
		if res, err := http.Get(base + "/v1/version"); err == nil {
			res.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("OME's API did not answer on %s within 30 s", addr)
		}
	}
}

// writeRecording writes v as indented JSON (HTML characters not escaped) to path.
func writeRecording(t *testing.T, path string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// readRecording decodes the recording at path into v, strictly.
func readRecording(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("recording %s: %v", path, err)
	}
}
