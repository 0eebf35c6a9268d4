package render_test

import (
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/view"
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

// TestRecentShared holds the recently updated notes that the home page
// and the feed take from one list to view.Recent's for each, asked in
// either order, on notes of many dates and many alike; a list given out
// cannot be appended to over the other's.
func TestRecentShared(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Recent\n")}}
	for i := range 80 {
		site[fmt.Sprintf("content/notes/n%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: N%d\npublished: 2026-01-01\nupdated: 2026-%02d-%02d\n---\nN. {no citation}\n", i, 1+i%7, 1+i%3)}
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	s := res.Site
	for _, ns := range [][]int{{render.HomeRecent, render.FeedEntries}, {render.FeedEntries, render.HomeRecent}, {3, 200}} {
		got := render.Recents(s, ns...)
		for i, n := range ns {
			if want := view.Recent(s.Notes, min(n, max(render.HomeRecent, render.FeedEntries))); !slices.Equal(got[i], want) {
				t.Errorf("asked for %v: the %d most recent are %d notes, not view.Recent's %d", ns, n, len(got[i]), len(want))
			}
		}
		short, long := got[0], got[1]
		if len(short) > len(long) {
			short, long = long, short
		}
		before := slices.Clone(long)
		_ = append(short, s.Notes[0])
		if !slices.Equal(long, before) {
			t.Errorf("asked for %v: appending to the shorter list changed the longer", ns)
		}
	}
}
