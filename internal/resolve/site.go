// Package resolve is the stage between parsing and rendering. It sees every
// page at once, so it can do what no single page can: give each cross-link
// its address and title, number each page's citations and build its
// reference list, collect backlinks ("linked from") and "cited by" lists, and
// check the sources' `cites` graph. Every broken link or citation is reported
// with its position before anything is rendered.
//
// Resolve fills in the fields the parse stage left empty on xref.Link and
// cite.Citation nodes; the renderers only read them.
package resolve

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/publish"
)

// Kind says what a page is.
type Kind string

// Page kinds.
const (
	KindNote   Kind = "note"
	KindSource Kind = "source"
	KindPage   Kind = "page"   // a standalone page, content/pages/<slug>.md at /<slug>/
	KindFolder Kind = "folder" // a folder of notes' index page, at /notes/<folder>/
)

// Prose reports whether the page is written by the site's editors and is
// checked as a note is (every citation pinned, claims, statements needing a
// citation): a note, a standalone page or a folder's introduction; not a
// source record.
func (k Kind) Prose() bool { return k != KindSource }

// Reserved are the names of the folders and files the build writes at the
// top of the output, which a standalone page (published at /<slug>/) may not
// take. TestReservedNames holds the render stage to it.
var Reserved = []string{"404", "assets", "claims", "feed", "index", "maintenance", "notes", "pages", "robots",
	"schema", "search", "sitemap", "sources", "tags", "timeline"}

// Page is a note, a source record, a standalone page or a folder's index
// page, parsed and resolved.
type Page struct {
	Kind    Kind
	Slug    string // the note's slug or the source's id
	Path    string // the output path, e.g. notes/x/index.html
	URL     string // the address, with the base path, e.g. /explainer/notes/x/
	Title   string
	Summary string
	File    *content.File
	Note    *content.Note   // for notes
	Source  *content.Source // for sources
	// Standalone is the page's file, for standalone pages.
	Standalone *content.Page
	// Folder is the folder, for a folder's index page; its File is the
	// folder's _index.md (empty when it has none).
	Folder *content.Folder
	// Parent is the index page of the folder that holds a note or a
	// folder; nil at the top of content/notes and for other pages.
	Parent *Page
	// For a folder's index page: the folders in it and the notes in it,
	// each by title.
	Subfolders, Members []*Page
	Doc                 *markup.Doc

	References []*Reference   // sources cited on this page, in order of first citation
	Backlinks  []*Backlink    // pages that link here, in site order
	CitedBy    []*Citing      // for sources: every place a note cites it
	Relies     []*Page        // for sources: the sources it cites (its `cites`)
	ReliedOnBy []*Page        // for sources: the sources that cite it
	Chain      [][]*Page      // for sources: each path up through `cites` to a source that cites nothing
	Claims     []*SourceClaim // for sources: the claims it takes a side in
	// PassageOrder, for sources, holds the indices of the record's
	// excerpts in the order they stand in the article text when that is
	// on file (ExcerptsInText), else in record order.
	PassageOrder   []int
	ExcerptsInText bool
	Archive        *Archive // for sources: the archived copy kept with the site (archive_file), if any
	// Held says why the page is not public when the build includes it
	// all the same (dossier serve, build -drafts or -future): its banner
	// says so. Nil for a public page.
	Held *publish.Hold

	anchors  map[string]bool // heading ids
	headings int             // counts the times anchors was made (from 1)
	// Finish counts the page's backlinks and citations here, to make
	// their lists to size; zero between Finishes.
	incoming, citing int
	order            int    // the page's place in Pages
	cardLine         string // see CardLine
	passages         *sourcePassages
	locOnce          sync.Once
	loc              *content.Locator // for pos
	dropped          bool             // see DropMarkdown
}

// Reference is one entry of a page's reference list.
type Reference struct {
	Number int
	Source *Page
	// Cites is how many times the page cites the source. Its citations'
	// ids are cite.Anchor(Number, 0) to cite.Anchor(Number, Cites-1)
	// (cite-N-a, cite-N-b, ...): made when the page is rendered, rather
	// than kept, as the Citings keep their numbers (see Citing).
	Cites int
	// Passages are the passages of the source that the page's citations
	// rest on, in the order first cited.
	Passages []*RefPassage
}

// Anchors returns the ids of the page's citations of the source, in order.
func (ref *Reference) Anchors() []string {
	out := make([]string, ref.Cites)
	for i := range out {
		out[i] = cite.Anchor(ref.Number, i)
	}
	return out
}

// RefPassage is a passage of a source, quoted in a page's reference list,
// and the citations on the page that rest on it.
type RefPassage struct {
	Text string
	// Cites are the citations on the page that rest on it, each as its
	// place among the page's citations of the source (its id is
	// cite.Anchor(Reference.Number, n), its label cite.Letters(n)).
	Cites []int
}

// Backlink is a link to a page from another page.
type Backlink struct {
	From    *Page
	Context packed.Text // the plain text of the paragraph that holds the link
}

// Citing is a place where a note cites a source. It keeps its id as two
// numbers (see Anchor): at 10,000 notes there are about 230,000, held from
// the start of parse to the end of render, and with the id as a string
// header (its bytes shared with the reference list's) a Citing was 80
// bytes rather than 64.
type Citing struct {
	From     *Page
	Sentence packed.Text // the sentence that carries the citation, as plain text
	Passage  string      // the excerpt of the source the citation rests on, or ""
	// Number is the source's number in From's reference list, Nth the
	// citation's place among From's citations of the source.
	Number, Nth int32
}

// Anchor returns the citation's id on the citing page (cite-2-b).
func (c *Citing) Anchor() string { return cite.Anchor(int(c.Number), int(c.Nth)) }

// PassageUse is one recorded excerpt of a source and the places in the notes
// that rest on it.
type PassageUse struct {
	Index   int    // the excerpt's place in the record's `excerpts`
	Text    string // the excerpt
	Citings []*Citing
}

// PassageUses lists a source's excerpts in PassageOrder, each with the
// citations in CitedBy that rest on it.
func (p *Page) PassageUses() []*PassageUse {
	if p.Source == nil {
		return nil
	}
	ex := p.Source.Meta.Excerpts
	out := make([]*PassageUse, 0, len(ex))
	order := p.PassageOrder
	if len(order) != len(ex) {
		order = make([]int, len(ex))
		for i := range order {
			order[i] = i
		}
	}
	byText := make(map[string]*PassageUse, len(ex))
	for _, i := range order {
		u := &PassageUse{Index: i, Text: ex[i]}
		out = append(out, u)
		if byText[ex[i]] == nil {
			byText[ex[i]] = u
		}
	}
	for _, c := range p.CitedBy {
		if u := byText[c.Passage]; u != nil && c.Passage != "" {
			u.Citings = append(u.Citings, c)
		}
	}
	return out
}

// UnpinnedCitings are the citations in CitedBy that rest on no recorded
// passage.
func (p *Page) UnpinnedCitings() []*Citing {
	var out []*Citing
	for _, c := range p.CitedBy {
		if c.Passage == "" {
			out = append(out, c)
		}
	}
	return out
}

// Tag is a tag and the notes that carry it.
type Tag struct {
	Name  string
	URL   string
	Notes []*Page
}

// Site is the whole resolved site.
type Site struct {
	Config   content.Config
	Origin   string // scheme and host of the base URL, e.g. https://example.org; "" when built for a path only
	BasePath string // the path the site lives under, starting and ending with "/"
	Notes    []*Page
	Sources  []*Page
	// Standalone are the standalone pages, by slug; Nav those of them in
	// the navigation, in order (their `nav`, then title).
	Standalone []*Page
	Nav        []*Page
	Folders    []*Page // the index pages of the folders of notes, by path
	Tags       []*Tag
	Aliases    map[string]*Page // alias slug -> note
	Claims     []*Claim         // every claim block, in site order
	Events     []*Event         // every dated event, in date order
	Needed     []*Needed        // statements marked {citation needed}
	Files      []*content.Asset // published files (images, PDFs...), by path

	notes      map[string]*Page
	sources    map[string]*Page
	standalone map[string]*Page
	folders    map[string]*Page // by path
	// unloaded are the content files that could not be loaded (see
	// content.Site.Unloaded).
	unloaded []string
	tags     map[string]*Tag
	files    map[string]*content.Asset // by site-relative path

	held  *publish.Result // what the build holds back
	texts *packed.Store   // where ResolvePage writes the texts other pages show (Input.Texts)
	// recycle are the last site's pages by kind, which Rebegin's begin
	// takes again (see newPage); nil after. One list per kind, so that
	// the notes and the sources are made side by side.
	recycle map[Kind]*recycled
	// claimProblems are what the last addClaims reported (duplicate
	// ids), reported again by a Refinish that keeps the claims.
	claimProblems []diag.Diagnostic
	eventsByNote  map[*Page][]*Event  // each note's events, in date order
	eventsByTag   map[string][]*Event // the events of each tag's notes, in date order
	pages         []*Page             // see Pages
	// checks are what the last Finish or Refinish found of the links to
	// headings and the statements needing a citation (see finishChecks).
	checks checks
	// eventSources are the sources that the notes' events cite, which
	// count as used (checkUnused): made with the events, from front
	// matter, rather than from every note's events on every Finish.
	eventSources map[*Page]bool
	// unknownEvents are the sources events name that the site does not
	// have (see collectEvents), kept with the events.
	unknownEvents []eventSource
	eventsKept    bool // see EventsKept
}

// remake makes p again as newPage makes a page, for Rebegin: every field
// is as on a new page but those that ResolvePage sets (the Doc and what
// is made from it: references, headings, the line index), which the
// result of its last resolve holds too. TestRemake holds it to every
// field.
func (p *Page) remake(kind Kind, slug, title, summary string, f *content.File, path, url string) {
	p.Kind, p.Slug, p.Path, p.URL, p.Title, p.Summary, p.File = kind, slug, path, url, title, summary, f
	p.Note, p.Source, p.Standalone, p.Folder, p.Parent = nil, nil, nil, nil, nil
	p.Subfolders, p.Members = nil, nil
	p.Backlinks, p.CitedBy, p.Relies, p.ReliedOnBy, p.Chain, p.Claims = nil, nil, nil, nil, nil, nil
	p.PassageOrder, p.ExcerptsInText, p.Archive, p.Held = nil, false, nil, nil
	p.incoming, p.citing, p.order, p.cardLine = 0, 0, 0, ""
	// Kept: Doc, References, anchors, headings, locOnce, loc, dropped;
	// and a source's passages, which checkArticles makes again unless
	// they were folded from the same excerpts.
}

// Place returns p's place in Pages, or -1 when p is not one of the site's
// pages.
func (s *Site) Place(p *Page) int {
	pages := s.Pages()
	if p != nil && p.order < len(pages) && pages[p.order] == p {
		return p.order
	}
	return slices.Index(pages, p)
}

// EventsKept reports whether Rebegin kept the last site's events (see
// keepLists): the same Events, in the same order, each with the same date,
// text, note and sources (not a thing pages show: a preview's render
// stage asks it, to keep the events' sums).
func (s *Site) EventsKept() bool { return s.eventsKept }

// NoteEvents returns note p's events, in the order of Events.
func (s *Site) NoteEvents(p *Page) []*Event { return s.eventsByNote[p] }

// EventsCite reports whether an event cites source p.
func (s *Site) EventsCite(p *Page) bool { return s.eventSources[p] }

// Note returns the note with the given slug, or nil.
func (s *Site) Note(slug string) *Page { return s.notes[slug] }

// Source returns the source with the given id, or nil.
func (s *Site) Source(id string) *Page { return s.sources[id] }

// StandalonePage returns the standalone page with the given slug, or nil.
func (s *Site) StandalonePage(slug string) *Page { return s.standalone[slug] }

// Folder returns the index page of the folder of notes with the given
// path, or nil.
func (s *Site) Folder(path string) *Page { return s.folders[path] }

// Tag returns the tag with the given name, or nil.
func (s *Site) Tag(name string) *Tag { return s.tags[name] }

// Pages returns notes, sources, standalone pages and folders' index pages,
// in that order. The list is the site's own, made once by Begin: the
// caller must not change it. (Made on every call, it was a megabyte of
// each preview rebuild at 10,000 notes.)
func (s *Site) Pages() []*Page {
	if s.pages != nil {
		return s.pages
	}
	return s.allPages()
}

// allPages makes the list Pages returns.
func (s *Site) allPages() []*Page {
	out := make([]*Page, 0, len(s.Notes)+len(s.Sources)+len(s.Standalone)+len(s.Folders))
	out = append(append(out, s.Notes...), s.Sources...)
	return append(append(out, s.Standalone...), s.Folders...)
}

// Crumbs returns the folders' index pages above a page, outermost first.
func (p *Page) Crumbs() []*Page {
	var out []*Page
	for f := p.Parent; f != nil; f = f.Parent {
		out = append(out, f)
	}
	slices.Reverse(out)
	return out
}

// URLFor returns the address of a site path ("notes/x/") under the base path.
func (s *Site) URLFor(p string) string {
	return s.BasePath + strings.TrimPrefix(p, "/")
}

// AbsURL returns the absolute address of a site path, or the base-path
// address when the site has no absolute base URL.
func (s *Site) AbsURL(p string) string {
	return s.Origin + s.URLFor(p)
}

// SplitBaseURL splits a base URL into its origin and its path:
// "https://example.org/explainer" gives "https://example.org" and
// "/explainer/". A bare path ("/explainer/") has no origin.
func SplitBaseURL(base string) (origin, path string, err error) {
	if base == "" {
		return "", "/", nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", "", err
	}
	path = "/" + strings.Trim(u.Path, "/") + "/"
	if path == "//" {
		path = "/"
	}
	if u.Scheme == "" && u.Host == "" {
		return "", path, nil
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", "", fmt.Errorf("base URL %q must start with http:// or https:// and name a host, or be a path such as /explainer/", base)
	}
	return u.Scheme + "://" + u.Host, path, nil
}

// DropMarkdown lets go of the page's Markdown, and of its file's bytes,
// when its body is frozen (markup.Freeze), for a build that renders from
// the frozen HTML alone: at 10,000 notes that text is 60 MB that would
// otherwise be held to the end of the build. Call it once ResolvePage has
// resolved the page; the page must not be resolved or filled again (the
// preview's Cache reuses its files, and does not call it). Positions in
// the body are taken by then; one asked for afterwards is the body's
// first line.
func (p *Page) DropMarkdown() {
	if p.Doc == nil || !p.Doc.Frozen() {
		return
	}
	p.Doc.Source = nil
	p.File.Body = nil
	p.loc, p.dropped = nil, true
}

// ForgetLines lets go of the index of the body's lines that positions
// are found with, for a preview that keeps the page but lets go of its
// Markdown (markup.Doc.StoreSource); it is made again when a position is
// asked for. Call it once the page is resolved, not while it is resolved.
func (p *Page) ForgetLines() {
	p.locOnce, p.loc = sync.Once{}, nil
}

// pos converts a byte offset in a page's body into a position; after
// DropMarkdown, the body's first line.
func (p *Page) pos(off int) diag.Pos {
	if p.dropped {
		return diag.Pos{File: p.File.Path, Line: p.File.BodyLine, Col: 1}
	}
	p.locOnce.Do(func() {
		// A Doc whose Markdown the preview let go reads it back: a
		// position is asked for when there is something to report.
		src, _ := p.Doc.Markdown()
		p.loc = content.NewLocator(src)
	})
	line, col := p.loc.LineCol(off)
	return diag.Pos{File: p.File.Path, Line: p.File.BodyLine + line - 1, Col: col}
}
