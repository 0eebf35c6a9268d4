package output_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/output"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// BenchmarkWrite is the write stage: the files of a build of a generated
// site (see package corpus) written to a new folder and swapped in over the
// last one, in b.TempDir (set TMPDIR to a tmpfs to leave the disk out).
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		if n > 1000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			res := build.Run(build.Options{Site: corpus.Dossier(corpus.Options{Notes: n, Seed: 1}).FS(), Templates: dossier.Templates()})
			if !res.OK() {
				b.Fatal(res.Diagnostics)
			}
			size := 0
			files := make([]output.File, len(res.Files))
			for i, f := range res.Files {
				size += len(f.Data)
				files[i] = output.File{Path: f.Path, Data: f.Data} // not packed: no Cache
			}
			dir := filepath.Join(b.TempDir(), "public")
			b.SetBytes(int64(size))
			for b.Loop() {
				if err := output.Write(dir, files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
