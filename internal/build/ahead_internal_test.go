package build

import (
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
)

// TestParseAhead holds parseAhead to the pages a front-matter edit is
// likely to resolve again: the pages edited, those whose last resolve read
// them when the edit may change what they read (a note's title, a
// source's front matter; not a note's tags), and the pages that read the
// site whole; none when too many pages changed.
func TestParseAhead(t *testing.T) {
	note := func(title, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + extra + "---\n" + body + "\n")}
	}
	source := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\noutlet: Outlet\npublished: 2026-01-01\nkind: news report\n---\nS.\n")}
	}
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"dossier.yaml":          {Data: []byte("title: Ahead\n")},
			"content/notes/a.md":    note("A", "tags: [one]\n", "A cites [@s1]."),
			"content/notes/b.md":    note("B", "", "B links [[a]]. {no citation}"),
			"content/notes/c.md":    note("C", "", "C links [[a]] and [[d]]. {no citation}"),
			"content/notes/d.md":    note("D", "", "D cites [@s1]."),
			"content/notes/e.md":    note("E", "", "E shows every event. {no citation}\n\n```timeline\nall\n```\n"),
			"content/notes/f.md":    note("F", "", "F stands alone. {no citation}"),
			"content/sources/s1.md": source("Source one"),
		}
	}
	for _, tc := range []struct {
		name string
		edit func(fstest.MapFS)
		want []string // the pages parsed ahead; nil for none
	}{
		{"a note's title", func(s fstest.MapFS) { s["content/notes/a.md"] = note("A again", "tags: [one]\n", "A cites [@s1].") },
			[]string{"notes/a/index.html", "notes/b/index.html", "notes/c/index.html", "notes/e/index.html"}},
		{"a note's tags", func(s fstest.MapFS) { s["content/notes/a.md"] = note("A", "tags: [two]\n", "A cites [@s1].") },
			[]string{"notes/a/index.html", "notes/e/index.html"}},
		{"a note no other reads", func(s fstest.MapFS) { s["content/notes/f.md"] = note("F again", "", "F stands alone. {no citation}") },
			[]string{"notes/e/index.html", "notes/f/index.html"}},
		{"a source's title", func(s fstest.MapFS) { s["content/sources/s1.md"] = source("Source one, again") },
			[]string{"notes/a/index.html", "notes/d/index.html", "notes/e/index.html", "sources/s1/index.html"}},
		{"too many pages", func(s fstest.MapFS) {
			for i := range aheadMost + 1 {
				s[fmt.Sprintf("content/notes/g%d.md", i)] = note(fmt.Sprintf("G%d again", i), "", "G. {no citation}")
			}
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := base()
			for i := range aheadMost + 1 {
				site[fmt.Sprintf("content/notes/g%d.md", i)] = note(fmt.Sprintf("G%d", i), "", "G. {no citation}")
			}
			cache := NewCache()
			opts := Options{Site: site, Templates: dossier.Templates(), Cache: cache}
			if res := Run(opts); !res.OK() {
				t.Fatal(res.Diagnostics)
			}
			tc.edit(site)
			r := newRun(opts)
			r.load()
			if r.diags.HasErrors() {
				t.Fatal(r.diags.Sorted())
			}
			last := cache.resolved
			_, sums, _ := frontSum(r.in, nil, nil)
			a := cache.parseAhead(r.md, r.in, last, sums)
			a.wait()
			var got []string
			if a != nil {
				for i, p := range last.site.Pages() {
					if a.docs[cache.placed[i].doc] != nil {
						got = append(got, p.Path)
					}
				}
				if len(got) != len(a.docs) {
					t.Errorf("%d pages parsed ahead, %d of them the site's", len(a.docs), len(got))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("parsed ahead %v, want %v", got, tc.want)
			}
			// Thawed, each page has its tree, as parsed ahead or not.
			if a != nil {
				for d := range a.docs {
					a.thaw(r.md, d)
					if d.Root == nil {
						t.Error("a page parsed ahead has no tree once thawed")
					}
				}
			}
		})
	}
}
