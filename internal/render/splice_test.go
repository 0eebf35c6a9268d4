package render_test

import (
	"bytes"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestSplicedPagesMatch renders a site whose home page, timeline, topic and
// folder lists are long enough to be spliced (see render's splice), with
// dossier's own templates: without a Cache, and through one before and
// after a note's title changes. Each page must be the same, byte for byte,
// as with templates that are not all dossier's own (one partial more),
// which splice nothing. Through the Cache, each of the four pages must
// have been spliced (Cache.Spliced), else the test would compare two
// renders that splice nothing.
func TestSplicedPagesMatch(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Long lists\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	for i := range 250 {
		site[fmt.Sprintf("content/notes/f/n%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Note %d <&> \"q\"\nsummary: What note %d says of the talks, in a line long enough to count.\ntags: [talks]\n"+
				"events:\n  - date: 2026-01-%02d\n    text: Event %d of the talks, as the report gives it.\n    sources: [s]\n---\nNote %d [@s].\n",
			i, i, i%28+1, i, i)}
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	s := res.Site
	if !render.AllDefault(dossier.Templates()) {
		t.Fatal("dossier's own templates are not all the default ones")
	}
	// One partial more: every page as before, nothing spliced.
	other := render.Overlay(fstest.MapFS{"partials/unused.html": {Data: []byte(`{{define "unused"}}x{{end}}`)}}, dossier.Templates())
	if render.AllDefault(other) {
		t.Fatal("templates with a partial of the site's own are taken for the default ones")
	}
	long := []string{"index.html", "timeline/index.html", "tags/talks/index.html", "notes/f/index.html"}
	renderAll := func(tmpl any, c *render.Cache, changes *render.Changes) map[string][]byte {
		t.Helper()
		diags := &diag.List{}
		opts := render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}
		if tmpl != nil {
			opts.Templates = other
		}
		out := map[string][]byte{}
		for _, f := range render.Render(s, opts, diags) {
			data, err := f.Plain()
			if err != nil {
				t.Fatal(err)
			}
			out[f.Path] = data
		}
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return out
	}
	same := func(round string, got, want map[string][]byte) {
		t.Helper()
		for _, p := range long {
			if len(want[p]) < 2*render.SpliceMin {
				t.Errorf("%s: %s is %d bytes, too short to splice", round, p, len(want[p]))
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files; want %d", round, len(got), len(want))
		}
		for p, data := range want {
			if !bytes.Equal(got[p], data) {
				t.Errorf("%s: %s differs from the page rendered without splices", round, p)
			}
		}
	}
	same("without a Cache", renderAll(nil, nil, nil), renderAll(other, nil, nil))
	c := render.NewCache()
	same("through a Cache", renderAll(nil, c, nil), renderAll(other, nil, nil))
	if c.Spliced != len(long) {
		t.Errorf("through a Cache: %d pages spliced; want %d (%v)", c.Spliced, len(long), long)
	}
	var note *resolve.Page
	for _, p := range s.Notes {
		if p.Path == "notes/n007/index.html" {
			note = p
		}
	}
	if note == nil {
		t.Fatal("no note f/n007")
	}
	note.Title = "A note retitled & moved"
	changes := &render.Changes{Pages: map[*resolve.Page]bool{note: true}, Lists: true, Fronts: map[*resolve.Page]bool{note: true}}
	got := renderAll(nil, c, changes)
	if !bytes.Contains(got["index.html"], []byte("A note retitled &amp; moved")) {
		t.Error("the home page does not show the new title")
	}
	if c.Spliced != len(long) {
		t.Errorf("after a title edit: %d pages spliced; want %d (%v)", c.Spliced, len(long), long)
	}
	same("through a Cache, after a title edit", got, renderAll(other, nil, nil))
	// With templates not all dossier's own, nothing is spliced.
	renderAll(other, c, nil)
	if c.Spliced != 0 {
		t.Errorf("with a partial of the site's own: %d pages spliced; want none", c.Spliced)
	}
}
