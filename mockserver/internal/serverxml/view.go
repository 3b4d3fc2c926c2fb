package serverxml

// jsonView renders e as the JSON OME's REST API shows for a configuration
// object loaded from Server.xml (docs/ome-behaviour.md, "Server.xml"): keys per the table in
// schema.go, lists as arrays whatever their length, and every scalar a string
// as OME read it (see element.value). A scalar that is a member of an object
// keeps its ${env:...} references; an entry of a list of plain strings
// (host names, CrossDomains URLs, origin URLs, dump playlists) is shown after
// substitution, with sub. skip names XML children to leave out (the vhost's
// <Applications>).
//
// e must have been checked by resolve: every child is known to the table.
func jsonView(e *element, sh *shape, sub func(string) string, skip ...string) map[string]any {
	out := map[string]any{}
children:
	for _, c := range e.children {
		for _, s := range skip {
			if c.name == s {
				continue children
			}
		}
		f := sh.fields[c.name]
		if f == nil {
			continue // resolve rejects unknown elements; nothing to show
		}
		switch f.mult {
		case one:
			if _, done := out[f.json]; !done {
				out[f.json] = valueView(c, f.shape, sub, false)
			}
		case list:
			arr, _ := out[f.json].([]any)
			out[f.json] = append(arr, valueView(c, f.shape, sub, true))
		case bare:
			if _, done := out[f.json]; done {
				continue
			}
			arr := []any{}
			for _, g := range c.children {
				if g.name == f.item {
					arr = append(arr, valueView(g, f.shape, sub, true))
				}
			}
			if len(arr) == 0 {
				// OME shows a list element declared without entries (<Names/>) as {}.
				out[f.json] = map[string]any{}
				continue
			}
			out[f.json] = arr
		}
	}
	for _, f := range sh.fields {
		if _, ok := out[f.json]; ok && f.sameAs != "" {
			if v, ok := out[f.sameAs]; ok {
				out[f.json] = v
			}
		}
	}
	return out
}

func valueView(e *element, sh *shape, sub func(string) string, listEntry bool) any {
	switch {
	case !sh.scalar():
		return jsonView(e, sh, sub)
	case listEntry:
		return sub(e.value())
	default:
		return e.value()
	}
}
