// Package jsoncpp reads JSON the way OvenMediaEngine's API server reads request bodies: with the
// jsoncpp library (1.9.3 in OME 0.21.0) and its default reader settings. That reader is more
// lenient than encoding/json, and OME reports its errors verbatim, so the mock needs the same
// reader to accept what OME accepts and to word its refusals the same way:
//
//   - comments (// … and /* … */) are allowed anywhere a token may start;
//   - a trailing comma is allowed in arrays and objects ([1,] and {"a":1,});
//   - anything after the first complete value is ignored ({"a":1} garbage parses);
//   - a repeated member name keeps the last value;
//   - a UTF-8 byte order mark at the start is skipped;
//   - numbers are read loosely: "-" alone is 0, a leading "+" or "0" is accepted ("+5", "007"),
//     and an integer literal too large for 64 bits becomes a floating-point number;
//   - strings may hold raw control characters and bytes that are not UTF-8; \u escapes of lone
//     surrogates are kept;
//   - nesting deeper than 1000 values is an error of its own (StackLimitError), which OME does not
//     report as a syntax error.
//
// A syntax error is reported as jsoncpp formats it: "* Line L, Column C\n  <message>\n", and for
// bad escapes a further "See Line L, Column C for detail.\n".
//
// Values come out as encoding/json's generic types: map[string]any, []any, string, bool, nil, and
// json.Number for numbers. A number's text says which kind jsoncpp gave it: an integer (no '.' or
// exponent; it fits int64, or uint64 when positive) or a real (always written with '.' or an
// exponent).
package jsoncpp

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a body jsoncpp refuses to parse. Message is jsoncpp's formatted text.
type SyntaxError struct {
	Message string
	Offset  int // byte offset of the token the error is about
}

func (e *SyntaxError) Error() string { return e.Message }

// StackLimitError is jsoncpp's runtime error for nesting deeper than its stack limit (1000).
type StackLimitError struct{}

func (StackLimitError) Error() string { return "Exceeded stackLimit in readValue()." }

// stackLimit is jsoncpp's default "stackLimit" setting.
const stackLimit = 1000

// Parse reads data as OME's API server does.
func Parse(data []byte) (any, error) {
	p := &parser{src: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.begin, p.pos = 3, 3
	}
	v, err := p.value(1)
	if err != nil {
		return nil, err
	}
	return v, nil
}

type tokenKind int

const (
	tkEnd tokenKind = iota // end of input, or a NUL byte
	tkObjectBegin
	tkObjectEnd
	tkArrayBegin
	tkArrayEnd
	tkString
	tkNumber
	tkTrue
	tkFalse
	tkNull
	tkComma
	tkColon
	tkComment
	tkError
)

type token struct {
	kind       tokenKind
	start, end int
}

type parser struct {
	src        []byte
	begin, pos int
}

func (p *parser) next() byte {
	if p.pos >= len(p.src) {
		return 0
	}
	c := p.src[p.pos]
	p.pos++
	return c
}

func (p *parser) skipSpaces() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) match(s string) bool {
	if len(p.src)-p.pos < len(s) || string(p.src[p.pos:p.pos+len(s)]) != s {
		return false
	}
	p.pos += len(s)
	return true
}

// read reads one token; ok is false for a malformed one (its kind is then tkError).
func (p *parser) read() (t token, ok bool) {
	p.skipSpaces()
	t.start = p.pos
	ok = true
	switch c := p.next(); c {
	case '{':
		t.kind = tkObjectBegin
	case '}':
		t.kind = tkObjectEnd
	case '[':
		t.kind = tkArrayBegin
	case ']':
		t.kind = tkArrayEnd
	case '"':
		t.kind = tkString
		ok = p.readString()
	case '/':
		t.kind = tkComment
		ok = p.readComment()
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		t.kind = tkNumber
		p.readNumber()
	case '-', '+':
		// "-Infinity" and "+Infinity" are not accepted (allowSpecialFloats is off).
		if p.pos < len(p.src) && p.src[p.pos] == 'I' {
			p.pos++
			ok = false
		} else {
			t.kind = tkNumber
			p.readNumber()
		}
	case 't':
		t.kind = tkTrue
		ok = p.match("rue")
	case 'f':
		t.kind = tkFalse
		ok = p.match("alse")
	case 'n':
		t.kind = tkNull
		ok = p.match("ull")
	case ',':
		t.kind = tkComma
	case ':':
		t.kind = tkColon
	case 0:
		t.kind = tkEnd
	default:
		ok = false
	}
	if !ok {
		t.kind = tkError
	}
	t.end = p.pos
	return t, ok
}

// readSkippingComments reads the next token that is not a comment.
func (p *parser) readSkippingComments() token {
	for {
		t, _ := p.read()
		if t.kind != tkComment {
			return t
		}
	}
}

func (p *parser) readString() bool {
	var c byte
	for p.pos < len(p.src) {
		c = p.next()
		if c == '\\' {
			p.next()
		} else if c == '"' {
			break
		}
	}
	return c == '"'
}

func (p *parser) readComment() bool {
	switch p.next() {
	case '*':
		for p.pos+1 < len(p.src) {
			if p.next() == '*' && p.src[p.pos] == '/' {
				break
			}
		}
		return p.next() == '/'
	case '/':
		for p.pos < len(p.src) {
			c := p.next()
			if c == '\n' {
				break
			}
			if c == '\r' {
				if p.pos < len(p.src) && p.src[p.pos] == '\n' {
					p.pos++
				}
				break
			}
		}
		return true
	}
	return false
}

// readNumber consumes digits, an optional fraction and an optional exponent, loosely.
func (p *parser) readNumber() {
	digits := func() {
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
	}
	digits()
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		digits()
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		digits()
	}
}

// fail builds jsoncpp's formatted message for an error about t (and, for escapes, extra).
func (p *parser) fail(msg string, t token, extra int) *SyntaxError {
	line, col := p.lineColumn(t.start)
	text := fmt.Sprintf("* Line %d, Column %d\n  %s\n", line, col, msg)
	if extra >= 0 {
		l2, c2 := p.lineColumn(extra)
		text += fmt.Sprintf("See Line %d, Column %d for detail.\n", l2, c2)
	}
	return &SyntaxError{Message: text, Offset: t.start}
}

func (p *parser) lineColumn(at int) (line, col int) {
	lineStart := p.begin
	for i := p.begin; i < at && i < len(p.src); i++ {
		switch p.src[i] {
		case '\r':
			if i+1 < len(p.src) && p.src[i+1] == '\n' {
				i++
			}
			lineStart = i + 1
			line++
		case '\n':
			lineStart = i + 1
			line++
		}
	}
	return line + 1, at - lineStart + 1
}

// value reads one value; depth counts the values being read, this one included.
func (p *parser) value(depth int) (any, error) {
	if depth > stackLimit {
		return nil, StackLimitError{}
	}
	t := p.readSkippingComments()
	switch t.kind {
	case tkObjectBegin:
		return p.object(depth)
	case tkArrayBegin:
		return p.array(depth)
	case tkNumber:
		return p.number(t)
	case tkString:
		return p.decodeString(t)
	case tkTrue:
		return true, nil
	case tkFalse:
		return false, nil
	case tkNull:
		return nil, nil
	}
	return nil, p.fail("Syntax error: value, object or array expected.", t, -1)
}

func (p *parser) object(depth int) (any, error) {
	obj := map[string]any{}
	for {
		name, ok := p.read()
		for ok && name.kind == tkComment {
			name, ok = p.read()
		}
		if !ok {
			return nil, p.fail("Missing '}' or object member name", name, -1)
		}
		// An empty object, or a trailing comma (allowTrailingCommas).
		if name.kind == tkObjectEnd {
			return obj, nil
		}
		if name.kind != tkString {
			return nil, p.fail("Missing '}' or object member name", name, -1)
		}
		key, err := p.decodeString(name)
		if err != nil {
			return nil, err
		}
		colon, ok := p.read()
		if !ok || colon.kind != tkColon {
			return nil, p.fail("Missing ':' after object member name", colon, -1)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		obj[key.(string)] = v
		comma, ok := p.read()
		if !ok || (comma.kind != tkObjectEnd && comma.kind != tkComma && comma.kind != tkComment) {
			return nil, p.fail("Missing ',' or '}' in object declaration", comma, -1)
		}
		for ok && comma.kind == tkComment {
			comma, ok = p.read()
		}
		if comma.kind == tkObjectEnd {
			return obj, nil
		}
		// jsoncpp goes on with the next member whatever the token after the comments was.
	}
}

func (p *parser) array(depth int) (any, error) {
	arr := []any{}
	for {
		p.skipSpaces()
		// An empty array, or a trailing comma (allowTrailingCommas).
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return arr, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		t, ok := p.read()
		for ok && t.kind == tkComment {
			t, ok = p.read()
		}
		if !ok || (t.kind != tkComma && t.kind != tkArrayEnd) {
			return nil, p.fail("Missing ',' or ']' in array declaration", t, -1)
		}
		if t.kind == tkArrayEnd {
			return arr, nil
		}
	}
}

// number decodes a number token the way jsoncpp does: digits only (after an optional '-') that
// fit 64 bits make an integer; anything else is read as a double, and must be one.
func (p *parser) number(t token) (any, error) {
	text := string(p.src[t.start:t.end])
	digits, negative := text, false
	if strings.HasPrefix(digits, "-") {
		digits, negative = digits[1:], true
	}
	isInt := true
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			isInt = false
			break
		}
	}
	if isInt {
		u, err := strconv.ParseUint("0"+digits, 10, 64)
		switch {
		case err != nil:
			// Too large for 64 bits: a double.
		case negative && u <= 1<<63:
			if u == 1<<63 {
				return json.Number(strconv.FormatInt(math.MinInt64, 10)), nil
			}
			return json.Number(strconv.FormatInt(-int64(u), 10)), nil
		case !negative:
			return json.Number(strconv.FormatUint(u, 10)), nil
		}
	}
	f, ok := parseDouble(text)
	if !ok {
		return nil, p.fail("'"+text+"' is not a number.", t, -1)
	}
	return realNumber(f), nil
}

// parseDouble reads text as C++'s "stream >> double" does for the token shapes the reader
// produces: an optional sign, digits, an optional fraction and exponent. It fails on anything
// without a digit before the exponent, and on values out of range.
func parseDouble(text string) (float64, bool) {
	s := strings.TrimPrefix(strings.TrimPrefix(text, "+"), "-")
	mantissa := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mantissa = s[:i]
		exp := strings.TrimLeft(s[i+1:], "+-")
		if exp == "" {
			return 0, false
		}
	}
	if strings.Trim(mantissa, ".") == "" {
		return 0, false
	}
	text = strings.TrimPrefix(text, "+")
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// realNumber writes a double so that its text reads as a real (with '.' or an exponent).
func realNumber(f float64) json.Number {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return json.Number(s)
}

func (p *parser) decodeString(t token) (any, error) {
	var b strings.Builder
	cur, end := t.start+1, t.end-1
	for cur < end {
		c := p.src[cur]
		cur++
		if c == '"' {
			break
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if cur == end {
			return nil, p.fail("Empty escape sequence in string", t, cur)
		}
		esc := p.src[cur]
		cur++
		switch esc {
		case '"', '/', '\\':
			b.WriteByte(esc)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, next, err := p.codePoint(t, cur, end)
			if err != nil {
				return nil, err
			}
			cur = next
			writeCodePoint(&b, r)
		default:
			return nil, p.fail("Bad escape sequence in string", t, cur)
		}
	}
	return b.String(), nil
}

func (p *parser) codePoint(t token, cur, end int) (rune, int, error) {
	r, cur, err := p.hex4(t, cur, end)
	if err != nil {
		return 0, cur, err
	}
	if r >= 0xD800 && r <= 0xDBFF {
		if end-cur < 6 {
			return 0, cur, p.fail("additional six characters expected to parse unicode surrogate pair.", t, cur)
		}
		if p.src[cur] != '\\' || p.src[cur+1] != 'u' {
			// jsoncpp reports the position after the characters it compared.
			at := cur + 1
			if p.src[cur] == '\\' {
				at = cur + 2
			}
			return 0, at, p.fail("expecting another \\u token to begin the second half of a unicode surrogate pair", t, at)
		}
		low, next, err := p.hex4(t, cur+2, end)
		if err != nil {
			return 0, next, err
		}
		return 0x10000 + ((r & 0x3FF) << 10) + (low & 0x3FF), next, nil
	}
	return r, cur, nil
}

func (p *parser) hex4(t token, cur, end int) (rune, int, error) {
	if end-cur < 4 {
		return 0, cur, p.fail("Bad unicode escape sequence in string: four digits expected.", t, cur)
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.src[cur]
		cur++
		r *= 16
		switch {
		case c >= '0' && c <= '9':
			r += rune(c - '0')
		case c >= 'a' && c <= 'f':
			r += rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r += rune(c-'A') + 10
		default:
			return 0, cur, p.fail("Bad unicode escape sequence in string: hexadecimal digit expected.", t, cur)
		}
	}
	return r, cur, nil
}

// writeCodePoint encodes r as jsoncpp's codePointToUTF8 does, lone surrogates included (Go's
// UTF-8 encoder would replace those with U+FFFD).
func writeCodePoint(b *strings.Builder, r rune) {
	if r >= 0xD800 && r <= 0xDFFF {
		b.WriteByte(byte(0xE0 | (r >> 12)))
		b.WriteByte(byte(0x80 | ((r >> 6) & 0x3F)))
		b.WriteByte(byte(0x80 | (r & 0x3F)))
		return
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	b.Write(buf[:n])
}
