package view

import (
	"maps"
	"slices"
	"sync"

	"github.com/dossier-site/dossier/internal/resolve"
)

// NoteIndex answers, for every note, which notes are related to it and
// which come before and after it in its first tag. It numbers the notes
// once, so that each question costs the size of the note's own tags and
// citations rather than the size of the site: asking every question of a
// site of n notes is then O(n) plus the sum of the squares of the tag sizes,
// where scanning every tag or note for each note would be O(n²)
// (BenchmarkRender/notes=10000).
type NoteIndex struct {
	notes   []*resolve.Page
	number  map[*resolve.Page]int
	members map[string][]int // tag name -> its notes' numbers, ascending (site order)
	// topics are the lists of notes members numbered, by tag name: a
	// topic whose list is the same slice has the same members.
	topics  map[string][]*resolve.Page
	citing  map[*resolve.Page][]int
	scratch sync.Pool // of *relatedScratch
	// citingID is the same for indexes that share their citing map
	// (NewNoteIndexFrom): a token, not the index, so that an index does
	// not hold the one before it.
	citingID *byte
}

// relatedScratch is related's working space, kept between calls: a note
// shares a source or tag with thousands of others on a large site, and
// allocating the list of them for each note was a tenth of the render
// stage's allocation (BenchmarkRender/notes=10000).
type relatedScratch struct {
	score   []int // one per note, all zero between calls
	touched []int // the notes given a score
}

func NewNoteIndex(s *resolve.Site) *NoteIndex {
	x := &NoteIndex{notes: s.Notes, number: make(map[*resolve.Page]int, len(s.Notes)),
		citing: make(map[*resolve.Page][]int, len(s.Sources)), citingID: new(byte)}
	for i, p := range s.Notes {
		x.number[p] = i
	}
	for _, src := range s.Sources {
		for _, c := range src.CitedBy {
			if i, ok := x.number[c.From]; ok {
				x.citing[src] = append(x.citing[src], i)
			}
		}
	}
	x.addMembers(s, nil)
	return x
}

// NewNoteIndexFrom is NewNoteIndex for a site whose pages cite the same
// sources, as many times, as when last was made (no link changed, as after
// an edit to front matter alone): when the notes are last's, in the same
// order, it takes last's numbering of them and their citations, and makes
// only the topics' members again, but for a topic whose list of notes is
// last's (the build keeps the topics an edit does not touch). Looking up
// every citing note took 16 ms of each front-matter edit at 10,000 notes,
// and numbering every topic's notes 0.7 ms, while every page waits.
func NewNoteIndexFrom(s *resolve.Site, last *NoteIndex) *NoteIndex {
	if last == nil || !slices.Equal(s.Notes, last.notes) {
		return NewNoteIndex(s)
	}
	x := &NoteIndex{notes: s.Notes, number: last.number, citing: last.citing, citingID: last.citingID}
	x.addMembers(s, last)
	return x
}

// addMembers numbers the notes of each topic, or takes last's numbers of
// a topic whose list of notes is the same slice (last numbers the notes
// the same).
func (x *NoteIndex) addMembers(s *resolve.Site, last *NoteIndex) {
	x.members = make(map[string][]int, len(s.Tags))
	x.topics = make(map[string][]*resolve.Page, len(s.Tags))
	for _, t := range s.Tags {
		x.topics[t.Name] = t.Notes
		if last != nil {
			if was, ok := last.topics[t.Name]; ok && sameSlice(was, t.Notes) {
				x.members[t.Name] = last.members[t.Name]
				continue
			}
		}
		m := make([]int, len(t.Notes))
		for i, p := range t.Notes {
			m[i] = x.number[p]
		}
		x.members[t.Name] = m
	}
}

// sameSlice reports whether a and b are the same slice: the same length,
// from the same place.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Same reports whether two indexes answer every question the same (for
// the render cache's checks: an index kept from the last build must equal
// a new one).
func (x *NoteIndex) Same(y *NoteIndex) bool {
	return slices.Equal(x.notes, y.notes) && maps.Equal(x.number, y.number) &&
		maps.EqualFunc(x.members, y.members, slices.Equal[[]int]) &&
		maps.EqualFunc(x.citing, y.citing, slices.Equal[[]int])
}

// Changed returns the notes whose related notes or neighbours may differ
// between last and x, indexes of the same notes in the same order: the
// notes of each tag whose notes changed, and of each source whose citing
// notes changed, before and after. It reports false when the notes differ,
// and then any note's may. A note's own tags and references are its own
// (Related reads them from the note): the caller knows when they changed.
func (x *NoteIndex) Changed(last *NoteIndex) (map[*resolve.Page]bool, bool) {
	if !slices.Equal(x.notes, last.notes) {
		return nil, false
	}
	changed := map[*resolve.Page]bool{}
	mark := func(a, b []int) {
		if sameSlice(a, b) || slices.Equal(a, b) {
			return
		}
		for _, i := range a {
			changed[x.notes[i]] = true
		}
		for _, i := range b {
			changed[x.notes[i]] = true
		}
	}
	for t, m := range x.members {
		mark(m, last.members[t])
	}
	for t, m := range last.members {
		if _, ok := x.members[t]; !ok {
			mark(nil, m)
		}
	}
	if x.citingID == last.citingID {
		return changed, true // last's citing notes, the same map
	}
	for s, c := range x.citing {
		mark(c, last.citing[s])
	}
	for s, c := range last.citing {
		if _, ok := x.citing[s]; !ok {
			mark(nil, c)
		}
	}
	return changed, true
}

// Neighbours returns the notes before and after p in the tag's list.
func (x *NoteIndex) Neighbours(p *resolve.Page, tag string) (prev, next *resolve.Page) {
	m := x.members[tag]
	i, found := slices.BinarySearch(m, x.number[p])
	if !found {
		return nil, nil
	}
	if i > 0 {
		prev = x.notes[m[i-1]]
	}
	if i+1 < len(m) {
		next = x.notes[m[i+1]]
	}
	return prev, next
}

// Related returns up to n other notes that share sources or tags with p,
// the most shared first (each citation of one of p's sources by another
// note counts 1, each shared tag 2), in site order among equals. It is
// safe to call from several goroutines at once.
func (x *NoteIndex) Related(p *resolve.Page, n int) []*resolve.Page {
	sc, _ := x.scratch.Get().(*relatedScratch)
	if sc == nil {
		sc = &relatedScratch{score: make([]int, len(x.notes))}
	}
	defer x.scratch.Put(sc) // score left all zero, below
	score, touched := sc.score, sc.touched[:0]
	self := x.number[p]
	add := func(i, w int) {
		if i == self {
			return
		}
		if score[i] == 0 {
			touched = append(touched, i)
		}
		score[i] += w
	}
	for _, ref := range p.References {
		for _, i := range x.citing[ref.Source] {
			add(i, 1)
		}
	}
	for k, t := range p.Note.Meta.Tags {
		if slices.Contains(p.Note.Meta.Tags[:k], t) {
			continue // a tag named twice is shared once
		}
		for _, i := range x.members[t] {
			add(i, 2)
		}
	}
	// The best n, kept in order by insertion: n is small.
	best := make([]int, 0, n+1)
	for _, i := range touched {
		k := len(best)
		for k > 0 && (score[best[k-1]] < score[i] || score[best[k-1]] == score[i] && best[k-1] > i) {
			k--
		}
		if k < n {
			best = slices.Insert(best, k, i)
			best = best[:min(len(best), n)]
		}
	}
	out := make([]*resolve.Page, len(best))
	for k, i := range best {
		out[k] = x.notes[i]
	}
	for _, i := range touched {
		score[i] = 0
	}
	sc.touched = touched
	return out
}
