package content_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// BenchmarkLoad is the load stage on a generated site on disk (see package
// corpus): reading every file and decoding its front matter.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Dossier(corpus.Options{Notes: n, Seed: 1}).Write(dir); err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			b.ReportAllocs()
			for b.Loop() {
				diags := &diag.List{}
				site := content.Load(fsys, diags)
				if diags.HasErrors() || len(site.Notes) != n {
					b.Fatalf("loaded %d notes with %d diagnostics", len(site.Notes), len(diags.Sorted()))
				}
			}
		})
	}
}
