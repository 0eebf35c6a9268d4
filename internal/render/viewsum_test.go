package render

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/view"
)

// TestViewSumCards holds the view sums of pages that list cards, whose
// cards' sums a Cache keeps by place (cardSumsOf), to the sums a Render
// without them takes: after each change of a list, the sum is the fresh
// one, it differs from the last exactly when the list does, and the view
// value keeps its cards.
func TestViewSumCards(t *testing.T) {
	r := &Renderer{site: &resolve.Site{BasePath: "/", Origin: "https://example.org"}}
	c := &Cache{}
	cards := make([]view.Card, 6)
	for i := range cards {
		cards[i] = view.Card{URL: fmt.Sprintf("/notes/n%d/", i), Title: fmt.Sprintf("Note %d", i), Summary: fmt.Sprintf("About %d.", i)}
	}
	pages := []struct {
		path string
		view func(cards []view.Card) *view.Page
	}{
		{"index.html", func(cards []view.Card) *view.Page { return &view.Page{Home: &view.Home{Notes: cards}} }},
		{"tags/t/index.html", func(cards []view.Card) *view.Page { return &view.Page{Tag: &view.Tag{Name: "t", Notes: cards}} }},
		{"notes/f/index.html", func(cards []view.Card) *view.Page {
			return &view.Page{Folder: &view.Folder{Subfolders: cards[:1], Members: cards[1:]}}
		}},
	}
	// sum takes the view sum of list on each page, through c when kept, and
	// checks that the view values keep their cards.
	sum := func(list []view.Card, kept bool) []viewSum {
		cr := &cacheRun{c: &Cache{}, r: r}
		if kept {
			cr.c = c
		}
		var out []viewSum
		for _, p := range pages {
			v := p.view(list)
			out = append(out, cr.viewSum(job{path: p.path, cacheable: true}, "x.html", v))
			if got := cardSlots(p.path, v); len(got) == 0 || *got[0].cards == nil {
				t.Fatalf("%s: the view value lost its cards", p.path)
			}
		}
		if kept {
			c.cardSums = keepByPage(c.cardSums, cr.cardSums, nil)
		}
		return out
	}
	last := sum(cards, true)
	changed := func(f func(cs []view.Card) []view.Card) []view.Card { return f(slices.Clone(cards)) }
	for _, tc := range []struct {
		name string
		list []view.Card
		same bool
	}{
		{"the same cards", changed(func(cs []view.Card) []view.Card { return cs }), true},
		{"a title", changed(func(cs []view.Card) []view.Card { cs[2].Title = "Retitled"; return cs }), false},
		{"a summary", changed(func(cs []view.Card) []view.Card { cs[5].Summary = ""; return cs }), false},
		{"an address", changed(func(cs []view.Card) []view.Card { cs[0].URL = "/notes/moved/"; return cs }), false},
		{"two swapped", changed(func(cs []view.Card) []view.Card { cs[3], cs[4] = cs[4], cs[3]; return cs }), false},
		{"one fewer", changed(func(cs []view.Card) []view.Card { return cs[:5] }), false},
		{"one more", changed(func(cs []view.Card) []view.Card { return append(cs, view.Card{URL: "/notes/new/", Title: "New"}) }), false},
		{"back as they were", changed(func(cs []view.Card) []view.Card { return cs }), false},
	} {
		got, fresh := sum(tc.list, true), sum(tc.list, false)
		for i, p := range pages {
			if got[i] != fresh[i] {
				t.Errorf("%s, %s: the sum through the kept cards' sums differs from a fresh one", tc.name, p.path)
			}
			if (got[i] == last[i]) != tc.same {
				t.Errorf("%s, %s: the same sum as before %v; want %v", tc.name, p.path, got[i] == last[i], tc.same)
			}
		}
		last = got
	}
}
