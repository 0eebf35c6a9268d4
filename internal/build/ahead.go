package build

import (
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// ahead parses again (markup.Reparse), while the resolve stage begins, the
// frozen pages a front-matter edit in the preview is likely to resolve
// again: the pages edited, the pages whose last resolve read one of them
// (readIndex) when the edit may change what they read (or showed its
// title, when the title alone changed), and the pages that read the site
// whole. A summary edit of a note that 15 others link to resolves 21 pages
// again, and parsing them was half of the parse phase (3 to 5 ms at 10,000
// notes), while resolve.Rebegin and the comparison of every page's surface
// leave the second core mostly idle.
//
// It only reads the pages' Docs, and stops (wait) before the parse phase
// begins, which thaws each page it must resolve again with what ahead
// parsed, or parses it then (thaw). Which pages it parses changes only how
// long an edit takes: a page it parsed that is not resolved again is left
// as it was.
type ahead struct {
	docs map[*markup.Doc]*reparse
	stop atomic.Bool
	done sync.WaitGroup
}

// reparse is one page's Doc parsed again, once, by ahead's goroutine or by
// the parse phase, whichever comes first.
type reparse struct {
	once sync.Once
	r    *markup.Reparsed
}

// aheadMost is the most pages whose front matter changed for which ahead
// parses anything: a larger change (a new tag on many notes, a template)
// resolves every page that reads them again in any case.
const aheadMost = smallChange

// parseAhead begins to parse the pages likely to be resolved again when the
// last build's site (last) is begun again with the front matter in (see
// ahead), whose pages' sums are sums (frontSum), for a site with the same
// number of pages. It returns nil when it parses nothing.
func (c *Cache) parseAhead(md *markup.Markdown, in resolve.Input, last *resolved, sums []uint64) *ahead {
	pages := last.site.Pages()
	if len(c.placed) != len(pages) || len(last.results) != len(pages) || len(sums) != len(pages) {
		return nil
	}
	var changed []int
	for i, s := range sums {
		if s != last.pages[i] {
			if len(changed) == aheadMost {
				return nil
			}
			changed = append(changed, i)
		}
	}
	c.rebegin.update(last.results) // as rebegin does next
	reads, titles := &c.rebegin.reads, &c.rebegin.titles
	a := &ahead{docs: map[*markup.Doc]*reparse{}}
	var list []*markup.Doc
	add := func(i int) {
		if d := c.placed[i].doc; d != nil && d.Root == nil && a.docs[d] == nil {
			a.docs[d] = &reparse{}
			list = append(list, d)
		}
	}
	for _, i := range changed {
		add(i)
	}
	for _, i := range changed {
		readers := reads.readers
		switch mayBeRead(pages[i], in.Site, i) {
		case unchanged:
			continue
		case changedTitle:
			readers = titles.readers
		}
		for _, j := range readers[pages[i]] {
			add(int(j))
		}
	}
	for j, w := range reads.wide {
		if w {
			add(j)
		}
	}
	if len(list) == 0 {
		return nil
	}
	a.done.Go(func() {
		for _, d := range list {
			if a.stop.Load() {
				return
			}
			a.docs[d].parse(md, d)
		}
	})
	return a
}

// mayBeRead guesses how the edit of page i of the site, whose last build's
// page was p, changes what other pages read of it (see rebegin's change):
// a source's front matter is read by its citations (changedRead); a note
// that keeps its slug, title and summary is likely to keep what a link to
// it reads (unchanged: its tags, dates and events are not read), and one
// that keeps its slug and summary, what a link with text of its own reads
// (changedTitle).
func mayBeRead(p *resolve.Page, site *content.Site, i int) change {
	if p.Kind != resolve.KindNote || i >= len(site.Notes) {
		return changedRead
	}
	n := site.Notes[i]
	title := n.Meta.Title
	if title == "" {
		title = n.Slug
	}
	switch {
	case n.Slug != p.Slug || n.Meta.Summary != p.Summary:
		return changedRead
	case title != p.Title:
		return changedTitle
	}
	return unchanged
}

func (r *reparse) parse(md *markup.Markdown, d *markup.Doc) {
	r.once.Do(func() { r.r = md.Reparse(d) })
}

// wait stops the parsing ahead and waits for the page being parsed: the
// parse phase, which writes the Docs, begins after it.
func (a *ahead) wait() {
	if a != nil {
		a.stop.Store(true)
		a.done.Wait()
	}
}

// thaw gives d, a frozen page's Doc to be resolved again, its tree: the
// one parsed ahead, or parsed now.
func (a *ahead) thaw(md *markup.Markdown, d *markup.Doc) {
	if a != nil {
		if r := a.docs[d]; r != nil {
			r.parse(md, d)
			md.ThawFrom(d, r.r)
			return
		}
	}
	md.Thaw(d)
}
