// Package serverxml reads an OvenMediaEngine Server.xml into what the mock
// needs: the API server settings (<Bind><Managers><API>, <Managers><API>) and
// every virtual host and application, each with the JSON view OME's REST API
// returns for it (docs/ome-behaviour.md, "Server.xml").
//
// It reads the file the way OME 0.21 does, as recorded from the real server in
// the mockserver package's testdata/serverxml: text is taken exactly as
// written (no trimming; a comment ends it), the first copy of a repeated single
// element wins, ignore="true" drops an element, include= brings in other files
// (list entries: any number of files; single elements: exactly one), and an
// element OME does not know inside <VirtualHosts> is an error, because OME
// refuses to start on it. The JSON views use an explicit key table
// (schema.go); scalars are strings, shown before ${env:...} substitution,
// except the entries of lists of plain strings, which are shown after it.
// Values the package itself uses (ports, access token, API CrossDomains,
// names, include patterns) are read after substitution, with the lookup given
// by WithEnv. The MPEG-TS streams an application reserves at startup replace
// its configured stream map in the view, as in OME's answers (mpegts.go).
//
// Every failure is an *Error naming the file and the 1-based line.
package serverxml

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is what the mock needs from a Server.xml.
type Config struct {
	Name         string        // <Server><Name>, after ${env:...} substitution
	API          *APIConfig    // nil when <Bind><Managers><API> is absent, or has neither Port nor TLSPort (OME then runs without the API)
	OVTPort      int           // <Bind><Publishers><OVT><Port>, after ${env:...} substitution; 0 when absent
	AccessToken  string        // <Managers><API><AccessToken>, after ${env:...} substitution
	CrossDomains *CrossDomains // <Managers><API><CrossDomains>, nil when absent
	// APITLS is <Managers><Host><TLS>, the API's certificate for its TLSPort; nil when absent.
	APITLS       *TLSFiles
	VirtualHosts []VirtualHost // in file order, includes expanded
}

// APIConfig is <Bind><Managers><API>. A port is 0 when its element is absent.
type APIConfig struct {
	Port    int // <Port>, after ${env:...} substitution
	TLSPort int // <TLSPort>, after ${env:...} substitution
}

// TLSFiles names a certificate's files, after ${env:...} substitution.
type TLSFiles struct {
	CertPath, KeyPath, ChainCertPath string
}

// CrossDomains is the API's CORS configuration (docs/ome-behaviour.md, "HTTP layer"), after
// ${env:...} substitution. A present but empty element gives a non-nil value
// with no URLs (OME's "empty" policy).
type CrossDomains struct {
	URLs    []string // <Url>, in file order
	Headers []Header // <Header>, in file order
}

// Header is one <CrossDomains><Header>.
type Header struct {
	Key, Value string
}

// VirtualHost is one <VirtualHost>.
type VirtualHost struct {
	// Name is <Name> after ${env:...} substitution (what OME looks vhosts up
	// by); Config["name"] keeps the text as written.
	Name string
	// Config is the vhost's JSON view WITHOUT "applications" (OME strips it
	// from every response).
	Config       map[string]any
	Applications []Application // in file order
}

// Application is one <Application> of a virtual host.
type Application struct {
	// Name is <Name> after ${env:...} substitution; Config["name"] keeps the
	// text as written. "*" is the dynamic-application template.
	Name string
	// ProfileNames maps the name of each output profile as written to its name after
	// ${env:...} substitution: OME lists and finds profiles by the latter, while the view
	// (Config) keeps the former. Only names that change are listed.
	ProfileNames map[string]string
	// Config is the application's JSON view, with no defaults and no derived
	// "dynamic" member.
	Config map[string]any
}

// Error is a malformed or unusable configuration file. Line is 1-based; it is
// 0 only when the file itself could not be read.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Option configures Parse and ParseFile.
type Option func(*options)

type options struct {
	lookup func(string) (string, bool)
	files  fileSystem
}

// fileSystem is what include= needs from the file system; tests swap it for an
// in-memory one.
type fileSystem interface {
	// ReadDir returns the names of the regular files in dir (symbolic links
	// followed); it fails when dir cannot be listed.
	ReadDir(dir string) ([]string, error)
	ReadFile(name string) ([]byte, error)
}

type osFiles struct{}

func (osFiles) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

func (osFiles) ReadDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			fi, err := os.Stat(filepath.Join(dir, e.Name()))
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
		}
		out = append(out, e.Name())
	}
	return out, nil
}

// WithEnv sets the lookup used for ${env:NAME} and ${env:NAME:default}. The
// default is os.LookupEnv.
func WithEnv(lookup func(name string) (string, bool)) Option {
	return func(o *options) {
		if lookup != nil {
			o.lookup = lookup
		}
	}
}

//go:embed default_server.xml
var defaultServerXML []byte

// Default returns the embedded default Server.xml (a copy; callers may modify
// it).
func Default() []byte { return append([]byte(nil), defaultServerXML...) }

// maxIncludeDepth bounds nested include= chains (the root of an included file
// may itself have an include=), so that a file including itself fails instead
// of looping.
const maxIncludeDepth = 8

// ParseFile reads path, which is a Server.xml file or, like OME's -c option, a
// directory holding one.
func ParseFile(path string, opts ...Option) (*Config, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "Server.xml")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: readErrorText(err)}
	}
	return Parse(data, path, opts...)
}

// Parse reads a Server.xml held in data. filename names it in errors, and its
// directory is the base of relative include= patterns (also of those in
// included files).
func Parse(data []byte, filename string, opts ...Option) (*Config, error) {
	o := options{lookup: os.LookupEnv, files: osFiles{}}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if filename == "" {
		filename = "Server.xml"
	}
	p := &parser{opts: o}
	root, err := parseDOM(data, filename)
	if err != nil {
		return nil, err
	}
	if root.name != "Server" {
		return nil, &Error{File: filename, Line: root.line, Msg: fmt.Sprintf("root element is <%s>, want <Server>", root.name)}
	}
	return p.server(root, filename)
}

type parser struct {
	opts options
	apps []appRef // every application, in the order OME creates them
}

// appRef is an application's element next to its JSON view.
type appRef struct {
	el  *element
	app Application
}

func (p *parser) env(s string) string { return expandEnv(s, p.opts.lookup) }

func (p *parser) server(root *element, file string) (*Config, error) {
	cfg := &Config{Name: p.env(root.child("Name").value())}

	if api := root.path("Bind", "Managers", "API"); api != nil {
		port, err := p.port(api.child("Port"), file)
		if err != nil {
			return nil, err
		}
		tlsPort, err := p.port(api.child("TLSPort"), file)
		if err != nil {
			return nil, err
		}
		// OME: with neither listener configured the API stays disabled.
		if port != 0 || tlsPort != 0 {
			cfg.API = &APIConfig{Port: port, TLSPort: tlsPort}
		}
	}

	if ovt := root.path("Bind", "Publishers", "OVT"); ovt != nil {
		port, err := p.port(ovt.child("Port"), file)
		if err != nil {
			return nil, err
		}
		cfg.OVTPort = port
	}

	if t := root.path("Managers", "Host", "TLS"); t != nil {
		cfg.APITLS = &TLSFiles{
			CertPath:      p.env(t.child("CertPath").value()),
			KeyPath:       p.env(t.child("KeyPath").value()),
			ChainCertPath: p.env(t.child("ChainCertPath").value()),
		}
	}

	mapi := root.path("Managers", "API")
	cfg.AccessToken = p.env(mapi.child("AccessToken").value())
	if cd := mapi.child("CrossDomains"); cd != nil {
		cfg.CrossDomains = &CrossDomains{}
		for _, c := range cd.children {
			switch c.name {
			case "Url":
				cfg.CrossDomains.URLs = append(cfg.CrossDomains.URLs, p.env(c.value()))
			case "Header":
				cfg.CrossDomains.Headers = append(cfg.CrossDomains.Headers, Header{
					Key:   p.env(c.child("Key").value()),
					Value: p.env(c.child("Value").value()),
				})
			}
		}
	}

	if vhs := p.child(root, "VirtualHosts"); vhs != nil {
		// <VirtualHosts> is a single element: it may come from a file itself.
		items, err := p.expand(vhs, false, filepath.Dir(file), 0)
		if err != nil {
			return nil, err
		}
		it := items[0]
		if err := p.resolve(it.el, virtualHostsShape, it.base, it.depth); err != nil {
			return nil, err
		}
		seen := map[string]string{} // vhost name → where it was declared
		for _, c := range it.el.children {
			if err := p.virtualHost(c, seen, &cfg.VirtualHosts); err != nil {
				return nil, err
			}
		}
	}
	if err := p.reserveMPEGTS(root); err != nil {
		return nil, err
	}
	return cfg, nil
}

// port reads a <Port>/<TLSPort> element: 0 when absent, else an integer in
// 1..65535 after ${env:...} substitution.
func (p *parser) port(e *element, file string) (int, error) {
	if e == nil {
		return 0, nil
	}
	raw := e.value()
	v := strings.TrimSpace(p.env(raw))
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		shown := strconv.Quote(v)
		if v != raw {
			shown += fmt.Sprintf(" (from %q)", raw)
		}
		return 0, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("<%s> must be a port number between 1 and 65535, got %s", e.name, shown)}
	}
	return n, nil
}

// virtualHost appends the vhost e declares (resolved: includes expanded).
func (p *parser) virtualHost(e *element, seen map[string]string, out *[]VirtualHost) error {
	nameEl := e.child("Name")
	if nameEl == nil {
		return &Error{File: e.file, Line: e.line, Msg: "<VirtualHost> has no <Name>"}
	}
	vh := VirtualHost{
		Name:   p.env(nameEl.value()),
		Config: jsonView(e, vhostShape, p.env, "Applications"),
	}
	where := fmt.Sprintf("%s:%d", nameEl.file, nameEl.line)
	if prev, dup := seen[vh.Name]; dup {
		return &Error{File: nameEl.file, Line: nameEl.line, Msg: fmt.Sprintf("duplicate virtual host name %q (first declared at %s)", vh.Name, prev)}
	}
	seen[vh.Name] = where

	appLines := map[string]string{}
	if apps := e.child("Applications"); apps != nil {
		for _, a := range apps.children {
			app, err := p.application(a)
			if err != nil {
				return err
			}
			nameEl := a.child("Name")
			if prev, dup := appLines[app.Name]; dup {
				return &Error{File: nameEl.file, Line: nameEl.line, Msg: fmt.Sprintf("duplicate application name %q in virtual host %q (first declared at %s)", app.Name, vh.Name, prev)}
			}
			appLines[app.Name] = fmt.Sprintf("%s:%d", nameEl.file, nameEl.line)
			vh.Applications = append(vh.Applications, app)
			p.apps = append(p.apps, appRef{el: a, app: app})
		}
	}
	*out = append(*out, vh)
	return nil
}

// application checks what OME enforces for every application (a <Name>, and a
// <Type> of exactly "live" or "vod") and builds its JSON view.
func (p *parser) application(e *element) (Application, error) {
	nameEl := e.child("Name")
	if nameEl == nil {
		return Application{}, &Error{File: e.file, Line: e.line, Msg: "<Application> has no <Name>"}
	}
	typeEl := e.child("Type")
	if typeEl == nil {
		return Application{}, &Error{File: e.file, Line: e.line, Msg: fmt.Sprintf("<Application> %q has no <Type>", nameEl.value())}
	}
	if t := p.env(typeEl.value()); t != "live" && t != "vod" {
		return Application{}, &Error{File: typeEl.file, Line: typeEl.line, Msg: fmt.Sprintf("unknown application type %q (want exactly live or vod)", t)}
	}
	app := Application{Name: p.env(nameEl.value()), Config: jsonView(e, appShape, p.env)}
	if profiles := e.child("OutputProfiles"); profiles != nil {
		for _, profile := range profiles.children {
			if n := profile.child("Name"); profile.name == "OutputProfile" && n != nil {
				if raw, resolved := n.value(), p.env(n.value()); raw != resolved {
					if app.ProfileNames == nil {
						app.ProfileNames = map[string]string{}
					}
					app.ProfileNames[raw] = resolved
				}
			}
		}
	}
	return app, nil
}

func readErrorText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Sprintf("cannot read: %v", pe.Err)
	}
	return fmt.Sprintf("cannot read: %v", err)
}
