package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// RecordedHeaders are the response headers a transcript keeps and a comparison looks at: the
// CORS headers and Vary, and WWW-Authenticate and Allow should a server send them.
var RecordedHeaders = []string{
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
	"Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
	"Access-Control-Expose-Headers", "Access-Control-Max-Age",
	"Vary", "WWW-Authenticate", "Allow",
}

// Diff is one difference between two answers to the same step.
type Diff struct {
	// Path is "status", "content_type", "headers.<Name>", "body" or "body<JSON path>" such as
	// "body.response[0].state"; "error" when a step failed on one side only.
	Path string `json:"path"`
	// Want and Got are the normalised values ("<absent>" for a missing member).
	Want any `json:"want"`
	Got  any `json:"got"`
}

func (d Diff) String() string {
	return fmt.Sprintf("%s: want %s, got %s", d.Path, show(d.Want), show(d.Got))
}

func show(v any) string {
	if s, ok := v.(string); ok && s == absent {
		return s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	b := bytes.TrimSpace(buf.Bytes())
	const max = 300
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

const absent = "<absent>"

// Compare reports how got differs from want, the recorded answer to the same step, at the
// level the step asks for (mode: "" full, "shape", "status"). Bodies are compared after
// Normalize. The result is sorted by path.
func Compare(want, got *Entry, mode string) []Diff {
	var diffs []Diff
	if (want.Error == "") != (got.Error == "") {
		diffs = append(diffs, Diff{Path: "error", Want: want.Error, Got: got.Error})
	}
	if want.Status != got.Status {
		diffs = append(diffs, Diff{Path: "status", Want: want.Status, Got: got.Status})
	}
	if mode == "status" {
		return diffs
	}
	if !sameContentType(want.ContentType, got.ContentType) {
		diffs = append(diffs, Diff{Path: "content_type", Want: want.ContentType, Got: got.ContentType})
	}
	for _, h := range RecordedHeaders {
		w, wok := want.Headers[h]
		g, gok := got.Headers[h]
		if wok != gok || w != g {
			diffs = append(diffs, Diff{Path: "headers." + h, Want: orAbsent(w, wok), Got: orAbsent(g, gok)})
		}
	}
	wv, wok, werr := want.bodyValue()
	gv, gok, gerr := got.bodyValue()
	switch {
	case werr != nil || gerr != nil:
		diffs = append(diffs, Diff{Path: "body", Want: fmt.Sprint(werr), Got: fmt.Sprint(gerr)})
	case wok && gok:
		if mode == "shape" {
			wv, gv = shapeOf(wv), shapeOf(gv)
		} else {
			wv, gv = Normalize(wv), Normalize(gv)
		}
		diffValues("body", wv, gv, &diffs)
	case wok || gok:
		diffs = append(diffs, Diff{Path: "body", Want: bodyOrRaw(want, wv, wok), Got: bodyOrRaw(got, gv, gok)})
	default:
		w, g := strOrAbsent(want.RawBody), strOrAbsent(got.RawBody)
		if mode != "shape" && w != g {
			diffs = append(diffs, Diff{Path: "raw_body", Want: w, Got: g})
		}
	}
	sort.SliceStable(diffs, func(i, j int) bool { return diffs[i].Path < diffs[j].Path })
	return diffs
}

func sameContentType(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	return norm(a) == norm(b)
}

func orAbsent(v string, ok bool) any {
	if !ok {
		return absent
	}
	return v
}

func strOrAbsent(p *string) any {
	if p == nil {
		return absent
	}
	return *p
}

func bodyOrRaw(e *Entry, v any, ok bool) any {
	if ok {
		return Normalize(v)
	}
	return strOrAbsent(e.RawBody)
}

// diffValues appends the differences between two normalised JSON values.
func diffValues(path string, want, got any, diffs *[]Diff) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, Diff{Path: path, Want: want, Got: got})
			return
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			wv, wok := w[k]
			gv, gok := g[k]
			p := path + memberPath(k)
			switch {
			case !wok:
				*diffs = append(*diffs, Diff{Path: p, Want: absent, Got: gv})
			case !gok:
				*diffs = append(*diffs, Diff{Path: p, Want: wv, Got: absent})
			default:
				diffValues(p, wv, gv, diffs)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			*diffs = append(*diffs, Diff{Path: path, Want: want, Got: got})
			return
		}
		if len(w) != len(g) {
			*diffs = append(*diffs, Diff{Path: path + ".length", Want: len(w), Got: len(g)})
		}
		for i := 0; i < min(len(w), len(g)); i++ {
			diffValues(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], diffs)
		}
	case json.Number:
		g, ok := got.(json.Number)
		if !ok || !sameNumber(w, g) {
			*diffs = append(*diffs, Diff{Path: path, Want: want, Got: got})
		}
	default:
		if want != got { // strings, bools, nil
			*diffs = append(*diffs, Diff{Path: path, Want: want, Got: got})
		}
	}
}

// memberPath writes a member access: ".name", or `["odd name"]` when the name is not an
// identifier.
func memberPath(k string) string {
	ident := k != ""
	for i, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			ident = false
			break
		}
	}
	if ident {
		return "." + k
	}
	b, _ := json.Marshal(k)
	return "[" + string(b) + "]"
}

// sameNumber compares two JSON numbers by value, exactly.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// shapeOf replaces every scalar by the name of its kind and keeps only the first element of
// arrays, so two values of the same structure compare equal.
func shapeOf(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = shapeOf(e)
		}
		return m
	case []any:
		if len(x) == 0 {
			return []any{}
		}
		return []any{shapeOf(x[0])}
	case string:
		return "<string>"
	case json.Number:
		return "<number>"
	case bool:
		return "<bool>"
	case nil:
		return nil
	}
	return v
}

// Headers picks the RecordedHeaders out of a response's headers (nil when there are none).
func Headers(h http.Header) map[string]string {
	var out map[string]string
	for _, name := range RecordedHeaders {
		if vs, ok := h[http.CanonicalHeaderKey(name)]; ok {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = strings.Join(vs, ", ")
		}
	}
	return out
}
