package render_test

import (
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/render"
)

// TestJobPlaces holds the place each page's job carries (which the cache
// looks up the page's sums by, without reading the page) to the page's
// place in the site's pages: notes, sources, standalone pages and folders,
// the home page's lead note and an alias's target; -1 for the lists.
func TestJobPlaces(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":                 {Data: []byte("title: Places\nhome: b\n")},
		"content/notes/a.md":           {Data: []byte("---\ntitle: A\naliases: [old-a]\n---\nSee [[b]] [@s].\n")},
		"content/notes/b.md":           {Data: []byte("---\ntitle: B\ntags: [t]\n---\nB.\n")},
		"content/notes/area/c.md":      {Data: []byte("---\ntitle: C\n---\nC.\n")},
		"content/notes/area/_index.md": {Data: []byte("---\ntitle: Area\n---\nThe area.\n")},
		"content/sources/s.md":         {Data: []byte("---\ntitle: S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/pages/about.md":       {Data: []byte("---\ntitle: About\n---\nAbout.\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	s := res.Site
	pages, places := render.JobPlaces(s)
	kinds := map[string]int{}
	for i, p := range pages {
		want := -1
		if p != nil {
			want = s.Place(p)
			kinds[string(p.Kind)]++
		}
		if places[i] != want {
			t.Errorf("job %d (%v): place %d; want %d", i, p, places[i], want)
		}
	}
	// Every kind of page the site has, and the lead and the alias on top.
	if kinds["note"] != 3+2 || kinds["source"] != 1 || kinds["page"] != 1 || kinds["folder"] != 1 {
		t.Errorf("the jobs show %v; want every note, source, page and folder, and the lead and the alias's target", kinds)
	}
}
