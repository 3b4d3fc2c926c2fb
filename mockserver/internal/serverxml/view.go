package serverxml

// jsonView renders e as the JSON OME's REST API shows for a configuration
// object loaded from Server.xml (ome-api-core.md §3.1): keys per the table in
// schema.go, every scalar a string exactly as written (trimmed, before any
// ${env:...} substitution), lists as arrays whatever their length. skip names
// XML children to leave out (the vhost's <Applications>).
//
// Elements the table does not know are kept under their R1 key: an element
// with child elements becomes an object, anything else a string, and an
// unknown element repeated in one parent becomes an array. A known key always
// wins over an unknown element that would produce the same key.
func jsonView(e *element, sh *shape, skip ...string) map[string]any {
	out := map[string]any{}
	type unknownKey struct {
		key    string
		values []any
	}
	var unknown []*unknownKey
	unknownByKey := map[string]*unknownKey{}
children:
	for _, c := range e.children {
		for _, s := range skip {
			if c.name == s {
				continue children
			}
		}
		f := sh.fields[c.name]
		if f == nil {
			k := r1(c.name)
			u := unknownByKey[k]
			if u == nil {
				u = &unknownKey{key: k}
				unknownByKey[k] = u
				unknown = append(unknown, u)
			}
			u.values = append(u.values, genericView(c))
			continue
		}
		switch f.mult {
		case one:
			if _, done := out[f.json]; !done {
				out[f.json] = valueView(c, f.shape)
			}
		case list:
			arr, _ := out[f.json].([]any)
			out[f.json] = append(arr, valueView(c, f.shape))
		case bare:
			if _, done := out[f.json]; done {
				continue
			}
			arr := []any{}
			for _, g := range c.children {
				if g.name == f.item {
					arr = append(arr, valueView(g, f.shape))
				}
			}
			out[f.json] = arr
		}
	}
	for _, u := range unknown {
		if _, taken := out[u.key]; taken {
			continue
		}
		if len(u.values) == 1 {
			out[u.key] = u.values[0]
		} else {
			out[u.key] = u.values
		}
	}
	return out
}

func valueView(e *element, sh *shape) any {
	if sh.scalar() {
		return e.value()
	}
	return jsonView(e, sh)
}

// genericView renders an element the key table does not describe.
func genericView(e *element) any {
	if len(e.children) == 0 {
		return e.value()
	}
	return jsonView(e, &shape{fields: map[string]*field{}})
}
