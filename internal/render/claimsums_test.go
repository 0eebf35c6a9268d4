package render_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestClaimSumsFollowFronts renders a site through a Cache, then again
// after the outlet of a source that a claim names changed, with Changes
// naming that source among Fronts while the claim is the same object (the
// build makes such a claim again, so only this test can show it): the
// claim's kept sum must not be taken, and every page must read as a
// render without a cache writes it.
func TestClaimSumsFollowFronts(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Claims\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\n" +
			"> [!claim id=talks status=disputed]\n> Talks were held.\n>\n> - reports: S reports talks [@s]\n> - denies: T denies them [@t]\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/sources/t.md": {Data: []byte("---\ntitle: Denial T\noutlet: P\npublished: 2026-01-02\nkind: news report\n---\nT.\n")},
	}
	s, c := cachedSite(t, site)
	if len(s.Claims) != 1 {
		t.Fatalf("%d claims; want 1", len(s.Claims))
	}
	src := s.Source("s")

	// Told by Changes, then not told (a Render that does not know what
	// changed takes no kept sum).
	for i, changes := range []*render.Changes{
		{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{src: true}},
		nil,
	} {
		outlet := []string{"Outlet renamed", "Outlet renamed again"}[i]
		src.Source.Meta.Outlet = outlet // what the list of claims shows of a source
		renderShows(t, fmt.Sprintf("round %d", i), s, c, changes, "claims/index.html", outlet+"</")
	}
}

// cachedSite builds site, which must build, and renders it once through a
// new Cache, which it returns with the resolved site.
func cachedSite(t *testing.T, site fstest.MapFS) (*resolve.Site, *render.Cache) {
	t.Helper()
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	c := render.NewCache()
	diags := &diag.List{}
	render.Render(res.Site, render.Options{Templates: dossier.Templates(), Cache: c}, diags)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return res.Site, c
}

// renderShows renders s through c told changes, and fails t (naming the
// round) unless every page reads as a render without a cache writes it and
// the page at path holds shown.
func renderShows(t *testing.T, round string, s *resolve.Site, c *render.Cache, changes *render.Changes, path, shown string) {
	t.Helper()
	diags := &diag.List{}
	files := render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}, diags)
	want := map[string][]byte{}
	for _, f := range render.Render(s, render.Options{Templates: dossier.Templates()}, diags) {
		want[f.Path] = f.Data
	}
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	found := false
	for _, f := range files {
		if !bytes.Equal(f.Data, want[f.Path]) {
			t.Errorf("%s: %s differs from a render without a cache", round, f.Path)
		}
		found = found || f.Path == path && bytes.Contains(f.Data, []byte(shown))
	}
	if !found {
		t.Errorf("%s: %s does not show %q", round, path, shown)
	}
}

// TestEventSumsFollowChanges is TestClaimSumsFollowFronts for the events,
// whose sums a Cache keeps by note and place (the build makes the events
// again on every front-matter edit, and the sums are kept when the event
// holds the same fields): each round changes, in place, what one event's
// sum is taken of, and renders through the Cache with Changes that name
// the change (a source among Fronts) or do not (an event's own fields,
// which a build changes only with its note among Fronts), then not told
// at all. Every page must read as a render without a cache writes it, and
// the timeline must show the change.
func TestEventSumsFollowChanges(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Events\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\nevents:\n" +
			"  - date: 2026-01-27\n    text: Talks are held.\n    sources: [s]\n" +
			"  - date: 2026-01-28\n    text: Talks end.\n    sources: [s, t]\n---\nA [@s] [@t].\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/sources/t.md": {Data: []byte("---\ntitle: Report T\noutlet: P\npublished: 2026-01-02\nkind: news report\n---\nT.\n")},
	}
	s, c := cachedSite(t, site)
	if len(s.Events) != 2 {
		t.Fatalf("%d events; want 2", len(s.Events))
	}
	src, first, second := s.Source("s"), s.Events[0], s.Events[1]

	told := func(p ...*resolve.Page) *render.Changes {
		fronts := map[*resolve.Page]bool{}
		for _, p := range p {
			fronts[p] = true
		}
		return &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: fronts}
	}
	for _, round := range []struct {
		name    string
		change  func()
		changes *render.Changes
		shown   string
	}{
		{"a source's outlet, the source among Fronts", func() { src.Source.Meta.Outlet = "Outlet renamed" }, told(src), "Outlet renamed</a>"},
		{"an event's text", func() { first.Text = "Talks are held again." }, told(), "Talks are held again."},
		{"an event's date", func() { second.Date.Day = 29 }, told(), `datetime="2026-01-29"`},
		{"an event's sources, in another order", func() { second.Sources = []*resolve.Page{second.Sources[1], second.Sources[0]} }, told(),
			`Talks end.</span> <span class="event-sources">(<a href="/sources/t/">P</a>, <a href="/sources/s/">Outlet renamed</a>)`},
		{"an event's sources, one fewer", func() { second.Sources = second.Sources[:1] }, told(),
			`Talks end.</span> <span class="event-sources">(<a href="/sources/t/">P</a>)`},
		{"a source's outlet, not told", func() { src.Source.Meta.Outlet = "Outlet renamed again" }, nil, "Outlet renamed again</a>"},
	} {
		round.change()
		renderShows(t, round.name, s, c, round.changes, "timeline/index.html", round.shown)
	}
}

// TestEventSumsKept renders a site with events through a Cache told that
// the events are kept (Changes.EventsKept, as after a front-matter edit
// that kept them): each page must read as a render without a cache writes
// it, and the sums the Cache keeps (by event, and by note for a Render not
// so told) must be those a fresh Cache takes, after a note's title changes
// (its events' sums are taken again), another's, an event's text without
// EventsKept, and a note's title again. Told that the events are kept, the
// Cache does not look at them: an event changed against what it was told
// keeps its last sum.
func TestEventSumsKept(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Events\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\nevents:\n" +
			"  - date: 2026-01-27\n    text: Talks are held.\n    sources: [s]\n" +
			"  - date: 2026-01-29\n    text: Talks end.\n    sources: [s, t]\n---\nA [@s] [@t].\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\nevents:\n" +
			"  - date: 2026-01-28\n    text: A statement.\n    sources: [t]\n---\nB [@t].\n")},
		"content/notes/c.md":   {Data: []byte("---\ntitle: C\n---\nC links [[a]]. {no citation}\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
		"content/sources/t.md": {Data: []byte("---\ntitle: Report T\noutlet: P\npublished: 2026-01-02\nkind: news report\n---\nT.\n")},
	}
	s, c := cachedSite(t, site)
	if len(s.Events) != 3 {
		t.Fatalf("%d events; want 3", len(s.Events))
	}
	a, b, cn := s.Note("a"), s.Note("b"), s.Note("c")
	changes := func(kept bool, fronts ...*resolve.Page) *render.Changes {
		ch := &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{}, EventsKept: kept}
		for _, p := range fronts {
			ch.Fronts[p] = true
		}
		return ch
	}
	freshSums := func() ([]digest.Sum, [][]digest.Sum) {
		fresh := render.NewCache()
		diags := &diag.List{}
		render.Render(s, render.Options{Templates: dossier.Templates(), Cache: fresh}, diags)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return fresh.EventSums()
	}
	for _, round := range []struct {
		name    string
		change  func()
		changes *render.Changes
		path    string
		shown   string
	}{
		{"a's title, told the events are kept", func() { a.Title = "A retitled" }, changes(true, a), "timeline/index.html", "A retitled"},
		{"c's title, told the events are kept", func() { cn.Title = "C retitled" }, changes(true, cn), "notes/c/index.html", "C retitled"},
		{"b's event, not told they are kept", func() { s.NoteEvents(b)[0].Text = "Another statement." }, changes(false), "timeline/index.html", "Another statement."},
		{"a's title again, told the events are kept", func() { a.Title = "A retitled twice" }, changes(true, a), "timeline/index.html", "A retitled twice"},
	} {
		round.change()
		renderShows(t, round.name, s, c, round.changes, round.path, round.shown)
		gotPlace, gotNote := c.EventSums()
		wantPlace, wantNote := freshSums()
		if !slices.Equal(gotPlace, wantPlace) || !slices.EqualFunc(gotNote, wantNote, slices.Equal) {
			t.Errorf("%s: the Cache keeps the events' sums\n%x\n%x\nwhere a fresh Cache takes\n%x\n%x", round.name, gotPlace, gotNote, wantPlace, wantNote)
		}
	}

	// Told against the truth: b's event changed, with nothing in Fronts.
	before, _ := c.EventSums()
	s.NoteEvents(b)[0].Text = "Changed unseen."
	diags := &diag.List{}
	render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes(true)}, diags)
	after, _ := c.EventSums()
	if !slices.Equal(before, after) {
		t.Error("told that the events are kept, the Cache took their sums again")
	}

	// And the timeline's entries: a retitled, and told; then retitled
	// again, and told, with b's event changed unseen. The timeline is
	// written again for a each time; the second time b's entry is the one
	// the first wrote, not asked for again, since b is not in Fronts.
	timeline := func(round string, changes *render.Changes) string {
		t.Helper()
		diags := &diag.List{}
		for _, f := range render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}, diags) {
			if f.Path == "timeline/index.html" {
				return string(f.Data)
			}
		}
		t.Fatalf("%s: no timeline", round)
		return ""
	}
	a.Title = "A retitled thrice"
	if page := timeline("a retitled thrice", changes(true, a)); !strings.Contains(page, "A retitled thrice") || !strings.Contains(page, "Changed unseen.") {
		t.Errorf("the timeline does not show a's title and b's event as they are")
	}
	a.Title = "A retitled four times"
	s.NoteEvents(b)[0].Text = "Changed unseen again."
	page := timeline("a retitled four times", changes(true, a))
	if !strings.Contains(page, "A retitled four times") {
		t.Errorf("the timeline does not show a's new title")
	}
	if strings.Contains(page, "Changed unseen again.") || !strings.Contains(page, "Changed unseen.") {
		t.Errorf("the timeline asked for the entry of b's event, whose note is not in Fronts")
	}
}

// TestNotesSumKept renders a site of 300 notes, three runs of cards (see
// notesSum), through a Cache told which notes changed (Changes.Fronts):
// after a note's title, another's summary in another run, and two notes'
// titles at once, each page must read as a render without a cache writes
// it, the sum of the notes' list the Cache keeps must be the one a fresh
// Cache takes, and the Cache must have taken again only the runs of the
// notes it was told of.
func TestNotesSumKept(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Cards\n")}}
	for i := range 300 {
		site[fmt.Sprintf("content/notes/n%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %03d\nsummary: About %d.\n---\nText. {no citation}\n", i, i)}
	}
	s, c := cachedSite(t, site)
	if len(s.Notes) != 300 {
		t.Fatalf("%d notes; want 300", len(s.Notes))
	}
	if _, taken := c.NotesSum(); taken != 3 {
		t.Fatalf("the first Render took %d runs of cards; want 3", taken)
	}
	told := func(fronts ...*resolve.Page) *render.Changes {
		ch := &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{}}
		for _, p := range fronts {
			ch.Fronts[p] = true
		}
		return ch
	}
	fresh := func() digest.Sum {
		f := render.NewCache()
		diags := &diag.List{}
		render.Render(s, render.Options{Templates: dossier.Templates(), Cache: f}, diags)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		sum, _ := f.NotesSum()
		return sum
	}
	first, mid, last := s.Notes[0], s.Notes[150], s.Notes[299]
	for _, round := range []struct {
		name    string
		change  func()
		changes *render.Changes
		shown   string
		taken   int
	}{
		{"the first note's title", func() { first.Title = "First retitled" }, told(first), "First retitled", 1},
		{"a note's summary in the second run", func() { mid.Summary = "Summary changed." }, told(mid), "Summary changed.", 1},
		{"two notes' titles, in the first and last runs", func() { first.Title, last.Title = "First again", "Last retitled" }, told(first, last), "Last retitled", 2},
	} {
		before, _ := c.NotesSum()
		round.change()
		renderShows(t, round.name, s, c, round.changes, "index.html", round.shown)
		got, taken := c.NotesSum()
		if want := fresh(); got != want || got == before {
			t.Errorf("%s: the Cache keeps the notes' sum %x (before %x); a fresh Cache takes %x", round.name, got, before, want)
		}
		if taken != round.taken {
			t.Errorf("%s: the Cache took %d runs of cards again; want %d", round.name, taken, round.taken)
		}
	}
}

// TestSpareBuffers renders a site whose home page lists its notes, long
// enough to be spliced, through a Cache: Spare readies a buffer for the
// home page, the next Render writes the page into it and lets it go, the
// page reading as a render without a cache writes it; a page grown past
// its spare is written elsewhere, as it should read.
func TestSpareBuffers(t *testing.T) {
	defer render.SetSpareMin(1 << 10)()
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Spares\n")}}
	for i := range 400 {
		site[fmt.Sprintf("content/notes/n%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %03d\nsummary: About %d.\n---\nText. {no citation}\n", i, i)}
	}
	s, c := cachedSite(t, site)
	if c.SpareOf("index.html") != nil {
		t.Fatal("a spare before Spare")
	}
	home := func(round string, changes *render.Changes) []byte {
		t.Helper()
		diags := &diag.List{}
		var got []byte
		for _, f := range render.Render(s, render.Options{Templates: dossier.Templates(), Cache: c, Changes: changes}, diags) {
			if f.Path == "index.html" {
				got = f.Data
			}
		}
		for _, f := range render.Render(s, render.Options{Templates: dossier.Templates()}, diags) {
			if f.Path == "index.html" && !bytes.Equal(f.Data, got) {
				t.Errorf("%s: the home page differs from a render without a cache", round)
			}
		}
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return got
	}
	told := func(p *resolve.Page) *render.Changes {
		return &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: map[*resolve.Page]bool{p: true}}
	}
	same := func(a, b []byte) bool { return cap(a) > 0 && cap(b) > 0 && &a[:1][0] == &b[:1][0] }

	c.Spare()
	spare := c.SpareOf("index.html")
	if cap(spare) == 0 {
		t.Fatal("Spare made no buffer for the home page")
	}
	s.Notes[0].Title = "First retitled"
	page := home("a title", told(s.Notes[0]))
	if !same(page, spare) {
		t.Error("the home page was not written into its spare")
	}
	if c.SpareOf("index.html") != nil {
		t.Error("the spare written into is still held")
	}
	c.Spare()
	if next := c.SpareOf("index.html"); cap(next) < len(page) || same(next, page) {
		t.Errorf("Spare made a buffer of %d bytes for a page of %d, the page's own: %v", cap(next), len(page), same(next, page))
	}

	// A page longer than its spare.
	spare = c.SpareOf("index.html")
	s.Notes[1].Summary = strings.Repeat("A long summary. ", cap(spare)/16)
	page = home("a long summary", told(s.Notes[1]))
	if same(page, spare) || !bytes.Contains(page, []byte("A long summary.")) {
		t.Error("a page longer than its spare was written into it")
	}

	// The site's own templates, which print the lists in place: the
	// home page needs no spare, and the one made is let go.
	c.Spare()
	if c.SpareOf("index.html") == nil {
		t.Fatal("Spare made no buffer for the home page")
	}
	own := fstest.MapFS{}
	if err := fs.WalkDir(dossier.Templates(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(dossier.Templates(), path)
		own[path] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	own["partials/footer.html"].Data = append(own["partials/footer.html"].Data, '\n')
	diags := &diag.List{}
	render.Render(s, render.Options{Templates: own, Cache: c}, diags)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	c.Spare()
	if c.SpareOf("index.html") != nil {
		t.Error("a spare for a home page written with its own templates")
	}
}

// TestWholePagesKeptWhole renders a small site, whose lists are too short
// to splice, through a Cache told that every note changed: every page,
// those that show a list whole among them, must read as a render without a
// cache writes it, each kept in bytes of its own, not in the template's
// buffer the next page is written into.
func TestWholePagesKeptWhole(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Whole\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	for i := range 12 {
		site[fmt.Sprintf("content/notes/n%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %02d\n---\nIt says [@s].\n", i)}
	}
	s, c := cachedSite(t, site)
	fronts := map[*resolve.Page]bool{}
	for _, p := range s.Notes {
		p.Title += " retitled"
		fronts[p] = true
	}
	renderShows(t, "every note retitled", s, c, &render.Changes{Pages: map[*resolve.Page]bool{}, Lists: true, Fronts: fronts}, "sources/index.html", "Report S")
}
