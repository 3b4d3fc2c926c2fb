package mockserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omekit/omekit/internal/scenario"
	"github.com/omekit/omekit/mockserver"
)

// divergence is a step of a recording where the mock is known to answer differently from the
// real OME 0.21.0 (internal/scenario/FINDINGS.md explains each). The table is a ratchet: a step
// that differs and is not listed fails the test, and so does a listed step that now matches, so
// the table can only shrink as the mock learns OME's answers.
type divergence struct {
	recording, step, reason string
}

var knownDivergences = []divergence{}

// TestReplayRecordings replays every embedded recording of the real OME against a mock seeded
// with the same Server.xml and compares the answers step by step.
func TestReplayRecordings(t *testing.T) {
	recs, err := scenario.Recordings()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no embedded recordings")
	}
	known := map[[2]string]string{}
	for _, d := range knownDivergences {
		key := [2]string{d.recording, d.step}
		if _, dup := known[key]; dup {
			t.Errorf("knownDivergences lists %s / %q twice", d.recording, d.step)
		}
		known[key] = d.reason
	}
	steps := map[[2]string]bool{}
	for _, rec := range recs {
		for _, s := range rec.Scenario.Steps {
			steps[[2]string{rec.Name, s.Name}] = true
		}
	}
	for _, d := range knownDivergences {
		if !steps[[2]string{d.recording, d.step}] {
			t.Errorf("knownDivergences: recording %q has no step %q", d.recording, d.step)
		}
	}
	summary := make([]string, len(recs))
	t.Run("recordings", func(t *testing.T) {
		for i, rec := range recs {
			t.Run(rec.Name, func(t *testing.T) {
				if len(rec.Scenario.Certificates) == 0 {
					t.Parallel() // a recording with certificates sets the environment (below)
				}
				res := replayOnMock(t, rec)
				matched, compared, skipped := res.Counts()
				summary[i] = fmt.Sprintf("%-12s %3d/%3d steps match the real OME (%d not comparable without real media)", rec.Name, matched, compared, skipped)
				dumpDivergences(t, rec.Name, res)
				problems, notes := ratchet(rec.Name, res, known)
				for _, n := range notes {
					t.Log(n)
				}
				for _, p := range problems {
					t.Error(p)
				}
			})
		}
	})
	t.Log("replay of the recordings of OME 0.21.0 against the mock:\n\t" + strings.Join(summary, "\n\t"))
}

// ratchet checks a replay against the table of known divergences: problems are steps that
// differ without being listed, listed steps that match, and listed steps not compared at all.
func ratchet(recording string, res *scenario.Result, known map[[2]string]string) (problems, notes []string) {
	for _, s := range res.Steps {
		reason, listed := known[[2]string{recording, s.Step}]
		switch {
		case s.Skipped != "" && listed:
			problems = append(problems, fmt.Sprintf("step %q is marked skip_mock but listed in knownDivergences", s.Step))
		case s.Skipped != "":
		case len(s.Diffs) > 0 && !listed:
			problems = append(problems, fmt.Sprintf("step %q differs from the recording:\n\t%s", s.Step, joinDiffs(s.Diffs)))
		case len(s.Diffs) == 0 && listed:
			problems = append(problems, fmt.Sprintf("step %q now matches the recording: remove it from knownDivergences (it was: %s)", s.Step, reason))
		case listed:
			notes = append(notes, fmt.Sprintf("known divergence %q (%s):\n\t%s", s.Step, reason, joinDiffs(s.Diffs)))
		}
	}
	return problems, notes
}

func TestReplayRatchet(t *testing.T) {
	diff := []scenario.Diff{{Path: "status", Want: 200, Got: 500}}
	known := map[[2]string]string{{"r", "listed differs"}: "x", {"r", "listed matches"}: "y", {"r", "listed skipped"}: "z"}
	res := &scenario.Result{Steps: []scenario.StepResult{
		{Step: "matches"},
		{Step: "differs", Diffs: diff},
		{Step: "listed differs", Diffs: diff},
		{Step: "listed matches"},
		{Step: "skipped", Skipped: "needs media"},
		{Step: "listed skipped", Skipped: "needs media"},
	}}
	problems, notes := ratchet("r", res, known)
	want := []string{`"differs" differs`, `"listed matches" now matches`, `"listed skipped" is marked skip_mock`}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %d", problems, len(want))
	}
	for i, w := range want {
		if !strings.Contains(problems[i], w) {
			t.Errorf("problem %d = %q, want it to say %q", i, problems[i], w)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "listed differs") {
		t.Errorf("notes %q", notes)
	}
}

// dumpDivergences writes the steps that differ, with their differences, as JSON into the
// directory named by $OMEKIT_REPLAY_DUMP (a help for keeping knownDivergences and FINDINGS.md
// up to date; nothing is written when it is unset).
func dumpDivergences(t *testing.T, recording string, res *scenario.Result) {
	t.Helper()
	dir := os.Getenv("OMEKIT_REPLAY_DUMP")
	if dir == "" {
		return
	}
	type step struct {
		Step  string          `json:"step"`
		Diffs []scenario.Diff `json:"diffs"`
	}
	var out []step
	for _, s := range res.Steps {
		if len(s.Diffs) > 0 && s.Skipped == "" {
			out = append(out, step{s.Step, s.Diffs})
		}
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, recording+".json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func replayOnMock(t *testing.T, rec *scenario.Recording) *scenario.Result {
	t.Helper()
	// The Server.xml of a recording with certificates finds them through ${env:OMEKIT_TLS_DIR}.
	tlsDir := t.TempDir()
	if len(rec.Scenario.Certificates) > 0 {
		if err := rec.Scenario.WriteCertificates(tlsDir); err != nil {
			t.Fatal(err)
		}
		t.Setenv(scenario.TLSDirEnv, tlsDir)
	}
	// The mock runs on a clock that moves only when the scenario sleeps or polls, and reports
	// the recorded build's gitVersion.
	clock := scenario.NewStepClock()
	opts := []mockserver.Option{mockserver.WithServerXML(rec.Name+"/Server.xml", rec.ServerXML), mockserver.WithClock(clock.Now)}
	if v := rec.GitVersion(); v != "" {
		opts = append(opts, mockserver.WithGitVersion(v))
	}
	srv, err := mockserver.New(opts...)
	if err != nil {
		t.Fatalf("mock on %s/Server.xml: %v", rec.Name, err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := &scenario.Runner{
		BaseURL: hs.URL,
		Token:   srv.Token(),
		Client:  hs.Client(),
		Media:   &scenario.MockHooks{BaseURL: hs.URL, Token: srv.Token(), Client: hs.Client()},
		Vars:    map[string]string{"TLS_DIR": tlsDir},
		Sleep:   clock.Sleep,
	}
	res, err := scenario.Replay(ctx, rec, r, true)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func joinDiffs(diffs []scenario.Diff) string {
	const max = 12
	lines := make([]string, 0, max+1)
	for i, d := range diffs {
		if i == max {
			lines = append(lines, fmt.Sprintf("… and %d more", len(diffs)-max))
			break
		}
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n\t")
}
