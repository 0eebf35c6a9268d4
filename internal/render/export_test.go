package render

import (
	"io/fs"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
)

// SetMinGarbage sets how much of the Cache's store must be pages no longer
// kept before they are left behind (see Cache.pageStore).
func (c *Cache) SetMinGarbage(n int64) { c.minGarbage = n }

// IndexFiles counts the files of the last search index the Cache keeps the
// paths of.
func (c *Cache) IndexFiles() int { return c.indexFiles() }

// CardListsKept counts the lists of cards whose HTML the Cache keeps.
func (c *Cache) CardListsKept() int { return len(c.cards) }

// EventSums returns the sums the Cache keeps of the last Render's events:
// by place in the site's events, and by the place of each one's note.
func (c *Cache) EventSums() (byPlace []digest.Sum, byNote [][]digest.Sum) {
	for _, it := range c.events.items {
		byPlace = append(byPlace, it.sum)
	}
	for _, sums := range c.eventSums {
		var note []digest.Sum
		for _, e := range sums {
			note = append(note, e.sum)
		}
		byNote = append(byNote, note)
	}
	return byPlace, byNote
}

// JobPlaces returns, for each page Render makes of site, the page it
// shows and the place pageJobs gave it.
func JobPlaces(site *resolve.Site) (pages []*resolve.Page, places []int) {
	r := &Renderer{site: site}
	for _, j := range r.pageJobs() {
		pages, places = append(pages, j.page), append(places, j.place)
	}
	return pages, places
}

// Recents returns what one Renderer of site gives as the n most recent
// notes, for each n in turn.
func Recents(site *resolve.Site, ns ...int) [][]*resolve.Page {
	r := &Renderer{site: site}
	var out [][]*resolve.Page
	for _, n := range ns {
		out = append(out, r.recent(n))
	}
	return out
}

// AllDefault reports whether every template of fsys is dossier's own,
// so that pages' long lists are spliced (see splice).
func AllDefault(fsys fs.FS) bool { return allDefault(fsys) }

// SpliceMin is the length from which a list is spliced.
const SpliceMin = spliceMin

// NotesSum returns the sum the Cache keeps of the last Render's notes'
// list, as cards (see notesSum),
// and how many of its runs of cards the last Render took again.
func (c *Cache) NotesSum() (digest.Sum, int) { return c.listSums["Notes"], c.noteCards.taken }

// SetSpareMin sets the length from which a page kept whole has a spare
// buffer (spareMin), and returns what sets it back.
func SetSpareMin(n int) (restore func()) {
	old := spareMin
	spareMin = n
	return func() { spareMin = old }
}

// SpareOf returns the spare buffer the Cache holds for the page at path.
func (c *Cache) SpareOf(path string) []byte {
	c.spares.mu.Lock()
	defer c.spares.mu.Unlock()
	return c.spares.bufs[path]
}
