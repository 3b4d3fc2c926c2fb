package serverxml

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// refDir returns ../shared/reference/ome-conf-examples relative to the module
// root (found by walking up to go.mod). The folder exists in CI too, so a
// missing folder fails the test instead of skipping it.
func refDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	ref := filepath.Join(dir, "..", "shared", "reference", "ome-conf-examples")
	if fi, err := os.Stat(ref); err != nil || !fi.IsDir() {
		t.Fatalf("reference Server.xml examples missing: %s (%v)", ref, err)
	}
	return ref
}

var (
	refCacheMu sync.Mutex
	refCache   = map[string][]byte{}
)

// refFile reads one reference file (Server.xml, Origin.xml, Edge.xml).
func refFile(t testing.TB, name string) (path string, data []byte) {
	t.Helper()
	path = filepath.Join(refDir(t), name)
	refCacheMu.Lock()
	defer refCacheMu.Unlock()
	if d, ok := refCache[path]; ok {
		return path, d
	}
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	refCache[path] = d
	return path, d
}

// managersComment matches a commented-out <Managers>…</Managers> block.
var managersComment = regexp.MustCompile(`(?s)<!--(\s*<Managers>.*?</Managers>\s*)-->`)

// enableAPI un-comments every commented-out <Managers> block of a reference
// file, the way an operator enables the API. The comment markers are replaced
// by spaces, so every line keeps its number.
func enableAPI(t testing.TB, data []byte) []byte {
	t.Helper()
	if !managersComment.Match(data) {
		t.Fatal("no commented-out <Managers> block found")
	}
	return managersComment.ReplaceAll(data, []byte("    $1   "))
}

// lineOf returns the 1-based number of the first line of data containing s.
func lineOf(t testing.TB, data []byte, s string) int {
	t.Helper()
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, s) {
			return i + 1
		}
	}
	t.Fatalf("%q not found", s)
	return 0
}

// env returns a WithEnv option backed by a map.
func env(vars map[string]string) Option {
	return WithEnv(func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	})
}

// noEnv is an environment with no variables at all.
var noEnv = env(nil)

// assertJSON compares a JSON view (or part of one) with the JSON text want.
func assertJSON(t testing.TB, what string, got any, want string) {
	t.Helper()
	gb, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var g, w any
	if err := json.Unmarshal(gb, &g); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: bad want JSON: %v", what, err)
	}
	if !reflect.DeepEqual(g, w) {
		wb, _ := json.Marshal(w)
		t.Errorf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}

// at walks a JSON view along keys; nil when a step is missing.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// mustParse parses data and fails the test on error.
func mustParse(t testing.TB, data []byte, file string, opts ...Option) *Config {
	t.Helper()
	cfg, err := Parse(data, file, opts...)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return cfg
}

// asError asserts that err is an *Error and returns it.
func asError(t testing.TB, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}

// vhostNames and appNames list names in order.
func vhostNames(cfg *Config) []string {
	var out []string
	for _, vh := range cfg.VirtualHosts {
		out = append(out, vh.Name)
	}
	return out
}

func appNames(vh VirtualHost) []string {
	var out []string
	for _, a := range vh.Applications {
		out = append(out, a.Name)
	}
	return out
}

// writeFiles creates files (name → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
