package serverxml

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// This file prepares the <VirtualHosts> tree the way OME's config engine reads
// it (checked against OME 0.21.0; see testdata/serverxml in the mockserver
// package):
//
//   - an element whose ignore attribute is "true" (after ${env:...}
//     substitution) is dropped, whatever it is;
//   - include="pattern" replaces an element by the root elements of the files
//     the pattern names. On an entry of a list (<VirtualHost>, <Application>,
//     <OutputProfile>, …) the pattern may name any number of files, none
//     included; on a single element (<Host>, <OutputProfiles>, …) it must name
//     exactly one. Every included root must have the element's name;
//   - an element the key table does not know stops OME at startup ("Unknown
//     item found"), so it is an error here too.

// included is an element with the directory its own relative include
// patterns are resolved against, and how deep in include= it was found.
type included struct {
	el    *element
	base  string
	depth int
}

// ignored reports whether e carries ignore="true" (after substitution).
func (p *parser) ignored(e *element) bool {
	v, ok := e.attr("ignore")
	return ok && p.env(v) == "true"
}

// child returns the first child of e called name that is not ignored, or nil.
func (p *parser) child(e *element, name string) *element {
	if e == nil {
		return nil
	}
	for _, c := range e.children {
		if c.name == name && !p.ignored(c) {
			return c
		}
	}
	return nil
}

// resolve prepares the children of e, an object of shape sh: ignored elements
// are dropped, includes expanded (recursively), unknown elements rejected.
func (p *parser) resolve(e *element, sh *shape, base string, depth int) error {
	var kept []*element
	for _, c := range e.children {
		if p.ignored(c) {
			continue
		}
		f := sh.fields[c.name]
		if f == nil {
			return unknownElement(c, e)
		}
		if f.shape.scalar() && f.mult != bare {
			kept = append(kept, c) // OME reads the text of a scalar; include= does not apply
			continue
		}
		items, err := p.expand(c, f.mult == list, base, depth)
		if err != nil {
			return err
		}
		for _, it := range items {
			var err error
			if f.mult == bare {
				err = p.resolveBare(it.el, f, it.base, it.depth)
			} else {
				err = p.resolve(it.el, f.shape, it.base, it.depth)
			}
			if err != nil {
				return err
			}
			kept = append(kept, it.el)
		}
	}
	e.children = kept
	return nil
}

// resolveBare prepares the wrapper of an omit-name list (<Names>, <StreamMap>):
// its only children are the entries.
func (p *parser) resolveBare(w *element, f *field, base string, depth int) error {
	var kept []*element
	for _, c := range w.children {
		if p.ignored(c) {
			continue
		}
		if c.name != f.item {
			return unknownElement(c, w)
		}
		if f.shape.scalar() {
			kept = append(kept, c)
			continue
		}
		items, err := p.expand(c, true, base, depth)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := p.resolve(it.el, f.shape, it.base, it.depth); err != nil {
				return err
			}
			kept = append(kept, it.el)
		}
	}
	w.children = kept
	return nil
}

func unknownElement(c, parent *element) error {
	return &Error{File: c.file, Line: c.line, Msg: fmt.Sprintf(
		"unknown element <%s> in <%s> (OME refuses to start on it; ignore=\"true\" would make it skip the element)", c.name, parent.name)}
}

// expand returns e itself, or, when it has an include attribute, the root
// elements of the files its pattern names. listEntry says whether e is an entry
// of a list (any number of files) or a single element (exactly one file).
func (p *parser) expand(e *element, listEntry bool, base string, depth int) ([]included, error) {
	raw, ok := e.attr("include")
	if !ok {
		return []included{{el: e, base: base, depth: depth}}, nil
	}
	fail := func(format string, args ...any) error {
		return &Error{File: e.file, Line: e.line, Msg: fmt.Sprintf(format, args...)}
	}
	pattern := p.env(raw)
	if depth >= maxIncludeDepth {
		return nil, fail("include %q: includes nested more than %d deep (does a file include itself?)", pattern, maxIncludeDepth)
	}
	files, err := p.includeFiles(base, pattern)
	if err != nil {
		return nil, fail("include %q: %v", pattern, err)
	}
	if !listEntry && len(files) != 1 {
		return nil, fail("include %q on <%s> must name exactly one file, it names %d (relative patterns are resolved against %s)",
			pattern, e.name, len(files), base)
	}
	var out []included
	for _, name := range files {
		data, err := p.opts.files.ReadFile(name)
		if err != nil {
			return nil, fail("include %q: %s: %s", pattern, name, readErrorText(err))
		}
		root, err := parseDOM(data, name)
		if err != nil {
			return nil, err
		}
		if root.name != e.name {
			return nil, &Error{File: name, Line: root.line, Msg: fmt.Sprintf(
				"root element is <%s>, want <%s> (file included from %s:%d)", root.name, e.name, e.file, e.line)}
		}
		if p.ignored(root) {
			continue
		}
		// Relative patterns in an included file still start from the
		// directory of the including configuration; an absolute pattern makes
		// the included file's own directory the new start.
		childBase := base
		if filepath.IsAbs(pattern) {
			childBase = filepath.Dir(name)
		}
		// An included root that has an include= of its own is a single element.
		sub, err := p.expand(root, false, childBase, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// includeFiles lists the files an include pattern names, like OME: the pattern
// is relative to base unless absolute; its directory part is taken literally
// and must exist; in its last part '*' matches any run of characters and '?'
// zero or one character; only regular files (symbolic links followed) count.
// The result is sorted (OME takes the directory's order, which is unspecified).
func (p *parser) includeFiles(base, pattern string) ([]string, error) {
	full := pattern
	if !filepath.IsAbs(pattern) {
		full = strings.TrimSuffix(base, "/") + "/" + pattern
	}
	i := strings.LastIndex(full, "/")
	dir, name := full[:i+1], full[i+1:]
	names, err := p.opts.files.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list the directory %s: %s", dir, strings.TrimPrefix(readErrorText(err), "cannot read: "))
	}
	var re strings.Builder
	re.WriteString("^")
	for _, r := range name {
		switch r {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".?")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	match := regexp.MustCompile(re.String())
	var out []string
	for _, n := range names {
		if match.MatchString(n) {
			out = append(out, filepath.Clean(dir+n))
		}
	}
	slices.Sort(out)
	return out, nil
}
