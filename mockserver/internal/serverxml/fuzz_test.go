package serverxml

import (
	"errors"
	"path"
	"sort"
	"strings"
	"testing"
)

// memFiles is an in-memory fileSystem, so that fuzzed include= patterns never
// touch the real file system. Its keys are clean slash-separated paths.
type memFiles map[string]string

func (m memFiles) ReadDir(dir string) ([]string, error) {
	dir = path.Clean(dir) + "/"
	var out []string
	found := false
	for name := range m {
		rest, ok := strings.CutPrefix(name, dir)
		if !ok {
			continue
		}
		found = true
		if !strings.Contains(rest, "/") {
			out = append(out, rest)
		}
	}
	if !found {
		return nil, errors.New("no such directory")
	}
	sort.Strings(out)
	return out, nil
}

func (m memFiles) ReadFile(name string) ([]byte, error) {
	if d, ok := m[path.Clean(name)]; ok {
		return []byte(d), nil
	}
	return nil, errors.New("no such file")
}

var fuzzFiles = memFiles{
	"fuzz/vh1.xml":  "<VirtualHost><Name>inc</Name><Applications><Application><Name>a</Name><Type>live</Type></Application></Applications></VirtualHost>",
	"fuzz/vh2.xml":  "<VirtualHost>\n<Name>b</Name>\n<Host>\n</VirtualHost>",
	"fuzz/vh3.xml":  "<Server/>",
	"fuzz/self.xml": `<VirtualHost include="self.xml"/>`,
}

func withFiles(fs fileSystem) Option { return func(o *options) { o.files = fs } }

func FuzzParse(f *testing.F) {
	// The default file and small snippets. The reference files are left out:
	// large seeds make the fuzzer spend its time minimizing them.
	f.Add(Default())
	for _, s := range []string{
		"",
		"<Server/>",
		"<Server><Name>x</Name></Server>",
		apiXML("<Port>${env:P:8081}</Port><TLSPort>8443</TLSPort>"),
		apiXML("<Port>0</Port>"),
		"<Server><Managers><API><AccessToken>t</AccessToken><CrossDomains><Url>*</Url><Header><Key>k</Key><Value>v</Value></Header></CrossDomains></API></Managers></Server>",
		vhostXML(`<VirtualHost include="vh*.xml"/><VirtualHost><Name>v</Name></VirtualHost>`),
		vhostXML(`<VirtualHost include="self.xml"/>`),
		vhostXML(`<VirtualHost include="[x"/>`),
		appXML("<Application><Name>a</Name><Type>live</Type><Providers><MPEGTS><StreamMap><Stream><Name>s</Name></Stream></StreamMap></MPEGTS></Providers></Application>"),
		appXML("<Application><Name>a</Name><Type>vod</Type><FutureThing><X>1</X><X>2</X></FutureThing></Application>"),
		"<Server>\n<VirtualHosts>\n<VirtualHost>\n</Server>",
		"<a:Server xmlns:a='x'><![CDATA[x]]></a:Server>",
		"<?xml version='1.0' encoding='latin1'?><Server/>",
		"\xef\xbb\xbf<Server>&amp;&#0;</Server>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lookup := func(name string) (string, bool) {
			if name == "P" {
				return "9000", true
			}
			return "", false
		}
		cfg, err := Parse(data, "fuzz/Server.xml", WithEnv(lookup), withFiles(fuzzFiles))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, not an *Error", err, err)
			}
			if e.File == "" || e.Line < 1 {
				t.Fatalf("error without file or line: %#v", e)
			}
			return
		}
		if cfg == nil {
			t.Fatal("nil config without error")
		}
		if cfg.API != nil && (cfg.API.Port < 0 || cfg.API.Port > 65535 || cfg.API.TLSPort < 0 || cfg.API.TLSPort > 65535) {
			t.Fatalf("port out of range: %+v", cfg.API)
		}
		for _, vh := range cfg.VirtualHosts {
			if vh.Config == nil {
				t.Fatal("vhost without JSON view")
			}
			if _, ok := vh.Config["applications"]; ok {
				t.Fatal(`vhost JSON view has "applications"`)
			}
			for _, a := range vh.Applications {
				if a.Config == nil {
					t.Fatal("app without JSON view")
				}
			}
		}
	})
}
