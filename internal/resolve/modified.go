package resolve

import "github.com/dossier-site/dossier/internal/content"

// Modified returns when the page last changed: a note's or standalone
// page's `updated` date where it has one, else the date of the last commit
// of its file when the site is a git repository (content.File.Committed),
// else the zero Date.
func (p *Page) Modified() content.Date {
	if p.Note != nil && !p.Note.Meta.Updated.IsZero() {
		return p.Note.Meta.Updated
	}
	if p.Standalone != nil && !p.Standalone.Meta.Updated.IsZero() {
		return p.Standalone.Meta.Updated
	}
	return p.File.Committed
}

// LastChange returns Modified, or else when a note was first published: the
// date feeds and the "recently updated" list sort by.
func (p *Page) LastChange() content.Date {
	if d := p.Modified(); !d.IsZero() {
		return d
	}
	if p.Note != nil {
		return p.Note.Meta.Published
	}
	if p.Standalone != nil {
		return p.Standalone.Meta.Published
	}
	return content.Date{}
}
