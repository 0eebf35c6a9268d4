package view

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestNoteIndexChanged edits a few notes' tags or citations at random (as
// builds that failed between two renders do) and
// checks that every other note whose related notes or neighbours in its
// first topic differ between the indexes before and after is among those
// Changed names.
func TestNoteIndexChanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tags := []string{"a", "b", "c", "d"}
	for round := range 200 {
		notes := make([]*resolve.Page, 12)
		sources := make([]*resolve.Page, 4)
		for i := range sources {
			sources[i] = &resolve.Page{Kind: resolve.KindSource, Slug: fmt.Sprint("s", i)}
		}
		for i := range notes {
			notes[i] = &resolve.Page{Kind: resolve.KindNote, Slug: fmt.Sprint("n", i), Note: &content.Note{}}
		}
		randomize := func(p *resolve.Page) {
			p.Note.Meta.Tags, p.References = nil, nil
			for _, tg := range tags {
				if rng.IntN(3) == 0 {
					p.Note.Meta.Tags = append(p.Note.Meta.Tags, tg)
				}
			}
			for _, s := range sources {
				if rng.IntN(3) == 0 {
					p.References = append(p.References, &resolve.Reference{Source: s})
				}
			}
		}
		for _, p := range notes {
			randomize(p)
		}
		site := func() *resolve.Site {
			s := &resolve.Site{Notes: notes, Sources: sources}
			for _, tg := range tags {
				tag := &resolve.Tag{Name: tg}
				for _, p := range notes {
					if slices.Contains(p.Note.Meta.Tags, tg) {
						tag.Notes = append(tag.Notes, p)
					}
				}
				if len(tag.Notes) > 0 {
					s.Tags = append(s.Tags, tag)
				}
			}
			for _, src := range sources {
				src.CitedBy = nil
				for _, p := range notes {
					if slices.ContainsFunc(p.References, func(r *resolve.Reference) bool { return r.Source == src }) {
						src.CitedBy = append(src.CitedBy, &resolve.Citing{From: p})
					}
				}
			}
			return s
		}
		type answer struct {
			related    []*resolve.Page
			prev, next *resolve.Page
		}
		answers := func(x *NoteIndex) map[*resolve.Page]answer {
			out := map[*resolve.Page]answer{}
			for _, p := range notes {
				a := answer{related: x.Related(p, 5)}
				if len(p.Note.Meta.Tags) > 0 {
					a.prev, a.next = x.Neighbours(p, p.Note.Meta.Tags[0])
				}
				out[p] = a
			}
			return out
		}
		last := NewNoteIndex(site())
		before := answers(last)
		edited := map[*resolve.Page]bool{}
		for range 1 + rng.IntN(3) {
			p := notes[rng.IntN(len(notes))]
			edited[p] = true
			randomize(p)
		}
		x := NewNoteIndex(site())
		after := answers(x)
		changed, ok := x.Changed(last)
		if !ok {
			t.Fatalf("round %d: the same notes read as different", round)
		}
		for _, p := range notes {
			b, a := before[p], after[p]
			if !edited[p] && !changed[p] && (!slices.Equal(b.related, a.related) || b.prev != a.prev || b.next != a.next) {
				t.Errorf("round %d: %s's related notes or neighbours changed when others were edited, and Changed does not name it", round, p.Slug)
			}
		}
	}
	a := NewNoteIndex(&resolve.Site{Notes: []*resolve.Page{{Slug: "x"}}})
	if _, ok := a.Changed(NewNoteIndex(&resolve.Site{})); ok {
		t.Error("indexes of different notes read as comparable")
	}
}

// TestNoteIndexFrom makes the index of a site whose notes' topics changed
// but whose citations did not from the last index, and checks that it is
// the index NewNoteIndex makes, that the last one is left as it was, and
// that an index of other notes is made afresh.
func TestNoteIndexFrom(t *testing.T) {
	src := &resolve.Page{Kind: resolve.KindSource, Slug: "s"}
	notes := make([]*resolve.Page, 6)
	for i := range notes {
		notes[i] = &resolve.Page{Kind: resolve.KindNote, Slug: fmt.Sprint("n", i), Note: &content.Note{}}
		if i%2 == 0 {
			src.CitedBy = append(src.CitedBy, &resolve.Citing{From: notes[i]})
		}
	}
	site := func(notes []*resolve.Page, tagged ...int) *resolve.Site {
		tag := &resolve.Tag{Name: "t"}
		for _, i := range tagged {
			tag.Notes = append(tag.Notes, notes[i])
		}
		return &resolve.Site{Notes: notes, Sources: []*resolve.Page{src}, Tags: []*resolve.Tag{tag}}
	}
	last := NewNoteIndex(site(notes, 0, 1))
	kept := NewNoteIndex(site(notes, 0, 1))
	for _, tc := range []struct {
		name string
		site *resolve.Site
	}{
		{"topics changed", site(notes, 1, 2, 5)},
		{"the same", site(notes, 0, 1)},
		{"other notes", site(notes[:4], 1)},
		{"notes in another order", site([]*resolve.Page{notes[1], notes[0], notes[2], notes[3], notes[4], notes[5]}, 0, 1)},
	} {
		got := NewNoteIndexFrom(tc.site, last)
		if want := NewNoteIndex(tc.site); !got.Same(want) {
			t.Errorf("%s: the index made from the last differs from a new one", tc.name)
		}
		if !last.Same(kept) {
			t.Fatalf("%s: the last index was changed", tc.name)
		}
	}
	if got := NewNoteIndexFrom(site(notes, 3), nil); !got.Same(NewNoteIndex(site(notes, 3))) {
		t.Error("an index made from no last index differs from a new one")
	}
}

// TestNoteIndexSame checks that Same tells apart indexes that differ in
// any of what they hold: the notes, their order, a topic's members, a
// source's citing notes.
func TestNoteIndexSame(t *testing.T) {
	src := &resolve.Page{Kind: resolve.KindSource, Slug: "s"}
	notes := make([]*resolve.Page, 3)
	for i := range notes {
		notes[i] = &resolve.Page{Kind: resolve.KindNote, Slug: fmt.Sprint("n", i), Note: &content.Note{}}
	}
	// index makes the index of a site of notes, of which the one at cited
	// cites the source, and those at tagged are in a topic.
	index := func(notes []*resolve.Page, cited int, tagged ...int) *NoteIndex {
		tag := &resolve.Tag{Name: "t"}
		for _, i := range tagged {
			tag.Notes = append(tag.Notes, notes[i])
		}
		src.CitedBy = []*resolve.Citing{{From: notes[cited]}}
		return NewNoteIndex(&resolve.Site{Notes: notes, Sources: []*resolve.Page{src}, Tags: []*resolve.Tag{tag}})
	}
	base := index(notes, 0, 0, 1)
	if !base.Same(index(notes, 0, 0, 1)) {
		t.Error("two indexes of the same site differ")
	}
	for _, tc := range []struct {
		name string
		x    *NoteIndex
	}{
		{"fewer notes", index(notes[:2], 0, 0, 1)},
		{"notes reordered", index([]*resolve.Page{notes[1], notes[0], notes[2]}, 0, 0, 1)},
		{"a topic's members", index(notes, 0, 0, 2)},
		{"citing notes", index(notes, 2, 0, 1)},
	} {
		if base.Same(tc.x) {
			t.Errorf("%s: the indexes are the same", tc.name)
		}
	}
}

// TestNoteIndexKeepsTopics makes the index of a site that keeps one topic's
// list of notes (the same slice) and makes the other's again, from the
// last index: the kept topic's numbers are the last index's own, the index
// is the one NewNoteIndex makes, and Changed names the notes of the topic
// made again, before and after, and no others (the citations, taken from
// the last index, are not compared).
func TestNoteIndexKeepsTopics(t *testing.T) {
	src := &resolve.Page{Kind: resolve.KindSource, Slug: "s"}
	notes := make([]*resolve.Page, 6)
	for i := range notes {
		notes[i] = &resolve.Page{Kind: resolve.KindNote, Slug: fmt.Sprint("n", i), Note: &content.Note{}}
	}
	src.CitedBy = []*resolve.Citing{{From: notes[0]}, {From: notes[5]}}
	kept := &resolve.Tag{Name: "kept", Notes: []*resolve.Page{notes[0], notes[1]}}
	last := NewNoteIndex(&resolve.Site{Notes: notes, Sources: []*resolve.Page{src},
		Tags: []*resolve.Tag{kept, {Name: "made", Notes: []*resolve.Page{notes[2], notes[3]}}}})
	site := &resolve.Site{Notes: notes, Sources: []*resolve.Page{src},
		Tags: []*resolve.Tag{kept, {Name: "made", Notes: []*resolve.Page{notes[2], notes[4]}}}}
	x := NewNoteIndexFrom(site, last)
	if !x.Same(NewNoteIndex(site)) {
		t.Fatal("the index made from the last differs from a new one")
	}
	if !sameSlice(x.members["kept"], last.members["kept"]) {
		t.Error("the kept topic's notes were numbered again")
	}
	if sameSlice(x.members["made"], last.members["made"]) {
		t.Error("the topic made again kept the last numbers")
	}
	changed, ok := x.Changed(last)
	var names []string
	for _, p := range notes {
		if changed[p] {
			names = append(names, p.Slug)
		}
	}
	if !ok || fmt.Sprint(names) != "[n2 n3 n4]" {
		t.Errorf("Changed names %v, %v; want [n2 n3 n4], true", names, ok)
	}
}
