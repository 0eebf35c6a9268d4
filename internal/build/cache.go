package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/publish"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/search"
)

// Cache carries work from one build of a site to the next; the preview
// server keeps one. A file whose bytes are unchanged is not decoded again
// (see content.Memo); a page whose Markdown body is unchanged keeps its
// parse (the body's HTML and headings: each tree is let go once its page
// is resolved, markup.Freeze), and is parsed again only when it must be
// resolved again (markup.Thaw); when no front matter changed, the last
// build's resolved site is reused and only the pages whose bodies changed
// are resolved and indexed again; when front matter changed, the site is begun again around the
// last build's pages and only the changed pages and the pages whose resolve
// read them are resolved and indexed again (see rebegin); a page whose
// inputs are unchanged is not rendered again, and after such edits its
// inputs' fingerprint is not taken again (see render.Cache and Changes);
// the files' commit dates are read from git again only when its HEAD has
// moved. A build with a Cache gives the same files as one without.
//
// A Cache is for one site and one set of Options; it is not safe for
// concurrent builds.
type Cache struct {
	docs map[string]placedDoc // by file path
	// placed are the last build's parsed pages by their place in its
	// pages, with the files they were parsed from: while the site keeps
	// its pages, a page whose file the load stage kept (see content.Memo)
	// keeps its tree without a lookup by path and without a look at its
	// bytes, two reads of memory that is cold by then (4 ms of a body
	// edit's rebuild at 10,000 notes).
	placed   []placedDoc
	render   *render.Cache
	memo     *content.Memo // the files, decoded
	git      gitMemo       // the files' commit dates, and the commit they were read at
	resolved *resolved     // the last build's resolve stage
	// unrendered are the changes to the resolved site since the last
	// render (builds with errors do not render), or nil when they are not
	// known: the site was made afresh since.
	unrendered *render.Changes
	// articles are the last build's article texts, by source id, each
	// with its resolve.FoldText (see resolve.Input.Folded).
	articles map[string]foldedText
	// bodies holds the rendered bodies of the parsed pages (see
	// markup.FreezeTo and bodyStore).
	bodies *packed.Store
	// Moved counts the times the bodies still kept were copied to a new
	// store, leaving those no longer kept behind (see bodyStore).
	Moved int
	// minGarbage is this Cache's threshold for bodyStore: see
	// defaultMinGarbage.
	minGarbage int64
	rebegin    rebeginScratch // see rebegin
	// look is the last build's site as rebegin compares it with the next
	// (see lastLook), taken while the preview waits for the next edit;
	// looking is the goroutine taking it.
	look    lastLook
	looking sync.WaitGroup
	// bodiesLive are the bytes of bodies the parsed pages keep, counted
	// when the last build ended (see countLater); zero when not.
	bodiesLive liveBytes
	// schemas are the last build's JSON Schemas (see withSchemas).
	schemas map[schemaKey][]byte
	// stamps say when each parsed page was last resolved, for the render
	// cache (see stamps).
	stamps stamps
	// published is the last build's loaded site and what publish decided
	// of it (see filter).
	published struct {
		site *content.Site
		res  *publish.Result
	}
}

// filter decides what of site the build publishes (publish.Filter): with
// a Cache, from the last build's decision for the last loaded site, kept
// together, looking again only at the pages loaded again (publish.Refilter)
// while none is held back.
func (c *Cache) filter(site *content.Site, opts publish.Options) *publish.Result {
	if c == nil {
		return publish.Filter(site, opts)
	}
	r := publish.Refilter(site, opts, c.published.site, c.published.res)
	c.published.site, c.published.res = site, r
	return r
}

// defaultMinGarbage is how much of the Cache's store of bodies must be bodies no
// longer kept (and more than half of it) before those still kept are
// copied to a new one, and the old one let go. At 10,000 notes the bodies
// take 55 MB packed; an edit to a note's text writes one again (3 KB), an
// edit to its title the bodies of the pages that link to it.
const defaultMinGarbage = 32 << 20

// bodyStore returns the store the parsed pages' bodies go to (see
// markup.FreezeTo), so that the preview does not hold them in memory: the
// last build's, or a new one holding the bodies still kept when most of
// the last one is bodies no longer kept. It returns nil, and the bodies
// are kept in memory, when no store can be made.
func (c *Cache) bodyStore() *packed.Store {
	live, known := c.bodiesLive.bytes, c.bodiesLive.store == c.bodies
	c.bodiesLive = liveBytes{}
	if !known {
		live = packed.Live(c.bodies, c.heldBodies)
	}
	var moved bool
	c.bodies, moved = packed.RenewLive(c.bodies, "dossier-bodies", c.minGarbage, live, func(fresh *packed.Store) {
		for _, d := range c.docs {
			// A body that cannot be moved keeps the old store readable.
			_ = d.doc.MoveTo(fresh)
		}
	})
	if moved {
		c.Moved++
	}
	return c.bodies
}

// heldBodies yields the refs of the bodies and Markdown the parsed pages
// keep in the store.
func (c *Cache) heldBodies(yield func(packed.Ref) bool) {
	for _, d := range c.docs {
		if !yield(d.doc.Stored()) || !yield(d.doc.StoredSource()) {
			return
		}
	}
}

// liveBytes are the bytes of store that the parsed pages keep, counted
// when a build ended (see countLater).
type liveBytes struct {
	store *packed.Store
	bytes int64
}

// countLater counts, in a goroutine, the bytes of the store of bodies that
// the parsed pages keep, while the preview waits for the next edit: the
// next build's bodyStore needs the count, and nothing changes it before
// (the pages are parsed after bodyStore), but a look at every page's Doc
// then reads memory cold by the edit (1.5 ms of each front-matter edit's
// CPU at 10,000 notes, on one core before the pages are parsed). The next
// build waits for it (settle).
func (c *Cache) countLater() {
	if c == nil || c.bodies == nil {
		return
	}
	store := c.bodies
	c.looking.Go(func() { c.bodiesLive = liveBytes{store, packed.Live(store, c.heldBodies)} })
}

type foldedText struct{ text, folded string }

// folded returns resolve.FoldText of each article text, the last build's
// for a text that is the same; nil when c is nil.
func (c *Cache) folded(articles map[string]string) map[string]string {
	if c == nil {
		return nil
	}
	out := make(map[string]string, len(articles))
	next := make(map[string]foldedText, len(articles))
	for id, text := range articles {
		f, ok := c.articles[id]
		if !ok || f.text != text {
			f = foldedText{text, resolve.FoldText(text)}
		}
		out[id], next[id] = f.folded, f
	}
	c.articles = next
	return out
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{docs: map[string]placedDoc{}, render: render.NewCache(), minGarbage: defaultMinGarbage}
}

// placedDoc is a page's tree and the file it was parsed from.
type placedDoc struct {
	file *content.File
	doc  *markup.Doc
}

// pageParser parses the pages of one build, through the cache when there is
// one.
type pageParser struct {
	c  *Cache
	md *markup.Markdown
	// samePages says that the site has the same pages as the last build's,
	// in the same order (resolveRun.samePages: a body or front-matter
	// edit), so that no page's parse is to be dropped: only new parses
	// are put in the cache, by finish. Otherwise next holds every page's:
	// at 10,000 notes, making it again took about 5 ms of each
	// front-matter edit.
	samePages bool
	mu        sync.Mutex
	next      map[string]placedDoc
	// moved are, in samePages mode, the paths of the files that a page
	// no longer has (a note moved to another folder keeps its address),
	// whose parses finish drops.
	moved    []string
	placed   []placedDoc // the next Cache.placed
	parsed   atomic.Int64
	done     atomic.Int64
	total    int
	progress func(done, total int)
}

func (c *Cache) parser(md *markup.Markdown, total int, samePages bool, progress func(string, int, int)) *pageParser {
	p := &pageParser{c: c, md: md, total: total, samePages: samePages, progress: stageProgress(progress, "parse")}
	if c != nil {
		p.next = make(map[string]placedDoc)
		p.placed = c.placed
		if !samePages || len(p.placed) != total {
			p.placed = make([]placedDoc, total)
		}
	}
	return p
}

// parse returns the parsed body of f, the i'th page, from the cache when
// the body is the one parsed last time.
func (p *pageParser) parse(i int, f *content.File) *markup.Doc {
	if p.progress != nil {
		p.progress(int(p.done.Add(1)), p.total)
	}
	if p.c == nil {
		p.parsed.Add(1)
		return p.md.Parse(f.Body)
	}
	if p.samePages && p.placed[i].file == f {
		return p.placed[i].doc
	}
	if was := p.placed[i].file; p.samePages && was != nil && was.Path != f.Path {
		p.mu.Lock()
		p.moved = append(p.moved, was.Path)
		p.mu.Unlock()
	}
	last := p.c.docs[f.Path] // written only by finish
	doc := last.doc
	// The load stage gives the same File for a file whose bytes are
	// unchanged (content.Memo), and the preview lets that File's Body go
	// once it is parsed (see letGo).
	fresh := doc == nil || last.file != f && !sameSource(doc, f.Body)
	p.placed[i] = placedDoc{f, doc} // each i is written by one goroutine
	if fresh {
		doc = p.md.Parse(f.Body)
		p.parsed.Add(1)
		p.placed[i].doc = doc
	}
	if fresh || !p.samePages || last.file != f {
		p.mu.Lock()
		p.next[f.Path] = placedDoc{f, doc}
		p.mu.Unlock()
	}
	return doc
}

// sameSource reports whether doc was parsed from body: at once for the
// same slice, else by reading back the Markdown doc let go
// (markup.Doc.StoreSource), which only a file that was read again needs.
func sameSource(doc *markup.Doc, body []byte) bool {
	if doc.Source != nil {
		return sameBytes(doc.Source, body)
	}
	src, err := doc.Markdown()
	return err == nil && bytes.Equal(src, body)
}

// sameBytes is bytes.Equal, at once for the same slice: a file the load
// stage took from its memo has the same body as last time.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) || bytes.Equal(a, b)
}

// letGo lets go of the Markdown of page p, parsed as doc and frozen, once
// it is resolved and indexed: the Doc writes it to store, and the file
// the load stage keeps for the next build lets go of its copy (the same
// bytes), as does the page's index of lines. The preview keeps every
// page's Doc, so that this is 60 MB at 10,000 notes; a page that must be
// resolved again is parsed again from the stored copy (markup.Thaw).
func letGo(p *resolve.Page, doc *markup.Doc, store *packed.Store) {
	if doc.StoreSource(store) {
		p.File.Body = nil
		p.ForgetLines()
	}
}

// finish keeps this build's parsed pages (dropping deleted files) and
// returns how many were parsed.
func (p *pageParser) finish() int {
	switch {
	case p.c == nil:
	case p.samePages:
		for _, path := range p.moved {
			if _, kept := p.next[path]; !kept && !slices.ContainsFunc(p.placed, func(d placedDoc) bool { return d.file != nil && d.file.Path == path }) {
				p.c.drop(path)
			}
		}
		maps.Copy(p.c.docs, p.next)
		p.c.placed = p.placed
	default:
		for path := range p.c.docs {
			if _, kept := p.next[path]; !kept {
				p.c.drop(path)
			}
		}
		p.c.docs, p.c.placed = p.next, p.placed
	}
	return int(p.parsed.Load())
}

// drop forgets the parse of the file at path, which no page has now. A
// file whose body was let go (see letGo) is read again if it is loaded
// again: its page may come back (a duplicate slug that hid it is gone)
// with no change to the file.
func (c *Cache) drop(path string) {
	if last := c.docs[path]; last.file != nil && last.file.Body == nil {
		c.memo.Forget(path)
	}
	delete(c.docs, path)
}

// Spare readies, while the preview is idle, the memory the next build
// writes its largest pages into (render.Cache.Spare). It may run while a
// build does.
func (c *Cache) Spare() { c.pages().Spare() }

func (c *Cache) pages() *render.Cache {
	if c == nil {
		return nil
	}
	return c.render
}

// docStamps returns the stamps the render cache reads (render.Stamps), or
// nil without a Cache.
func (c *Cache) docStamps() render.Stamps {
	if c == nil {
		return nil
	}
	return &c.stamps
}

// rendered returns how many pages the last render rendered.
func (c *Cache) rendered(files int) int {
	if c == nil {
		return files
	}
	return c.render.Rendered
}

// progressEvery is how many pages a stage does between the calls to a
// build's progress function, which is told of the first page and the last
// as well.
const progressEvery = 64

// stageProgress adapts a build's progress function to one stage, called
// with each page's count (each count once, from one goroutine or another),
// and passes on the first, the last and every progressEvery-th: the
// command's progress line looks at the clock and takes a lock on each
// call, 22,000 times in each preview rebuild at 10,000 notes (1.2 ms of a
// title edit's CPU), for a line it redraws at most ten times a second.
func stageProgress(progress func(string, int, int), stage string) func(int, int) {
	if progress == nil {
		return nil
	}
	return func(done, total int) {
		if done == 1 || done == total || done%progressEvery == 0 {
			progress(stage, done, total)
		}
	}
}

// load loads the site, through the cache's memo when there is one.
func (c *Cache) load(fsys fs.FS, changed []string, diags *diag.List) *content.Site {
	if c == nil {
		return content.Load(fsys, diags)
	}
	if c.memo == nil {
		c.memo = content.NewMemo()
	}
	if changed != nil {
		c.memo.OnlyChanged(changed)
	}
	return content.LoadMemo(fsys, diags, c.memo)
}

// resolved is what the resolve stage made of the last build, kept so that
// a build whose front matter is all unchanged (an editor changed the body
// of a page) resolves only the pages whose bodies changed.
type resolved struct {
	sum     uint64   // of everything the resolve stage reads but pages' bodies and front matter: see frontSum
	pages   []uint64 // of each page's front matter, in the order of site.Pages: see frontSum
	summed  []summed // what each of pages was summed from
	site    *resolve.Site
	begin   []diag.Diagnostic     // what Begin reported
	results []*resolve.PageResult // by page, in the order of site.Pages
	diags   [][]diag.Diagnostic   // what ResolvePage reported, by page
	index   *search.Builder
	stop    []string // the index's stop words
}

// samePages reports whether two sites have the same pages, by path, in the
// same order.
func samePages(a, b *resolve.Site) bool {
	ap, bp := a.Pages(), b.Pages()
	if len(ap) != len(bp) || len(a.Notes) != len(b.Notes) || len(a.Sources) != len(b.Sources) || len(a.Standalone) != len(b.Standalone) {
		return false
	}
	for i, p := range ap {
		if bp[i].Path != p.Path {
			return false
		}
	}
	return true
}

// resolveRun is the resolve stage of one build, through the cache when
// there is one.
type resolveRun struct {
	c     *Cache
	site  *resolve.Site
	reuse bool // site is the last build's, and so are the results of pages whose Doc is unchanged
	// samePages: site has the last build's pages, by path, in the same
	// order (as when reuse), though their front matter may have changed.
	samePages bool
	last      *resolved
	next      *resolved
	index     *search.Builder
	diags     *diag.List
	// On a reused site: the pages resolved again (by index in
	// site.Pages), and what Finish will replace, for changes.
	again  []bool
	before *incoming
	// On a site made again by Rebegin: the pages whose last result holds
	// (by index in site.Pages), when their body is unchanged, and the
	// pages whose front matter or surface changed.
	kept     []bool
	fronts   map[*resolve.Page]bool
	resolved atomic.Int64 // pages resolved
	thawed   atomic.Int64 // pages parsed again to be resolved again (markup.Thaw)
	ahead    *ahead       // the pages parsed again ahead of the parse phase, or nil
}

// rebegin makes the site again from its new front matter (resolve.Rebegin),
// when the site-wide part of it is unchanged (last.sum), and says which
// pages changed (their front matter, their surface, resolve.Page.Surface,
// or the pages Begin ties them to, resolve.Page.Ties) and which pages' last
// results hold: those of pages that did not change, whose last resolve
// reported nothing and read nothing that changed (see change, and
// resolve.PageResult.Reads, recorded in a readIndex). None holds when the
// pages are not the same, in the same order, or when a note's aliases
// changed, which change what a link finds. A title edit at 10,000 notes
// then resolves the page and the pages that show its title (a link to it
// without text of its own), not the whole site again; a summary edit, the
// page and the pages that link to it; a tag edit, the page and the pages
// that read the site whole (see change).
func rebegin(in resolve.Input, last *resolved, sums []uint64, look *lastLook, scratch *rebeginScratch, diags *diag.List) (*resolve.Site, []bool, map[*resolve.Page]bool) {
	defer scratch.keep(look.surfaces, look.ties, look.at)
	before := last.site.Pages()
	// last.site's pages are taken by the new site, made again: after this
	// last.site's lists name pages that are the new site's (begin's
	// samePages then compares them by path, which is still right).
	s := resolve.Rebegin(in, last.site, diags)
	after := s.Pages()
	if !slices.Equal(before, after) || !maps.Equal(look.aliases, aliasPaths(s)) {
		scratch.reset()
		return s, nil, nil
	}
	// Each page compared on a core of its own half of the site (at
	// 10,000 notes, 1.2 ms of each front-matter edit on one).
	differs := make([]change, len(after))
	inHalves(len(after), func(lo, hi int) {
		var now []*resolve.Page
		for i := lo; i < hi; i++ {
			p := after[i]
			now = p.AppendTies(now[:0])
			front := sums[i] != last.pages[i]
			surface, was := p.Surface(), look.surfaces[i]
			switch {
			case !slices.Equal(now, look.ties[look.at[i]:look.at[i+1]]) || front && p.Kind == resolve.KindSource:
				differs[i] = changedRead
			case surface != was && surface.Untitled() == was.Untitled():
				differs[i] = changedTitle
			case surface != was:
				differs[i] = changedRead
			case front:
				differs[i] = changedOwn
			}
		}
	})
	// The pages that changed, those of them whose change the pages that
	// read them see, and those whose change only the pages that show
	// their title see (see change).
	changed, read, titled := make(map[*resolve.Page]bool), make(map[*resolve.Page]bool), make(map[*resolve.Page]bool)
	for i, d := range differs {
		if d != unchanged {
			changed[after[i]] = true
		}
		switch d {
		case changedRead:
			read[after[i]] = true
		case changedTitle:
			titled[after[i]] = true
		}
	}
	// An edit changes a page or a few, which each page's reads (a few
	// dozen) are looked for in as a list: looked up in the map, they took
	// 5 ms of each front-matter edit at 10,000 notes.
	isChanged := func(q *resolve.Page) bool { return changed[q] }
	if len(changed) <= smallChange {
		list := slices.Collect(maps.Keys(changed))
		isChanged = func(q *resolve.Page) bool { return slices.Contains(list, q) }
	}
	// The pages whose last result read a page that changed, or showed
	// the title of one whose title alone changed, found by the pages that
	// changed (readIndex).
	scratch.update(last.results)
	kept := make([]bool, len(after))
	scratch.reads.mark(read, kept) // true: the last result does not hold
	scratch.titles.mark(titled, kept)
	for i, p := range after {
		kept[i] = !kept[i] && !isChanged(p) && last.results[i] != nil && len(last.diags[i]) == 0
	}
	return s, kept, changed
}

// change is how a page changed since the last build, for rebegin.
type change uint8

const (
	unchanged change = iota
	// changedOwn: its front matter, but neither its surface nor its ties
	// (a note's tags, its dates, its events). The resolve of another page
	// reads none of those but when it reads the site whole (a timeline of
	// other notes' events, a link to a topic's page: see
	// resolve.PageResult.Reads), and such a page is resolved again on any
	// front-matter edit. A link reads its target's surface alone: its
	// kind, slug, address, title, summary, card line and held-back state
	// (resolve's resolveLink).
	changedOwn
	// changedTitle: its title, and nothing else of its surface (see
	// resolve.Surface.Untitled), nor its ties; not a source. Only the
	// pages that show its title are resolved again (those that link to it
	// without text of their own: resolve.PageResult.Titled): a link with
	// text of its own shows its target's address and summary alone. At
	// 10,000 notes, where most links have their own text, a title edit of
	// a note 15 others link to resolved and parsed 21 pages again.
	changedTitle
	// changedRead: its surface (resolve.Page.Surface) or its ties, or the
	// front matter of a source, whose excerpts, outlet and the rest its
	// citations read: the pages that read it are resolved again.
	changedRead
)

// smallChange is the most pages changed that rebegin looks for in a list
// rather than in a map.
const smallChange = 16

// inHalves calls fn on [0, n) in two halves, side by side.
func inHalves(n int, fn func(lo, hi int)) {
	var wg sync.WaitGroup
	wg.Go(func() { fn(0, n/2) })
	fn(n/2, n)
	wg.Wait()
}

// lastLook is the last build's site as a front-matter edit's rebegin and
// Refinish compare the site begun again with: every page's surface and
// ties (page i's are ties[at[i]:at[i+1]]: a page has six or seven but for
// a folder's members and a source's chains), the aliases, and what Finish
// gave the pages. The build takes it when it ends (lookLater), while the
// preview waits for the next edit: taken then, it was 1.8 ms of each
// front-matter edit at 10,000 notes, and it holds until the next build
// begins, which nothing between changes.
type lastLook struct {
	site     *resolve.Site // the site looked at, or nil
	surfaces []resolve.Surface
	ties     []*resolve.Page
	at       []int
	aliases  map[string]string
	incoming *incoming
}

// lookAt returns s looked at (see lastLook). The lists it holds are the
// scratch's, which rebegin gives back.
func lookAt(s *resolve.Site, scratch *rebeginScratch) lastLook {
	pages := s.Pages()
	surfaces, ties, at := scratch.take(len(pages))
	for i, p := range pages {
		surfaces[i] = p.Surface()
		ties = p.AppendTies(ties)
		at[i+1] = len(ties)
	}
	return lastLook{site: s, surfaces: surfaces, ties: ties, at: at, aliases: aliasPaths(s), incoming: incomingOf(s)}
}

// lookLater begins to look at the last build's site (see lastLook), in a
// goroutine of its own that the next build waits for (settle).
func (c *Cache) lookLater() {
	if c == nil || c.resolved == nil {
		return
	}
	s := c.resolved.site
	c.looking.Go(func() { c.lookAgain(s) })
}

// lookAgain looks at s, the scratch's lists given back first: a look no
// rebegin used (the build after it made a new site, or reused it) holds
// the pages of its site, and a shorter look would leave them past its
// end, keeping a site the Cache no longer has.
func (c *Cache) lookAgain(s *resolve.Site) {
	if c.look.site != nil {
		c.rebegin.keep(c.look.surfaces, c.look.ties, c.look.at)
	}
	c.look = lookAt(s, &c.rebegin)
}

// settle waits until the last build's site is looked at: a build begins
// by it, since its load stage writes what the files' pages point to.
func (c *Cache) settle() {
	if c != nil {
		c.looking.Wait()
	}
}

// lookFor returns the last build's site looked at, looking at it now when
// that was not done (or was done to another site).
func (c *Cache) lookFor(s *resolve.Site) *lastLook {
	c.settle()
	if c.look.site != s {
		c.lookAgain(s)
	}
	return &c.look
}

// rebeginScratch holds rebegin's lists of every page's surface and ties
// from one front-matter edit to the next: at 10,000 notes they are 2 MB,
// made on every such edit.
type rebeginScratch struct {
	surfaces []resolve.Surface
	ties     []*resolve.Page
	at       []int
	// reads records which pages the last results read, and titles which
	// pages' titles they showed (resolve.PageResult.Titled), while the
	// site keeps its pages (rebegin).
	reads, titles readIndex[*resolve.PageResult]
}

// update brings the read indexes up to date with the last build's results.
func (s *rebeginScratch) update(results []*resolve.PageResult) {
	s.reads.reads = (*resolve.PageResult).Reads
	s.titles.reads = titledReads
	s.reads.update(results)
	s.titles.update(results)
}

// titledReads is PageResult.Titled as a readIndex reads it: a result that
// read the site whole is resolved again by reads' mark already.
func titledReads(r *resolve.PageResult, read func(*resolve.Page)) bool {
	r.Titled(read)
	return true
}

// reset lets go of what the read indexes record: the site's pages are no
// longer the same.
func (s *rebeginScratch) reset() {
	s.reads.reset()
	s.titles.reset()
}

// take returns the lists for n pages: surfaces and at of length n and n+1,
// ties empty. Their contents are lookAt's to write.
func (s *rebeginScratch) take(n int) ([]resolve.Surface, []*resolve.Page, []int) {
	if cap(s.surfaces) < n {
		s.surfaces = make([]resolve.Surface, n)
	}
	if cap(s.at) < n+1 {
		s.at = make([]int, n+1)
	}
	if cap(s.ties) < 8*n {
		s.ties = make([]*resolve.Page, 0, 8*n)
	}
	return s.surfaces[:n], s.ties[:0], s.at[:n+1]
}

// keep holds the lists, grown as they may have been, for the next take;
// the pages they point to are cleared, so as not to keep the last site's.
func (s *rebeginScratch) keep(surfaces []resolve.Surface, ties []*resolve.Page, at []int) {
	clear(surfaces)
	clear(ties)
	s.surfaces, s.ties, s.at = surfaces, ties, at
}

// aliasPaths gives each alias of a site the path of the note it names.
func aliasPaths(s *resolve.Site) map[string]string {
	out := make(map[string]string, len(s.Aliases))
	for a, p := range s.Aliases {
		out[a] = p.Path
	}
	return out
}

// incoming is what Finish gives each page of a site from the other pages,
// and the site's lists that Finish makes.
type incoming struct {
	backlinks [][]*resolve.Backlink
	citedBy   [][]*resolve.Citing
	claims    [][]*resolve.SourceClaim
	claimList []*resolve.Claim
	needed    []*resolve.Needed
}

func incomingOf(s *resolve.Site) *incoming {
	pages := s.Pages()
	in := &incoming{backlinks: make([][]*resolve.Backlink, len(pages)), citedBy: make([][]*resolve.Citing, len(pages)),
		claims: make([][]*resolve.SourceClaim, len(pages)), claimList: s.Claims, needed: s.Needed}
	for i, p := range pages {
		in.backlinks[i], in.citedBy[i], in.claims[i] = p.Backlinks, p.CitedBy, p.Claims
	}
	return in
}

// begin starts the resolve stage: the last build's site when nothing but
// page bodies changed, else a new one. pack keeps the search index's page
// fragments compressed (search.Builder.Pack), as the pages are
// (Options.Pack).
func (c *Cache) begin(in resolve.Input, md *markup.Markdown, pack bool, diags *diag.List) *resolveRun {
	pages := len(in.Site.Notes) + len(in.Site.Sources) + len(in.Site.Pages) + len(in.Site.Folders)
	stop := search.StopFor(in.Site.Config.Language)
	if c == nil {
		s := resolve.Begin(in, diags)
		return &resolveRun{site: s, index: search.NewBuilder(pages, stop), diags: diags}
	}
	var lastSums []uint64
	var lastSummed []summed
	if c.resolved != nil {
		lastSums, lastSummed = c.resolved.pages, c.resolved.summed
	}
	sum, sums, summed := frontSum(in, lastSums, lastSummed)
	r := &resolveRun{c: c, last: c.resolved, diags: diags}
	if last := c.resolved; last != nil && last.sum == sum && slices.Equal(last.pages, sums) {
		r.site, r.reuse, r.samePages, r.index = last.site, true, true, last.index
		r.site.Reuse(in)
		for _, d := range last.begin {
			diags.Add(d)
		}
		r.next = &resolved{sum: sum, pages: sums, summed: summed, site: r.site, begin: last.begin, index: r.index, stop: stop}
		r.again = make([]bool, pages)
	} else {
		bd := &diag.List{}
		if last := c.resolved; last != nil && last.sum == sum && len(last.pages) == len(sums) {
			r.ahead = c.parseAhead(md, in, last, sums)
			look := c.lookFor(last.site) // Rebegin makes the lists again
			r.site, r.kept, r.fronts = rebegin(in, last, sums, look, &c.rebegin, bd)
			if r.kept != nil {
				r.before = look.incoming
				r.again = make([]bool, pages)
			}
			c.look = lastLook{} // its lists were given back to the scratch
		} else {
			r.site = resolve.Begin(in, bd)
			c.rebegin.reset() // a new site's pages
		}
		r.samePages = c.resolved != nil && samePages(c.resolved.site, r.site)
		if last := c.resolved; r.samePages && slices.Equal(last.stop, stop) {
			// The same pages in the same order, whose front matter
			// changed: the index adds again only the pages that read
			// otherwise now (search.Builder.Add).
			r.index = last.index
		} else {
			r.index = search.NewBuilder(pages, stop)
			r.index.Keep = true // the next build adds only the pages it resolves again
			r.index.Pack = pack
		}
		r.next = &resolved{sum: sum, pages: sums, summed: summed, site: r.site, begin: bd.Sorted(), index: r.index, stop: stop}
		diags.Merge(bd)
	}
	r.next.results = make([]*resolve.PageResult, pages)
	r.next.diags = make([][]diag.Diagnostic, pages)
	return r
}

// page resolves and indexes page i, whose parsed body is doc. A doc whose
// tree was let go after the last build resolved it (markup.Freeze) is
// parsed again by md when the page must be resolved again.
func (r *resolveRun) page(i int, p *resolve.Page, doc *markup.Doc, md *markup.Markdown) *resolve.PageResult {
	if r.c == nil {
		r.resolved.Add(1)
		res := r.site.ResolvePage(p, doc, r.diags)
		r.index.AddPage(i, p)
		return res
	}
	if (r.reuse || r.kept != nil && r.kept[i]) && doc == p.Doc && r.last.results[i] != nil {
		// The same body in the same site, or in a site made again
		// whose changes it did not read: the same result.
		r.next.results[i], r.next.diags[i] = r.last.results[i], r.last.diags[i]
	} else {
		if r.again != nil {
			r.again[i] = true // each i is written by one goroutine
		}
		r.resolved.Add(1)
		if doc.Root == nil {
			r.ahead.thaw(md, doc)
			r.thawed.Add(1)
		}
		pd := &diag.List{}
		r.next.results[i] = r.site.ResolvePage(p, doc, pd)
		r.c.stamps.stamp(doc)
		r.next.diags[i] = pd.Sorted()
		r.index.AddPage(i, p)
	}
	for _, d := range r.next.diags[i] {
		r.diags.Add(d)
	}
	return r.next.results[i]
}

// finishSite runs resolve.Site.Finish, or Refinish, which makes again only
// the lists that the pages resolved again change: on a reused site, and on
// one made again around the last build's pages (rebegin), whose every page
// was either resolved again or given its last result. Rebegin cleared the
// pages' backlink, cited-by and claim lists, and the site's claims; they
// are given back the last Finish's first. At 10,000 notes, a title edit's Finish made every list
// again: 15 ms of the edit.
func (r *resolveRun) finishSite(results []*resolve.PageResult, diags *diag.List) {
	switch {
	case r.reuse:
		r.site.Refinish(r.last.results, results, r.again, true, diags)
	case r.kept != nil:
		// The lists and the claims as the last Finish left them: at
		// 10,000 notes, making the claims again (6,000 of them, and
		// each source's list) took 4 ms of a title edit, alone on one
		// core, when the pages resolved again held the same claims.
		for i, p := range r.site.Pages() {
			p.Backlinks, p.CitedBy, p.Claims = r.before.backlinks[i], r.before.citedBy[i], r.before.claims[i]
		}
		r.site.Claims = r.before.claimList
		r.site.Refinish(r.last.results, results, r.again, true, diags)
	default:
		r.site.Finish(results, diags)
	}
}

// beforeFinish notes, on a reused site, what Finish is about to replace.
func (r *resolveRun) beforeFinish() {
	if r.reuse {
		r.before = incomingOf(r.site)
	}
}

// changes says, on a reused site or one made again around the last
// build's pages, what changed since the last build for render.Cache: the
// pages resolved again, the pages whose backlinks, citations or claims
// Finish changed, and on a site made again the pages whose front matter
// or surface changed (Changes.Fronts); nil when the site is new.
func (r *resolveRun) changes() *render.Changes {
	if r.before == nil {
		return nil
	}
	// A reused site keeps its events, and Rebegin says whether it did.
	ch := &render.Changes{Pages: map[*resolve.Page]bool{}, Fronts: r.fronts, EventsKept: r.reuse || r.site.EventsKept()}
	// A page resolved again has new claims and needed citations: compared
	// by value, so that an edit elsewhere in its body does not count as a
	// change of the site's lists (every page whose template shows them
	// would take its key again). Meanwhile each page's lists as Finish
	// left them, against those before it (not copied again: the copy was
	// 1 ms of each edit at 10,000 notes), on a core each for half the
	// pages (on one, 1.4 ms of each front-matter edit with the lists).
	var lists sync.WaitGroup
	lists.Go(func() {
		ch.Lists = !slices.EqualFunc(r.before.claimList, r.site.Claims, (*resolve.Claim).Same) ||
			!slices.EqualFunc(r.before.needed, r.site.Needed, func(a, b *resolve.Needed) bool { return a == b || *a == *b })
	})
	pages := r.site.Pages()
	changed := make([]bool, len(pages))
	var links atomic.Bool
	inHalves(len(pages), func(lo, hi int) {
		linked := false
		for i := lo; i < hi; i++ {
			p := pages[i]
			// Lists Refinish did not make again are the same slices, and
			// entries of results kept from the last build the same pointers.
			lists := !sameList(r.before.backlinks[i], p.Backlinks, func(a, b *resolve.Backlink) bool { return a == b || *a == *b }) ||
				!sameList(r.before.citedBy[i], p.CitedBy, func(a, b *resolve.Citing) bool { return a == b || *a == *b })
			changed[i] = lists || r.again[i] ||
				!slices.EqualFunc(r.before.claims[i], p.Claims, func(a, b *resolve.SourceClaim) bool {
					return a.Role == b.Role && a.Noun == b.Noun && a.Claim.Same(b.Claim)
				})
			// Which pages link to and cite which: an edit to the text around
			// a link changes the lists but not the links.
			linked = linked || lists &&
				(!slices.EqualFunc(r.before.backlinks[i], p.Backlinks, func(a, b *resolve.Backlink) bool { return a.From == b.From }) ||
					!slices.EqualFunc(r.before.citedBy[i], p.CitedBy, func(a, b *resolve.Citing) bool { return a.From == b.From }))
		}
		if linked {
			links.Store(true)
		}
	})
	for i, c := range changed {
		if c {
			ch.Pages[pages[i]] = true
		}
	}
	ch.Links = links.Load()
	lists.Wait()
	return ch
}

// sameList reports whether two lists hold equal entries, at once when they
// are the same slice.
func sameList[T any](a, b []T, eq func(T, T) bool) bool {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return true
	}
	return slices.EqualFunc(a, b, eq)
}

// sinceRender adds a build's changes (nil: a new site) to those since the
// last render, and returns them all for this build's render.
func (c *Cache) sinceRender(ch *render.Changes) *render.Changes {
	if c == nil {
		return nil
	}
	switch {
	case ch == nil:
		c.unrendered = nil
	case c.unrendered != nil:
		maps.Copy(c.unrendered.Pages, ch.Pages)
		c.unrendered.Lists = c.unrendered.Lists || ch.Lists
		c.unrendered.Links = c.unrendered.Links || ch.Links
		c.unrendered.EventsKept = c.unrendered.EventsKept && ch.EventsKept
		if ch.Fronts != nil {
			if c.unrendered.Fronts == nil {
				c.unrendered.Fronts = map[*resolve.Page]bool{}
			}
			maps.Copy(c.unrendered.Fronts, ch.Fronts)
		}
	}
	return c.unrendered
}

// renderedAll notes that the site has been rendered: no change since.
func (c *Cache) renderedAll() {
	if c != nil {
		c.unrendered = &render.Changes{Pages: map[*resolve.Page]bool{}, EventsKept: true}
	}
}

// finish keeps this build's resolve stage for the next.
func (r *resolveRun) finish() {
	if r.c != nil {
		r.c.resolved = r.next
		r.c.stamps.prune(r.site.Pages())
	} else {
		r.next = nil // no cache keeps the pages' results: let them go before render
	}
}

// frontSum fingerprints what the resolve stage reads of a site but its
// pages' bodies: sum, the configuration, base URL, what is held back, the
// published files and the articles on file, and the number of pages; and
// pages, each page's path, front matter, first line of the body and commit
// date, in the order of resolve.Site.Pages.
//
// A page is summed again only when its File is not the one the last sums
// (lastPages, made by the last call, which returned lastSummed with them)
// were made from at its place, or its commit date changed: a File the load
// stage kept from the last build keeps its path, front matter and body
// (content.Memo makes a new File for a file read again), and only its
// commit date is set again in place (commitDates). Summing every page
// took 1.1 to 2 ms of each preview rebuild at 10,000 notes.
func frontSum(in resolve.Input, lastPages []uint64, lastSummed []summed) (sum uint64, pages []uint64, from []summed) {
	var h maphash.Hash
	h.SetSeed(frontSeed)
	site := in.Site
	pages = make([]uint64, len(site.Notes)+len(site.Sources)+len(site.Pages)+len(site.Folders))
	from = make([]summed, len(pages))
	if len(lastPages) != len(pages) || len(lastSummed) != len(pages) {
		lastSummed = nil
	}
	fileAt := func(i int) *content.File {
		switch {
		case i < len(site.Notes):
			return &site.Notes[i].File
		case i-len(site.Notes) < len(site.Sources):
			return &site.Sources[i-len(site.Notes)].File
		case i-len(site.Notes)-len(site.Sources) < len(site.Pages):
			return &site.Pages[i-len(site.Notes)-len(site.Sources)].File
		}
		return &site.Folders[i-len(site.Notes)-len(site.Sources)-len(site.Pages)].File
	}
	// The pages' sums on a core each for half of them (at 10,000 notes,
	// 1.3 ms of each edit on one).
	inHalves(len(pages), func(lo, hi int) {
		var ph maphash.Hash
		ph.SetSeed(frontSeed)
		for i := lo; i < hi; i++ {
			f := fileAt(i)
			from[i] = summed{f, packDate(f.Committed)}
			if lastSummed != nil && lastSummed[i] == from[i] {
				pages[i] = lastPages[i]
				continue
			}
			pages[i] = pageSum(&ph, f)
		}
	})
	fmt.Fprintf(&h, "%#v\x00%s\x00%s\x00", in.Site.Config, in.Origin, in.BasePath)
	// Where dossier.yaml's keys are, which the diagnostics of the resolve
	// stage name (`home`, say): a line added above them moves them without
	// changing the configuration (fmt prints a map sorted by its keys).
	fmt.Fprintf(&h, "%v\x00", in.Site.ConfigPositions())
	var num [8]byte
	// How many of each kind: the same sums in the same order may be
	// another site's.
	fmt.Fprintf(&h, "%d\x00%d\x00%d\x00%d\x00", len(in.Site.Notes), len(in.Site.Sources), len(in.Site.Pages), len(in.Site.Folders))
	h.WriteByte(2)
	for _, s := range in.Site.Sources {
		if text, ok := in.Articles[s.ID]; ok {
			h.WriteString(s.ID)
			h.WriteByte(0)
			h.WriteString(text)
			h.WriteByte(0)
		}
	}
	// What is held back and what is shown though not public (see
	// package publish): a link to a page held back says why, and a page
	// shown carries a banner. Today changes them with no file changed.
	h.WriteByte(4)
	if in.Publish != nil {
		fmt.Fprintf(&h, "%s\x00", in.Publish.Today)
		for _, held := range in.Publish.Held {
			binary.LittleEndian.PutUint64(num[:], held.File.FrontSum)
			fmt.Fprintf(&h, "%s\x00%s\x00%+v\x00", held.File.Path, num, held.Hold)
		}
		h.WriteByte(0)
		shown := func(f *content.File) {
			if b := in.Publish.Banner(f); b != nil {
				fmt.Fprintf(&h, "%s\x00%+v\x00", f.Path, *b)
			}
		}
		for _, n := range in.Site.Notes {
			if len(in.Publish.Shown) == 0 {
				break
			}
			shown(&n.File)
		}
		for _, p := range in.Site.Pages {
			if len(in.Publish.Shown) == 0 {
				break
			}
			shown(&p.File)
		}
		for _, s := range in.Site.Sources {
			if len(in.Publish.Shown) == 0 {
				break
			}
			shown(&s.File)
		}
	}
	// Published files: a page's links and images resolve to them, and
	// show their size.
	h.WriteByte(3)
	for _, f := range in.Site.Files {
		fmt.Fprintf(&h, "%s\x00%d\x00%d\x00%d\x00", f.Path, len(f.Data), f.Width, f.Height)
	}
	return h.Sum64(), pages, from
}

// summed is what frontSum summed a page from: its File, and the commit
// date the File had then (packDate).
type summed struct {
	file      *content.File
	committed uint64
}

// packDate packs a date's fields into a number, one for each date.
func packDate(d content.Date) uint64 {
	n := uint64(d.Year)<<16 | uint64(d.Month)<<8 | uint64(d.Day)
	if d.Unknown {
		n |= 1 << 63
	}
	return n
}

var frontSeed = maphash.MakeSeed()

// pageSum is frontSum's sum of one page's file f, written with ph: its
// path, front matter, the line its body starts on and its commit date.
func pageSum(ph *maphash.Hash, f *content.File) uint64 {
	var num [8]byte
	ph.Reset()
	ph.WriteString(f.Path)
	ph.WriteByte(0)
	binary.LittleEndian.PutUint64(num[:], f.FrontSum) // not all of it: see FrontSum
	ph.Write(num[:])
	// Where the body starts, which the positions of a page's
	// diagnostics count from: it moves with the front matter the
	// same when the closing --- goes (the load stage guesses it).
	binary.LittleEndian.PutUint64(num[:], uint64(f.BodyLine))
	ph.Write(num[:])
	ph.WriteByte(0)
	// The commit date by its fields (its String, through fmt, took
	// 3 ms of each preview rebuild at 10,000 notes in git).
	binary.LittleEndian.PutUint64(num[:], packDate(f.Committed))
	ph.Write(num[:])
	return ph.Sum64()
}
