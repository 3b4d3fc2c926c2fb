package scenario

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/omekit/omekit/openapi"
)

// operation is one operation of openapi/ome.yaml with a matcher for recorded paths.
type operation struct {
	method, path, id string
	re               *regexp.Regexp
	literal          int      // characters outside parameters (more literal wins)
	errors           []string // documented error statuses other than 401
}

var paramRe = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

func loadOperations(t *testing.T) []operation {
	t.Helper()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			// OME's character classes: an app name and the vhost of a vhost action cannot hold ':'.
			expr := regexp.QuoteMeta(path)
			expr = strings.ReplaceAll(expr, `\{app\}`, `[^/:]*`)
			expr = strings.ReplaceAll(expr, `\{vhost\}:`, `[^/:]*:`)
			expr = regexp.MustCompile(`\\\{[a-zA-Z]+\\\}`).ReplaceAllString(expr, `[^/]*`)
			o := operation{method: method, path: path, id: op.OperationID, re: regexp.MustCompile("^" + expr + "$"),
				literal: len(paramRe.ReplaceAllString(path, ""))}
			for code := range op.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil && n >= 300 && n != http.StatusUnauthorized {
					o.errors = append(o.errors, code)
				}
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].literal > ops[j].literal })
	return ops
}

// sttWithoutWhisper: the OME build the recordings come from has no Whisper, so no stream can
// have a speech-to-text encoder and these two actions can only answer 404 (see FINDINGS.md).
var sttWithoutWhisper = map[string]bool{"enableStt": true, "disableStt": true}

// TestRecordingsCoverEveryOperation checks that the recordings of the real OME exercise every
// operation of openapi/ome.yaml: each with a success answer (but the STT switches, which need
// Whisper) and, when the document lists errors besides 401, with at least one error answer.
func TestRecordingsCoverEveryOperation(t *testing.T) {
	ops := loadOperations(t)
	if len(ops) != 55 {
		t.Fatalf("openapi/ome.yaml has %d operations, want 55", len(ops))
	}
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[int]int{}
	for _, r := range recs {
		for _, e := range r.Transcript {
			if !e.IsRequest() || e.Auth != "" || e.Status == http.StatusUnauthorized {
				continue
			}
			path, _, _ := strings.Cut(e.Path, "?")
			for _, o := range ops {
				if o.method == e.Method && o.re.MatchString(path) {
					if seen[o.id] == nil {
						seen[o.id] = map[int]int{}
					}
					seen[o.id][e.Status]++
					break
				}
			}
		}
	}
	successes := 0
	for _, o := range ops {
		var ok, failed bool
		for status := range seen[o.id] {
			ok = ok || status < 300
			failed = failed || status >= 300
		}
		if ok {
			successes++
		}
		switch {
		case !ok && !sttWithoutWhisper[o.id]:
			t.Errorf("%s %s (%s): no success recorded (seen %v)", o.method, o.path, o.id, seen[o.id])
		case len(o.errors) > 0 && !failed:
			t.Errorf("%s %s (%s): no error recorded (documented: %v)", o.method, o.path, o.id, o.errors)
		}
	}
	for id := range sttWithoutWhisper {
		if !slices.ContainsFunc(ops, func(o operation) bool { return o.id == id }) {
			t.Errorf("exempted operation %s is not in the document", id)
		}
	}
	t.Logf("%d of %d operations recorded with a success answer, %d requests in %d recordings", successes, len(ops), countRequests(recs), len(recs))
}

func countRequests(recs []*Recording) int {
	n := 0
	for _, r := range recs {
		for _, e := range r.Transcript {
			if e.IsRequest() {
				n++
			}
		}
	}
	return n
}
