package mockserver

import "testing"

func TestOMEWildcard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, name string
		match         bool
	}{
		{"dumped*", "dumped1", true},
		{"dumped*", "dumped", true},
		{"dumped*", "xdumped1", false},
		{"Dumped*", "dumped1", false}, // case matters
		{"a.b", "a.b", true},
		{"a.b", "axb", false}, // the dot is literal
		{"cam?", "cam", true}, // '?' is an optional character
		{"cam?", "cam1", true},
		{"cam?", "cam12", false},
		{"*", "", true},
		{"s+1", "s+1", true},
		{"(", "(", false},        // does not compile: matches nothing
		{"cam(1)", "cam1", true}, // parentheses are a group, as in OME
	} {
		re := omeWildcard(tc.pattern)
		if got := re != nil && re.MatchString(tc.name); got != tc.match {
			t.Errorf("%q ~ %q = %v, want %v", tc.pattern, tc.name, got, tc.match)
		}
	}
}
