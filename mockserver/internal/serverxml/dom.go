package serverxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// maxDepth bounds element nesting so that hostile input cannot make the
// recursive passes over the tree run away. Real Server.xml files stay below 15.
const maxDepth = 512

// element is one XML element of a parsed file, with the file and the 1-based
// line its start tag begins on. Comments, processing instructions and
// directives are dropped. texts holds the element's own text nodes as OME's
// XML library (pugixml, default options) sees them: every run of character
// data between two pieces of markup is one node, a run of white space only is
// no node at all, and a CDATA section is always a node of its own.
type element struct {
	name     string
	file     string
	line     int
	attrs    []xml.Attr
	texts    []string
	children []*element
}

// value is the element's text as OME reads it: its first text node exactly as
// written (white space included; a comment ends it). A missing element, or one
// without text, reads as "".
func (e *element) value() string {
	if e == nil || len(e.texts) == 0 {
		return ""
	}
	return e.texts[0]
}

// child returns the first child element called name, or nil. Like OME's config
// engine, a non-list element that is given twice is read from its first copy.
func (e *element) child(name string) *element {
	if e == nil {
		return nil
	}
	for _, c := range e.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// path follows child() through names; nil as soon as one step is missing.
func (e *element) path(names ...string) *element {
	for _, n := range names {
		e = e.child(n)
	}
	return e
}

// attr returns the attribute called name (no namespace) and whether it exists.
func (e *element) attr(name string) (string, bool) {
	for _, a := range e.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// lineCounter turns byte offsets into 1-based line numbers. Offsets must be
// asked for in non-decreasing order.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (lc *lineCounter) at(off int) int {
	if off > len(lc.data) {
		off = len(lc.data)
	}
	if off > lc.off {
		lc.line += bytes.Count(lc.data[lc.off:off], []byte{'\n'})
		lc.off = off
	}
	return lc.line
}

// qualified returns the element name as written, prefix included, the way
// OME's XML library (pugixml) sees it.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseDOM decodes data into an element tree. Every error is an *Error naming
// file and a line: for syntax errors the decoder's line, for an element left
// open at the end of the input the line that element starts on.
func parseDOM(data []byte, file string) (*element, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 BOM changes no line number
	dec := xml.NewDecoder(bytes.NewReader(data))
	lc := &lineCounter{data: data, line: 1}
	var (
		root  *element
		stack []*element
	)
	fail := func(line int, format string, args ...any) error {
		return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	for {
		off := int(dec.InputOffset())
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg := se.Msg
				if len(stack) > 0 && se.Msg == "unexpected EOF" {
					open := stack[len(stack)-1]
					return nil, fail(open.line, "XML syntax error: element <%s> is never closed (unexpected end of file)", open.name)
				}
				return nil, fail(max(se.Line, 1), "XML syntax error: %s", msg)
			}
			return nil, fail(lc.at(int(dec.InputOffset())), "XML error: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line := lc.at(off)
			if len(stack) == 0 && root != nil {
				return nil, fail(line, "XML syntax error: second root element <%s> (the root is <%s>, line %d)", qualified(t.Name), root.name, root.line)
			}
			if len(stack) >= maxDepth {
				return nil, fail(line, "elements nested more than %d deep", maxDepth)
			}
			el := &element{name: qualified(t.Name), file: file, line: line, attrs: append([]xml.Attr(nil), t.Attr...)}
			if len(stack) == 0 {
				root = el
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, el)
			}
			stack = append(stack, el)
		case xml.EndElement:
			line := lc.at(off)
			name := qualified(t.Name)
			if len(stack) == 0 {
				return nil, fail(line, "XML syntax error: unexpected end element </%s>", name)
			}
			open := stack[len(stack)-1]
			if open.name != name {
				return nil, fail(line, "XML syntax error: element <%s> (line %d) closed by </%s>", open.name, open.line, name)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				cdata := bytes.HasPrefix(data[off:], []byte("<![CDATA["))
				if cdata || len(bytes.TrimLeft(t, " \t\r\n")) > 0 {
					open := stack[len(stack)-1]
					open.texts = append(open.texts, string(t))
				}
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, fail(lc.at(off+len(t)-len(bytes.TrimLeft(t, " \t\r\n"))), "XML syntax error: text outside the root element")
			}
		}
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return nil, fail(open.line, "XML syntax error: element <%s> is never closed (unexpected end of file)", open.name)
	}
	if root == nil {
		return nil, fail(lc.at(len(bytes.TrimRight(data, " \t\r\n"))), "no root element")
	}
	return root, nil
}
