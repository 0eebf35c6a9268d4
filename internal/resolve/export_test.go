package resolve

import "github.com/dossier-site/dossier/internal/diag"

// Resolve links every page to every other, reporting problems to diags:
// Begin, ResolvePage for each page in turn, and Finish. in holds every
// page's parsed body. The build resolves pages as they are parsed; the
// tests resolve a parsed site at once.
func Resolve(in Input, diags *diag.List) *Site {
	s := Begin(in, diags)
	pages := s.Pages()
	results := make([]*PageResult, len(pages))
	for i, p := range pages {
		results[i] = s.ResolvePage(p, p.Doc, diags)
	}
	s.Finish(results, diags)
	return s
}
