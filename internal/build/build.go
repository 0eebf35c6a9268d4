// Package build runs the pipeline, one stage after the other:
//
//	load     content.Load         dossier.yaml, notes and sources, front matter
//	resolve  resolve.Begin        what front matter gives: pages, tags, events
//	parse    markup.Parse         each page's Markdown, in parallel, and then
//	resolve  resolve.ResolvePage  the page's links and citations
//	         resolve.Finish       backlinks, cited-by, checks across pages
//	render   render.Render        templates and assets, in parallel
//	write    output.Dir           the output folder, atomically
//
// Without a Cache, each page's body is rendered to HTML as soon as the page
// is resolved and indexed for search, and its syntax tree let go
// (markup.Freeze): the compressed HTML takes a sixth of the tree's memory.
//
// Each stage reports problems to one diag.List. The build goes on through
// resolve even after errors, so that one run reports every problem; nothing
// is written unless there are no errors.
package build

import (
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/output"
	"github.com/dossier-site/dossier/internal/publish"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
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
	// are ("parse" or "render", pages done, pages in all). It is called from
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
	Pages, Notes, Sources int
	// Held counts the notes and sources held back: drafts and
	// scheduled notes, not built (see Result.Held).
	Held             int
	Errors, Warnings int
	Elapsed          time.Duration
	// Parsed and Rendered count the files parsed and the pages rendered,
	// fewer than all when a Cache held the others.
	Parsed, Rendered int
	// Index is the CPU time spent indexing the pages for search and
	// writing the index, summed over the goroutines that did it (see
	// search.Builder.Spent): comparable with the build's CPU time, not
	// with Elapsed.
	Index time.Duration
	// IndexFiles counts the search index's files, and IndexRewritten
	// those whose content the build made afresh (all of them unless a
	// Cache kept the others): search.Stats.
	IndexFiles, IndexRewritten int
}

// Result is what a build produced.
type Result struct {
	Files       []render.File // the site; nil if there were errors or Options.Output was set
	WriteErr    error         // the first error writing to Options.Output
	Site        *resolve.Site
	Diagnostics []diag.Diagnostic // sorted
	// Held are the notes and sources the build held back (drafts, and
	// notes scheduled after today), notes first, each in site order.
	Held  []publish.Held
	Stats Stats
}

// OK reports whether the build had no errors.
func (r *Result) OK() bool { return r.Stats.Errors == 0 }

// Run builds the site in memory, or into Options.Output.
func Run(opts Options) *Result {
	start := time.Now()
	diags := &diag.List{}
	md := opts.Markdown
	if md == nil {
		md = markup.New()
	}
	res := &Result{}

	// load
	site := opts.Cache.load(opts.Site, opts.Changed, diags)
	commitDates(opts.GitDir, site, diags)
	held := holdBack(opts, site, diags)
	site, res.Held = held.Site, held.Held
	if opts.Strict {
		content.ExpectedKeys(site, diags)
	}

	// parse and resolve, page by page
	baseURL := opts.BaseURL
	if baseURL == "" {
		baseURL = site.Config.BaseURL
	}
	origin, basePath, err := resolve.SplitBaseURL(baseURL)
	if err != nil {
		where := diag.Pos{File: "-base-url"}
		if opts.BaseURL == "" {
			where = site.ConfigPos("base_url")
		}
		diags.Errorf(where, diag.CodeConfig, "write it as https://example.org/path/", "%v", err)
	}
	if opts.Publish && err == nil && origin == "" {
		where := diag.Pos{File: content.ConfigFile}
		if opts.BaseURL == "" {
			where = site.ConfigPos("base_url") // a path alone, or none
		}
		diags.Warnf(where, diag.CodeNoBaseURL,
			"add `base_url: https://example.org/explainer/` to dossier.yaml, or build with -base-url https://example.org/explainer/",
			"no base URL with a host: the feed, the sitemap and robots.txt need the site's absolute address, so no sitemap.xml is written, robots.txt names none, and feed.xml gives addresses without a host, which feed readers may not resolve")
	}
	articles := readArticles(opts.Articles, site, diags)
	resolving := opts.Cache.begin(resolve.Input{Site: site, Origin: origin, BasePath: basePath, Articles: articles, Publish: held}, diags)
	rs, index := resolving.site, resolving.index
	indexed := index.Spent() // a Cache's index counts from earlier builds too
	res.Site = rs
	pages := rs.Pages()
	results := make([]*resolve.PageResult, len(pages))
	docs := opts.Cache.parser(md, len(pages), resolving.reuse, opts.Progress)
	parallel(len(pages), func(i int) {
		p := pages[i]
		doc := docs.parse(p.File)
		results[i] = resolving.page(i, p, doc)
		if opts.Cache == nil {
			// Render the body now and let the tree go, so that the build
			// never holds every page's tree (350 MB at 10,000 notes) and
			// need not parse the page again (an eighth of the build; see
			// BenchmarkFullBuild). A body that does not render keeps its
			// tree, for the render stage to report the error. The
			// Markdown is then not needed either (see DropMarkdown).
			_ = md.Freeze(doc)
			p.DropMarkdown()
		}
	})
	res.Stats.Parsed = docs.finish()
	// Every page is indexed: the index is written while the rest of the
	// build goes on (at 10,000 notes it takes about as long as Finish),
	// unless the build has failed already and will not render.
	if !diags.HasErrors() {
		index.Begin()
	}
	resolving.beforeFinish()
	resolving.finishSite(results, diags)
	changes := opts.Cache.sinceRender(resolving.changes())
	resolving.finish()

	if opts.Strict {
		diags.Strict()
	}

	// render
	if !diags.HasErrors() {
		tfs := opts.Templates
		siteTemplates, err := fs.Sub(opts.Site, "templates")
		if err == nil {
			if tfs == nil {
				tfs = siteTemplates
			} else {
				tfs = render.Overlay(siteTemplates, tfs)
			}
		}
		w := newWriter(opts.Output)
		files := render.Render(rs, render.Options{Markdown: md, Templates: tfs,
			Cache: opts.Cache.pages(), Changes: changes, Progress: stageProgress(opts.Progress, "render"), Emit: w.emit(), Search: index}, diags)
		opts.Cache.renderedAll()
		res.Stats.Rendered = opts.Cache.rendered(len(files) + w.files)
		files = withSchemas(files, rs)
		for _, f := range rs.Files {
			files = append(files, render.File{Path: f.Publish, Data: f.Data})
		}
		if opts.Output != nil {
			for _, f := range files {
				w.add(f)
			}
			files = nil
		}
		if !diags.HasErrors() {
			res.Files = files
		}
		res.WriteErr = w.err
		res.Stats.Pages = w.pages
	}
	res.Stats.Index = index.Spent() - indexed
	if st := index.Stats(); !diags.HasErrors() {
		res.Stats.IndexFiles, res.Stats.IndexRewritten = st.Files, st.Rewritten
	}

	res.Diagnostics = diags.Sorted()
	for _, d := range res.Diagnostics {
		switch d.Severity {
		case diag.Error:
			res.Stats.Errors++
		case diag.Warning:
			res.Stats.Warnings++
		}
	}
	res.Stats.Pages += countPages(res.Files)
	res.Stats.Notes, res.Stats.Sources, res.Stats.Held = len(site.Notes), len(site.Sources), len(res.Held)
	res.Stats.Elapsed = time.Since(start)
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
	err := w.dir.Add(output.File(f))
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

// Summary is the line printed at the end of a build.
func (s Stats) Summary() string {
	held := ""
	if s.Held > 0 {
		held = fmt.Sprintf(" (%d held back: drafts or scheduled)", s.Held)
	}
	return fmt.Sprintf("%d pages written from %d notes and %d sources%s; %d warnings; %s",
		s.Pages, s.Notes, s.Sources, held, s.Warnings, s.Elapsed.Round(time.Millisecond))
}
