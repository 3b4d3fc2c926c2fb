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

// fixturesDir holds the Server.xml fixtures and OME's recorded answers for
// them (see fixtures_test.go in the mockserver package).
const fixturesDir = "../../testdata/serverxml"

// confExamplesDir returns the directory named by OME_CONF_EXAMPLES, which holds
// OME's own example configurations (Server.xml, Origin.xml, Edge.xml), and
// skips the test when the variable is unset. A relative value is taken from
// the module root.
func confExamplesDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("OME_CONF_EXAMPLES")
	if dir == "" {
		t.Skip("OME_CONF_EXAMPLES is not set: not reading OvenMediaEngine's example configurations")
	}
	if !filepath.IsAbs(dir) {
		root, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				t.Fatal("go.mod not found above the test directory")
			}
			root = parent
		}
		dir = filepath.Join(root, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("OME_CONF_EXAMPLES=%s is not a directory (%v)", os.Getenv("OME_CONF_EXAMPLES"), err)
	}
	return dir
}

var (
	refCacheMu sync.Mutex
	refCache   = map[string][]byte{}
)

// refFile reads one of OME's example configurations (Server.xml, Origin.xml,
// Edge.xml).
func refFile(t testing.TB, name string) (path string, data []byte) {
	t.Helper()
	path = filepath.Join(confExamplesDir(t), name)
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
