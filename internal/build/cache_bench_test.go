package build_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// bigSite makes a site of n notes and n/4 sources, each note with a dozen
// paragraphs that link to other notes and cite sources.
func bigSite(n int) fstest.MapFS {
	rng := rand.New(rand.NewPCG(1, 2))
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Big\nhome: note-0\n")}}
	sources := max(n/4, 1)
	for i := range sources {
		site[fmt.Sprintf("content/sources/src-%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Source %d\noutlet: Outlet %d\npublished: 2026-01-0%d\nkind: news report\n---\nNotes on source %d.\n", i, i%7, 1+i%9, i)}
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Note %d\nsummary: Summary of note %d.\ntags: [tag-%d]\npublished: 2026-01-01\n---\n", i, i, i%20)
		for k := range 12 {
			if k%4 == 0 {
				fmt.Fprintf(&b, "## Section %d\n\n", k)
			}
			fmt.Fprintf(&b, "Paragraph %d of note %d links to [[note-%d]] for context, as reported [@src-%d].\n\n",
				k, i, (i+1+rng.IntN(n-1))%n, rng.IntN(sources))
		}
		site[fmt.Sprintf("content/notes/note-%d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return site
}

// BenchmarkBuild is a full build of a site of 1,000 notes.
func BenchmarkBuild(b *testing.B) {
	site := bigSite(1000)
	for b.Loop() {
		build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	}
}

// BenchmarkRebuild is the preview server's rebuild of the same site after
// one paragraph of one note changed.
func BenchmarkRebuild(b *testing.B) {
	site := bigSite(1000)
	cache := build.NewCache()
	build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	note := site["content/notes/note-500.md"]
	orig := string(note.Data)
	i := 0
	for b.Loop() {
		i++
		note.Data = []byte(strings.Replace(orig, "Paragraph 3 ", fmt.Sprintf("Paragraph 3 (edit %d) ", i), 1))
		res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
		if !res.OK() {
			b.Fatal(res.Diagnostics)
		}
	}
	b.ReportMetric(float64(len(cache.Fresh())), "pages-rendered")
}
