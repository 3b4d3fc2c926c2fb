package scenario

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// TranscriptFile is the name of a recording's transcript of OME 0.21.0.
const TranscriptFile = "transcript.ome-0.21.0.json"

//go:embed testdata
var recordings embed.FS

// Recording is a scenario with what a real OME answered to it.
type Recording struct {
	// Name is the directory name under testdata/.
	Name string
	// ServerXML is the configuration OME ran on.
	ServerXML []byte
	// Scenario is what was sent, Transcript what OME answered.
	Scenario   *Scenario
	Transcript Transcript
}

// Recordings returns the embedded recordings, sorted by name.
func Recordings() ([]*Recording, error) {
	dirs, err := fs.ReadDir(recordings, "testdata")
	if err != nil {
		return nil, err
	}
	var out []*Recording
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		r, err := LoadRecording(recordings, path.Join("testdata", d.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Recording) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out, nil
}

// LoadRecording reads Server.xml, scenario.json and the transcript from dir in fsys. A missing
// transcript is allowed (a scenario not recorded yet): Transcript is then nil.
func LoadRecording(fsys fs.FS, dir string) (*Recording, error) {
	r := &Recording{Name: path.Base(dir)}
	var err error
	if r.ServerXML, err = fs.ReadFile(fsys, path.Join(dir, "Server.xml")); err != nil {
		return nil, fmt.Errorf("recording %s: %w", r.Name, err)
	}
	data, err := fs.ReadFile(fsys, path.Join(dir, "scenario.json"))
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", r.Name, err)
	}
	if r.Scenario, err = Parse(data); err != nil {
		return nil, fmt.Errorf("recording %s: %w", r.Name, err)
	}
	if r.Scenario.Name == "" {
		r.Scenario.Name = r.Name
	}
	data, err = fs.ReadFile(fsys, path.Join(dir, TranscriptFile))
	switch {
	case err == nil:
		if r.Transcript, err = ParseTranscript(data); err != nil {
			return nil, fmt.Errorf("recording %s: %w", r.Name, err)
		}
	case !isNotExist(err):
		return nil, fmt.Errorf("recording %s: %w", r.Name, err)
	}
	return r, nil
}

func isNotExist(err error) bool { return err != nil && errors.Is(err, fs.ErrNotExist) }

// TLSDirEnv is the environment variable through which a recording's Server.xml finds the
// directory of its certificates (${env:OMEKIT_TLS_DIR:…}); scenarios know it as {{TLS_DIR}}.
const TLSDirEnv = "OMEKIT_TLS_DIR"

// WriteCertificates writes the scenario's certificates into tlsDir (their prefixes use
// {{TLS_DIR}}), before a server that reads them starts.
func (sc *Scenario) WriteCertificates(tlsDir string) error {
	for _, prefix := range sc.Certificates {
		st, err := Step{Name: "certificate", Certificate: prefix}.Expand(map[string]string{"TLS_DIR": tlsDir})
		if err != nil {
			return err
		}
		if err := WriteCertificate(st.Certificate); err != nil {
			return err
		}
	}
	return nil
}
