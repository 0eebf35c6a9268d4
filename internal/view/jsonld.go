package view

import (
	"html/template"

	"github.com/dossier-site/dossier/internal/jsonld"
	"github.com/dossier-site/dossier/internal/resolve"
)

// NoteJSONLD returns a note page's structured data: a schema.org Article
// with every source the note cites.
//
// extra is the hook for further objects in the page's JSON-LD @graph, such
// as a ClaimReview for each of the note's claims with a settled status:
// pass them here and they are encoded, as safely, beside the Article.
func NoteJSONLD(s *resolve.Site, p *resolve.Page, canonical string, extra ...any) (template.JS, error) {
	a := jsonld.NewArticle(p.Title)
	a.Description = p.Summary
	a.URL = canonical
	a.InLanguage = s.Config.Language
	if d := p.Note.Meta.Published; !d.IsZero() {
		a.DatePublished = d.String()
	}
	if d := p.Modified(); !d.IsZero() {
		a.DateModified = d.String()
	}
	for _, ref := range p.References {
		a.Citation = append(a.Citation, citedWork(ref.Source))
	}
	return jsonld.Encode(append([]any{a}, extra...)...)
}

// settledStatuses are the claim statuses for which a page emits a
// ClaimReview; "reported", "disputed" and "unknown" claims are not settled.
var settledStatuses = map[string]bool{"confirmed": true, "denied": true}

// ClaimReviews returns a ClaimReview for each claim on p with a settled
// status: the rating is the status in words, and the claim appears in the
// sources that report or confirm it.
func ClaimReviews(s *resolve.Site, p *resolve.Page) []any {
	var out []any
	for _, c := range s.ClaimsOn(p) {
		if !settledStatuses[c.Status] {
			continue
		}
		r := jsonld.NewClaimReview(c.Statement, c.Label)
		r.URL = s.Origin + c.URL
		r.Author = jsonld.NewOrganization(s.Config.Title)
		for _, side := range c.Sides {
			if side.Role != "reports" && side.Role != "confirms" {
				continue
			}
			for _, src := range side.Sources {
				r.ItemReviewed.Appearance = append(r.ItemReviewed.Appearance, citedWork(src))
			}
		}
		out = append(out, r)
	}
	return out
}

// citedWork describes a source record as a schema.org CreativeWork, or a
// NewsArticle for a news report: its title, outlet, and date and address
// where they are known.
func citedWork(src *resolve.Page) jsonld.CreativeWork {
	m := src.Source.Meta
	w := jsonld.CreativeWork{Type: "CreativeWork", Name: m.Title, URL: m.URL}
	if m.Kind == "news report" {
		w.Type = "NewsArticle"
	}
	if m.Outlet != "" {
		w.Publisher = jsonld.NewOrganization(m.Outlet)
	}
	if !m.Published.IsZero() && !m.Published.Unknown {
		w.DatePublished = m.Published.String()
	}
	return w
}
