package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheInlineAsset edits a script the pages hold inline (theme.js:
// its text and its hash in the Content-Security-Policy are in every
// page, under no address the cache could swap): the preview's pages must
// be those of a fresh build, with the script's new text.
func TestCacheInlineAsset(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Inline\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nA note. {no citation}\n")},
	}
	cache := build.NewCache()
	cache.CheckSkips()
	for _, step := range []struct {
		name   string
		script string // templates/assets/theme.js, or "" for the default
		shows  string // what the home page must then hold
	}{
		{"the default script", "", ""},
		{"a script of the site's own", "document.documentElement.dataset.one = '1';\n", "dataset.one"},
		{"the script edited", "document.documentElement.dataset.two = '2';\n", "dataset.two"},
	} {
		var changed []string
		if step.script != "" {
			site["templates/assets/theme.js"] = &fstest.MapFile{Data: []byte(step.script)}
			changed = []string{"templates/assets/theme.js"}
		}
		got, _ := cachedAndFresh(t, site, cache, changed)
		if !strings.Contains(fileOf(t, got, "index.html"), step.shows) {
			t.Errorf("%s: the home page does not hold the script's text", step.name)
		}
	}
}
