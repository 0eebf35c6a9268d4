package build

import (
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestLookAtEndedSite holds the look a build takes of its site when it
// ends (lookLater) to the site as the build left it: each page's surface
// and ties, the aliases and what Finish gave the pages, which the next
// front-matter edit compares the site begun again with. After that edit
// the look is of the new site, with the new title.
func TestLookAtEndedSite(t *testing.T) {
	note := func(title, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + extra + "---\n" + body + "\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":          {Data: []byte("title: Look\n")},
		"content/notes/a.md":    note("A", "aliases: [a-old]\n", "A cites [@s1]."),
		"content/notes/b.md":    note("B", "", "B links [[a]] and [[c]]. {no citation}"),
		"content/notes/c.md":    note("C", "", "C links [[a]]. {no citation}"),
		"content/sources/s1.md": {Data: []byte("---\ntitle: Source one\noutlet: Outlet\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	cache := NewCache()
	check := func(t *testing.T, res *Result, title string) {
		t.Helper()
		if !res.OK() {
			t.Fatalf("the build failed: %v", res.Diagnostics)
		}
		cache.settle()
		look := cache.look
		if look.site != res.Site {
			t.Fatalf("the look is of %p, not of the site the build made (%p)", look.site, res.Site)
		}
		pages := res.Site.Pages()
		if len(look.surfaces) != len(pages) || len(look.at) != len(pages)+1 {
			t.Fatalf("the look holds %d surfaces and %d places for %d pages", len(look.surfaces), len(look.at), len(pages))
		}
		for i, p := range pages {
			if look.surfaces[i] != p.Surface() {
				t.Errorf("%s: the look's surface is %+v, the page's %+v", p.Path, look.surfaces[i], p.Surface())
			}
			if got := look.ties[look.at[i]:look.at[i+1]]; !slices.Equal(got, p.Ties()) {
				t.Errorf("%s: the look's ties are %v, the page's %v", p.Path, got, p.Ties())
			}
			if !slices.Equal(look.incoming.backlinks[i], p.Backlinks) || !slices.Equal(look.incoming.citedBy[i], p.CitedBy) || !slices.Equal(look.incoming.claims[i], p.Claims) {
				t.Errorf("%s: the look's backlinks, cited-by or claims are not the page's", p.Path)
			}
		}
		if !slices.Equal(look.incoming.claimList, res.Site.Claims) || !slices.Equal(look.incoming.needed, res.Site.Needed) {
			t.Error("the look's claims or needed citations are not the site's")
		}
		if want := map[string]string{"a-old": "notes/a/index.html"}; fmt.Sprint(look.aliases) != fmt.Sprint(want) {
			t.Errorf("the look's aliases are %v, want %v", look.aliases, want)
		}
		if a := res.Site.Note("a"); a == nil || look.surfaces[slices.Index(pages, a)].Title != title {
			t.Errorf("the look does not hold a's title %q", title)
		}
		if b := res.Site.Note("b"); b == nil || len(b.Backlinks) != 0 || len(res.Site.Note("a").Backlinks) != 2 {
			t.Error("the site's backlinks are not as the notes link")
		}
	}
	opts := Options{Site: site, Templates: dossier.Templates(), Cache: cache}
	check(t, Run(opts), "A")

	site["content/notes/a.md"] = note("A, retitled", "aliases: [a-old]\n", "A cites [@s1].")
	opts.Changed = []string{"content/notes/a.md"}
	last := cache.resolved.site
	res := Run(opts)
	check(t, res, "A, retitled")
	if len(res.Site.Pages()) != len(last.Pages()) || res.Stats.Resolved != 3 {
		t.Errorf("the title edit resolved %d pages, want 3 (a, and b and c, which link to it): it was not begun again around the last pages", res.Stats.Resolved)
	}
}

// TestInHalves holds inHalves to calling its function on every index of
// [0, n) once, in two ranges that meet.
func TestInHalves(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 10, 11} {
		seen := make([]int, n)
		var ranges [][2]int
		done := make(chan [2]int, 2)
		inHalves(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				seen[i]++
			}
			done <- [2]int{lo, hi}
		})
		close(done)
		for r := range done {
			ranges = append(ranges, r)
		}
		slices.SortFunc(ranges, func(a, b [2]int) int { return a[0]*1000 + a[1] - b[0]*1000 - b[1] })
		if len(ranges) != 2 || ranges[0][0] != 0 || ranges[0][1] != ranges[1][0] || ranges[1][1] != n {
			t.Errorf("n=%d: ranges %v, want [0 m] [m %d]", n, ranges, n)
		}
		for i, c := range seen {
			if c != 1 {
				t.Errorf("n=%d: index %d seen %d times", n, i, c)
			}
		}
	}
}

// TestLookLetsGo builds a site with folders of notes, then the site with
// a note and a folder fewer (a new site, not begun again around the last
// one's pages), then the site with a note's title changed: after each, the
// lists the look is taken into hold nothing past the look's end, so that
// no look keeps the pages of a site the Cache no longer has.
func TestLookLetsGo(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Folders\n")}}
	for i := range 6 {
		site[fmt.Sprintf("content/notes/f%d/n%d.md", i%3, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: N%d\n---\nN%d. {no citation}\n", i, i))}
	}
	cache := NewCache()
	opts := Options{Site: site, Templates: dossier.Templates(), Cache: cache}
	check := func(step string) {
		t.Helper()
		res := Run(opts)
		if !res.OK() {
			t.Fatalf("%s: the build failed: %v", step, res.Diagnostics)
		}
		cache.settle()
		s := cache.rebegin
		n, m := len(cache.look.surfaces), len(cache.look.ties)
		for i, sf := range s.surfaces[n:cap(s.surfaces)] {
			if sf != (resolve.Surface{}) {
				t.Errorf("%s: the surfaces' list holds %q past the look's end (%d)", step, sf.Title, n+i)
				break
			}
		}
		for i, p := range s.ties[m:cap(s.ties)] {
			if p != nil {
				t.Errorf("%s: the ties' list holds %s past the look's end (%d)", step, p.Path, m+i)
				break
			}
		}
	}
	check("as it is")
	delete(site, "content/notes/f2/n5.md")
	delete(site, "content/notes/f2/n2.md")
	opts.Changed = []string{"content/notes/f2/n5.md", "content/notes/f2/n2.md"}
	check("two notes and their folder gone")
	site["content/notes/f0/n0.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N0 retitled\n---\nN0. {no citation}\n")}
	opts.Changed = []string{"content/notes/f0/n0.md"}
	check("a title")
}
