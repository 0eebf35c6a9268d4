package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"hash/maphash"
	"html/template"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/timeline"
	"github.com/dossier-site/dossier/internal/view"
)

// Cache keeps the pages of one Render for the next, so that a rebuild
// renders only the pages whose inputs changed; the preview server uses
// one. Notes, sources, the home page and the pages made from their Data
// alone (lists of sources and topics, topic pages, claims, timeline,
// search, 404) are cached; feeds, sitemap and assets are made afresh each
// time.
//
// A page is taken from the cache when its key, a fingerprint of
// everything its view value is made from (key.go: each field written by
// name, no reflection), is unchanged: its inputs, with
//   - its own page in full: front matter, body, parsed Markdown with what
//     the resolve stage wrote into it, references, backlinks, cited-by and
//     provenance lists;
//   - every other page it names (a link target, a cited source, a related
//     note) by what a page shows of another page: kind, slug, address,
//     title, summary, front matter, card line, short name, last change;
//   - the site's configuration and base URL, and every other field of
//     resolve.Site except its lists of pages, tags and aliases, each of which
//     counts only for the kinds of page that show it (view.Kind.Lists: the
//     list of sources for the sources page, not for the timeline);
//   - the templates and the names of the assets (not their content-hashed
//     addresses: when an asset's content changes, the cached pages get its
//     new address by a replacement, and are not rendered again).
//
// A custom template that shows more of another page than that (the
// backlinks of a cited source, say) may see a stale page in the preview;
// `dossier build` always renders everything.
//
// The key counts more than a page shows. A page whose key changed is made
// into its view value, and when that value is the last Render's (viewSum:
// a fingerprint of every field), the cached page is taken without
// executing its template (Same lists those pages).
//
// Taking every page's key costs a walk of all that its template receives,
// which at 10,000 notes takes most of a rebuild. When the caller can say
// what changed since the last Render (Options.Changes: the same site, only
// some pages' bodies changed; or the site begun again around the same
// pages, some of whose front matter changed), a page none of whose inputs
// can have changed keeps its last key without a walk; each key records the
// pages whose surface it read, for the second case. See Changes for the
// reasoning, and CheckSkips for the test that holds it to account.
//
// The key is taken before the page's job runs. What a job adds to its Data
// while it runs (the rendered body, JSON-LD, the map of neighbours) must
// follow from what the key covers, as it does now; TestCacheEdits and
// TestCacheRealContent in package build compare cached builds with full
// ones and fail when it does not.
//
// A Cache is for one site and one Options; it is not safe for concurrent
// use by several Renders.
type Cache struct {
	// pages are the last Render's cached pages by their place in its jobs,
	// whose paths order lists: after most edits the jobs are the same, in
	// the same order, and a page is found by its place; a lookup by path
	// in a map of every page took 4 ms of a rebuild at 10,000 notes.
	pages []cachedPage
	order []string
	// store holds the pages kept packed (Options.Pack), so that the
	// preview does not hold them in memory; see pageStore.
	store *packed.Store
	// Compacted counts the times the pages still kept were copied to a new
	// store, leaving the pages no longer kept behind (see pageStore).
	Compacted int
	// spares are the buffers of the pages kept whole (see Spare).
	spares spares
	// minGarbage is this Cache's threshold for pageStore: see
	// defaultMinGarbage.
	minGarbage int64
	assets     []assetRef // the asset addresses the cached pages hold
	// inlined are the assets whose content some cached page holds (a
	// script inline, its hash in the Content-Security-Policy), as the
	// templates asked for them by name in the Renders since this Cache
	// was made, with the SHA-256 of their content then. Other assets count
	// by their address, which a cached page has swapped; when one of
	// these changes, inlinedGen, in the global key, changes, and every
	// page is rendered again.
	inlined    map[string][sha256.Size]byte
	inlinedGen int
	docs       map[*markup.Doc]docMemo // fingerprints of parsed pages, see docSum
	// cards are the lists of cards the last Renders wrote, by page and
	// list (see cacheRun.cardParts); timeline is the site's timeline the
	// last Render wrote (see cacheRun.TimelineHTML).
	cards map[string]cardList
	// cardSums are the lists of cards whose sums the last Renders' view
	// sums took, by page and list (see cacheRun.cardSumsOf).
	cardSums map[string]cardSumList
	timeline entryList
	// timelineLast says whether the last Render wrote timeline.
	timelineLast bool
	// Rendered and Reused count the pages of the last Render that were
	// rendered, and that were taken from the cache; Spliced, those of the
	// pages rendered whose long lists were written in after their
	// template ran (see splice).
	Rendered, Reused, Spliced int
	// Fresh lists the cacheable pages the last Render rendered rather than
	// took from the cache, by output path, sorted.
	Fresh []string
	// Same lists, sorted, the pages of the last Render whose key changed
	// but whose view value was the last Render's: taken from the cache
	// without executing their template (see viewSum).
	Same []string
	// Skipped counts the pages of the last Render whose key was not taken
	// again, by Changes.
	Skipped int

	// CheckSkips, for tests, takes the key of every page whose key Changes
	// let Render skip (and draws the home page's map when it was kept), and
	// lists in SkipErrors each page whose key (or the map) would have
	// differed: an input that Changes missed. SkippedPaths then lists the
	// pages whose key was skipped.
	CheckSkips   bool
	SkipErrors   []string
	SkippedPaths []string

	// What the last Render worked out about the site as a whole, for the
	// next when Changes says it holds.
	site       *resolve.Site
	global     digest.Sum
	sitePart   digest.Sum
	listSums   map[string]digest.Sum // of each of the site's lists (siteLists)
	mentions   mentionSums
	surfaces   map[*resolve.Page]surfaceSums
	claimSums  map[*resolve.Claim]itemSum // see siteSums
	eventSums  [][]eventSum               // by the place of their note: see siteSums
	events     keptEvents                 // the same by event: see siteSums
	noteCards  noteCards                  // see notesSum
	linked     fromLinks
	files      map[string][]byte   // the feed and the sitemap, by path
	minified   map[string]minified // the assets, by name (see buildAssets)
	tmpl       *Templates          // the parsed templates, of the files tmplSum fingerprints
	tmplSum    [sha256.Size]byte
	feedBodies map[*markup.Doc]docHTML
	feedNotes  []*resolve.Page // the notes the last feed showed (see sameFeed)
	sitemap    []sitemapEntry  // what the last sitemap showed (see sameSitemap)
	sitemapXML []string        // and each entry's url element (see lastSitemap)
	search     searchPaths     // the last search index's files' paths
}

// docHTML is a page's body as rendered after one resolve of it, that of
// stamp (see Stamps).
type docHTML struct {
	stamp uint64
	html  template.HTML
}

// fromLinks is what the render stage makes from the links between pages
// (and from front matter), which a Render keeps for the next when Changes
// say no link changed: at 10,000 notes, making them took 50 ms of every
// rebuild. A zero field was not made.
type fromLinks struct {
	homeGraph template.HTML                     // the home page's map
	homeShown []*resolve.Page                   // the pages it shows
	links     map[*resolve.Page][]*resolve.Page // see linksFrom
	notes     *view.NoteIndex
}

// Changes say what changed since the last Render with the same Cache, when
// the caller knows: the site is the same *resolve.Site (package build
// reuses it when no front matter, configuration or base URL changed), and
// only some pages' bodies changed. Then what a page shows of another page
// (its surface, made from front matter) is unchanged for every page, and so
// is every field of the Site but its lists of claims and needed citations;
// what can change is
//   - the fields of a page that its body or other pages' bodies fill in
//     (its parsed body, references, backlinks, cited-by and claim lists),
//     for the pages in Pages;
//   - the notes related to a note, which count citations: for the notes
//     that cite a source in Pages;
//   - Site.Claims and Site.Needed, when Lists says so: for the kinds of
//     page that show the site's lists, and pages named by a claim, event
//     or needed citation (their JSON-LD).
//
// Every other page keeps its last key without a walk. A Render with nil
// Changes takes every key.
//
// Links says whether the links between pages changed: which pages link to
// or cite which, and how many times (not the text around them). When not,
// what is made from the links alone is kept (see fromLinks).
//
// Fronts, when not nil, says instead that the site was begun again around
// the last Render's pages (resolve.Rebegin: every page is the same
// *resolve.Page, in the same order) and names the pages whose front matter
// or surface changed. Then the lists of the site, the links and the index
// of related notes are taken as changed, and so is every page not shown
// for one page of the site (topics, lists); a page keeps its last key only
// when it is not in Pages or Fronts, no page whose surface its last key
// read (Cache records them) is in Fronts, its related notes and neighbours
// in its topic cannot have changed (for a note: view.NoteIndex.Changed),
// and the parts of the site every page shows are the same.
//
// EventsKept says that the site's events are the last Render's
// (resolve.Site.EventsKept): the same Events, each with the same date,
// text, note and sources. Then only the sums of the events of the notes
// in Fronts are taken again (see siteSums).
type Changes struct {
	Pages      map[*resolve.Page]bool
	Lists      bool
	Links      bool
	Fronts     map[*resolve.Page]bool
	EventsKept bool
}

// staleDocs is how many fingerprints of replaced parsed pages a Cache may
// hold before it lets them go (see finish): each holds its Doc, the
// Markdown and compressed HTML of a body (markup.Freeze), or its syntax
// tree when the build kept it (about 30 KB for a note of a thousand words).
const staleDocs = 64

// docMemo is a parsed page's fingerprint as of one resolve of it, that of
// stamp (see Stamps).
type docMemo struct {
	stamp uint64
	sum   digest.Sum
}

type cachedPage struct {
	key  digest.Sum
	kept File // the page as it was emitted (packed, with Options.Pack): never changed once emitted
	ok   bool // else no page is cached in this place
	view viewSum
	// deps are the pages whose surface the key read: the page keeps its
	// key across a Rebegin only when none of them changed (see
	// Changes.Fronts). Kept with the page, rather than in a map by path
	// (looking 11,000 paths up took 5 ms of each front-matter edit at
	// 10,000 notes).
	deps pageDeps
}

// pageKey is a page's key, and the pages whose surface it read.
type pageKey struct {
	sum  digest.Sum
	deps pageDeps
}

// pageDeps are the pages whose surface a key read, and their signature:
// two bits set for each page, by a hash of its address. A page none of
// whose two bits is set in a signature is not among its pages, found
// without reading them: each of the 11,000 pages' lists read after a
// front-matter edit, to look for the few pages in Fronts, was 2.6 ms of
// its CPU at 10,000 notes (the lists are all over the heap), and the
// signature is read with the rest of the page's place in the cache.
type pageDeps struct {
	list []*resolve.Page
	sig  depSig
}

type depSig [2]uint64

// depsOf returns list with its signature.
func depsOf(list []*resolve.Page) pageDeps {
	d := pageDeps{list: list}
	for _, p := range list {
		d.sig.add(p)
	}
	return d
}

// depSeed seeds the pages' hashes: a signature is only compared within
// the process that took it.
var depSeed = maphash.MakeSeed()

// depBits returns p's two bits, one in each word.
func depBits(p *resolve.Page) depSig {
	h := maphash.Comparable(depSeed, p)
	return depSig{1 << (h & 63), 1 << (h >> 6 & 63)}
}

func (s *depSig) add(p *resolve.Page) {
	b := depBits(p)
	s[0] |= b[0]
	s[1] |= b[1]
}

// mayHold reports whether the signature may be that of a list holding the
// page whose bits are b: false when it cannot be.
func (s depSig) mayHold(b depSig) bool { return s[0]&b[0] != 0 && s[1]&b[1] != 0 }

// remapped returns a kept page with its assets' addresses swapped by
// remap, kept as it was; an error when the page holds a content hash of
// the last Render's assets other than inside its address (see swappable),
// which the swap would leave: the page is then rendered again.
func (cr *cacheRun) remapped(page File, remap *strings.Replacer) (File, error) {
	plain, err := page.Plain()
	if err != nil {
		return File{}, err
	}
	if !swappable(plain, cr.c.assets) {
		return File{}, errNotSwappable
	}
	return cr.keep(page.Path, []byte(remap.Replace(string(plain))), !page.Packed), nil
}

var errNotSwappable = errors.New("the page holds an asset's hash outside its address")

// packs reports whether keep packs the pages (Options.Pack), so that the
// File it returns holds no reference to the bytes it is given.
func (cr *cacheRun) packs() bool { return cr != nil && cr.r.pack }

// keep returns a page as it is emitted and kept: as it is, or packed with
// Options.Pack, in the Cache's store when it has one. A page of a kind
// that shows one of the site's lists whole (view.Kind.Lists: the home
// page, the timeline, the lists of claims and sources) is kept as it is
// (whole): there are a handful of them, but they are the largest pages (at
// 10,000 notes, 6 MB of the 11,000 pages' 400), and a front-matter edit
// renders most of them again. Packed, they took 13 ms of each such edit's
// CPU, and left their last bytes as garbage in the store.
func (cr *cacheRun) keep(path string, page []byte, whole bool) File {
	if cr == nil || !cr.r.pack || whole {
		return File{Path: path, Data: page}
	}
	if cr.pages != nil {
		if ref, err := cr.pages.Put(page); err == nil {
			return File{Path: path, Packed: true, Stored: ref}
		}
	}
	return File{Path: path, Data: packed.Pack(page), Packed: true}
}

// defaultMinGarbage is how much of the Cache's store must be pages no longer kept
// (and more than half of it) before the pages still kept are copied to a
// new one, and the old one let go (see Cache.pageStore). At 10,000 notes,
// the pages take 140 MB packed; an edit to a note's text writes one or two
// of them again (about 10 KB), a change of template all of them.
const defaultMinGarbage = 64 << 20

// pageStore returns the store for the pages this Render keeps: the last
// Render's, or a new one holding the pages still kept when most of the
// last one is pages no longer kept. It returns nil, and the pages are
// kept in memory, when no store can be made. The files of the last
// Render keep the old store readable while they are served.
func (c *Cache) pageStore() *packed.Store {
	held := func(yield func(packed.Ref) bool) {
		for _, p := range c.pages {
			if !yield(p.kept.Stored) {
				return
			}
		}
	}
	var moved bool
	c.store, moved = packed.Renew(c.store, "dossier-pages", c.minGarbage, held, func(fresh *packed.Store) {
		for i, p := range c.pages {
			if !p.kept.Stored.Valid() {
				continue
			}
			ref, err := p.kept.Stored.CopyTo(fresh)
			if err != nil {
				c.pages[i] = cachedPage{} // rendered again
				continue
			}
			c.pages[i].kept.Stored = ref
		}
	})
	if moved {
		c.Compacted++
	}
	return c.store
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{docs: map[*markup.Doc]docMemo{}, minGarbage: defaultMinGarbage}
}

// cacheRun is a Cache in use by one Render.
type cacheRun struct {
	c     *Cache
	r     *Renderer
	cards map[string]cardList // the lists of cards written by this Render, under mu
	// cardSums are the lists of cards whose sums this Render's view sums
	// took, under mu.
	cardSums map[string]cardSumList
	// timeline is the site's timeline written by this Render, under mu.
	timeline *entryList
	stamps   Stamps // nil: nothing made from a Doc is kept
	global   digest.Sum
	assets   []assetRef
	// known says that Changes holds for this Render, and affected lists the
	// pages whose own inputs may have changed (see Changes); a page not in
	// it keeps its last key.
	known   bool
	rebegun bool // known by Changes.Fronts: the site begun again around the same pages
	// feedNotes are the notes this Render's feed shows.
	feedNotes []*resolve.Page
	// fronts are Changes.Fronts, when the site was begun again around
	// the same pages (rebegun); frontList has them as a list, when they
	// are few (see anyFront).
	fronts    map[*resolve.Page]bool
	frontList []*resolve.Page
	frontBits []depSig // the signature bits of each of frontList (see pageDeps)
	// notesMoved, for rebegun, gives the notes whose related notes or
	// neighbours may have changed since the last Render (view.NoteIndex.Changed),
	// or false when any may have.
	notesMoved   func() (map[*resolve.Page]bool, bool)
	listsChanged bool
	linksSame    bool      // known, and no link between pages changed
	linked       fromLinks // the last Render's when linksSame; for the next
	// lastNotes is the last Render's index of related notes when the site
	// was begun again around the same pages and no link changed (see
	// noteIndex).
	lastNotes  *view.NoteIndex
	affected   map[*resolve.Page]bool
	skipped    atomic.Int64
	skipErrors []string // guarded by mu
	// skippedPaths are the pages whose key was skipped, with CheckSkips;
	// guarded by mu.
	skippedPaths []string
	// remap gives cached pages this Render's asset addresses, when they
	// differ from those the cached pages hold; nil when they are the same,
	// and cached pages are emitted as they are, without a copy.
	remap *strings.Replacer
	// wholeSite gives, per page template, the site's lists its kind shows
	// (view.Kind.Lists): templates receive only their page's view value, so
	// what a page can show is fixed by its kind.
	wholeSite map[string][]string

	siteOnce sync.Once
	sitePart digest.Sum
	listSums map[string]digest.Sum
	mentions mentionSums // see siteSums
	// claimSums are this Render's claims' sums, for the next; nil when
	// siteSums did not run (and the last Render's still hold).
	claimSums map[*resolve.Claim]itemSum
	eventSums [][]eventSum // the same for the events
	events    keptEvents   // and by event
	noteCards noteCards    // and the notes' cards (notesSum)
	// eventsKept are Changes.EventsKept, when the Render knows the site.
	eventsKept bool
	// eventsRedo marks, by place in the site's events, those whose last
	// sums siteSums did not keep (keptEventSums): nil when it kept none.
	eventsRedo []bool

	files      map[string][]byte // this Render's feed and sitemap
	sitemap    []sitemapEntry    // what this Render's sitemap shows
	sitemapXML []string          // its url elements, when this Render wrote it
	feedBodies map[*markup.Doc]docHTML

	// surfaces are the site's pages' surfaces (see surface): filled by
	// siteSums, before any key is taken, and only read after.
	surfaces map[*resolve.Page]surfaceSums

	mu   sync.Mutex
	docs map[*markup.Doc]docMemo // this Render's, for the next
	// inPlace says that the jobs are the last Render's, in the same
	// order: next is then Cache.pages itself, changed in place, each place
	// by the one goroutine that renders its job. Else next is new, and
	// places finds the last Render's places.
	inPlace bool
	pages   *packed.Store // where packed pages are kept (see Cache.pageStore), or nil
	places  alignment
	next    []cachedPage
	order   []string // the jobs' paths, for the next Render; nil when inPlace

	rendered, reused, spliced atomic.Int64
	fresh, same               []string // guarded by mu
}

// assetRef is an asset's address as pages hold it.
type assetRef struct {
	url    string
	hashes []string // the content hashes in url
	// The same as bytes, for swappable.
	urlBytes    []byte
	hashesBytes [][]byte
}

// start prepares the cache for a Render of jobs; it returns nil when c is
// nil.
func (c *Cache) start(r *Renderer, templates [sha256.Size]byte, jobs []job, changes *Changes, stamps Stamps) *cacheRun {
	if c == nil {
		return nil
	}
	cr := &cacheRun{c: c, r: r, stamps: stamps, wholeSite: map[string][]string{}, files: map[string][]byte{}, feedBodies: map[*markup.Doc]docHTML{},
		surfaces: map[*resolve.Page]surfaceSums{}, docs: map[*markup.Doc]docMemo{}}
	var h digest.Hasher
	if r.pack {
		h.AddString("packed") // the pages are kept as they are emitted
		cr.pages = c.pageStore()
	}
	h.AddString("templates")
	h.AddBytes(templates[:])
	h.AddString("assets")
	names := make([]string, 0, len(r.assets))
	for name := range r.assets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := assetRef{url: r.assets[name], hashes: hashRuns(path.Base(r.assets[name]))}
		a.urlBytes = []byte(a.url)
		for _, h := range a.hashes {
			a.hashesBytes = append(a.hashesBytes, []byte(h))
		}
		blank := a.url
		for _, s := range a.hashes {
			blank = strings.ReplaceAll(blank, s, "")
		}
		h.AddString(name)
		h.AddString(blank)
		cr.assets = append(cr.assets, a)
	}
	// The assets the cached pages hold by content, which no address swap
	// can change (an inline script and its hash).
	for name, sum := range c.inlined {
		if sha256.Sum256(r.inline[name]) != sum {
			c.inlinedGen++
			break
		}
	}
	h.AddString("inlined")
	h.AddInt(c.inlinedGen)
	cr.global = h.Sum()
	// The same asset names give the same addresses but for their hashes
	// (the global key counts the rest), so the cached pages' addresses can
	// be swapped one for one, in one pass, in the pages that hold each
	// hash only inside its address (see remapped).
	if len(c.assets) == len(cr.assets) {
		var swaps []string
		for i, a := range cr.assets {
			if old := c.assets[i].url; old != a.url {
				swaps = append(swaps, old, a.url)
			}
		}
		if len(swaps) > 0 {
			cr.remap = strings.NewReplacer(swaps...)
		}
	}
	for _, j := range jobs {
		if j.cacheable {
			cr.wholeSite[j.kind.Template] = j.kind.Lists
		}
	}
	cr.inPlace = len(c.order) == len(jobs) && len(c.pages) == len(jobs)
	for i := 0; cr.inPlace && i < len(jobs); i++ {
		cr.inPlace = jobs[i].path == c.order[i]
	}
	if cr.inPlace {
		cr.next = c.pages
	} else {
		cr.next = make([]cachedPage, len(jobs))
		cr.order = make([]string, len(jobs))
		for i, j := range jobs {
			cr.order[i] = j.path
		}
		cr.places = align(c.order, cr.order)
	}
	rebegun := changes != nil && changes.Fronts != nil && c.site != nil && slices.Equal(c.site.Pages(), r.site.Pages())
	if changes != nil && (c.site == r.site || rebegun) && c.global == cr.global && c.surfaces != nil {
		cr.known, cr.listsChanged, cr.linksSame = true, changes.Lists, !changes.Links
		cr.eventsKept = changes.EventsKept
		if rebegun {
			cr.rebegun, cr.listsChanged, cr.linksSame = true, true, false
			// An edit changes a page or a few, looked for in every
			// page's deps (a few dozen pages each) as a list: looked
			// up in the map, they took 7 ms of each front-matter edit
			// at 10,000 notes.
			// Each of those few is looked for in the list in turn, a
			// loop of pointer comparisons: a call per page of the list,
			// each looking through the few, took 3 ms more.
			cr.fronts = changes.Fronts
			if len(cr.fronts) <= smallPageSet {
				cr.frontList = slices.Collect(maps.Keys(cr.fronts))
				cr.frontBits = make([]depSig, len(cr.frontList))
				for k, f := range cr.frontList {
					cr.frontBits[k] = depBits(f)
				}
			}
			cr.notesMoved = sync.OnceValues(func() (map[*resolve.Page]bool, bool) {
				if c.linked.notes == nil {
					return nil, false
				}
				return cr.r.notes().Changed(c.linked.notes)
			})
		}
		if cr.linksSame {
			cr.linked = c.linked
		} else if rebegun && !changes.Links {
			// The same pages, linking to and citing the same pages: which
			// page links to which is the same, and so is the home page's
			// map, unless a page it shows changed (its title, say) or a
			// source did (its `cites` count on the map).
			cr.linked.links = c.linked.links
			cr.lastNotes = c.linked.notes
			if !slices.ContainsFunc(slices.Collect(maps.Keys(changes.Fronts)), func(p *resolve.Page) bool {
				return p.Kind == resolve.KindSource || slices.Contains(c.linked.homeShown, p)
			}) {
				cr.linked.homeGraph, cr.linked.homeShown = c.linked.homeGraph, c.linked.homeShown
			}
		}
		// Surfaces are made from front matter alone: unchanged but for
		// the pages Fronts names, which are made again when asked for.
		// The map is the last Render's, changed in place: a copy of it
		// was 1 MB of every front-matter edit at 10,000 notes, and a
		// Render that fails before finish leaves only sums to be made
		// again.
		cr.surfaces = c.surfaces
		if rebegun {
			for p := range changes.Fronts {
				delete(cr.surfaces, p)
			}
		}
		if !cr.listsChanged {
			cr.siteOnce.Do(func() {
				cr.sitePart, cr.listSums, cr.mentions = c.sitePart, c.listSums, c.mentions
			})
		}
		cr.affected = make(map[*resolve.Page]bool, len(changes.Pages)+len(changes.Fronts))
		for p := range changes.Fronts {
			cr.affected[p] = true
		}
		for p := range changes.Pages {
			cr.affected[p] = true
			for _, c := range p.CitedBy {
				cr.affected[c.From] = true // its related notes count p's citations
			}
		}
	}
	return cr
}

// forgetSite makes the next Render look at every page's key, as for a
// site it has not rendered: a Render that stopped before its pages (its
// templates did not load) leaves changes unrendered that the next
// Render's Changes, counted since this one, do not hold.
func (c *Cache) forgetSite() {
	if c != nil {
		c.site = nil
	}
}

// indexFiles returns how many files the last search index had (none for
// a nil Cache).
func (c *Cache) indexFiles() int {
	if c == nil {
		return 0
	}
	return len(c.search.paths)
}

// searchPaths returns what the cache keeps of the search index's paths,
// nil for a nil Cache.
func (c *Cache) searchPaths() *searchPaths {
	if c == nil {
		return nil
	}
	return &c.search
}

// siteGraph returns the home page's map: the last Render's when no link
// between pages changed (the map is drawn from the links, and from titles
// and kinds, which are front matter), else draw's.
func (cr *cacheRun) siteGraph(draw func() (template.HTML, []*resolve.Page)) template.HTML {
	if cr == nil {
		g, _ := draw()
		return g
	}
	if cr.linked.homeGraph == "" {
		cr.linked.homeGraph, cr.linked.homeShown = draw()
	} else if cr.c.CheckSkips {
		if g, _ := draw(); g != cr.linked.homeGraph {
			cr.failedSkip("the home page's map")
		}
	}
	return cr.linked.homeGraph
}

// noteLinks returns the links between notes (linksFrom), the last
// Render's when no link changed. Like noteIndex, it is called once per
// Render (from a sync.OnceValue).
func (cr *cacheRun) noteLinks(make func() map[*resolve.Page][]*resolve.Page) map[*resolve.Page][]*resolve.Page {
	if cr == nil {
		return make()
	}
	if cr.linked.links == nil {
		cr.linked.links = make()
	} else if cr.c.CheckSkips && !maps.EqualFunc(make(), cr.linked.links, slices.Equal[[]*resolve.Page]) {
		cr.failedSkip("the links between notes")
	}
	return cr.linked.links
}

// noteIndex returns the index of related notes, the last Render's when no
// link changed: it is made from tags, which are front matter, and from
// citations.
//
// make makes it afresh, or from the last Render's (view.NewNoteIndexFrom)
// when it is not nil: when the site was begun again around the same pages
// and no link changed.
func (cr *cacheRun) noteIndex(make func(last *view.NoteIndex) *view.NoteIndex) *view.NoteIndex {
	if cr == nil {
		return make(nil)
	}
	if cr.linked.notes == nil {
		cr.linked.notes = make(cr.lastNotes)
		if cr.lastNotes != nil && cr.c.CheckSkips && !make(nil).Same(cr.linked.notes) {
			cr.failedSkip("the index of related notes, made from the last")
		}
	} else if cr.c.CheckSkips {
		if !make(nil).Same(cr.linked.notes) {
			cr.failedSkip("the index of related notes")
		}
	}
	return cr.linked.notes
}

// file returns the feed or the sitemap at path: the last Render's when
// Changes hold (the configuration and templates are the same) and the
// caller says that nothing it shows changed, else make's. At 10,000 notes,
// making them took 25 ms of every rebuild.
func (cr *cacheRun) file(path string, same func() bool, make func() File) File {
	if cr == nil {
		return make()
	}
	if old, ok := cr.c.files[path]; ok && cr.known && same() {
		if cr.c.CheckSkips && !bytes.Equal(make().Data, old) {
			cr.failedSkip(path)
		}
		cr.files[path] = old
		return File{Path: path, Data: old}
	}
	f := make()
	cr.files[path] = f.Data
	return f
}

// feedBody returns a note's body for the feed: the last Render's when the
// page's Markdown has not been resolved again since, else render's. The
// feed shows the bodies of the newest notes, which an edit to one of them
// would otherwise render all again (16 ms at 1,000 notes).
func (cr *cacheRun) feedBody(p *resolve.Page, render func(*resolve.Page) (template.HTML, error)) (template.HTML, error) {
	if cr == nil {
		return render(p)
	}
	stamp := cr.stamp(p.Doc)
	if m, ok := cr.c.feedBodies[p.Doc]; ok && stamp != 0 && m.stamp == stamp {
		cr.feedBodies[p.Doc] = m
		return m.html, nil
	}
	html, err := render(p)
	if err == nil {
		cr.feedBodies[p.Doc] = docHTML{stamp, html}
	}
	return html, err
}

// sameFeed reports whether the feed of the notes recent shows what the
// last Render's showed: none of them changed (Changes name none), and on a
// site begun again, where an edited date can bring a note into the feed or
// take one out, they are the last feed's notes, in the same order.
func (cr *cacheRun) sameFeed(recent []*resolve.Page) bool {
	return !cr.edited(recent) && (!cr.rebegun || slices.Equal(recent, cr.c.feedNotes))
}

// sameSitemap reports whether the sitemap shows what the last Render's
// did: when the site is the same but for bodies, or when it was begun
// again and shows the same entries (see sitemapEntry), which entries
// makes.
func (cr *cacheRun) sameSitemap(entries func() []sitemapEntry) bool {
	return !cr.rebegun || slices.Equal(entries(), cr.c.sitemap)
}

// mayMapAgain reports whether this Render may make the sitemap's entries
// (see file and sameSitemap): the last Render's sitemap is kept without
// them when the Render knows the site and it was not begun again.
func (cr *cacheRun) mayMapAgain() bool {
	return cr == nil || !cr.known || cr.rebegun || cr.c.files["sitemap.xml"] == nil
}

// mapped notes the entries this Render's sitemap shows, for the next
// sameSitemap: nil when they were not made, and are the last Render's.
func (cr *cacheRun) mapped(entries []sitemapEntry) {
	if cr != nil {
		cr.sitemap = entries
		if entries == nil {
			cr.sitemap = cr.c.sitemap
		}
	}
}

// lastSitemap returns the entries the last Render's sitemap showed and
// their url elements, when this Render knows they hold for the same
// entries (the base URL, which entries leave out, is the same: cr.known);
// else nil.
func (cr *cacheRun) lastSitemap() ([]sitemapEntry, []string) {
	if cr == nil || !cr.known {
		return nil, nil
	}
	return cr.c.sitemap, cr.c.sitemapXML
}

// sitemapWritten notes the url elements of the sitemap this Render wrote,
// for the next lastSitemap.
func (cr *cacheRun) sitemapWritten(parts []string) {
	if cr != nil {
		cr.sitemapXML = parts
	}
}

// fed notes the notes this Render's feed shows, for the next sameFeed.
func (cr *cacheRun) fed(recent []*resolve.Page) {
	if cr != nil {
		cr.feedNotes = recent
	}
}

// edited reports whether Changes name any of pages (see Changes.Pages).
func (cr *cacheRun) edited(pages []*resolve.Page) bool {
	return slices.ContainsFunc(pages, func(p *resolve.Page) bool { return cr.affected[p] })
}

// cardList is a list of cards and each card's HTML (view.CardHTML).
type cardList struct {
	cards []view.Card
	html  []string
}

// cardParts returns the HTML of each of cards (view.CardHTML), the list
// named key (a page's path and the list's field), each card's HTML as the
// last Render wrote it for the same card at the same place in the list,
// when it did: view.CardsHTML(cards) is view.CardsStart, these and
// view.CardsEnd, joined. At 10,000 notes the home page's list is 2 MB of
// escaped text, written on every edit of a note's title or summary for one
// card changed; the cards, in the same order, are compared in one pass (a
// map by card took as long as writing them again).
func (cr *cacheRun) cardParts(key string, cards []view.Card) []string {
	last := cr.c.cards[key] // read only until finish
	list := cardList{cards: cards, html: byPlace(cards, last.cards, last.html, view.CardHTML)}
	cr.mu.Lock()
	if cr.cards == nil {
		cr.cards = map[string]cardList{}
	}
	cr.cards[key] = list
	cr.mu.Unlock()
	return list.html
}

// entryList is a timeline's entries and each entry's HTML
// (timeline.EntryHTML).
type entryList struct {
	entries []timeline.Entry
	html    []string
}

// TimelineHTML returns timeline.WriteList's HTML of the n entries entry
// gives (the site's timeline: see view.Memo), each entry's HTML as the
// last Render wrote it for the same entry at the same place, when it did.
// At 10,000 notes the timeline lists some 6,000 events, 1 MB of HTML,
// written again whenever a note that has events, or a source they cite,
// changes its title.
//
// When the last Render wrote the timeline and this one keeps its events
// (see keptEventSums), an entry is asked for only when its event is
// redone, the event of a note in Fronts: every other entry is the last
// one, whose note and sources are unchanged. Making all 6,000 entries
// again, from memory cold by the edit, was 2 to 3 ms of each title edit's
// CPU.
func (cr *cacheRun) TimelineHTML(n int, entry func(i int) timeline.Entry) template.HTML {
	cr.siteOnce.Do(cr.siteSums) // eventsRedo
	last := cr.c.timeline       // read only until finish
	redo := cr.eventsRedo
	if !cr.c.timelineLast || len(redo) != n || len(last.entries) != n || len(last.html) != n {
		redo = nil
	}
	entries := make([]timeline.Entry, n)
	for i := range entries {
		if redo != nil && !redo[i] {
			entries[i] = last.entries[i] // the same strings: byPlaceFunc finds it equal at once
		} else {
			entries[i] = entry(i)
		}
	}
	list := entryList{entries: entries, html: byPlaceFunc(entries, last.entries, last.html, timeline.Equal, timeline.EntryHTML)}
	cr.mu.Lock()
	cr.timeline = &list
	cr.mu.Unlock()
	return template.HTML(timeline.JoinList(list.html)) //nolint:gosec // every text escaped by EntryHTML
}

// byPlace returns what write gives for each of items, taken from lastMade
// for an item the same as last's at the same place: last and lastMade are
// a list that a Render before made the same way, of the same length, or
// nil. A list the preview writes again on an edit (the cards of the home
// page, the timeline's entries, the sitemap's elements) is mostly the
// same items in the same places; compared in one pass, the items' strings
// the same as the last are not read.
func byPlace[T comparable, V any](items, last []T, lastMade []V, write func(T) V) []V {
	return byPlaceFunc(items, last, lastMade, func(a, b T) bool { return a == b }, write)
}

// byPlaceFunc is byPlace for items compared by equal.
func byPlaceFunc[T, V any](items, last []T, lastMade []V, equal func(a, b T) bool, write func(T) V) []V {
	out := make([]V, len(items))
	for i, it := range items {
		if i < len(last) && i < len(lastMade) && equal(last[i], it) {
			out[i] = lastMade[i]
		} else {
			out[i] = write(it)
		}
	}
	return out
}

// keepCards keeps the lists of cards this Render wrote, and those whose
// sums it took, for the next, with those of the pages not rendered again;
// those of pages gone are let go.
func (cr *cacheRun) keepCards() {
	cr.c.cards = keepByPage(cr.c.cards, cr.cards, cr.places.gone)
	cr.c.cardSums = keepByPage(cr.c.cardSums, cr.cardSums, cr.places.gone)
}

// keepByPage adds to kept, by key (a page's path, a NUL, and more), what
// this Render made, and lets go of what the pages in gone made.
func keepByPage[V any](kept, made map[string]V, gone map[string]bool) map[string]V {
	if kept == nil {
		kept = map[string]V{}
	}
	maps.Copy(kept, made)
	if len(gone) > 0 {
		maps.DeleteFunc(kept, func(key string, _ V) bool {
			path, _, _ := strings.Cut(key, "\x00")
			return gone[path]
		})
	}
	return kept
}

// alignment finds the last Render's place of a job when the jobs are not
// the last Render's: after an edit that adds or removes a page (a tag's
// page, a note) they are, in the same order, but for a few. The jobs before
// the first path that differs are at their own places, those after the
// last at theirs counted from the end, and the paths between are looked
// up in a map. A map of all 23,000 paths, made on each such edit at
// 10,000 notes, and another of the paths for keepCards, took 2 to 5 ms of
// each tag edit, while no page was rendered.
type alignment struct {
	prefix, suffix int            // the paths the same at the start and at the end
	n, shift       int            // the jobs, and the last Render's jobs less them
	between        map[string]int // the last Render's places of its paths between
	// gone are the last Render's paths that no job has now.
	gone map[string]bool
}

// align returns the alignment of the jobs' paths now with last, the last
// Render's (paths are unique in each).
func align(last, now []string) alignment {
	a := alignment{n: len(now), shift: len(last) - len(now)}
	same := min(len(last), len(now))
	for a.prefix < same && last[a.prefix] == now[a.prefix] {
		a.prefix++
	}
	for a.suffix < same-a.prefix && last[len(last)-1-a.suffix] == now[len(now)-1-a.suffix] {
		a.suffix++
	}
	between := last[a.prefix : len(last)-a.suffix]
	a.between = make(map[string]int, len(between))
	for i, p := range between {
		a.between[p] = a.prefix + i
	}
	// A path between in last that is not between in now is gone: one
	// before or after is the same path in both, and paths are unique.
	nowBetween := make(map[string]bool, len(now)-a.prefix-a.suffix)
	for _, p := range now[a.prefix : len(now)-a.suffix] {
		nowBetween[p] = true
	}
	for _, p := range between {
		if !nowBetween[p] {
			if a.gone == nil {
				a.gone = map[string]bool{}
			}
			a.gone[p] = true
		}
	}
	return a
}

// find returns the last Render's place of the job at place i, whose path
// is path, and false when the last Render had no such job.
func (a *alignment) find(i int, path string) (int, bool) {
	switch {
	case i < a.prefix:
		return i, true
	case i >= a.n-a.suffix:
		return i + a.shift, true
	}
	at, ok := a.between[path]
	return at, ok
}

// frontIn reports whether any of deps is one of Changes.Fronts, looking
// at the pages only when their signature may hold a page in Fronts.
func (cr *cacheRun) frontIn(deps pageDeps) bool {
	if cr.frontList != nil {
		for k, f := range cr.frontList {
			if deps.sig.mayHold(cr.frontBits[k]) && slices.Contains(deps.list, f) {
				return true
			}
		}
		return false
	}
	return cr.anyFront(deps.list)
}

// anyFront reports whether any of pages is one of Changes.Fronts.
func (cr *cacheRun) anyFront(pages []*resolve.Page) bool {
	if cr.frontList != nil {
		for _, f := range cr.frontList {
			if slices.Contains(pages, f) {
				return true
			}
		}
		return false
	}
	return slices.ContainsFunc(pages, func(p *resolve.Page) bool { return cr.fronts[p] })
}

// failedSkip notes, for CheckSkips, something kept that should not have been.
func (cr *cacheRun) failedSkip(what string) {
	cr.mu.Lock()
	cr.skipErrors = append(cr.skipErrors, what)
	cr.mu.Unlock()
}

// skip reports whether a job's page keeps its last key: whether, by
// Changes, nothing its template receives can have changed.
func (cr *cacheRun) skip(j job, deps pageDeps) bool {
	if !cr.known || j.page != nil && cr.affected[j.page] || j.links && !cr.linksSame {
		return false
	}
	if cr.rebegun {
		// What every page shows of the site, the pages its key read the
		// surface of, and for a note the notes related to it and its
		// neighbours in its topic; a page shown for none of the site's
		// pages (a list) is made from the site's lists, but for a topic's,
		// whose key reads its notes' surfaces and nothing else of the
		// site's pages: it holds while the topic has the same notes (at
		// 10,000 notes, the 200 topics' keys were 2.6 ms of each title
		// edit's CPU).
		if j.page == nil && (j.tag == nil || !slices.Equal(deps.list, j.tag.Notes)) {
			return false
		}
		if j.kind.Name == "note" {
			if moved, ok := cr.notesMoved(); !ok || moved[j.page] {
				return false
			}
		}
		cr.siteOnce.Do(cr.siteSums)
		if cr.sitePart != cr.c.sitePart || cr.frontIn(deps) {
			return false
		}
	}
	if !cr.listsChanged {
		return true
	}
	if len(cr.wholeSite[j.kind.Template]) > 0 {
		return false
	}
	if j.page == nil {
		return true
	}
	cr.siteOnce.Do(cr.siteSums)
	return cr.mentions.same(&cr.c.mentions, j.place)
}

// hashRuns returns the runs of at least eight hexadecimal digits in name:
// the content hash of a published asset.
func hashRuns(name string) []string {
	var runs []string
	start := -1
	for i := 0; i <= len(name); i++ {
		hexDigit := i < len(name) && (name[i] >= '0' && name[i] <= '9' || name[i] >= 'a' && name[i] <= 'f')
		switch {
		case hexDigit && start < 0:
			start = i
		case !hexDigit && start >= 0:
			if i-start >= 8 {
				runs = append(runs, name[start:i])
			}
			start = -1
		}
	}
	return runs
}

// cached returns the last Render's page for the job at place i.
func (cr *cacheRun) cached(i int, path string) cachedPage {
	if cr.inPlace {
		return cr.c.pages[i]
	}
	if at, ok := cr.places.find(i, path); ok && at < len(cr.c.pages) {
		return cr.c.pages[at]
	}
	return cachedPage{}
}

// lookup returns the cached page for the job at place i, or its key, or
// cacheable false for pages that are always rendered.
func (cr *cacheRun) lookup(i int, w *work) (key pageKey, cacheable bool, page File, hit bool) {
	if cr == nil {
		return key, false, File{}, false
	}
	j := w.job
	if !j.cacheable {
		return key, false, File{}, false
	}
	old := cr.cached(i, j.path) // written in place only by this job
	found := old.ok
	if found && cr.skip(j, old.deps) {
		cr.skipped.Add(1)
		key = pageKey{old.key, old.deps}
		if cr.c.CheckSkips {
			if k, _ := cr.key(j.kind.Template, w.inputs(), 0); k != key.sum {
				cr.failedSkip(j.path)
			}
			cr.mu.Lock()
			cr.skippedPaths = append(cr.skippedPaths, j.path)
			cr.mu.Unlock()
		}
	} else {
		var deps []*resolve.Page
		key.sum, deps = cr.key(j.kind.Template, w.inputs(), len(old.deps.list))
		key.deps = depsOf(deps)
	}
	if !found || old.key != key.sum {
		return key, true, File{}, false
	}
	old.deps = key.deps
	if cr.remap != nil {
		kept, err := cr.remapped(old.kept, cr.remap)
		if err != nil {
			return key, true, File{}, false // render it again
		}
		old.kept = kept
	}
	cr.next[i] = old // when inPlace, into the cache's pages, written in place only by this job
	cr.reused.Add(1)
	return key, true, old.kept, true
}

// splicedOne counts a page whose long lists were spliced in (see
// Cache.Spliced).
func (cr *cacheRun) splicedOne() {
	if cr != nil {
		cr.spliced.Add(1)
	}
}

// store keeps a freshly rendered page: kept, which is page itself, or
// page packed (Options.Pack; see keep), not a copy, since an emitted page
// is never changed.
func (cr *cacheRun) store(i int, j job, key pageKey, view viewSum, cacheable bool, page []byte, kept File) {
	if cr == nil {
		return
	}
	cr.rendered.Add(1)
	if !cacheable {
		return
	}
	// Whether the page's asset addresses can be swapped is asked only
	// when they change (remapped): looking for each asset's hash in every
	// page rendered took 4 ms of each title edit's CPU at 10,000 notes.
	cr.next[i] = cachedPage{key.sum, kept, true, view, key.deps}
	cr.mu.Lock()
	cr.fresh = append(cr.fresh, j.path)
	cr.mu.Unlock()
}

// failed drops a page that did not render from the cache: the next Render
// must not take its last good bytes for it, even when Changes say its
// inputs did not change since this Render.
func (cr *cacheRun) failed(i int, j job) {
	if cr == nil || !j.cacheable {
		return
	}
	cr.next[i] = cachedPage{}
}

// finish replaces the cache's pages with those of this Render, dropping
// pages that are gone.
func (cr *cacheRun) finish() {
	if cr == nil {
		return
	}
	cr.c.pages = cr.next // the same slice when inPlace
	if !cr.inPlace {
		cr.c.order = cr.order
	}
	cr.c.assets = cr.assets
	if cr.known {
		// The docs of pages whose key was skipped were not looked at;
		// their fingerprints still hold, and those looked at are added
		// to them. Only the pages' current docs are kept (the cache must
		// not hold on to replaced pages), but not at every edit:
		// making the map afresh took 2 MB and a pass over every page.
		maps.Copy(cr.c.docs, cr.docs)
		s := cr.r.site
		if pages := len(s.Notes) + len(s.Sources) + len(s.Standalone) + len(s.Folders); len(cr.c.docs) > pages+staleDocs {
			current := make(map[*markup.Doc]docMemo, pages)
			for _, p := range s.Pages() {
				if m, ok := cr.c.docs[p.Doc]; ok {
					current[p.Doc] = m
				}
			}
			cr.c.docs = current
		}
	} else {
		cr.c.docs = cr.docs
	}
	cr.siteOnce.Do(cr.siteSums)
	cr.keepCards()
	if cr.timeline != nil {
		cr.c.timeline = *cr.timeline
	} else if len(cr.r.site.Events) == 0 {
		cr.c.timeline = entryList{}
	}
	cr.c.timelineLast = cr.timeline != nil
	cr.c.site, cr.c.global = cr.r.site, cr.global
	// The pages kept hold the assets of the Renders before, and this
	// Render's pages those it asked for: each as it is now.
	if cr.c.inlined == nil {
		cr.c.inlined = map[string][sha256.Size]byte{}
	}
	for name := range cr.r.inlined {
		cr.c.inlined[name] = [sha256.Size]byte{}
	}
	for name := range cr.c.inlined {
		cr.c.inlined[name] = sha256.Sum256(cr.r.inline[name])
	}
	cr.c.sitePart, cr.c.listSums, cr.c.mentions, cr.c.surfaces = cr.sitePart, cr.listSums, cr.mentions, cr.surfaces
	if cr.claimSums != nil {
		cr.c.claimSums, cr.c.eventSums, cr.c.events, cr.c.noteCards = cr.claimSums, cr.eventSums, cr.events, cr.noteCards
	}
	cr.c.linked = cr.linked
	cr.c.files = cr.files
	if len(cr.feedBodies) > 0 || !cr.known {
		cr.c.feedBodies = cr.feedBodies
	} // else the feed was kept, and so are its bodies
	cr.c.feedNotes = cr.feedNotes
	cr.c.sitemap = cr.sitemap
	if cr.sitemapXML != nil || cr.c.sitemap == nil {
		cr.c.sitemapXML = cr.sitemapXML
	} // else the sitemap was kept, and so are its url elements
	cr.c.Skipped = int(cr.skipped.Load())
	slices.Sort(cr.skipErrors)
	cr.c.SkipErrors = cr.skipErrors
	slices.Sort(cr.skippedPaths)
	cr.c.SkippedPaths = cr.skippedPaths
	cr.c.Rendered, cr.c.Reused, cr.c.Spliced = int(cr.rendered.Load()), int(cr.reused.Load()), int(cr.spliced.Load())
	slices.Sort(cr.fresh)
	cr.c.Fresh = cr.fresh
	slices.Sort(cr.same)
	cr.c.Same = cr.same
}

// swappable reports whether every content hash of the assets that page
// holds is inside the asset's address, so that a new address can be
// swapped in. A page that holds a hash in any other form (escaped for a
// query, say) is rendered again when the asset changes.
func swappable(page []byte, assets []assetRef) bool {
	for _, a := range assets {
		for _, h := range a.hashesBytes {
			if !inside(page, h, a.urlBytes) {
				return false
			}
		}
	}
	return true
}

// inside reports whether every place page holds hash is inside url, at a
// place url holds it. It looks for the hash alone, one pass over the page
// per hash: counting the addresses too took a second pass, and at 10,000
// notes the pages a title edit renders again are some 8 MB.
func inside(page, hash, url []byte) bool {
	for i := 0; ; {
		j := bytes.Index(page[i:], hash)
		if j < 0 {
			return true
		}
		at := i + j
		ok := false
		for off := bytes.Index(url, hash); off >= 0 && !ok; {
			ok = at >= off && bytes.HasPrefix(page[at-off:], url)
			next := bytes.Index(url[off+1:], hash)
			if next < 0 {
				break
			}
			off += 1 + next
		}
		if !ok {
			return false
		}
		i = at + 1
	}
}

// pageSet is a list of pages, each once. Most pages' keys read a few
// dozen others, which are looked for in the list; past smallPageSet a map
// is made. A map for every key, and a list grown for every key, were a
// twentieth of a front-matter edit's allocation at 10,000 notes.
type pageSet struct {
	list []*resolve.Page
	seen map[*resolve.Page]bool // once list is longer than smallPageSet
}

const smallPageSet = 32

// newPageSet returns a set sized for hint pages: the number the page's
// last key read.
func newPageSet(hint int) pageSet {
	s := pageSet{list: make([]*resolve.Page, 0, hint)}
	if hint > smallPageSet {
		s.seen = make(map[*resolve.Page]bool, hint)
	}
	return s
}

func (s *pageSet) add(p *resolve.Page) {
	if s.seen != nil {
		if !s.seen[p] {
			s.seen[p] = true
			s.list = append(s.list, p)
		}
		return
	}
	if slices.Contains(s.list, p) {
		return
	}
	s.list = append(s.list, p)
	if len(s.list) > smallPageSet {
		s.seen = make(map[*resolve.Page]bool, 2*len(s.list))
		for _, q := range s.list {
			s.seen[q] = true
		}
	}
}

// docSum fingerprints a parsed page: its headings and parse problems, and
// its body's HTML, which is all a page shows of its syntax
// tree with what the resolve stage wrote into it. The HTML is the one the
// build kept when it let the tree go (markup.Freeze), else rendered from
// the tree. The fingerprint is kept from one Render to the next while the
// resolve stage has not filled the tree in again (Stamps): a page
// whose body is unchanged is then not looked at. Each field is named;
// TestDocSumFields fails when markup.Doc gains one.
func (cr *cacheRun) docSum(d *markup.Doc) digest.Sum {
	stamp := cr.stamp(d)
	cr.mu.Lock()
	m, ok := cr.docs[d]
	if !ok {
		m, ok = cr.c.docs[d]
		ok = ok && stamp != 0 && m.stamp == stamp
	}
	cr.mu.Unlock()
	if ok {
		cr.mu.Lock()
		cr.docs[d] = m
		cr.mu.Unlock()
		return m.sum
	}
	m = docMemo{stamp: stamp, sum: docFingerprint(cr.r.md, d)}
	cr.mu.Lock()
	cr.docs[d] = m
	cr.mu.Unlock()
	return m.sum
}

// stamp returns d's stamp (see Stamps), or 0 without Stamps.
func (cr *cacheRun) stamp(d *markup.Doc) uint64 {
	if cr.stamps == nil {
		return 0
	}
	return cr.stamps.Stamp(d)
}

// docFingerprint is docSum's fingerprint of d, with md to render a body
// whose tree was kept.
func docFingerprint(md *markup.Markdown, d *markup.Doc) digest.Sum {
	var h digest.Hasher
	// Source counts through the HTML rendered from it: the preview lets it
	// go once the body is frozen (see markup.Doc.StoreSource).
	h.AddInt(len(d.Headings))
	for _, hd := range d.Headings {
		h.AddInt(hd.Level)
		h.AddString(hd.ID)
		h.AddString(hd.Text)
	}
	h.AddInt(len(d.Problems))
	for _, p := range d.Problems {
		h.AddInt(p.Offset)
		h.AddInt(int(p.Severity))
		h.AddString(string(p.Code))
		h.AddString(p.Message)
		h.AddString(p.Hint)
	}
	if html, ok := d.HTML(); ok {
		h.AddBytes(html)
	} else if d.Root != nil {
		var buf bytes.Buffer
		if err := md.Render(&buf, d); err != nil {
			// The page fails to render, and is not cached.
			h.AddString("error: " + err.Error())
		} else {
			h.AddBytes(buf.Bytes())
		}
	}
	return h.Sum()
}
