package render_test

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestClaimSumsFollowFronts renders a site through a Cache, then again
// after the outlet of a source that a claim names changed, with Changes
// naming that source among Fronts while the claim is the same object (the
// build makes such a claim again, so only this test can show it): the
// claim's kept sum must not be taken, and every page must read as a
// render without a cache writes it.
func TestClaimSumsFollowFronts(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Claims\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\n" +
			"> [!claim id=talks status=disputed]\n> Talks were held.\n>\n> - reports: S reports talks [@s]\n> - denies: T denies them [@t]\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/sources/t.md": {Data: []byte("---\ntitle: Denial T\noutlet: P\npublished: 2026-01-02\nkind: news report\n---\nT.\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	s := res.Site
	if len(s.Claims) != 1 {
		t.Fatalf("%d claims; want 1", len(s.Claims))
	}
	src := s.Source("s")
	c := render.NewCache()
	diags := &diag.List{}
	render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c}, diags)

	// Told by Changes, then not told (a Render that does not know what
	// changed takes no kept sum).
	for i, changes := range []*render.Changes{
		{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{src: true}},
		nil,
	} {
		outlet := []string{"Outlet renamed", "Outlet renamed again"}[i]
		src.Source.Meta.Outlet = outlet // what the list of claims shows of a source
		files := render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}, diags)
		want := map[string][]byte{}
		for _, f := range render.Render(s, render.Options{Templates: dossier.Templates()}, diags) {
			want[f.Path] = f.Data
		}
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		shown := false
		for _, f := range files {
			if !bytes.Equal(f.Data, want[f.Path]) {
				t.Errorf("round %d: %s differs from a render without a cache", i, f.Path)
			}
			shown = shown || f.Path == "claims/index.html" && bytes.Contains(f.Data, []byte(outlet+"</"))
		}
		if !shown {
			t.Errorf("round %d: the list of claims does not show the source's outlet %q", i, outlet)
		}
	}
}
