package view

import (
	"html/template"
	"strings"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/timeline"
)

// Date is a front-matter date (year, month, day, or `unknown`); templates
// show it with the functions date and isodate, and test it with .IsZero
// and .Unknown.
type Date = frontmatter.Date

// Page is what a page template receives: plain values only (strings,
// numbers, dates, slices and small structs, and HTML the build wrote), no
// pointer into the content, resolve or markup stages. Which fields a page
// has depends on its kind; docs/templates.md lists them, and the fields a
// kind lacks are zero.
type Page struct {
	Site        *Site  // the site as a whole (the same value for every page)
	Kind        string // view.Kinds: home, note, source, page, folder, ...
	Title       string // the page's title (the <h1>)
	Description string // its summary, for <meta name=description>
	URL         string // its address under the base path
	Canonical   string // its absolute address (its path when the site has no origin)
	NoIndex     bool   // keep out of search engines and the sitemap
	Breadcrumbs []Link
	// Modified is when the note or standalone page was last updated
	// (zero when not given).
	Modified Date
	// Held says why a draft or scheduled page, which a preview or a
	// `build -drafts` includes, is not public; nil for a public page.
	Held *Held

	// Content is the page's Markdown body as HTML (for home, the lead
	// note's). References, Backlinks and TOC are its reference list, the
	// pages that link to it, and its table of contents, as HTML; Lists
	// holds the same as plain lists, for a site's own partials.
	Content, References, Backlinks, TOC template.HTML
	Lists                               Lists
	// Header and Footer are the site's header and footer for this page.
	Header, Footer template.HTML
	// Graph is an SVG map: of the most connected pages (home), of the
	// note's neighbours (note).
	Graph template.HTML
	// JSONLD is the page's schema.org data (note).
	JSONLD template.JS

	Note   *Note   // note
	Source *Source // source
	Folder *Folder // folder
	Home   *Home   // home
	Tag    *Tag    // tag

	Tags        []TagEntry    // tags: every topic
	Sources     []SourceEntry // sources: every source
	ClaimGroups []ClaimGroup  // claims: the claims by status
	Timeline    template.HTML // timeline: every dated event, as a list ("" when none)
	Needed      []Needed      // maintenance: statements marked {citation needed}
}

// Site is what every page shows of the site.
type Site struct {
	Title, Description, Language string
	// Origin is the scheme and host of the base URL, "" when the site is
	// built for a path only (it then has no canonical addresses).
	Origin string
	// Nav are the standalone pages in the navigation, in order.
	Nav []Link
	// Notes and Sources count the site's notes and sources.
	Notes, Sources int
}

// Held is the banner of a page that is not public.
type Held struct {
	Draft     bool
	Scheduled Date // the date it is scheduled for; zero when none
}

// Card is a page in a list: its address, title and summary.
type Card struct {
	URL, Title, Summary string
}

// SourceLink is a source in a list: its address, title and short name
// (its outlet, else its title).
type SourceLink struct {
	URL, Title, ShortName string
}

// Note is what a note page shows besides its body.
type Note struct {
	Published Date // when it was first published (zero when not given)
	Tags      []Link
	Revisions []Revision
	// Related are up to five notes that share topics or sources; Prev
	// and Next the notes before and after it in its first topic.
	Related    []Link
	Prev, Next *Link
}

// Revision is a dated correction or update of a note.
type Revision struct {
	Kind string // correction or update
	Date Date
	Text string
}

// Source is what a source record's page shows.
type Source struct {
	Kind, Reliability, Outlet, Author string
	Published, Accessed               Date
	URL, ArchiveURL                   string // the article's address, and an archived copy's elsewhere
	// Archive is the archived copy kept with the site, if any.
	Archive *File
	// Relies are the sources it cites (its `cites`), ReliedOnBy those
	// that cite it, and Chain each path up through `cites` to a source
	// that cites nothing.
	Relies, ReliedOnBy []SourceLink
	Chain              [][]SourceLink
	// Passages are its recorded excerpts, in the order they stand in the
	// article when ExcerptsInText, each with the sentences that rest on
	// it. Excerpts says the record has excerpts.
	Passages       []Passage
	ExcerptsInText bool
	Excerpts       bool
	Claims         []SourceClaim
	// CitedBy is every sentence in the notes that cites it;
	// UnpinnedCitings those that name none of its passages.
	CitedBy, UnpinnedCitings []Citing
}

// File is a file kept with the site.
type File struct {
	URL, Name, SizeText string
}

// Passage is a recorded excerpt of a source, and the sentences that rest on
// it.
type Passage struct {
	Index   int // its place in the record's `excerpts`
	Text    string
	Citings []Citing
}

// Citing is a sentence in a note that cites a source: the note, the
// citation's address on it and the sentence (plain text, may be "").
type Citing struct {
	URL, Title, Anchor, Sentence string
}

// SourceClaim is a claim a source carries an account of.
type SourceClaim struct {
	Role, Noun string // e.g. reports, "a report"
	Claim      ClaimLink
}

// ClaimLink is a claim as lists show it.
type ClaimLink struct {
	URL, Statement, Status, Label string
}

// Folder is what a folder's index page lists.
type Folder struct {
	Subfolders, Members []Card
	// SubfoldersHTML and MembersHTML are the two lists as
	// templates/partials/cards.html writes them (see CardsHTML).
	SubfoldersHTML, MembersHTML template.HTML
}

// Home is what the home page shows besides the lead note.
type Home struct {
	Lead  bool // the site has a lead note (dossier.yaml `home`), shown as Content
	Notes []Card
	// NotesHTML is Notes as templates/partials/cards.html writes them
	// (see CardsHTML).
	NotesHTML template.HTML
	Recent    []Dated // the ten most recently updated notes
}

// Dated is a note in the list of recent changes.
type Dated struct {
	URL, Title string
	Modified   Date
}

// Tag is a topic's page.
type Tag struct {
	Name, URL string
	Notes     []Card
	NotesHTML template.HTML // Notes as templates/partials/cards.html writes them (see CardsHTML)
}

// TagEntry is a topic in the list of topics.
type TagEntry struct {
	Name, URL string
	Count     int // its number of notes
}

// SourceEntry is a source in the list of sources.
type SourceEntry struct {
	URL, Title                         string
	Outlet, Kind, Reliability, Reports string // Reports: the line saying whom it relies on, or ""
	Published                          Date
}

// ClaimGroup is the claims of one status.
type ClaimGroup struct {
	Status, Label string
	Claims        []Claim
}

// Claim is a claim block, on the list of claims.
type Claim struct {
	ID, URL, Statement string
	Page               Link // the note it stands in
	Sides              []ClaimSide
}

// ClaimSide is one role of a claim (reports, denies, ...) and the sources
// that carry it.
type ClaimSide struct {
	Noun    string
	Sources []SourceLink
}

// Needed is a statement marked {citation needed}.
type Needed struct {
	Page    Link
	Pos     string // file:line:col
	Context string
}

// Lists are a page's reference list, backlinks and headings as plain lists:
// what partials/references.html, partials/backlinks.html and
// partials/toc.html receive.
type Lists struct {
	References []Reference
	Backlinks  []Backlink
	Headings   []Heading
}

// Reference is one entry of a page's reference list.
type Reference struct {
	Number   int
	Source   *RefSource // nil for a citation of no known source
	Anchors  []string   // the ids of its citations on the page
	Passages []RefPassage
}

// RefSource is a cited source as the reference list shows it.
type RefSource struct {
	URL, Title, Outlet, Reliability string
	Original                        string // the article's own address
	Published                       Date
	Reports                         string // the line saying whom it relies on, or ""
}

// RefPassage is a passage of a source the page's citations rest on.
type RefPassage struct {
	Text  string
	Cites []PassageCite
}

// PassageCite is a citation resting on a passage: its id and letter.
type PassageCite struct {
	Anchor, Letter string
}

// Backlink is a page that links to this one, with the paragraph that holds
// the link.
type Backlink struct {
	From    Link
	Context string
}

// Heading is a heading of the page's body.
type Heading struct {
	Level    int
	ID, Text string
}

// Builder makes the view values of one resolved site. It is safe for
// concurrent use.
type Builder struct {
	s    *resolve.Site
	site *Site

	links   map[*resolve.Page][]*resolve.Page // see Prepare
	related *NoteIndex

	tags     func() []TagEntry
	sources  func() []SourceEntry
	claims   func() []ClaimGroup
	timeline func() template.HTML
	needed   func() []Needed
	notes    func() []Card

	memo Memo // see UseMemo
}

// Memo gives back the HTML of long lists as it was written before, for
// the parts of them that are the same: a preview's render cache.
type Memo interface {
	// TimelineHTML returns timeline.WriteList's HTML of the n entries
	// entry gives (resolve.Site.TimelineEntry), asking only for those
	// it does not know.
	TimelineHTML(n int, entry func(i int) timeline.Entry) template.HTML
}

// UseMemo has the Builder write the site's timeline through m. Call it
// before any page's value is made.
func (b *Builder) UseMemo(m Memo) { b.memo = m }

// NewBuilder returns a Builder for s.
func NewBuilder(s *resolve.Site) *Builder {
	b := &Builder{s: s}
	b.site = &Site{Title: s.Config.Title, Description: s.Config.Description, Language: s.Config.Language,
		Origin: s.Origin, Notes: len(s.Notes), Sources: len(s.Sources)}
	for _, p := range s.Nav {
		b.site.Nav = append(b.site.Nav, Link{p.Title, p.URL})
	}
	b.tags = func() []TagEntry {
		out := make([]TagEntry, len(s.Tags))
		for i, t := range s.Tags {
			out[i] = TagEntry{Name: t.Name, URL: t.URL, Count: len(t.Notes)}
		}
		return out
	}
	b.sources = func() []SourceEntry {
		out := make([]SourceEntry, len(s.Sources))
		for i, p := range s.Sources {
			m := p.Source.Meta
			out[i] = SourceEntry{URL: p.URL, Title: p.Title, Outlet: m.Outlet, Kind: m.Kind, Reliability: m.Reliability,
				Reports: p.ReportsLine(), Published: m.Published}
		}
		return out
	}
	b.claims = func() []ClaimGroup {
		var out []ClaimGroup
		for _, g := range s.ClaimGroups() {
			cg := ClaimGroup{Status: g.Status, Label: g.Label, Claims: make([]Claim, len(g.Claims))}
			for i, c := range g.Claims {
				vc := Claim{ID: c.ID, URL: c.URL, Statement: c.Statement, Page: Link{c.Page.Title, c.Page.URL}}
				for _, side := range c.Sides {
					vc.Sides = append(vc.Sides, ClaimSide{Noun: side.Noun, Sources: sourceLinks(side.Sources)})
				}
				cg.Claims[i] = vc
			}
			out = append(out, cg)
		}
		return out
	}
	b.timeline = func() template.HTML {
		if len(s.Events) == 0 {
			return ""
		}
		if b.memo != nil {
			return b.memo.TimelineHTML(len(s.Events), s.TimelineEntry)
		}
		entries := s.Timeline()
		var sb strings.Builder
		sb.Grow(timeline.ListSize(entries))
		timeline.WriteList(&sb, entries)
		return template.HTML(sb.String()) //nolint:gosec // every text escaped by WriteList
	}
	b.needed = func() []Needed {
		out := make([]Needed, len(s.Needed))
		for i, n := range s.Needed {
			out[i] = Needed{Page: Link{n.Page.Title, n.Page.URL}, Pos: n.Pos.String(), Context: n.Context}
		}
		return out
	}
	b.notes = func() []Card { return Cards(s.Notes) }
	return b
}

// Prepare makes what many pages read (the view phase of a build): the
// links between pages and the index of related notes, which every note's
// view reads. The lists that one page shows (topics, sources, claims, the
// timeline) are made by that page's view, and let go with it.
func (b *Builder) Prepare() {
	b.links = LinksFrom(b.s)
	b.related = NewNoteIndex(b.s)
}

// Links returns the links between pages (LinksFrom) if Prepare made them,
// else nil.
func (b *Builder) Links() map[*resolve.Page][]*resolve.Page { return b.links }

// Related returns the index of related notes if Prepare made it, else nil.
func (b *Builder) Related() *NoteIndex { return b.related }

// Site returns the site's value, shared by every page.
func (b *Builder) Site() *Site { return b.site }

// Page starts the value of a page of kind k at output path: its address,
// breadcrumbs, and, for the kinds with one page, title and description,
// with the site's lists the kind shows. p is the page it shows, or nil.
func (b *Builder) Page(k Kind, path string, p *resolve.Page) *Page {
	s := b.s
	v := &Page{Site: b.site, Kind: k.Name, Title: k.Title, Description: k.Description, URL: s.URLFor(Dir(path)),
		Canonical: s.AbsURL(Dir(path)), NoIndex: k.NoIndex, Breadcrumbs: k.Crumbs(s, p)}
	if p != nil {
		v.Title, v.Description, v.URL, v.NoIndex = p.Title, p.Summary, p.URL, k.NoIndex || p.Held != nil
		if p.Note != nil || p.Standalone != nil {
			v.Modified = p.Modified()
		}
		if p.Held != nil {
			v.Held = &Held{Draft: p.Held.Draft, Scheduled: p.Held.Scheduled}
		}
	}
	switch k.Name {
	case "tags":
		v.Tags = b.tags()
	case "sources":
		v.Sources = b.sources()
	case "claims":
		v.ClaimGroups = b.claims()
	case "timeline":
		v.Timeline = b.timeline()
	case "maintenance":
		v.Needed = b.needed()
	}
	return v
}

// Cards returns pages as cards.
func Cards(ps []*resolve.Page) []Card {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Card, len(ps))
	for i, p := range ps {
		out[i] = Card{URL: p.URL, Title: p.Title, Summary: p.Summary}
	}
	return out
}

// Links returns pages as links.
func Links(ps []*resolve.Page) []Link {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Link, len(ps))
	for i, p := range ps {
		out[i] = Link{p.Title, p.URL}
	}
	return out
}

func sourceLinks(ps []*resolve.Page) []SourceLink {
	if len(ps) == 0 {
		return nil
	}
	out := make([]SourceLink, len(ps))
	for i, p := range ps {
		out[i] = SourceLink{URL: p.URL, Title: p.Title, ShortName: p.ShortName()}
	}
	return out
}

func link(p *resolve.Page) *Link {
	if p == nil {
		return nil
	}
	return &Link{p.Title, p.URL}
}

// Note returns what a note page shows of p besides its body: related are
// its related notes, prev and next its neighbours in its first topic.
func (b *Builder) Note(p *resolve.Page, related []*resolve.Page, prev, next *resolve.Page) *Note {
	m := p.Note.Meta
	n := &Note{Published: m.Published, Related: Links(related), Prev: link(prev), Next: link(next)}
	for _, t := range m.Tags {
		n.Tags = append(n.Tags, Link{t, b.s.URLFor("tags/" + t + "/")})
	}
	for _, r := range m.Revisions {
		n.Revisions = append(n.Revisions, Revision{Kind: r.Kind, Date: r.Date, Text: r.Text})
	}
	return n
}

// Source returns what a source record's page shows of p.
func (b *Builder) Source(p *resolve.Page) *Source {
	m := p.Source.Meta
	said := sentences(p.CitedBy)
	v := &Source{Kind: m.Kind, Reliability: m.Reliability, Outlet: m.Outlet, Author: m.Author, Published: m.Published,
		Accessed: m.Accessed, URL: m.URL, ArchiveURL: m.ArchiveURL, Relies: sourceLinks(p.Relies),
		ReliedOnBy: sourceLinks(p.ReliedOnBy), ExcerptsInText: p.ExcerptsInText, Excerpts: len(m.Excerpts) > 0,
		CitedBy: citings(p.CitedBy, said), UnpinnedCitings: citings(p.UnpinnedCitings(), said)}
	if a := p.Archive; a != nil {
		v.Archive = &File{URL: a.URL, Name: a.Name, SizeText: a.SizeText()}
	}
	for _, c := range p.Chain {
		v.Chain = append(v.Chain, sourceLinks(c))
	}
	for _, u := range p.PassageUses() {
		v.Passages = append(v.Passages, Passage{Index: u.Index, Text: u.Text, Citings: citings(u.Citings, said)})
	}
	for _, c := range p.Claims {
		v.Claims = append(v.Claims, SourceClaim{Role: c.Role, Noun: c.Noun,
			Claim: ClaimLink{URL: c.Claim.URL, Statement: c.Claim.Statement, Status: c.Claim.Status, Label: c.Claim.Label}})
	}
	return v
}

// sentences reads the sentences of a source's citations, all at once (see
// packed.Strings): its page lists each citation two times or three, in
// all of them, in those that name no passage and under the passage named.
func sentences(cs []*resolve.Citing) map[*resolve.Citing]string {
	texts := make([]packed.Text, len(cs))
	for i, c := range cs {
		texts[i] = c.Sentence
	}
	said := make(map[*resolve.Citing]string, len(cs))
	for i, s := range packed.Strings(texts) {
		said[cs[i]] = s
	}
	return said
}

// citings returns the view of a list of citations, each sentence as said
// has it (see sentences), or read when said lacks it.
func citings(cs []*resolve.Citing, said map[*resolve.Citing]string) []Citing {
	if len(cs) == 0 {
		return nil
	}
	out := make([]Citing, len(cs))
	for i, c := range cs {
		s, ok := said[c]
		if !ok {
			s = c.Sentence.String()
		}
		out[i] = Citing{URL: c.From.URL, Title: c.From.Title, Anchor: c.Anchor(), Sentence: s}
	}
	return out
}

// Folder returns what a folder's index page lists.
func (b *Builder) Folder(p *resolve.Page) *Folder {
	return &Folder{Subfolders: Cards(p.Subfolders), Members: Cards(p.Members)}
}

// Home returns what the home page lists: recent are the notes most
// recently updated.
func (b *Builder) Home(lead bool, recent []*resolve.Page) *Home {
	h := &Home{Lead: lead, Notes: b.notes()}
	for _, p := range recent {
		h.Recent = append(h.Recent, Dated{URL: p.URL, Title: p.Title, Modified: p.Modified()})
	}
	return h
}

// Tag returns a topic's page.
func (b *Builder) Tag(t *resolve.Tag) *Tag {
	return &Tag{Name: t.Name, URL: t.URL, Notes: Cards(t.Notes)}
}

// ListsOf returns p's reference list, backlinks and headings.
func ListsOf(p *resolve.Page) Lists {
	var l Lists
	if len(p.References) > 0 {
		l.References = make([]Reference, len(p.References))
		for i, ref := range p.References {
			r := Reference{Number: ref.Number, Anchors: ref.Anchors()}
			if src := ref.Source; src != nil {
				m := src.Source.Meta
				r.Source = &RefSource{URL: src.URL, Title: src.Title, Outlet: m.Outlet, Reliability: m.Reliability,
					Original: m.URL, Published: m.Published, Reports: src.ReportsLine()}
			}
			for _, ps := range ref.Passages {
				rp := RefPassage{Text: ps.Text, Cites: make([]PassageCite, len(ps.Cites))}
				for j, n := range ps.Cites {
					rp.Cites[j] = PassageCite{Anchor: cite.Anchor(ref.Number, n), Letter: cite.Letters(n)}
				}
				r.Passages = append(r.Passages, rp)
			}
			l.References[i] = r
		}
	}
	if len(p.Backlinks) > 0 {
		l.Backlinks = make([]Backlink, len(p.Backlinks))
		for i, bl := range p.Backlinks {
			l.Backlinks[i] = Backlink{From: Link{bl.From.Title, bl.From.URL}, Context: bl.Context.String()}
		}
	}
	if p.Doc != nil && len(p.Doc.Headings) > 0 {
		l.Headings = make([]Heading, len(p.Doc.Headings))
		for i, h := range p.Doc.Headings {
			l.Headings[i] = Heading{Level: h.Level, ID: h.ID, Text: h.Text}
		}
	}
	return l
}
