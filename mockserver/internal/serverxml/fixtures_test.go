package serverxml

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The Server.xml fixtures of the mockserver package, each with the answers a
// real OME 0.21.0 gave on it (ome-0.21.0.json; see fixtures_test.go there).
// Here they check the parser directly: the views must be what OME answers for
// GET /v1/vhosts/{vhost} and GET …/apps/{app}, and a fixture OME refuses to
// start on must be an error at the right place.

// fixtureRecording is the part of ome-0.21.0.json these tests read.
type fixtureRecording struct {
	Env       map[string]string `json:"env"`
	Starts    bool              `json:"starts"`
	Error     string            `json:"error"`
	Exchanges []struct {
		Method   string          `json:"method"`
		Path     string          `json:"path"`
		Auth     string          `json:"auth"`
		Origin   string          `json:"origin"`
		Status   int             `json:"status"`
		Response json.RawMessage `json:"response"`
	} `json:"exchanges"`
}

func readFixture(t *testing.T, name string) (dir string, rec fixtureRecording) {
	t.Helper()
	dir = filepath.Join(fixturesDir, name)
	data, err := os.ReadFile(filepath.Join(dir, "ome-0.21.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return dir, rec
}

// fixtureEnv is the recorded environment, with FIX_CONF_DIR set to the
// fixture's directory as when it was recorded.
func fixtureEnv(t *testing.T, dir string, vars map[string]string) Option {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"FIX_CONF_DIR": abs}
	for k, v := range vars {
		all[k] = v
	}
	return env(all)
}

// answer returns the "response" member of OME's answer to GET path with the
// fixture's token, and whether it was a 200.
func (rec fixtureRecording) answer(path string) (json.RawMessage, bool) {
	for _, ex := range rec.Exchanges {
		if ex.Method == "GET" && ex.Path == path && ex.Auth == "" && ex.Origin == "" {
			var env struct {
				Response json.RawMessage `json:"response"`
			}
			if ex.Status != 200 || json.Unmarshal(ex.Response, &env) != nil {
				return nil, false
			}
			return env.Response, true
		}
	}
	return nil, false
}

func TestFixtureViews(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, rec := readFixture(t, name)
			if !rec.Starts {
				return // TestRejectFixtures
			}
			cfg, err := ParseFile(dir, fixtureEnv(t, dir, rec.Env))
			if err != nil {
				t.Fatal(err)
			}
			compareNames := func(what string, got []string, path string) {
				t.Helper()
				raw, ok := rec.answer(path)
				var want []string
				if !ok || json.Unmarshal(raw, &want) != nil {
					t.Fatalf("no recorded list for %s", path)
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s %q, OME lists %q", what, got, want)
				}
			}
			compareView := func(path string, got map[string]any) bool {
				t.Helper()
				raw, ok := rec.answer(path)
				if !ok {
					return false // not reachable through the API (OME does not decode paths)
				}
				var want map[string]any
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatal(err)
				}
				gotJSON, _ := json.Marshal(got)
				assertJSON(t, path, want, string(gotJSON))
				return true
			}
			compareNames("vhosts", vhostNames(cfg), "/v1/vhosts")
			views := 0
			for _, vh := range cfg.VirtualHosts {
				vpath := "/v1/vhosts/" + url.PathEscape(vh.Name)
				if !compareView(vpath, vh.Config) {
					continue
				}
				views++
				apps := slices.DeleteFunc(appNames(vh), func(a string) bool { return a == "*" })
				compareNames("apps of "+vh.Name, apps, vpath+"/apps")
				for _, app := range vh.Applications {
					if app.Name == "*" {
						continue // a template, not an application
					}
					view := map[string]any{"dynamic": false}
					for k, v := range app.Config {
						view[k] = v
					}
					if compareView(vpath+"/apps/"+url.PathEscape(app.Name), view) {
						views++
					}
				}
			}
			if views == 0 {
				t.Error("no view compared")
			}
		})
	}
}

// TestRejectFixtures: where OME refuses to start, Parse fails at the element
// that makes it refuse.
func TestRejectFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string // where the error must be; "" for Server.xml
		line string // the line the error must name, white space around it left out
		msg  string
	}{
		{"reject-bad-stream-port", "", "<Port>ts-port</Port>", `MPEG-TS stream map: invalid port range "ts-port"`},
		{"reject-duplicate-vhost", "", "<Name>default</Name>", `duplicate virtual host name "default" (first declared at `},
		{"reject-empty-env-port", "", "<Port>${env:FIX_API_PORT:28561}</Port>", `<Port> must be a port number between 1 and 65535, got ""`},
		{"reject-include-missing-dir", "", `<VirtualHost include="missing/*.xml" />`, "cannot list the directory"},
		{"reject-included-wrong-root", "wrong-root.xml", "<Application>", "root element is <Application>, want <VirtualHost>"},
		{"reject-item-include-many", "", `<Host include="host*.xml" />`, "must name exactly one file, it names 2"},
		{"reject-item-include-none", "", `<Host include="host*.xml" />`, "must name exactly one file, it names 0"},
		{"reject-subtitle-element", "", "<Subtitle>", "unknown element <Subtitle> in <Application>"},
		{"reject-type-with-spaces", "", "<Type> live </Type>", `unknown application type " live "`},
		{"reject-unknown-element", "", "<RTMPS />", "unknown element <RTMPS> in <Providers>"},
	}
	seen := map[string]bool{"reject-no-token": true}
	for _, tt := range tests {
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, rec := readFixture(t, tt.name)
			if rec.Starts {
				t.Fatal("OME starts on this fixture")
			}
			_, err := ParseFile(dir, fixtureEnv(t, dir, rec.Env))
			e := asError(t, err)
			file := filepath.Join(dir, "Server.xml")
			if tt.file != "" {
				file = filepath.Join(dir, tt.file)
			}
			data, rerr := os.ReadFile(file)
			if rerr != nil {
				t.Fatal(rerr)
			}
			line := slices.IndexFunc(strings.Split(string(data), "\n"), func(l string) bool { return strings.TrimSpace(l) == tt.line }) + 1
			if line == 0 {
				t.Fatalf("no line %q in %s", tt.line, file)
			}
			if e.File != file || e.Line != line || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("error %q, want %s:%d: …%s… (OME: %s)", err, file, line, tt.msg, rec.Error)
			}
		})
	}
	// OME refuses to start without an access token; the file itself is fine
	// (the mock refuses, or takes a token from elsewhere).
	dir, rec := readFixture(t, "reject-no-token")
	cfg, err := ParseFile(dir, fixtureEnv(t, dir, rec.Env))
	if err != nil || cfg.AccessToken != "" || rec.Starts {
		t.Errorf("reject-no-token: %v, token %q", err, cfg.AccessToken)
	}
	entries, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "reject-") && !seen[e.Name()] {
			t.Errorf("fixture %s is not checked here", e.Name())
		}
	}
}

// defaultFixtureEdits turn the embedded default Server.xml into the "default"
// fixture: its listeners on loopback and on ports of the fixtures' range.
var defaultFixtureEdits = []struct{ from, to string }{
	{"<IP>*</IP>", "<IP>127.0.0.1</IP>"},
	{"<Port>8081</Port>", "<Port>28571</Port>"},
	{"<Port>1935</Port>", "<Port>28572</Port>"},
	{"<Port>9999</Port>", "<Port>28573</Port>"},
	{"<Port>4000/udp</Port>", "<Port>28574/udp</Port>"},
	{"<Port>4000</Port>", "<Port>28574</Port>"},
	{"<Port>3333</Port>", "<Port>28575</Port>"},
	{"*:10000-10004/udp", "127.0.0.1:28576-28578/udp"},
	{"<Port>9000</Port>", "<Port>28579</Port>"},
}

// TestDefaultFixture keeps the "default" fixture, which OME was run on, in
// step with the embedded default: the same file but for ports and a comment.
func TestDefaultFixture(t *testing.T) {
	t.Parallel()
	fixture, err := os.ReadFile(filepath.Join(fixturesDir, "default", "Server.xml"))
	if err != nil {
		t.Fatal(err)
	}
	want := string(Default())
	for _, e := range defaultFixtureEdits {
		if !strings.Contains(want, e.from) {
			t.Fatalf("the default Server.xml has no %q any more", e.from)
		}
		want = strings.ReplaceAll(want, e.from, e.to)
	}
	// The fixture has one comment line more, after the XML declaration.
	decl, rest, _ := strings.Cut(string(fixture), "\n")
	comment, rest, _ := strings.Cut(rest, "\n")
	if !strings.HasPrefix(comment, "<!--") || decl+"\n"+rest != want {
		t.Errorf("testdata/serverxml/default/Server.xml is not the default Server.xml with the port edits of defaultFixtureEdits")
	}
	if !bytes.HasPrefix(Default(), []byte(decl+"\n")) {
		t.Errorf("declaration %q", decl)
	}
}
