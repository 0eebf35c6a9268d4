package resolve_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// BenchmarkResolve is the resolve stage on a generated site (see package
// corpus), loaded and parsed beforehand. Resolving the same parsed pages
// again gives the same result, as the preview server's rebuilds rely on.
func BenchmarkResolve(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			in := Parsed(b, n)
			b.ReportAllocs()
			for b.Loop() {
				diags := &diag.List{}
				resolve.Resolve(in, diags)
				if len(diags.Sorted()) > 0 {
					b.Fatalf("%d diagnostics", len(diags.Sorted()))
				}
			}
		})
	}
}

// Parsed loads and parses the generated site of n notes.
func Parsed(tb testing.TB, n int) resolve.Input {
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
	if diags.HasErrors() {
		tb.Fatal(diags.Sorted())
	}
	return in
}

// BenchmarkBegin is Begin alone on a generated site: the part of the
// resolve stage that needs only front matter, which the preview runs
// again (Rebegin) on every front-matter edit.
func BenchmarkBegin(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			in := Parsed(b, n)
			b.ReportAllocs()
			for b.Loop() {
				diags := &diag.List{}
				if s := resolve.Begin(in, diags); len(s.Notes) != n || diags.HasErrors() {
					b.Fatalf("%d notes, %d diagnostics", len(s.Notes), len(diags.Sorted()))
				}
			}
		})
	}
}

// BenchmarkRebegin is Rebegin on a generated site, from the site the last
// build made: what the preview runs on every front-matter edit.
func BenchmarkRebegin(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			in := Parsed(b, n)
			s := resolve.Begin(in, &diag.List{})
			b.ReportAllocs()
			for b.Loop() {
				diags := &diag.List{}
				if s = resolve.Rebegin(in, s, diags); len(s.Notes) != n || diags.HasErrors() {
					b.Fatalf("%d notes, %d diagnostics", len(s.Notes), len(diags.Sorted()))
				}
			}
		})
	}
}
