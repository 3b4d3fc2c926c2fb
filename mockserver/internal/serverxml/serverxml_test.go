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
			"mpegts": {"streams": [{"name": "stream_${Port}", "port": "4000"}]},
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

	t.Run("two files, sorted, in place", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{
			"Server.xml":         mainXML,
			"vh2.xml":            vh("two", "b"),
			"vh1.xml":            vh("one", "a"),
			"vh3.txt":            vh("not-xml", "x"), // does not match vh*.xml
			"other.xml":          vh("other", "x"),   // does not match either
			"vhdir.xml/x.xml":    vh("in-dir", "x"),  // a directory matching the pattern is skipped
			"sub/Server.xml":     strings.Replace(mainXML, "vh*.xml", "../vh*.xml", 1),
			"sub/vh9.xml":        vh("wrong-dir", "x"), // relative to the including file, not the cwd
			"abs/Server.xml":     strings.Replace(mainXML, "vh*.xml", filepath.Join(dir, "vh1.xml"), 1),
			"env/Server.xml":     strings.Replace(mainXML, "vh*.xml", "${env:VH_DIR:..}/vh2.xml", 1),
			"nested/Server.xml":  strings.Replace(mainXML, "vh*.xml", "outer.xml", 1),
			"nested/outer.xml":   `<VirtualHost include="inner/*.xml"/>`,
			"nested/inner/i.xml": vh("inner", "i"),
		})
		tests := []struct {
			file  string
			env   map[string]string
			want  []string
			apps  [][]string
			hosts map[string]string // vhost → its host JSON
		}{
			{
				file:  "Server.xml",
				want:  []string{"first", "one", "two", "last"},
				apps:  [][]string{nil, {"a"}, {"b"}, nil},
				hosts: map[string]string{"one": `{"names": ["one.example"]}`, "two": `{"names": ["two.example"]}`},
			},
			{file: "sub/Server.xml", want: []string{"first", "one", "two", "last"}},
			{file: "abs/Server.xml", want: []string{"first", "one", "last"}},
			{file: "env/Server.xml", want: []string{"first", "two", "last"}},
			{file: "env/Server.xml", env: map[string]string{"VH_DIR": "../sub"}, want: []string{"first", "last"}},
			{file: "nested/Server.xml", want: []string{"first", "inner", "last"}},
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
			for i, want := range tt.apps {
				if got := appNames(cfg.VirtualHosts[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: apps of %s = %q, want %q", tt.file, tt.want[i], got, want)
				}
			}
			for _, v := range cfg.VirtualHosts {
				if want, ok := tt.hosts[v.Name]; ok {
					assertJSON(t, v.Name+" host", v.Config["host"], want)
				}
			}
		}
	})

	t.Run("no match adds nothing", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"Server.xml": mainXML})
		cfg, err := ParseFile(filepath.Join(dir, "Server.xml"))
		if err != nil {
			t.Fatal(err)
		}
		if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"first", "last"}) {
			t.Errorf("vhosts = %q", got)
		}
	})

	t.Run("Parse resolves against the directory of filename", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"vh1.xml": vh("one", "a")})
		cfg := mustParse(t, []byte(mainXML), filepath.Join(dir, "Server.xml"))
		if got := vhostNames(cfg); !reflect.DeepEqual(got, []string{"first", "one", "last"}) {
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
			nil, 7, `duplicate application name "a" in virtual host "v" (first declared on line 5)`},
		{"empty include pattern", vhostXML(`<VirtualHost include=" "/>`), nil, 3, "empty include pattern"},
		{"bad include pattern", vhostXML(`<VirtualHost include="[x"/>`), nil, 3, "syntax error in pattern"},
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

// The general rules of the JSON view, on small snippets.
func TestJSONViewRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		app  string // children of <Application> besides Name and Type
		want string // the app's JSON without name and type
	}{
		{"comments and attributes are ignored, text is trimmed",
			`<Publishers enabled="yes"><!-- c --><AppWorkerCount a="1">
				2<!-- inner -->0
			</AppWorkerCount></Publishers>`,
			`{"publishers": {"appWorkerCount": "20"}}`},
		{"CDATA and entities",
			`<EventGenerator><Path><![CDATA[a<b>]]></Path><Enable>&amp;&#x41;</Enable></EventGenerator>`,
			`{"eventGenerator": {"path": "a<b>", "enable": "&A"}}`},
		{"a repeated single element is read from its first copy",
			`<Publishers><AppWorkerCount>1</AppWorkerCount><AppWorkerCount>2</AppWorkerCount><OVT><MaxConnection>3</MaxConnection></OVT><OVT/></Publishers>`,
			`{"publishers": {"appWorkerCount": "1", "ovt": {"maxConnection": "3"}}}`},
		{"empty elements: object, string, empty bare list",
			`<Providers><OVT/><FILE/><MPEGTS><StreamMap/></MPEGTS></Providers><Publishers><Push></Push></Publishers>`,
			`{"providers": {"ovt": {}, "file": "", "mpegts": {"streams": []}}, "publishers": {"push": {}}}`},
		{"lists keep every entry in order",
			`<Providers><MPEGTS><StreamMap>
				<Stream><Name>a</Name><Port>4000</Port></Stream>
				<Other>ignored</Other>
				<Stream><Name>b</Name><Port>4001-4004,4005/udp</Port></Stream>
			</StreamMap></MPEGTS><WebRTC><CrossDomains><Url>a</Url><Header><Key>k</Key><Value>v</Value></Header><Url>b</Url></CrossDomains></WebRTC></Providers>`,
			`{"providers": {
				"mpegts": {"streams": [{"name": "a", "port": "4000"}, {"name": "b", "port": "4001-4004,4005/udp"}]},
				"webrtc": {"crossDomains": {"urls": ["a", "b"], "headers": [{"key": "k", "value": "v"}]}}
			}}`},
		{"unknown elements keep their R1 key",
			`<FutureThing><SubA>1</SubA><SubA>2</SubA><Leaf/></FutureThing><Publishers><LLHLS><SegmentationMode>synced</SegmentationMode></LLHLS></Publishers>`,
			`{"futureThing": {"subA": ["1", "2"], "leaf": ""}, "publishers": {"llhls": {"segmentationMode": "synced"}}}`},
		{"a known key wins over an unknown element with the same key",
			`<Providers><WebRTC><CrossDomains><urls>x</urls><Url>y</Url></CrossDomains></WebRTC></Providers>`,
			`{"providers": {"webrtc": {"crossDomains": {"urls": ["y"]}}}}`},
		{"deprecated FILE provider is a scalar",
			`<Providers><FILE>true</FILE></Providers>`,
			`{"providers": {"file": "true"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			x := appXML("<Application><Name>a</Name><Type>live</Type>" + tt.app + "</Application>")
			cfg := mustParse(t, []byte(x), "Server.xml")
			got := cfg.VirtualHosts[0].Applications[0].Config
			delete(got, "name")
			delete(got, "type")
			assertJSON(t, "app", got, tt.want)
		})
	}
}

// Every explicit JSON name and list of the key table, on one large
// application and one large virtual host.
func TestJSONViewKeyTable(t *testing.T) {
	t.Parallel()
	cfg := mustParse(t, []byte(vhostXML(kitchenVhost)), "Server.xml")
	vh := cfg.VirtualHosts[0]
	assertJSON(t, "vhost", vh.Config, wantKitchenVhost)
	assertJSON(t, "app", vh.Applications[0].Config, wantKitchenApp)
}

const kitchenApp = `<Application>
		<Name>kitchen</Name>
		<Type>vod</Type>
		<Decodes><Video><HardwareAcceleration>true</HardwareAcceleration></Video><H264hasBframes>16</H264hasBframes></Decodes>
		<OutputProfiles>
			<HardwareAcceleration>false</HardwareAcceleration>
			<HWAccels><Decoder><Enable>false</Enable><Modules>nv</Modules></Decoder><Encoder><Enable>true</Enable></Encoder></HWAccels>
			<Decodes><ThreadCount>2</ThreadCount><OnlyKeyframes>true</OnlyKeyframes></Decodes>
			<MediaOptions>
				<Subtitles><Enable>true</Enable><DefaultLabel>en</DefaultLabel>
					<Rendition><Label>en</Label><Language>en</Language><AutoSelect>true</AutoSelect><Forced>false</Forced>
						<Transcription><Engine>whisper</Engine><Model>m.bin</Model><AudioIndexHint>0</AudioIndexHint><SourceLanguage>auto</SourceLanguage><Translation>false</Translation></Transcription>
					</Rendition>
				</Subtitles>
				<Overlays><Enable>false</Enable><Path>overlays</Path></Overlays>
				<STT><Enable>true</Enable>
					<Rendition><Engine>whisper</Engine><OutputSubtitleLabel>en</OutputSubtitleLabel><Model>m.bin</Model><InputAudioIndex>0</InputAudioIndex>
						<SourceLanguage>auto</SourceLanguage><Translation>true</Translation><StepMs>2000</StepMs><LengthMs>10000</LengthMs><KeepMs>1500</KeepMs><Modules>nv:0</Modules></Rendition>
				</STT>
			</MediaOptions>
			<OutputProfile>
				<Name>abr</Name>
				<OutputStreamName>${OriginStreamName}_abr</OutputStreamName>
				<Encodes>
					<Video><Name>h264_720</Name><Codec>h264</Codec><Modules>x264</Modules><Bitrate>2M</Bitrate><Width>1280</Width><Height>720</Height><Framerate>29.97</Framerate>
						<SkipFrames>-1</SkipFrames><Preset>faster</Preset><ThreadCount>4</ThreadCount><KeyFrameIntervalType>time</KeyFrameIntervalType><KeyFrameInterval>2000</KeyFrameInterval>
						<BFrames>0</BFrames><Profile>high</Profile><Lookahead>-1</Lookahead><ExtraOptions>nal-hrd=cbr</ExtraOptions>
						<BypassIfMatch><Codec>eq</Codec><Width>lte</Width><Height>lte</Height><Framerate>gte</Framerate><SAR>eq</SAR></BypassIfMatch></Video>
					<Audio><Name>aac</Name><Bypass>false</Bypass><Codec>aac</Codec><Bitrate>128K</Bitrate><Samplerate>48000</Samplerate><Channel>2</Channel>
						<BypassIfMatch><Samplerate>eq</Samplerate><Channel>eq</Channel></BypassIfMatch></Audio>
					<Image><Name>thumb</Name><Codec>jpeg</Codec><Width>320</Width><Height>180</Height><Framerate>1</Framerate><SkipFrames>0</SkipFrames></Image>
				</Encodes>
				<Playlist><Name>abr</Name><FileName>abr</FileName>
					<Options><WebRtcAutoAbr>false</WebRtcAutoAbr><HLSChunklistPathDepth>-1</HLSChunklistPathDepth><EnableTsPackaging>false</EnableTsPackaging><EnableSubtitles>true</EnableSubtitles></Options>
					<Rendition><Name>720p</Name><Video>h264_720</Video><Audio>aac</Audio><VideoIndexHint>0</VideoIndexHint><AudioIndexHint>1</AudioIndexHint></Rendition>
					<RenditionTemplate><Name>t</Name>
						<VideoTemplate><VariantName>v</VariantName><EncodingType>encoded</EncodingType><MaxWidth>1920</MaxWidth><MinWidth>1</MinWidth><MaxHeight>1080</MaxHeight><MinHeight>1</MinHeight>
							<MaxFramerate>60</MaxFramerate><MinFramerate>24</MinFramerate><MaxBitrate>9</MaxBitrate><MinBitrate>1</MinBitrate></VideoTemplate>
						<AudioTemplate><VariantName>a</VariantName><EncodingType>bypassed</EncodingType><MaxBitrate>9</MaxBitrate><MinBitrate>1</MinBitrate>
							<MaxSamplerate>48000</MaxSamplerate><MinSamplerate>8000</MinSamplerate><MaxChannel>2</MaxChannel><MinChannel>1</MinChannel></AudioTemplate>
					</RenditionTemplate>
				</Playlist>
				<TrackSet><Name>low</Name><Strict>true</Strict><Video><Name>h264_720</Name><IndexHint>0</IndexHint></Video><Audio><Name>aac</Name></Audio></TrackSet>
			</OutputProfile>
		</OutputProfiles>
		<Providers>
			<RTMP><MaxConnection>0</MaxConnection><TimestampMode>Original</TimestampMode><PacketSilenceTimeoutMs>0</PacketSilenceTimeoutMs><FirstMediaWaitTimeoutMs>5000</FirstMediaWaitTimeoutMs>
				<BlockDuplicateStreamName>false</BlockDuplicateStreamName><PassthroughOutputProfile>true</PassthroughOutputProfile>
				<EventGenerator><Event><Trigger>OnMetadata</Trigger><HLSID3v2><EventType>video</EventType><FrameType>TXXX</FrameType><Info>i</Info><Data>d</Data></HLSID3v2></Event></EventGenerator></RTMP>
			<RTSPPull><BlockDuplicateStreamName>true</BlockDuplicateStreamName></RTSPPull>
			<RTSP><UseIncomingTimestamp>true</UseIncomingTimestamp></RTSP>
			<SRT><AudioMap><Item><Name>main</Name><Language>en</Language><Characteristics>public.main</Characteristics></Item><Item><Name>alt</Name></Item></AudioMap></SRT>
			<WebRTC><Timeout>30000</Timeout><FIRInterval>3000</FIRInterval><RtcpBasedTimestamp>true</RtcpBasedTimestamp><Rtx><Enable>true</Enable><MaxHoldMs>400</MaxHoldMs></Rtx></WebRTC>
			<Schedule><MediaRootDir>m</MediaRootDir><ScheduleFilesDir>s</ScheduleFilesDir></Schedule>
			<Multiplex><MuxFilesDir>mux</MuxFilesDir></Multiplex>
			<MPEGTS><PacketReordering>true</PacketReordering><AudioMap><Item><Name>x</Name></Item></AudioMap></MPEGTS>
		</Providers>
		<Publishers>
			<DelayBufferTimeMs>0</DelayBufferTimeMs>
			<WebRTC><MaxConnection>1</MaxConnection><PlayoutDelay><Min>0</Min><Max>100</Max></PlayoutDelay><BandwidthEstimation>All</BandwidthEstimation></WebRTC>
			<HLS><OriginMode>false</OriginMode><ServerTimeBasedSegmentNumbering>true</ServerTimeBasedSegmentNumbering>
				<DVR><Enable>true</Enable><EventPlaylistType>true</EventPlaylistType></DVR>
				<Dumps><Dump><Id>d1</Id><Enable>true</Enable><TargetStreamName>s*</TargetStreamName><OutputPath>/d</OutputPath><Playlists><Playlist>llhls.m3u8</Playlist></Playlists></Dump></Dumps>
				<CacheControl><MasterPlaylistMaxAge>0</MasterPlaylistMaxAge><ChunklistMaxAge>0</ChunklistMaxAge><ChunklistWithDirectivesMaxAge>60</ChunklistWithDirectivesMaxAge><SegmentMaxAge>-1</SegmentMaxAge><PartialSegmentMaxAge>-1</PartialSegmentMaxAge></CacheControl>
				<DefaultQueryString><Query><Key>_HLS_legacy</Key><Value>YES</Value></Query></DefaultQueryString></HLS>
			<LLHLS><EnablePreloadHint>false</EnablePreloadHint><DRM><Enable>true</Enable><InfoFile>drm.xml</InfoFile></DRM></LLHLS>
			<SRT><MaxConnection>10</MaxConnection></SRT>
			<FILE><RootPath>/r</RootPath><StreamMap><Enable>true</Enable><Path>map.xml</Path></StreamMap><Record><RecordInfo>old.xml</RecordInfo></Record></FILE>
			<Thumbnail><MaxConnection>2</MaxConnection><CrossDomains><Url>*</Url></CrossDomains></Thumbnail>
			<Push><ConnectionTimeout>3000</ConnectionTimeout><SendTimeout>1000</SendTimeout><StreamMap><Enable>false</Enable></StreamMap></Push>
			<MPEGTSPush><MaxConnection>1</MaxConnection></MPEGTSPush>
			<RTMPPush/>
			<SRTPush/>
		</Publishers>
		<PersistentStreams><Stream><Name>p</Name><OriginStreamName>o</OriginStreamName><FallbackStreamName>f</FallbackStreamName></Stream></PersistentStreams>
		<TranscodeWebhook><Enable>false</Enable><ControlServerUrl>http://x</ControlServerUrl><SecretKey>k</SecretKey><Timeout>1500</Timeout>
			<UseLocalProfilesOnConnectionFailure>true</UseLocalProfilesOnConnectionFailure><UseLocalProfilesOnServerDisallow>false</UseLocalProfilesOnServerDisallow><UseLocalProfilesOnErrorResponse>false</UseLocalProfilesOnErrorResponse></TranscodeWebhook>
		<EventGenerator><Enable>false</Enable><Path>e.xml</Path></EventGenerator>
		<Subtitles><Enable>false</Enable></Subtitles>
	</Application>`
const wantKitchenApp = `{
		"name": "kitchen", "type": "vod",
		"decodes": {"video": {"hardwareAcceleration": "true"}, "h264hasBframes": "16"},
		"outputProfiles": {
			"hardwareAcceleration": "false",
			"hwaccels": {"decoder": {"enable": "false", "modules": "nv"}, "encoder": {"enable": "true"}},
			"decodes": {"threadCount": "2", "onlyKeyframes": "true"},
			"mediaOptions": {
				"subtitles": {"enable": "true", "defaultLabel": "en", "rendition": [{
					"label": "en", "language": "en", "autoSelect": "true", "forced": "false",
					"transcription": {"engine": "whisper", "model": "m.bin", "audioIndexHint": "0", "sourceLanguage": "auto", "translation": "false"}
				}]},
				"overlays": {"enable": "false", "path": "overlays"},
				"stt": {"enable": "true", "rendition": [{
					"engine": "whisper", "outputSubtitleLabel": "en", "model": "m.bin", "inputAudioIndex": "0", "sourceLanguage": "auto",
					"translation": "true", "stepMs": "2000", "lengthMs": "10000", "keepMs": "1500", "modules": "nv:0"
				}]}
			},
			"outputProfile": [{
				"name": "abr", "outputStreamName": "${OriginStreamName}_abr",
				"encodes": {
					"videos": [{
						"name": "h264_720", "codec": "h264", "modules": "x264", "bitrate": "2M", "width": "1280", "height": "720", "framerate": "29.97",
						"skipFrames": "-1", "preset": "faster", "threadCount": "4", "keyFrameIntervalType": "time", "keyFrameInterval": "2000",
						"bFrames": "0", "profile": "high", "lookahead": "-1", "extraOptions": "nal-hrd=cbr",
						"bypassIfMatch": {"codec": "eq", "width": "lte", "height": "lte", "framerate": "gte", "sar": "eq"}
					}],
					"audios": [{"name": "aac", "bypass": "false", "codec": "aac", "bitrate": "128K", "samplerate": "48000", "channel": "2",
						"bypassIfMatch": {"samplerate": "eq", "channel": "eq"}}],
					"images": [{"name": "thumb", "codec": "jpeg", "width": "320", "height": "180", "framerate": "1", "skipFrames": "0"}]
				},
				"playlists": [{
					"name": "abr", "fileName": "abr",
					"options": {"webRtcAutoAbr": "false", "hlsChunklistPathDepth": "-1", "enableTsPackaging": "false", "enableSubtitles": "true"},
					"renditions": [{"name": "720p", "video": "h264_720", "audio": "aac", "video_index_hint": "0", "audio_index_hint": "1"}],
					"rendition_templates": [{
						"name": "t",
						"video_template": {"variant_name": "v", "encoding_type": "encoded", "max_width": "1920", "min_width": "1", "max_height": "1080", "min_height": "1",
							"max_framerate": "60", "min_framerate": "24", "max_bitrate": "9", "min_bitrate": "1"},
						"audio_template": {"variant_name": "a", "encoding_type": "bypassed", "max_bitrate": "9", "min_bitrate": "1",
							"max_samplerate": "48000", "min_samplerate": "8000", "max_channel": "2", "min_channel": "1"}
					}]
				}],
				"tracksets": [{"name": "low", "strict": "true", "videos": [{"name": "h264_720", "indexHint": "0"}], "audios": [{"name": "aac"}]}]
			}]
		},
		"providers": {
			"rtmp": {"maxConnection": "0", "timestampMode": "Original", "packetSilenceTimeoutMs": "0", "firstMediaWaitTimeoutMs": "5000",
				"blockDuplicateStreamName": "false", "passthroughOutputProfile": "true",
				"eventGenerator": {"event": [{"trigger": "OnMetadata", "hlsId3v2": {"eventType": "video", "frameType": "TXXX", "info": "i", "data": "d"}}]}},
			"rtspPull": {"blockDuplicateStreamName": "true"},
			"rtsp": {"useIncomingTimestamp": "true"},
			"srt": {"audioMap": {"item": [{"name": "main", "language": "en", "characteristics": "public.main"}, {"name": "alt"}]}},
			"webrtc": {"timeout": "30000", "firInterval": "3000", "rtcpBasedTimestamp": "true", "rtx": {"enable": "true", "maxHoldMs": "400"}},
			"schedule": {"mediaRootDir": "m", "scheduleFilesDir": "s"},
			"multiplex": {"muxFilesDir": "mux"},
			"mpegts": {"packetReordering": "true", "audioMap": {"item": [{"name": "x"}]}}
		},
		"publishers": {
			"delayBufferTimeMs": "0",
			"webrtc": {"maxConnection": "1", "playoutDelay": {"min": "0", "max": "100"}, "bandwidthEstimation": "All"},
			"hls": {
				"originMode": "false", "serverTimeBasedSegmentNumbering": "true",
				"dvr": {"enable": "true", "eventPlaylistType": "true"},
				"dumps": {"dump": [{"id": "d1", "enable": "true", "targetStreamName": "s*", "outputPath": "/d", "playlists": {"playlist": ["llhls.m3u8"]}}]},
				"cacheControl": {"masterPlaylistMaxAge": "0", "chunklistMaxAge": "0", "chunklistWithDirectivesMaxAge": "60", "segmentMaxAge": "-1", "partialSegmentMaxAge": "-1"},
				"defaultQueryString": {"queries": [{"key": "_HLS_legacy", "value": "YES"}]}
			},
			"llhls": {"enablePreloadHint": "false", "drm": {"enable": "true", "infoFile": "drm.xml"}},
			"srt": {"maxConnection": "10"},
			"file": {"rootPath": "/r", "streamMap": {"enable": "true", "path": "map.xml"}, "record": {"recordInfo": "old.xml"}},
			"thumbnail": {"maxConnection": "2", "crossDomains": {"urls": ["*"]}},
			"push": {"connectionTimeout": "3000", "sendTimeout": "1000", "streamMap": {"enable": "false"}},
			"mpegtsPush": {"maxConnection": "1"},
			"rtmpPush": {},
			"srtPush": {}
		},
		"persistentStreams": {"stream": [{"name": "p", "originStreamName": "o", "fallbackStreamName": "f"}]},
		"transcodeWebhook": {"enable": "false", "controlServerUrl": "http://x", "secretKey": "k", "timeout": "1500",
			"useLocalProfilesOnConnectionFailure": "true", "useLocalProfilesOnServerDisallow": "false", "useLocalProfilesOnErrorResponse": "false"},
		"eventGenerator": {"enable": "false", "path": "e.xml"},
		"subtitles": {"enable": "false"}
	}`
const kitchenVhost = `<VirtualHost>
		<Name>big</Name>
		<Distribution>d</Distribution>
		<Host><Names><Name>a.example</Name><Name>*.b.example</Name></Names><TLS><CertPath>c</CertPath><KeyPath>k</KeyPath></TLS></Host>
		<SignedPolicy><PolicyQueryKeyName>policy</PolicyQueryKeyName><SignatureQueryKeyName>signature</SignatureQueryKeyName><SecretKey>s</SecretKey>
			<Enables><Providers>rtmp,webrtc,srt</Providers><Publishers>webrtc,llhls</Publishers></Enables></SignedPolicy>
		<AdmissionWebhooks><ControlServerUrl>http://c</ControlServerUrl><SecretKey>k</SecretKey><Timeout>3000</Timeout><Enables><Providers>rtmp</Providers></Enables></AdmissionWebhooks>
		<Origins>
			<Properties><NoInputFailoverTimeout>1</NoInputFailoverTimeout><UnusedStreamDeletionTimeout>2</UnusedStreamDeletionTimeout><StreamFailbackTimeout>3</StreamFailbackTimeout><RetryCount>4</RetryCount></Properties>
			<Origin><Location>/app/stream</Location><Pass><Scheme>ovt</Scheme><Urls><Url>o1:9000/app/s</Url><Url>o2:9000/app/s</Url></Urls><ForwardQueryParams>false</ForwardQueryParams></Pass>
				<Persistent>true</Persistent><Failback>true</Failback><StrictLocation>true</StrictLocation><Relay>true</Relay><IgnoreRtcpSRTimestamp>true</IgnoreRtcpSRTimestamp></Origin>
			<Origin><Location>/</Location><Pass><Scheme>rtsp</Scheme><Urls><Url>cam/</Url></Urls></Pass></Origin>
		</Origins>
		<OriginMapStore><RedisServer><Host>r:6379</Host><Auth>pw</Auth></RedisServer><OriginHostName>me</OriginHostName></OriginMapStore>
		<CrossDomains><Url>*</Url><Header><Key>X</Key><Value>1</Value></Header></CrossDomains>
		<Applications>` + kitchenApp + `</Applications>
	</VirtualHost>`
const wantKitchenVhost = `{
		"name": "big", "distribution": "d",
		"host": {"names": ["a.example", "*.b.example"], "tls": {"certPath": "c", "keyPath": "k"}},
		"signedPolicy": {"policyQueryKeyName": "policy", "signatureQueryKeyName": "signature", "secretKey": "s",
			"enables": {"providers": "rtmp,webrtc,srt", "publishers": "webrtc,llhls"}},
		"admissionWebhooks": {"controlServerUrl": "http://c", "secretKey": "k", "timeout": "3000", "enables": {"providers": "rtmp"}},
		"origins": {
			"properties": {"noInputFailoverTimeout": "1", "unusedStreamDeletionTimeout": "2", "streamFailbackTimeout": "3", "retryCount": "4"},
			"origin": [
				{"location": "/app/stream", "pass": {"scheme": "ovt", "urls": {"url": ["o1:9000/app/s", "o2:9000/app/s"]}, "forwardQueryParams": "false"},
					"persistent": "true", "failback": "true", "strictLocation": "true", "relay": "true", "ignoreRtcpSrTimestamp": "true"},
				{"location": "/", "pass": {"scheme": "rtsp", "urls": {"url": ["cam/"]}}}
			]
		},
		"originMapStore": {"redisServer": {"host": "r:6379", "auth": "pw"}, "originHostName": "me"},
		"crossDomains": {"urls": ["*"], "headers": [{"key": "X", "value": "1"}]}
	}`

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
