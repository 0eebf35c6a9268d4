package render

import (
	"html/template"
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestDocSumFields holds docSum's list of fields to markup.Doc's: a field
// added to Doc, Heading or Problem must be counted in docFingerprint (or
// said here to be left out, with why), else a page that shows it could be
// taken from the cache stale.
func TestDocSumFields(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want []string
	}{
		// Source and Root count by the HTML rendered from them (the
		// preview lets Source go once the body is frozen).
		{reflect.TypeFor[markup.Doc](), []string{"Source", "Root", "Headings", "Problems"}},
		{reflect.TypeFor[markup.Heading](), []string{"Level", "ID", "Text"}},
		{reflect.TypeFor[markup.Problem](), []string{"Offset", "Severity", "Code", "Message", "Hint"}},
	} {
		var got []string
		for f := range tc.typ.Fields() {
			if f.IsExported() {
				got = append(got, f.Name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s has the exported fields %q; docFingerprint counts %q: count the new ones", tc.typ, got, tc.want)
		}
	}
}

// TestDocFingerprint changes each thing docFingerprint counts, one at a
// time, and checks that the fingerprint changes; and that a body gives the
// same fingerprint frozen (its HTML kept, the tree let go) as with its tree.
func TestDocFingerprint(t *testing.T) {
	md := markup.New()
	const src = "## Terms {#terms}\n\nA paragraph with *emphasis*.\n"
	parsed := func(src string) *markup.Doc { return md.Parse([]byte(src)) }
	frozen := func(d *markup.Doc) *markup.Doc {
		if err := md.Freeze(d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := docFingerprint(md, parsed(src))
	if got := docFingerprint(md, frozen(parsed(src))); got != base {
		t.Errorf("a frozen body's fingerprint differs from its tree's")
	}
	if got := docFingerprint(md, parsed(src)); got != base {
		t.Errorf("two parses of one source have different fingerprints")
	}
	for _, tc := range []struct {
		name string
		doc  func() *markup.Doc
	}{
		{"source", func() *markup.Doc {
			d := parsed(src)
			d.Source = []byte("## Terns {#terms}\n\nA paragraph with *emphasis*.\n")
			return d
		}},
		{"frozen body", func() *markup.Doc {
			// The same source, resolved otherwise before it was frozen.
			d := parsed(src)
			d.Root.FirstChild().SetAttributeString("class", []byte("resolved"))
			return frozen(d)
		}},
		{"tree", func() *markup.Doc {
			// What the resolve stage writes into a tree shows in its HTML:
			// here, as an attribute of the heading.
			d := parsed(src)
			d.Root.FirstChild().SetAttributeString("class", []byte("resolved"))
			return d
		}},
		{"heading level", func() *markup.Doc { d := parsed(src); d.Headings[0].Level = 3; return d }},
		{"heading id", func() *markup.Doc { d := parsed(src); d.Headings[0].ID = "terms-2"; return d }},
		{"heading text", func() *markup.Doc { d := parsed(src); d.Headings[0].Text = "Words"; return d }},
		{"a problem", func() *markup.Doc {
			d := parsed(src)
			d.Problems = append(d.Problems, markup.Problem{Offset: 1, Severity: diag.Warning, Code: diag.CodeUnclosedSyntax, Message: "m", Hint: "h"})
			return d
		}},
	} {
		if got := docFingerprint(md, tc.doc()); got == base {
			t.Errorf("%s changed, and the fingerprint did not", tc.name)
		}
	}
	// Each field of a problem counts.
	problem := markup.Problem{Offset: 1, Severity: diag.Warning, Code: diag.CodeUnclosedSyntax, Message: "m", Hint: "h"}
	with := func(p markup.Problem) [32]byte {
		d := parsed(src)
		d.Problems = append(d.Problems, p)
		return docFingerprint(md, d)
	}
	one := with(problem)
	for name, change := range map[string]func(*markup.Problem){
		"offset":   func(p *markup.Problem) { p.Offset = 2 },
		"severity": func(p *markup.Problem) { p.Severity = diag.Error },
		"code":     func(p *markup.Problem) { p.Code = diag.CodeDuplicateID },
		"message":  func(p *markup.Problem) { p.Message = "n" },
		"hint":     func(p *markup.Problem) { p.Hint = "i" },
	} {
		p := problem
		change(&p)
		if with(p) == one {
			t.Errorf("a problem's %s changed, and the fingerprint did not", name)
		}
	}
}

// stampMap is a Stamps of fixed stamps.
type stampMap map[*markup.Doc]uint64

func (m stampMap) Stamp(d *markup.Doc) uint64 { return m[d] }

// TestDocMemosFollowStamps checks that what the last Render made from a
// parsed page (its fingerprint, its feed entry's body) is taken again
// while the page's stamp is the one it was made at, and made again when
// the stamp changed, when the page has none, and without Stamps.
func TestDocMemosFollowStamps(t *testing.T) {
	md := markup.New()
	d := md.Parse([]byte("A body.\n"))
	real := docFingerprint(md, d)
	memo := digest.Sum{9}
	p := &resolve.Page{Doc: d}
	for _, tc := range []struct {
		name   string
		at     uint64 // the stamp the memos were made at
		stamps Stamps
		kept   bool
	}{
		{"the same stamp", 5, stampMap{d: 5}, true},
		{"a new stamp", 5, stampMap{d: 6}, false},
		{"no stamp", 5, stampMap{}, false},
		{"no stamp, then or now", 0, stampMap{}, false},
		{"no Stamps", 0, nil, false},
	} {
		c := &Cache{docs: map[*markup.Doc]docMemo{d: {stamp: tc.at, sum: memo}}, feedBodies: map[*markup.Doc]docHTML{d: {stamp: tc.at, html: "kept"}}}
		cr := &cacheRun{c: c, r: &Renderer{md: md}, stamps: tc.stamps, docs: map[*markup.Doc]docMemo{}, feedBodies: map[*markup.Doc]docHTML{}}
		want, wantBody := real, template.HTML("rendered")
		if tc.kept {
			want, wantBody = memo, "kept"
		}
		if got := cr.docSum(d); got != want {
			t.Errorf("%s: docSum gave the last Render's fingerprint: %v; want it %v", tc.name, got == memo, tc.kept)
		}
		body, err := cr.feedBody(p, func(*resolve.Page) (template.HTML, error) { return "rendered", nil })
		if err != nil || body != wantBody {
			t.Errorf("%s: feedBody = %q, %v; want %q", tc.name, body, err, wantBody)
		}
	}
}
