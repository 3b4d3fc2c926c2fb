package mockserver

import (
	"regexp"
	"strings"
)

// OME turns every name pattern it is given (virtual host names, CrossDomains URLs, a dump's
// TargetStreamName, …) into a regular expression the same way (ov::Regex::WildCardRegex, and its
// copy for host names): the characters [ \ . / + { } $ ^ | are escaped, '*' becomes ".*" and '?'
// ".?"; everything else, '(' and ')' included, stays a regular-expression character. Matching is
// case-sensitive.

// wildcardRegex is the unanchored expression of a pattern.
func wildcardRegex(pattern string) string {
	var b strings.Builder
	for _, r := range pattern {
		switch r {
		case '[', '\\', '.', '/', '+', '{', '}', '$', '^', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".?")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// omeWildcard compiles a pattern that must match a whole name. Nil when the expression does not
// compile (an unbalanced parenthesis): then it matches nothing, as in OME.
func omeWildcard(pattern string) *regexp.Regexp {
	re, err := regexp.Compile("^" + wildcardRegex(pattern) + "$")
	if err != nil {
		return nil
	}
	return re
}
