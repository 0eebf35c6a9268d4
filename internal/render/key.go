package render

import (
	"sync"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/publish"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/view"
)

// This file writes a page's key: what its template's view value is made
// from, field by field (see Cache). The page itself, and the home page's
// lead note (whose body and references the home page shows), are written
// in full: every exported field of resolve.Page and of what it holds. Any
// other page is written as its surface, the fingerprint of what a page
// shows of another page, and recorded as read (cachedPage.deps). Parsed
// Markdown counts by docSum, the site by the sums siteSums takes once per
// Render.
//
// Each writer names every exported field of its type. TestKeyWritersCover
// (and TestListWritersCover, for the site's lists) changes each field of a
// filled value in turn and fails when the key does not change, so a field
// added to one of these types must be added to its writer.

// key fingerprints what the template receives for one page, and returns
// the pages whose surface it read (see cachedPage.deps).
func (cr *cacheRun) key(tmpl string, d *inputs, hint int) (digest.Sum, []*resolve.Page) {
	cr.siteOnce.Do(cr.siteSums)
	h := keyHashers.Get().(*digest.Hasher)
	defer keyHashers.Put(h)
	h.Reset()
	w := keyWriter{cr: cr, h: h, own: d.Page, lead: d.Lead, deps: newPageSet(hint)}
	h.AddSum(cr.global)
	h.AddString(tmpl)
	h.AddSum(cr.sitePart)
	if lists := cr.wholeSite[tmpl]; len(lists) > 0 {
		for _, name := range lists {
			h.AddString(name)
			h.AddSum(cr.listSums[name])
		}
	} else if d.Page != nil {
		place := -1 // looked up once some kind names any page
		for k := range cr.mentions {
			if len(cr.mentions[k].sums) > 0 && place < 0 {
				place = cr.r.site.Place(d.Page)
			}
			for _, s := range cr.mentions.of(k, place) {
				h.AddSum(s)
			}
		}
	}
	w.inputs(d)
	// The folders above the page, whose titles its breadcrumbs show as
	// plain values.
	if d.Page != nil {
		for _, f := range d.Page.Crumbs() {
			w.deps.add(f)
		}
	}
	return h.Sum(), w.deps.list
}

// keyHashers are the Hashers that keys are taken with, reused (see
// digest.Hasher.Reset): each grew its buffer to 8 KB afresh.
var keyHashers = sync.Pool{New: func() any { return new(digest.Hasher) }}

// keyWriter writes one page's inputs into its key.
type keyWriter struct {
	cr        *cacheRun
	h         *digest.Hasher
	own, lead *resolve.Page // written in full, once each
	ownDone   bool
	leadDone  bool
	deps      pageSet // the pages written as their surface
}

// Marks that keep a page written in one way from one written in another.
const (
	markNil = iota
	markFull
	markAgain // a page written in full before, met again
)

func (w *keyWriter) inputs(d *inputs) {
	h := w.h
	// d.Site counts through the site's sums (see key).
	h.AddString(d.Kind)
	h.AddString(d.Path)
	w.page(d.Page)
	w.tag(d.Tag)
	w.page(d.Lead)
	w.pages(d.Recent)
	w.page(d.Prev)
	w.page(d.Next)
	w.pages(d.Related)
	h.AddInt(len(d.Breadcrumbs))
	for _, l := range d.Breadcrumbs {
		w.link(l)
	}
	w.pages(d.Linked)
	h.AddString(string(d.Graph))
}

func (w *keyWriter) link(l view.Link) {
	w.h.AddString(l.Title)
	w.h.AddString(l.URL)
}

// page writes a page the inputs name: the page itself or the lead note in
// full, the first time; any other by its surface.
func (w *keyWriter) page(p *resolve.Page) {
	switch {
	case p == nil:
		w.h.AddInt(markNil)
	case p == w.own && w.ownDone, p == w.lead && w.leadDone:
		w.h.AddInt(markAgain)
		w.h.AddBool(p == w.own)
	case p == w.own, p == w.lead:
		if p == w.own {
			w.ownDone = true
		}
		if p == w.lead {
			w.leadDone = true
		}
		w.h.AddInt(markFull)
		w.full(p)
	default:
		w.deps.add(p)
		w.h.AddSum(w.cr.surface(p))
	}
}

func (w *keyWriter) pages(ps []*resolve.Page) {
	w.h.AddInt(len(ps))
	for _, p := range ps {
		w.page(p)
	}
}

func (w *keyWriter) tag(t *resolve.Tag) {
	opt(w.h, t, func(t *resolve.Tag) {
		w.h.AddString(t.Name)
		w.h.AddString(t.URL)
		w.pages(t.Notes)
	})
}

// opt writes whether v is nil, then, when it is not, what write writes of
// it.
func opt[T any](h *digest.Hasher, v *T, write func(*T)) {
	if v == nil {
		h.AddInt(markNil)
		return
	}
	h.AddInt(markFull)
	write(v)
}

// each writes the length of vs, then each of them as opt does.
func each[T any](h *digest.Hasher, vs []*T, write func(*T)) {
	h.AddInt(len(vs))
	for _, v := range vs {
		opt(h, v, write)
	}
}

// full writes every exported field of a page.
func (w *keyWriter) full(p *resolve.Page) {
	h := w.h
	h.AddString(string(p.Kind))
	h.AddString(p.Slug)
	h.AddString(p.Path)
	h.AddString(p.URL)
	h.AddString(p.Title)
	h.AddString(p.Summary)
	opt(h, p.File, func(f *content.File) { file(h, f) })
	opt(h, p.Note, func(n *content.Note) {
		file(h, &n.File)
		h.AddString(n.Slug)
		h.AddString(n.Folder)
		noteMeta(h, &n.Meta)
	})
	opt(h, p.Source, func(s *content.Source) {
		file(h, &s.File)
		h.AddString(s.ID)
		sourceMeta(h, &s.Meta)
	})
	opt(h, p.Standalone, func(s *content.Page) {
		file(h, &s.File)
		h.AddString(s.Slug)
		pageMeta(h, &s.Meta)
	})
	opt(h, p.Folder, func(f *content.Folder) {
		file(h, &f.File)
		h.AddString(f.Path)
		h.AddBool(f.HasIndex)
		folderMeta(h, &f.Meta)
	})
	w.page(p.Parent)
	w.pages(p.Subfolders)
	w.pages(p.Members)
	opt(h, p.Doc, func(d *markup.Doc) { h.AddSum(w.cr.docSum(d)) })
	each(h, p.References, w.reference)
	each(h, p.Backlinks, func(b *resolve.Backlink) {
		w.page(b.From)
		h.AddString(b.Context.String())
	})
	each(h, p.CitedBy, func(c *resolve.Citing) {
		w.page(c.From)
		h.AddInt(int(c.Number))
		h.AddInt(int(c.Nth))
		h.AddString(c.Sentence.String())
		h.AddString(c.Passage)
	})
	w.pages(p.Relies)
	w.pages(p.ReliedOnBy)
	h.AddInt(len(p.Chain))
	for _, c := range p.Chain {
		w.pages(c)
	}
	each(h, p.Claims, func(c *resolve.SourceClaim) {
		// As the site's list of claims writes it (cacheRun.claim),
		// its pages by their surface.
		for _, q := range w.cr.claim(h, c.Claim) {
			if q != nil && q != w.own && q != w.lead {
				w.deps.add(q)
			}
		}
		h.AddString(c.Role)
		h.AddString(c.Noun)
	})
	h.AddInts(p.PassageOrder)
	h.AddBool(p.ExcerptsInText)
	opt(h, p.Archive, func(a *resolve.Archive) {
		h.AddString(a.URL)
		h.AddString(a.Name)
		h.AddInt(a.Size)
	})
	opt(h, p.Held, func(held *publish.Hold) {
		h.AddBool(held.Draft)
		date(h, held.Scheduled)
	})
}

func (w *keyWriter) reference(r *resolve.Reference) {
	h := w.h
	h.AddInt(r.Number)
	w.page(r.Source)
	h.AddInt(r.Cites)
	each(h, r.Passages, func(ps *resolve.RefPassage) {
		h.AddString(ps.Text)
		h.AddInts(ps.Cites)
	})
}

// surface fingerprints what a page shows of another page: from the map
// of the site's pages' surfaces, which siteSums fills before any key is
// taken (fillSurfaces) and which is only read after, without a lock; a
// page not among the site's pages has its surface made each time.
func (cr *cacheRun) surface(p *resolve.Page) digest.Sum {
	if s, ok := cr.surfaces[p]; ok {
		return s.full
	}
	return surfaceOf(p)
}

// surfaceSums are a page's surface (surfaceOf) and its card (cardOf).
type surfaceSums struct{ full, card digest.Sum }

// card fingerprints what a list of cards shows of a page, as surface does
// its surface.
func (cr *cacheRun) card(p *resolve.Page) digest.Sum {
	if s, ok := cr.surfaces[p]; ok {
		return s.card
	}
	return cardOf(p)
}

// cardOf fingerprints what a list of cards shows of a page (view.Cards).
func cardOf(p *resolve.Page) digest.Sum {
	var h digest.Hasher
	h.AddString(p.URL)
	h.AddString(p.Title)
	h.AddString(p.Summary)
	return h.Sum()
}

// surfaceOf fingerprints what a page shows of another page.
func surfaceOf(p *resolve.Page) digest.Sum {
	var h digest.Hasher
	for _, v := range [...]string{string(p.Kind), p.Slug, p.Path, p.URL, p.Title, p.Summary, p.CardLine(), p.ShortName(), p.ReportsLine(), p.Modified().String()} {
		h.AddString(v)
	}
	opt(&h, p.Note, func(n *content.Note) { noteMeta(&h, &n.Meta) })
	opt(&h, p.Source, func(s *content.Source) { sourceMeta(&h, &s.Meta) })
	opt(&h, p.Standalone, func(s *content.Page) { pageMeta(&h, &s.Meta) })
	opt(&h, p.Folder, func(f *content.Folder) { folderMeta(&h, &f.Meta) })
	return h.Sum()
}

// The writers of what content holds: a loaded file and each kind of front
// matter.

func file(h *digest.Hasher, f *content.File) {
	h.AddString(f.Path)
	h.AddBytes(f.Body)
	h.AddUint(f.FrontSum)
	h.AddInt(f.BodyLine)
	h.AddInt(f.FMLine)
	date(h, f.Committed)
}

func date(h *digest.Hasher, d content.Date) {
	h.AddInt(d.Year)
	h.AddInt(d.Month)
	h.AddInt(d.Day)
	h.AddBool(d.Unknown)
}

func noteMeta(h *digest.Hasher, m *content.NoteMeta) {
	h.AddString(m.Title)
	h.AddString(m.Summary)
	h.AddStrings(m.Tags)
	date(h, m.Published)
	date(h, m.Updated)
	h.AddStrings(m.Aliases)
	h.AddInt(len(m.Events))
	for _, e := range m.Events {
		date(h, e.Date)
		h.AddString(e.Text)
		h.AddStrings(e.Sources)
	}
	h.AddInt(len(m.Revisions))
	for _, r := range m.Revisions {
		date(h, r.Date)
		h.AddString(r.Kind)
		h.AddString(r.Text)
	}
	h.AddBool(m.Draft)
}

func sourceMeta(h *digest.Hasher, m *content.SourceMeta) {
	h.AddString(m.Title)
	h.AddString(m.Outlet)
	h.AddString(m.Author)
	date(h, m.Published)
	h.AddString(m.URL)
	h.AddString(m.ArchiveURL)
	h.AddString(m.ArchiveFile)
	date(h, m.Accessed)
	h.AddString(m.Kind)
	h.AddString(m.Seed)
	h.AddString(m.Reliability)
	h.AddStrings(m.Excerpts)
	h.AddStrings(m.Cites)
	h.AddBool(m.Draft)
}

func pageMeta(h *digest.Hasher, m *content.PageMeta) {
	h.AddString(m.Title)
	h.AddString(m.Summary)
	h.AddInt(m.Nav)
	date(h, m.Published)
	date(h, m.Updated)
	h.AddBool(m.Draft)
}

func folderMeta(h *digest.Hasher, m *content.FolderMeta) {
	h.AddString(m.Title)
	h.AddString(m.Summary)
}
