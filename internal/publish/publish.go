// Package publish decides, right after the load stage, which notes,
// standalone pages and source records a build publishes. A note or a
// standalone page is held back while it is a draft (`draft: true`) or
// scheduled (its `published` date is after today); a source record is
// held back while it is a draft (its `published` is the article's date,
// which schedules nothing).
//
// Filter is the one place that decides: the full build, the preview's
// incremental builds and `dossier check` all take the site it returns, so
// a held-back note or page is in no page, list, navigation, feed, sitemap
// or search index, as if its file were not there. A folder's _index.md
// takes no `draft` or `published` and is never held back: its index page
// lists the notes the build publishes. A folder without an _index.md is in
// the build only while it holds a published note. What it returns besides says what was held
// back and why, so that a link to it is reported as such (not as a link to
// a note that does not exist), and which included notes are not public
// (built with Options.Drafts or Options.Future), for their banner.
//
// "Today" is the date of Options.Now in Options.Location (UTC unless the
// site's dossier.yaml names a time_zone): a note whose published date is
// today is published.
package publish

import (
	"bytes"
	"fmt"
	"time"
	_ "time/tzdata" // time_zone must work where the system has no zone files (containers, CI)

	"github.com/dossier-site/dossier/internal/content"
)

// Options say what a build publishes.
type Options struct {
	// Now is the build's clock; the date it falls on in Location is today.
	Now time.Time
	// Location is the time zone in which dates start; nil means UTC.
	Location *time.Location
	// Drafts includes drafts, and Future notes scheduled after today, in
	// the build (dossier serve, build -drafts, build -future).
	Drafts, Future bool
}

// Hold says why a note or source record is not public. The zero Hold is a
// public one.
type Hold struct {
	Draft bool // draft: true
	// Scheduled is the note's published date when it is after today,
	// else zero.
	Scheduled content.Date
}

// Public reports whether nothing holds the page back.
func (h Hold) Public() bool { return h == Hold{} }

// String says why the page is held back, as a message goes on: "is a
// draft", "is scheduled for 4 December 2026", "is a draft scheduled for
// 4 December 2026".
func (h Hold) String() string {
	switch {
	case h.Draft && !h.Scheduled.IsZero():
		return "is a draft scheduled for " + h.Scheduled.Human()
	case h.Draft:
		return "is a draft"
	case !h.Scheduled.IsZero():
		return "is scheduled for " + h.Scheduled.Human()
	}
	return "is published"
}

// Fix says how an editor publishes a page so held back, or builds with it;
// ref names what refers to the page, for "remove the link".
func (h Hold) Fix(ref string) string {
	var ways []string
	if h.Draft {
		ways = append(ways, "remove `draft: true` from it")
	}
	if !h.Scheduled.IsZero() {
		ways = append(ways, "give it a `published` date no later than today")
	}
	fix := ""
	for i, w := range ways {
		if i > 0 {
			fix += " and "
		}
		fix += w
	}
	return fmt.Sprintf("publish it (%s), remove %s, or build with %s to include it", fix, ref, h.Flags())
}

// Flags are the flags of dossier build that include a page so held back:
// "-drafts", "-future" or "-drafts -future".
func (h Hold) Flags() string {
	switch {
	case h.Draft && !h.Scheduled.IsZero():
		return "-drafts -future"
	case h.Draft:
		return "-drafts"
	}
	return "-future"
}

// Held is a note or source record a build leaves out.
type Held struct {
	Kind string // "note", "page" or "source"
	ID   string // the note's or page's slug, or the source's id
	File *content.File
	Hold Hold
	// Note, Page or Source is the page held back.
	Note   *content.Note
	Page   *content.Page
	Source *content.Source
}

// Result is what Filter decided.
type Result struct {
	// Site is the site the build publishes: the loaded one without the
	// pages held back (the loaded one itself when none is).
	Site *content.Site
	// Held are the pages left out: notes, then standalone pages, then
	// sources, each in site order.
	Held []Held
	// Shown are the pages included although not public (a build with
	// Drafts or Future), by file, for the banner their pages carry.
	Shown map[*content.File]*Hold
	// Today is the date the build took as today.
	Today content.Date
	// Until is when what Filter decided next changes: the start, in the
	// site's time zone, of the first day after today on which a page
	// scheduled comes out, shown or held back. Zero when none is
	// scheduled. The preview builds again then (dossier serve).
	Until  time.Time
	byName map[string]int // "note/<slug>", "note/<alias>", "page/<slug>", "source/<id>" -> index in Held
	// For Refilter: the options decided with, but the time of day (the
	// time zone by name: publish.Location makes a new *time.Location on
	// each call), and the places of the notes, standalone pages and
	// sources shown though not public, in site order; refiltered says
	// that Refilter took was's decision.
	drafts, future bool
	zone           string
	shown          [3][]int32
	refiltered     bool
}

// zoneName names loc, nil for UTC, as Result.zone holds it.
func zoneName(loc *time.Location) string {
	if loc == nil {
		return time.UTC.String()
	}
	return loc.String()
}

// The kinds of page, as Result.shown holds them.
const (
	shownNotes = iota
	shownPages
	shownSources
)

// Today returns the date now falls on in loc (nil: UTC).
func Today(now time.Time, loc *time.Location) content.Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	return content.Date{Year: y, Month: int(m), Day: d}
}

// dayStart is the first moment of day d in loc: its midnight, or, where
// the clocks skip midnight for summer time (America/Santiago, say), the
// moment they skip to.
func dayStart(d content.Date, loc *time.Location) time.Time {
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, loc)
	if y, m, day := t.Date(); y != d.Year || int(m) != d.Month || day != d.Day {
		_, t = t.ZoneBounds() // t fell on the day before: the day starts at the change
	}
	return t
}

// Location returns the time zone named by dossier.yaml's time_zone: UTC
// when the name is empty, an error when it is not an IANA zone name.
func Location(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" {
		return nil, fmt.Errorf("time_zone %q depends on the machine that builds; name the zone, e.g. Europe/Kyiv", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q is not a time zone name", name)
	}
	return loc, nil
}

// NoteHold returns what holds a note back on the day today.
func NoteHold(n *content.Note, today content.Date) Hold {
	return hold(n.Meta.Draft, n.Meta.Published, today)
}

// PageHold returns what holds a standalone page back on the day today:
// the same as a note.
func PageHold(p *content.Page, today content.Date) Hold {
	return hold(p.Meta.Draft, p.Meta.Published, today)
}

func hold(draft bool, published, today content.Date) Hold {
	h := Hold{Draft: draft}
	if published.Full() && published.Compare(today) > 0 {
		h.Scheduled = published
	}
	return h
}

// SourceHold returns what holds a source record back.
func SourceHold(s *content.Source) Hold { return Hold{Draft: s.Meta.Draft} }

// Filter decides what of site a build with opts publishes. It does not
// change site or anything in it (the preview's loader reuses them).
func Filter(site *content.Site, opts Options) *Result {
	today := Today(opts.Now, opts.Location)
	r := &Result{Site: site, Today: today, drafts: opts.Drafts, future: opts.Future, zone: zoneName(opts.Location)}
	var next content.Date // the first scheduled day
	include := func(h Hold) bool {
		if !h.Scheduled.IsZero() && (next.IsZero() || h.Scheduled.Compare(next) < 0) {
			next = h.Scheduled
		}
		return (!h.Draft || opts.Drafts) && (h.Scheduled.IsZero() || opts.Future)
	}
	var notes []*content.Note
	var pages []*content.Page
	var sources []*content.Source
	for i, n := range site.Notes {
		h := NoteHold(n, today)
		switch {
		case h.Public():
		case include(h):
			r.show(&n.File, h)
			r.shown[shownNotes] = append(r.shown[shownNotes], int32(i))
		default:
			if notes == nil {
				notes = append(make([]*content.Note, 0, len(site.Notes)), site.Notes[:i]...)
			}
			r.hold(Held{Kind: "note", ID: n.Slug, File: &n.File, Hold: h, Note: n})
			for _, a := range n.Meta.Aliases {
				r.byName["note/"+a] = len(r.Held) - 1
			}
			continue
		}
		if notes != nil {
			notes = append(notes, n)
		}
	}
	for i, p := range site.Pages {
		h := PageHold(p, today)
		switch {
		case h.Public():
		case include(h):
			r.show(&p.File, h)
			r.shown[shownPages] = append(r.shown[shownPages], int32(i))
		default:
			if pages == nil {
				pages = append(make([]*content.Page, 0, len(site.Pages)), site.Pages[:i]...)
			}
			r.hold(Held{Kind: "page", ID: p.Slug, File: &p.File, Hold: h, Page: p})
			continue
		}
		if pages != nil {
			pages = append(pages, p)
		}
	}
	for i, s := range site.Sources {
		h := SourceHold(s)
		switch {
		case h.Public():
		case include(h):
			r.show(&s.File, h)
			r.shown[shownSources] = append(r.shown[shownSources], int32(i))
		default:
			if sources == nil {
				sources = append(make([]*content.Source, 0, len(site.Sources)), site.Sources[:i]...)
			}
			r.hold(Held{Kind: "source", ID: s.ID, File: &s.File, Hold: h, Source: s})
			continue
		}
		if sources != nil {
			sources = append(sources, s)
		}
	}
	if notes != nil || pages != nil || sources != nil {
		cp := *site
		if notes != nil {
			cp.Notes = notes
			cp.Folders = folders(notes, site.Folders)
		}
		if pages != nil {
			cp.Pages = pages
		}
		if sources != nil {
			cp.Sources = sources
		}
		r.Site = &cp
	}
	r.until(next, opts.Location)
	return r
}

// until sets Until from next, the first scheduled day, in loc.
func (r *Result) until(next content.Date, loc *time.Location) {
	if !next.IsZero() {
		if loc == nil {
			loc = time.UTC
		}
		r.Until = dayStart(next, loc)
	}
}

// Refilter is Filter for site, loaded again since last, for which Filter
// or Refilter with the same options (but the time of day; the time zone by
// its name) gave was: the preview's rebuilds. A note, standalone page or source that is last's at
// the same place (the same value: the loader gives an unchanged file's
// again, and never changes it) is held back, shown or public as it was,
// on the same day; only the others, and those was shows, are looked at.
// Each of 11,000 files' front matter read on every edit at 10,000 notes,
// memory cold by then, took 1 to 3 ms of each preview rebuild. When was
// held some page back, or this site holds one back, it is Filter: a site
// without the pages held back is made again.
func Refilter(site *content.Site, opts Options, last *content.Site, was *Result) *Result {
	today := Today(opts.Now, opts.Location)
	zone := zoneName(opts.Location)
	if was == nil || last == nil || len(was.Held) > 0 || was.Today != today || was.drafts != opts.Drafts || was.future != opts.Future || was.zone != zone ||
		len(site.Notes) != len(last.Notes) || len(site.Pages) != len(last.Pages) || len(site.Sources) != len(last.Sources) {
		return Filter(site, opts)
	}
	r := &Result{Site: site, Today: today, drafts: opts.Drafts, future: opts.Future, zone: zone, refiltered: true}
	var next content.Date
	// look decides the pages at the places of one kind that changed or
	// that was shows, in order; false when one is held back.
	look := func(kind, n int, same func(i int) bool, hold func(i int) (Hold, *content.File)) bool {
		shown := was.shown[kind]
		for i := range n {
			if len(shown) > 0 && int(shown[0]) == i {
				shown = shown[1:]
			} else if same(i) {
				continue
			}
			h, f := hold(i)
			if h.Public() {
				continue
			}
			if !h.Scheduled.IsZero() && (next.IsZero() || h.Scheduled.Compare(next) < 0) {
				next = h.Scheduled
			}
			if h.Draft && !opts.Drafts || !h.Scheduled.IsZero() && !opts.Future {
				return false
			}
			r.show(f, h)
			r.shown[kind] = append(r.shown[kind], int32(i))
		}
		return true
	}
	if !look(shownNotes, len(site.Notes), func(i int) bool { return site.Notes[i] == last.Notes[i] },
		func(i int) (Hold, *content.File) { return NoteHold(site.Notes[i], today), &site.Notes[i].File }) ||
		!look(shownPages, len(site.Pages), func(i int) bool { return site.Pages[i] == last.Pages[i] },
			func(i int) (Hold, *content.File) { return PageHold(site.Pages[i], today), &site.Pages[i].File }) ||
		!look(shownSources, len(site.Sources), func(i int) bool { return site.Sources[i] == last.Sources[i] },
			func(i int) (Hold, *content.File) { return SourceHold(site.Sources[i]), &site.Sources[i].File }) {
		return Filter(site, opts)
	}
	r.until(next, opts.Location)
	return r
}

// folders returns the folders of all that the build publishes, given the
// notes it publishes: a folder with an _index.md, and the folders above
// it, always; a folder with none only while it holds a published note (at
// any depth), so that a folder of drafts leaves no empty index page that
// names it.
func folders(notes []*content.Note, all []*content.Folder) []*content.Folder {
	keep := map[string]bool{}
	mark := func(p string) {
		for ; p != "" && !keep[p]; p = content.ParentFolder(p) {
			keep[p] = true
		}
	}
	for _, n := range notes {
		mark(n.Folder)
	}
	for _, f := range all {
		if f.HasIndex {
			mark(f.Path)
		}
	}
	if len(keep) == len(all) {
		return all
	}
	out := make([]*content.Folder, 0, len(keep))
	for _, f := range all {
		if keep[f.Path] {
			out = append(out, f)
		}
	}
	return out
}

func (r *Result) show(f *content.File, h Hold) {
	if r.Shown == nil {
		r.Shown = map[*content.File]*Hold{}
	}
	r.Shown[f] = &h
}

func (r *Result) hold(h Held) {
	if r.byName == nil {
		r.byName = map[string]int{}
	}
	r.Held = append(r.Held, h)
	r.byName[h.Kind+"/"+h.ID] = len(r.Held) - 1
}

// Lookup finds the held-back page a link or citation names: kind "note"
// (by slug or alias), "page" (by slug) or "source" (by id). It is safe on a nil Result.
func (r *Result) Lookup(kind, id string) (Held, bool) {
	if r == nil {
		return Held{}, false
	}
	i, ok := r.byName[kind+"/"+id]
	if !ok {
		return Held{}, false
	}
	return r.Held[i], true
}

// Banner returns what holds an included page back, for its banner; nil
// for a public page. It is safe on a nil Result. The Hold is the
// Result's, shared by every call: it must not be changed. (A copy for
// each call was 11,000 allocations of each preview rebuild at 10,000
// notes, most of them held back there.)
func (r *Result) Banner(f *content.File) *Hold {
	if r == nil {
		return nil
	}
	return r.Shown[f]
}

// Mentions reports whether a held-back page may use the source id: a
// held-back note's or standalone page's body holds "@id" or "sources/id", or an event or a
// held-back source's `cites` names it. The check of unused sources asks,
// so that a source added for a draft is not reported as unused; it errs
// towards yes (a mention in a code block counts).
func (r *Result) Mentions(id string) bool {
	if r == nil {
		return false
	}
	at, path := []byte("@"+id), []byte("sources/"+id)
	for _, h := range r.Held {
		if n := h.Note; n != nil {
			if bytes.Contains(n.Body, at) || bytes.Contains(n.Body, path) {
				return true
			}
			for _, e := range n.Meta.Events {
				for _, s := range e.Sources {
					if s == id {
						return true
					}
				}
			}
		}
		if p := h.Page; p != nil && (bytes.Contains(p.Body, at) || bytes.Contains(p.Body, path)) {
			return true
		}
		if s := h.Source; s != nil {
			for _, c := range s.Meta.Cites {
				if c == id {
					return true
				}
			}
		}
	}
	return false
}
