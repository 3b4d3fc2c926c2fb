package serverxml

import (
	"regexp"
	"strings"
)

// envRef matches OME's ${env:...} macro (config/engine/data_source.cpp,
// PreprocessForEnv): everything up to the first '}' is NAME or NAME:DEFAULT.
var envRef = regexp.MustCompile(`\$\{env:([^}]*)\}`)

// expandEnv substitutes every ${env:NAME} and ${env:NAME:DEFAULT} in s the way
// OME does: a variable that exists (even empty) gives its value; otherwise the
// default after the first ':' is used; with neither, the macro becomes "".
// Other macros (${OriginStreamName}, ${ome:Home}, ...) are left alone.
func expandEnv(s string, lookup func(string) (string, bool)) string {
	if !strings.Contains(s, "${env:") {
		return s
	}
	return envRef.ReplaceAllStringFunc(s, func(m string) string {
		ref := m[len("${env:") : len(m)-1]
		name, def, _ := strings.Cut(ref, ":")
		if v, ok := lookup(name); ok {
			return v
		}
		return def
	})
}
