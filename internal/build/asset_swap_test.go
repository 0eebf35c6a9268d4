package build_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheAssetSwap edits the stylesheet of sites whose pages hold its
// content hash outside its address, which a swap of addresses does not
// reach: the preview's pages must be those of a fresh build after each
// edit. A page that holds the hash only inside the address has its
// address swapped; one that holds it elsewhere is rendered again.
func TestCacheAssetSwap(t *testing.T) {
	styleHash := regexp.MustCompile(`style\.([0-9a-f]{8,})\.css`)
	hashOf := func(t *testing.T, res *build.Result) string {
		t.Helper()
		for _, f := range res.Files {
			if m := styleHash.FindStringSubmatch(f.Path); m != nil {
				return m[1]
			}
		}
		t.Fatal("no stylesheet among the files")
		return ""
	}
	newSite := func(footer string) fstest.MapFS {
		site := fstest.MapFS{
			"dossier.yaml":               {Data: []byte("title: Swap\n")},
			"content/notes/a.md":         {Data: []byte("---\ntitle: A\n---\nA note. {no citation}\n")},
			"content/notes/b.md":         {Data: []byte("---\ntitle: B\n---\nB note. {no citation}\n")},
			"templates/assets/style.css": {Data: []byte("body { margin: 1px }\n")},
		}
		if footer != "" {
			site["templates/partials/footer.html"] = &fstest.MapFile{Data: []byte(footer)}
		}
		return site
	}

	t.Run("an address escaped for a query", func(t *testing.T) {
		// Every page's footer holds the address with %2F for each slash.
		site := newSite(`<footer data-css="{{asset "style.css" | urlquery}}"></footer>` + "\n")
		cache := build.NewCache()
		cache.CheckSkips()
		got, _ := cachedAndFresh(t, site, cache, nil)
		if note := fileOf(t, got, "notes/b/index.html"); !strings.Contains(note, `%2Fstyle.`+hashOf(t, got)+`.css`) {
			t.Fatalf("the footer does not hold the stylesheet's address escaped for a query:\n%s", note)
		}
		for i, css := range []string{"body { margin: 2px }\n", "body { margin: 3px }\n"} {
			old := hashOf(t, got)
			site["templates/assets/style.css"] = &fstest.MapFile{Data: []byte(css)}
			got, _ = cachedAndFresh(t, site, cache, []string{"templates/assets/style.css"})
			now := hashOf(t, got)
			if now == old {
				t.Fatalf("edit %d: the stylesheet's hash did not change", i)
			}
			for _, page := range []string{"notes/a/index.html", "notes/b/index.html"} {
				if body := fileOf(t, got, page); !strings.Contains(body, `%2Fstyle.`+now+`.css`) {
					t.Errorf("edit %d: %s does not name the new stylesheet in its footer", i, page)
				}
			}
		}
	})

	t.Run("a hash alone in a note's text", func(t *testing.T) {
		site := newSite("")
		cache := build.NewCache()
		cache.CheckSkips()
		got, _ := cachedAndFresh(t, site, cache, nil)
		for i, css := range []string{"body { margin: 2px }\n", "body { margin: 3px }\n"} {
			old := hashOf(t, got)
			site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nThe stylesheet's hash is " + old + ". {no citation}\n")}
			cachedAndFresh(t, site, cache, []string{"content/notes/a.md"})
			site["templates/assets/style.css"] = &fstest.MapFile{Data: []byte(css)}
			got, _ = cachedAndFresh(t, site, cache, []string{"templates/assets/style.css"})
			if hashOf(t, got) == old {
				t.Fatalf("edit %d: the stylesheet's hash did not change", i)
			}
			fresh := cache.Fresh()
			if !slices.Contains(fresh, "notes/a/index.html") {
				t.Errorf("edit %d: the note holding the old hash in its text was not rendered again (rendered: %q)", i, fresh)
			}
			if slices.Contains(fresh, "notes/b/index.html") {
				t.Errorf("edit %d: the other note was rendered again, not given the new address", i)
			}
		}
	})
}
