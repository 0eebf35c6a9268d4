package publish_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/publish"
)

func date(s string) content.Date {
	d, err := frontmatter.ParseDate(s, "")
	if err != nil {
		panic(err)
	}
	return d
}

func note(slug string, draft bool, published string, aliases ...string) *content.Note {
	n := &content.Note{Slug: slug}
	n.Path = "content/notes/" + slug + ".md"
	n.Meta.Draft = draft
	if published != "" {
		n.Meta.Published = date(published)
	}
	n.Meta.Aliases = aliases
	return n
}

func source(id string, draft bool, published string) *content.Source {
	s := &content.Source{ID: id}
	s.Path = "content/sources/" + id + ".md"
	s.Meta.Draft = draft
	if published == "unknown" {
		s.Meta.Published = content.Date{Unknown: true}
	} else if published != "" {
		s.Meta.Published = date(published)
	}
	return s
}

func page(slug string, draft bool, published string) *content.Page {
	p := &content.Page{Slug: slug}
	p.Path = "content/pages/" + slug + ".md"
	p.Meta.Draft = draft
	if published != "" {
		p.Meta.Published = date(published)
	}
	return p
}

// The clock of most cases: 4 December 2026, 10:00 UTC (12:00 in Kyiv).
var now = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

func TestFilter(t *testing.T) {
	kyiv, _ := publish.Location("Europe/Kyiv")
	honolulu, _ := publish.Location("Pacific/Honolulu")
	tests := []struct {
		name      string
		opts      publish.Options
		notes     []*content.Note
		sources   []*content.Source
		published string // slugs and ids the site keeps, in order
		held      string // "kind/id: why" of each page held back
		shown     string // "path: why" of each page shown though not public
	}{
		{"nothing held back", publish.Options{Now: now},
			[]*content.Note{note("a", false, "2026-12-03"), note("b", false, "")},
			[]*content.Source{source("s", false, "2030-01-01")},
			"a b s", "", ""},
		{"published today is published", publish.Options{Now: now},
			[]*content.Note{note("today", false, "2026-12-04")}, nil,
			"today", "", ""},
		{"tomorrow is scheduled", publish.Options{Now: now},
			[]*content.Note{note("a", false, ""), note("tomorrow", false, "2026-12-05"), note("z", false, "")}, nil,
			"a z", "note/tomorrow: is scheduled for 5 December 2026", ""},
		{"a draft is held back, whatever its date", publish.Options{Now: now},
			[]*content.Note{note("d", true, "2020-01-01"), note("e", true, "")}, nil,
			"", "note/d: is a draft; note/e: is a draft", ""},
		{"a draft scheduled later is both", publish.Options{Now: now},
			[]*content.Note{note("d", true, "2027-01-01")}, nil,
			"", "note/d: is a draft scheduled for 1 January 2027", ""},
		{"a source's date is the article's: never scheduled", publish.Options{Now: now}, nil,
			[]*content.Source{source("future", false, "2031-05-01"), source("unknown", false, "unknown"), source("draft", true, "")},
			"future unknown", "source/draft: is a draft", ""},
		{"-drafts shows drafts, not scheduled notes", publish.Options{Now: now, Drafts: true},
			[]*content.Note{note("d", true, ""), note("s", false, "2027-01-01"), note("ds", true, "2027-01-01")}, nil,
			"d", "note/s: is scheduled for 1 January 2027; note/ds: is a draft scheduled for 1 January 2027",
			"content/notes/d.md: is a draft"},
		{"-future shows scheduled notes, not drafts", publish.Options{Now: now, Future: true},
			[]*content.Note{note("d", true, ""), note("s", false, "2027-01-01")}, nil,
			"s", "note/d: is a draft", "content/notes/s.md: is scheduled for 1 January 2027"},
		{"both show everything", publish.Options{Now: now, Drafts: true, Future: true},
			[]*content.Note{note("d", true, ""), note("ds", true, "2027-01-01")},
			[]*content.Source{source("sd", true, "")},
			"d ds sd", "",
			"content/notes/d.md: is a draft; content/notes/ds.md: is a draft scheduled for 1 January 2027; content/sources/sd.md: is a draft"},
		{"the day starts in the site's time zone: Kyiv is ahead", publish.Options{Now: time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC), Location: kyiv},
			[]*content.Note{note("fifth", false, "2026-12-05")}, nil,
			"fifth", "", ""},
		{"the same instant in UTC is still the fourth", publish.Options{Now: time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)},
			[]*content.Note{note("fifth", false, "2026-12-05")}, nil,
			"", "note/fifth: is scheduled for 5 December 2026", ""},
		{"Honolulu is behind: 09:00 UTC is 23:00 the day before", publish.Options{Now: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC), Location: honolulu},
			[]*content.Note{note("fourth", false, "2026-12-04")}, nil,
			"", "note/fourth: is scheduled for 4 December 2026", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := &content.Site{Notes: tt.notes, Sources: tt.sources}
			r := publish.Filter(site, tt.opts)
			var kept []string
			for _, n := range r.Site.Notes {
				kept = append(kept, n.Slug)
			}
			for _, s := range r.Site.Sources {
				kept = append(kept, s.ID)
			}
			if got := strings.Join(kept, " "); got != tt.published {
				t.Errorf("published %q; want %q", got, tt.published)
			}
			var held []string
			for _, h := range r.Held {
				held = append(held, h.Kind+"/"+h.ID+": "+h.Hold.String())
			}
			if got := strings.Join(held, "; "); got != tt.held {
				t.Errorf("held back %q; want %q", got, tt.held)
			}
			var shown []string
			for _, n := range r.Site.Notes {
				if b := r.Banner(&n.File); b != nil {
					shown = append(shown, n.Path+": "+b.String())
					// The preview asks for every page's banner on every
					// rebuild: the Result's own, not a copy.
					var kept *publish.Hold
					if allocs := testing.AllocsPerRun(10, func() { kept = r.Banner(&n.File) }); allocs != 0 || kept != b {
						t.Errorf("%s: Banner allocates %v times a call, or gives another Hold each time; want none, and the same", n.Path, allocs)
					}
				}
			}
			for _, s := range r.Site.Sources {
				if b := r.Banner(&s.File); b != nil {
					shown = append(shown, s.Path+": "+b.String())
				}
			}
			if got := strings.Join(shown, "; "); got != tt.shown {
				t.Errorf("shown %q; want %q", got, tt.shown)
			}
			if len(r.Held) == 0 && r.Site != site {
				t.Error("nothing held back, yet the site was copied")
			}
			if len(site.Notes) != len(tt.notes) || len(site.Sources) != len(tt.sources) {
				t.Error("Filter changed the loaded site")
			}
		})
	}
}

// TestFilterPages checks that standalone pages are held back, and shown,
// as notes are, and that a folder's index page never is.
func TestFilterPages(t *testing.T) {
	tests := []struct {
		name      string
		opts      publish.Options
		pages     []*content.Page
		published string // slugs of the pages the site keeps, in order
		held      string
		shown     string
	}{
		{"public pages", publish.Options{Now: now},
			[]*content.Page{page("about", false, ""), page("method", false, "2026-12-04")}, "about method", "", ""},
		{"a draft and a scheduled page", publish.Options{Now: now},
			[]*content.Page{page("about", false, ""), page("d", true, "2020-01-01"), page("later", false, "2026-12-05"), page("z", false, "")},
			"about z", "page/d: is a draft; page/later: is scheduled for 5 December 2026", ""},
		{"-drafts shows the draft", publish.Options{Now: now, Drafts: true},
			[]*content.Page{page("d", true, ""), page("later", false, "2027-01-01")},
			"d", "page/later: is scheduled for 1 January 2027", "content/pages/d.md: is a draft"},
		{"-drafts -future show both", publish.Options{Now: now, Drafts: true, Future: true},
			[]*content.Page{page("d", true, ""), page("later", false, "2027-01-01")},
			"d later", "", "content/pages/d.md: is a draft; content/pages/later.md: is scheduled for 1 January 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			folder := &content.Folder{Path: "topic", HasIndex: true}
			site := &content.Site{Pages: tt.pages, Folders: []*content.Folder{folder}}
			r := publish.Filter(site, tt.opts)
			var kept, held, shown []string
			for _, p := range r.Site.Pages {
				kept = append(kept, p.Slug)
				if b := r.Banner(&p.File); b != nil {
					shown = append(shown, p.Path+": "+b.String())
				}
			}
			for _, h := range r.Held {
				held = append(held, h.Kind+"/"+h.ID+": "+h.Hold.String())
				if h.Page == nil {
					t.Errorf("Held %s/%s has no Page", h.Kind, h.ID)
				}
			}
			if got := strings.Join(kept, " "); got != tt.published {
				t.Errorf("published %q; want %q", got, tt.published)
			}
			if got := strings.Join(held, "; "); got != tt.held {
				t.Errorf("held back %q; want %q", got, tt.held)
			}
			if got := strings.Join(shown, "; "); got != tt.shown {
				t.Errorf("shown %q; want %q", got, tt.shown)
			}
			if len(r.Site.Folders) != 1 || len(site.Pages) != len(tt.pages) {
				t.Error("Filter dropped the folder or changed the loaded site")
			}
			for _, h := range r.Held {
				if _, ok := r.Lookup("page", h.ID); !ok {
					t.Errorf("Lookup(page, %s) finds nothing", h.ID)
				}
				if _, ok := r.Lookup("note", h.ID); ok {
					t.Errorf("Lookup(note, %s) finds the page", h.ID)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	site := &content.Site{Notes: []*content.Note{note("plan", true, "", "old-plan"), note("open", false, "")},
		Sources: []*content.Source{source("leak", true, "")}}
	r := publish.Filter(site, publish.Options{Now: now})
	for _, tt := range []struct {
		kind, id string
		found    bool
	}{{"note", "plan", true}, {"note", "old-plan", true}, {"note", "open", false}, {"source", "leak", true}, {"source", "plan", false}, {"note", "leak", false}} {
		h, ok := r.Lookup(tt.kind, tt.id)
		if ok != tt.found {
			t.Errorf("Lookup(%s, %s) = %v; want %v", tt.kind, tt.id, ok, tt.found)
		}
		if ok && h.Hold.Fix("the link") != "publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it" {
			t.Errorf("Lookup(%s, %s).Hold.Fix() = %q", tt.kind, tt.id, h.Hold.Fix("the link"))
		}
	}
	var nilResult *publish.Result
	if _, ok := nilResult.Lookup("note", "plan"); ok || nilResult.Banner(&site.Notes[0].File) != nil || nilResult.Mentions("leak") {
		t.Error("a nil Result holds nothing back")
	}
}

func TestFix(t *testing.T) {
	both := publish.Hold{Draft: true, Scheduled: date("2027-01-01")}
	want := "publish it (remove `draft: true` from it and give it a `published` date no later than today), remove the link, or build with -drafts -future to include it"
	if got := both.Fix("the link"); got != want {
		t.Errorf("Fix() = %q; want %q", got, want)
	}
	if got := (publish.Hold{Scheduled: date("2027-01-01")}).Fix("the citation"); !strings.HasSuffix(got, "remove the citation, or build with -future to include it") {
		t.Errorf("Fix() = %q", got)
	}
}

func TestMentions(t *testing.T) {
	d := note("d", true, "")
	d.Body = []byte("It says so [@new-report, para. 2] and see [[sources/other-record]].\n")
	d.Meta.Events = []content.Event{{Sources: []string{"event-source"}}}
	s := source("draft-source", true, "")
	s.Meta.Cites = []string{"cited-by-draft"}
	p := page("draft-page", true, "")
	p.Body = []byte("The method [@method-report].\n")
	r := publish.Filter(&content.Site{Notes: []*content.Note{d}, Pages: []*content.Page{p}, Sources: []*content.Source{s}}, publish.Options{Now: now})
	for id, want := range map[string]bool{"method-report": true, "new-report": true, "other-record": true, "event-source": true, "cited-by-draft": true, "unrelated": false} {
		if got := r.Mentions(id); got != want {
			t.Errorf("Mentions(%q) = %v; want %v", id, got, want)
		}
	}
}

func TestLocation(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"", true}, {"UTC", true}, {"Europe/Kyiv", true}, {"America/New_York", true}, {"Local", false}, {"Mars/Olympus", false}, {"../etc/passwd", false}} {
		_, err := publish.Location(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("Location(%q) err = %v; want ok %v", tt.name, err, tt.ok)
		}
	}
}

// TestFilterFolders checks that a folder without an _index.md whose notes
// are all held back is left out, with no empty index page to name it, and
// that a folder with an _index.md, and the folders above a published
// note, stay.
func TestFilterFolders(t *testing.T) {
	inFolder := func(folder string, n *content.Note) *content.Note {
		n.Folder = folder
		n.Path = "content/notes/" + folder + "/" + n.Slug + ".md"
		return n
	}
	folder := func(p string, index bool) *content.Folder {
		return &content.Folder{Path: p, HasIndex: index}
	}
	site := &content.Site{
		Notes: []*content.Note{
			inFolder("drafts", note("d", true, "")),
			inFolder("drafts/deeper", note("e", false, "2027-01-01")),
			inFolder("described", note("f", true, "")),
			inFolder("mixed/sub", note("g", false, "")),
			inFolder("mixed", note("h", true, "")),
		},
		Folders: []*content.Folder{folder("described", true), folder("drafts", false), folder("drafts/deeper", false),
			folder("mixed", false), folder("mixed/sub", false), folder("outer", false), folder("outer/indexed", true)},
	}
	var paths []string
	for _, f := range publish.Filter(site, publish.Options{Now: now}).Site.Folders {
		paths = append(paths, f.Path)
	}
	if got, want := strings.Join(paths, " "), "described mixed mixed/sub outer outer/indexed"; got != want {
		t.Errorf("folders %q; want %q", got, want)
	}
	paths = nil
	for _, f := range publish.Filter(site, publish.Options{Now: now, Drafts: true, Future: true}).Site.Folders {
		paths = append(paths, f.Path)
	}
	if len(paths) != len(site.Folders) {
		t.Errorf("with everything shown, folders %q; want all %d", paths, len(site.Folders))
	}
}

// TestUntil checks when what Filter decided next changes: the start, in
// the site's time zone, of the first day a page scheduled comes out,
// whether it is shown or held back; zero when none is scheduled.
func TestUntil(t *testing.T) {
	kyiv, _ := publish.Location("Europe/Kyiv")
	santiago, err := publish.Location("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		opts  publish.Options
		notes []*content.Note
		pages []*content.Page
		want  time.Time
	}{
		{"nothing scheduled", publish.Options{Now: now},
			[]*content.Note{note("a", false, "2026-12-03"), note("d", true, "")}, nil, time.Time{}},
		{"the first of two days", publish.Options{Now: now},
			[]*content.Note{note("later", false, "2027-01-01"), note("soon", false, "2026-12-06")},
			[]*content.Page{page("p", false, "2026-12-09")}, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)},
		{"a page", publish.Options{Now: now},
			[]*content.Note{note("later", false, "2027-01-01")},
			[]*content.Page{page("p", false, "2026-12-09")}, time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)},
		{"shown, as the preview shows it", publish.Options{Now: now, Drafts: true, Future: true},
			[]*content.Note{note("soon", true, "2026-12-05")}, nil, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)},
		{"in the site's time zone", publish.Options{Now: now, Location: kyiv},
			[]*content.Note{note("soon", false, "2026-12-05")}, nil, time.Date(2026, 12, 5, 0, 0, 0, 0, kyiv)},
		// Chile's clocks go from 23:59:59 on 5 September 2026 to 01:00 on
		// the 6th: that day starts at 01:00, not at the 23:00 before that
		// time.Date gives for a midnight that does not exist.
		{"a day whose midnight is skipped", publish.Options{Now: time.Date(2026, 9, 5, 12, 0, 0, 0, time.UTC), Location: santiago},
			[]*content.Note{note("soon", false, "2026-09-06")}, nil, time.Date(2026, 9, 6, 1, 0, 0, 0, santiago)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := publish.Filter(&content.Site{Notes: tc.notes, Pages: tc.pages}, tc.opts)
			if !r.Until.Equal(tc.want) {
				t.Errorf("Until = %v; want %v", r.Until, tc.want)
			}
			if !r.Until.IsZero() {
				if got := publish.Today(r.Until, tc.opts.Location); got.Compare(publish.Today(tc.opts.Now, tc.opts.Location)) <= 0 {
					t.Errorf("Until %v falls on %v, not after today", r.Until, got)
				}
			}
		})
	}
}

// TestRefilter holds Refilter, which looks again only at the pages loaded
// again and those shown though not public, to Filter over chains of random
// edits: notes, pages and sources replaced by others (made drafts,
// scheduled, published), added or removed, and the day moved on, under the
// preview's options and a build's. Each Result is the next edit's was, so
// that what Refilter keeps for the next is held to account too.
func TestRefilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	kyiv, _ := publish.Location("Europe/Kyiv")
	dates := []string{"", "2026-12-01", "2026-12-04", "2026-12-05", "2027-01-01"}
	made := 0
	fresh := func() (draft bool, published string, name string) {
		made++
		return rng.IntN(4) == 0, dates[rng.IntN(len(dates))], fmt.Sprint("p", made)
	}
	newNote := func() *content.Note { d, p, n := fresh(); return note(n, d, p) }
	newPage := func() *content.Page { d, p, n := fresh(); return page(n, d, p) }
	newSource := func() *content.Source { d, p, n := fresh(); return source(n, d, p) }
	for _, opts := range []publish.Options{
		{Now: now, Drafts: true, Future: true},
		{Now: now, Drafts: true, Future: true, Location: kyiv},
		{Now: now},
		{Now: now, Drafts: true},
	} {
		for round := range 60 {
			site := &content.Site{}
			for range rng.IntN(12) {
				site.Notes = append(site.Notes, newNote())
			}
			for range rng.IntN(4) {
				site.Pages = append(site.Pages, newPage())
			}
			for range rng.IntN(6) {
				site.Sources = append(site.Sources, newSource())
			}
			o := opts
			was := publish.Filter(site, o)
			for edit := range 8 {
				next := &content.Site{Notes: slices.Clone(site.Notes), Pages: slices.Clone(site.Pages), Sources: slices.Clone(site.Sources)}
				switch k := rng.IntN(10); {
				case k < 6: // a file saved again: one page loaded anew
					switch {
					case len(next.Notes) > 0 && rng.IntN(2) == 0:
						next.Notes[rng.IntN(len(next.Notes))] = newNote()
					case len(next.Pages) > 0 && rng.IntN(2) == 0:
						next.Pages[rng.IntN(len(next.Pages))] = newPage()
					case len(next.Sources) > 0:
						next.Sources[rng.IntN(len(next.Sources))] = newSource()
					}
				case k < 7:
					switch rng.IntN(3) {
					case 0:
						next.Notes = append(next.Notes, newNote())
					case 1:
						next.Pages = slices.Insert(next.Pages, rng.IntN(len(next.Pages)+1), newPage())
					default:
						next.Sources = append(next.Sources, newSource())
					}
				case k < 8 && len(next.Notes) > 1:
					i, j := rng.IntN(len(next.Notes)), rng.IntN(len(next.Notes))
					if rng.IntN(2) == 0 {
						next.Notes[i], next.Notes[j] = next.Notes[j], next.Notes[i] // a note moved: the same values at other places
					} else {
						next.Notes = slices.Delete(next.Notes, i, i+1)
					}
				case k < 9:
					o.Now = o.Now.Add(time.Duration(rng.IntN(97)-48) * time.Hour) // the day moved on, or back (a clock set back)
				} // else nothing changed
				if o.Location != nil {
					// A zone made again, as each build makes it.
					o.Location, _ = publish.Location(o.Location.String())
				}
				got := publish.Refilter(next, o, site, was)
				want := publish.Filter(next, o)
				if diff := resultDiff(got, want); diff != "" {
					t.Fatalf("options %+v, round %d, edit %d: Refilter %s", opts, round, edit, diff)
				}
				// The preview's options hold nothing back: on the same
				// day, with as many pages of each kind, the last
				// decision is taken.
				same := publish.Today(o.Now, o.Location) == was.Today && len(next.Notes) == len(site.Notes) &&
					len(next.Pages) == len(site.Pages) && len(next.Sources) == len(site.Sources)
				if o.Drafts && o.Future && same && !publish.Refiltered(got) {
					t.Fatalf("options %+v, round %d, edit %d: Refilter did not take the last decision", opts, round, edit)
				}
				site, was = next, got
			}
		}
	}
}

// resultDiff says how two Results differ in what a build reads of them.
func resultDiff(got, want *publish.Result) string {
	switch {
	case !slices.Equal(got.Site.Notes, want.Site.Notes) || !slices.Equal(got.Site.Pages, want.Site.Pages) ||
		!slices.Equal(got.Site.Sources, want.Site.Sources) || !slices.Equal(got.Site.Folders, want.Site.Folders):
		return "publishes other pages"
	case len(got.Held) != len(want.Held):
		return fmt.Sprintf("holds %d pages back; Filter %d", len(got.Held), len(want.Held))
	case got.Today != want.Today || !got.Until.Equal(want.Until):
		return fmt.Sprintf("today %v until %v; Filter %v until %v", got.Today, got.Until, want.Today, want.Until)
	case len(got.Shown) != len(want.Shown):
		return fmt.Sprintf("shows %d pages with a banner; Filter %d", len(got.Shown), len(want.Shown))
	}
	for i, h := range got.Held {
		if w := want.Held[i]; h.Kind != w.Kind || h.ID != w.ID || h.File != w.File || h.Hold != w.Hold {
			return fmt.Sprintf("holds %s %s back (%v); Filter %s %s (%v)", h.Kind, h.ID, h.Hold, w.Kind, w.ID, w.Hold)
		}
	}
	for f, h := range got.Shown {
		if w, ok := want.Shown[f]; !ok || *w != *h {
			return fmt.Sprintf("shows %s as %v", f.Path, *h)
		}
	}
	return ""
}
