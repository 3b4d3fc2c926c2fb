package serverxml

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// MPEG-TS stream maps, as OME 0.21 applies them at startup (checked against the
// real server; see the "origin" fixture of the mockserver package).
//
// Every port expression of an application's <MPEGTS><StreamMap><Stream><Port>
// is parsed when the file is read, so a malformed one stops OME whatever else
// the file says. When <Bind><Providers><MPEGTS> is present, each application
// with an MPEG-TS provider then reserves, in creation order, every port of each
// of its streams (a stream without <Port> takes the lowest bound port still
// free) under the stream's name with ${Port} replaced by the port. A port that
// is not bound or already taken ends the reservations of that application
// (those made so far stay). OME's API shows an application that reserved at
// least one stream with providers.mpegts.streams replaced by the reservations,
// ordered by port: [{"name": "stream_4000", "port": "4000/udp"}, …].

// portExpr is a parsed port expression such as "4000", "4000-4004,4005/udp".
type portExpr struct {
	ports  []int
	scheme string // lower case: "udp" (also when none is given), "tcp" or "srt"; "" when unknown
}

// parsePortExpr parses a port expression as OME's RangedPort does.
func parsePortExpr(s string) (portExpr, error) {
	tokens := strings.Split(strings.TrimSpace(s), "/")
	pe := portExpr{scheme: "udp"}
	if len(tokens) == 2 {
		switch t := strings.ToLower(strings.TrimSpace(tokens[1])); t {
		case "udp", "tcp", "srt":
			pe.scheme = t
		default:
			pe.scheme = ""
		}
	}
	for _, item := range strings.Split(strings.TrimSpace(tokens[0]), ",") {
		item = strings.TrimSpace(item)
		r := strings.Split(item, "-")
		switch len(r) {
		case 1:
			port := stoi(r[0])
			if !validPort(port) {
				return pe, fmt.Errorf("invalid port %q", item)
			}
			pe.ports = append(pe.ports, port)
		case 2:
			from, to := stoi(r[0]), stoi(r[1])
			if !validPort(from) || !validPort(to) || from > to {
				return pe, fmt.Errorf("invalid port range %q", item)
			}
			for port := from; port <= to; port++ {
				pe.ports = append(pe.ports, port)
			}
		default:
			return pe, fmt.Errorf("invalid port expression %q", item)
		}
	}
	return pe, nil
}

func validPort(p int) bool { return p > 0 && p <= 65535 }

// stoi reads a number the way C++'s std::stoi does, and 0 where std::stoi
// throws: leading white space and a sign are allowed, reading stops at the
// first character that is not a digit, and there must be at least one digit.
func stoi(s string) int {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.ParseInt(s[:end], 10, 32)
	if err != nil {
		return 0
	}
	if neg {
		n = -n
	}
	return int(n)
}

// mpegtsStream is one <StreamMap><Stream> of an application.
type mpegtsStream struct {
	name  string // after substitution
	ports []int  // nil: any free port
}

// mpegtsStreams reads and checks the stream map of an application; ok is
// false when the application has no MPEG-TS provider.
func (p *parser) mpegtsStreams(app *element) (streams []mpegtsStream, ok bool, err error) {
	prov := app.child("Providers").child("MPEGTS")
	if prov == nil {
		return nil, false, nil
	}
	var entries []*element
	if sm := prov.child("StreamMap"); sm != nil {
		entries = sm.children
	}
	for _, st := range entries {
		s := mpegtsStream{name: p.env(st.child("Name").value())}
		if portEl := st.child("Port"); portEl != nil {
			pe, err := parsePortExpr(p.env(portEl.value()))
			if err != nil {
				return nil, true, &Error{File: portEl.file, Line: portEl.line, Msg: "MPEG-TS stream map: " + err.Error()}
			}
			s.ports = pe.ports
		}
		streams = append(streams, s)
	}
	return streams, true, nil
}

// reserveMPEGTS checks every application's stream map and applies the
// reservations to the JSON views.
func (p *parser) reserveMPEGTS(root *element) error {
	type appStreams struct {
		ref     appRef
		streams []mpegtsStream
	}
	var apps []appStreams
	for _, ref := range p.apps {
		streams, ok, err := p.mpegtsStreams(ref.el)
		if err != nil {
			return err
		}
		if ok && ref.app.Name != "*" { // a dynamic-application template is not an application
			apps = append(apps, appStreams{ref, streams})
		}
	}
	bind := p.child(p.child(p.child(root, "Bind"), "Providers"), "MPEGTS")
	if bind == nil || len(apps) == 0 {
		return nil
	}
	expr := "4000/udp"
	portEl := bind.child("Port")
	if portEl != nil {
		expr = p.env(portEl.value())
	}
	bound, err := parsePortExpr(expr)
	if err != nil {
		return &Error{File: portEl.file, Line: portEl.line, Msg: "<Bind><Providers><MPEGTS><Port>: " + err.Error()}
	}
	if bound.scheme == "" {
		return nil // not a socket type OME binds MPEG-TS to: no reservations to show
	}
	taken := map[int]bool{}
	for _, port := range bound.ports {
		taken[port] = false
	}
	free := func() (int, bool) {
		for _, port := range slices.Sorted(maps.Keys(taken)) {
			if !taken[port] {
				return port, true
			}
		}
		return 0, false
	}
	for _, a := range apps {
		reserved := map[int]string{}
	streams:
		for _, s := range a.streams {
			ports := s.ports
			if ports == nil {
				port, ok := free()
				if !ok {
					break
				}
				ports = []int{port}
			}
			for _, port := range ports {
				if isTaken, isBound := taken[port]; !isBound || isTaken {
					break streams
				}
				taken[port] = true
				reserved[port] = strings.ReplaceAll(s.name, "${Port}", strconv.Itoa(port))
			}
		}
		if len(reserved) == 0 {
			continue
		}
		list := []any{}
		for _, port := range slices.Sorted(maps.Keys(reserved)) {
			list = append(list, map[string]any{"name": reserved[port], "port": fmt.Sprintf("%d/%s", port, bound.scheme)})
		}
		providers, _ := a.ref.app.Config["providers"].(map[string]any)
		if ts, ok := providers["mpegts"].(map[string]any); ok {
			ts["streams"] = list
		}
	}
	return nil
}
