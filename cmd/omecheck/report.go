package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/omekit/omekit/internal/scenario"
)

// How a step's answer compares with the mock's.
const (
	mockMatch         = "match"
	mockDiffers       = "differs"
	mockKnownGap      = "known-gap"
	mockNotComparable = "not-comparable"
)

// stepResult is the verdict on one request.
type stepResult struct {
	Scenario string `json:"scenario"`
	// Binding is what the step was played for: "vhost/app profile p stream s", "(server)" for
	// server-wide steps, or "vhost <name>" in a write scenario.
	Binding string `json:"binding"`
	Step    string `json:"step"`
	Method  string `json:"method"`
	Path    string `json:"path"`
	Status  int    `json:"status"`
	// SpecErrors are the ways the answer breaks openapi/ome.yaml.
	SpecErrors []string `json:"spec_errors,omitempty"`
	// Mock is match, differs, known-gap or not-comparable; Reason says why for the last two.
	Mock   string `json:"mock"`
	Reason string `json:"reason,omitempty"`
	// Diffs are the differences from the mock's answer: Want is the mock's, Got the server's.
	Diffs []scenario.Diff `json:"diffs,omitempty"`
}

// report is what omecheck found.
type report struct {
	URL        string       `json:"url"`
	Version    string       `json:"version"`
	GitVersion string       `json:"gitVersion"`
	Config     string       `json:"config,omitempty"`
	Write      bool         `json:"write"`
	WriteVhost string       `json:"writeVhost,omitempty"`
	Bindings   []string     `json:"bindings"`
	Scenarios  []string     `json:"scenarios"`
	Cleanup    []string     `json:"cleanup,omitempty"`
	Steps      []stepResult `json:"steps"`
	Summary    summary      `json:"summary"`
}

type summary struct {
	Requests       int  `json:"requests"`
	SpecViolations int  `json:"specViolations"`
	MockMatches    int  `json:"mockMatches"`
	MockDiffers    int  `json:"mockDiffers"`
	KnownGaps      int  `json:"knownGaps"`
	NotComparable  int  `json:"notComparable"`
	Drift          bool `json:"drift"`
}

func (r *report) summarize() summary {
	s := summary{Requests: len(r.Steps)}
	for _, st := range r.Steps {
		if len(st.SpecErrors) > 0 {
			s.SpecViolations++
		}
		switch st.Mock {
		case mockMatch:
			s.MockMatches++
		case mockDiffers:
			s.MockDiffers++
		case mockKnownGap:
			s.KnownGaps++
		case mockNotComparable:
			s.NotComparable++
		}
	}
	s.Drift = s.SpecViolations > 0 || s.MockDiffers > 0
	return s
}

// drift reports whether anything breaks the document or differs from the mock unexplained.
func (r *report) drift() bool { return r.summarize().Drift }

func (r *report) writeJSON(w io.Writer) error {
	r.Summary = r.summarize()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *report) writeText(w io.Writer) error {
	s := r.summarize()
	var b strings.Builder
	fmt.Fprintf(&b, "omecheck %s: OME %s (%s)\n", r.URL, orDash(r.Version), orDash(r.GitVersion))
	if r.Config != "" {
		fmt.Fprintf(&b, "mock seeded with %s\n", r.Config)
	} else {
		fmt.Fprintf(&b, "mock with its default configuration (give -c Server.xml to compare configurations too)\n")
	}
	fmt.Fprintf(&b, "checked: %s\n", strings.Join(r.Bindings, "; "))
	fmt.Fprintf(&b, "scenarios: %s", strings.Join(r.Scenarios, ", "))
	if r.WriteVhost != "" {
		fmt.Fprintf(&b, " (writes under virtual host %s)", r.WriteVhost)
	}
	b.WriteString("\n")
	for _, c := range r.Cleanup {
		fmt.Fprintf(&b, "cleanup: %s\n", c)
	}
	if r.WriteVhost != "" && len(r.Cleanup) == 0 {
		fmt.Fprintf(&b, "cleanup: no virtual host named after %s was left\n", r.WriteVhost)
	}

	section := func(title string, keep func(stepResult) bool, detail func(*strings.Builder, stepResult)) {
		var rows []stepResult
		for _, st := range r.Steps {
			if keep(st) {
				rows = append(rows, st)
			}
		}
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(rows))
		for _, st := range rows {
			fmt.Fprintf(&b, "  [%s] %s %q: %s %s -> %d\n", st.Scenario, st.Binding, st.Step, st.Method, st.Path, st.Status)
			detail(&b, st)
		}
	}
	section("Answers that break openapi/ome.yaml", func(st stepResult) bool { return len(st.SpecErrors) > 0 },
		func(b *strings.Builder, st stepResult) {
			for _, e := range st.SpecErrors {
				fmt.Fprintf(b, "      %s\n", e)
			}
		})
	section("Answers that differ from the mock", func(st stepResult) bool { return st.Mock == mockDiffers },
		func(b *strings.Builder, st stepResult) {
			for i, d := range st.Diffs {
				if i == 10 {
					fmt.Fprintf(b, "      … and %d more\n", len(st.Diffs)-10)
					break
				}
				fmt.Fprintf(b, "      %s: mock %s, server %s\n", d.Path, showValue(d.Want), showValue(d.Got))
			}
		})
	section("Known gaps of the mock (it answers these differently from OME 0.21.0; not counted as drift)",
		func(st stepResult) bool { return st.Mock == mockKnownGap }, func(*strings.Builder, stepResult) {})

	fmt.Fprintf(&b, "\n%d requests: %d break the document; against the mock %d match, %d differ, %d known gaps, %d not comparable\n",
		s.Requests, s.SpecViolations, s.MockMatches, s.MockDiffers, s.KnownGaps, s.NotComparable)
	if s.NotComparable > 0 {
		reasons := map[string]int{}
		var order []string
		for _, st := range r.Steps {
			if st.Mock == mockNotComparable {
				if reasons[st.Reason] == 0 {
					order = append(order, st.Reason)
				}
				reasons[st.Reason]++
			}
		}
		for _, why := range order {
			fmt.Fprintf(&b, "  not comparable (%d): %s\n", reasons[why], why)
		}
	}
	if s.Drift {
		b.WriteString("result: DRIFT\n")
	} else {
		b.WriteString("result: no drift\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func showValue(v any) string {
	if s, ok := v.(string); ok && s == "<absent>" {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 160 {
		return string(b[:160]) + "…"
	}
	return string(b)
}
