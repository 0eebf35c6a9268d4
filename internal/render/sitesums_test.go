package render

import (
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestListWritersCover holds siteSums' writers to every exported field of
// what the site's lists hold: each field of a filled claim, event, needed
// citation and topic is changed in turn (a string, number or flag; a page
// named to another page; a list made longer or empty; a pointer made nil),
// and the written sum must change, and come back when the field does.
func TestListWritersCover(t *testing.T) {
	c, cr := newCoverer(t)
	pa, pb := c.pa, c.pb

	for _, tc := range []struct {
		name  string
		value any // a pointer to the item
		write func(h *digest.Hasher, item any)
	}{
		{"Claim", &resolve.Claim{}, func(h *digest.Hasher, item any) { cr.claim(h, item.(*resolve.Claim)) }},
		{"Event", &resolve.Event{}, func(h *digest.Hasher, item any) { cr.event(h, item.(*resolve.Event)) }},
		{"Needed", &resolve.Needed{}, func(h *digest.Hasher, item any) { cr.needed(h, item.(*resolve.Needed)) }},
		{"Tag", &resolve.Tag{}, func(h *digest.Hasher, item any) { cr.tag(h, item.(*resolve.Tag)) }},
	} {
		fields := c.covers(tc.name, tc.value, func() digest.Sum {
			var h digest.Hasher
			tc.write(&h, tc.value)
			return h.Sum()
		})
		if fields < 3 {
			t.Errorf("%s: %d fields changed", tc.name, fields)
		}
	}

	// The aliases, and the lists of pages, by their order and their pages.
	sumOf := func(write func(h *digest.Hasher)) digest.Sum {
		var h digest.Hasher
		write(&h)
		return h.Sum()
	}
	for _, pair := range [][2]func(h *digest.Hasher){
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pb}) }},
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"y": pa}) }},
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa, "y": pa}) }},
		{func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa, pb}) }, func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pb, pa}) }},
		{func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa}) }, func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa, nil}) }},
	} {
		if sumOf(pair[0]) == sumOf(pair[1]) {
			t.Error("two different lists write the same sum")
		}
	}
}

// TestPageSet adds pages, some again, past the size at which the set
// makes a map, to sets sized for few and for many: each is listed once, in the order first added.
func TestPageSet(t *testing.T) {
	pages := make([]*resolve.Page, 3*smallPageSet)
	for i := range pages {
		pages[i] = &resolve.Page{}
	}
	for _, hint := range []int{0, 3, 2 * smallPageSet} {
		s := newPageSet(hint)
		var want []*resolve.Page
		for i, p := range pages {
			s.add(p)
			want = append(want, p)
			s.add(pages[i/2]) // added before
			s.add(p)
		}
		if !slices.Equal(s.list, want) {
			t.Errorf("sized for %d: the set lists %d pages; want the %d added, each once, in order", hint, len(s.list), len(want))
		}
	}
}
