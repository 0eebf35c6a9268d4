// Package content loads a site folder: the site configuration (dossier.yaml),
// the notes (content/notes/<slug>.md) and the source records
// (content/sources/<id>.md). It reads files, checks names, and decodes front
// matter; it knows nothing of Markdown, which is the next stage's business.
//
// # Notes
//
// A note's front matter keys are the fields of NoteMeta. Its slug is its file
// name without ".md" (see package slug) and its address is /notes/<slug>/,
// whatever folder of content/notes holds it: slugs are unique across
// folders, so that a note keeps its address and its links when it moves.
//
// # Folders
//
// Folders in content/notes group notes (content/notes/budapest/history.md).
// Each folder that holds a note, at any depth, has an index page at
// /notes/<folder path>/; an optional _index.md in the folder gives its
// title, summary and introduction (the fields of FolderMeta).
//
// # Pages
//
// A standalone page (an About or Methodology page) is
// content/pages/<slug>.md, published at /<slug>/. Its keys are the fields
// of PageMeta.
//
// # Sources
//
// A source record's keys are the fields of SourceMeta. Its id is its file
// name without ".md" and its address is /sources/<id>/. Its body holds the
// editors' notes on the source.
//
// # Site configuration
//
// dossier.yaml beside content/ holds the fields of Config. It is optional.
package content

import (
	"fmt"
	"strings"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
)

// Date is a front-matter date.
type Date = frontmatter.Date

// NoteMeta is a note's front matter.
type NoteMeta struct {
	Title     string     `yaml:"title" required:"true" doc:"The note's title, shown as its heading and in links."`
	Summary   string     `yaml:"summary" doc:"One or two sentences shown in previews, search results and the feed."`
	Tags      []string   `yaml:"tags" format:"slug" doc:"Topics the note belongs to, e.g. [budapest-memorandum]."`
	Published Date       `yaml:"published" doc:"When the note was first published (YYYY-MM-DD). A date after today (in the site's time_zone) holds the note back until that day: it is scheduled."`
	Updated   Date       `yaml:"updated" doc:"When the note was last changed in substance (YYYY-MM-DD)."`
	Aliases   []string   `yaml:"aliases" format:"slug" doc:"Former slugs of the note; each gets a page that redirects here."`
	Events    []Event    `yaml:"events" doc:"Dated events the note describes; merged into /timeline/."`
	Revisions []Revision `yaml:"revisions" doc:"Dated corrections and updates, shown at the foot of the note and in the feed."`
	Draft     bool       `yaml:"draft" doc:"true keeps the note out of the published site (dossier serve and build -drafts show it, with a banner); delete the line or set it to false to publish the note, with published set to the day it goes out."`
}

// PageMeta is a standalone page's front matter.
type PageMeta struct {
	Title     string `yaml:"title" required:"true" doc:"The page's title, shown as its heading, in links and in the navigation."`
	Summary   string `yaml:"summary" doc:"One or two sentences shown in previews and search results."`
	Nav       int    `yaml:"nav" doc:"Puts the page in the site's navigation, at this place: a whole number from 1, lowest first (pages with the same number by title)."`
	Published Date   `yaml:"published" doc:"When the page was first published (YYYY-MM-DD). A date after today (in the site's time_zone) holds the page back until that day: it is scheduled."`
	Updated   Date   `yaml:"updated" doc:"When the page was last changed in substance (YYYY-MM-DD)."`
	Draft     bool   `yaml:"draft" doc:"true keeps the page out of the published site and its navigation (dossier serve and build -drafts show it, with a banner); delete the line or set it to false to publish the page."`
}

// FolderMeta is the front matter of a folder's _index.md.
type FolderMeta struct {
	Title   string `yaml:"title" required:"true" doc:"The folder's title, shown on its index page and in breadcrumbs."`
	Summary string `yaml:"summary" doc:"One or two sentences shown in the list of folders and in search results."`
}

// Event is a dated event on the timeline.
type Event struct {
	Date    Date     `yaml:"date" required:"true" date:"partial" doc:"YYYY-MM-DD, or YYYY-MM or YYYY when the sources give no more."`
	Text    string   `yaml:"text" required:"true" doc:"What happened, in one sentence."`
	Sources []string `yaml:"sources" required:"true" format:"slug" doc:"Ids of the sources that report the event."`
}

// Revision is a dated correction or update to a note.
type Revision struct {
	Date Date   `yaml:"date" required:"true" doc:"When the change was made (YYYY-MM-DD)."`
	Kind string `yaml:"kind" required:"true" enum:"correction|update" doc:"correction (something was wrong) or update (something was added)."`
	Text string `yaml:"text" required:"true" doc:"One line saying what changed and why."`
}

// SourceKinds are the allowed values of a source's kind.
var SourceKinds = []string{"news report", "official statement", "primary document", "aggregator", "analysis", "ai-generated article", "opinion"}

// SourceMeta is a source record's front matter.
type SourceMeta struct {
	Title       string   `yaml:"title" required:"true" doc:"The headline or official title, as printed."`
	Outlet      string   `yaml:"outlet" doc:"The publication or issuing body."`
	Author      string   `yaml:"author" doc:"The byline as printed, or unknown."`
	Published   Date     `yaml:"published" date:"unknown" doc:"Publication date (YYYY-MM-DD), or unknown when the source gives none."`
	URL         string   `yaml:"url" format:"url" doc:"The source's address; omit it when unknown, never invent one."`
	ArchiveURL  string   `yaml:"archive_url" format:"url" doc:"An archived copy's address."`
	ArchiveFile string   `yaml:"archive_file" doc:"A copy of the source kept beside this record (a PDF, an image or a text file), as a path relative to this file, e.g. scan.pdf."`
	Accessed    Date     `yaml:"accessed" doc:"When an editor last read the source (YYYY-MM-DD)."`
	Kind        string   `yaml:"kind" enum:"news report|official statement|primary document|aggregator|analysis|ai-generated article|opinion" doc:"What kind of source this is."`
	Seed        string   `yaml:"seed" doc:"The file name of the source's article text in the folder dossier.yaml's articles names, if it has one; for the checks, never shown to readers."`
	Reliability string   `yaml:"reliability" doc:"One neutral line on the source's weaknesses, shown in citation cards."`
	Excerpts    []string `yaml:"excerpts" doc:"Verbatim passages of the source that notes may quote."`
	Cites       []string `yaml:"cites" format:"slug" doc:"Ids of the sources this one relies on (e.g. the report it cites)."`
	Draft       bool     `yaml:"draft" doc:"true keeps the source record out of the published site (dossier serve and build -drafts show it, with a banner); a published note may not cite it until the line is deleted or set to false. Its published date is the article's and never holds it back."`
}

// Config is the site configuration, dossier.yaml.
type Config struct {
	Title       string `yaml:"title" required:"true" doc:"The site's name."`
	Description string `yaml:"description" doc:"One sentence describing the site, for search engines and the feed."`
	Language    string `yaml:"language" doc:"The language of the content as a BCP 47 tag (default en)."`
	BaseURL     string `yaml:"base_url" format:"url" doc:"The address the site is published at, e.g. https://example.org/explainer/ (the -base-url flag wins); the feed, the sitemap and robots.txt need it, and dossier build warns without it."`
	Home        string `yaml:"home" format:"slug" doc:"Slug of the note shown as the home page's lead."`
	Author      string `yaml:"author" doc:"Who publishes the site, for the feed."`
	TimeZone    string `yaml:"time_zone" doc:"The IANA time zone in which a note's published date starts its day, e.g. Europe/Kyiv (default UTC): a note scheduled for a date is published by a build on or after that date there."`
	Articles    string `yaml:"articles" doc:"The folder holding the sources' article texts, named by each source's seed (relative to the site folder; it may lie outside it). Excerpts are checked against them when the folder is there."`
}

// File is what notes and sources share: where they come from.
type File struct {
	Path string // slash path relative to the site folder, e.g. content/notes/x.md
	// Body is the Markdown after the front matter. The preview lets it
	// go once the page is parsed, and keeps the parse's copy in a
	// temporary file (see markup.Doc.StoreSource); a file the load stage
	// took from its Memo then has none.
	Body []byte
	// FrontSum is a hash of the front matter (the YAML between the
	// delimiters, as read), to compare it with another load's in this
	// process without keeping it (the preview does so for every file on
	// every rebuild).
	FrontSum uint64
	BodyLine int // the line on which Body starts
	FMLine   int // the line on which the front matter starts
	// Committed is the date of the file's last commit when the site folder
	// is a git repository (filled in by the build from package gitdates),
	// else zero.
	Committed Date
	pos       frontmatter.Packed
}

// Pos returns the position of a front-matter value by its key path (e.g.
// "cites[2]"), or of the file's first line when the path is not known.
func (f *File) Pos(keyPath string) diag.Pos {
	if p, ok := f.pos.Lookup(keyPath); ok {
		return diag.Pos{File: f.Path, Line: f.FMLine + p.Line - 1, Col: p.Col}
	}
	return diag.Pos{File: f.Path, Line: 1, Col: 1}
}

// Note is a loaded note.
type Note struct {
	File
	Slug string
	// Folder is the folder of content/notes that holds the note, as a
	// slash path ("budapest", "budapest/history"); "" at the top.
	Folder string
	Meta   NoteMeta
}

// Page is a loaded standalone page.
type Page struct {
	File
	Slug string
	Meta PageMeta
}

// Folder is a folder of content/notes that holds notes (at any depth) or
// an _index.md.
type Folder struct {
	// File is the folder's _index.md; when the folder has none, its Path
	// is where it would be, and it is empty.
	File
	Path     string // the folder below content/notes, e.g. budapest/history
	HasIndex bool   // the folder has an _index.md
	Meta     FolderMeta
}

// Parent returns the folder that holds f, or "" at the top.
func (f *Folder) Parent() string { return ParentFolder(f.Path) }

// ParentFolder returns the folder that holds folder p ("a/b" gives "a"),
// or "" at the top.
func ParentFolder(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Source is a loaded source record.
type Source struct {
	File
	ID   string
	Meta SourceMeta
}

// Label is how the source is named in a reference list: outlet and title.
func (s *Source) Label() string {
	if s.Meta.Outlet == "" {
		return s.Meta.Title
	}
	return fmt.Sprintf("%s, %s", s.Meta.Outlet, s.Meta.Title)
}

// Site is everything Load found, notes, sources and pages in the order of
// their file names (whatever a note's folder).
type Site struct {
	Config  Config
	Notes   []*Note
	Sources []*Source
	Pages   []*Page   // standalone pages, by slug
	Folders []*Folder // folders of notes, by path
	// Files are the published files (images, PDFs...) beside the notes
	// and sources, sorted by path.
	Files []*Asset
	// Unloaded are the note and source files (site-relative paths) that
	// are there but could not be loaded (not text, no front matter, ...):
	// their own errors are reported, and errors elsewhere that follow from
	// them (a link to the note, say) say so.
	Unloaded []string

	configPos frontmatter.Positions
}
