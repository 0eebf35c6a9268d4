package build_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// TestReservedNames builds the test sites and checks that every folder and
// file the build writes at the top of the output is either a standalone
// page's or named in resolve.Reserved, so that the check that keeps pages
// off the site's own addresses cannot fall behind the render stage.
func TestReservedNames(t *testing.T) {
	for _, name := range []string{"golden", "pages-folders", "explainer"} {
		s := LoadSite(t, "testdata/sites/"+name+".txtar")
		res := run(s, "https://example.org/")
		if !res.OK() {
			t.Fatalf("%s: build failed:\n%s", name, formatDiagnostics(res))
		}
		pages := map[string]bool{}
		for _, p := range res.Site.Standalone {
			pages[p.Slug] = true
		}
		for _, f := range res.Files {
			top, _, _ := strings.Cut(f.Path, "/")
			top = strings.TrimSuffix(top, path.Ext(top))
			if !pages[top] && !slices.Contains(resolve.Reserved, top) {
				t.Errorf("%s: the build writes %s, but %q is not in resolve.Reserved: a page of that name would overwrite it", name, f.Path, top)
			}
		}
	}
}
