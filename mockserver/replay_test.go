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

var knownDivergences = []divergence{
	{"basics", "version", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"basics", "vhosts create bad json", "malformed JSON: jsoncpp's message"},
	{"basics", "stream get stream1", "Data track on every provider stream; RTMP sourceUrl ends in /tcp; webrtcAutoAbr of the generated playlists"},
	{"basics", "send event id3 video", "every provider stream has a Data track, so sendEvent succeeds"},
	{"basics", "push start stream1", "a push starts in state ready with sequence 0 and the zero startTime"},
	{"basics", "pushes list after start", "a push starts in state ready with sequence 0 and the zero startTime"},
	{"basics", "record start stream1", "outputFilePath/outputInfoPath reported from the start"},
	{"basics", "records list after start", "outputFilePath/outputInfoPath reported from the start"},
	{"basics", "pushes list later", "sequence stays 0 while a push runs"},
	{"basics", "record stop rec1", "outputFilePath/outputInfoPath and the record counters on stop"},
	{"channels", "scheduled create without provider", "the provider check (403 Forbidden) comes before any check of the body"},
	{"channels", "multiplex create without provider", "the provider check (403 Forbidden) comes before any check of the body"},
	{"channels", "scheduled get right after create", "a channel's stream appears asynchronously: GET right after the 201 answers 404"},
	{"channels", "scheduled get right after patch", "the provider re-reads the schedule file about a second later: the old schedule is still answered"},
	{"channels", "multiplex get right after create", "a channel's stream appears asynchronously: GET right after the 201 answers 404"},
	{"channels", "multiplex stream get", "a multiplex stream's tracks are the mapped tracks of its live source"},
	{"channels", "multiplex create name not string", "multiplex bodies are read the jsoncpp way: a number name becomes \"5\", a trackMap object is an empty map"},
	{"channels", "multiplex create trackMap object", "multiplex bodies are read the jsoncpp way: a number name becomes \"5\", a trackMap object is an empty map"},
	{"channels", "multiplex get empty name", "an empty channel name is routed and answers 400 Invalid stream name"},
	{"channels", "multiplex delete empty name", "an empty channel name is routed and answers 400 Invalid stream name"},
	{"channels", "multiplex get missing", "the name is written in angle brackets: <name>"},
	{"channels", "multiplex get live stream", "the name is written in angle brackets: <name>"},
	{"channels", "multiplex delete live stream", "the name is written in angle brackets: <name>"},
	{"channels", "streams list with channels", "a multiplex channel without live sources has no stream: it is listed as a channel but not as a stream, and GET/DELETE answer 404"},
	{"channels", "multiplex delete empty sources", "a multiplex channel without live sources has no stream: it is listed as a channel but not as a stream, and GET/DELETE answer 404"},
	{"channels", "multiplex delete again", "the name is written in angle brackets: <name>"},
	{"channels", "multiplex list after delete", "a multiplex channel without live sources has no stream: it is listed as a channel but not as a stream, and GET/DELETE answer 404"},
	{"channels", "scheduled get right after delete", "the channel goes asynchronously: GET right after the DELETE still answers 200"},
	{"config", "vhost create names not array", "a scalar host.names is kept and echoed as an empty object {}"},
	{"config", "app get full raw (dummy action)", "GET …/apps/{app}: answers the app configuration (raw config form)"},
	{"http", "lowercase scheme", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "origin https", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "origin with port", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "origin bare domain", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "origin null", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "origin other scheme", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"http", "GET app action (dummy)", "GET …/apps/{app}: answers the app configuration (raw config form)"},
	{"http", "GET vhosts action (dummy)", "routes /v1/vhosts: (GET) and /v1/vhosts:reloadCertificate exist and answer 500 \"regex group\""},
	{"http", "reloadCertificate without vhost", "routes /v1/vhosts: (GET) and /v1/vhosts:reloadCertificate exist and answer 500 \"regex group\""},
	{"http", "reloadAllCertificates under a missing vhost", "/v1/vhosts/{any}:reloadAllCertificates ignores the vhost segment"},
	{"http", "vhost empty name", "an empty vhost/app segment is a name (404 with [] / [default/])"},
	{"http", "app empty name", "an empty vhost/app segment is a name (404 with [] / [default/])"},
	{"http", "no percent-decoding", "OME never percent-decodes the path"},
	{"http", "reload API certificate bad JSON", "malformed JSON: jsoncpp's message"},
	{"http", "json: whitespace body", "jsoncpp refuses what Go accepts"},
	{"http", "json: truncated object", "malformed JSON: jsoncpp's message"},
	{"http", "json: truncated array", "malformed JSON: jsoncpp's message"},
	{"http", "json: trailing comma in object", "jsoncpp accepts what Go refuses"},
	{"http", "json: trailing comma in array", "jsoncpp accepts what Go refuses"},
	{"http", "json: bad literal", "malformed JSON: jsoncpp's message"},
	{"http", "json: null literal misspelt", "malformed JSON: jsoncpp's message"},
	{"http", "json: single quotes", "malformed JSON: jsoncpp's message"},
	{"http", "json: unquoted key", "malformed JSON: jsoncpp's message"},
	{"http", "json: leading zero", "jsoncpp accepts what Go refuses"},
	{"http", "json: bare dot number", "malformed JSON: jsoncpp's message"},
	{"http", "json: dot without digits", "jsoncpp accepts what Go refuses"},
	{"http", "json: plus sign", "jsoncpp accepts what Go refuses"},
	{"http", "json: NaN", "malformed JSON: jsoncpp's message"},
	{"http", "json: Infinity", "malformed JSON: jsoncpp's message"},
	{"http", "json: huge number", "jsoncpp refuses what Go accepts"},
	{"http", "json: bad escape", "malformed JSON: jsoncpp's message"},
	{"http", "json: lone surrogate", "jsoncpp refuses what Go accepts"},
	{"http", "json: raw tab in string", "jsoncpp accepts what Go refuses"},
	{"http", "json: unterminated string", "malformed JSON: jsoncpp's message"},
	{"http", "json: trailing garbage", "jsoncpp accepts what Go refuses"},
	{"http", "json: two values", "jsoncpp accepts what Go refuses"},
	{"http", "json: line comment", "jsoncpp accepts what Go refuses"},
	{"http", "json: block comment", "jsoncpp accepts what Go refuses"},
	{"http", "json: closing brace only", "malformed JSON: jsoncpp's message"},
	{"http", "json: closing bracket only", "malformed JSON: jsoncpp's message"},
	{"http", "json: second line error", "malformed JSON: jsoncpp's message"},
	{"http", "json: missing colon", "malformed JSON: jsoncpp's message"},
	{"http", "json: missing comma", "malformed JSON: jsoncpp's message"},
	{"http", "json: deep nesting", "jsoncpp refuses what Go accepts"},
	{"http", "json: byte order mark", "jsoncpp accepts what Go refuses"},
	{"http", "json: invalid UTF-8 outside string", "malformed JSON: jsoncpp's message"},
	{"http", "json: NUL byte", "jsoncpp accepts what Go refuses"},
	{"http", "json: malformed body on certificate reload", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on pushes", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on records", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on stopRecord", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on concludeHlsLive", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on enableStt", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on disableStt", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on vhost reloadCertificate", "malformed JSON: jsoncpp's message"},
	{"http", "json: malformed body on scheduled patch", "malformed JSON: jsoncpp's message"},
	{"jobs", "startPush tracks null", "OME reads bodies the jsoncpp way: null and wrong-typed members are ignored, not refused"},
	{"jobs", "startPush wrong-typed members", "OME reads bodies the jsoncpp way: null and wrong-typed members are ignored, not refused"},
	{"jobs", "pushes reserved", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "pushes filter id", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "pushes filter id not string", "OME reads bodies the jsoncpp way: null and wrong-typed members are ignored, not refused"},
	{"jobs", "pushes deprecated GET ignores body", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "stopPush app without push no id", "without a Push publisher the id check never runs: 404 Could not find id ''"},
	{"jobs", "pushes right after stop", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "startRecord reserved", "OME reads bodies the jsoncpp way: null and wrong-typed members are ignored, not refused"},
	{"jobs", "startRecord duplicate id", "follows from the refused rr1: with it, the second rr1 is the duplicate"},
	{"jobs", "pushes with live stream", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "startPush live rtmp", "a push starts in state ready with sequence 0 and the zero startTime; sequence stays 0"},
	{"jobs", "startRecord live", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"jobs", "pushes live later", "a push starts in state ready with sequence 0 and the zero startTime; sequence stays 0"},
	{"jobs", "records live later", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"jobs", "stopRecord live", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"jobs", "records right after live stop", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"jobs", "stopPush live again at once", "a stopped push stays until the next control tick, so a second stop answers 200"},
	{"jobs", "pushes after stop", "follows from the pushes the mock refused (r2, r3) and from a stopped push staying listed until the next tick"},
	{"jobs", "records after unpublish", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"jobs", "stopRecord live interval", "outputFilePath/outputInfoPath from the start, record counters once data is written, sequence after a split"},
	{"read", "version", "gitVersion is \"(From archive)\" in a build from the release tarball"},
	{"read", "app raw configuration", "GET …/apps/{app}: answers the app configuration (raw config form)"},
	{"read", "pushes malformed body", "malformed JSON: jsoncpp's message"},
	{"read", "stream", "Data track on every provider stream; RTMP sourceUrl ends in /tcp; webrtcAutoAbr of the generated playlists"},
	{"streams", "stream get", "Data track on every provider stream; RTMP sourceUrl ends in /tcp; webrtcAutoAbr of the generated playlists"},
	{"streams", "relay stream get", "an OVT pull copies the origin output tracks (names, sizes, Data and subtitle tracks); the mock invents default tracks"},
	{"streams", "pull ovt missing stream", "an OVT pull of a stream the origin does not have fails with 502"},
	{"streams", "pull file scheme", "file:// parses as a URL: the pull fails with 502 (no FILE provider), not 400"},
	{"streams", "pulled stream get", "an OVT pull copies the origin output tracks (names, sizes, Data and subtitle tracks); the mock invents default tracks"},
	{"streams", "stt stream get", "an OVT pull copies the origin output tracks (names, sizes, Data and subtitle tracks); the mock invents default tracks"},
	{"streams", "subs stream get", "an OVT pull copies the origin output tracks (names, sizes, Data and subtitle tracks); the mock invents default tracks"},
	{"streams", "sendEvent txxx", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent video urgent", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent audio uppercase", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent text frame", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent priv frame", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent two frames", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent pulled stream", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvent relay stream", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvents all ok", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "sendEvents mixed", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "hlsDumps configured dump", "dumps configured in Server.xml (<Dumps>) are listed by :hlsDumps of matching streams (without id)"},
	{"streams", "startHlsDump minimal", "a playlist name that does not exist: 500 Could not dump master playlist"},
	{"streams", "hlsDumps after start", "dumps configured in Server.xml (<Dumps>) are listed by :hlsDumps of matching streams (without id)"},
	{"streams", "hlsDumps after stop", "dumps configured in Server.xml (<Dumps>) are listed by :hlsDumps of matching streams (without id)"},
	{"streams", "hlsDumps after stop all", "dumps configured in Server.xml (<Dumps>) are listed by :hlsDumps of matching streams (without id)"},
	{"streams", "disableStt no stt", "STT actions never read the body (an array is fine)"},
	{"streams", "sttStatus malformed body", "malformed JSON: jsoncpp's message"},
	{"streams", "sttStatus stt app", "without Whisper there is no STT encoder: sttStatus says disabled with no renditions, enable/disable answer 404"},
	{"streams", "enableStt stt app", "without Whisper there is no STT encoder: sttStatus says disabled with no renditions, enable/disable answer 404"},
	{"streams", "disableStt stt app", "without Whisper there is no STT encoder: sttStatus says disabled with no renditions, enable/disable answer 404"},
	{"streams", "sendEvent after conclude", "every provider stream has a Data track, so sendEvent succeeds"},
	{"streams", "stream get after conclude", "Data track on every provider stream; RTMP sourceUrl ends in /tcp; webrtcAutoAbr of the generated playlists"},
	{"streams", "delete relay stream", "a relay pull cannot be terminated: 404 Could not terminate the stream"},
	{"streams", "pull streams after delete", "the OVT pull of a missing stream (r2) failed, so it is not listed"},
	{"streams", "nollhls streams after source left", "a pulled stream goes when its origin stream goes"},
	{"tls", "reload API certificate bad JSON", "malformed JSON: jsoncpp's message"},
}

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
	srv, err := mockserver.New(mockserver.WithServerXML(rec.Name+"/Server.xml", rec.ServerXML))
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
