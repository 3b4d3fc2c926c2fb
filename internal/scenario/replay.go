package scenario

import (
	"context"
	"fmt"
	"maps"
)

// StepResult is the comparison of one request step.
type StepResult struct {
	Step string
	// Media is set for a media step or wait that failed on the comparing side (such a step is
	// not counted as a request, but its failure is a difference).
	Media bool
	// Skipped says why the step was not compared ("" when it was).
	Skipped string
	Diffs   []Diff
}

// Matched reports whether the step was compared and matched.
func (r StepResult) Matched() bool { return r.Skipped == "" && len(r.Diffs) == 0 }

// Result is the comparison of a whole run with a recording.
type Result struct {
	Recording string
	Steps     []StepResult
}

// Counts returns how many request steps matched, how many were compared and how many skipped.
func (r *Result) Counts() (matched, compared, skipped int) {
	for _, s := range r.Steps {
		switch {
		case s.Media:
		case s.Skipped != "":
			skipped++
		case len(s.Diffs) == 0:
			matched++
			compared++
		default:
			compared++
		}
	}
	return
}

// CompareTranscripts compares got, a run of sc, with want, a recording of it. Request steps
// marked skip_mock are skipped when forMock is true. A request step missing from got (a run
// cut short) or from want (a scenario changed since the recording) is a difference.
func CompareTranscripts(sc *Scenario, want, got Transcript, forMock bool) *Result {
	res := &Result{Recording: sc.Name}
	for _, s := range sc.Steps {
		if s.Kind() != KindRequest {
			if s.Kind() == KindPublish || s.Kind() == KindUnpublish || s.Kind() == KindWait {
				// a failed media step or wait on the comparing side spoils what follows
				if g, ok := got.ByName(s.Name); ok && g.Error != "" {
					res.Steps = append(res.Steps, StepResult{Step: s.Name, Media: true, Diffs: []Diff{{Path: "error", Want: "", Got: g.Error}}})
				}
			}
			continue
		}
		if forMock && s.SkipMock != "" {
			res.Steps = append(res.Steps, StepResult{Step: s.Name, Skipped: s.SkipMock})
			continue
		}
		w, wok := want.ByName(s.Name)
		g, gok := got.ByName(s.Name)
		sr := StepResult{Step: s.Name}
		switch {
		case !wok:
			sr.Diffs = []Diff{{Path: "step", Want: "not recorded", Got: "played"}}
		case !gok:
			sr.Diffs = []Diff{{Path: "step", Want: "recorded", Got: "not played"}}
		default:
			sr.Diffs = Compare(w, g, s.Compare)
		}
		res.Steps = append(res.Steps, sr)
	}
	return res
}

// Replay plays a recording's scenario with r and compares the answers with the recording
// (forMock: leave out the steps marked skip_mock). The port variables of the recording's
// Server.xml (ServerConfig.Vars) are set unless r.Vars sets them.
func Replay(ctx context.Context, rec *Recording, r *Runner, forMock bool) (*Result, error) {
	if rec.Transcript == nil {
		return nil, fmt.Errorf("recording %s has no transcript", rec.Name)
	}
	cfg, err := ParseServerConfig(rec.ServerXML)
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", rec.Name, err)
	}
	rr := *r
	rr.Vars = cfg.Vars()
	maps.Copy(rr.Vars, r.Vars)
	got, err := rr.Run(ctx, rec.Scenario)
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", rec.Name, err)
	}
	res := CompareTranscripts(rec.Scenario, rec.Transcript, got, forMock)
	res.Recording = rec.Name
	return res, nil
}
