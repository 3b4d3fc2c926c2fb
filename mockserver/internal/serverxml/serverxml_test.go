package serverxml

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	t.Parallel()
	// The environment must not matter: the default file has no ${env:...}.
	cfg := mustParse(t, Default(), "Server.xml", env(map[string]string{"OME_API_PORT": "1"}))
	if cfg.Name != "OvenMediaEngine" {
		t.Errorf("Name = %q", cfg.Name)
	}
	if cfg.API == nil || *cfg.API != (APIConfig{Port: 8081}) {
		t.Errorf("API = %+v, want port 8081 and no TLS port", cfg.API)
	}
	if cfg.AccessToken != "ome-access-token" {
		t.Errorf("AccessToken = %q", cfg.AccessToken)
	}
	if cfg.CrossDomains != nil {
		t.Errorf("CrossDomains = %+v, want none", cfg.CrossDomains)
	}
	if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"default"}) {
		t.Fatalf("vhosts = %q", got)
	}
	vh := cfg.VirtualHosts[0]
	assertJSON(t, "vhost", vh.Config, `{"name": "default", "distribution": "ovenmediaengine.com", "host": {"names": ["*"]}}`)
	if got := appNames(vh); !reflect.DeepEqual(got, []string{"app"}) {
		t.Fatalf("apps = %q", got)
	}
	app := vh.Applications[0].Config
	assertJSON(t, "app", app, `{
		"name": "app",
		"type": "live",
		"outputProfiles": {"outputProfile": [{
			"name": "bypass_stream",
			"outputStreamName": "${OriginStreamName}",
			"encodes": {
				"videos": [{"name": "bypass_video", "bypass": "true"}],
				"audios": [
					{"name": "bypass_audio", "bypass": "true"},
					{"name": "opus_audio", "codec": "opus", "bitrate": "128000", "samplerate": "48000", "channel": "2"}
				]
			}
		}]},
		"providers": {
			"ovt": {},
			"webrtc": {"timeout": "30000"},
			"rtmp": {},
			"srt": {},
			"mpegts": {"streams": [{"name": "stream_4000", "port": "4000/udp"}]},
			"rtspPull": {}
		},
		"publishers": {
			"appWorkerCount": "1",
			"streamWorkerCount": "8",
			"ovt": {},
			"webrtc": {"timeout": "30000", "rtx": "false", "ulpfec": "false", "jitterBuffer": "false"},
			"llhls": {"chunkDuration": "0.5", "segmentDuration": "6", "segmentCount": "10", "crossDomains": {"urls": ["*"]}},
			"push": {},
			"file": {
				"filePath": "/tmp/ome/records/${VirtualHost}/${Application}/${Stream}/${StartTime:YYYYMMDDhhmmss}_${EndTime:hhmmss}.ts",
				"infoPath": "/tmp/ome/records/${VirtualHost}/${Application}/${Stream}.xml"
			}
		}
	}`)
	for _, p := range []string{"schedule", "multiplex"} {
		if at(app, "providers", p) != nil {
			t.Errorf("default app has provider %s", p)
		}
	}
	// Default returns a copy.
	d := Default()
	d[0] = 'X'
	if Default()[0] != '<' {
		t.Error("Default() shares its buffer")
	}
}

func TestInclude(t *testing.T) {
	t.Parallel()
	const mainXML = `<?xml version="1.0"?>
<Server version="8">
	<Name>OvenMediaEngine</Name>
	<VirtualHosts>
		<VirtualHost><Name>first</Name></VirtualHost>
		<VirtualHost include="vh*.xml" />
		<VirtualHost><Name>last</Name></VirtualHost>
	</VirtualHosts>
</Server>
`
	vh := func(name, app string) string {
		return `<?xml version="1.0"?>
<!-- included -->
<VirtualHost>
	<Name>` + name + `</Name>
	<Host><Names><Name>` + name + `.example</Name></Names></Host>
	<Applications>
		<Application><Name>` + app + `</Name><Type>live</Type></Application>
	</Applications>
</VirtualHost>
`
	}
	with := func(pattern string) string { return strings.Replace(mainXML, "vh*.xml", pattern, 1) }
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Server.xml":      mainXML,
		"vh2.xml":         vh("two", "b"),
		"vh1.xml":         vh("one", "a"),
		"vh3.txt":         vh("not-xml", "x"), // does not match vh*.xml
		"other.xml":       vh("other", "x"),   // does not match either
		"vhdir.xml/x.xml": vh("in-dir", "x"),  // a directory matching the pattern is skipped
		"q/Server.xml":    with("v?.xml"),     // '?' is zero or one character
		"q/v.xml":         vh("zero", "x"),
		"q/v1.xml":        vh("one", "x"),
		"q/v12.xml":       vh("two", "x"),
		"lit/Server.xml":  with("[ab].xml"), // no character classes: only the file called "[ab].xml"
		"lit/[ab].xml":    vh("brackets", "x"),
		"lit/a.xml":       vh("a", "x"),
		"none/Server.xml": with(""), // an empty pattern names no file
		"sub/Server.xml":  with("../vh*.xml"),
		"abs/Server.xml":  with(filepath.Join(dir, "vh1.xml")),
		"env/Server.xml":  with("${env:VH_DIR:..}/vh2.xml"),
		// A relative pattern in an included file starts from the directory of
		// Server.xml, not from the included file's.
		"nested/Server.xml":           with("sites/*.xml"),
		"nested/sites/site.xml":       `<VirtualHost><Name>site</Name><Applications><Application include="apps/*.xml"/></Applications></VirtualHost>`,
		"nested/sites/apps/decoy.xml": `<Application><Name>decoy</Name><Type>live</Type></Application>`,
		"nested/apps/real.xml":        `<Application><Name>real</Name><Type>live</Type></Application>`,
		// An absolute pattern makes the included file's directory the start.
		"absnested/Server.xml":   with(filepath.Join(dir, "absnested/in/site.xml")),
		"absnested/in/site.xml":  `<VirtualHost><Name>site</Name><Applications><Application include="app.xml"/></Applications></VirtualHost>`,
		"absnested/in/app.xml":   `<Application><Name>beside</Name><Type>live</Type></Application>`,
		"absnested/app.xml":      `<Application><Name>top</Name><Type>live</Type></Application>`,
		"item/Server.xml":        with("one.xml"),
		"item/one.xml":           `<VirtualHost><Name>v</Name><Host include="host.xml"/><Applications><Application><Name>a</Name><Type>live</Type><OutputProfiles include="p.xml"/></Application></Applications></VirtualHost>`,
		"item/host.xml":          `<Host><Names><Name>h.example</Name></Names></Host>`,
		"item/p.xml":             `<OutputProfiles><OutputProfile><Name>p</Name><OutputStreamName>s</OutputStreamName></OutputProfile></OutputProfiles>`,
		"ignored/Server.xml":     with("*.xml\" ignore=\"true"),
		"ignoredroot/Server.xml": with("v.xml"),
		"ignoredroot/v.xml":      `<VirtualHost ignore="true"><Name>gone</Name></VirtualHost>`,
		"whole/Server.xml":       "<Server><VirtualHosts include=\"vhosts.xml\"/></Server>",
		"whole/vhosts.xml":       "<VirtualHosts><VirtualHost><Name>from-file</Name></VirtualHost></VirtualHosts>",
	})
	tests := []struct {
		file  string
		env   map[string]string
		want  []string
		apps  map[string][]string // vhost → its apps
		views map[string]string   // vhost → its JSON view
	}{
		{
			file:  "Server.xml",
			want:  []string{"first", "one", "two", "last"},
			apps:  map[string][]string{"first": nil, "one": {"a"}, "two": {"b"}},
			views: map[string]string{"one": `{"name": "one", "host": {"names": ["one.example"]}}`},
		},
		{file: "q/Server.xml", want: []string{"first", "zero", "one", "last"}},
		{file: "lit/Server.xml", want: []string{"first", "brackets", "last"}},
		{file: "none/Server.xml", want: []string{"first", "last"}},
		{file: "sub/Server.xml", want: []string{"first", "one", "two", "last"}},
		{file: "abs/Server.xml", want: []string{"first", "one", "last"}},
		{file: "env/Server.xml", want: []string{"first", "two", "last"}},
		{file: "env/Server.xml", env: map[string]string{"VH_DIR": "../q"}, want: []string{"first", "last"}},
		{file: "nested/Server.xml", want: []string{"first", "site", "last"}, apps: map[string][]string{"site": {"real"}}},
		{file: "absnested/Server.xml", want: []string{"first", "site", "last"}, apps: map[string][]string{"site": {"beside"}}},
		{
			file: "item/Server.xml", want: []string{"first", "v", "last"},
			views: map[string]string{"v": `{"name": "v", "host": {"names": ["h.example"]}}`},
		},
		{file: "ignored/Server.xml", want: []string{"first", "last"}},
		{file: "ignoredroot/Server.xml", want: []string{"first", "last"}},
		{file: "whole/Server.xml", want: []string{"from-file"}},
	}
	for _, tt := range tests {
		cfg, err := ParseFile(filepath.Join(dir, tt.file), env(tt.env))
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if got := vhostNames(cfg); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s (env %v): vhosts = %q, want %q", tt.file, tt.env, got, tt.want)
			continue
		}
		for _, v := range cfg.VirtualHosts {
			if want, ok := tt.apps[v.Name]; ok && !reflect.DeepEqual(appNames(v), want) {
				t.Errorf("%s: apps of %s = %q, want %q", tt.file, v.Name, appNames(v), want)
			}
			if want, ok := tt.views[v.Name]; ok {
				assertJSON(t, tt.file+" "+v.Name, v.Config, want)
			}
		}
	}
	// Included output profiles land in the application's view.
	cfg, err := ParseFile(filepath.Join(dir, "item"))
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, "included OutputProfiles", cfg.VirtualHosts[1].Applications[0].Config["outputProfiles"],
		`{"outputProfile": [{"name": "p", "outputStreamName": "s"}]}`)

	t.Run("Parse resolves against the directory of filename", func(t *testing.T) {
		t.Parallel()
		cfg := mustParse(t, []byte(mainXML), filepath.Join(dir, "Server.xml"))
		if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"first", "one", "two", "last"}) {
			t.Errorf("vhosts = %q", got)
		}
	})
}

func TestParseFileDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"Server.xml": string(Default())})
	cfg, err := ParseFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"default"}) {
		t.Errorf("vhosts = %q", got)
	}

	// A directory without Server.xml, and a missing file, name the file.
	for _, p := range []string{t.TempDir(), filepath.Join(dir, "missing.xml")} {
		_, err := ParseFile(p)
		e := asError(t, err)
		if !strings.HasSuffix(e.File, ".xml") || !strings.Contains(e.Error(), "cannot read") {
			t.Errorf("ParseFile(%s): %v", p, err)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	const file = "conf/Server.xml"
	tests := []struct {
		name     string
		xml      string
		env      map[string]string
		wantLine int
		wantMsg  string
	}{
		{"unclosed tag", "<Server>\n<Name>x</Name>\n<VirtualHosts>\n<VirtualHost>\n<Name>v</Name>\n</VirtualHosts>\n</Server>\n",
			nil, 6, "element <VirtualHost> (line 4) closed by </VirtualHosts>"},
		{"unclosed at end of file", "<Server>\n<Name>x</Name>\n<VirtualHosts>\n", nil, 3, "element <VirtualHosts> is never closed"},
		{"bad token", "<Server>\n<Name>x</Name>\n<Bad <</Server>\n", nil, 3, "XML syntax error"},
		{"unknown entity", "<Server>\n\n<Name>&nope;</Name></Server>", nil, 3, "XML syntax error"},
		{"empty input", "", nil, 1, "no root element"},
		{"comment only", "<!-- a -->\n<!-- b -->\n", nil, 2, "no root element"},
		{"second root", "<Server/>\n<Server/>\n", nil, 2, "second root element"},
		{"text after root", "<Server/>\n\nhello\n", nil, 3, "text outside the root element"},
		{"wrong root", "<?xml version=\"1.0\"?>\n<VirtualHost/>\n", nil, 2, "root element is <VirtualHost>, want <Server>"},
		{"port zero", apiXML("<Port>0</Port>"), nil, 5, `got "0"`},
		{"port too big", apiXML("<Port>65536</Port>"), nil, 5, `got "65536"`},
		{"port not a number", apiXML("<Port>80a</Port>"), nil, 5, `got "80a"`},
		{"port empty", apiXML("<Port></Port>"), nil, 5, `got ""`},
		{"tls port bad", apiXML("<Port>8081</Port>\n<TLSPort>-1</TLSPort>"), nil, 6, `<TLSPort> must be a port number`},
		{"port from unset variable", apiXML("<Port>${env:NOPE}</Port>"), nil, 5, `got "" (from "${env:NOPE}")`},
		{"port from variable", apiXML("<Port>${env:P:1}</Port>"), map[string]string{"P": "99999"}, 5, `got "99999"`},
		{"vhost without name", vhostXML("<VirtualHost>\n<Host/>\n</VirtualHost>"), nil, 3, "<VirtualHost> has no <Name>"},
		{"duplicate vhost", vhostXML("<VirtualHost><Name>a</Name></VirtualHost>\n<VirtualHost>\n<Name>a</Name></VirtualHost>"),
			nil, 5, `duplicate virtual host name "a" (first declared at conf/Server.xml:3)`},
		{"app without name", appXML("<Application>\n<Type>live</Type></Application>"), nil, 5, "<Application> has no <Name>"},
		{"app without type", appXML("<Application>\n<Name>a</Name></Application>"), nil, 5, `<Application> "a" has no <Type>`},
		{"app with bad type", appXML("<Application><Name>a</Name>\n<Type>Live</Type></Application>"), nil, 6, `unknown application type "Live"`},
		{"duplicate app", appXML("<Application><Name>a</Name><Type>live</Type></Application>\n<Application>\n<Name>a</Name><Type>vod</Type></Application>"),
			nil, 7, `duplicate application name "a" in virtual host "v" (first declared at conf/Server.xml:5)`},
		{"type with spaces", appXML("<Application><Name>a</Name>\n<Type> live </Type></Application>"), nil, 6, `unknown application type " live "`},
		{"unknown element in a vhost", vhostXML("<VirtualHost><Name>v</Name>\n<Bogus/></VirtualHost>"), nil, 4, "unknown element <Bogus> in <VirtualHost>"},
		{"unknown element in an app", appXML("<Application><Name>a</Name><Type>live</Type><Providers>\n<RTMPS/></Providers></Application>"), nil, 6, "unknown element <RTMPS> in <Providers>"},
		{"unknown element in an omit-name list", appXML("<Application><Name>a</Name><Type>live</Type><Providers><MPEGTS><StreamMap>\n<Other/></StreamMap></MPEGTS></Providers></Application>"),
			nil, 6, "unknown element <Other> in <StreamMap>"},
		{"the deprecated spelling <Subtitle>", appXML("<Application><Name>a</Name><Type>live</Type>\n<Subtitle/></Application>"), nil, 6, "unknown element <Subtitle> in <Application>"},
		{"unknown element in VirtualHosts", vhostXML("<Site/>"), nil, 3, "unknown element <Site> in <VirtualHosts>"},
		{"include in a missing directory", vhostXML(`<VirtualHost include="missing/*.xml"/>`), nil, 3, "cannot list the directory conf/missing/"},
		{"bad stream map port", appXML("<Application><Name>a</Name><Type>live</Type><Providers><MPEGTS><StreamMap><Stream><Name>s</Name>\n<Port>ts-port</Port></Stream></StreamMap></MPEGTS></Providers></Application>"),
			nil, 6, `MPEG-TS stream map: invalid port range "ts-port"`},
		{"bad stream map port in a template", appXML("<Application><Name>*</Name><Type>live</Type><Providers><MPEGTS><StreamMap><Stream><Name>s</Name>\n<Port>70000</Port></Stream></StreamMap></MPEGTS></Providers></Application>"),
			nil, 6, `MPEG-TS stream map: invalid port "70000"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.xml), file, env(tt.env))
			e := asError(t, err)
			if e.File != file || e.Line != tt.wantLine || !strings.Contains(e.Msg, tt.wantMsg) {
				t.Errorf("error %q\nwant %s:%d: …%s…", err, file, tt.wantLine, tt.wantMsg)
			}
			if want := file + ":" + itoa(tt.wantLine) + ": "; !strings.HasPrefix(e.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", e.Error(), want)
			}
		})
	}
}

// apiXML puts lines into <Bind><Managers><API>, the first of them on line 5.
func apiXML(lines string) string {
	return "<Server>\n<Bind>\n<Managers>\n<API>\n" + lines + "\n</API>\n</Managers>\n</Bind>\n</Server>\n"
}

// vhostXML puts lines into <VirtualHosts>, the first of them on line 3.
func vhostXML(lines string) string {
	return "<Server>\n<VirtualHosts>\n" + lines + "\n</VirtualHosts>\n</Server>\n"
}

// appXML puts lines into the <Applications> of vhost "v", the first on line 5.
func appXML(lines string) string {
	return vhostXML("<VirtualHost><Name>v</Name>\n<Applications>\n" + lines + "\n</Applications></VirtualHost>")
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

func TestIncludeErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	main := func(pattern string) string {
		return "<Server>\n<VirtualHosts>\n<VirtualHost><Name>a</Name></VirtualHost>\n<VirtualHost include=\"" + pattern + "\"/>\n</VirtualHosts>\n</Server>\n"
	}
	writeFiles(t, dir, map[string]string{
		"broken/Server.xml":    main("vh*.xml"),
		"broken/vh1.xml":       "<VirtualHost><Name>ok</Name></VirtualHost>\n",
		"broken/vh2.xml":       "<VirtualHost>\n<Name>b</Name>\n<Host>\n</VirtualHost>\n",
		"wrongroot/Server.xml": main("vh.xml"),
		"wrongroot/vh.xml":     "<?xml version=\"1.0\"?>\n\n<Server/>\n",
		"dup/Server.xml":       main("vh.xml"),
		"dup/vh.xml":           "<VirtualHost>\n<Name>a</Name></VirtualHost>\n",
		"badapp/Server.xml":    main("vh.xml"),
		"badapp/vh.xml":        "<VirtualHost><Name>b</Name><Applications>\n<Application><Name>x</Name></Application></Applications></VirtualHost>\n",
		"self/Server.xml":      main("vh.xml"),
		"self/vh.xml":          "<VirtualHost include=\"vh.xml\"/>\n",
		"itemnone/Server.xml":  main("vh.xml"),
		"itemnone/vh.xml":      "<VirtualHost><Name>b</Name>\n<Host include=\"h*.xml\"/></VirtualHost>\n",
		"itemmany/Server.xml":  main("vh.xml"),
		"itemmany/vh.xml":      "<VirtualHost><Name>b</Name>\n<Host include=\"h*.xml\"/></VirtualHost>\n",
		"itemmany/h1.xml":      "<Host/>",
		"itemmany/h2.xml":      "<Host/>",
		"unknown/Server.xml":   main("vh.xml"),
		"unknown/vh.xml":       "<VirtualHost><Name>b</Name>\n\n<Tls/></VirtualHost>\n",
		"nodir/Server.xml":     main("nodir/*.xml"),
	})
	tests := []struct {
		dir      string
		wantFile string // relative to dir
		wantLine int
		wantMsg  string
	}{
		{"broken", "broken/vh2.xml", 4, "element <Host> (line 3) closed by </VirtualHost>"},
		{"wrongroot", "wrongroot/vh.xml", 3, "root element is <Server>, want <VirtualHost> (file included from " + filepath.Join(dir, "wrongroot/Server.xml") + ":4)"},
		{"dup", "dup/vh.xml", 2, `duplicate virtual host name "a"`},
		{"badapp", "badapp/vh.xml", 2, `<Application> "x" has no <Type>`},
		{"self", "self/vh.xml", 1, "nested more than"},
		{"itemnone", "itemnone/vh.xml", 2, `include "h*.xml" on <Host> must name exactly one file, it names 0`},
		{"itemmany", "itemmany/vh.xml", 2, `include "h*.xml" on <Host> must name exactly one file, it names 2`},
		{"unknown", "unknown/vh.xml", 3, "unknown element <Tls> in <VirtualHost>"},
		{"nodir", "nodir/Server.xml", 4, `include "nodir/*.xml": cannot list the directory`},
	}
	for _, tt := range tests {
		_, err := ParseFile(filepath.Join(dir, tt.dir))
		e := asError(t, err)
		if e.File != filepath.Join(dir, tt.wantFile) || e.Line != tt.wantLine || !strings.Contains(e.Msg, tt.wantMsg) {
			t.Errorf("%s: error %q\nwant %s:%d: …%s…", tt.dir, err, tt.wantFile, tt.wantLine, tt.wantMsg)
		}
	}

	// An included file that cannot be read is reported at the include line.
	if os.Geteuid() != 0 { // root reads anything
		writeFiles(t, dir, map[string]string{"unreadable/Server.xml": main("vh.xml"), "unreadable/vh.xml": "<VirtualHost/>"})
		if err := os.Chmod(filepath.Join(dir, "unreadable/vh.xml"), 0); err != nil {
			t.Fatal(err)
		}
		_, err := ParseFile(filepath.Join(dir, "unreadable"))
		e := asError(t, err)
		if e.File != filepath.Join(dir, "unreadable/Server.xml") || e.Line != 4 || !strings.Contains(e.Msg, "cannot read") {
			t.Errorf("unreadable include: %v", err)
		}
	}
}

func TestExpandEnv(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"A": "alpha", "EMPTY": "", "P": "8081"}
	lookup := func(n string) (string, bool) { v, ok := vars[n]; return v, ok }
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"${env:A}", "alpha"},
		{"${env:A:default}", "alpha"},
		{"${env:MISSING:default}", "default"},
		{"${env:MISSING}", ""},
		{"${env:MISSING:}", ""},
		{"${env:EMPTY:default}", ""},  // set but empty: the value wins
		{"${env:MISSING:a:b}", "a:b"}, // the default is everything after the first ':'
		{"${env:MISSING:*}:${env:P:1}/udp", "*:8081/udp"},
		{"${OriginStreamName} ${env:A}", "${OriginStreamName} alpha"},
		{"${env:A", "${env:A"},
		{"$${env:A}}", "$alpha}"},
	}
	for _, tt := range tests {
		if got := expandEnv(tt.in, lookup); got != tt.want {
			t.Errorf("expandEnv(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A missing Port/TLSPort pair leaves the API off, one of them is enough to
// turn it on, and values are read after substitution.
func TestAPIConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		xml   string
		env   map[string]string
		want  *APIConfig
		token string
		cors  *CrossDomains
	}{
		{"no Bind", "<Server/>", nil, nil, "", nil},
		{"API without ports", apiXML("<WorkerCount>1</WorkerCount>"), nil, nil, "", nil},
		{"TLS only", apiXML("<TLSPort> 8443 </TLSPort>"), nil, &APIConfig{TLSPort: 8443}, "", nil},
		{"both from env", apiXML("<Port>${env:P:1}</Port><TLSPort>${env:T:2}</TLSPort>"), map[string]string{"T": "3"}, &APIConfig{Port: 1, TLSPort: 3}, "", nil},
		{
			"managers", `<Server>
				<Managers><API>
					<AccessToken>${env:TOKEN:user:pass}</AccessToken>
					<CrossDomains>
						<Url>${env:ORIGIN:*.example.com}</Url>
						<Url>null</Url>
						<Header><Key>X-Mock</Key><Value>${env:V}</Value></Header>
						<Header><Key>Access-Control-Allow-Origin</Key><Value>*</Value></Header>
					</CrossDomains>
				</API></Managers>
			</Server>`,
			map[string]string{"V": "yes"}, nil, "user:pass",
			&CrossDomains{
				URLs:    []string{"*.example.com", "null"},
				Headers: []Header{{"X-Mock", "yes"}, {"Access-Control-Allow-Origin", "*"}},
			},
		},
		{"empty CrossDomains", "<Server><Managers><API><CrossDomains/></API></Managers></Server>", nil, nil, "", &CrossDomains{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := mustParse(t, []byte(tt.xml), "Server.xml", env(tt.env))
			if !reflect.DeepEqual(cfg.API, tt.want) {
				t.Errorf("API = %+v, want %+v", cfg.API, tt.want)
			}
			if cfg.AccessToken != tt.token {
				t.Errorf("AccessToken = %q, want %q", cfg.AccessToken, tt.token)
			}
			if !reflect.DeepEqual(cfg.CrossDomains, tt.cors) {
				t.Errorf("CrossDomains = %+v, want %+v", cfg.CrossDomains, tt.cors)
			}
		})
	}
}

// Names are looked up after substitution; the JSON view keeps the raw text.
func TestNamesAfterSubstitution(t *testing.T) {
	t.Parallel()
	x := vhostXML(`<VirtualHost><Name>${env:VH:default}</Name><Applications>
		<Application><Name>${env:APP}</Name><Type>${env:TYPE:live}</Type></Application>
	</Applications></VirtualHost>`)
	cfg := mustParse(t, []byte(x), "Server.xml", env(map[string]string{"APP": "live-app"}))
	vh := cfg.VirtualHosts[0]
	if vh.Name != "default" || vh.Config["name"] != "${env:VH:default}" {
		t.Errorf("vhost Name %q, JSON name %v", vh.Name, vh.Config["name"])
	}
	app := vh.Applications[0]
	if app.Name != "live-app" || app.Config["name"] != "${env:APP}" || app.Config["type"] != "${env:TYPE:live}" {
		t.Errorf("app Name %q, JSON %v", app.Name, app.Config)
	}
}

// The general rules of the JSON view, on small snippets (each of them
// recorded from OME in the "rules" and "keytable" fixtures).
func TestJSONViewRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		app  string // children of <Application> besides Name and Type
		env  map[string]string
		want string // the app's JSON without name and type
	}{
		{"text as written, up to the first comment; attributes ignored",
			`<Publishers enabled="yes"><!-- c --><AppWorkerCount a="1"> 2 <!-- inner -->0</AppWorkerCount>
			<StreamWorkerCount>
				8
			</StreamWorkerCount></Publishers>`, nil,
			`{"publishers": {"appWorkerCount": " 2 ", "streamWorkerCount": "\n\t\t\t\t8\n\t\t\t"}}`},
		{"white space before a comment is no text",
			`<EventGenerator><Path>
				<!-- c -->x</Path></EventGenerator>`, nil,
			`{"eventGenerator": {"path": "x"}}`},
		{"CDATA and entities",
			`<EventGenerator><Path><![CDATA[a<b>]]></Path><Enable>&amp;&#x41;</Enable></EventGenerator>`, nil,
			`{"eventGenerator": {"path": "a<b>", "enable": "&A"}}`},
		{"a blank CDATA section is text",
			`<EventGenerator><Path> <![CDATA[ ]]>x</Path></EventGenerator>`, nil,
			`{"eventGenerator": {"path": " "}}`},
		{"a repeated single element is read from its first copy",
			`<Publishers><AppWorkerCount>1</AppWorkerCount><AppWorkerCount>2</AppWorkerCount><OVT><MaxConnection>3</MaxConnection></OVT><OVT/></Publishers>`, nil,
			`{"publishers": {"appWorkerCount": "1", "ovt": {"maxConnection": "3"}}}`},
		{"empty elements: object, string, omit-name list without entries",
			`<Providers><OVT/><FILE/><MPEGTS><StreamMap/></MPEGTS><WebRTC><CrossDomains/></WebRTC></Providers><Publishers><Push></Push><StreamWorkerCount/></Publishers>`, nil,
			// OME shows a list element without entries as {}.
			`{"providers": {"ovt": {}, "file": "", "mpegts": {"streams": {}}, "webrtc": {"crossDomains": {}}}, "publishers": {"push": {}, "streamWorkerCount": ""}}`},
		{"lists keep every entry in order",
			`<Providers><MPEGTS><StreamMap>
				<Stream><Name>a</Name><Port>4000</Port></Stream>
				<Stream><Name>b</Name><Port>4001-4004,4005/udp</Port></Stream>
			</StreamMap></MPEGTS><WebRTC><CrossDomains><Url>a</Url><Header><Key>k</Key><Value>v</Value></Header><Url>b</Url></CrossDomains></WebRTC></Providers>`, nil,
			`{"providers": {
				"mpegts": {"streams": [{"name": "a", "port": "4000"}, {"name": "b", "port": "4001-4004,4005/udp"}]},
				"webrtc": {"crossDomains": {"urls": ["a", "b"], "headers": [{"key": "k", "value": "v"}]}}
			}}`},
		{"entries of string lists are substituted, members of objects are not",
			`<Providers><WebRTC><CrossDomains><Url>${env:ORIGIN:*}</Url><Header><Key>k</Key><Value>${env:V}</Value></Header></CrossDomains></WebRTC></Providers>
			<Publishers><LLHLS><Dumps><Dump><Id>${env:ID:d}</Id><Playlists><Playlist>${env:PL:llhls.m3u8}</Playlist></Playlists></Dump></Dumps></LLHLS></Publishers>`,
			map[string]string{"ORIGIN": "https://player.example", "V": "x", "PL": "abr.m3u8"},
			`{"providers": {"webrtc": {"crossDomains": {"urls": ["https://player.example"], "headers": [{"key": "k", "value": "${env:V}"}]}}},
			  "publishers": {"llhls": {"dumps": {"dump": [{"id": "${env:ID:d}", "playlists": {"playlist": ["abr.m3u8"]}}]}}}}`},
		{"ignore=\"true\" drops an element, known or not, also after substitution",
			`<Providers><RTMP ignore="true"/><SRT ignore="false"/><Bogus ignore="true"><X/></Bogus><OVT ignore="${env:SKIP:true}"/></Providers>
			<Publishers><AppWorkerCount ignore="true">1</AppWorkerCount><AppWorkerCount>2</AppWorkerCount></Publishers>`, nil,
			`{"providers": {"srt": {}}, "publishers": {"appWorkerCount": "2"}}`},
		{"deprecated FILE provider is a scalar",
			`<Providers><FILE>true</FILE></Providers>`, nil,
			`{"providers": {"file": "true"}}`},
		{"<Record> shows <StreamMap> when both are given",
			`<Publishers><FILE><Record><RecordInfo>old.xml</RecordInfo></Record><StreamMap><Enable>true</Enable><Path>p.xml</Path><RecordInfo>r.xml</RecordInfo></StreamMap></FILE></Publishers>`, nil,
			`{"publishers": {"file": {
				"record": {"enable": "true", "path": "p.xml", "recordInfo": "r.xml"},
				"streamMap": {"enable": "true", "path": "p.xml", "recordInfo": "r.xml"}}}}`},
		{"<Record> alone",
			`<Publishers><FILE><Record><RecordInfo>old.xml</RecordInfo></Record></FILE></Publishers>`, nil,
			`{"publishers": {"file": {"record": {"recordInfo": "old.xml"}}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			x := appXML("<Application><Name>a</Name><Type>live</Type>" + tt.app + "</Application>")
			cfg := mustParse(t, []byte(x), "Server.xml", env(tt.env))
			got := cfg.VirtualHosts[0].Applications[0].Config
			delete(got, "name")
			delete(got, "type")
			assertJSON(t, "app", got, tt.want)
		})
	}
}

func TestWithEnvDefaultsToProcessEnvironment(t *testing.T) {
	// Not parallel: it sets a process environment variable.
	t.Setenv("SERVERXML_TEST_PORT", "4242")
	cfg := mustParse(t, []byte(apiXML("<Port>${env:SERVERXML_TEST_PORT:1}</Port>")), "Server.xml")
	if cfg.API == nil || cfg.API.Port != 4242 {
		t.Errorf("API = %+v", cfg.API)
	}
	cfg = mustParse(t, []byte(apiXML("<Port>${env:SERVERXML_TEST_PORT:1}</Port>")), "Server.xml", WithEnv(nil))
	if cfg.API == nil || cfg.API.Port != 4242 {
		t.Errorf("WithEnv(nil): API = %+v", cfg.API)
	}
}

func TestBOMAndLineNumbers(t *testing.T) {
	t.Parallel()
	x := append([]byte("\xef\xbb\xbf"), apiXML("<Port>x</Port>")...)
	_, err := Parse(x, "bom.xml")
	if e := asError(t, err); e.Line != 5 {
		t.Errorf("line %d, want 5: %v", e.Line, err)
	}
	// CRLF files count lines the same way.
	x = bytes.ReplaceAll([]byte(apiXML("<Port>x</Port>")), []byte("\n"), []byte("\r\n"))
	_, err = Parse(x, "crlf.xml")
	if e := asError(t, err); e.Line != 5 {
		t.Errorf("line %d, want 5: %v", e.Line, err)
	}
}
