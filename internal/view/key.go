package view

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// Key is a fingerprint of a page's view value: two values have the same Key
// exactly when they hold the same data (but for Header and Footer, which
// the render stage writes from the rest). The render cache keeps a page
// whose Key, templates and assets are unchanged, without running its
// template again.
//
// The fingerprint is written field by field below, not found by reflection:
// TestKeyCoversEveryField fails when a field is added to a view type and
// not to its fingerprint.
type Key [sha256.Size]byte

// Key returns p's fingerprint.
func (p *Page) Key() Key {
	w := keyWriter{h: sha256.New()}
	w.page(p)
	w.flush()
	var k Key
	w.h.Sum(k[:0])
	return k
}

// Key returns the fingerprint of what every page shows of the site.
func (s *Site) Key() Key {
	w := keyWriter{h: sha256.New()}
	w.site(s)
	w.flush()
	var k Key
	w.h.Sum(k[:0])
	return k
}

// keyWriter feeds values into a hash, each string with its length first, so
// that no two different values write the same bytes.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

func (w *keyWriter) flush() {
	w.h.Write(w.buf)
	w.buf = w.buf[:0]
}

func (w *keyWriter) int(n int) {
	w.buf = binary.AppendVarint(w.buf, int64(n))
	if len(w.buf) > 4096 {
		w.flush()
	}
}

func (w *keyWriter) bool(b bool) {
	if b {
		w.int(1)
	} else {
		w.int(0)
	}
}

func (w *keyWriter) str(s string) {
	w.int(len(s))
	if len(s) > 1024 {
		w.flush()
		w.h.Write([]byte(s))
		return
	}
	w.buf = append(w.buf, s...)
}

// present writes whether an optional value is there: a nil pointer and a
// pointer to a zero value differ.
func (w *keyWriter) present(there bool) bool {
	w.bool(there)
	return there
}

func (w *keyWriter) date(d Date) {
	w.int(d.Year)
	w.int(d.Month)
	w.int(d.Day)
	w.bool(d.Unknown)
}

func (w *keyWriter) link(l Link) {
	w.str(l.Title)
	w.str(l.URL)
}

func (w *keyWriter) links(ls []Link) {
	w.int(len(ls))
	for _, l := range ls {
		w.link(l)
	}
}

func (w *keyWriter) cards(cs []Card) {
	w.int(len(cs))
	for _, c := range cs {
		w.str(c.URL)
		w.str(c.Title)
		w.str(c.Summary)
	}
}

func (w *keyWriter) sourceLinks(ss []SourceLink) {
	w.int(len(ss))
	for _, s := range ss {
		w.str(s.URL)
		w.str(s.Title)
		w.str(s.ShortName)
	}
}

func (w *keyWriter) citings(cs []Citing) {
	w.int(len(cs))
	for _, c := range cs {
		w.str(c.URL)
		w.str(c.Title)
		w.str(c.Anchor)
		w.str(c.Sentence)
	}
}

func (w *keyWriter) site(s *Site) {
	if !w.present(s != nil) {
		return
	}
	w.str(s.Title)
	w.str(s.Description)
	w.str(s.Language)
	w.str(s.Origin)
	w.links(s.Nav)
	w.int(s.Notes)
	w.int(s.Sources)
}

func (w *keyWriter) page(p *Page) {
	w.site(p.Site)
	w.str(p.Kind)
	w.str(p.Title)
	w.str(p.Description)
	w.str(p.URL)
	w.str(p.Canonical)
	w.bool(p.NoIndex)
	w.links(p.Breadcrumbs)
	w.date(p.Modified)
	if w.present(p.Held != nil) {
		w.bool(p.Held.Draft)
		w.date(p.Held.Scheduled)
	}
	w.str(string(p.Content))
	w.str(string(p.References))
	w.str(string(p.Backlinks))
	w.str(string(p.TOC))
	w.lists(p.Lists)
	w.str(string(p.Graph))
	w.str(string(p.JSONLD))
	w.note(p.Note)
	w.source(p.Source)
	if w.present(p.Folder != nil) {
		w.cards(p.Folder.Subfolders)
		w.cards(p.Folder.Members)
	}
	if w.present(p.Home != nil) {
		w.bool(p.Home.Lead)
		w.cards(p.Home.Notes)
		w.int(len(p.Home.Recent))
		for _, d := range p.Home.Recent {
			w.str(d.URL)
			w.str(d.Title)
			w.date(d.Modified)
		}
	}
	if w.present(p.Tag != nil) {
		w.str(p.Tag.Name)
		w.str(p.Tag.URL)
		w.cards(p.Tag.Notes)
	}
	w.int(len(p.Tags))
	for _, t := range p.Tags {
		w.str(t.Name)
		w.str(t.URL)
		w.int(t.Count)
	}
	w.int(len(p.Sources))
	for _, s := range p.Sources {
		w.str(s.URL)
		w.str(s.Title)
		w.str(s.Outlet)
		w.str(s.Kind)
		w.str(s.Reliability)
		w.str(s.Reports)
		w.date(s.Published)
	}
	w.int(len(p.ClaimGroups))
	for _, g := range p.ClaimGroups {
		w.str(g.Status)
		w.str(g.Label)
		w.int(len(g.Claims))
		for _, c := range g.Claims {
			w.str(c.ID)
			w.str(c.URL)
			w.str(c.Statement)
			w.link(c.Page)
			w.int(len(c.Sides))
			for _, s := range c.Sides {
				w.str(s.Noun)
				w.sourceLinks(s.Sources)
			}
		}
	}
	w.str(string(p.Timeline))
	w.int(len(p.Needed))
	for _, n := range p.Needed {
		w.link(n.Page)
		w.str(n.Pos)
		w.str(n.Context)
	}
}

func (w *keyWriter) lists(l Lists) {
	w.int(len(l.References))
	for _, r := range l.References {
		w.int(r.Number)
		if w.present(r.Source != nil) {
			s := r.Source
			w.str(s.URL)
			w.str(s.Title)
			w.str(s.Outlet)
			w.str(s.Reliability)
			w.str(s.Original)
			w.date(s.Published)
			w.str(s.Reports)
		}
		w.int(len(r.Anchors))
		for _, a := range r.Anchors {
			w.str(a)
		}
		w.int(len(r.Passages))
		for _, ps := range r.Passages {
			w.str(ps.Text)
			w.int(len(ps.Cites))
			for _, c := range ps.Cites {
				w.str(c.Anchor)
				w.str(c.Letter)
			}
		}
	}
	w.int(len(l.Backlinks))
	for _, b := range l.Backlinks {
		w.link(b.From)
		w.str(b.Context)
	}
	w.int(len(l.Headings))
	for _, h := range l.Headings {
		w.int(h.Level)
		w.str(h.ID)
		w.str(h.Text)
	}
}

func (w *keyWriter) note(n *Note) {
	if !w.present(n != nil) {
		return
	}
	w.date(n.Published)
	w.links(n.Tags)
	w.int(len(n.Revisions))
	for _, r := range n.Revisions {
		w.str(r.Kind)
		w.date(r.Date)
		w.str(r.Text)
	}
	w.links(n.Related)
	for _, l := range []*Link{n.Prev, n.Next} {
		if w.present(l != nil) {
			w.link(*l)
		}
	}
}

func (w *keyWriter) source(s *Source) {
	if !w.present(s != nil) {
		return
	}
	w.str(s.Kind)
	w.str(s.Reliability)
	w.str(s.Outlet)
	w.str(s.Author)
	w.date(s.Published)
	w.date(s.Accessed)
	w.str(s.URL)
	w.str(s.ArchiveURL)
	if w.present(s.Archive != nil) {
		w.str(s.Archive.URL)
		w.str(s.Archive.Name)
		w.str(s.Archive.SizeText)
	}
	w.sourceLinks(s.Relies)
	w.sourceLinks(s.ReliedOnBy)
	w.int(len(s.Chain))
	for _, c := range s.Chain {
		w.sourceLinks(c)
	}
	w.int(len(s.Passages))
	for _, ps := range s.Passages {
		w.int(ps.Index)
		w.str(ps.Text)
		w.citings(ps.Citings)
	}
	w.bool(s.ExcerptsInText)
	w.bool(s.Excerpts)
	w.int(len(s.Claims))
	for _, c := range s.Claims {
		w.str(c.Role)
		w.str(c.Noun)
		w.str(c.Claim.URL)
		w.str(c.Claim.Statement)
		w.str(c.Claim.Status)
		w.str(c.Claim.Label)
	}
	w.citings(s.CitedBy)
	w.citings(s.UnpinnedCitings)
}
