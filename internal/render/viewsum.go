package render

import (
	"encoding/binary"
	"hash/maphash"
	"sync"

	"github.com/dossier-site/dossier/internal/view"
)

// viewSum fingerprints a page's view value as its template receives it
// (header and footer filled in), with the name of the template and what
// else the template's output depends on: the templates and the asset names
// (the Render's global key), and the site's base path and origin, which the
// functions url and abs read. The zero viewSum is that of no page.
//
// A page's key (cacheRun.key) counts more than the page shows: every page
// it names by its whole surface, the site's lists whole. When the key
// changed but the viewSum did not, the page is the one the last Render
// wrote: the template reads nothing but its view value (view.Page holds
// plain values only, and view.Page.Hash writes every field of them, which
// TestHashCoversPage holds it to), and the functions read only what the
// sum counts besides. So a note whose neighbour's summary changed,
// which shows that neighbour only by its title, is not executed again, nor
// is the list of claims when a note's front matter changed but not its
// claims.
//
// The fingerprint is two 64-bit hash/maphash sums under two seeds drawn
// once per process (a Cache lives in one process): ten times as fast as
// SHA-256 (10 GB/s against 1.2 on this machine), since every page the
// preview renders is fingerprinted, 400 MB of them at 10,000 notes in the
// first build.
type viewSum [16]byte

// viewSeeds are the seeds of the two sums of every viewSum.
var viewSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// viewHasher writes to the two hashes of a viewSum at once.
type viewHasher struct{ a, b maphash.Hash }

func (h *viewHasher) Write(p []byte) (int, error) {
	h.a.Write(p)
	return h.b.Write(p)
}

// WriteString writes s to both hashes, without a copy (view.Page.Hash
// writes long strings this way).
func (h *viewHasher) WriteString(s string) (int, error) {
	h.a.WriteString(s)
	return h.b.WriteString(s)
}

// viewHashers are the hashers viewSum uses, reused.
var viewHashers = sync.Pool{New: func() any {
	h := new(viewHasher)
	h.a.SetSeed(viewSeeds[0])
	h.b.SetSeed(viewSeeds[1])
	return h
}}

// viewSum returns the fingerprint of the view value v of a cacheable
// page, whose template is name; the zero viewSum, which matches no page,
// when cr is nil or the page is not cacheable.
func (cr *cacheRun) viewSum(j job, name string, v *view.Page) viewSum {
	var sum viewSum
	if cr == nil || !j.cacheable {
		return sum
	}
	h := viewHashers.Get().(*viewHasher)
	defer viewHashers.Put(h)
	h.a.Reset()
	h.b.Reset()
	h.Write(cr.global[:])
	var b []byte
	for _, s := range []string{name, cr.r.site.BasePath, cr.r.site.Origin} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	h.Write(b)
	// The lists of cards are written by their cards' sums, taken again
	// only for the cards not at the same place in the last Render's list
	// (cardSumsOf): at 10,000 notes the home page's 10,000 cards, their
	// strings read one after the other, took 4 ms of every title edit,
	// for one card changed. Hash writes the rest.
	slots := cardSlots(j.path, v)
	held := make([][]view.Card, len(slots))
	for i, sl := range slots {
		held[i], *sl.cards = *sl.cards, nil
	}
	v.Hash(h)
	for i, sl := range slots {
		*sl.cards = held[i]
		sums := cr.cardSumsOf(sl.key, held[i])
		b = binary.AppendUvarint(b[:0], uint64(len(sums)))
		h.Write(b)
		for _, s := range sums {
			h.Write(s[:])
		}
	}
	binary.LittleEndian.PutUint64(sum[:8], h.a.Sum64())
	binary.LittleEndian.PutUint64(sum[8:], h.b.Sum64())
	return sum
}

// sameView returns the page cached at place i when its view value's
// fingerprint is sum (see viewSum), with its asset addresses swapped when
// they changed, and keeps it under the job's new key.
func (cr *cacheRun) sameView(i int, j job, key pageKey, sum viewSum) (File, bool) {
	if cr == nil || !j.cacheable || sum == (viewSum{}) {
		return File{}, false
	}
	old := cr.cached(i, j.path) // written in place only by this job
	if !old.ok || old.view != sum {
		return File{}, false
	}
	kept := old.kept
	if cr.remap != nil {
		var err error
		if kept, err = cr.remapped(kept, cr.remap); err != nil {
			return File{}, false
		}
	}
	cr.next[i] = cachedPage{key: key.sum, kept: kept, ok: true, view: sum, deps: key.deps}
	cr.reused.Add(1)
	cr.mu.Lock()
	cr.same = append(cr.same, j.path)
	cr.mu.Unlock()
	return kept, true
}

// cardSlot is a list of cards of a view value, and the key its sums are
// kept by: the page's path and the list's field.
type cardSlot struct {
	key   string
	cards *[]view.Card
}

// cardSlots returns the lists of cards of v, the view value of the page at
// path, in a fixed order.
func cardSlots(path string, v *view.Page) []cardSlot {
	var out []cardSlot
	if v.Home != nil {
		out = append(out, cardSlot{path + "\x00Notes", &v.Home.Notes})
	}
	if v.Tag != nil {
		out = append(out, cardSlot{path + "\x00Notes", &v.Tag.Notes})
	}
	if f := v.Folder; f != nil {
		out = append(out, cardSlot{path + "\x00Subfolders", &f.Subfolders}, cardSlot{path + "\x00Members", &f.Members})
	}
	return out
}

// cardSumList is a list of cards and each card's sum (cardSum).
type cardSumList struct {
	cards []view.Card
	sums  [][16]byte
}

// cardSumsOf returns the sums of cards (cardSum), the list kept by key, each
// as the last Render took it for the same card at the same place, when it
// did; compared in one pass, the cards' strings the same as the last
// Render's are not read.
func (cr *cacheRun) cardSumsOf(key string, cards []view.Card) [][16]byte {
	last := cr.c.cardSums[key] // read only until finish
	list := cardSumList{cards: cards, sums: byPlace(cards, last.cards, last.sums, cardSum)}
	cr.mu.Lock()
	if cr.cardSums == nil {
		cr.cardSums = map[string]cardSumList{}
	}
	cr.cardSums[key] = list
	cr.mu.Unlock()
	return list.sums
}

// cardSum fingerprints a card: its address, title and summary, each with
// its length, under the two seeds of every viewSum.
func cardSum(c view.Card) [16]byte {
	var h viewHasher
	h.a.SetSeed(viewSeeds[0])
	h.b.SetSeed(viewSeeds[1])
	var b []byte
	for _, s := range []string{c.URL, c.Title, c.Summary} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	h.Write(b)
	var sum [16]byte
	binary.LittleEndian.PutUint64(sum[:8], h.a.Sum64())
	binary.LittleEndian.PutUint64(sum[8:], h.b.Sum64())
	return sum
}
