package build_test

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheTopicKeys makes front-matter edits to a site with two topics:
// a topic's page keeps its key while it has the same notes and none of
// them changed (its key reads nothing else of the site's pages), and
// takes it again when one of them changed or its notes did; the pages
// must be those of a fresh build, and no key kept may have changed.
func TestCacheTopicKeys(t *testing.T) {
	note := func(title, tags string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nsummary: A note.\ntags: [" + tags + "]\n---\nA note. {no citation}\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Topics\n")},
		"content/notes/a.md": note("A", "x"),
		"content/notes/b.md": note("B", "x"),
		"content/notes/c.md": note("C", "y"),
		"content/notes/d.md": note("D", ""),
	}
	cache := build.NewCache()
	cache.CheckSkips()
	cachedAndFresh(t, site, cache, nil)
	for _, step := range []struct {
		name, file string
		edit       *fstest.MapFile
		kept, not  []string // topics' pages whose key is kept, and not
	}{
		{"a note in no topic retitled", "content/notes/d.md", note("D again", ""), []string{"tags/x/index.html", "tags/y/index.html"}, nil},
		{"a note of one topic retitled", "content/notes/a.md", note("A again", "x"), []string{"tags/y/index.html"}, []string{"tags/x/index.html"}},
		{"a note moved to the other topic", "content/notes/b.md", note("B", "y"), nil, []string{"tags/x/index.html", "tags/y/index.html"}},
		{"a topic's note summarised again", "content/notes/c.md", &fstest.MapFile{Data: []byte("---\ntitle: C\nsummary: Another summary.\ntags: [y]\n---\nA note. {no citation}\n")}, []string{"tags/x/index.html"}, []string{"tags/y/index.html"}},
	} {
		site[step.file] = step.edit
		cachedAndFresh(t, site, cache, []string{step.file})
		skipped := cache.SkippedPaths()
		if len(skipped) == 0 {
			t.Fatalf("%s: no key was skipped", step.name)
		}
		for _, p := range step.kept {
			if !slices.Contains(skipped, p) {
				t.Errorf("%s: the key of %s was taken again", step.name, p)
			}
		}
		for _, p := range step.not {
			if slices.Contains(skipped, p) {
				t.Errorf("%s: the key of %s was kept", step.name, p)
			}
		}
	}
}
