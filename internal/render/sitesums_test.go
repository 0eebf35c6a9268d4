package render

import (
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/view"
)

// TestListWritersCover holds siteSums' writers to every exported field of
// what the site's lists hold as the kinds that show them read them: each
// field of a filled claim, event and needed citation is changed in
// turn (a string, number or flag; a page
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

	// The notes' list, as cards: what a card shows changes a page's card
	// sum, and nothing else of a page does. A field added to view.Card
	// must be written by cardOf.
	if n := reflect.TypeFor[view.Card]().NumField(); n != 3 {
		t.Errorf("view.Card has %d fields; cardOf writes 3 (URL, Title, Summary)", n)
	}
	card := &resolve.Page{URL: "/notes/a/", Title: "A", Summary: "About A.", Slug: "a", Path: "notes/a/index.html"}
	before := cardOf(card)
	for _, tc := range []struct {
		name  string
		field *string
		shown bool
	}{
		{"URL", &card.URL, true}, {"Title", &card.Title, true}, {"Summary", &card.Summary, true},
		{"Slug", &card.Slug, false}, {"Path", &card.Path, false},
	} {
		was := *tc.field
		*tc.field += " changed"
		if changed := cardOf(card) != before; changed != tc.shown {
			t.Errorf("a card: %s changed, the sum changed %v; want %v", tc.name, changed, tc.shown)
		}
		*tc.field = was
	}
	for _, pair := range [][2][]*resolve.Page{{{pa, pb}, {pb, pa}}, {{pa}, {pa, nil}}, {{pa}, {pa, pa}}} {
		if sumOf(func(h *digest.Hasher) { cr.cardsOf(h, pair[0]) }) == sumOf(func(h *digest.Hasher) { cr.cardsOf(h, pair[1]) }) {
			t.Errorf("the notes' cards: %d and %d pages write the same sum", len(pair[0]), len(pair[1]))
		}
	}

	// The topics, as the list of topics shows them (view.TagEntry): each
	// one's name, address and number of notes, not which notes.
	if n := reflect.TypeFor[view.TagEntry]().NumField(); n != 3 {
		t.Errorf("view.TagEntry has %d fields; tagEntries writes 3 (Name, URL, Count)", n)
	}
	tag := &resolve.Tag{Name: "t", URL: "/tags/t/", Notes: []*resolve.Page{pa}}
	tags := func() digest.Sum { return sumOf(func(h *digest.Hasher) { tagEntries(h, []*resolve.Tag{tag, nil}) }) }
	before = tags()
	for _, tc := range []struct {
		name   string
		change func()
		shown  bool
	}{
		{"Name", func() { tag.Name = "u" }, true},
		{"URL", func() { tag.URL = "/tags/u/" }, true},
		{"Notes, one more", func() { tag.Notes = []*resolve.Page{pa, pb} }, true},
		{"Notes, none", func() { tag.Notes = nil }, true},
		{"Notes, another", func() { tag.Notes = []*resolve.Page{pb} }, false},
	} {
		was := *tag
		tc.change()
		if changed := tags() != before; changed != tc.shown {
			t.Errorf("the topics: %s, the sum changed %v; want %v", tc.name, changed, tc.shown)
		}
		*tag = was
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

// TestPlaceSums holds placeSumsOf and mentionSums to what a map of lists
// by page gives: each page's sums in the order of the items, a page named
// twice by an item twice, nil and pages not in the site left out; and
// same to comparing those lists kind by kind.
func TestPlaceSums(t *testing.T) {
	a, b := &resolve.Page{Slug: "a"}, &resolve.Page{Slug: "b"}
	c, gone := &resolve.Page{Slug: "c"}, &resolve.Page{Slug: "gone"}
	s := &resolve.Site{Notes: []*resolve.Page{a, b}, Sources: []*resolve.Page{c}}
	for _, tc := range []struct {
		name  string
		items []itemSum
	}{
		{"none", nil},
		{"naming nothing", []itemSum{{sum: digest.Sum{1}}}},
		{"one page each", []itemSum{{digest.Sum{1}, []*resolve.Page{a}}, {digest.Sum{2}, []*resolve.Page{c}}}},
		{"several, out of order, twice, nil and gone", []itemSum{
			{digest.Sum{1}, []*resolve.Page{c, a}},
			{digest.Sum{2}, []*resolve.Page{nil, c, c}},
			{digest.Sum{3}, []*resolve.Page{gone}},
			{digest.Sum{4}, []*resolve.Page{b, a, gone}},
			{digest.Sum{5}, []*resolve.Page{a}},
		}},
	} {
		want := map[*resolve.Page][]digest.Sum{}
		for _, it := range tc.items {
			for _, p := range it.named {
				if p != nil && p != gone {
					want[p] = append(want[p], it.sum)
				}
			}
		}
		pages := s.Pages()
		ps := placeSumsOf(s, len(pages), tc.items)
		for i, p := range pages {
			if got := ps.of(i); !slices.Equal(got, want[p]) {
				t.Errorf("%s: page %s (place %d) has %v; want %v", tc.name, p.Slug, i, got, want[p])
			}
		}
		for _, place := range []int{-1, len(pages)} {
			if got := ps.of(place); got != nil {
				t.Errorf("%s: place %d has %v; want none", tc.name, place, got)
			}
		}
	}

	// same, kind by kind.
	one := placeSumsOf(s, 3, []itemSum{{digest.Sum{1}, []*resolve.Page{a}}, {digest.Sum{2}, []*resolve.Page{a, b}}})
	swapped := placeSumsOf(s, 3, []itemSum{{digest.Sum{2}, []*resolve.Page{a, b}}, {digest.Sum{1}, []*resolve.Page{a}}})
	for _, tc := range []struct {
		name string
		m, o mentionSums
		same []bool // by place
	}{
		{"alike", mentionSums{one, swapped}, mentionSums{one, swapped}, []bool{true, true, true}},
		{"in another order", mentionSums{one}, mentionSums{swapped}, []bool{false, true, true}},
		{"in another kind", mentionSums{one}, mentionSums{{}, one}, []bool{false, false, true}},
		{"the last kind in another order", mentionSums{one, one, one}, mentionSums{one, one, swapped}, []bool{false, true, true}},
		{"against none", mentionSums{one}, mentionSums{}, []bool{false, false, true}},
	} {
		for place, want := range tc.same {
			if got := tc.m.same(&tc.o, place); got != want {
				t.Errorf("%s: same at place %d is %v; want %v", tc.name, place, got, want)
			}
		}
	}
}
