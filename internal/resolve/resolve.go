package resolve

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/publish"
	"github.com/dossier-site/dossier/internal/xref"
)

// Input is what the earlier stages produced: the loaded site and, for each
// note and source (in the same order), its parsed body.
type Input struct {
	Site       *content.Site
	NoteDocs   []*markup.Doc
	SourceDocs []*markup.Doc
	Origin     string // see Site.Origin
	BasePath   string // see Site.BasePath
	// Articles holds the article text of each source (by id) whose text
	// is on file; its excerpts are checked against it and ordered as it
	// has them. Nil when no text is on file.
	Articles map[string]string
	// Folded holds FoldText of each text of Articles, when the caller
	// keeps them from one build to the next (the preview: folding every
	// article again took 11 ms of each front-matter edit at 10,000
	// notes); a text it lacks is folded here.
	Folded map[string]string
	// Publish is what the build holds back and what it shows though not
	// public (see package publish): a link or citation to a page held back
	// is reported as such, and each page shown gets its Held. Nil when
	// every page is public.
	Publish *publish.Result
	// Texts is where ResolvePage writes each page's backlink paragraphs
	// and citing sentences (see packed.Text), rather than holding them
	// until the pages that show them are rendered: a full build's store
	// (37 MB of texts at 10,000 notes). Nil holds them in memory, as the
	// preview does, which compares them from one build to the next.
	Texts *packed.Store
}

// Begin makes the site's pages and does everything that needs only their
// front matter: aliases, the sources' `cites` graph, tags and the list of
// events. The pages' bodies are then resolved by ResolvePage, one page at a
// time and in any order, and Finish does what needs every page. in's docs
// may be nil: ResolvePage gives each page its Doc.
func Begin(in Input, diags *diag.List) *Site {
	return begin(in, nil, nil, diags)
}

// Rebegin is Begin for a site whose front matter changed since the last
// build, which made last: each page of the new site at the same output path
// as one of last's, of the same kind, is last's *Page, made again from its
// front matter but for what ResolvePage gave it (its Doc and references),
// so that the last build's PageResult of a page whose body is unchanged,
// and whose resolve read no page whose front matter changed (see
// PageResult.Reads), may be given to Finish as it is. last must not be used
// after. A note of in that is the *content.Note of last's page at its
// place is taken to be unchanged (a content.Memo gives an unchanged file's
// note again, which must not be changed): when every note and source is
// last's page at its place, the topics and the timeline are last's, with
// only the notes whose front matter changed put in again (see keepLists).
func Rebegin(in Input, last *Site, diags *diag.List) *Site {
	// Each list holds pages of its kind alone (begin makes them so):
	// copied whole, not page by page (reading each page's kind, memory
	// cold by the next edit, took 0.5 ms of each front-matter edit at
	// 10,000 notes).
	recycle := make(map[Kind]*recycled, 4)
	for _, l := range []struct {
		kind  Kind
		pages []*Page
	}{{KindNote, last.Notes}, {KindSource, last.Sources}, {KindPage, last.Standalone}, {KindFolder, last.Folders}} {
		if len(l.pages) > 0 {
			recycle[l.kind] = &recycled{basePath: last.BasePath, pages: slices.Clone(l.pages)}
		}
	}
	s := begin(in, recycle, last, diags)
	// For Refinish, when the pages are the same (else Finish makes it):
	// with the claims, which the caller gives back (see Refinish), the
	// problems the last Finish found with them.
	s.checks, s.claimProblems = last.checks, last.claimProblems
	return s
}

// begin makes the site; recycle are the pages to take again, and last the
// site they are taken from, for Rebegin: its topics and its timeline (see
// keepLists).
func begin(in Input, recycle map[Kind]*recycled, last *Site, diags *diag.List) *Site {
	s := &Site{
		recycle:    recycle,
		Config:     in.Site.Config,
		Origin:     in.Origin,
		BasePath:   in.BasePath,
		Aliases:    map[string]*Page{},
		sources:    make(map[string]*Page, len(in.Site.Sources)),
		standalone: map[string]*Page{},
		folders:    map[string]*Page{},
		unloaded:   in.Site.Unloaded,
		held:       in.Publish,
		texts:      in.Texts,
	}
	if s.BasePath == "" {
		s.BasePath = "/"
	}
	// The notes and the sources side by side: each writes its own list
	// and map, and takes from its own kind's recycled pages (at 10,000
	// notes, 5 ms of each front-matter edit in the preview, one after the
	// other).
	var made sync.WaitGroup
	var notes placing
	// The notes' aliases, in the order of the notes, read while each
	// note's front matter is at hand: read in a pass of their own, once
	// the notes were made, they were 1 ms of each front-matter edit at
	// 10,000 notes.
	type alias struct {
		name string
		note *Page
	}
	var aliases []alias
	made.Go(func() {
		s.Notes = make([]*Page, 0, len(in.Site.Notes))
		for i, n := range in.Site.Notes {
			at := s.recycle[KindNote].placed(i)
			var was *content.Note
			if at != nil {
				was = at.Note // remake clears it
			}
			p := s.newPage(KindNote, i, "notes", n.Slug, n.Meta.Title, n.Meta.Summary, &n.File)
			notes.place(i, p == at, was, n)
			p.Note = n
			p.Held = in.Publish.Banner(&n.File)
			if in.NoteDocs != nil {
				p.Doc = in.NoteDocs[i]
			}
			s.Notes = append(s.Notes, p)
			for _, a := range n.Meta.Aliases {
				aliases = append(aliases, alias{a, p})
			}
		}
		// Every note the last site's at its place, by the same slug:
		// the same map. Made again, it was 1 ms of each front-matter
		// edit at 10,000 notes.
		if last != nil && !notes.moved && notes.n == len(last.Notes) && last.notes != nil {
			s.notes = last.notes
			return
		}
		s.notes = make(map[string]*Page, len(in.Site.Notes))
		for i, n := range in.Site.Notes {
			s.notes[n.Slug] = s.Notes[i]
		}
	})
	s.indexFiles(in.Site.Files)
	s.Sources = make([]*Page, 0, len(in.Site.Sources))
	var sources placing
	// The last site's card lines, kept while every source is the last
	// one at its place: a card line reads the front matter of its source
	// and of the sources it relays, which are then all the same. Made
	// again, the 1,000 sources' lines were 2 ms of each note's
	// front-matter edit at 10,000 notes.
	var lines []string
	sameSources := last != nil && len(in.Site.Sources) == len(last.Sources)
	for i, src := range in.Site.Sources {
		at := s.recycle[KindSource].placed(i)
		var was *content.Source
		if at != nil {
			was = at.Source // remake clears it, and the card line
			if sameSources {
				lines = append(lines, at.cardLine)
			}
		}
		p := s.newPage(KindSource, i, "sources", src.ID, src.Meta.Title, src.Meta.Reliability, &src.File)
		sameSources = sameSources && p == at && was == src
		sources.place(i, p == at, nil, nil)
		p.Source = src
		p.Held = in.Publish.Banner(&src.File)
		if in.SourceDocs != nil {
			p.Doc = in.SourceDocs[i]
		}
		s.Sources = append(s.Sources, p)
		s.sources[src.ID] = p
	}
	made.Wait()
	s.beginPages(in.Site, diags)
	for _, a := range aliases {
		if s.notes[a.name] == nil {
			s.Aliases[a.name] = a.note
		}
	}
	if h := s.Config.Home; h != "" && s.notes[h] == nil && !s.heldBack(diags, func() diag.Pos { return in.Site.ConfigPos("home") }, "`home` names", "note", h) {
		diags.Errorf(in.Site.ConfigPos("home"), diag.CodeConfig, s.noteHint(h), "`home` names note %q, which does not exist", h)
	}
	s.resolveCites(diags)
	for i, p := range s.Sources {
		if sameSources && lines[i] != "" {
			p.cardLine = lines[i]
		} else {
			p.cardLine = p.makeCardLine()
		}
		s.checkArchive(p, diags)
	}
	s.pages = s.allPages()
	for i, p := range s.pages {
		p.order = i
	}
	// The timeline, and meanwhile the topics and the sources' excerpts:
	// each reads front matter and writes fields of its own, and a
	// front-matter edit in the preview makes them all again (at 10,000
	// notes, 12 ms one after the other for the first two; the excerpts
	// and the events' sources, checked in a pass of their own, were 5 ms
	// more of it). The diagnostics come in the order they always did:
	// the excerpts', then the events'.
	//
	// Rebegin keeps the last site's topics and timeline when it can:
	// made again, they were 7 ms of a title edit's 20 in resolve at
	// 10,000 notes, reading every note's front matter.
	var wg sync.WaitGroup
	unknown, kept := s.keepLists(last, notes, sources)
	if !kept {
		wg.Go(func() { unknown = s.collectEvents() })
		s.collectTags()
	}
	s.checkArticles(in.Articles, in.Folded, diags)
	wg.Wait()
	s.unknownEvents, s.eventsKept = unknown, kept
	s.checkEvents(unknown, diags)
	s.recycle = nil
	return s
}

// Reuse prepares s, the site of the last build, for a build of the same
// pages with the same front matter and configuration, whose bodies may have
// changed: the caller must know that in would make the same site (a preview
// server compares the front matter). Each page is pointed at its file in
// in; what ResolvePage gave each page (its Doc and references) is kept, so
// that only the pages whose bodies changed need resolving again before
// Finish, which replaces what it added last time.
func (s *Site) Reuse(in Input) {
	s.held = in.Publish
	for i, n := range in.Site.Notes {
		s.Notes[i].File, s.Notes[i].Note = &n.File, n
		s.Notes[i].Held = in.Publish.Banner(&n.File)
	}
	for i, src := range in.Site.Sources {
		s.Sources[i].File, s.Sources[i].Source = &src.File, src
		s.Sources[i].Held = in.Publish.Banner(&src.File)
	}
	for i, sp := range in.Site.Pages {
		s.Standalone[i].File, s.Standalone[i].Standalone = &sp.File, sp
		s.Standalone[i].Held = in.Publish.Banner(&sp.File)
	}
	for i, f := range in.Site.Folders {
		s.Folders[i].File, s.Folders[i].Folder = &f.File, f
	}
	s.indexFiles(in.Site.Files) // the same files (the caller compares them), read again
}

// Finish adds what ResolvePage found about other pages (results, one for
// each page, in the order of Pages) to those pages, in site order:
// backlinks, "cited by" lists, claims, statements needing a citation. Then
// it runs the checks that need every page resolved: links to headings of
// other pages, duplicate claim ids, unused sources.
func (s *Site) Finish(results []*PageResult, diags *diag.List) {
	// Start afresh, for a site Reused from the last build.
	s.Needed = nil
	// New lists, each made to size: the last build's may still be read (a
	// preview compares them with these).
	for _, r := range results {
		for _, b := range r.backlinks {
			b.target.incoming++
		}
		for _, c := range r.citings {
			c.source.citing++
		}
	}
	for _, p := range s.Pages() {
		p.Backlinks, p.incoming = makeList[*Backlink](p.incoming), 0
		if p.Kind == KindSource {
			p.CitedBy, p.citing = makeList[*Citing](p.citing), 0
		}
	}
	for _, r := range results {
		for _, b := range r.backlinks {
			b.target.Backlinks = append(b.target.Backlinks, b.link)
		}
		for _, c := range r.citings {
			c.source.CitedBy = append(c.source.CitedBy, c.citing)
		}
	}
	s.finishChecks(results, diags, false, nil)
}

// Refinish is Finish for a site whose pages' backlink and cited-by lists
// are those the last Finish, given last, made: a site reused from the last
// build (see Reuse), or one made again by Rebegin around the same pages in
// the same order, whose lists the caller gave back. Of its pages only those
// marked again (by their place in Pages) were resolved again: the pages'
// other results are the same as in last. Only the lists that those pages
// added to or took from are made again, in site order; the rest is as in
// Finish. At 10,000 notes, making every list took most of the preview's
// Finish. claims says that the site's claims, and the sources' lists of
// them, are the last Finish's too (on a reused site; on one made again,
// when the caller gave them back as well): they are then kept when the
// pages resolved again hold the claims they held, in the same places.
// The problems the last Finish reported with them are then reported
// again: they name the files of those places.
func (s *Site) Refinish(last, results []*PageResult, again []bool, claims bool, diags *diag.List) {
	s.Needed = nil
	// When the pages resolved again hold the claims they held, in every
	// field and at the same places, the site's claims and the sources'
	// lists of them stay as they are, and so do the pages' results: an
	// edit elsewhere in a note with claims does not make the lists again
	// (at 10,000 notes, 4 ms of every such edit).
	sameClaims := claims
	for i, r := range results {
		if !sameClaims {
			break
		}
		if again[i] && !slices.EqualFunc(last[i].claims, r.claims, func(a, b *Claim) bool { return a.Same(b) && a.pos == b.pos }) {
			sameClaims = false
			break
		}
	}
	if sameClaims {
		for i, r := range results {
			if again[i] {
				r.claims = last[i].claims
			}
		}
	}
	// The entries the pages resolved again add to each target's list, and
	// those they added last time, which the list holds.
	backlinks, citedBy := map[*Page][]*Backlink{}, map[*Page][]*Citing{}
	lastBacklinks, lastCitedBy := map[*Page][]*Backlink{}, map[*Page][]*Citing{}
	for i, r := range results {
		if !again[i] {
			continue
		}
		// The lists of the targets last linked or cited, made again
		// without this page's entries if it links or cites them no more.
		for _, b := range last[i].backlinks {
			lastBacklinks[b.target] = append(lastBacklinks[b.target], b.link)
			if _, ok := backlinks[b.target]; !ok {
				backlinks[b.target] = nil
			}
		}
		for _, c := range last[i].citings {
			lastCitedBy[c.source] = append(lastCitedBy[c.source], c.citing)
			if _, ok := citedBy[c.source]; !ok {
				citedBy[c.source] = nil
			}
		}
		for _, b := range r.backlinks {
			backlinks[b.target] = append(backlinks[b.target], b.link)
		}
		for _, c := range r.citings {
			citedBy[c.source] = append(citedBy[c.source], c.citing)
		}
	}
	// A list to which the pages resolved again add what they added last
	// time, entry for entry, is kept: merged, a source's list of 200
	// citations and more, read through each citation and its page,
	// memory cold by the next edit, took most of 1.5 to 2 ms of a title
	// edit at 10,000 notes, for the sources that the 20 pages resolved
	// again cite.
	from := func(p *Page) bool { return again[p.order] }
	for t, added := range backlinks {
		if !slices.EqualFunc(lastBacklinks[t], added, func(a, b *Backlink) bool { return *a == *b }) {
			t.Backlinks = mergeBySite(t.Backlinks, added, from, func(b *Backlink) *Page { return b.From })
		}
	}
	for t, added := range citedBy {
		if !slices.EqualFunc(lastCitedBy[t], added, func(a, b *Citing) bool { return *a == *b }) {
			t.CitedBy = mergeBySite(t.CitedBy, added, from, func(c *Citing) *Page { return c.From })
		}
	}
	s.finishChecks(results, diags, sameClaims, again)
}

// mergeBySite returns a new list of kept's entries but those from pages
// that replaced (each page an entry is from), and added's, in site order of
// those pages; nil when there are none. kept and added are each in site
// order, and added holds only entries from pages that replaced.
func mergeBySite[T any](kept, added []T, replaced func(*Page) bool, from func(T) *Page) []T {
	out := make([]T, 0, len(kept)+len(added))
	j := 0
	for _, e := range kept {
		p := from(e)
		if replaced(p) {
			continue
		}
		for j < len(added) && from(added[j]).order < p.order {
			out = append(out, added[j])
			j++
		}
		out = append(out, e)
	}
	out = append(out, added[j:]...)
	if len(out) == 0 {
		return nil
	}
	return out
}

// finishChecks is the rest of Finish, done in full on every build: the
// statements needing a citation, links to headings of other pages, claims
// (unless sameClaims says they are the last build's: their problems are
// then reported again) and unused sources. For Refinish, again marks the
// pages resolved again: a link to a heading, from a page and to a page
// neither of which was, has the last build's answer, which is then taken
// without a look at the target (at 10,000 notes, reading every target
// took 3 ms of each preview rebuild).
func (s *Site) finishChecks(results []*PageResult, diags *diag.List, sameClaims bool, again []bool) {
	var pages []*Page
	if again != nil {
		pages = s.Pages()
	}
	// Only the results with links to headings or statements needing a
	// citation count here. After Refinish's, those of the pages not
	// resolved again are the last Finish's (s.checks), which are taken
	// as it left them, without a look at the pages' results: at 10,000
	// notes, reading the results of 8,000 pages and their 16,000 links
	// to headings, cold by the next edit, took 1.3 to 4.8 ms of each
	// preview rebuild. Each half of the pages on a core of its own, what
	// each found put together in site order after.
	var parts [2]checks
	var partDiags [2]diag.List
	half := len(results) / 2
	var wg sync.WaitGroup
	wg.Go(func() { parts[0].check(results, 0, half, &s.checks, pages, again, &partDiags[0]) })
	parts[1].check(results, half, len(results), &s.checks, pages, again, &partDiags[1])
	wg.Wait()
	s.checks = checks{
		anchors:  append(parts[0].anchors, parts[1].anchors...),
		needed:   append(parts[0].needed, parts[1].needed...),
		neededAt: append(parts[0].neededAt, parts[1].neededAt...),
	}
	s.Needed = s.checks.needed
	for i := range partDiags {
		diags.Merge(&partDiags[i])
	}
	if sameClaims {
		for _, d := range s.claimProblems {
			diags.Add(d)
		}
	} else {
		s.addClaims(results, diags)
	}
	s.checkUnused(diags)
}

// checks are what finishChecks found, in site order: the links to
// headings (each with the place of its page), and the statements needing a
// citation (Site.Needed) with the places of their pages.
type checks struct {
	anchors  []anchorRef
	needed   []*Needed
	neededAt []int32
}

// anchorRef is a link to a heading as finishChecks found it: the place of
// the page it is on, its target and the target's place when the link was
// resolved, whether the heading was found, and the link.
type anchorRef struct {
	page, at int32
	found    bool
	target   *Page
	check    *anchorCheck
}

// check finds the checks of the pages at [lo, hi) into c, and the links
// to headings not found into diags. Without again (Finish) it reads every
// page's result. With again (Refinish) it reads the results of the pages
// marked, and takes the others' checks from last, the last Finish's: a
// link from a page and to a page neither of which was resolved again
// keeps the last answer; one to a page resolved again, or moved, looks
// at the target's headings again.
func (c *checks) check(results []*PageResult, lo, hi int, last *checks, pages []*Page, again []bool, diags *diag.List) {
	// The last checks of the pages at [lo, hi).
	within := func(n int, place func(k int) int32) (int, int) {
		return sort.Search(n, func(k int) bool { return int(place(k)) >= lo }), sort.Search(n, func(k int) bool { return int(place(k)) >= hi })
	}
	var neededAt []int32
	var lastAnchors []anchorRef
	var lastNeeded []*Needed
	if again != nil {
		from, to := within(len(last.neededAt), func(k int) int32 { return last.neededAt[k] })
		neededAt, lastNeeded = last.neededAt[from:to], last.needed[from:to]
		from, to = within(len(last.anchors), func(k int) int32 { return last.anchors[k].page })
		lastAnchors = last.anchors[from:to]
		// Room for about as many as the last.
		c.anchors = make([]anchorRef, 0, len(lastAnchors)+8)
		c.needed, c.neededAt = make([]*Needed, 0, len(neededAt)+8), make([]int32, 0, len(neededAt)+8)
	}
	report := func(a *anchorCheck) {
		diags.Errorf(a.pos, diag.CodeUnknownAnchor, anchorHint(a.target, a.fragment),
			"%s has no heading with id %q", a.target.File.Path, a.fragment)
	}
	for i := lo; i < hi; i++ {
		if again == nil || again[i] {
			// The page's last checks, if any, are gone with its last
			// result.
			for len(lastAnchors) > 0 && int(lastAnchors[0].page) == i {
				lastAnchors = lastAnchors[1:]
			}
			for len(neededAt) > 0 && int(neededAt[0]) == i {
				neededAt, lastNeeded = neededAt[1:], lastNeeded[1:]
			}
			r := results[i]
			for _, n := range r.needed {
				c.needed, c.neededAt = append(c.needed, n), append(c.neededAt, int32(i))
			}
			for k := range r.anchors {
				a := &r.anchors[k]
				a.look()
				c.anchors = append(c.anchors, anchorRef{page: int32(i), at: int32(a.at), found: a.found, target: a.target, check: a})
				if !a.found {
					report(a)
				}
			}
			continue
		}
		// A page not resolved again keeps its last checks: its
		// entries of the last lists (none if it had no checks).
		for len(neededAt) > 0 && int(neededAt[0]) == i {
			c.needed, c.neededAt = append(c.needed, lastNeeded[0]), append(c.neededAt, int32(i))
			neededAt, lastNeeded = neededAt[1:], lastNeeded[1:]
		}
		for len(lastAnchors) > 0 && int(lastAnchors[0].page) == i {
			ref := lastAnchors[0]
			lastAnchors = lastAnchors[1:]
			if held := int(ref.at) < len(pages) && pages[ref.at] == ref.target && !again[ref.at]; !held {
				ref.check.look()
				ref.found = ref.check.found
			}
			c.anchors = append(c.anchors, ref)
			if !ref.found {
				report(ref.check)
			}
		}
	}
}

// look checks that the link's target has the heading it links to, unless
// it did for the target's headings as they are.
func (a *anchorCheck) look() {
	if a.checked != a.target.headings {
		a.checked, a.found = a.target.headings, a.target.anchors[a.fragment] || slices.Contains(markup.ReservedIDs, a.fragment)
	}
}

// makeList returns an empty list with room for n, or nil for none.
func makeList[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, 0, n)
}

// resolveLink finds the page a cross-link points to and fills in the node.
// A link to a heading of another page is checked by Finish, which knows
// every page's headings.
func (r *pageRun) resolveLink(l *xref.Link) *Page {
	s, p, diags := r.s, r.p, r.diags
	// A tree the cache reuses holds what the last resolve filled in: a
	// link whose target is gone must read as in a fresh parse (its text,
	// for the sentence around a citation, is the target's title).
	l.URL, l.Title, l.Summary, l.Class = "", "", "", ""
	pos := func() diag.Pos { return r.pos(l.Offset) } // only when needed: it costs a line count
	var target *Page
	switch {
	case l.Target == "":
		target = p
	case l.Wiki:
		t := strings.TrimSuffix(strings.TrimPrefix(l.Target, "/"), ".md")
		if id, ok := strings.CutPrefix(t, "sources/"); ok {
			target = s.sources[id]
			if target == nil && s.heldBack(diags, pos, "link to", "source", id) {
				return nil
			}
			if target == nil {
				diags.Errorf(pos(), diag.CodeUnknownSource, s.sourceHint(id), "link to unknown source %q", id)
				return nil
			}
		} else if id, ok := strings.CutPrefix(t, "pages/"); ok {
			target = s.standalone[id]
			if target == nil && s.heldBack(diags, pos, "link to", "page", id) {
				return nil
			}
			if target == nil {
				diags.Errorf(pos(), diag.CodeUnknownNote, s.pageHint(id), "link to unknown page %q", id)
				return nil
			}
		} else {
			t = strings.TrimPrefix(t, "notes/")
			target = s.notes[t]
			if target == nil {
				target = s.Aliases[t]
			}
			if target == nil && s.heldBack(diags, pos, "link to", "note", t) {
				return nil
			}
			if target == nil {
				diags.Errorf(pos(), diag.CodeUnknownNote, s.noteHint(t), "link to unknown note %q", t)
				return nil
			}
		}
	default:
		var code diag.Code
		var msg, hint string
		target, code, msg, hint = s.resolvePath(p, l.Target)
		if target == nil {
			diags.Errorf(pos(), code, hint, "link to %q: %s", l.Target, msg)
			return nil
		}
	}
	r.read(target)
	if !l.HasChildren() {
		r.res.titled = append(r.res.titled, target) // its text is the title
	}
	if target.Held != nil && p.Held == nil {
		s.linksShown(diags, pos, "link to", target)
	}
	l.Class = string(target.Kind)
	l.Title = target.Title
	l.Summary = target.Summary
	l.URL = target.URL
	if l.Fragment != "" {
		if target != p {
			r.res.anchors = append(r.res.anchors, anchorCheck{pos: pos(), target: target, at: target.order, fragment: l.Fragment, checked: -1})
		} else if !r.anchors[l.Fragment] && !slices.Contains(markup.ReservedIDs, l.Fragment) {
			diags.Errorf(pos(), diag.CodeUnknownAnchor, anchorHint(p, l.Fragment),
				"%s has no heading with id %q", p.File.Path, l.Fragment)
			return nil
		}
		l.URL += "#" + l.Fragment
		if target == p {
			l.URL = "#" + l.Fragment
			l.Class = "heading"
		}
	} else if target == p {
		diags.Warnf(pos(), diag.CodeSelfLink, "link to a heading ([[#heading-id]]) or remove the link", "link to the page itself")
	}
	return target
}

// resolvePath resolves a Markdown link path: relative to the linking file,
// or else to the content folder. It never leaves the content folder.
func (s *Site) resolvePath(from *Page, target string) (page *Page, code diag.Code, msg, hint string) {
	const where = "link to content/notes/<slug>.md (in its folder), content/sources/<id>.md or content/pages/<slug>.md, relative to this file"
	if strings.Contains(target, "\\") {
		return nil, diag.CodeBadPath, "paths use /, not \\", where
	}
	var candidates []string
	if strings.HasPrefix(target, "/") {
		candidates = []string{path.Join("content", target)}
	} else {
		candidates = []string{path.Join(path.Dir(from.File.Path), target), path.Join("content", target)}
	}
	inside := candidates[:0]
	for _, c := range candidates {
		if strings.HasPrefix(c, "content/") {
			inside = append(inside, c)
		}
	}
	if len(inside) == 0 {
		return nil, diag.CodeBadPath, "the path leads outside the content folder", where
	}
	for _, c := range inside {
		dir, file := path.Split(c)
		dir = strings.TrimSuffix(dir, "/")
		id := strings.TrimSuffix(file, ".md")
		switch {
		case dir == content.NotesDir || strings.HasPrefix(dir, content.NotesDir+"/"):
			if n := s.notes[id]; n != nil && n.File.Path == c {
				return n, "", "", ""
			}
			if f := s.folders[strings.TrimPrefix(dir, content.NotesDir+"/")]; f != nil && file == content.FolderIndex {
				return f, "", "", ""
			}
		case dir == content.SourcesDir:
			if src := s.sources[id]; src != nil {
				return src, "", "", ""
			}
		case dir == content.PagesDir:
			if sp := s.standalone[id]; sp != nil {
				return sp, "", "", ""
			}
		}
	}
	for _, c := range inside {
		dir, file := path.Split(c)
		id := strings.TrimSuffix(file, ".md")
		dir = strings.TrimSuffix(dir, "/")
		kind := map[string]string{content.NotesDir: "note", content.SourcesDir: "source", content.PagesDir: "page"}[dir]
		if strings.HasPrefix(dir, content.NotesDir+"/") {
			kind = "note" // in a folder
		}
		if h, ok := s.held.Lookup(kind, id); kind != "" && ok {
			return nil, diag.CodeUnpublished, fmt.Sprintf("%s %q %s and so not published", kind, id, h.Hold), h.Hold.Fix("the link")
		}
	}
	dir, file := path.Split(inside[0])
	dir = strings.TrimSuffix(dir, "/")
	id := strings.TrimSuffix(file, ".md")
	switch {
	case dir == content.SourcesDir:
		return nil, diag.CodeUnknownSource, "no such source", s.sourceHint(id)
	case dir == content.PagesDir:
		return nil, diag.CodeUnknownNote, "no such page", s.pageHint(id)
	case dir == content.NotesDir || strings.HasPrefix(dir, content.NotesDir+"/"):
		if n := s.notes[id]; n != nil {
			// Slugs are unique across folders: the note is elsewhere.
			return nil, diag.CodeUnknownNote, "no such note in " + dir,
				fmt.Sprintf("the note is %s: link to [[%s]], which finds it in any folder", n.File.Path, id)
		}
		if file == content.FolderIndex {
			return nil, diag.CodeUnknownNote, "no such folder of notes", "link to a folder's _index.md, e.g. budapest/_index.md"
		}
		return nil, diag.CodeUnknownNote, "no such note", s.noteHint(id)
	}
	return nil, diag.CodeBadPath, "not a note or a source", where
}

// heldBack reports a link or citation (what: "link to", "`cites` names")
// to the note or source (kind) id when the build holds that page back, and
// says whether it did.
func (s *Site) heldBack(diags *diag.List, pos func() diag.Pos, what, kind, id string) bool {
	h, ok := s.held.Lookup(kind, id)
	if !ok {
		return false
	}
	ref := map[string]string{"citation of": "the citation", "`cites` names": "it from `cites`",
		"event cites": "it from the event's sources", "`home` names": "`home`"}[what]
	if ref == "" {
		ref = "the link"
	}
	diags.Errorf(pos(), diag.CodeUnpublished, h.Hold.Fix(ref), "%s %s %q, which %s and so not published", what, kind, id, h.Hold)
	return true
}

// linksShown notes a link or citation (what) from a public page to target,
// a page this build shows though it is not public (dossier serve, build
// -drafts or -future): a build without those flags stops there.
func (s *Site) linksShown(diags *diag.List, pos func() diag.Pos, what string, target *Page) {
	diags.Add(diag.Diagnostic{Pos: pos(), Severity: diag.Note, Code: diag.CodeUnpublished,
		Message: fmt.Sprintf("%s %s %q, which %s: this build includes it, but a build without %s stops here", what, target.Kind, target.Slug, *target.Held, target.Held.Flags()),
		Hint:    "publish it before this page, or link to it only once it is published"})
}

func anchorHint(p *Page, frag string) string {
	ids := make([]string, 0, len(p.Doc.Headings))
	for _, h := range p.Doc.Headings {
		ids = append(ids, h.ID)
	}
	if c := frontmatter.Closest(frag, ids); c != "" {
		return fmt.Sprintf("did you mean #%s?", c)
	}
	if len(ids) == 0 {
		return "the page has no headings"
	}
	return "its heading ids: " + strings.Join(ids, ", ")
}

func (s *Site) noteHint(slug string) string {
	if h := s.unloadedHint(content.NotesDir, slug); h != "" {
		return h
	}
	return hint(slug, s.Notes, "known notes")
}

func (s *Site) pageHint(slug string) string {
	return hint(slug, s.Standalone, "known pages")
}

func (s *Site) sourceHint(id string) string {
	if h := s.unloadedHint(content.SourcesDir, id); h != "" {
		return h
	}
	return hint(id, s.Sources, "known sources")
}

// unloadedHint marks an error as the consequence of another: the file of
// the note or source it names is there but could not be loaded.
func (s *Site) unloadedHint(dir, name string) string {
	for _, p := range s.unloaded {
		// A note may be in any folder of content/notes.
		if p == dir+"/"+name+".md" || dir == content.NotesDir && strings.HasPrefix(p, dir+"/") && path.Base(p) == name+".md" {
			return fmt.Sprintf("%s is there but could not be loaded: this follows from the error reported in it; fix that one first", p)
		}
	}
	return ""
}

func hint(name string, pages []*Page, what string) string {
	ids := make([]string, len(pages))
	for i, p := range pages {
		ids[i] = p.Slug
	}
	// A shortened name ([@ft-2026] for ft-2026-01-27) is a prefix of the
	// name meant, up to a hyphen.
	var longer []string
	for _, id := range ids {
		if strings.HasPrefix(id, name+"-") {
			longer = append(longer, id)
		}
	}
	switch {
	case len(longer) == 1:
		return fmt.Sprintf("did you mean %q?", longer[0])
	case len(longer) > 1:
		return "did you mean one of: " + strings.Join(quoteAll(longer, 12), ", ") + "?"
	}
	if c := frontmatter.Closest(name, ids); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	if len(ids) > 12 {
		ids = append(ids[:12], "...")
	}
	if len(ids) == 0 {
		return what + ": none"
	}
	return what + ": " + strings.Join(ids, ", ")
}

// quoteAll quotes the first n names, and says how many more there are.
func quoteAll(names []string, n int) []string {
	out := make([]string, 0, min(len(names), n)+1)
	for i, s := range names {
		if i == n {
			out = append(out, fmt.Sprintf("and %d more", len(names)-n))
			break
		}
		out = append(out, strconv.Quote(s))
	}
	return out
}

// resolveCites links sources through their `cites` lists and reports unknown
// ids and cycles.
func (s *Site) resolveCites(diags *diag.List) {
	for _, p := range s.Sources {
		for i, id := range p.Source.Meta.Cites {
			t := s.sources[id]
			if t == nil && s.heldBack(diags, func() diag.Pos { return p.File.Pos(fmt.Sprintf("cites[%d]", i)) }, "`cites` names", "source", id) {
				continue
			}
			if t == nil {
				diags.Errorf(p.File.Pos(fmt.Sprintf("cites[%d]", i)), diag.CodeUnknownSource, s.sourceHint(id), "`cites` names unknown source %q", id)
				continue
			}
			if t == p {
				diags.Errorf(p.File.Pos(fmt.Sprintf("cites[%d]", i)), diag.CodeCitesCycle, "remove it", "source cites itself")
				continue
			}
			if !slices.Contains(p.Relies, t) {
				p.Relies = append(p.Relies, t)
				t.ReliedOnBy = append(t.ReliedOnBy, p)
			}
		}
	}
	// Depth-first search for cycles; each cycle is reported once, at the
	// source with the smallest id in it.
	const (
		white = iota
		grey
		black
	)
	color := map[*Page]int{}
	var stack []*Page
	reported := map[string]bool{}
	var visit func(p *Page)
	visit = func(p *Page) {
		color[p] = grey
		stack = append(stack, p)
		for _, t := range p.Relies {
			switch color[t] {
			case white:
				visit(t)
			case grey:
				i := slices.Index(stack, t)
				cycle := slices.Clone(stack[i:])
				start := 0
				for j, c := range cycle {
					if c.Slug < cycle[start].Slug {
						start = j
					}
				}
				cycle = append(cycle[start:], cycle[:start]...)
				names := make([]string, len(cycle))
				for j, c := range cycle {
					names[j] = c.Slug
				}
				key := strings.Join(names, ">")
				if !reported[key] {
					reported[key] = true
					first := cycle[0]
					next := cycle[(1)%len(cycle)]
					idx := slices.Index(first.Source.Meta.Cites, next.Slug)
					diags.Errorf(first.File.Pos(fmt.Sprintf("cites[%d]", idx)), diag.CodeCitesCycle,
						"a source can only rely on reports published before it; remove one `cites` entry",
						"sources cite each other in a cycle: %s > %s", strings.Join(names, " > "), names[0])
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[p] = black
	}
	for _, p := range s.Sources {
		if color[p] == white {
			visit(p)
		}
	}
	if len(reported) > 0 {
		return
	}
	for _, p := range s.Sources {
		p.Chain = chains(p, nil)
	}
}

// chains lists every path from p up through `cites` to a source that relies
// on nothing (p itself excluded). The graph is acyclic here.
func chains(p *Page, seen []*Page) [][]*Page {
	var out [][]*Page
	for _, t := range p.Relies {
		up := chains(t, append(seen, p))
		if len(up) == 0 {
			out = append(out, []*Page{t})
			continue
		}
		for _, u := range up {
			out = append(out, append([]*Page{t}, u...))
		}
	}
	return out
}

// CardLine describes a source in one line of plain text: outlet, date, and
// whom it reports.
func (p *Page) CardLine() string {
	if p.cardLine != "" {
		return p.cardLine
	}
	return p.makeCardLine()
}

// makeCardLine makes CardLine; Begin keeps it in cardLine for every source,
// since every citation of a source shows it.
func (p *Page) makeCardLine() string {
	if p.Source == nil {
		return p.Title
	}
	m := p.Source.Meta
	var parts []string
	if m.Outlet != "" {
		parts = append(parts, m.Outlet)
	}
	parts = append(parts, m.Title)
	if !m.Published.IsZero() {
		parts = append(parts, m.Published.Human())
	}
	line := strings.Join(parts, ", ")
	if r := p.ReportsLine(); r != "" {
		line += "; " + r
	}
	return line
}

// Surface is what resolving another page reads of a page that is not the
// page's own front matter: its kind, address, title, summary and card line
// (which names the sources it relays, from their front matter), and
// whether it is held back. A site made again by Rebegin compares it to know
// which pages' last results still hold (PageResult.Reads). Surfaces
// compare with ==; taking one allocates nothing (joined into a string, the
// surfaces of every page took 6 MB of each front-matter edit at 10,000
// notes).
type Surface struct {
	Kind                                Kind
	Slug, URL, Title, Summary, CardLine string
	Held                                bool
	Hold                                publish.Hold
}

// Untitled returns s without its title: for a page other than a source,
// without its card line too, which is its title. Two surfaces that are
// the same untitled differ at most in what a link without text of its own
// shows (PageResult.Titled).
func (s Surface) Untitled() Surface {
	s.Title = ""
	if s.Kind != KindSource {
		s.CardLine = ""
	}
	return s
}

// Surface returns p's surface.
func (p *Page) Surface() Surface {
	s := Surface{Kind: p.Kind, Slug: p.Slug, URL: p.URL, Title: p.Title, Summary: p.Summary, CardLine: p.CardLine(), Held: p.Held != nil}
	if p.Held != nil {
		s.Hold = *p.Held
	}
	return s
}

// Ties are the pages that Begin ties p to from front matter, its own and
// other pages': the folder that holds it, a folder's notes and folders (in
// order of title), the sources a source relays and those that relay it,
// and its chains through them; nil separates each list. A page whose ties
// change (a note moved into a folder, a source that now relays it) shows
// other pages, though its own front matter did not change.
func (p *Page) Ties() []*Page { return p.AppendTies(nil) }

// AppendTies appends p's ties (see Ties) to dst: rebegin takes every page's
// ties before and after an edit into one list, not one list per page.
func (p *Page) AppendTies(dst []*Page) []*Page {
	dst = append(append(dst, p.Parent, nil), p.Members...)
	dst = append(append(dst, nil), p.Subfolders...)
	dst = append(append(dst, nil), p.Relies...)
	dst = append(append(dst, nil), p.ReliedOnBy...)
	for _, c := range p.Chain {
		dst = append(append(dst, nil), c...)
	}
	return dst
}

// ReportsLine says whom a source relays ("reports the Financial Times"), or "".
func (p *Page) ReportsLine() string {
	if len(p.Relies) == 0 {
		return ""
	}
	names := make([]string, len(p.Relies))
	for i, r := range p.Relies {
		names[i] = r.ShortName()
	}
	return "reports " + joinAnd(names)
}

// ShortName is the outlet of a source, or its title when it has none.
func (p *Page) ShortName() string {
	if p.Source != nil && p.Source.Meta.Outlet != "" {
		return p.Source.Meta.Outlet
	}
	return p.Title
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// eventSource is a source an event names: the note's events[event].sources[at].
type eventSource struct {
	note      *Page
	event, at int
	id        string
}

// checkEvents reports the sources events name that the site does not have
// (collectEvents finds them), in note order.
func (s *Site) checkEvents(unknown []eventSource, diags *diag.List) {
	for _, u := range unknown {
		pos := func() diag.Pos { return u.note.File.Pos(fmt.Sprintf("events[%d].sources[%d]", u.event, u.at)) }
		if s.heldBack(diags, pos, "event cites", "source", u.id) {
			continue
		}
		diags.Errorf(pos(), diag.CodeUnknownSource, s.sourceHint(u.id), "event cites unknown source %q", u.id)
	}
}

// checkUnused warns about sources that no note cites, no event names and no
// other source relies on.
func (s *Site) checkUnused(diags *diag.List) {
	var also string
	if len(s.unloaded) > 0 {
		// A file that could not be loaded may be the one that cites it.
		also = "; " + s.unloaded[0] + " could not be loaded and may cite it: fix the error reported there first"
	}
	for _, p := range s.Sources {
		if len(p.CitedBy) > 0 || len(p.ReliedOnBy) > 0 || s.eventSources[p] || s.held.Mentions(p.Slug) {
			continue
		}
		diags.Warnf(diag.Pos{File: p.File.Path, Line: 1, Col: 1}, diag.CodeUnusedSource,
			fmt.Sprintf("cite it with [@%s] where it is used, or remove the record", p.Slug)+also, "no note cites source %q", p.Slug)
	}
}

func (s *Site) collectTags() {
	s.tags = map[string]*Tag{}
	for _, p := range s.Notes {
		for _, t := range p.Note.Meta.Tags {
			tag := s.tags[t]
			if tag == nil {
				tag = &Tag{Name: t, URL: s.URLFor("tags/" + t + "/")}
				s.tags[t] = tag
				s.Tags = append(s.Tags, tag)
			}
			// Notes come in order, so a note already listed is the last
			// one (a tag named twice in one note).
			if len(tag.Notes) == 0 || tag.Notes[len(tag.Notes)-1] != p {
				tag.Notes = append(tag.Notes, p)
			}
		}
	}
	slices.SortFunc(s.Tags, func(a, b *Tag) int { return strings.Compare(a.Name, b.Name) })
}

// newPage makes the page of a note or source published under dir/slug/
// (under slug/ when dir is ""), the at'th of its kind; a page with no
// title is called by its slug. In Rebegin, the last site's page at the
// same place is taken again when it has the same slug, with its path and
// address when the base path is the same: at 10,000 notes, looking every
// page up by its path, and making its path and address again, took
// about 5 ms of each front-matter edit.
func (s *Site) newPage(kind Kind, at int, dir, slug, title, summary string, f *content.File) *Page {
	if title == "" {
		title = slug
	}
	r := s.recycle[kind]
	if p := r.same(at, slug); p != nil {
		path, url := p.Path, p.URL
		if r.basePath != s.BasePath {
			url = s.URLFor(pageDir(dir, slug))
		}
		p.remake(kind, slug, title, summary, f, path, url)
		return p
	}
	under := pageDir(dir, slug)
	path := under + "index.html"
	if p := r.take(path); p != nil {
		p.remake(kind, slug, title, summary, f, path, s.URLFor(under))
		return p
	}
	return &Page{Kind: kind, Slug: slug, Title: title, Summary: summary, File: f,
		Path: path, URL: s.URLFor(under)}
}

// pageDir is the folder a page is published in: dir/slug/, or slug/.
func pageDir(dir, slug string) string {
	if dir == "" {
		return slug + "/"
	}
	return dir + "/" + slug + "/"
}

// recycled are the last site's pages of one kind, in its order, for
// Rebegin to take again: each is taken once. Only the goroutine that makes
// the pages of its kind uses it.
type recycled struct {
	basePath string         // the last site's
	pages    []*Page        // nil where taken
	at       map[string]int // index in pages by path: made when a page is not at its place
}

// placed returns the page at index i, not taking it; nil when there is none.
func (r *recycled) placed(i int) *Page {
	if r == nil || i >= len(r.pages) {
		return nil
	}
	return r.pages[i]
}

// same takes the page at index at when it has the given slug (and so the
// same path, as pages of one kind are published in one folder).
func (r *recycled) same(at int, slug string) *Page {
	if r == nil || at >= len(r.pages) {
		return nil
	}
	p := r.pages[at]
	if p == nil || p.Slug != slug {
		return nil
	}
	r.pages[at] = nil
	return p
}

// take takes the page with the given path, wherever it is.
func (r *recycled) take(path string) *Page {
	if r == nil {
		return nil
	}
	if r.at == nil {
		r.at = make(map[string]int, len(r.pages))
		for i, p := range r.pages {
			if p != nil {
				r.at[p.Path] = i
			}
		}
	}
	i, ok := r.at[path]
	if !ok || r.pages[i] == nil {
		return nil
	}
	p := r.pages[i]
	r.pages[i] = nil
	return p
}

// beginPages makes the standalone pages and the folders' index pages, and
// links each note and folder to the folder that holds it.
func (s *Site) beginPages(site *content.Site, diags *diag.List) {
	for i, sp := range site.Pages {
		p := s.newPage(KindPage, i, "", sp.Slug, sp.Meta.Title, sp.Meta.Summary, &sp.File)
		p.Standalone = sp
		p.Held = s.held.Banner(&sp.File)
		s.Standalone = append(s.Standalone, p)
		s.standalone[sp.Slug] = p
		if slices.Contains(Reserved, sp.Slug) {
			diags.Errorf(diag.Pos{File: sp.Path, Line: 1, Col: 1}, diag.CodeDuplicateSlug, "rename the page; the names the site keeps for itself are "+strings.Join(Reserved, ", "),
				"page %q would publish to /%s/, which the site keeps for its own files", sp.Slug, sp.Slug)
		}
		if sp.Meta.Nav > 0 {
			s.Nav = append(s.Nav, p)
		}
	}
	slices.SortStableFunc(s.Nav, func(a, b *Page) int {
		if c := a.Standalone.Meta.Nav - b.Standalone.Meta.Nav; c != 0 {
			return c
		}
		return strings.Compare(a.Title, b.Title)
	})
	for i, f := range site.Folders {
		title := f.Meta.Title
		if title == "" {
			title = FolderTitle(f.Path)
		}
		p := s.newPage(KindFolder, i, "notes", f.Path, title, f.Meta.Summary, &f.File)
		p.Folder = f
		s.Folders = append(s.Folders, p)
		s.folders[f.Path] = p
	}
	for _, p := range s.Folders {
		if parent := s.folders[p.Folder.Parent()]; parent != nil {
			p.Parent = parent
			parent.Subfolders = append(parent.Subfolders, p)
		}
	}
	for _, p := range s.Notes {
		if f := s.folders[p.Note.Folder]; f != nil {
			p.Parent = f
			f.Members = append(f.Members, p)
		}
	}
	byTitle := func(a, b *Page) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	}
	for _, f := range s.Folders {
		slices.SortStableFunc(f.Subfolders, byTitle)
		slices.SortStableFunc(f.Members, byTitle)
	}
}

// FolderTitle is the title of a folder without an _index.md: its name,
// with spaces for hyphens and a capital first letter ("us-policy" gives
// "Us policy").
func FolderTitle(folder string) string {
	name := folder[strings.LastIndexByte(folder, '/')+1:]
	name = strings.ReplaceAll(name, "-", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
