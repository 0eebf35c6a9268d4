package markup_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// noteBodies returns the Markdown bodies of the notes of a generated site
// of n notes (see package corpus).
func noteBodies(b *testing.B, n int) [][]byte {
	files := corpus.Dossier(corpus.Options{Notes: n, Seed: 1})
	var bodies [][]byte
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, "content/notes/") {
			doc, err := frontmatter.Split(files[p])
			if err != nil {
				b.Fatal(err)
			}
			bodies = append(bodies, doc.Body)
		}
	}
	return bodies
}

// BenchmarkParse is the parse stage for 1,000 notes, on one core.
func BenchmarkParse(b *testing.B) {
	bodies := noteBodies(b, 1000)
	md := markup.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			md.Parse(body)
		}
	}
}

// BenchmarkRenderBody renders the parsed bodies of 1,000 notes to HTML,
// with their links and citations unresolved: the Markdown half of the
// render stage.
func BenchmarkRenderBody(b *testing.B) {
	bodies := noteBodies(b, 1000)
	md := markup.New()
	docs := make([]*markup.Doc, len(bodies))
	for i, body := range bodies {
		docs[i] = md.Parse(body)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			buf.Reset()
			if err := md.Render(&buf, d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
