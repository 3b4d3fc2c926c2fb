package mockserver

import (
	"net/http"
	"regexp"
	"strings"
)

const corsMethods = "OPTIONS, HEAD, GET, POST, PUT, PATCH, DELETE"

// Shared header values (net/http never changes them in place).
var (
	varyOrigin        = []string{"Origin"}
	corsMethodsHeader = []string{corsMethods}
)

var corsOverrideKeys = []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
	"Access-Control-Allow-Methods", "Access-Control-Allow-Headers"}

type corsPolicy int

const (
	corsNone   corsPolicy = iota // no <CrossDomains>: only Allow-Methods is sent
	corsEmpty                    // nothing is granted
	corsAll                      // "*"
	corsNull                     // "null"
	corsOrigin                   // wildcard patterns
)

// corsHeaders applies the API's <CrossDomains> the way OME does (docs/ome-behaviour.md, "HTTP layer").
func (s *Server) corsHeaders(next http.Handler) http.Handler {
	policy := corsNone
	var patterns []*regexp.Regexp
	var custom [][2]string
	if s.cors != nil {
		policy = corsEmpty
		urls := s.cors.URLs
		for _, u := range urls {
			if u == "*" {
				policy = corsAll
			}
		}
		if policy != corsAll && len(urls) == 1 && urls[0] == "null" {
			policy = corsNull
		}
		if policy == corsEmpty {
			for _, u := range urls {
				if u == "null" {
					continue
				}
				if re := originPattern(u); re != nil {
					patterns = append(patterns, re)
				}
			}
			if len(patterns) > 0 {
				policy = corsOrigin
			}
		}
		for _, h := range s.cors.Headers {
			custom = append(custom, [2]string{h.Key, h.Value})
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Vary"] = varyOrigin
		h["Access-Control-Allow-Methods"] = corsMethodsHeader
		if policy != corsNone {
			origin := r.Header.Get("Origin")
			granted := ""
			switch policy {
			case corsAll:
				granted = "*"
			case corsNull:
				granted = "null"
			case corsOrigin:
				for _, p := range patterns {
					if p.MatchString(origin) {
						granted = origin
						break
					}
				}
			}
			if granted == "" {
				for _, k := range corsOverrideKeys {
					h.Del(k)
				}
			} else {
				h.Set("Access-Control-Allow-Origin", granted)
				h.Set("Access-Control-Allow-Credentials", "true")
				if reqHeaders := r.Header.Get("Access-Control-Request-Headers"); reqHeaders != "" {
					h.Set("Access-Control-Allow-Headers", reqHeaders)
				}
			}
			for _, kv := range custom {
				if isOverrideKey(kv[0]) {
					if granted != "" && !strings.Contains(kv[1], ":") {
						h.Set(kv[0], kv[1])
					}
					continue
				}
				h.Set(kv[0], kv[1])
			}
		}
		next.ServeHTTP(w, r)
	})
}

func isOverrideKey(k string) bool {
	for _, o := range corsOverrideKeys {
		if strings.EqualFold(k, o) {
			return true
		}
	}
	return false
}

// originPattern turns a CrossDomains URL into OME's anchored regex: the URL as a wildcard
// pattern (wildcard.go), which a URL without a scheme may be preceded by "http", one more
// character and "://". A leading '*' matches a scheme as well: OME 0.21 grants
// "ftp://a.allowed.example" for "*.allowed.example" (testdata/hardening records it), and so does
// the mock; only a pattern that starts with a host name limits the scheme to http(s). Nil when
// the expression does not compile (OME then never grants it either).
func originPattern(u string) *regexp.Regexp {
	prefix := "^"
	if !strings.Contains(u, "://") {
		prefix += "(http.?://)?"
	}
	re, err := regexp.Compile(prefix + wildcardRegex(u) + "$")
	if err != nil {
		return nil
	}
	return re
}
