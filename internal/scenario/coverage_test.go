package scenario

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/omekit/omekit/openapi"
)

// sttWithoutWhisper: the OME build the recordings come from has no Whisper, so no stream can
// have a speech-to-text encoder and these two actions can only answer 404 (see FINDINGS.md).
var sttWithoutWhisper = map[string]bool{"enableStt": true, "disableStt": true}

func loadOperations(t *testing.T) *Operations {
	t.Helper()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	return NewOperations(doc)
}

func TestOperationsFind(t *testing.T) {
	ops := loadOperations(t)
	tests := []struct {
		method, path, id string
		params           map[string]string
	}{
		{"GET", "/v1/vhosts", "listVirtualHosts", map[string]string{}},
		{"GET", "/v1/vhosts/a:b", "getVirtualHost", map[string]string{"vhost": "a:b"}},
		{"POST", "/v1/vhosts/a:reloadCertificate", "reloadCertificate", map[string]string{"vhost": "a"}},
		{"POST", "/v1/vhosts:reloadAllCertificates", "reloadAllCertificates", map[string]string{}},
		{"POST", "/v1/vhosts/d/apps/a:startPush", "startPush", map[string]string{"vhost": "d", "app": "a"}},
		{"GET", "/v1/vhosts/d/apps/a:pushes?x=1", "listPushesDeprecated", map[string]string{"vhost": "d", "app": "a"}},
		{"POST", "/v1/vhosts/d/apps/a/streams/s:x:sendEvent", "sendEvent", map[string]string{"vhost": "d", "app": "a", "stream": "s:x"}},
		{"GET", "/v1/vhosts/d/apps/a/streams/s:sendEvent", "getStream", map[string]string{"vhost": "d", "app": "a", "stream": "s:sendEvent"}},
		{"HEAD", "/v1/version", "getVersion", map[string]string{}},
		{"POST", "/v1/vhosts/d/apps/a:unknown", "", nil},
		{"PUT", "/v1/vhosts", "", nil},
	}
	for _, tt := range tests {
		op, params := ops.Find(tt.method, tt.path)
		switch {
		case tt.id == "" && op != nil:
			t.Errorf("%s %s: found %s, want none", tt.method, tt.path, op.ID)
		case tt.id != "" && (op == nil || op.ID != tt.id):
			t.Errorf("%s %s: found %v, want %s", tt.method, tt.path, op, tt.id)
		case tt.id != "" && len(params) != len(tt.params):
			t.Errorf("%s %s: params %v, want %v", tt.method, tt.path, params, tt.params)
		default:
			for k, v := range tt.params {
				if params[k] != v {
					t.Errorf("%s %s: param %s = %q, want %q", tt.method, tt.path, k, params[k], v)
				}
			}
		}
	}
}

// TestRecordingsCoverEveryOperation checks that the recordings of the real OME exercise every
// operation of openapi/ome.yaml: each with a success answer (but the STT switches, which need
// Whisper) and, when the document lists errors besides 401, with at least one error answer.
func TestRecordingsCoverEveryOperation(t *testing.T) {
	ops := loadOperations(t)
	if n := len(ops.All()); n != 55 {
		t.Fatalf("openapi/ome.yaml has %d operations, want 55", n)
	}
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[int]int{}
	requests := 0
	for _, r := range recs {
		for _, e := range r.Transcript {
			if !e.IsRequest() {
				continue
			}
			requests++
			if e.Auth != "" || e.Status == http.StatusUnauthorized {
				continue
			}
			if op, _ := ops.Find(e.Method, e.Path); op != nil {
				if seen[op.ID] == nil {
					seen[op.ID] = map[int]int{}
				}
				seen[op.ID][e.Status]++
			}
		}
	}
	successes := 0
	for _, o := range ops.All() {
		var errs []string
		for code := range o.Op.Responses.Map() {
			if n, err := strconv.Atoi(code); err == nil && n >= 300 && n != http.StatusUnauthorized {
				errs = append(errs, code)
			}
		}
		var ok, failed bool
		for status := range seen[o.ID] {
			ok = ok || status < 300
			failed = failed || status >= 300
		}
		if ok {
			successes++
		}
		switch {
		case !ok && !sttWithoutWhisper[o.ID]:
			t.Errorf("%s %s (%s): no success recorded (seen %v)", o.Method, o.Path, o.ID, seen[o.ID])
		case len(errs) > 0 && !failed:
			t.Errorf("%s %s (%s): no error recorded (documented: %v)", o.Method, o.Path, o.ID, errs)
		}
	}
	for id := range sttWithoutWhisper {
		if seen[id] == nil {
			t.Errorf("exempted operation %s was never recorded", id)
		}
	}
	t.Logf("%d of %d operations recorded with a success answer; %d requests in %d recordings", successes, len(ops.All()), requests, len(recs))
}
