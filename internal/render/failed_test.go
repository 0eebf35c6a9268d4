package render_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestRenderFailedPage renders a site whose note template fails for one
// note: the other pages come out, in order and each with its path, and
// the failed page is reported and left out, not left as an empty file.
func TestRenderFailedPage(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Failing\nhome: a\n")},
		"content/notes/a.md":   {Data: []byte("---\ntitle: A\n---\nFirst {no citation}.\n")},
		"content/notes/bad.md": {Data: []byte("---\ntitle: Bad\n---\nSecond {no citation}.\n")},
		"content/notes/c.md":   {Data: []byte("---\ntitle: C\n---\nThird {no citation}.\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	note, err := fs.ReadFile(dossier.Templates(), "note.html")
	if err != nil {
		t.Fatal(err)
	}
	// An index out of range, for the note titled Bad only.
	failing := strings.Replace(string(note), "<h1>{{.Title}}</h1>", `<h1>{{.Title}}{{if eq .Title "Bad"}}{{index "" 1}}{{end}}</h1>`, 1)
	if failing == string(note) {
		t.Fatal("note.html has no <h1>{{.Title}}</h1> to change")
	}
	templates := render.Overlay(fstest.MapFS{"note.html": {Data: []byte(failing)}}, dossier.Templates())
	for _, cached := range []bool{false, true} {
		opts := render.Options{Templates: templates}
		if cached {
			opts.Cache = render.NewCache()
		}
		diags := &diag.List{}
		files := render.Render(res.Site, opts, diags)
		if !diags.HasErrors() {
			t.Errorf("cached %v: the failing page is not reported", cached)
		}
		var paths []string
		for _, f := range files {
			if f.Path == "" {
				t.Fatalf("cached %v: a file without a path among %d", cached, len(files))
			}
			paths = append(paths, f.Path)
		}
		got := strings.Join(paths, " ")
		for _, want := range []string{"notes/a/index.html", "notes/c/index.html"} {
			if !strings.Contains(got, want) {
				t.Errorf("cached %v: %s missing from %s", cached, want, got)
			}
		}
		if strings.Contains(got, "notes/bad/") {
			t.Errorf("cached %v: the failed page is among the files", cached)
		}
	}
}

// TestRenderBrokenTemplatesWaitsForIndex renders, through a Cache, with
// templates that do not parse: Render returns nothing, and only once the
// search index it began in the background is done, since that writes to
// the Cache and reads the search builder, which the next build patches
// (a preview that rebuilt at once raced with it: go test -race).
func TestRenderBrokenTemplatesWaitsForIndex(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Broken\n")}}
	for i := range 300 {
		site[fmt.Sprintf("content/notes/n%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Note %d\n---\nWords of note %d {no citation}.\n", i, i))}
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	broken := render.Overlay(fstest.MapFS{"note.html": {Data: []byte("{{define \"main\"}}{{.Title")}}, dossier.Templates())
	// One Cache, as the preview has: under the race detector, a Render
	// that reads what the last one's index wrote without waiting for it
	// is a race whatever the timing.
	cache := render.NewCache()
	for round := range 5 {
		diags := &diag.List{}
		if files := render.Render(res.Site, render.Options{Templates: broken, Cache: cache}, diags); files != nil || !diags.HasErrors() {
			t.Fatalf("round %d: %d files and %d problems from templates that do not parse", round, len(files), len(diags.Sorted()))
		}
		if cache.IndexFiles() == 0 {
			t.Fatalf("round %d: Render returned before the search index it began was done", round)
		}
	}
}

// TestRenderViewFails renders, with dossier's own templates (whose pages'
// long lists are spliced in), a site one of whose notes has a body that
// cannot be written (its syntax tree let go without its HTML): the note is
// reported, the other pages come out, and nothing panics.
func TestRenderViewFails(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Failing\n")},
		"content/notes/a.md":   {Data: []byte("---\ntitle: A\nevents:\n  - date: 2026-01-02\n    text: Talks.\n    sources: [s]\n---\nFirst [@s].\n")},
		"content/notes/bad.md": {Data: []byte("---\ntitle: Bad\n---\nSecond.\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	var bad *resolve.Page
	for _, p := range res.Site.Notes {
		if p.Title == "Bad" {
			bad = p
		}
	}
	bad.Doc = &markup.Doc{} // no tree, and no HTML kept
	for _, cached := range []bool{false, true} {
		opts := render.Options{Templates: dossier.Templates()}
		if cached {
			opts.Cache = render.NewCache()
		}
		diags := &diag.List{}
		files := render.Render(res.Site, opts, diags)
		if msg := fmt.Sprint(diags.Sorted()); !strings.Contains(msg, "let go without its HTML") {
			t.Errorf("cached %v: the note whose body cannot be written is not reported: %s", cached, msg)
		}
		paths := map[string]bool{}
		for _, f := range files {
			paths[f.Path] = true
		}
		for _, want := range []string{"index.html", "notes/a/index.html", "timeline/index.html"} {
			if !paths[want] {
				t.Errorf("cached %v: %s missing", cached, want)
			}
		}
		if paths["notes/bad/index.html"] {
			t.Errorf("cached %v: the failed note was written", cached)
		}
	}
}
