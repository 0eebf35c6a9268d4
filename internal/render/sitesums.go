package render

import (
	"runtime"
	"slices"
	"sync"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
)

// siteLists are the fields of resolve.Site that list pages, or things on
// pages; each counts only for the kinds that show it (view.Kind.Lists),
// as they show it: the notes as cards, the topics as entries of the list
// of topics, the others in full (see siteSums). Of
// the things on pages (Claims, Events, Needed), each page's key also counts
// those that name the page: its claims and events (a note's JSON-LD reviews
// its own claims). Every other field of Site counts for every page.
var siteLists = []string{"Notes", "Sources", "Standalone", "Folders", "Tags", "Aliases", "Claims", "Events", "Needed"}

// siteSums fingerprints the site for the pages' keys: each of its lists
// that some kind of page shows (listSums), everything else (sitePart), and
// for each page the things on pages that name it (mentions).
//
// The lists are written field by field (see the writers below), not walked
// by reflection, which took 40 ms of every front-matter edit at 10,000
// notes: every exported field of each item, and a page it names by what a
// page shows of another (surface). TestListWritersCover changes each field
// in turn. The rest of the Site (its configuration, base URL, navigation
// and published files) is small, and written by sitePartOf.
func (cr *cacheRun) siteSums() {
	s := cr.r.site
	cr.fillSurfaces()
	cr.listSums = make(map[string]digest.Sum, len(siteLists))
	shown := map[string]bool{} // the lists some kind of page shows
	for _, lists := range cr.wholeSite {
		for _, name := range lists {
			shown[name] = true
		}
	}

	var part digest.Hasher
	cr.sitePartOf(&part, s)
	cr.sitePart = part.Sum()

	// Each kind of thing on pages, summed in a goroutine of its own (at
	// 10,000 notes, some 6,000 events and as many claims: most of the
	// time siteSums takes, which every key waits for): each thing for
	// the pages it names, and the list of them for the pages that show
	// it.
	//
	// A claim is kept from one build to the next while its note's result
	// is (the same *Claim): its sum is the last Render's (claimSums) when
	// no page it names changed its surface since (Changes.Fronts), which
	// skips most of the 6,000 claims' sums of a front-matter edit.
	//
	// Events are made again from front matter on each such edit: an
	// event's sum is the last Render's (eventSums) for the same event of
	// the same note (its nth in the site's order, by date), when the
	// event holds the same date, text and sources, and no page it names
	// changed its surface since. The last Render's sums are found by the
	// note's place, which is the same: the Render knows the site
	// (cr.known), which is the last one or one begun again around the
	// same pages in the same order.
	//
	// When the build says the events are the last site's
	// (Changes.EventsKept), their sums are the last Render's by place in
	// the list, but for the events of the notes in Fronts (see
	// keptEventSums): looking at each of 6,000 events, as above, was the
	// longest part of siteSums at 10,000 notes (2 to 3 ms of each
	// front-matter edit, while every key waits).
	pages := s.Pages()
	lastClaims, lastEvents := map[*resolve.Claim]itemSum(nil), [][]eventSum(nil)
	if cr.known {
		lastClaims, lastEvents = cr.c.claimSums, cr.c.eventSums
	}
	cr.claimSums = make(map[*resolve.Claim]itemSum, len(s.Claims))
	cr.eventSums = make([][]eventSum, len(pages))
	kept, redo, redone := cr.keptEventSums(s, len(pages))
	if kept != nil {
		cr.eventsRedo = redo
	}
	event := -1 // the place of the note of the event reuse looked at, for keep
	changed := func(named []*resolve.Page) bool { return cr.rebegun && cr.anyFront(named) }
	kinds := [mentionKinds]struct {
		name  string
		n     int
		write func(h *digest.Hasher, i int) []*resolve.Page
		// reuse returns item i's sum and the pages it names when they
		// are known to hold; keep notes them for the next Render.
		reuse func(i int) (itemSum, bool)
		keep  func(i int, sum itemSum)
		// done is given the items' sums once they are all taken.
		done func(items []itemSum)
	}{
		{"Claims", len(s.Claims), func(h *digest.Hasher, i int) []*resolve.Page { return cr.claim(h, s.Claims[i]) },
			func(i int) (itemSum, bool) {
				last, ok := lastClaims[s.Claims[i]]
				if !ok || changed(last.named) {
					return itemSum{}, false
				}
				return last, true
			},
			func(i int, sum itemSum) { cr.claimSums[s.Claims[i]] = sum }, nil},
		{"Events", len(s.Events), func(h *digest.Hasher, i int) []*resolve.Page { return cr.event(h, s.Events[i]) },
			func(i int) (itemSum, bool) {
				if kept != nil {
					return kept[i], !redo[i]
				}
				e := s.Events[i]
				event = s.Place(e.Note)
				if event < 0 || event >= len(lastEvents) {
					return itemSum{}, false
				}
				nth, last := len(cr.eventSums[event]), lastEvents[event]
				if nth >= len(last) || !last[nth].holds(e) || changed(last[nth].named) {
					return itemSum{}, false
				}
				return last[nth].itemSum, true
			},
			func(i int, sum itemSum) {
				if kept != nil {
					return // by note in done
				}
				if e := s.Events[i]; event >= 0 {
					cr.eventSums[event] = append(cr.eventSums[event], eventSum{sum, e.Date, e.Text})
				}
			},
			func(items []itemSum) {
				cr.events = keptEvents{s.Events, items}
				if kept == nil {
					return
				}
				// The last Render's by note, but for the notes whose
				// events were taken again.
				cr.eventSums = slices.Clone(lastEvents)
				for _, p := range redone {
					events := s.NoteEvents(p)
					sums := make([]eventSum, len(events))
					for n, e := range events {
						sums[n] = eventSum{items[e.Place()], e.Date, e.Text}
					}
					cr.eventSums[s.Place(p)] = sums
				}
			}},
		{"Needed", len(s.Needed), func(h *digest.Hasher, i int) []*resolve.Page { return cr.needed(h, s.Needed[i]) }, nil, nil, nil},
	}
	var wholes [len(kinds)]digest.Sum
	var wg sync.WaitGroup
	for k, kind := range kinds {
		wg.Go(func() {
			var whole, h digest.Hasher
			items := make([]itemSum, kind.n)
			whole.AddInt(kind.n)
			for i := range kind.n {
				item, ok := itemSum{}, false
				if kind.reuse != nil {
					item, ok = kind.reuse(i)
				}
				if !ok {
					h.Reset()
					h.AddString(kind.name)
					item.named = kind.write(&h, i)
					item.sum = h.Sum()
				}
				if kind.keep != nil {
					kind.keep(i, item)
				}
				whole.AddSum(item.sum)
				items[i] = item
			}
			wholes[k] = whole.Sum()
			cr.mentions[k] = placeSumsOf(s, len(pages), items)
			if kind.done != nil {
				kind.done(items)
			}
		})
	}
	// The site's lists meanwhile, in this goroutine.
	list := func(name string, write func(h *digest.Hasher)) {
		if shown[name] {
			var h digest.Hasher
			write(&h)
			cr.listSums[name] = h.Sum()
		}
	}
	if shown["Notes"] {
		cr.listSums["Notes"] = cr.notesSum(s.Notes)
	}
	list("Sources", func(h *digest.Hasher) { cr.pageList(h, s.Sources) })
	list("Standalone", func(h *digest.Hasher) { cr.pageList(h, s.Standalone) })
	list("Folders", func(h *digest.Hasher) { cr.pageList(h, s.Folders) })
	list("Tags", func(h *digest.Hasher) { tagEntries(h, s.Tags) })
	list("Aliases", func(h *digest.Hasher) { cr.aliases(h, s.Aliases) })
	wg.Wait()
	for k, kind := range kinds {
		if shown[kind.name] {
			cr.listSums[kind.name] = wholes[k]
		}
	}
}

// mentionKinds are the kinds of things on pages (claims, events, needed
// citations): see siteLists.
const mentionKinds = 3

// mentionSums are, for each kind of thing on pages, the sums of those that
// name each page, by the page's place in the site (resolve.Site.Place).
// A page's key counts them kind by kind, in the site's order of each.
type mentionSums [mentionKinds]placeSums

// of returns the sums of the things of kind k that name the page at place.
func (m *mentionSums) of(k, place int) []digest.Sum { return m[k].of(place) }

// same reports whether m and o hold the same sums for the page at place
// (o from the last Render, of a site with the same pages in the same
// order).
func (m *mentionSums) same(o *mentionSums, place int) bool {
	for k := range m {
		if !slices.Equal(m.of(k, place), o.of(k, place)) {
			return false
		}
	}
	return true
}

// placeSums are sums by place, all in one list: those of the page at
// place i are sums[at[i]:at[i+1]]. Made in two passes over the items
// (placeSumsOf), it takes no map: gathering some 6,000 events' sums in
// a map of lists, by page, took most of the events' part of siteSums at
// 10,000 notes.
type placeSums struct {
	at   []int32
	sums []digest.Sum
}

func (ps *placeSums) of(place int) []digest.Sum {
	if place < 0 || place+1 >= len(ps.at) {
		return nil
	}
	return ps.sums[ps.at[place]:ps.at[place+1]]
}

// placeSumsOf gathers items' sums by the places of the pages each names,
// in the order of items: a page named twice by an item holds its sum
// twice. A page not in s is left out.
func placeSumsOf(s *resolve.Site, places int, items []itemSum) placeSums {
	at := make([]int32, places+1)
	for _, it := range items {
		for _, p := range it.named {
			if i := s.Place(p); i >= 0 {
				at[i+1]++
			}
		}
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	ps := placeSums{at: at, sums: make([]digest.Sum, at[places])}
	next := slices.Clone(at[:places])
	for _, it := range items {
		for _, p := range it.named {
			if i := s.Place(p); i >= 0 {
				ps.sums[next[i]] = it.sum
				next[i]++
			}
		}
	}
	return ps
}

// itemSum is the sum of a thing on pages (a claim, an event), and the
// pages it names.
type itemSum struct {
	sum   digest.Sum
	named []*resolve.Page
}

// keptEvents are a Render's events and their sums, by place in the
// list, for the next Render to keep when told the events are kept.
type keptEvents struct {
	list  []*resolve.Event
	items []itemSum
}

// keptEventSums returns the last Render's sums of the site's events, by
// place in s.Events, when they hold but for those of the notes in
// Changes.Fronts, which redo marks, and which are redone: when the build
// says the events are kept (Changes.EventsKept) and they are the list
// the last Render summed, of a site with the same pages. A source in
// Fronts that an event cites, or more pages in Fronts than are looked
// through as a list, and none is kept.
func (cr *cacheRun) keptEventSums(s *resolve.Site, places int) (kept []itemSum, redo []bool, redone []*resolve.Page) {
	last := cr.c.events
	if !cr.known || !cr.eventsKept || len(s.Events) == 0 || len(last.list) != len(s.Events) || &last.list[0] != &s.Events[0] ||
		len(last.items) != len(s.Events) || len(cr.c.eventSums) != places {
		return nil, nil, nil
	}
	redo = make([]bool, len(s.Events))
	if cr.rebegun {
		if len(cr.fronts) > smallPageSet {
			return nil, nil, nil
		}
		for _, p := range cr.frontList {
			if s.EventsCite(p) {
				return nil, nil, nil
			}
			events := s.NoteEvents(p)
			for _, e := range events {
				if e.Place() < 0 || e.Place() >= len(redo) || s.Events[e.Place()] != e {
					return nil, nil, nil
				}
				redo[e.Place()] = true
			}
			if len(events) > 0 {
				redone = append(redone, p)
			}
		}
	}
	return last.items, redo, redone
}

// eventSum is an event's sum, and what it was taken of but the surfaces
// of the pages it names (see siteSums).
type eventSum struct {
	itemSum
	date content.Date
	text string
}

// holds reports whether e is the event that s was taken of, as far as
// its fields go: the same date and text, naming the same pages (its note,
// then its sources) in the same order.
func (s eventSum) holds(e *resolve.Event) bool {
	return s.date == e.Date && s.text == e.Text && len(s.named) > 0 &&
		s.named[0] == e.Note && slices.Equal(s.named[1:], e.Sources)
}

// fillSurfaces puts the surface of each of the site's pages that the map
// lacks into it: all of them in a first Render, after a front-matter edit
// the pages edited. Every key is taken after (siteSums), and reads the map
// without a lock: 11,000 pages' surfaces looked up by four goroutines at
// once under the cache's lock took 4 ms of each front-matter edit's CPU,
// much of it waiting for the lock.
func (cr *cacheRun) fillSurfaces() {
	missing := cr.missingSurfaces(cr.r.site.Pages())
	sums := make([]surfaceSums, len(missing))
	workers := min(runtime.GOMAXPROCS(0), len(missing)/surfacesPerWorker+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(missing); i += workers {
				sums[i] = surfaceSums{surfaceOf(missing[i]), cardOf(missing[i])}
			}
		})
	}
	wg.Wait()
	for i, p := range missing {
		cr.surfaces[p] = sums[i]
	}
}

// missingSurfaces returns the pages whose surface the map lacks. When the
// Render knows the site (cr.known: the last Render's, or one begun again
// around the same pages), the map is the last Render's and holds no page
// but the site's, less those Fronts names (see Cache.start): those are
// looked for alone, and when with them the map counts every page, none
// other is missing. Each of 11,000 pages looked up in the map was about
// 1 ms of each front-matter edit at 10,000 notes, while every key waited
// for siteSums. Else, or should the count fall short (a Render stopped
// between its start and its finish), every page is looked up. A page left
// out would not make a key wrong, only slower: its surface is made each
// time a key asks for it (see surface).
func (cr *cacheRun) missingSurfaces(pages []*resolve.Page) []*resolve.Page {
	var missing []*resolve.Page
	if cr.known {
		for p := range cr.fronts {
			if _, ok := cr.surfaces[p]; !ok && cr.r.site.Place(p) >= 0 {
				missing = append(missing, p)
			}
		}
		if len(cr.surfaces)+len(missing) == len(pages) {
			return missing
		}
		missing = missing[:0]
	}
	for _, p := range pages {
		if _, ok := cr.surfaces[p]; !ok {
			missing = append(missing, p)
		}
	}
	return missing
}

// surfacesPerWorker is the fewest surfaces fillSurfaces makes in a
// goroutine of its own.
const surfacesPerWorker = 256

// sitePartOf writes every exported field of the site but its lists
// (siteLists): TestSitePartCovers changes each in turn.
func (cr *cacheRun) sitePartOf(h *digest.Hasher, s *resolve.Site) {
	c := &s.Config
	for _, v := range [...]string{c.Title, c.Description, c.Language, c.BaseURL, c.Home, c.Author, c.TimeZone, c.Articles} {
		h.AddString(v)
	}
	h.AddString(s.Origin)
	h.AddString(s.BasePath)
	cr.pageList(h, s.Nav)
	each(h, s.Files, func(f *content.Asset) {
		h.AddString(f.Path)
		h.AddString(f.Publish)
		h.AddBytes(f.Data)
		h.AddInt(f.Width)
		h.AddInt(f.Height)
		h.AddBool(f.Image)
	})
}

// The writers of the site's lists. A nil pointer is written as an int, a
// page as its surface's sum: the two cannot be taken for each other.

// page writes a page that a list or an item names.
func (cr *cacheRun) page(h *digest.Hasher, p *resolve.Page) {
	if p == nil {
		h.AddInt(0)
		return
	}
	h.AddSum(cr.surface(p))
}

// link writes what a claim or an event shows of the note it is on: a link,
// its title and address (view: the claims' page, the timeline, a source's
// claims), here its card. Its whole surface, tags and all, made a tag edit
// take the sums of the note's claims and events again, and so the keys
// of the claims' page and the timeline: at 10,000 notes, 9 ms of the
// edit's CPU in making their views again, which came out the same.
func (cr *cacheRun) link(h *digest.Hasher, p *resolve.Page) {
	if p == nil {
		h.AddInt(0)
		return
	}
	h.AddSum(cr.card(p))
}

func (cr *cacheRun) pageList(h *digest.Hasher, ps []*resolve.Page) {
	h.AddInt(len(ps))
	for _, p := range ps {
		cr.page(h, p)
	}
}

// cardsOf writes pages as cards (view.Cards), all the kinds that show the
// notes' list (view.Kind.Lists: the home page's cards, the search page's
// count) read of it, each by its card's sum (see card): at 10,000 notes,
// a tag edit of one note took the home page's 10,000 cards again, to find
// them the same.
func (cr *cacheRun) cardsOf(h *digest.Hasher, ps []*resolve.Page) {
	h.AddInt(len(ps))
	for _, p := range ps {
		if p == nil {
			h.AddInt(0)
			continue
		}
		h.AddSum(cr.card(p))
	}
}

// noteCards is what notesSum took of the notes' list, for the next
// Render: the notes, in order, and the sum of each run of cardRun of
// their cards.
type noteCards struct {
	notes []*resolve.Page
	runs  []digest.Sum
	taken int // how many of runs this Render took, rather than kept
}

// cardRun is how many notes' cards each of the sums notesSum keeps covers.
const cardRun = 128

// notesSum fingerprints the notes' list as cards (cardsOf), by runs of
// cardRun cards: the sum of each run, and of the runs. When the Render
// knows the site was begun again around the same pages (rebegun) and the
// notes are the last Render's, in the same order, the runs without a page
// of Fronts, whose cards are the same, keep their last sums. Every card
// looked up again (10,000 at 10,000 notes, each in the surfaces' map,
// cold by the edit) was 2 ms of each front-matter edit, while every key
// waited for siteSums.
func (cr *cacheRun) notesSum(notes []*resolve.Page) digest.Sum {
	runs := make([]digest.Sum, (len(notes)+cardRun-1)/cardRun)
	var redo []bool // the runs to take again; nil for all
	if last := cr.c.noteCards; cr.rebegun && len(last.runs) == len(runs) && slices.Equal(last.notes, notes) {
		copy(runs, last.runs)
		redo = make([]bool, len(runs))
		if cr.frontList != nil {
			for _, f := range cr.frontList {
				if i := slices.Index(notes, f); i >= 0 {
					redo[i/cardRun] = true
				}
			}
		} else {
			for i, p := range notes {
				if cr.fronts[p] {
					redo[i/cardRun] = true
				}
			}
		}
	}
	var h digest.Hasher
	taken := 0
	for r := range runs {
		if redo == nil || redo[r] {
			h.Reset()
			cr.cardsOf(&h, notes[r*cardRun:min(len(notes), (r+1)*cardRun)])
			runs[r] = h.Sum()
			taken++
		}
	}
	cr.noteCards = noteCards{slices.Clone(notes), runs, taken}
	h.Reset()
	h.AddInt(len(notes))
	for _, sum := range runs {
		h.AddSum(sum)
	}
	return h.Sum()
}

// tagEntries writes the topics as the list of topics shows them
// (view.TagEntry): each one's name, address and number of notes, not the
// notes, whose front matter an edit changes.
func tagEntries(h *digest.Hasher, tags []*resolve.Tag) {
	h.AddInt(len(tags))
	for _, t := range tags {
		if t == nil {
			h.AddInt(0)
			continue
		}
		h.AddInt(1)
		h.AddString(t.Name)
		h.AddString(t.URL)
		h.AddInt(len(t.Notes))
	}
}

func (cr *cacheRun) aliases(h *digest.Hasher, aliases map[string]*resolve.Page) {
	keys := make([]string, 0, len(aliases))
	for k := range aliases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h.AddInt(len(keys))
	for _, k := range keys {
		h.AddString(k)
		cr.page(h, aliases[k])
	}
}

// claim writes a claim and returns the pages it names.
func (cr *cacheRun) claim(h *digest.Hasher, c *resolve.Claim) []*resolve.Page {
	if c == nil {
		h.AddInt(0)
		return nil
	}
	h.AddString(c.ID)
	h.AddString(c.Status)
	h.AddString(c.Label)
	h.AddString(c.Statement)
	cr.link(h, c.Page)
	h.AddString(c.URL)
	named := []*resolve.Page{c.Page}
	each(h, c.Sides, func(side *resolve.ClaimSide) {
		h.AddString(side.Role)
		h.AddString(side.Label)
		h.AddString(side.Noun)
		cr.pageList(h, side.Sources)
		named = append(named, side.Sources...)
	})
	return named
}

// event writes a dated event and returns the pages it names.
func (cr *cacheRun) event(h *digest.Hasher, e *resolve.Event) []*resolve.Page {
	if e == nil {
		h.AddInt(0)
		return nil
	}
	h.AddInt(e.Date.Year)
	h.AddInt(e.Date.Month)
	h.AddInt(e.Date.Day)
	h.AddInt(boolInt(e.Date.Unknown))
	h.AddString(e.Text)
	cr.link(h, e.Note)
	cr.pageList(h, e.Sources)
	return append([]*resolve.Page{e.Note}, e.Sources...)
}

// needed writes a statement marked {citation needed} and returns the page
// it is on.
func (cr *cacheRun) needed(h *digest.Hasher, n *resolve.Needed) []*resolve.Page {
	if n == nil {
		h.AddInt(0)
		return nil
	}
	cr.page(h, n.Page)
	h.AddString(n.Pos.File)
	h.AddInt(n.Pos.Line)
	h.AddInt(n.Pos.Col)
	h.AddString(n.Context)
	return []*resolve.Page{n.Page}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
