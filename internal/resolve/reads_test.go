package resolve_test

import (
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestReadsOnce resolves a note that links to one note twice and cites
// one source five times: its result names each page it read once, since
// the preview keeps every page's reads and looks through them on each
// front-matter edit.
func TestReadsOnce(t *testing.T) {
	source := "---\ntitle: S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n"
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Reads\n")},
		"content/notes/a.md":   {Data: []byte("---\ntitle: A\n---\nOne [[b]] [@s].\n\nTwo [[b]] [@s]; three [@s] [@t].\n\n- Four [@s].\n- Five [@t] [@s].\n")},
		"content/notes/b.md":   {Data: []byte("---\ntitle: B\n---\nB [@t].\n")},
		"content/sources/s.md": {Data: []byte(source)},
		"content/sources/t.md": {Data: []byte(source)},
	}
	diags := &diag.List{}
	loaded := content.Load(site, diags)
	md := markup.New()
	in := resolve.Input{Site: loaded, BasePath: "/"}
	for _, n := range loaded.Notes {
		in.NoteDocs = append(in.NoteDocs, md.Parse(n.Body))
	}
	for _, s := range loaded.Sources {
		in.SourceDocs = append(in.SourceDocs, md.Parse(s.Body))
	}
	s := resolve.Begin(in, diags)
	a := s.Note("a")
	res := s.ResolvePage(a, a.Doc, diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	count := map[*resolve.Page]int{}
	if !res.Reads(func(p *resolve.Page) { count[p]++ }) {
		t.Fatal("the note read more of the site than its pages")
	}
	for _, p := range []*resolve.Page{s.Note("b"), s.Source("s"), s.Source("t")} {
		if count[p] != 1 {
			t.Errorf("%s read %d times; want once", p.Path, count[p])
		}
		delete(count, p)
	}
	for p, n := range count {
		t.Errorf("%s read %d times; want none", p.Path, n)
	}
}

// TestPagesMadeOnce: a begun site's Pages is one list, made by Begin, in
// site order; the preview asks for it a dozen times a rebuild.
func TestPagesMadeOnce(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Pages\n")},
		"content/notes/a.md":   {Data: []byte("---\ntitle: A\n---\nA [@s].\n")},
		"content/notes/b.md":   {Data: []byte("---\ntitle: B\n---\nB [@s].\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	diags := &diag.List{}
	s := resolve.Begin(resolve.Input{Site: content.Load(site, diags), BasePath: "/"}, diags)
	pages := s.Pages()
	if len(pages) != 3 || pages[0] != s.Note("a") || pages[1] != s.Note("b") || pages[2] != s.Source("s") {
		t.Fatalf("Pages = %v; want a, b, s", pages)
	}
	if allocs := testing.AllocsPerRun(10, func() { s.Pages() }); allocs != 0 {
		t.Errorf("Pages allocates %v times a call; want none", allocs)
	}
}
