package view

import (
	"slices"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
)

// Recent returns up to n notes, most recently updated first, in site order
// among equals. It keeps the best n as it goes rather than sort every note:
// n is small, and the home page and the feed ask on every rebuild.
func Recent(notes []*resolve.Page, n int) []*resolve.Page {
	type dated struct {
		p *resolve.Page
		d content.Date
	}
	best := make([]dated, 0, n+1)
	for _, p := range notes {
		d := p.LastChange()
		// After every note at least as recent: equals stay in site order.
		k := len(best)
		for k > 0 && best[k-1].d.Compare(d) < 0 {
			k--
		}
		if k < n {
			best = slices.Insert(best, k, dated{p, d})
			best = best[:min(len(best), n)]
		}
	}
	out := make([]*resolve.Page, len(best))
	for i, b := range best {
		out[i] = b.p
	}
	return out
}
