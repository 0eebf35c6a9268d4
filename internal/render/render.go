// Package render is the render stage: it turns the resolved site into the
// files of the published site, in memory. Page bodies are rendered by the
// goldmark configuration of package markup; pages are laid out by the
// html/template files in templates/ (base.html, partials/*.html and one file
// per page kind); assets in templates/assets/ are published under names
// that carry a hash of their content. Pages are rendered in parallel, and
// the result does not depend on the order in which they finish.
//
// Templates receive a *view.Page, the page's plain view value (package
// view; docs/templates.md is the manual); see also Funcs for the functions
// they may call.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/search"
	"github.com/dossier-site/dossier/internal/view"
)

// File is one file of the built site: a rendered page, asset or index.
// The write stage takes it as it is (output.File has the same fields).
type File struct {
	Path string // slash path relative to the output folder
	Data []byte
	// Packed says that the file's bytes are compressed with s2 (see
	// Options.Pack): in Data, or in a temporary file (Stored, and Data is
	// nil). Plain gives them.
	Packed bool
	Stored packed.Ref
}

// Plain returns the file's bytes, uncompressed.
func (f File) Plain() ([]byte, error) { return packed.Plain(f.Data, f.Packed, f.Stored) }

// Same reports whether f and g hold the same bytes, in the same form. Two
// files kept in the same place are the same without a look at their
// bytes; a file that cannot be read back is not the same as any.
func (f File) Same(g File) bool {
	if f.Packed != g.Packed {
		return false
	}
	if f.Stored.Valid() && g.Stored.Valid() {
		if f.Stored == g.Stored {
			return true
		}
		if f.Stored.Differ(g.Stored) {
			return false // no need to read them: a page changed by an edit
		}
	}
	a, errA := f.bytes()
	b, errB := g.bytes()
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// bytes returns the file's bytes, packed when the file is.
func (f File) bytes() ([]byte, error) {
	if f.Stored.Valid() {
		return f.Stored.Packed()
	}
	return f.Data, nil
}

// inputs are what a page is made from: the render cache's key fingerprints
// them (see Cache), and the page's view value (view.Page, what its
// template receives) is made from them alone. Their fields are exported
// for package digest, which walks exported fields only.
type inputs struct {
	Site *resolve.Site
	Kind string
	Path string        // the output path
	Page *resolve.Page // the note, source, standalone page or folder the page shows (an alias's target)
	Tag  *resolve.Tag  // for tag pages
	Lead *resolve.Page // for the home page: the lead note (dossier.yaml `home`)
	// Recent are the notes most recently updated, for the home page.
	Recent     []*resolve.Page
	Prev, Next *resolve.Page // neighbours within the note's first topic
	Related    []*resolve.Page
	// Breadcrumbs are the page's trail: they name the folders above a
	// note, which the key does not otherwise reach (a page counts its
	// folder by what it shows of it, not the folder's own folder).
	Breadcrumbs []view.Link
	// Linked are the pages a note links to, in site order: the right side
	// of its map, with the sources it cites. They are here so that the
	// key counts what the map shows of them (a source's card line, and
	// the sources it relies on).
	Linked []*resolve.Page
	// Graph is the home page's map, drawn from the links between pages,
	// which the key does not otherwise cover.
	Graph template.HTML
}

// Renderer renders one resolved site.
type Renderer struct {
	md     *markup.Markdown
	site   *resolve.Site
	views  *view.Builder
	tmpl   *Templates
	assets map[string]string // asset name -> address
	inline map[string][]byte // asset name -> its content, for the scripts a page holds inline
	// inlined are the assets the templates asked for by content (inline,
	// cspHash) in this Render, for the Cache (see Cache.inlined).
	inlined   map[string]bool
	inlinedMu sync.Mutex
	files     []File
	cache     *cacheRun // nil without a Cache
	pack      bool      // the pages are emitted and kept packed (Options.Pack)
	// chrome holds the header and footer already written, by template,
	// partial and what of the page the default partial shows; nil when
	// the site has its own partials (see Data.Header).
	chrome   map[string]template.HTML
	chromeMu sync.Mutex
	navURLs  map[string]bool // the addresses of the pages in the navigation

	linksOnce, notesOnce, recentOnce sync.Once
	linkMap                          map[*resolve.Page][]*resolve.Page // see links
	noteIndex                        *view.NoteIndex                   // see notes
	recentNotes                      []*resolve.Page                   // see recent
}

// HomeRecent is how many notes the home page lists as recently updated.
const HomeRecent = 10

// recent returns the n notes most recently updated (view.Recent), n at
// most the larger of FeedEntries and HomeRecent: the first n of that list, made
// once per Render for the feed and the home page (view.Recent's order is
// a stable sort's, of which the first n are the first n of any longer
// list). Each list looked at every note's dates, memory cold by an edit:
// about a millisecond of each front-matter edit at 10,000 notes.
func (r *Renderer) recent(n int) []*resolve.Page {
	r.recentOnce.Do(func() { r.recentNotes = view.Recent(r.site.Notes, max(FeedEntries, HomeRecent)) })
	k := min(n, len(r.recentNotes))
	return r.recentNotes[:k:k] // not to be appended to
}

// Options configure a render.
type Options struct {
	Markdown  *markup.Markdown
	Templates fs.FS // the templates folder (site overlaid on defaults)
	// Cache, when not nil, keeps note and source pages from one Render to
	// the next and renders only those whose inputs changed; see Cache.
	Cache *Cache
	// Progress, when not nil, is called after each page with the number of
	// pages done and to do, from several goroutines at once.
	Progress func(done, total int)
	// Emit, when not nil, is given each file as soon as it is ready, from
	// several goroutines at once, and Render returns none: the caller
	// writes the site without holding it all in memory. Without a Cache,
	// a page's Data is Render's buffer, written over once Emit returns:
	// Emit must be done with it by then (copying it, if it keeps it).
	Emit func(File)
	// Search, when not nil, is the search index of the site's pages (in
	// the order of Site.Pages), built by the caller while it had their
	// syntax trees; nil means Render indexes the pages itself.
	Search *search.Builder
	// Views, when not nil, makes the pages' view values (the build's view
	// phase made it); nil means Render makes one.
	Views *view.Builder
	// Pack, with a Cache, gives the pages (the templates' output, not the
	// assets, index, feeds or sitemap) compressed with s2 (File.Packed),
	// and the Cache keeps them so: the preview holds every page of the
	// site from one rebuild to the next, and compressed they take a third
	// of the space (391 MB of HTML at 10,000 notes, 133 MB packed). They
	// are kept in a temporary file (File.Stored, see Cache), or in memory
	// when none can be made or written.
	Pack bool
	// Changes, when not nil, say what changed since the last Render with
	// the same Cache, so that the cache need not fingerprint the pages that
	// cannot have changed; see Changes.
	Changes *Changes
	// Stamps, with a Cache, say when the resolve stage last filled in each
	// parsed page's tree; see Stamps. Without them, the Cache keeps nothing
	// made from a page's tree from one Render to the next.
	Stamps Stamps
}

// Stamps says when the resolve stage last filled in a parsed page's syntax
// tree (its links, citations and numbers), as a stamp that changes each
// time it does: what a Cache makes from a markup.Doc (its fingerprint, the
// body a feed entry shows) is kept while the Doc's stamp is the same. A
// Doc never stamped has stamp 0, and nothing made from it is kept. The
// build's cache, which runs the resolve stage, keeps the stamps.
type Stamps interface {
	Stamp(*markup.Doc) uint64
}

// Render renders every page of site. Problems (template errors) go to diags;
// when there are any, the files are incomplete and must not be written.
// The files are given to opts.Emit as they are made, or else returned in
// the same order for the same site, with a Cache or without: the assets,
// the pages (the home page, notes, sources, standalone pages, folders, the
// lists, tags, aliases: see pageJobs), the search index, the sitemap, the
// feed and robots.txt.
func Render(site *resolve.Site, opts Options, diags *diag.List) []File {
	r := &Renderer{md: opts.Markdown, site: site, views: opts.Views, assets: map[string]string{}, inline: map[string][]byte{}}
	if r.views == nil {
		r.views = view.NewBuilder(site)
	}
	r.pack = opts.Pack && opts.Cache != nil
	r.buildAssets(opts.Templates, opts.Cache, diags)
	// The last index's size, read before the index is made again beside
	// the pages (which changes what the Cache keeps of it).
	indexHint := opts.Cache.indexFiles()
	index := r.searchIndex(opts.Search, opts.Cache != nil, opts.Cache.searchPaths())
	tmplSum := templatesSum(opts.Templates)
	r.tmpl = r.templates(opts.Templates, opts.Cache, tmplSum, diags)
	if r.tmpl == nil {
		// Nothing is rendered, and the build's caller counts the
		// changes since the last Render as rendered: the next Render
		// must not take them for all there are. The index, made in the
		// background, is waited for: it writes to the Cache, and reads
		// the search builder the next build patches.
		opts.Cache.forgetSite()
		<-index
		return nil
	}
	if !r.tmpl.ownChrome {
		r.chrome, r.navURLs = map[string]template.HTML{}, map[string]bool{}
		for _, p := range site.Nav {
			r.navURLs[p.URL] = true
		}
	}
	jobs := r.pageJobs()
	cache := opts.Cache.start(r, tmplSum, jobs, opts.Changes, opts.Stamps)
	r.cache = cache
	// The timeline's HTML, entry by entry, as the last Render wrote it
	// (see cacheRun.TimelineHTML); not a *cacheRun that is nil.
	if cache != nil {
		r.views.UseMemo(cache)
	} else {
		r.views.UseMemo(nil)
	}
	var out []File
	emit := opts.Emit
	// Without Emit, each page goes into its job's place in out, after the
	// assets, so that the files come out in the same order every time
	// without a sort (which took 10 ms of every preview rebuild at 10,000
	// notes), nor a copy (3 ms). The index follows the pages: out has room
	// for as many files as the last index had.
	emitPage := func(i int, f File) { emit(f) }
	pages := 0 // where the pages start in out
	if emit == nil {
		out = make([]File, 0, len(r.files)+len(jobs)+indexHint+8)
		emit = func(f File) { out = append(out, f) } // from this goroutine only
		emitPage = func(i int, f File) { out[pages+i] = f }
	}
	// The assets first, and the search index when the files are
	// written as they come, so that they need not be held while the pages
	// are rendered.
	for _, f := range r.files {
		emit(f)
	}
	r.files = nil
	if opts.Emit == nil {
		pages = len(out)
		out = out[:pages+len(jobs)]
	}
	indexFirst := opts.Cache == nil && opts.Emit != nil
	if indexFirst {
		for _, f := range <-index {
			emit(f)
		}
	}
	// The sitemap's entries, when the sitemap may be made again (see
	// cacheRun.file), made beside the pages: read from every page's front
	// matter, cold by an edit, after the pages were rendered, they took 1
	// to 6 ms of each title edit at 10,000 notes.
	var sitemapAhead chan []sitemapEntry
	if site.Origin != "" && cache.mayMapAgain() {
		sitemapAhead = make(chan []sitemapEntry, 1)
		go func() { sitemapAhead <- sitemapEntries(site) }()
	}
	var wg sync.WaitGroup
	var done, next atomic.Int64
	sched := schedule(jobs)
	// Each worker takes the next job by a counter, not from a channel:
	// after an edit most jobs are a lookup in the cache, and handing
	// 11,000 of them over a channel cost 2 ms of each rebuild.
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for n := int(next.Add(1)) - 1; n < len(jobs); n = int(next.Add(1)) - 1 {
				i := sched[n]
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), len(jobs))
				}
				w := &work{r: r, job: jobs[i]}
				jobs[i] = job{} // let the page go once it is written
				key, cacheable, data, hit := cache.lookup(i, w)
				if hit {
					data.Path = w.path
					emitPage(i, data)
					continue
				}
				name, v, err := w.view()
				// A site's own header and footer partials receive the
				// page's view value whole, card lists included: written
				// for them first (see cardLists).
				ownChrome := r.chrome == nil
				if err == nil && ownChrome {
					err = r.cardLists(w.path, name, v, cache, nil)
				}
				if err == nil {
					err = r.frame(name, v)
				}
				// A page whose key changed but whose view value did not
				// is the page the last Render wrote: the key counts more
				// than a page shows (a note it links to, by its summary
				// as well as its title).
				var sum viewSum
				if err == nil {
					sum = cache.viewSum(w.job, name, v)
					if kept, ok := cache.sameView(i, w.job, key, sum); ok {
						kept.Path = w.path
						emitPage(i, kept)
						continue
					}
				}
				var sp *splice // the page's long lists, written in after its template
				whole := len(w.kind.Lists) > 0
				if err == nil && r.tmpl.spliceable {
					sp = &splice{}
					if whole {
						sp.spare = cache.takeSpare(w.path)
					}
					sp.add(&v.Timeline, "", []string{string(v.Timeline)}, "")
				}
				if err == nil && !ownChrome {
					err = r.cardLists(w.path, name, v, cache, sp)
				}
				if err == nil {
					err = r.executeTo(name, v, sp, func(page []byte, owned bool) {
						// The page is the template's buffer, unless its
						// lists were spliced in (owned: a slice of its
						// own, kept as it is). Written out at once (a full
						// build with Emit) or packed (Pack), it needs no
						// copy: a tenth of a full build's allocation, and
						// at 10,000 notes the home page alone is 2.5 MB,
						// rendered on every front-matter edit. Kept as it
						// is (without Pack, or a page that shows a list
						// whole: see cacheRun.keep), it is copied.
						if owned {
							cache.splicedOne()
						} else if (cache != nil || opts.Emit == nil) && (!cache.packs() || whole) {
							page = bytes.Clone(page)
						}
						if whole {
							// A page written with its lists in place
							// (the site's own templates, or lists too
							// short to splice) needs no spare.
							n := len(page)
							if !owned {
								n = 0
							}
							cache.wantSpare(w.path, n)
						}
						kept := cache.keep(w.path, page, whole)
						cache.store(i, w.job, key, sum, cacheable, page, kept)
						emitPage(i, kept)
					})
				}
				if err != nil {
					diags.Add(renderDiag(w.kind.Template, err))
					cache.failed(i, w.job)
				}
			}
		})
	}
	wg.Wait()
	if opts.Emit == nil {
		// A page that failed to render left its place empty.
		out = slices.DeleteFunc(out, func(f File) bool { return f.Path == "" })
	}
	if !indexFirst {
		ix := <-index
		out = slices.Grow(out, len(ix)+3)
		for _, f := range ix {
			emit(f)
		}
	}
	// The sitemap shows only front matter; the feed, the bodies of the
	// newest notes as well. A sitemap must list absolute addresses: a
	// site that does not know its own (no base URL with a host) has none
	// (the build warns, and robots.txt names none).
	if site.Origin != "" {
		var entries []sitemapEntry // made when needed: not after a body edit
		made := func() []sitemapEntry {
			if entries == nil {
				if sitemapAhead != nil {
					entries = <-sitemapAhead
				} else {
					entries = sitemapEntries(site)
				}
			}
			return entries
		}
		emit(cache.file("sitemap.xml", func() bool { return cache.sameSitemap(made) }, func() File { return r.sitemapOf(made()) }))
		cache.mapped(entries)
	}
	recent := r.recent(FeedEntries)
	emit(cache.file("feed.xml", func() bool { return cache.sameFeed(recent) }, func() File { return r.feed(recent) }))
	cache.fed(recent)
	cache.finish()
	emit(r.robots())
	return out
}

// schedule returns the order in which the workers take the jobs (each
// job's page still goes into its own place): first the pages that show
// the site's lists (Kind.Lists: the home page, the timeline, the claims),
// then the rest in order. At 10,000 notes the home page and the timeline
// are each 2 MB, made again on any title edit; taken in order, the
// timeline came after 11,000 other jobs, and one worker rendered it
// alone at the end of the edit (10 ms).
func schedule(jobs []job) []int {
	sched := make([]int, 0, len(jobs))
	for i, j := range jobs {
		if len(j.kind.Lists) > 0 {
			sched = append(sched, i)
		}
	}
	for i, j := range jobs {
		if len(j.kind.Lists) == 0 {
			sched = append(sched, i)
		}
	}
	return sched
}

// job is one page to render: its kind, address and what it shows. The
// pages a Cache may keep (cacheable) are made from their inputs alone.
type job struct {
	path string
	kind *view.Kind
	page *resolve.Page // the note, source, page or folder shown; the home page's lead note; an alias's target; or nil
	// place is page's place in the site's pages (resolve.Site.Place), or
	// -1: known from the lists pageJobs reads, so that a job the cache
	// answers for need not read the page to find it (at 10,000 notes,
	// a read of cold memory for each of 11,000 pages: 2 ms of each
	// front-matter edit's CPU).
	place     int
	tag       *resolve.Tag // for tag pages
	links     bool         // the page shows the links between pages (the home page's map)
	cacheable bool
}

// work is a job being rendered: its inputs are made once, when the cache's
// key or the page first asks for them (a page the cache can answer for
// without a key, see Changes, never needs them).
type work struct {
	job
	r  *Renderer
	in *inputs
}

// inputs returns what the job's page is made from.
func (w *work) inputs() *inputs {
	if w.in != nil {
		return w.in
	}
	r, s, p := w.r, w.r.site, w.page
	in := &inputs{Site: s, Kind: w.kind.Name, Path: w.path, Page: p, Tag: w.tag}
	switch w.kind.Name {
	case "home":
		in.Path, in.Page, in.Lead, in.Recent = w.kind.Path, nil, p, r.recent(HomeRecent)
		// The map goes into the inputs, so that the cache's key counts
		// it: it is drawn from the links between pages, which the key
		// does not otherwise cover. The lead note counts in full (see
		// cacheRun.key).
		in.Graph = r.cache.siteGraph(func() (template.HTML, []*resolve.Page) { return view.SiteGraph(s, r.links()) })
	case "note":
		notes := r.notes()
		if tags := p.Note.Meta.Tags; len(tags) > 0 {
			if t := s.Tag(tags[0]); t != nil {
				in.Prev, in.Next = notes.Neighbours(p, t.Name)
			}
		}
		in.Related = notes.Related(p, 5)
		in.Linked = r.links()[p]
		in.Breadcrumbs = w.kind.Crumbs(s, p)
	case "source", "page", "folder":
		in.Breadcrumbs = w.kind.Crumbs(s, p)
	case "alias":
		in.Path = p.Path
	}
	w.in = in
	return in
}

// view makes the job's page's view value, from its inputs, and returns it
// with the name of the template to execute it (frame fills in its header
// and footer).
func (w *work) view() (string, *view.Page, error) {
	r, s, views, k, p := w.r, w.r.site, w.r.views, w.kind, w.page
	in := w.inputs()
	// body fills in a page's Markdown body and lists.
	body := func(v *view.Page, p *resolve.Page) error {
		c, err := r.body(p)
		if err != nil {
			return err
		}
		v.Content = c
		return r.lists(v, k.Template, p)
	}
	switch k.Name {
	case "home":
		v := views.Page(*k, k.Path, nil)
		v.Title, v.Description = s.Config.Title, s.Config.Description
		v.Home = views.Home(in.Lead != nil, in.Recent)
		v.Graph = in.Graph
		if in.Lead != nil {
			if err := body(v, in.Lead); err != nil {
				return "", nil, err
			}
		}
		return k.Template, v, nil
	case "note":
		v := views.Page(*k, p.Path, p)
		v.Note = views.Note(p, in.Related, in.Prev, in.Next)
		if err := body(v, p); err != nil {
			return "", nil, err
		}
		var err error
		if v.JSONLD, err = view.NoteJSONLD(s, p, v.Canonical, view.ClaimReviews(s, p)...); err != nil {
			return "", nil, err
		}
		v.Graph = view.NoteGraph(p, r.links())
		return k.Template, v, nil
	case "source", "page", "folder":
		v := views.Page(*k, p.Path, p)
		switch p.Kind {
		case resolve.KindSource:
			v.Source = views.Source(p)
		case resolve.KindFolder:
			v.Folder = views.Folder(p)
		}
		if err := body(v, p); err != nil {
			return "", nil, err
		}
		return k.Template, v, nil
	case "tag":
		t := w.tag
		v := views.Page(*k, w.path, nil)
		v.Title, v.Description, v.URL, v.Tag = "Topic: "+t.Name, fmt.Sprintf("Notes on %s.", t.Name), t.URL, views.Tag(t)
		return k.Template, v, nil
	case "alias":
		v := views.Page(*k, p.Path, p)
		v.Description = ""
		return k.Template, v, nil
	}
	// The pages made from their kind and the site's lists alone.
	return k.Template, views.Page(*k, k.Path, nil), nil
}

// cardLists fills in the lists of cards that the view value v of a page
// of the template name holds as HTML (Home.NotesHTML, Tag.NotesHTML,
// Folder.SubfoldersHTML and MembersHTML; see cards), once the page is to be
// executed: the view's hash leaves them out (view.Page.Hash), so a page
// whose view is the last one's is kept without them. On a site with its
// own header and footer partials, which receive the whole view value, they
// are written before those partials run. At 10,000 notes the
// home page's list is 2 MB of escaped text, 5 ms of each tag edit, after
// which the home page is the same.
func (r *Renderer) cardLists(path, name string, v *view.Page, cache *cacheRun, sp *splice) error {
	var err error
	fill := func(list string, html *template.HTML, cards []view.Card) {
		if err == nil {
			err = r.cards(html, path+"\x00"+list, name, cards, cache, sp)
		}
	}
	if v.Home != nil {
		fill("Notes", &v.Home.NotesHTML, v.Home.Notes)
	}
	if v.Tag != nil {
		fill("Notes", &v.Tag.NotesHTML, v.Tag.Notes)
	}
	if f := v.Folder; f != nil {
		fill("Subfolders", &f.SubfoldersHTML, f.Subfolders)
		fill("Members", &f.MembersHTML, f.Members)
	}
	return err
}

// executeTo executes the page template name on d, with the long lists sp
// holds written in after (see splice), and gives the page to use. The page
// is use's to keep when owned; else it is a buffer of executeTo's own, and
// use must be done with it when it returns.
func (r *Renderer) executeTo(name string, d *view.Page, sp *splice, use func(page []byte, owned bool)) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	execute := func() error {
		buf.Reset()
		if name == "alias.html" {
			return r.tmpl.alias.Execute(buf, d)
		}
		return r.tmpl.byName[name].ExecuteTemplate(buf, "base", d)
	}
	if err := execute(); err != nil {
		return err
	}
	if sp != nil && len(sp.lists) > 0 {
		if page, ok := sp.assemble(buf.Bytes()); ok {
			use(page, true)
			return nil
		}
		sp.restore()
		if err := execute(); err != nil {
			return err
		}
	}
	use(buf.Bytes(), false)
	return nil
}

// frame fills in the header and footer of a page of template name (an
// alias page has neither).
func (r *Renderer) frame(name string, d *view.Page) error {
	if name == "alias.html" {
		return nil
	}
	t := r.tmpl.byName[name]
	var err error
	if d.Header, err = r.chromePart(t, name, "partials/header.html", d); err != nil {
		return err
	}
	d.Footer, err = r.chromePart(t, name, "partials/footer.html", d)
	return err
}

// chromePart returns the header or the footer (partial) of a page of
// template name: written for this page when the site has its own partials,
// else taken from those already written for a page the default partial
// shows the same (the same kind, and the same page of the navigation or
// none; the footer shows only the site's configuration).
func (r *Renderer) chromePart(t *template.Template, name, partial string, d *view.Page) (template.HTML, error) {
	key := ""
	if r.chrome != nil {
		key = name + "\x00" + partial
		if partial == "partials/header.html" {
			key += "\x00" + d.Kind
			if r.navURLs[d.URL] {
				key += "\x00" + d.URL
			}
		}
		r.chromeMu.Lock()
		html, ok := r.chrome[key]
		r.chromeMu.Unlock()
		if ok {
			return html, nil
		}
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, partial, d); err != nil {
		return "", err
	}
	html := template.HTML(buf.String()) //nolint:gosec // html/template's output
	if r.chrome != nil {
		r.chromeMu.Lock()
		r.chrome[key] = html
		r.chromeMu.Unlock()
	}
	return html, nil
}

// lists fills in a page's reference list, backlinks and table of contents
// (view.Page.Lists), and their HTML for the page template tmpl: written in
// Go (package view) while the site keeps the default partials, else by the
// site's own partials, on the plain lists.
func (r *Renderer) lists(d *view.Page, tmpl string, p *resolve.Page) error {
	d.Lists = view.ListsOf(p)
	d.References, d.Backlinks, d.TOC = view.References(d.Lists.References), view.Backlinks(d.Lists.Backlinks), view.TOC(d.Lists.Headings)
	for _, l := range []struct {
		own  bool
		name string
		out  *template.HTML
	}{{r.tmpl.ownRefs, "partials/references.html", &d.References}, {r.tmpl.ownBacklinks, "partials/backlinks.html", &d.Backlinks}, {r.tmpl.ownTOC, "partials/toc.html", &d.TOC}} {
		if !l.own {
			continue
		}
		var buf bytes.Buffer
		if err := r.tmpl.byName[tmpl].ExecuteTemplate(&buf, l.name, d.Lists); err != nil {
			return err
		}
		*l.out = template.HTML(buf.String()) //nolint:gosec // html/template's output
	}
	return nil
}

// cards writes a list of cards into html as HTML for the page template
// tmpl, or has sp hold it (see splice): written in Go (view.CardsHTML)
// while the site keeps the default partials/cards.html, each card as the
// last Render wrote it when there is a Cache (see cacheRun.cardParts,
// which keeps them by key, the page's path and list); else by the site's
// own partial.
func (r *Renderer) cards(html *template.HTML, key, tmpl string, cards []view.Card, cache *cacheRun, sp *splice) error {
	if !r.tmpl.ownCards {
		if cache != nil {
			sp.add(html, view.CardsStart, cache.cardParts(key, cards), view.CardsEnd)
		} else {
			sp.add(html, "", []string{string(view.CardsHTML(cards))}, "")
		}
		return nil
	}
	var buf bytes.Buffer
	if err := r.tmpl.byName[tmpl].ExecuteTemplate(&buf, "partials/cards.html", cards); err != nil {
		return err
	}
	*html = template.HTML(buf.String()) //nolint:gosec // html/template's output
	return nil
}

// defaultTemplate reports whether the file name of the templates fsys is
// the default one, embedded in the binary.
func defaultTemplate(fsys fs.FS, name string) bool {
	if fsys == nil {
		return true
	}
	mine, err := fs.ReadFile(fsys, name)
	if err != nil {
		return false
	}
	def, err := fs.ReadFile(dossier.Templates(), name)
	return err == nil && bytes.Equal(mine, def)
}

// allDefault reports whether every template of fsys that LoadTemplates
// reads is the default one.
func allDefault(fsys fs.FS) bool {
	if fsys == nil {
		return true
	}
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		return false
	}
	for _, name := range slices.Concat([]string{"base.html", "alias.html"}, partials, pageTemplates) {
		if !defaultTemplate(fsys, name) {
			return false
		}
	}
	return true
}

// pageBuffers are the buffers pages are executed into, reused from page to
// page: a page grown in a new buffer is copied about twice over as the
// buffer doubles (900 MB of the 10,000-note build's 6 GB of allocation),
// where a reused buffer is already large enough and the page is copied out
// once (BenchmarkFullBuild).
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// body renders a page's Markdown.
// When the build let the page's syntax tree go (to keep memory down on a
// large site), it kept the body's HTML (markup.Freeze).
func (r *Renderer) body(p *resolve.Page) (template.HTML, error) {
	if p.Doc.Root == nil {
		html, frozen, err := p.Doc.HTMLString()
		if err != nil {
			return "", &unreadBody{file: p.File.Path, err: err}
		}
		if !frozen {
			return "", fmt.Errorf("%s: the body's syntax tree was let go without its HTML", p.File.Path)
		}
		return template.HTML(html), nil //nolint:gosec // as below: rendered by markup.Freeze
	}
	var buf bytes.Buffer
	if err := r.md.Render(&buf, p.Doc); err != nil {
		return "", fmt.Errorf("%s: %w", p.File.Path, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // goldmark output with raw HTML disabled
}

// unreadBody is a page's body that the build kept in its temporary file
// and could not read back: not a fault of the template that shows it.
type unreadBody struct {
	file string // the page's file, relative to the site folder
	err  error
}

func (e *unreadBody) Error() string {
	return fmt.Sprintf("%s: the page's body could not be read back from the build's temporary file in %s: %v", e.file, os.TempDir(), e.err)
}

// renderDiag reports a page that could not be rendered: a body not read
// back at its file, anything else at the template (templateDiag).
func renderDiag(template string, err error) diag.Diagnostic {
	var ub *unreadBody
	if errors.As(err, &ub) {
		return diag.Diagnostic{Pos: diag.Pos{File: ub.file}, Severity: diag.Error, Code: diag.CodeFileRead,
			Message: ub.Error(), Hint: "check that the temporary folder (TMPDIR) is readable and has room, and build again"}
	}
	return templateDiag(template, err)
}

func (r *Renderer) pageJobs() []job {
	s := r.site
	kind := func(name string) *view.Kind {
		for i := range view.Kinds {
			if view.Kinds[i].Name == name {
				return &view.Kinds[i]
			}
		}
		panic("no page kind " + name)
	}
	jobs := make([]job, 0, 1+len(s.Notes)+len(s.Sources)+len(s.Standalone)+len(s.Folders)+7+len(s.Tags)+len(s.Aliases))
	home := kind("home")
	lead := s.Note(s.Config.Home)
	jobs = append(jobs, job{path: home.Path, kind: home, page: lead, place: s.Place(lead), links: true, cacheable: true})
	// The site's pages (resolve.Site.Pages): notes, sources, standalone
	// pages and folders' index pages, each kind's together, each with its
	// place there.
	var k *view.Kind
	for i, p := range s.Pages() {
		if k == nil || k.Name != string(p.Kind) {
			k = kind(string(p.Kind))
		}
		jobs = append(jobs, job{path: p.Path, kind: k, page: p, place: i, cacheable: true})
	}
	for _, name := range []string{"sources", "tags", "claims", "timeline", "maintenance", "search", "404"} {
		k := kind(name)
		jobs = append(jobs, job{path: k.Path, kind: k, place: -1, cacheable: true})
	}
	tag := kind("tag")
	for _, t := range s.Tags {
		jobs = append(jobs, job{path: tag.PathFor(t.Name), kind: tag, tag: t, place: -1, cacheable: true})
	}
	alias := kind("alias")
	aliases := make([]string, 0, len(s.Aliases))
	for a := range s.Aliases {
		aliases = append(aliases, a)
	}
	slices.Sort(aliases)
	for _, a := range aliases {
		target := s.Aliases[a]
		jobs = append(jobs, job{path: alias.PathFor(a), kind: alias, page: target, place: s.Place(target), cacheable: true})
	}
	return jobs
}

// links returns the links between pages (view.LinksFrom): those the view
// phase made, else made once per Render (the last Render's, when the cache
// says no link changed).
func (r *Renderer) links() map[*resolve.Page][]*resolve.Page {
	r.linksOnce.Do(func() {
		if r.linkMap = r.views.Links(); r.linkMap == nil {
			r.linkMap = r.cache.noteLinks(func() map[*resolve.Page][]*resolve.Page { return view.LinksFrom(r.site) })
		}
	})
	return r.linkMap
}

// notes returns the index of related notes: the view phase's, else made
// once per Render (the last Render's, when the cache says no link changed).
func (r *Renderer) notes() *view.NoteIndex {
	r.notesOnce.Do(func() {
		if r.noteIndex = r.views.Related(); r.noteIndex == nil {
			r.noteIndex = r.cache.noteIndex(func(last *view.NoteIndex) *view.NoteIndex { return view.NewNoteIndexFrom(r.site, last) })
		}
	})
	return r.noteIndex
}
