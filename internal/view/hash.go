package view

import (
	"encoding/binary"
	"io"
)

// Hash writes every field of p into h, in an encoding in which two values
// that a template could tell apart write different bytes: strings and
// lists are written with their lengths, a nil pointer apart from one to a
// zero value. (A nil list and an empty one write the same: no template can
// tell them apart.) The render cache keeps a page whose key changed but
// whose view value hashes as before (render.viewSum); TestHashCoversPage
// fails when a field of a type in Page is not written, so a field added
// here must be added to its writer below.
func (p *Page) Hash(h io.Writer) {
	e := hasher{h: h, buf: make([]byte, 0, 4096)}
	e.page(p)
	e.flush()
}

// hasher writes a view value into a hash through a buffer: most fields are
// short, and a write to a hash per field would cost more than the field.
type hasher struct {
	h   io.Writer
	buf []byte
}

func (e *hasher) flush() {
	e.h.Write(e.buf)
	e.buf = e.buf[:0]
}

func (e *hasher) int(n int) {
	e.buf = binary.AppendVarint(e.buf, int64(n))
}

func (e *hasher) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *hasher) str(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	if len(s) >= directString {
		// A page's body or a list written as HTML (the timeline's is
		// 2 MB at 10,000 notes) goes to the hash as it is, not copied
		// into the buffer first.
		e.flush()
		_, _ = io.WriteString(e.h, s)
		return
	}
	for len(s) > 0 { // through the buffer, without a copy of a long s
		if len(e.buf) == cap(e.buf) {
			e.flush()
		}
		n := copy(e.buf[len(e.buf):cap(e.buf)], s)
		e.buf, s = e.buf[:len(e.buf)+n], s[n:]
	}
}

// directString is the length from which str writes a string to the hash
// itself rather than through the buffer.
const directString = 1024

// strs writes strings, the same way as str each (HTML, JS, Steps).
func strs[S ~string](e *hasher, ss ...S) {
	for _, s := range ss {
		e.str(string(s))
	}
}

// list writes a list: its length, then each item.
func list[T any](e *hasher, xs []T, item func(*hasher, *T)) {
	e.int(len(xs))
	for i := range xs {
		item(e, &xs[i])
	}
}

// ptr writes whether p is nil, then *p.
func ptr[T any](e *hasher, p *T, item func(*hasher, *T)) {
	e.bool(p != nil)
	if p != nil {
		item(e, p)
	}
}

func (e *hasher) page(p *Page) {
	ptr(e, p.Site, (*hasher).site)
	strs(e, p.Kind, p.Title, p.Description, p.URL, p.Canonical)
	e.bool(p.NoIndex)
	list(e, p.Breadcrumbs, (*hasher).link)
	e.date(&p.Modified)
	ptr(e, p.Held, (*hasher).held)
	strs(e, p.Content, p.References, p.Backlinks, p.TOC)
	e.lists(&p.Lists)
	strs(e, p.Header, p.Footer, p.Graph)
	e.str(string(p.JSONLD))
	ptr(e, p.Note, (*hasher).note)
	ptr(e, p.Source, (*hasher).source)
	ptr(e, p.Folder, (*hasher).folder)
	ptr(e, p.Home, (*hasher).home)
	ptr(e, p.Tag, (*hasher).tag)
	list(e, p.Tags, (*hasher).tagEntry)
	list(e, p.Sources, (*hasher).sourceEntry)
	list(e, p.ClaimGroups, (*hasher).claimGroup)
	e.str(string(p.Timeline))
	list(e, p.Needed, (*hasher).needed)
}

func (e *hasher) site(s *Site) {
	strs(e, s.Title, s.Description, s.Language, s.Origin)
	list(e, s.Nav, (*hasher).link)
	e.int(s.Notes)
	e.int(s.Sources)
}

func (e *hasher) date(d *Date) {
	e.int(d.Year)
	e.int(d.Month)
	e.int(d.Day)
	e.bool(d.Unknown)
}

func (e *hasher) link(l *Link) { strs(e, l.Title, l.URL) }

func (e *hasher) held(h *Held) {
	e.bool(h.Draft)
	e.date(&h.Scheduled)
}

func (e *hasher) card(c *Card) { strs(e, c.URL, c.Title, c.Summary) }

func (e *hasher) sourceLink(s *SourceLink) { strs(e, s.URL, s.Title, s.ShortName) }

func (e *hasher) note(n *Note) {
	e.date(&n.Published)
	list(e, n.Tags, (*hasher).link)
	list(e, n.Revisions, (*hasher).revision)
	list(e, n.Related, (*hasher).link)
	ptr(e, n.Prev, (*hasher).link)
	ptr(e, n.Next, (*hasher).link)
}

func (e *hasher) revision(r *Revision) {
	e.str(r.Kind)
	e.date(&r.Date)
	e.str(r.Text)
}

func (e *hasher) source(s *Source) {
	strs(e, s.Kind, s.Reliability, s.Outlet, s.Author)
	e.date(&s.Published)
	e.date(&s.Accessed)
	strs(e, s.URL, s.ArchiveURL)
	ptr(e, s.Archive, (*hasher).file)
	list(e, s.Relies, (*hasher).sourceLink)
	list(e, s.ReliedOnBy, (*hasher).sourceLink)
	list(e, s.Chain, func(e *hasher, c *[]SourceLink) { list(e, *c, (*hasher).sourceLink) })
	list(e, s.Passages, (*hasher).passage)
	e.bool(s.ExcerptsInText)
	e.bool(s.Excerpts)
	list(e, s.Claims, (*hasher).sourceClaim)
	list(e, s.CitedBy, (*hasher).citing)
	list(e, s.UnpinnedCitings, (*hasher).citing)
}

func (e *hasher) file(f *File) { strs(e, f.URL, f.Name, f.SizeText) }

func (e *hasher) passage(p *Passage) {
	e.int(p.Index)
	e.str(p.Text)
	list(e, p.Citings, (*hasher).citing)
}

func (e *hasher) citing(c *Citing) { strs(e, c.URL, c.Title, c.Anchor, c.Sentence) }

func (e *hasher) sourceClaim(c *SourceClaim) {
	strs(e, c.Role, c.Noun)
	e.claimLink(&c.Claim)
}

func (e *hasher) claimLink(c *ClaimLink) { strs(e, c.URL, c.Statement, c.Status, c.Label) }

func (e *hasher) folder(f *Folder) {
	list(e, f.Subfolders, (*hasher).card)
	list(e, f.Members, (*hasher).card)
	// Not SubfoldersHTML and MembersHTML: see home.
}

// The lists of cards written as HTML (Home.NotesHTML, Tag.NotesHTML,
// Folder.SubfoldersHTML and MembersHTML) are not written: the render stage
// makes each from its list of cards, which is written, and the templates,
// which render.viewSum counts beside the view value (in the Render's
// global key). At 10,000 notes the home page's list is 2 MB, hashed on
// every edit of a note's title. TestHashCoversPage holds the hash to
// leaving out only these.
func (e *hasher) home(h *Home) {
	e.bool(h.Lead)
	list(e, h.Notes, (*hasher).card)
	list(e, h.Recent, (*hasher).dated)
}

func (e *hasher) dated(d *Dated) {
	strs(e, d.URL, d.Title)
	e.date(&d.Modified)
}

func (e *hasher) tag(t *Tag) {
	strs(e, t.Name, t.URL)
	list(e, t.Notes, (*hasher).card)
}

func (e *hasher) tagEntry(t *TagEntry) {
	strs(e, t.Name, t.URL)
	e.int(t.Count)
}

func (e *hasher) sourceEntry(s *SourceEntry) {
	strs(e, s.URL, s.Title, s.Outlet, s.Kind, s.Reliability, s.Reports)
	e.date(&s.Published)
}

func (e *hasher) claimGroup(g *ClaimGroup) {
	strs(e, g.Status, g.Label)
	list(e, g.Claims, (*hasher).claim)
}

func (e *hasher) claim(c *Claim) {
	strs(e, c.ID, c.URL, c.Statement)
	e.link(&c.Page)
	list(e, c.Sides, (*hasher).claimSide)
}

func (e *hasher) claimSide(s *ClaimSide) {
	e.str(s.Noun)
	list(e, s.Sources, (*hasher).sourceLink)
}

func (e *hasher) needed(n *Needed) {
	e.link(&n.Page)
	strs(e, n.Pos, n.Context)
}

func (e *hasher) lists(l *Lists) {
	list(e, l.References, (*hasher).reference)
	list(e, l.Backlinks, (*hasher).backlink)
	list(e, l.Headings, (*hasher).heading)
}

func (e *hasher) reference(r *Reference) {
	e.int(r.Number)
	ptr(e, r.Source, (*hasher).refSource)
	list(e, r.Anchors, func(e *hasher, s *string) { e.str(*s) })
	list(e, r.Passages, (*hasher).refPassage)
}

func (e *hasher) refSource(s *RefSource) {
	strs(e, s.URL, s.Title, s.Outlet, s.Reliability, s.Original)
	e.date(&s.Published)
	e.str(s.Reports)
}

func (e *hasher) refPassage(p *RefPassage) {
	e.str(p.Text)
	list(e, p.Cites, (*hasher).passageCite)
}

func (e *hasher) passageCite(c *PassageCite) { strs(e, c.Anchor, c.Letter) }

func (e *hasher) backlink(b *Backlink) {
	e.link(&b.From)
	e.str(b.Context)
}

func (e *hasher) heading(h *Heading) {
	e.int(h.Level)
	strs(e, h.ID, h.Text)
}
