package scenario

import (
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one operation of an OpenAPI document, with a matcher for request paths.
type Operation struct {
	Method, Path string // Path is the template, e.g. "/v1/vhosts/{vhost}/apps/{app}:startPush"
	ID           string
	Item         *openapi3.PathItem
	Op           *openapi3.Operation
	re           *regexp.Regexp
	params       []string
	literal      int
}

// Operations finds the operation a request was for.
type Operations struct {
	Doc *openapi3.T
	ops []*Operation
}

var templateParam = regexp.MustCompile(`\{([a-zA-Z_]+)\}`)

// NewOperations indexes the operations of doc. Path parameters match as OME's routes do: an
// application name and the virtual host of a virtual-host action cannot contain ':' (which
// starts an action), other names can; none can contain '/'. When several templates match, the
// one with the most literal characters wins.
func NewOperations(doc *openapi3.T) *Operations {
	o := &Operations{Doc: doc}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			var params []string
			expr := "^"
			rest := path
			for {
				loc := templateParam.FindStringSubmatchIndex(rest)
				if loc == nil {
					expr += regexp.QuoteMeta(rest)
					break
				}
				expr += regexp.QuoteMeta(rest[:loc[0]])
				name := rest[loc[2]:loc[3]]
				after := rest[loc[1]:]
				class := `[^/]*`
				if name == "app" || name == "vhost" && strings.HasPrefix(after, ":") {
					class = `[^/:]*`
				}
				expr += "(" + class + ")"
				params = append(params, name)
				rest = after
			}
			o.ops = append(o.ops, &Operation{
				Method: method, Path: path, ID: op.OperationID, Item: item, Op: op,
				re: regexp.MustCompile(expr + "$"), params: params,
				literal: len(templateParam.ReplaceAllString(path, "")),
			})
		}
	}
	sort.SliceStable(o.ops, func(i, j int) bool {
		if o.ops[i].literal != o.ops[j].literal {
			return o.ops[i].literal > o.ops[j].literal
		}
		return o.ops[i].Path < o.ops[j].Path
	})
	return o
}

// All returns every operation.
func (o *Operations) All() []*Operation { return o.ops }

// Find returns the operation for a method and a request path (a query is ignored) and its path
// parameters, or nil when no operation has that route. HEAD finds the GET operation.
func (o *Operations) Find(method, path string) (*Operation, map[string]string) {
	path, _, _ = strings.Cut(path, "?")
	if method == "HEAD" {
		method = "GET"
	}
	for _, op := range o.ops {
		if op.Method != method {
			continue
		}
		m := op.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		params := make(map[string]string, len(op.params))
		for i, name := range op.params {
			params[name] = m[i+1]
		}
		return op, params
	}
	return nil, nil
}
