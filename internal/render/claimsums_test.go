package render_test

import (
	"bytes"
	"fmt"
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
	s, c := cachedSite(t, site)
	if len(s.Claims) != 1 {
		t.Fatalf("%d claims; want 1", len(s.Claims))
	}
	src := s.Source("s")

	// Told by Changes, then not told (a Render that does not know what
	// changed takes no kept sum).
	for i, changes := range []*render.Changes{
		{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{src: true}},
		nil,
	} {
		outlet := []string{"Outlet renamed", "Outlet renamed again"}[i]
		src.Source.Meta.Outlet = outlet // what the list of claims shows of a source
		renderShows(t, fmt.Sprintf("round %d", i), s, c, changes, "claims/index.html", outlet+"</")
	}
}

// cachedSite builds site, which must build, and renders it once through a
// new Cache, which it returns with the resolved site.
func cachedSite(t *testing.T, site fstest.MapFS) (*resolve.Site, *render.Cache) {
	t.Helper()
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	c := render.NewCache()
	diags := &diag.List{}
	render.Render(res.Site, render.Options{Templates: dossier.Templates(), Cache: c}, diags)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return res.Site, c
}

// renderShows renders s through c told changes, and fails t (naming the
// round) unless every page reads as a render without a cache writes it and
// the page at path holds shown.
func renderShows(t *testing.T, round string, s *resolve.Site, c *render.Cache, changes *render.Changes, path, shown string) {
	t.Helper()
	diags := &diag.List{}
	files := render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}, diags)
	want := map[string][]byte{}
	for _, f := range render.Render(s, render.Options{Templates: dossier.Templates()}, diags) {
		want[f.Path] = f.Data
	}
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := false
	for _, f := range files {
		if !bytes.Equal(f.Data, want[f.Path]) {
			t.Errorf("%s: %s differs from a render without a cache", round, f.Path)
		}
		found = found || f.Path == path && bytes.Contains(f.Data, []byte(shown))
	}
	if !found {
		t.Errorf("%s: %s does not show %q", round, path, shown)
	}
}

// TestEventSumsFollowChanges is TestClaimSumsFollowFronts for the events,
// whose sums a Cache keeps by note and place (the build makes the events
// again on every front-matter edit, and the sums are kept when the event
// holds the same fields): each round changes, in place, what one event's
// sum is taken of, and renders through the Cache with Changes that name
// the change (a source among Fronts) or do not (an event's own fields,
// which a build changes only with its note among Fronts), then not told
// at all. Every page must read as a render without a cache writes it, and
// the timeline must show the change.
func TestEventSumsFollowChanges(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Events\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\nevents:\n" +
			"  - date: 2026-01-27\n    text: Talks are held.\n    sources: [s]\n" +
			"  - date: 2026-01-28\n    text: Talks end.\n    sources: [s, t]\n---\nA [@s] [@t].\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/sources/t.md": {Data: []byte("---\ntitle: Report T\noutlet: P\npublished: 2026-01-02\nkind: news report\n---\nT.\n")},
	}
	s, c := cachedSite(t, site)
	if len(s.Events) != 2 {
		t.Fatalf("%d events; want 2", len(s.Events))
	}
	src, first, second := s.Source("s"), s.Events[0], s.Events[1]

	told := func(p ...*resolve.Page) *render.Changes {
		fronts := map[*resolve.Page]bool{}
		for _, p := range p {
			fronts[p] = true
		}
		return &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: fronts}
	}
	for _, round := range []struct {
		name    string
		change  func()
		changes *render.Changes
		shown   string
	}{
		{"a source's outlet, the source among Fronts", func() { src.Source.Meta.Outlet = "Outlet renamed" }, told(src), "Outlet renamed</a>"},
		{"an event's text", func() { first.Text = "Talks are held again." }, told(), "Talks are held again."},
		{"an event's date", func() { second.Date.Day = 29 }, told(), `datetime="2026-01-29"`},
		{"an event's sources, in another order", func() { second.Sources = []*resolve.Page{second.Sources[1], second.Sources[0]} }, told(),
			`Talks end.</span> <span class="event-sources">(<a href="/sources/t/">P</a>, <a href="/sources/s/">Outlet renamed</a>)`},
		{"an event's sources, one fewer", func() { second.Sources = second.Sources[:1] }, told(),
			`Talks end.</span> <span class="event-sources">(<a href="/sources/t/">P</a>)`},
		{"a source's outlet, not told", func() { src.Source.Meta.Outlet = "Outlet renamed again" }, nil, "Outlet renamed again</a>"},
	} {
		round.change()
		renderShows(t, round.name, s, c, round.changes, "timeline/index.html", round.shown)
	}
}
