package mockserver

import "testing"

// TestOriginPattern pins how a <CrossDomains><Url> matches an Origin, as OME 0.21 builds its
// regular expression (the recording in testdata/hardening shows the real server's answers for the
// patterns of its Server.xml): '*' is any run of characters — the scheme included, so
// "*.allowed.example" grants "ftp://a.allowed.example" as OME does — '?' at most one character,
// and a pattern without "://" may only be preceded by "http", one more character and "://".
func TestOriginPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		granted []string
		refused []string
	}{
		{"*.allowed.example",
			[]string{"http://a.allowed.example", "https://a.allowed.example", "ftp://a.allowed.example", "ws://a.allowed.example",
				"a.allowed.example", "https://a.b.allowed.example", ".allowed.example"},
			[]string{"http://a.allowed.example:8443", "http://allowed.example", "http://a.allowed.example.evil", "http://a-allowed.example"}},
		{"exact.example",
			[]string{"http://exact.example", "https://exact.example", "httpx://exact.example", "exact.example"},
			[]string{"ftp://exact.example", "ws://exact.example", "httpsx://exact.example", "http://sub.exact.example",
				"http://exact.example.evil", "http://exactXexample", "http://exact.example:80", "http://exact.example/"}},
		{"https://secure.example",
			[]string{"https://secure.example"},
			[]string{"http://secure.example", "secure.example", "https://secure.example:443", "https://xsecure.example"}},
		{"?.short.example",
			[]string{"http://a.short.example", "http://.short.example", "https://b.short.example", "c.short.example"},
			[]string{"http://ab.short.example", "ftp://a.short.example"}},
		{"http://*.example:*",
			[]string{"http://a.example:8080", "http://a.example:"},
			[]string{"https://a.example:8080", "http://a.example"}},
		{"a+b.example",
			[]string{"http://a+b.example"},
			[]string{"http://aab.example", "http://ab.example"}},
		// OME leaves parentheses to the regular expression: a group, not literal characters.
		{"a(bc)*.example",
			[]string{"http://abc.example", "http://abcd.example"},
			[]string{"http://a(bc).example", "http://a.example"}},
	}
	if re := originPattern("a(b.example"); re != nil {
		t.Errorf("an unbalanced parenthesis compiled to %v, want a pattern that grants nothing", re)
	}
	for _, tt := range tests {
		re := originPattern(tt.pattern)
		for _, o := range tt.granted {
			if !re.MatchString(o) {
				t.Errorf("%q does not grant %q", tt.pattern, o)
			}
		}
		for _, o := range tt.refused {
			if re.MatchString(o) {
				t.Errorf("%q grants %q", tt.pattern, o)
			}
		}
	}
}
