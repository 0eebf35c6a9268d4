// Package build runs the pipeline. Run reads as its phases, one short
// function each, one after the other:
//
//	load     content.Load         dossier.yaml, notes and sources, front matter,
//	                              git dates, article texts
//	resolve  resolve.Begin        what front matter gives: pages, tags, events
//	parse    markup.Parse         each page's Markdown, in parallel, and then
//	         resolve.ResolvePage  the page's links and citations
//	resolve  resolve.Finish       backlinks, cited-by, checks across pages
//	view     view.Builder         what many pages' views read: the links
//	                              between pages, related notes; each page's
//	                              own view value (view.Page) is made in
//	                              render, as the page is rendered
//	render   render.Render        each page's view value and its template,
//	                              assets, in parallel
//	write    output.Dir           the files render did not write as it went;
//	                              the caller swaps the folder in
//
// Each phase's wall time and allocation are measured (Stats.Phases, printed
// by `dossier build -timings`). Phases overlap where work runs beside them:
// the search index is written from the end of parse while resolve and render
// go on, and render writes each file into the output folder as soon as it
// is rendered.
//
// Each page's body is rendered to HTML as soon as the page is resolved and
// indexed for search, and its syntax tree let go (markup.Freeze): the
// compressed HTML takes a sixth of the tree's memory. It is written to a
// temporary file (markup.FreezeTo) that render reads it back from, so that
// the build does not hold every page's body either. With a Cache (the
// preview) the file is the Cache's, kept from build to build, and a page
// is parsed again when an edit elsewhere means it must be resolved again
// (markup.Thaw).
//
// Each stage reports problems to one diag.List. The build goes on through
// resolve even after errors, so that one run reports every problem; nothing
// is written unless there are no errors.
package build

import (
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/output"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/publish"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/search"
	"github.com/dossier-site/dossier/internal/view"
)

// Options configure a build.
type Options struct {
	// Site is the site folder (holding content/, templates/, dossier.yaml).
	Site fs.FS
	// Templates are the default templates; the site's templates/ overrides
	// them file by file. Nil means the site's own templates only.
	Templates fs.FS
	// GitDir is the site folder on disk. When it is in a git repository,
	// each page's last-modified date comes from its history (see package
	// gitdates); a note's `updated` wins. Empty means no git dates.
	GitDir string
	// Articles is the folder of article texts that dossier.yaml's
	// `articles` names (see ArticlesDir), or another a command was told
	// of; nil when there is none: passages are then checked against the
	// recorded excerpts only, and, when dossier.yaml names a folder, the
	// build says so in a note.
	Articles fs.FS
	// BaseURL overrides dossier.yaml's base_url.
	BaseURL string
	// Strict turns warnings into errors.
	Strict bool
	// Publish says the build is to be published (dossier build, not
	// check or the preview server): without a base URL it then warns once
	// (no-base-url) that the feed, the sitemap and robots.txt need one.
	Publish bool
	// Now is the build's clock: a note whose published date is after the
	// day it gives (in dossier.yaml's time_zone) is scheduled, and held
	// back (see package publish). Nil means time.Now.
	Now func() time.Time
	// Drafts and Future include drafts and scheduled notes in the build,
	// each with a banner that says it is not public (dossier serve sets
	// both; build -drafts, -future).
	Drafts, Future bool
	// Pack, with a Cache and no Output, gives the pages in Result.Files
	// compressed (render.File.Packed; render.Options.Pack), and the Cache
	// keeps them so: dossier serve sets it, since it holds every page
	// between rebuilds.
	Pack bool
	// Markdown is the Markdown configuration; nil means markup.New().
	Markdown *markup.Markdown
	// Cache, when not nil, carries work over from the last build with the
	// same Cache, so that only what changed is parsed and rendered again.
	// The result is the same as without it.
	Cache *Cache
	// Changed, when not nil, names the only files (site-relative slash
	// paths) that may have changed since the last build with the same
	// Cache, as a file watcher reports them: the others are taken from the
	// Cache without a look (see content.Memo.OnlyChanged). Nil means look
	// at every file.
	Changed []string
	// Progress, when not nil, is told how far the parse and render stages
	// are ("parse" or "render", pages done, pages in all): at a stage's
	// first page, its last, and every 64 pages between. It is called from
	// several goroutines at once.
	Progress func(stage string, done, total int)
	// Output, when not nil, receives each file as soon as it is rendered,
	// so that the site is never all in memory; Result.Files is then nil.
	// The caller commits Output when the result is OK and WriteErr nil,
	// and aborts it otherwise.
	Output *output.Dir
}

// Stats summarise a build.
type Stats struct {
	// Pages counts the pages written; Notes, Standalone and Sources the
	// notes, standalone pages (content/pages) and source records built.
	Pages, Notes, Standalone, Sources int
	// Held counts the notes, standalone pages and sources held back:
	// drafts and scheduled notes and pages, not built (see Result.Held).
	Held             int
	Errors, Warnings int
	Elapsed          time.Duration
	// Parsed, Resolved and Rendered count the files parsed, the pages
	// resolved and the pages rendered, fewer than all when a Cache held the
	// others.
	Parsed, Resolved, Rendered int
	// Index is the CPU time spent indexing the pages for search and
	// writing the index, summed over the goroutines that did it (see
	// search.Builder.Spent): comparable with the build's CPU time, not
	// with Elapsed.
	Index time.Duration
	// IndexFiles counts the search index's files, and IndexRewritten
	// those whose content the build made afresh (all of them unless a
	// Cache kept the others): search.Stats.
	IndexFiles, IndexRewritten int
	// Phases are the build's phases with their wall time and allocation;
	// the command adds the output folder's swap to write.
	Phases Phases
}

// Result is what a build produced.
type Result struct {
	Files       []render.File // the site; nil if there were errors or Options.Output was set; its pages packed with Options.Pack
	WriteErr    error         // the first error writing to Options.Output
	Site        *resolve.Site
	Diagnostics []diag.Diagnostic // sorted
	// Held are the notes, standalone pages and sources the build held
	// back (drafts, and notes and pages scheduled after today): notes,
	// then pages, then sources, each in site order.
	Held []publish.Held
	// Until is when what the build published next changes with no file
	// changed: the start of the first day on which a page scheduled after
	// today comes out (publish.Result.Until). Zero when none is scheduled.
	Until time.Time
	Stats Stats
}

// OK reports whether the build had no errors.
func (r *Result) OK() bool { return r.Stats.Errors == 0 }

// Run builds the site in memory, or into Options.Output, phase by phase
// (see the package comment), and measures each phase (Stats.Phases).
// Render and write run only when the phases before found no error.
func Run(opts Options) *Result {
	r := newRun(opts)
	r.measure("load", r.load)
	r.measure("resolve", r.begin)
	r.measure("parse", r.parse)
	r.measure("resolve", r.finish)
	if !r.diags.HasErrors() {
		if opts.Cache == nil {
			r.measure("view", r.view)
			r.measure("render", r.render)
		} else {
			// With a Cache, render makes what the view phase makes, or
			// keeps the last build's (see run.view): one phase, rather
			// than a view phase of 0 ms that says nothing.
			r.measure("render", func() { r.view(); r.render() })
		}
		if opts.Output != nil {
			r.measure("write", r.write)
		}
	}
	res := r.result()
	opts.Cache.lookLater()
	opts.Cache.countLater()
	return res
}

// run is one build: its options, and what each phase hands the next.
type run struct {
	opts  Options
	start time.Time
	md    *markup.Markdown
	diags *diag.List
	res   *Result

	in        resolve.Input         // load: the site, its base URL and article texts
	resolving *resolveRun           // resolve: the resolve stage, through the Cache
	results   []*resolve.PageResult // parse: what resolving each page found
	changes   *render.Changes       // resolve: what changed since the last render (with a Cache)
	indexed   time.Duration         // the index's CPU time before this build (a Cache's counts from earlier builds)
	views     *view.Builder         // view: the pages' view values
	files     []render.File         // render: the files not yet written
	store     *packed.Store         // a full build's bodies and texts, from parse to render (nil with a Cache, or when it cannot be made)
	out       *writer               // parse, render and write: the output folder
}

func newRun(opts Options) *run {
	md := opts.Markdown
	if md == nil {
		md = markup.New()
	}
	return &run{opts: opts, start: time.Now(), md: md, diags: &diag.List{}, res: &Result{}, out: newWriter(opts.Output)}
}

func (r *run) measure(phase string, fn func()) { r.res.Stats.Phases.Measure(phase, fn) }

// load reads the site: its files and their front matter, the commit dates
// of its files, its base URL and the sources' article texts.
func (r *run) load() {
	r.opts.Cache.settle()
	site := r.opts.Cache.load(r.opts.Site, r.opts.Changed, r.diags)
	commitDates(r.opts.GitDir, site, r.diags, r.opts.Cache)
	held := holdBack(r.opts, site, r.diags)
	site, r.res.Held, r.res.Until = held.Site, held.Held, held.Until
	if r.opts.Strict {
		content.ExpectedKeys(site, r.diags)
	}
	baseURL := r.opts.BaseURL
	if baseURL == "" {
		baseURL = site.Config.BaseURL
	}
	origin, basePath, err := resolve.SplitBaseURL(baseURL)
	if err != nil {
		where := diag.Pos{File: "-base-url"}
		if r.opts.BaseURL == "" {
			where = site.ConfigPos("base_url")
		}
		r.diags.Errorf(where, diag.CodeConfig, "write it as https://example.org/path/", "%v", err)
	}
	if r.opts.Publish && err == nil && origin == "" {
		where := diag.Pos{File: content.ConfigFile}
		if r.opts.BaseURL == "" {
			where = site.ConfigPos("base_url") // a path alone, or none
		}
		r.diags.Warnf(where, diag.CodeNoBaseURL,
			"add `base_url: https://example.org/explainer/` to dossier.yaml, or build with -base-url https://example.org/explainer/",
			"no base URL with a host: the feed, the sitemap and robots.txt need the site's absolute address, so no sitemap.xml is written, robots.txt names none, and feed.xml gives addresses without a host, which feed readers may not resolve")
	}
	articles := readArticles(r.opts.Articles, site, r.diags)
	if r.opts.Cache == nil {
		// nil, and the bodies and texts kept in memory, if it cannot be made
		r.store, _ = packed.NewStore("dossier-bodies")
	}
	r.in = resolve.Input{Site: site, Origin: origin, BasePath: basePath, Articles: articles, Publish: held,
		Folded: r.opts.Cache.folded(articles), Texts: r.store}
}

// begin makes the site's pages, tags and events from their front matter
// (resolve.Begin, or the last build's site when only bodies changed).
func (r *run) begin() {
	r.resolving = r.opts.Cache.begin(r.in, r.md, r.opts.Pack && r.opts.Output == nil, r.diags)
	r.indexed = r.resolving.index.Spent()
	r.res.Site = r.resolving.site
	if emit := r.out.emit(); emit != nil && r.opts.Cache == nil {
		// The pages' search fragments (their text, for snippets) are
		// written as the pages are indexed, in parse, rather than held
		// to its end: about 40 MB at 10,000 notes. A build that fails
		// leaves them in the output folder it does not commit.
		r.resolving.index.Emit = func(f search.File) {
			emit(render.File{Path: render.SearchFolder + f.Name, Data: f.Data})
		}
	}
}

// parse parses every page, in parallel, and resolves and indexes each as
// soon as it is parsed.
func (r *run) parse() {
	r.resolving.ahead.wait() // it reads the Docs this phase writes
	pages := r.res.Site.Pages()
	r.results = make([]*resolve.PageResult, len(pages))
	docs := r.opts.Cache.parser(r.md, len(pages), r.resolving.samePages, r.opts.Progress)
	bodies := r.store
	if r.opts.Cache != nil {
		bodies = r.opts.Cache.bodyStore()
	}
	parallel(len(pages), func(i int) {
		p := pages[i]
		doc := docs.parse(i, p.File)
		r.results[i] = r.resolving.page(i, p, doc, r.md)
		// Render the body now and let the tree go, so that the build
		// never holds every page's tree (350 MB at 10,000 notes) and need
		// not parse the page again (an eighth of the build; see
		// BenchmarkFullBuild). A body that does not render keeps its
		// tree, for the render stage to report the error. With a Cache
		// the HTML goes to the Cache's store (see bodyStore), and a page
		// that must be resolved again is parsed again (see
		// resolveRun.page, from the Markdown the store keeps: see letGo);
		// a page resolved before keeps its frozen body. Without one, the
		// Markdown is not needed either (see DropMarkdown).
		if doc.Root != nil {
			_ = r.md.FreezeTo(doc, bodies)
		}
		if r.opts.Cache == nil {
			p.DropMarkdown()
		} else {
			letGo(p, doc, bodies)
		}
	})
	r.res.Stats.Parsed = docs.finish() + int(r.resolving.thawed.Load())
	r.res.Stats.Resolved = int(r.resolving.resolved.Load())
}

// finish does what needs every page resolved: backlinks, cited-by, the
// checks across pages. Every page is indexed by then: the index is written
// while the rest of the build goes on (at 10,000 notes it takes about as
// long as Finish), unless the build has failed already and will not render.
func (r *run) finish() {
	if !r.diags.HasErrors() {
		r.resolving.index.Begin()
	}
	r.resolving.beforeFinish()
	r.resolving.finishSite(r.results, r.diags)
	r.changes = r.opts.Cache.sinceRender(r.resolving.changes())
	r.resolving.finish()
	r.results = nil // Finish has given each page what the others found
	if r.opts.Strict {
		r.diags.Strict()
	}
}

// view makes what many pages' views read: the links between pages and the
// index of related notes (view.Builder.Prepare; with a Cache, render makes
// them or keeps the last build's); each page's own view value is made as
// the page is rendered, so that the build never holds every page's.
func (r *run) view() {
	r.views = view.NewBuilder(r.res.Site)
	if r.opts.Cache == nil {
		// With a Cache, render keeps them from the last build while the
		// links between pages are the same (see render.Cache).
		r.views.Prepare()
	}
}

// render renders every page, asset and index; with Options.Output, each
// file is written as soon as it is rendered.
func (r *run) render() {
	files := render.Render(r.res.Site, render.Options{Markdown: r.md, Templates: r.templates(),
		Cache: r.opts.Cache.pages(), Stamps: r.opts.Cache.docStamps(), Pack: r.opts.Pack && r.opts.Output == nil, Changes: r.changes, Views: r.views, Progress: stageProgress(r.opts.Progress, "render"), Emit: r.out.emit(), Search: r.resolving.index}, r.diags)
	if err := r.in.Texts.ReadErr(); err != nil {
		// A text that could not be read back was written as "" (see
		// packed.Text): the pages that show it are wrong, and the build
		// fails rather than commit them.
		// Not a file of the site: named by the variable that chooses the
		// folder, as -base-url names the flag (see load).
		r.diags.Errorf(diag.Pos{File: "TMPDIR"}, diag.CodeFileRead,
			"check that the temporary folder (TMPDIR) is readable and has room, and build again",
			"the build could not read back the backlinks' paragraphs and citing sentences it kept in its temporary file in %s: %v", os.TempDir(), err)
	}
	r.opts.Cache.renderedAll()
	r.res.Stats.Rendered = r.opts.Cache.rendered(len(files) + r.out.files)
	files = withSchemas(files, r.res.Site, r.opts.Cache)
	for _, f := range r.res.Site.Files {
		files = append(files, render.File{Path: f.Publish, Data: f.Data})
	}
	r.files = files
	if r.opts.Output == nil && !r.diags.HasErrors() {
		r.res.Files = files
	}
}

// templates are the site's templates/ over the default templates.
func (r *run) templates() fs.FS {
	tfs := r.opts.Templates
	siteTemplates, err := fs.Sub(r.opts.Site, "templates")
	if err == nil {
		if tfs == nil {
			tfs = siteTemplates
		} else {
			tfs = render.Overlay(siteTemplates, tfs)
		}
	}
	return tfs
}

// write writes the files that render returned (the schemas and published
// files) into Options.Output. The caller commits the folder.
func (r *run) write() {
	for _, f := range r.files {
		r.out.add(f)
	}
	r.files = nil
}

// result counts what the build reported and made.
func (r *run) result() *Result {
	res := r.res
	if r.out != nil {
		res.WriteErr = r.out.err
		res.Stats.Pages = r.out.pages
	}
	res.Stats.Index = r.resolving.index.Spent() - r.indexed
	if st := r.resolving.index.Stats(); !r.diags.HasErrors() {
		res.Stats.IndexFiles, res.Stats.IndexRewritten = st.Files, st.Rewritten
	}
	res.Diagnostics = r.diags.Sorted()
	for _, d := range res.Diagnostics {
		switch d.Severity {
		case diag.Error:
			res.Stats.Errors++
		case diag.Warning:
			res.Stats.Warnings++
		}
	}
	res.Stats.Pages += countPages(res.Files)
	res.Stats.Notes, res.Stats.Sources, res.Stats.Held = len(r.in.Site.Notes), len(r.in.Site.Sources), len(res.Held)
	res.Stats.Standalone = len(r.in.Site.Pages)
	res.Stats.Elapsed = time.Since(r.start)
	return res
}

func countPages(files []render.File) int {
	n := 0
	for _, f := range files {
		if isPage(f.Path) {
			n++
		}
	}
	return n
}

func isPage(path string) bool { return strings.HasSuffix(path, ".html") }

// writer writes files into an output folder as the render stage emits them,
// keeping the first error and counting what it wrote.
type writer struct {
	dir          *output.Dir
	mu           sync.Mutex
	err          error
	files, pages int
}

func newWriter(dir *output.Dir) *writer { return &writer{dir: dir} }

// emit returns the function the render stage gives files to, or nil when
// there is no output folder (and render returns the files).
func (w *writer) emit() func(render.File) {
	if w.dir == nil {
		return nil
	}
	return w.add
}

func (w *writer) add(f render.File) {
	w.mu.Lock()
	failed := w.err != nil
	w.mu.Unlock()
	if failed {
		return
	}
	data, err := f.Plain()
	if err == nil {
		err = w.dir.Add(output.File{Path: f.Path, Data: data})
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("writing %s: %w", f.Path, err)
	}
	if err == nil {
		w.files++
		if isPage(f.Path) {
			w.pages++
		}
	}
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Summary is the line printed at the end of a build: "12 pages written
// from 6 notes, 2 standalone pages and 16 sources; 0 warnings; 41ms"
// (standalone pages only when the site has any).
func (s Stats) Summary() string {
	held := ""
	if s.Held > 0 {
		held = fmt.Sprintf(" (%d held back: drafts or scheduled)", s.Held)
	}
	from := diag.Count(s.Notes, "note") + " and " + diag.Count(s.Sources, "source")
	if s.Standalone > 0 {
		from = diag.Count(s.Notes, "note") + ", " + diag.Count(s.Standalone, "standalone page") + " and " + diag.Count(s.Sources, "source")
	}
	return fmt.Sprintf("%s written from %s%s; %s; %s",
		diag.Count(s.Pages, "page"), from, held, diag.Count(s.Warnings, "warning"), s.Elapsed.Round(time.Millisecond))
}

// Counts says what a check found: "6 notes, 2 pages, 16 sources" (pages
// only when the site has standalone pages).
func (s Stats) Counts() string {
	if s.Standalone > 0 {
		return diag.Count(s.Notes, "note") + ", " + diag.Count(s.Standalone, "page") + ", " + diag.Count(s.Sources, "source")
	}
	return diag.Count(s.Notes, "note") + ", " + diag.Count(s.Sources, "source")
}
