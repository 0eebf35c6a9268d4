// Package render is the render stage: it turns the resolved site into the
// files of the published site, in memory. Page bodies are rendered by the
// goldmark configuration of package markup; pages are laid out by the
// html/template files in templates/ (base.html, partials/*.html and one file
// per page kind); assets in templates/assets/ are published under names
// that carry a hash of their content. Pages are rendered in parallel, and
// the result does not depend on the order in which they finish.
//
// Templates receive a *Data. Its fields are the documentation of what a
// template may show; see also Funcs for the functions they may call.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/search"
)

// File is one file of the built site: a rendered page, asset or index.
// The write stage takes it as it is (output.File has the same fields).
type File struct {
	Path string // slash path relative to the output folder
	Data []byte
}

// Data is what a page template receives.
type Data struct {
	Site        *resolve.Site
	Kind        string        // home, note, page, folder, source, sources, tag, tags, claims, timeline, maintenance, search, 404
	Title       string        // the page's title (the <h1>)
	Description string        // the page's summary, for <meta name=description>
	URL         string        // the page's address under the base path
	Canonical   string        // the page's absolute address (or its path when the site has no origin)
	Page        *resolve.Page // the note, source, standalone page or folder the page shows
	Content     template.HTML // the rendered Markdown body of Page (a folder's _index.md), or of the home page's lead note
	Tag         *resolve.Tag  // for tag pages
	Lead        *resolve.Page // for the home page: the lead note (dossier.yaml `home`)
	Recent      []*resolve.Page
	Breadcrumbs []Crumb
	Prev, Next  *resolve.Page // neighbours within the note's first tag
	Related     []*resolve.Page
	NoIndex     bool // keep out of search engines and the sitemap
	// JSONLD is the page's schema.org structured data (see package jsonld),
	// for <script type="application/ld+json">; note pages have it.
	JSONLD template.JS
	// Graph is an SVG map (see package graph): on the home page, of the
	// most connected notes and sources; on a note, of its neighbourhood.
	Graph template.HTML
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
}

// Renderer renders one resolved site.
type Renderer struct {
	md     *markup.Markdown
	site   *resolve.Site
	tmpl   *Templates
	assets map[string]string // asset name -> address
	inline map[string][]byte // asset name -> its content, for the scripts a page holds inline
	files  []File
	cache  *cacheRun // nil without a Cache
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
	// writes the site without holding it all in memory.
	Emit func(File)
	// Search, when not nil, is the search index of the site's pages (in
	// the order of Site.Pages), built by the caller while it had their
	// syntax trees; nil means Render indexes the pages itself.
	Search *search.Builder
	// Changes, when not nil, say what changed since the last Render with
	// the same Cache, so that the cache need not fingerprint the pages that
	// cannot have changed; see Changes.
	Changes *Changes
}

// Render renders every page of site. Problems (template errors) go to diags;
// when there are any, the files are incomplete and must not be written.
// The files are returned sorted by path, or given to opts.Emit.
func Render(site *resolve.Site, opts Options, diags *diag.List) []File {
	r := &Renderer{md: opts.Markdown, site: site, assets: map[string]string{}, inline: map[string][]byte{}}
	r.buildAssets(opts.Templates, diags)
	index := r.searchIndex(opts.Search, opts.Cache != nil)
	r.tmpl = LoadTemplates(opts.Templates, r.funcs(), diags)
	if r.tmpl == nil {
		return nil
	}
	jobs := r.pageJobs()
	cache := opts.Cache.start(r, opts.Templates, jobs, opts.Changes)
	r.cache = cache
	var out []File
	emit := opts.Emit
	if emit == nil {
		out = make([]File, 0, len(jobs)+len(r.files)+3)
		var mu sync.Mutex
		emit = func(f File) {
			mu.Lock()
			out = append(out, f)
			mu.Unlock()
		}
	}
	// The assets and the search index first, so that they need not be
	// held while the pages are rendered.
	for _, f := range r.files {
		emit(f)
	}
	r.files = nil
	if opts.Cache == nil {
		for _, f := range <-index {
			emit(f)
		}
	}
	var wg sync.WaitGroup
	var done atomic.Int64
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), len(jobs))
				}
				key, cacheable, data, hit := cache.lookup(jobs[i])
				if hit {
					emit(File{Path: jobs[i].path, Data: data})
					continue
				}
				data, err := jobs[i].run()
				if err != nil {
					diags.Add(templateDiag(jobs[i].template, err))
					cache.failed(jobs[i])
					continue
				}
				cache.store(jobs[i], key, cacheable, data)
				emit(File{Path: jobs[i].path, Data: data})
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if opts.Cache != nil {
		for _, f := range <-index {
			emit(f)
		}
	}
	// The sitemap shows only front matter; the feed, the bodies of the
	// newest notes as well. A sitemap must list absolute addresses: a
	// site that does not know its own (no base URL with a host) has none
	// (the build warns, and robots.txt names none).
	if site.Origin != "" {
		emit(cache.file("sitemap.xml", func() bool { return true }, r.sitemap))
	}
	emit(cache.file("feed.xml", func() bool { return !cache.edited(recent(site.Notes, FeedEntries)) }, r.feed))
	cache.finish()
	emit(r.robots())
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// job is one page to render. The pages a Cache may keep (cacheable) are
// made from their Data alone; data makes it when it is first asked for
// (sync.OnceValue), since a page the cache can answer for without a key
// (see Changes) never needs it.
type job struct {
	path      string
	template  string
	page      *resolve.Page // the note or source the page shows (the home page's lead note), or nil
	links     bool          // the page shows the links between pages (the home page's map)
	cacheable bool
	data      func() *Data // for cacheable jobs
	run       func() ([]byte, error)
}

func (r *Renderer) execute(name string, d *Data) ([]byte, error) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	t := r.tmpl.byName[name]
	if err := t.ExecuteTemplate(buf, "base", d); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
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
		html, ok := p.Doc.HTML()
		if !ok {
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

func (r *Renderer) pageJobs() []job {
	s := r.site
	var jobs []job
	links := sync.OnceValue(func() map[*resolve.Page][]*resolve.Page {
		return r.cache.noteLinks(func() map[*resolve.Page][]*resolve.Page { return linksFrom(s) })
	})
	home := &Data{Site: s, Kind: "home", Title: s.Config.Title, Description: s.Config.Description, URL: s.URLFor(""), Canonical: s.AbsURL("")}
	home.Lead = s.Note(s.Config.Home)
	home.Recent = recent(s.Notes, 10)
	// The map goes into the Data, so that the cache's key counts it: it
	// is drawn from the links between pages, which the key does not
	// otherwise cover. The lead note counts in full (see cacheRun.key).
	homeData := sync.OnceValue(func() *Data {
		home.Graph = r.cache.siteGraph(func() template.HTML { return siteGraph(s, links()) })
		return home
	})
	jobs = append(jobs, job{path: "index.html", template: "home.html", page: home.Lead, links: true, cacheable: true, data: homeData, run: func() ([]byte, error) {
		d := *homeData() // as for notes
		if d.Lead != nil {
			c, err := r.body(d.Lead)
			if err != nil {
				return nil, err
			}
			d.Content = c
		}
		return r.execute("home.html", &d)
	}})
	notes := sync.OnceValue(func() *noteIndex { return r.cache.noteIndex(func() *noteIndex { return newNoteIndex(s) }) })
	for _, p := range s.Notes {
		data := sync.OnceValue(func() *Data {
			d := &Data{Site: s, Kind: "note", Title: p.Title, Description: p.Summary, URL: p.URL, Canonical: s.AbsURL("notes/" + p.Slug + "/"), Page: p, NoIndex: p.Held != nil}
			// The folders that hold the note, else its first topic.
			d.Breadcrumbs = append([]Crumb{{"Home", s.URLFor("")}}, folderCrumbs(p)...)
			if tags := p.Note.Meta.Tags; len(tags) > 0 {
				if t := s.Tag(tags[0]); t != nil {
					if p.Parent == nil {
						d.Breadcrumbs = append(d.Breadcrumbs, Crumb{t.Name, t.URL})
					}
					d.Prev, d.Next = notes().neighbours(p, t.Name)
				}
			}
			d.Related = notes().related(p, 5)
			return d
		})
		jobs = append(jobs, job{path: p.Path, template: "note.html", page: p, cacheable: true, data: data, run: func() ([]byte, error) {
			// Fill in a copy, so that the page's body is let go once it is
			// written (data's Data lives on, for the cache).
			d := *data()
			c, err := r.body(p)
			if err != nil {
				return nil, err
			}
			d.Content = c
			if d.JSONLD, err = noteJSONLD(s, p, d.Canonical, claimReviews(s, p)...); err != nil {
				return nil, err
			}
			d.Graph = noteGraph(p, links())
			return r.execute("note.html", &d)
		}})
	}
	for _, p := range s.Sources {
		data := sync.OnceValue(func() *Data {
			return &Data{Site: s, Kind: "source", Title: p.Title, Description: p.Summary, URL: p.URL, Canonical: s.AbsURL("sources/" + p.Slug + "/"), Page: p, NoIndex: p.Held != nil,
				Breadcrumbs: []Crumb{{"Home", s.URLFor("")}, {"Sources", s.URLFor("sources/")}}}
		})
		jobs = append(jobs, job{path: p.Path, template: "source.html", page: p, cacheable: true, data: data, run: func() ([]byte, error) {
			d := *data() // as for notes
			c, err := r.body(p)
			if err != nil {
				return nil, err
			}
			d.Content = c
			return r.execute("source.html", &d)
		}})
	}
	// Standalone pages and folders' index pages: a body, and what their
	// Data lists.
	for _, p := range append(slices.Clone(s.Standalone), s.Folders...) {
		tmpl, kind := "page.html", "page"
		crumbs := []Crumb{{"Home", s.URLFor("")}}
		if p.Kind == resolve.KindFolder {
			tmpl, kind = "folder.html", "folder"
			crumbs = append(crumbs, folderCrumbs(p)...)
		}
		d := &Data{Site: s, Kind: kind, Title: p.Title, Description: p.Summary, URL: p.URL,
			Canonical: s.AbsURL(strings.TrimSuffix(p.Path, "index.html")), Page: p, Breadcrumbs: crumbs, NoIndex: p.Held != nil}
		jobs = append(jobs, job{path: p.Path, template: tmpl, page: p, cacheable: true, data: func() *Data { return d }, run: func() ([]byte, error) {
			d := *d // as for notes
			c, err := r.body(p)
			if err != nil {
				return nil, err
			}
			d.Content = c
			return r.execute(tmpl, &d)
		}})
	}
	simple := func(path, tmpl string, d *Data) {
		// Its Data is all its template gets.
		jobs = append(jobs, job{path: path, template: tmpl, cacheable: true, data: func() *Data { return d },
			run: func() ([]byte, error) { return r.execute(tmpl, d) }})
	}
	simple("sources/index.html", "sources.html", &Data{Site: s, Kind: "sources", Title: "Sources", Description: "Every source the notes cite, with what is known of each.",
		URL: s.URLFor("sources/"), Canonical: s.AbsURL("sources/"), Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	simple("tags/index.html", "tags.html", &Data{Site: s, Kind: "tags", Title: "Topics", Description: "The topics of the notes.",
		URL: s.URLFor("tags/"), Canonical: s.AbsURL("tags/"), Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	for _, t := range s.Tags {
		simple("tags/"+t.Name+"/index.html", "tag.html", &Data{Site: s, Kind: "tag", Title: "Topic: " + t.Name, Description: fmt.Sprintf("Notes on %s.", t.Name),
			URL: t.URL, Canonical: s.AbsURL("tags/" + t.Name + "/"), Tag: t, Breadcrumbs: []Crumb{{"Home", s.URLFor("")}, {"Topics", s.URLFor("tags/")}}})
	}
	simple("claims/index.html", "claims.html", &Data{Site: s, Kind: "claims", Title: "Claims and their status",
		Description: "Every disputed or reported claim in the notes, grouped by status, with who reports and who denies it.",
		URL:         s.URLFor("claims/"), Canonical: s.AbsURL("claims/"), Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	simple("timeline/index.html", "timeline.html", &Data{Site: s, Kind: "timeline", Title: "Timeline",
		Description: "The dated events the sources give, in order, each with its source and the note that discusses it.",
		URL:         s.URLFor("timeline/"), Canonical: s.AbsURL("timeline/"), Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	simple("maintenance/index.html", "maintenance.html", &Data{Site: s, Kind: "maintenance", Title: "Maintenance",
		Description: "For editors: statements marked as needing a citation.", NoIndex: true,
		URL: s.URLFor("maintenance/"), Canonical: s.AbsURL("maintenance/"), Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	simple("search/index.html", "search.html", &Data{Site: s, Kind: "search", Title: "Search", Description: "Search the notes and sources.",
		URL: s.URLFor("search/"), Canonical: s.AbsURL("search/"), NoIndex: true, Breadcrumbs: []Crumb{{"Home", s.URLFor("")}}})
	simple("404.html", "404.html", &Data{Site: s, Kind: "404", Title: "Page not found", URL: s.URLFor("404.html"), Canonical: s.AbsURL("404.html"), NoIndex: true})
	aliases := make([]string, 0, len(s.Aliases))
	for a := range s.Aliases {
		aliases = append(aliases, a)
	}
	slices.Sort(aliases)
	for _, a := range aliases {
		target := s.Aliases[a]
		path := "notes/" + a + "/index.html"
		d := &Data{Site: s, Kind: "alias", Title: target.Title, URL: target.URL, Canonical: s.AbsURL("notes/" + target.Slug + "/"), Page: target, NoIndex: true}
		jobs = append(jobs, job{path: path, template: "alias.html", page: target, cacheable: true, data: func() *Data { return d }, run: func() ([]byte, error) {
			var buf bytes.Buffer
			err := r.tmpl.alias.Execute(&buf, d)
			return buf.Bytes(), err
		}})
	}
	return jobs
}

// folderCrumbs are the breadcrumbs of the folders above a note or folder,
// outermost first.
func folderCrumbs(p *resolve.Page) []Crumb {
	var out []Crumb
	for _, f := range p.Crumbs() {
		out = append(out, Crumb{f.Title, f.URL})
	}
	return out
}

// recent returns up to n notes, most recently updated first, in site order
// among equals. It keeps the best n as it goes rather than sort every note:
// n is small, and the home page and the feed ask on every rebuild.
func recent(notes []*resolve.Page, n int) []*resolve.Page {
	type dated struct {
		p *resolve.Page
		d content.Date
	}
	best := make([]dated, 0, n+1)
	for _, p := range notes {
		d := lastChange(p)
		// After every note at least as recent: equals stay in site order.
		k := len(best)
		for k > 0 && best[k-1].d.Compare(d) < 0 {
			k--
		}
		if k < n {
			best = slices.Insert(best, k, dated{p, d})
			best = best[:min(len(best), n)]
		}
	}
	out := make([]*resolve.Page, len(best))
	for i, b := range best {
		out[i] = b.p
	}
	return out
}

func lastChange(p *resolve.Page) content.Date {
	return p.LastChange()
}
