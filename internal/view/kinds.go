// Package view is the view stage: it turns the resolved site into one plain
// value per page (Page, made by a Builder), which is all a page's template
// receives: strings, dates, slices and small structs, and HTML the build
// wrote, with no pointer into the content, resolve or markup stages. It
// also holds what each kind of page is, where it is published and which
// breadcrumbs lead to it, in one table (Kinds); the lists written in Go
// (References, Backlinks, TOC, Citings); the maps (SiteGraph, NoteGraph),
// structured data (NoteJSONLD), related notes (NoteIndex) and recent notes
// (Recent); and the HTML escaping the build uses (Text, URL, Fragment),
// which is html/template's own.
//
// Adding a page kind is one entry in Kinds (and its template in
// templates/); the render stage takes the template, the output path, the
// title, the description and the breadcrumbs of every page from here.
package view

import (
	"strings"

	"github.com/dossier-site/dossier/internal/resolve"
)

// Kind is one kind of page.
type Kind struct {
	// Name is the kind as templates see it (.Kind, and the body's class
	// kind-<name>).
	Name string
	// Template is the file in templates/ that lays the kind out.
	Template string
	// Path is the output path: a fixed path for a kind with one page,
	// else a pattern in which {slug} stands for the page's slug (a note's
	// or standalone page's slug, a source's id, a folder's path, a tag's
	// name, an alias).
	Path string
	// Title and Description are those of a kind with one page; the other
	// kinds take them from the page's front matter.
	Title, Description string
	// NoIndex keeps the kind's pages out of search engines and the sitemap.
	NoIndex bool
	// Trail is the breadcrumbs above the page's title, in order.
	Trail []Step
	// Lists names the site's lists that the kind's pages show, fields of
	// resolve.Site: Notes (the home page's cards), Sources, Tags, Claims,
	// Events, Needed. A change to any of them may change the kind's pages
	// (the render cache counts them in the pages' keys); Builder.Page and
	// Builder.Home read no other list for the kind. The numbers of notes
	// and sources, which every page's Site holds, count only for the kinds
	// that name Notes and Sources: the search page shows them.
	Lists []string
}

// Step is one breadcrumb, or a run of them.
type Step string

// Breadcrumb steps.
const (
	StepHome    Step = "home"    // the home page, "Home"
	StepSources Step = "sources" // the list of sources, "Sources"
	StepTopics  Step = "topics"  // the list of topics, "Topics"
	StepFolders Step = "folders" // the folders that hold the page, outermost first
	StepTopic   Step = "topic"   // a note in no folder: its first topic
)

// Kinds is every kind of page the build writes.
var Kinds = []Kind{
	{Name: "home", Template: "home.html", Path: "index.html", Lists: []string{"Notes"}},
	{Name: "note", Template: "note.html", Path: "notes/{slug}/index.html", Trail: []Step{StepHome, StepFolders, StepTopic}},
	{Name: "source", Template: "source.html", Path: "sources/{slug}/index.html", Trail: []Step{StepHome, StepSources}},
	{Name: "page", Template: "page.html", Path: "{slug}/index.html", Trail: []Step{StepHome}},
	{Name: "folder", Template: "folder.html", Path: "notes/{slug}/index.html", Trail: []Step{StepHome, StepFolders}},
	{Name: "sources", Template: "sources.html", Path: "sources/index.html", Lists: []string{"Sources"},
		Title: "Sources", Description: "Every source the notes cite, with what is known of each.", Trail: []Step{StepHome}},
	{Name: "tags", Template: "tags.html", Path: "tags/index.html", Lists: []string{"Tags"},
		Title: "Topics", Description: "The topics of the notes.", Trail: []Step{StepHome}},
	{Name: "tag", Template: "tag.html", Path: "tags/{slug}/index.html", Trail: []Step{StepHome, StepTopics}},
	{Name: "claims", Template: "claims.html", Path: "claims/index.html", Lists: []string{"Claims"}, Title: "Claims and their status",
		Description: "Every disputed or reported claim in the notes, grouped by status, with who reports and who denies it.", Trail: []Step{StepHome}},
	{Name: "timeline", Template: "timeline.html", Path: "timeline/index.html", Lists: []string{"Events"}, Title: "Timeline",
		Description: "The dated events the sources give, in order, each with its source and the note that discusses it.", Trail: []Step{StepHome}},
	{Name: "maintenance", Template: "maintenance.html", Path: "maintenance/index.html", Lists: []string{"Needed"}, Title: "Maintenance",
		Description: "For editors: statements marked as needing a citation.", NoIndex: true, Trail: []Step{StepHome}},
	{Name: "search", Template: "search.html", Path: "search/index.html", Lists: []string{"Notes", "Sources"}, Title: "Search",
		Description: "Search the notes and sources.", NoIndex: true, Trail: []Step{StepHome}},
	{Name: "404", Template: "404.html", Path: "404.html", Title: "Page not found", NoIndex: true},
	{Name: "alias", Template: "alias.html", Path: "notes/{slug}/index.html", NoIndex: true},
}

// KindOf returns the kind with the given name; it panics when there is
// none, which is a mistake in this module, not in a site.
func KindOf(name string) Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	panic("view: no page kind " + name)
}

// PathFor returns the output path of the kind's page with the given slug.
func (k Kind) PathFor(slug string) string {
	return strings.Replace(k.Path, "{slug}", slug, 1)
}

// Dir returns the site path of an output path, as the page's address has
// it: "notes/x/" for notes/x/index.html, "" for index.html, "404.html" for
// itself.
func Dir(path string) string {
	return strings.TrimSuffix(path, "index.html")
}

// Link is a page's title and address: a breadcrumb, an entry of a list.
type Link struct {
	Title string
	URL   string
}

// Crumbs returns the breadcrumbs of a page of kind k: p is the page it
// shows (nil for the kinds with one page).
func (k Kind) Crumbs(s *resolve.Site, p *resolve.Page) []Link {
	if len(k.Trail) == 0 {
		return nil
	}
	out := make([]Link, 0, len(k.Trail)+2)
	for _, step := range k.Trail {
		switch step {
		case StepHome:
			out = append(out, Link{"Home", s.URLFor("")})
		case StepSources:
			out = append(out, Link{"Sources", s.URLFor("sources/")})
		case StepTopics:
			out = append(out, Link{"Topics", s.URLFor("tags/")})
		case StepFolders:
			for _, f := range p.Crumbs() {
				out = append(out, Link{f.Title, f.URL})
			}
		case StepTopic:
			if p.Parent != nil || p.Note == nil || len(p.Note.Meta.Tags) == 0 {
				continue
			}
			if t := s.Tag(p.Note.Meta.Tags[0]); t != nil {
				out = append(out, Link{t.Name, t.URL})
			}
		}
	}
	return out
}
