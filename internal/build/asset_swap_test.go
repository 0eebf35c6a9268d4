package build_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheAssetSwap edits the stylesheet of a site whose footer holds
// the stylesheet's address escaped for a query (%2F for each slash), which
// no swap of addresses reaches, and whose note's text
// holds the stylesheet's hash alone: after the edit the preview's pages
// must be those of a fresh build, and the footer must name the new
// stylesheet. Edited again, the note's text names the hash of the new
// one.
func TestCacheAssetSwap(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":                   {Data: []byte("title: Swap\n")},
		"content/notes/a.md":             {Data: []byte("---\ntitle: A\n---\nA note. {no citation}\n")},
		"content/notes/b.md":             {Data: []byte("---\ntitle: B\n---\nB note. {no citation}\n")},
		"templates/assets/style.css":     {Data: []byte("body { margin: 1px }\n")},
		"templates/partials/footer.html": {Data: []byte(`<footer data-css="{{asset "style.css" | urlquery}}"></footer>` + "\n")},
	}
	cache := build.NewCache()
	cache.CheckSkips()
	styleHash := regexp.MustCompile(`style\.([0-9a-f]{8,})\.css`)
	hashOf := func(res *build.Result) string {
		for _, f := range res.Files {
			if m := styleHash.FindStringSubmatch(f.Path); m != nil {
				return m[1]
			}
		}
		t.Fatal("no stylesheet among the files")
		return ""
	}
	got, _ := cachedAndFresh(t, site, cache, nil)
	if note := fileOf(t, got, "notes/b/index.html"); !strings.Contains(note, `%2Fstyle.`+hashOf(got)+`.css`) {
		t.Fatalf("the footer does not hold the stylesheet's address escaped for a query:\n%s", note)
	}
	for i, css := range []string{"body { margin: 2px }\n", "body { margin: 3px }\n"} {
		site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nThe stylesheet's hash is " + hashOf(got) + ". {no citation}\n")}
		got, _ = cachedAndFresh(t, site, cache, []string{"content/notes/a.md"})
		old := hashOf(got)
		site["templates/assets/style.css"] = &fstest.MapFile{Data: []byte(css)}
		got, _ = cachedAndFresh(t, site, cache, []string{"templates/assets/style.css"})
		now := hashOf(got)
		if now == old {
			t.Fatalf("edit %d: the stylesheet's hash did not change", i)
		}
		for _, page := range []string{"notes/a/index.html", "notes/b/index.html"} {
			if body := fileOf(t, got, page); !strings.Contains(body, `%2Fstyle.`+now+`.css`) {
				t.Errorf("edit %d: %s does not name the new stylesheet in its footer", i, page)
			}
		}
		if !strings.Contains(fileOf(t, got, "notes/a/index.html"), "hash is "+old+".") {
			t.Errorf("edit %d: the note's text no longer holds the old hash it gives", i)
		}
	}
}
