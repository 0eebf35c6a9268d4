package corpus_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// TestDossierBuildsStrict checks that a corpus passes `dossier check
// -strict`: no errors and no warnings (every paragraph cites, every source
// is used, every quote is verbatim).
func TestDossierBuildsStrict(t *testing.T) {
	files := corpus.Dossier(corpus.Options{Notes: 300, Seed: 7})
	res := build.Run(build.Options{Site: files.FS(), Templates: dossier.Templates(), Strict: true})
	if len(res.Diagnostics) > 0 {
		var b strings.Builder
		_ = diag.WriteText(&b, res.Diagnostics)
		t.Fatalf("corpus has problems:\n%s", b.String())
	}
	if res.Stats.Notes != 300 || res.Stats.Sources != 30 {
		t.Errorf("built %d notes and %d sources; want 300 and 30", res.Stats.Notes, res.Stats.Sources)
	}
	if len(res.Site.Claims) == 0 || len(res.Site.Events) == 0 {
		t.Errorf("corpus has %d claims and %d events; want some of each", len(res.Site.Claims), len(res.Site.Events))
	}
}

func TestDeterministic(t *testing.T) {
	for _, gen := range []func(corpus.Options) corpus.Files{corpus.Dossier, corpus.Hugo} {
		a, b := gen(corpus.Options{Notes: 200, Seed: 3}), gen(corpus.Options{Notes: 200, Seed: 3})
		if len(a) != len(b) {
			t.Fatalf("two runs gave %d and %d files", len(a), len(b))
		}
		for p, data := range a {
			if !bytes.Equal(data, b[p]) {
				t.Fatalf("two runs gave different %s", p)
			}
		}
	}
}

// TestNoteShape checks that notes have the advertised length, links and
// citations.
func TestNoteShape(t *testing.T) {
	files := corpus.Dossier(corpus.Options{Notes: 500, Seed: 1})
	for _, p := range files.Paths() {
		if !strings.HasPrefix(p, "content/notes/") {
			continue
		}
		doc, err := frontmatter.Split(files[p])
		if err != nil {
			t.Fatal(err)
		}
		body := string(doc.Body)
		words := len(strings.Fields(body))
		links := strings.Count(body, "[[") + strings.Count(body, ".md)") + strings.Count(body, ".md#")
		cites := strings.Count(body, "[@")
		if words < 250 || words > 1700 || links < 3 || links > 11 || cites < 2 {
			t.Errorf("%s: %d words, %d links, %d citations; want 300-1500 words, 3-10 links and citations", p, words, links, cites)
		}
	}
}
