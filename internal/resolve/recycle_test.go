package resolve

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
)

// TestRebeginTakesPages holds Rebegin to taking each of the last site's
// pages again for the page at the same path, wherever it now is in its
// list, at most once, and to addresses under the new base path; and to
// the aliases Begin finds, each on the note that lists it.
func TestRebeginTakesPages(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText.\n")}
	}
	aliased := func(title, alias string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\naliases: [" + alias + "]\n---\nText.\n")}
	}
	base := fstest.MapFS{
		"dossier.yaml":                 {Data: []byte("title: T\n")},
		"content/notes/b.md":           note("B"),
		"content/notes/c.md":           note("C"),
		"content/notes/d.md":           aliased("D", "old-d"),
		"content/notes/f.md":           aliased("F", "old-f"),
		"content/notes/area/_index.md": note("Area"),
		"content/notes/area/e.md":      note("E"),
		"content/sources/s.md":         {Data: []byte("---\ntitle: S\nurl: https://example.org/s\n---\n")},
		"content/about.md":             note("About"),
	}
	with := func(change func(fs fstest.MapFS)) fstest.MapFS {
		out := fstest.MapFS{}
		for k, v := range base {
			out[k] = v
		}
		change(out)
		return out
	}
	for _, tc := range []struct {
		name     string
		site     fstest.MapFS
		basePath string
	}{
		{"the same pages", base, "/"},
		{"a note before the others", with(func(fs fstest.MapFS) { fs["content/notes/a.md"] = note("A") }), "/"},
		{"a note gone", with(func(fs fstest.MapFS) { delete(fs, "content/notes/c.md") }), "/"},
		{"a note renamed", with(func(fs fstest.MapFS) {
			fs["content/notes/cc.md"] = fs["content/notes/c.md"]
			delete(fs, "content/notes/c.md")
		}), "/"},
		{"a title changed", with(func(fs fstest.MapFS) { fs["content/notes/b.md"] = note("B again") }), "/"},
		{"the first and the last note renamed", with(func(fs fstest.MapFS) {
			fs["content/notes/g.md"] = fs["content/notes/b.md"]
			fs["content/notes/a.md"] = fs["content/notes/f.md"]
			delete(fs, "content/notes/b.md")
			delete(fs, "content/notes/f.md")
		}), "/"},
		{"an alias moved", with(func(fs fstest.MapFS) {
			fs["content/notes/c.md"] = aliased("C", "old-d")
			fs["content/notes/d.md"] = note("D")
		}), "/"},
		{"another base path", base, "/explainer/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			last := Begin(load(t, base, "/"), &diag.List{})
			byPath := map[string]*Page{}
			for _, p := range last.Pages() {
				byPath[p.Path] = p
			}
			in := load(t, tc.site, tc.basePath)
			fresh := Begin(in, &diag.List{})
			again := Rebegin(in, last, &diag.List{})
			fp, ap := fresh.Pages(), again.Pages()
			if len(fp) != len(ap) {
				t.Fatalf("%d pages rebegun, %d begun", len(ap), len(fp))
			}
			seen := map[*Page]bool{}
			for i, p := range ap {
				if seen[p] {
					t.Errorf("%s: the same page twice", p.Path)
				}
				seen[p] = true
				if p.Path != fp[i].Path || p.URL != fp[i].URL || p.Title != fp[i].Title || p.Kind != fp[i].Kind {
					t.Errorf("page %d: %s %s %q %s; Begin makes %s %s %q %s", i, p.Path, p.URL, p.Title, p.Kind, fp[i].Path, fp[i].URL, fp[i].Title, fp[i].Kind)
				}
				if old := byPath[p.Path]; old != nil && old.Kind == p.Kind && old != p {
					t.Errorf("%s: a new page; the last site's is taken again", p.Path)
				}
				if byPath[p.Path] == nil && seenBefore(last, p) {
					t.Errorf("%s: the last site's page for another path", p.Path)
				}
			}
			// Each note found by its slug, and only the site's notes
			// (the last site's map is taken when every note is in place).
			for _, n := range fresh.Notes {
				if got := again.Note(n.Slug); got == nil || got.Path != n.Path || !seen[got] {
					t.Errorf("Note(%q) = %v, want the page at %s", n.Slug, got, n.Path)
				}
			}
			for _, n := range last.Notes {
				if fresh.Note(n.Slug) == nil && again.Note(n.Slug) != nil {
					t.Errorf("Note(%q) found a note the site no longer has", n.Slug)
				}
			}
			if len(fresh.Aliases) == 0 {
				t.Error("Begin finds no aliases: the case checks none")
			}
			if len(again.Aliases) != len(fresh.Aliases) {
				t.Errorf("%d aliases, Begin finds %d", len(again.Aliases), len(fresh.Aliases))
			}
			for name, p := range fresh.Aliases {
				if got := again.Aliases[name]; got == nil || got.Path != p.Path || !seen[got] {
					t.Errorf("alias %q: %v, want the page at %s", name, got, p.Path)
				}
				if !slices.Contains(p.Note.Meta.Aliases, name) {
					t.Errorf("alias %q: Begin gives %s, which does not list it", name, p.Path)
				}
			}
		})
	}
}

// seenBefore reports whether p is one of the pages last had, for a page
// whose path last did not have.
func seenBefore(last *Site, p *Page) bool {
	for _, list := range [][]*Page{last.Notes, last.Sources, last.Standalone, last.Folders} {
		for _, q := range list {
			if q == p {
				return true
			}
		}
	}
	return false
}

func load(t *testing.T, fsys fstest.MapFS, basePath string) Input {
	t.Helper()
	diags := &diag.List{}
	site := content.Load(fsys, diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	return Input{Site: site, BasePath: basePath}
}
