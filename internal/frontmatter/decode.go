package frontmatter

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/slug"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxSize is the largest front matter Decode accepts, in bytes.
const MaxSize = 256 << 10

// Problem is one thing wrong with the front matter. Line and Col are
// relative to the start of the front matter (1-based).
type Problem struct {
	Line, Col int
	Code      diag.Code
	Message   string
	Hint      string
}

// Pos is where a value stands in the front matter.
type Pos struct{ Line, Col int }

// Positions maps a value's path ("title", "cites[1]", "events[0].date") to
// where it stands, so that later stages can point at a value that turns out
// to be wrong (an unknown source id, say).
type Positions map[string]Pos

// Decode decodes the YAML front matter src into the struct dst points to.
// It reports every problem it finds; fields with problems keep their zero
// value.
func Decode(src []byte, dst any) (Positions, []Problem) {
	d := &decoder{pos: Positions{}}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("frontmatter: Decode needs a pointer to a struct")
	}
	if len(src) > MaxSize {
		d.problem(1, 1, diag.CodeTooLarge, fmt.Sprintf("front matter is %d KiB, more than the %d KiB allowed", len(src)>>10, MaxSize>>10), "move long text into the body")
		return d.pos, d.problems
	}
	if l, c := deepAt(src); l > 0 {
		d.problem(l, c, diag.CodeTooLarge, fmt.Sprintf("front matter nests lists or sets of keys more than %d deep", MaxDepth),
			"write lists as `tags: [a, b]` or one `- item` per line")
		return d.pos, d.problems
	}
	var body ast.Node
	if strings.TrimSpace(string(src)) != "" {
		file, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
		if err != nil {
			d.syntax(err)
			return d.pos, d.problems
		}
		switch len(file.Docs) {
		case 0:
		case 1:
			body = file.Docs[0].Body
		default:
			tk := file.Docs[1].GetToken()
			d.problem(tk.Position.Line, tk.Position.Column, diag.CodeFrontMatter, "front matter holds more than one YAML document", "remove the extra --- line")
			return d.pos, d.problems
		}
	}
	d.decodeStruct(body, rv.Elem(), "", 1, 1)
	return d.pos, d.problems
}

type decoder struct {
	pos      Positions
	problems []Problem
}

func (d *decoder) problem(line, col int, code diag.Code, msg, hint string) {
	d.problems = append(d.problems, Problem{Line: line, Col: col, Code: code, Message: msg, Hint: hint})
}

func (d *decoder) syntax(err error) {
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil {
		msg := strings.TrimSpace(se.Message)
		d.problem(se.Token.Position.Line, se.Token.Position.Column, diag.CodeFrontMatter,
			"front matter is not valid YAML: "+msg,
			"write one `key: value` per line; quote values that contain `: ` or start with a special character")
		return
	}
	d.problem(1, 1, diag.CodeFrontMatter, "front matter is not valid YAML: "+firstLine(err.Error()),
		"write one `key: value` per line; quote values that contain `: ` or start with a special character")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// nodePos returns a node's position, 1,1 for a missing node.
func nodePos(n ast.Node) (int, int) {
	if n == nil || n.GetToken() == nil {
		return 1, 1
	}
	p := n.GetToken().Position
	return p.Line, p.Column
}

// describe names a YAML node's kind for messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a set of keys"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "empty"
	case *ast.AliasNode, *ast.AnchorNode:
		return "a YAML anchor or alias"
	case *ast.TagNode:
		return "a tagged value"
	}
	return "a single value"
}

var dateType = reflect.TypeFor[Date]()

// field describes one struct field as a front-matter key.
type field struct {
	index    int
	key      string
	required bool
	enum     []string
	format   string
	dateKind string
	doc      string
}

// fieldsOf returns the fields of struct type t that have a yaml key, made
// once for each type and shared, read only: every front matter decoded
// reads its struct's, and made for each they were 50 MB of a 10,000-note
// build's allocation.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	fs, _ := fieldCache.LoadOrStore(t, makeFields(t))
	return fs.([]field)
}

// fieldCache holds fieldsOf's fields by type.
var fieldCache sync.Map

func makeFields(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key := sf.Tag.Get("yaml")
		if key == "" || key == "-" || !sf.IsExported() {
			continue
		}
		f := field{index: i, key: key, required: sf.Tag.Get("required") == "true",
			format: sf.Tag.Get("format"), dateKind: sf.Tag.Get("date"), doc: sf.Tag.Get("doc")}
		if e := sf.Tag.Get("enum"); e != "" {
			f.enum = strings.Split(e, "|")
		}
		fs = append(fs, f)
	}
	return fs
}

func keyPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// mappingOf unwraps a node into a mapping's key-value pairs; ok is false when
// the node is not a mapping.
func mappingOf(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case nil, *ast.NullNode:
		return nil, true
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, prefix string, line, col int) {
	pairs, ok := mappingOf(n)
	if !ok {
		l, c := nodePos(n)
		what := "front matter"
		if prefix != "" {
			what = "`" + prefix + "`"
		}
		d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("%s must be a set of `key: value` lines, not %s", what, describe(n)), "")
		return
	}
	if prefix != "" && len(pairs) > 0 {
		line, col = nodePos(pairs[0].Key) // where the nested block starts
	}
	fs := fieldsOf(v.Type())
	seen := map[string]bool{}
	for _, pair := range pairs {
		keyNode := pair.Key
		key := ""
		if keyNode != nil {
			key = strings.TrimSpace(keyNode.GetToken().Value)
		}
		kl, kc := nodePos(keyNode)
		path := keyPath(prefix, key)
		if seen[key] {
			d.problem(kl, kc, diag.CodeFrontMatter, fmt.Sprintf("key `%s` appears twice", path), "keep one of them")
			continue
		}
		seen[key] = true
		i := slices.IndexFunc(fs, func(f field) bool { return f.key == key })
		if i < 0 {
			d.problem(kl, kc, diag.CodeUnknownKey, fmt.Sprintf("unknown key `%s`", path), unknownKeyHint(key, fs))
			continue
		}
		f := fs[i]
		vl, vc := nodePos(pair.Value)
		d.pos[path] = Pos{vl, vc}
		d.decodeValue(pair.Value, v.Field(f.index), f, path)
	}
	for _, f := range fs {
		if f.required && isEmpty(v.Field(f.index)) && !d.reported(keyPath(prefix, f.key)) {
			msg := fmt.Sprintf("missing required key `%s`", keyPath(prefix, f.key))
			l, c := line, col
			if seen[f.key] {
				msg = fmt.Sprintf("required key `%s` is empty", keyPath(prefix, f.key))
				if p, ok := d.pos[keyPath(prefix, f.key)]; ok {
					l, c = p.Line, p.Col // at the empty value
				}
			}
			d.problem(l, c, diag.CodeMissingKey, msg, fmt.Sprintf("add `%s: ...`", f.key))
		}
	}
}

// isEmpty reports whether a required value is missing: zero, or a list
// with no items (`sources: []`).
func isEmpty(v reflect.Value) bool {
	return v.IsZero() || v.Kind() == reflect.Slice && v.Len() == 0
}

// reported says whether a problem was already reported for path (so that a
// wrongly typed required key is not also called missing).
func (d *decoder) reported(path string) bool {
	p, ok := d.pos[path]
	if !ok {
		return false
	}
	for _, pr := range d.problems {
		if pr.Line == p.Line && pr.Col == p.Col {
			return true
		}
	}
	return false
}

func unknownKeyHint(key string, fs []field) string {
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	if best := Closest(strings.ToLower(key), keys); best != "" {
		return fmt.Sprintf("did you mean `%s`? known keys: %s", best, strings.Join(keys, ", "))
	}
	return "known keys: " + strings.Join(keys, ", ")
}

// scalar returns a scalar node's text; ok is false for collections, anchors,
// aliases and tags.
func scalar(n ast.Node) (string, bool) {
	switch s := n.(type) {
	case nil, *ast.NullNode:
		return "", true
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		return s.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func (d *decoder) decodeValue(n ast.Node, v reflect.Value, f field, path string) {
	l, c := nodePos(n)
	switch {
	case v.Type() == dateType:
		s, ok := scalar(n)
		if !ok {
			d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("`%s` must be a date, not %s", path, describe(n)), "write it as YYYY-MM-DD")
			return
		}
		if strings.TrimSpace(s) == "" {
			return
		}
		date, err := ParseDate(s, f.dateKind)
		if err != nil {
			d.problem(l, c, diag.CodeBadValue, fmt.Sprintf("`%s`: %v", path, err), dateHint(f.dateKind))
			return
		}
		v.Set(reflect.ValueOf(date))
	case v.Kind() == reflect.String:
		s, ok := scalar(n)
		if !ok {
			d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("`%s` must be text, not %s", path, describe(n)), "write it on one line after the colon, quoted if it contains `: `")
			return
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		if f.enum != nil && !slices.Contains(f.enum, s) {
			d.problem(l, c, diag.CodeBadValue, fmt.Sprintf("`%s` is %q; it must be one of: %s", path, s, strings.Join(f.enum, ", ")), "")
			return
		}
		if msg := checkFormat(f.format, s); msg != "" {
			d.problem(l, c, diag.CodeBadValue, fmt.Sprintf("`%s`: %s", path, msg), formatHint(f.format))
			return
		}
		v.SetString(s)
	case v.Kind() == reflect.Bool:
		// Only YAML's true and false (in any case): `draft: yes` or
		// `draft: 1` is a mistake to point out, not a guess to make.
		s, ok := scalar(n)
		if ok && strings.TrimSpace(s) == "" {
			return
		}
		b, isBool := n.(*ast.BoolNode)
		if !ok || !isBool {
			what := describe(n)
			if ok {
				what = fmt.Sprintf("%q", strings.TrimSpace(s))
			}
			d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("`%s` must be true or false, not %s", path, what), fmt.Sprintf("write `%s: true` or `%s: false`", f.key, f.key))
			return
		}
		v.SetBool(b.Value)
	case v.Kind() == reflect.Int:
		// A whole number from 1 (a place in a list: `nav: 10`); 0 is
		// the field left out.
		s, ok := scalar(n)
		if ok && strings.TrimSpace(s) == "" {
			return
		}
		num, err := strconv.Atoi(strings.TrimSpace(s))
		if !ok || err != nil || num < 1 {
			what := describe(n)
			if ok {
				what = fmt.Sprintf("%q", strings.TrimSpace(s))
			}
			d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("`%s` must be a whole number from 1, not %s", path, what), fmt.Sprintf("write e.g. `%s: 10`", f.key))
			return
		}
		v.SetInt(int64(num))
	case v.Kind() == reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			if _, null := n.(*ast.NullNode); null || n == nil {
				return
			}
			d.problem(l, c, diag.CodeWrongType, fmt.Sprintf("`%s` must be a list, not %s", path, describe(n)), fmt.Sprintf("write `%s: [a, b]`, or one `- item` per line", f.key))
			return
		}
		out := reflect.MakeSlice(v.Type(), 0, len(seq.Values))
		for i, item := range seq.Values {
			ip := fmt.Sprintf("%s[%d]", path, i)
			il, ic := nodePos(item)
			d.pos[ip] = Pos{il, ic}
			elem := reflect.New(v.Type().Elem()).Elem()
			if elem.Kind() == reflect.Struct && elem.Type() != dateType {
				d.decodeStruct(item, elem, ip, il, ic)
			} else {
				d.decodeValue(item, elem, field{key: f.key, enum: f.enum, format: f.format, dateKind: f.dateKind}, ip)
				if elem.IsZero() {
					if s, ok := scalar(item); ok && strings.TrimSpace(s) == "" {
						d.problem(il, ic, diag.CodeBadValue, fmt.Sprintf("`%s` is empty", ip), "remove the empty item")
					}
					continue
				}
			}
			out = reflect.Append(out, elem)
		}
		v.Set(out)
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, v, path, l, c)
	default:
		panic("frontmatter: unsupported field type " + v.Type().String())
	}
}

func dateHint(kind string) string {
	switch kind {
	case "partial":
		return "write YYYY-MM-DD, YYYY-MM or YYYY"
	case "unknown":
		return "write YYYY-MM-DD, or `unknown` if the source gives no date"
	}
	return "write YYYY-MM-DD"
}

func checkFormat(format, s string) string {
	switch format {
	case "url":
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Sprintf("%q is not an http or https address", s)
		}
	case "slug":
		if err := slug.Check(s); err != nil {
			return fmt.Sprintf("%q: %v", s, err)
		}
	}
	return ""
}

func formatHint(format string) string {
	switch format {
	case "url":
		return "write the full address, e.g. https://example.org/article"
	case "slug":
		return "use lower-case letters, digits and single hyphens, e.g. " + "`budapest-memorandum`"
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, for suggestions.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a likely typo.
func Closest(s string, candidates []string) string {
	best, bestDist := "", max(2, len([]rune(s))/3)+1
	for _, c := range candidates {
		if dd := editDistance(s, c); dd < bestDist {
			best, bestDist = c, dd
		}
	}
	return best
}
