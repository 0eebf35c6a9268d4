package render_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/view"
)

// TestCardsKept renders a site whose home page and topic list cards, whose
// HTML a Cache keeps, then again after edits of notes'
// titles and summaries (in place, with Changes naming the note, as the
// build tells them): every page must read as a render without a cache
// writes it (the home page and the topic among them), the home page
// showing the card as edited. Then a site without the topic is rendered
// through the same Cache, which must let go of the topic's list.
func TestCardsKept(t *testing.T) {
	const notes = 5
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Cards\n")}}
	for i := range notes {
		site[fmt.Sprintf("content/notes/n%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %d\nsummary: About %d & more.\ntags: [t]\n---\nN. {no citation}\n", i, i)}
	}
	s, c := cachedSite(t, site)
	if got := c.CardListsKept(); got != 2 {
		t.Fatalf("the Cache keeps %d lists of cards; want 2, the home page's and the topic's", got)
	}
	for i, at := range []int{0, 1, notes / 2, notes - 1, 0, notes - 1} {
		p := s.Notes[at]
		shows := ""
		if i%2 == 0 {
			p.Title = fmt.Sprintf("Title <%d>", i)
			shows = fmt.Sprintf(`<a href="%s">%s</a>`, p.URL, view.Text(p.Title))
		} else {
			p.Summary = fmt.Sprintf("Summary \"%d\"", i)
			shows = fmt.Sprintf("<p>%s</p>", view.Text(p.Summary))
		}
		changes := &render.Changes{Pages: map[*resolve.Page]bool{p: true}, Lists: true, Fronts: map[*resolve.Page]bool{p: true}}
		renderShows(t, fmt.Sprintf("edit %d", i), s, c, changes, "index.html", shows)
	}

	for i := range notes {
		name := fmt.Sprintf("content/notes/n%03d.md", i)
		site[name] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %d\n---\nN. {no citation}\n", i)}
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site without the topic does not build: %v", res.Diagnostics)
	}
	diags := &diag.List{}
	render.Render(res.Site, render.Options{Templates: dossier.Templates(), Cache: c}, diags)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := c.CardListsKept(); got != 1 {
		t.Errorf("the Cache keeps %d lists of cards once the topic is gone; want 1, the home page's", got)
	}
}

// TestSitemapKept renders a site through a Cache, then again after the
// date of a note, of the first, middle and last of its notes in turn,
// changes (in place, with Changes naming the note): the sitemap, whose
// url elements the Cache keeps, must read as a render without a cache
// writes it, with the note's new date.
func TestSitemapKept(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Map\nbase_url: https://example.org/map/\n")}}
	const notes = 5
	for i := range notes {
		site[fmt.Sprintf("content/notes/n%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %d\npublished: 2026-01-0%d\n---\nN. {no citation}\n", i, i+1)}
	}
	s, c := cachedSite(t, site)
	for day, at := range []int{0, notes / 2, notes - 1} {
		p := s.Notes[at]
		p.Note.Meta.Published.Day = 20 + day
		changes := &render.Changes{Pages: map[*resolve.Page]bool{p: true}, Lists: true, Fronts: map[*resolve.Page]bool{p: true}}
		renderShows(t, fmt.Sprintf("note %d", at), s, c, changes, "sitemap.xml",
			fmt.Sprintf("<loc>https://example.org/map/notes/%s/</loc>\n  <lastmod>2026-01-%d</lastmod>", p.Slug, 20+day))
	}
}
