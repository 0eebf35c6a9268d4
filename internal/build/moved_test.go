package build_test

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheNoteMovedToFolder moves a note to another folder, which keeps
// its address and its place among the pages: the preview's pages are the
// full build's, and the cache lets the old file's parse go.
func TestCacheNoteMovedToFolder(t *testing.T) {
	note := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body + "\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":                 {Data: []byte("title: Moves\n")},
		"content/notes/east/_index.md": note("East", "The east."),
		"content/notes/west/_index.md": note("West", "The west."),
		"content/notes/a.md":           note("A", "See [[m]]."),
		"content/notes/east/m.md":      note("M", "Moved about."),
		"content/notes/z.md":           note("Z", "Last."),
	}
	cache := build.NewCache()
	if res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}); !res.OK() {
		t.Fatal(res.Diagnostics)
	}
	for _, step := range []struct{ from, to string }{
		{"content/notes/east/m.md", "content/notes/west/m.md"},
		{"content/notes/west/m.md", "content/notes/m.md"},
		{"content/notes/m.md", "content/notes/east/m.md"},
	} {
		site[step.to] = site[step.from]
		delete(site, step.from)
		cachedAndFresh(t, site, cache, []string{step.from, step.to})
		parsed := cache.ParsedFiles()
		if slices.Contains(parsed, step.from) || !slices.Contains(parsed, step.to) {
			t.Errorf("moved %s to %s: the cache keeps the parses of %v", step.from, step.to, parsed)
		}
	}
}
