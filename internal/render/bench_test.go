package render_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// BenchmarkRender is the render stage on a generated site (see package
// corpus), loaded, parsed and resolved beforehand: every page, the search
// index, the feed and the sitemap.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			diags := &diag.List{}
			site := content.Load(corpus.Dossier(corpus.Options{Notes: n, Seed: 1}).FS(), diags)
			md := markup.New()
			in := resolve.Input{Site: site, BasePath: "/"}
			for _, p := range site.Notes {
				in.NoteDocs = append(in.NoteDocs, md.Parse(p.Body))
			}
			for _, p := range site.Sources {
				in.SourceDocs = append(in.SourceDocs, md.Parse(p.Body))
			}
			rs := resolve.Begin(in, diags)
			var results []*resolve.PageResult
			for _, p := range rs.Pages() {
				results = append(results, rs.ResolvePage(p, p.Doc, diags))
			}
			rs.Finish(results, diags)
			if diags.HasErrors() {
				b.Fatal(diags.Sorted())
			}
			b.ReportAllocs()
			for b.Loop() {
				files := render.Render(rs, render.Options{Markdown: md, Templates: dossier.Templates()}, diags)
				if diags.HasErrors() || len(files) < n {
					b.Fatalf("rendered %d files; %v", len(files), diags.Sorted())
				}
			}
		})
	}
}
