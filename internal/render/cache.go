package render

import (
	"bytes"
	"crypto/sha256"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/view"
)

// Cache keeps the pages of one Render for the next, so that a rebuild
// renders only the pages whose view values changed; the preview server
// uses one. Every page made from a view value is cached (notes, sources,
// standalone pages, folders, the home page, the lists, topic pages,
// aliases); feeds, sitemap and assets are made afresh each time, or kept
// as the feed is (see file).
//
// A page is taken from the cache when its key is unchanged: the
// fingerprint of its view value (view.Page.Key: all that its template
// receives, the rendered body included), with the templates, the names of
// the assets (not their content-hashed addresses: when an asset's content
// changes, the cached pages get its new address by a replacement, and are
// not rendered again), and what the template functions read of the site
// (its base path). No guess is made of what a template reads: it receives
// the view value and nothing else.
//
// Making every page's view value (and rendering its body) costs most of a
// rebuild at 10,000 notes. When the caller can say what changed since the
// last Render (Options.Changes: the same site, only some pages' bodies
// changed), a page none of whose inputs can have changed keeps its last
// key and bytes without a view; see Changes for the reasoning, and
// CheckSkips for the test that holds it to account.
//
// A Cache is for one site and one Options; it is not safe for concurrent
// use by several Renders.
type Cache struct {
	pages  map[string]cachedPage
	assets []assetRef // the asset addresses the cached pages hold
	// Rendered and Reused count the pages of the last Render that were
	// rendered, and that were taken from the cache.
	Rendered, Reused int
	// Fresh lists the cacheable pages the last Render rendered rather than
	// took from the cache, by output path, sorted.
	Fresh []string
	// Skipped counts the pages of the last Render whose key was not taken
	// again, by Changes.
	Skipped int

	// CheckSkips, for tests, takes the key of every page whose key Changes
	// let Render skip (and draws the home page's map when it was kept), and
	// lists in SkipErrors each page whose key (or the map) would have
	// differed: an input that Changes missed.
	CheckSkips bool
	SkipErrors []string

	// What the last Render worked out about the site as a whole, for the
	// next when Changes says it holds.
	site       *resolve.Site
	global     view.Key
	claims     map[*resolve.Page]view.Key // see claimKeys
	linked     fromLinks
	files      map[string][]byte // the feed and the sitemap, by path
	feedBodies map[*markup.Doc]docHTML
}

// docHTML is a page's body as rendered after one resolve of it.
type docHTML struct {
	resolved int
	html     template.HTML
}

// fromLinks is what the render stage makes from the links between pages
// (and from front matter), which a Render keeps for the next when Changes
// say no link changed: at 10,000 notes, making them took 50 ms of every
// rebuild. A zero field was not made.
type fromLinks struct {
	homeGraph template.HTML                     // the home page's map
	links     map[*resolve.Page][]*resolve.Page // see linksFrom
	notes     *noteIndex
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
//   - Site.Claims and Site.Needed, when Lists says so: for the kinds that
//     show the site's lists (view.Kind.Lists), and the notes whose claims
//     changed (their JSON-LD reviews them).
//
// Every other page keeps its last key without a walk. A Render with nil
// Changes takes every key.
//
// Links says whether the links between pages changed: which pages link to
// or cite which, and how many times (not the text around them). When not,
// what is made from the links alone is kept (see fromLinks).
type Changes struct {
	Pages map[*resolve.Page]bool
	Lists bool
	Links bool
}

type cachedPage struct {
	key  view.Key
	data []byte // the page as it was emitted: never changed once emitted
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{pages: map[string]cachedPage{}}
}

// cacheRun is a Cache in use by one Render.
type cacheRun struct {
	c      *Cache
	r      *Renderer
	global view.Key
	assets []assetRef
	// known says that Changes holds for this Render, and affected lists the
	// pages whose own inputs may have changed (see Changes); a page not in
	// it keeps its last key.
	known        bool
	listsChanged bool
	linksSame    bool      // known, and no link between pages changed
	linked       fromLinks // the last Render's when linksSame; for the next
	affected     map[*resolve.Page]bool
	skipped      atomic.Int64
	skipErrors   []string // guarded by mu
	// remap gives cached pages this Render's asset addresses, when they
	// differ from those the cached pages hold; nil when they are the same,
	// and cached pages are emitted as they are, without a copy.
	remap *strings.Replacer

	claimsOnce sync.Once
	claims     map[*resolve.Page]view.Key // see claimKeys

	files      map[string][]byte // this Render's feed and sitemap
	feedBodies map[*markup.Doc]docHTML

	mu   sync.Mutex
	next map[string]cachedPage

	rendered, reused atomic.Int64
	fresh            []string // guarded by mu
	dropped          []string // pages that failed to render; guarded by mu
}

// assetRef is an asset's address as pages hold it.
type assetRef struct {
	url    string
	hashes []string // the content hashes in url
}

// start prepares the cache for a Render of jobs; it returns nil when c is
// nil.
func (c *Cache) start(r *Renderer, templates fs.FS, changes *Changes) *cacheRun {
	if c == nil {
		return nil
	}
	cr := &cacheRun{c: c, r: r, files: map[string][]byte{}, feedBodies: map[*markup.Doc]docHTML{}, next: map[string]cachedPage{}}
	h := sha256.New()
	add := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	site := r.views.Site().Key()
	add("site", string(site[:]), r.site.BasePath, "templates")
	if templates != nil {
		_ = fs.WalkDir(templates, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(p, "assets/") {
				return nil
			}
			data, _ := fs.ReadFile(templates, p)
			add(p, string(data))
			return nil
		})
	}
	add("assets")
	names := make([]string, 0, len(r.assets))
	for name := range r.assets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := assetRef{url: r.assets[name], hashes: hashRuns(path.Base(r.assets[name]))}
		blank := a.url
		for _, s := range a.hashes {
			blank = strings.ReplaceAll(blank, s, "")
		}
		add(name, blank)
		cr.assets = append(cr.assets, a)
	}
	h.Sum(cr.global[:0])
	// The same asset names give the same addresses but for their hashes
	// (the global key counts the rest), so the cached pages' addresses can
	// be swapped one for one, in one pass. store keeps only pages that hold
	// each hash only inside its address.
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
	if changes != nil && c.site == r.site && c.global == cr.global {
		cr.known, cr.listsChanged, cr.linksSame = true, changes.Lists, !changes.Links
		if cr.linksSame {
			cr.linked = c.linked
		}
		if !changes.Lists {
			cr.claimsOnce.Do(func() { cr.claims = c.claims })
		}
		cr.affected = make(map[*resolve.Page]bool, len(changes.Pages))
		for p := range changes.Pages {
			cr.affected[p] = true
			for _, c := range p.CitedBy {
				cr.affected[c.From] = true // its related notes count p's citations
			}
		}
	}
	return cr
}

// siteGraph returns the home page's map: the last Render's when no link
// between pages changed (the map is drawn from the links, and from titles
// and kinds, which are front matter), else draw's.
func (cr *cacheRun) siteGraph(draw func() template.HTML) template.HTML {
	if cr == nil {
		return draw()
	}
	if cr.linked.homeGraph == "" {
		cr.linked.homeGraph = draw()
	} else if cr.c.CheckSkips && draw() != cr.linked.homeGraph {
		cr.failedSkip("the home page's map")
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
	} else if cr.c.CheckSkips && !reflect.DeepEqual(make(), cr.linked.links) {
		cr.failedSkip("the links between notes")
	}
	return cr.linked.links
}

// noteIndex returns the index of related notes, the last Render's when no
// link changed: it is made from tags, which are front matter, and from
// citations.
func (cr *cacheRun) noteIndex(make func() *noteIndex) *noteIndex {
	if cr == nil {
		return make()
	}
	if cr.linked.notes == nil {
		cr.linked.notes = make()
	} else if cr.c.CheckSkips {
		if x, kept := make(), cr.linked.notes; !reflect.DeepEqual([]any{x.notes, x.number, x.members, x.citing}, []any{kept.notes, kept.number, kept.members, kept.citing}) {
			cr.failedSkip("the index of related notes")
		}
	}
	return cr.linked.notes
}

// file returns the feed or the sitemap at path: the last Render's when
// Changes hold (no front matter, configuration or template changed) and
// the caller says that nothing else it shows changed, else make's. At
// 10,000 notes, making them took 25 ms of every rebuild.
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
	if m, ok := cr.c.feedBodies[p.Doc]; ok && m.resolved == p.Doc.Resolved {
		cr.feedBodies[p.Doc] = m
		return m.html, nil
	}
	html, err := render(p)
	if err == nil {
		cr.feedBodies[p.Doc] = docHTML{p.Doc.Resolved, html}
	}
	return html, err
}

// edited reports whether Changes name any of pages (see Changes.Pages).
func (cr *cacheRun) edited(pages []*resolve.Page) bool {
	return slices.ContainsFunc(pages, func(p *resolve.Page) bool { return cr.affected[p] })
}

// failedSkip notes, for CheckSkips, something kept that should not have been.
func (cr *cacheRun) failedSkip(what string) {
	cr.mu.Lock()
	cr.skipErrors = append(cr.skipErrors, what)
	cr.mu.Unlock()
}

// skip reports whether a job's page keeps its last key: whether, by
// Changes, nothing its view value holds can have changed.
func (cr *cacheRun) skip(j job) bool {
	if !cr.known || j.page != nil && cr.affected[j.page] || j.links && !cr.linksSame {
		return false
	}
	if !cr.listsChanged {
		return true
	}
	if j.kind.Lists {
		return false
	}
	if j.page == nil {
		return true
	}
	cr.claimsOnce.Do(func() { cr.claims = claimKeys(cr.r.site) })
	return cr.claims[j.page] == cr.c.claims[j.page]
}

// claimKeys fingerprints, for each page with claims, what its claims say:
// a note's JSON-LD reviews its settled claims.
func claimKeys(s *resolve.Site) map[*resolve.Page]view.Key {
	hashes := map[*resolve.Page][]byte{}
	for _, c := range s.Claims {
		b := hashes[c.Page]
		for _, f := range []string{c.ID, c.Status, c.Label, c.Statement, c.URL} {
			b = append(append(b, f...), 0)
		}
		for _, side := range c.Sides {
			b = append(append(b, side.Role...), 0)
			for _, src := range side.Sources {
				b = append(append(b, src.Path...), 0)
			}
		}
		hashes[c.Page] = append(b, 1)
	}
	out := make(map[*resolve.Page]view.Key, len(hashes))
	for p, b := range hashes {
		out[p] = sha256.Sum256(b)
	}
	return out
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

// cached returns a job's page as the last Render made it, when Changes say
// that nothing it shows can have changed; see skip.
func (cr *cacheRun) cached(j job) ([]byte, bool) {
	if cr == nil || !j.cacheable {
		return nil, false
	}
	old, found := cr.c.pages[j.path] // written only by finish
	if !found || !cr.skip(j) {
		return nil, false
	}
	cr.skipped.Add(1)
	if cr.c.CheckSkips {
		if v, err := j.view(); err != nil || cr.key(j, v) != old.key {
			cr.failedSkip(j.path)
		}
	}
	return cr.reuse(j, old), true
}

// reuse returns a cached page, with this Render's asset addresses.
func (cr *cacheRun) reuse(j job, old cachedPage) []byte {
	if cr.remap != nil {
		old.data = []byte(cr.remap.Replace(string(old.data)))
	}
	if !cr.known || cr.remap != nil {
		// Else the pages are the same as last time's, and the cache
		// keeps this one as it is (see finish).
		cr.mu.Lock()
		cr.next[j.path] = old
		cr.mu.Unlock()
	}
	cr.reused.Add(1)
	return old.data
}

// lookup returns a job's key, made from its view value v, and its cached
// page when the key is the last Render's.
func (cr *cacheRun) lookup(j job, v *view.Page) (key view.Key, page []byte, hit bool) {
	if cr == nil || !j.cacheable {
		return key, nil, false
	}
	key = cr.key(j, v)
	old, found := cr.c.pages[j.path]
	if !found || old.key != key {
		return key, nil, false
	}
	return key, cr.reuse(j, old), true
}

// key fingerprints a page: its view value, its template and the site's
// templates and assets (cr.global).
func (cr *cacheRun) key(j job, v *view.Page) view.Key {
	k := v.Key()
	h := sha256.New()
	h.Write(cr.global[:])
	h.Write([]byte(j.template))
	h.Write([]byte{0})
	h.Write(k[:])
	var out view.Key
	h.Sum(out[:0])
	return out
}

// store keeps a freshly rendered page. It keeps page itself, not a copy:
// an emitted page is never changed.
func (cr *cacheRun) store(j job, key view.Key, page []byte) {
	if cr == nil {
		return
	}
	cr.rendered.Add(1)
	if !j.cacheable {
		return
	}
	cr.mu.Lock()
	if cr.swappable(page) {
		cr.next[j.path] = cachedPage{key, page}
	}
	cr.fresh = append(cr.fresh, j.path)
	cr.mu.Unlock()
}

// failed drops a page that did not render from the cache: the next Render
// must not take its last good bytes for it, even when Changes say its
// inputs did not change since this Render.
func (cr *cacheRun) failed(j job) {
	if cr == nil || !j.cacheable {
		return
	}
	cr.mu.Lock()
	cr.dropped = append(cr.dropped, j.path)
	cr.mu.Unlock()
}

// finish replaces the cache's pages with those of this Render, dropping
// pages that are gone.
func (cr *cacheRun) finish() {
	if cr == nil {
		return
	}
	if cr.known && cr.remap == nil {
		// The same pages as last time (Changes hold: the same site, the
		// same templates): only those rendered afresh are new.
		maps.Copy(cr.c.pages, cr.next)
		for _, p := range cr.dropped {
			delete(cr.c.pages, p)
		}
	} else {
		cr.c.pages = cr.next
	}
	cr.c.assets = cr.assets
	cr.claimsOnce.Do(func() { cr.claims = claimKeys(cr.r.site) })
	cr.c.site, cr.c.global, cr.c.claims = cr.r.site, cr.global, cr.claims
	cr.c.linked = cr.linked
	cr.c.files = cr.files
	if len(cr.feedBodies) > 0 || !cr.known {
		cr.c.feedBodies = cr.feedBodies
	} // else the feed was kept, and so are its bodies
	cr.c.Skipped = int(cr.skipped.Load())
	slices.Sort(cr.skipErrors)
	cr.c.SkipErrors = cr.skipErrors
	cr.c.Rendered, cr.c.Reused = int(cr.rendered.Load()), int(cr.reused.Load())
	slices.Sort(cr.fresh)
	cr.c.Fresh = cr.fresh
}

// swappable reports whether every content hash of an asset that page holds
// is inside the asset's address, so that a new address can be swapped in.
// A page that holds a hash in any other form (escaped for a script, say) is
// not cached.
func (cr *cacheRun) swappable(page []byte) bool {
	for _, a := range cr.assets {
		if len(a.hashes) == 0 {
			continue
		}
		urls := bytes.Count(page, []byte(a.url))
		for _, h := range a.hashes {
			if bytes.Count(page, []byte(h)) != urls*strings.Count(a.url, h) {
				return false
			}
		}
	}
	return true
}
