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
// pages; each counts only for the kinds that show it (view.Kind.Lists). Of
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
	cr.mentions = map[*resolve.Page][]digest.Sum{}
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
	// it. The pages' mentions are then gathered in this order.
	//
	// A claim is kept from one build to the next while its note's result
	// is (the same *Claim): its sum is the last Render's (claimSums) when
	// no page it names changed its surface since (Changes.Fronts), which
	// skips most of the 6,000 claims' sums of a front-matter edit. Events
	// are made again on each such edit, and summed again.
	var lastClaims map[*resolve.Claim]itemSum
	if cr.known {
		lastClaims = cr.c.claimSums
	}
	cr.claimSums = make(map[*resolve.Claim]itemSum, len(s.Claims))
	kinds := [...]struct {
		name  string
		n     int
		write func(h *digest.Hasher, i int) []*resolve.Page
		// reuse returns item i's sum and the pages it names when they
		// are known to hold; keep notes them for the next Render.
		reuse func(i int) (itemSum, bool)
		keep  func(i int, sum itemSum)
	}{
		{"Claims", len(s.Claims), func(h *digest.Hasher, i int) []*resolve.Page { return cr.claim(h, s.Claims[i]) },
			func(i int) (itemSum, bool) {
				last, ok := lastClaims[s.Claims[i]]
				if !ok || cr.rebegun && slices.ContainsFunc(last.named, cr.front) {
					return itemSum{}, false
				}
				return last, true
			},
			func(i int, sum itemSum) { cr.claimSums[s.Claims[i]] = sum }},
		{"Events", len(s.Events), func(h *digest.Hasher, i int) []*resolve.Page { return cr.event(h, s.Events[i]) }, nil, nil},
		{"Needed", len(s.Needed), func(h *digest.Hasher, i int) []*resolve.Page { return cr.needed(h, s.Needed[i]) }, nil, nil},
	}
	var sums [len(kinds)]struct {
		whole    digest.Sum
		mentions map[*resolve.Page][]digest.Sum
	}
	var wg sync.WaitGroup
	for k, kind := range kinds {
		wg.Go(func() {
			var whole, h digest.Hasher
			mentions := map[*resolve.Page][]digest.Sum{}
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
				sum, named := item.sum, item.named
				whole.AddSum(sum)
				for _, p := range named {
					if p != nil {
						mentions[p] = append(mentions[p], sum)
					}
				}
			}
			sums[k].whole, sums[k].mentions = whole.Sum(), mentions
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
	list("Notes", func(h *digest.Hasher) { cr.pageList(h, s.Notes) })
	list("Sources", func(h *digest.Hasher) { cr.pageList(h, s.Sources) })
	list("Standalone", func(h *digest.Hasher) { cr.pageList(h, s.Standalone) })
	list("Folders", func(h *digest.Hasher) { cr.pageList(h, s.Folders) })
	list("Tags", func(h *digest.Hasher) {
		h.AddInt(len(s.Tags))
		for _, t := range s.Tags {
			cr.tag(h, t)
		}
	})
	list("Aliases", func(h *digest.Hasher) { cr.aliases(h, s.Aliases) })
	wg.Wait()
	for k, kind := range kinds {
		if shown[kind.name] {
			cr.listSums[kind.name] = sums[k].whole
		}
		for p, m := range sums[k].mentions {
			cr.mentions[p] = append(cr.mentions[p], m...)
		}
	}
}

// itemSum is the sum of a thing on pages (a claim), and the pages it names.
type itemSum struct {
	sum   digest.Sum
	named []*resolve.Page
}

// fillSurfaces puts the surface of each of the site's pages that the map
// lacks into it: all of them in a first Render, after a front-matter edit
// the pages edited. Every key is taken after (siteSums), and reads the map
// without a lock: 11,000 pages' surfaces looked up by four goroutines at
// once under the cache's lock took 4 ms of each front-matter edit's CPU,
// much of it waiting for the lock.
func (cr *cacheRun) fillSurfaces() {
	var missing []*resolve.Page
	for _, p := range cr.r.site.Pages() {
		if _, ok := cr.surfaces[p]; !ok {
			missing = append(missing, p)
		}
	}
	sums := make([]digest.Sum, len(missing))
	workers := min(runtime.GOMAXPROCS(0), len(missing)/surfacesPerWorker+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(missing); i += workers {
				sums[i] = surfaceOf(missing[i])
			}
		})
	}
	wg.Wait()
	for i, p := range missing {
		cr.surfaces[p] = sums[i]
	}
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

func (cr *cacheRun) pageList(h *digest.Hasher, ps []*resolve.Page) {
	h.AddInt(len(ps))
	for _, p := range ps {
		cr.page(h, p)
	}
}

func (cr *cacheRun) tag(h *digest.Hasher, t *resolve.Tag) {
	if t == nil {
		h.AddInt(0)
		return
	}
	h.AddString(t.Name)
	h.AddString(t.URL)
	cr.pageList(h, t.Notes)
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
	cr.page(h, c.Page)
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
	cr.page(h, e.Note)
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
