package dossier_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/resolve"
)

// The texts of the articles the content cites are not kept in the
// repository (they are the outlets' work, not ours to republish): they live
// in the project's collection, ../shared/seeds beside the repository, or in
// the folder DOSSIER_ARTICLES names. The tests that read them skip where the
// texts are absent (a clone of the repository alone, as on GitHub's runner),
// unless DOSSIER_REQUIRE_ARTICLES=1, which .ci/run sets.
func articlesDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DOSSIER_ARTICLES")
	if dir == "" {
		dir = filepath.Join("..", "shared", "seeds")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("DOSSIER_REQUIRE_ARTICLES") == "1" {
			t.Fatalf("the article texts are missing (%v), and DOSSIER_REQUIRE_ARTICLES=1 says they must be checked: put the collection at ../shared/seeds or set DOSSIER_ARTICLES to its folder", err)
		}
		t.Skipf("the article texts are not here (%v): excerpts are not checked against them; put the collection at ../shared/seeds or set DOSSIER_ARTICLES=DIR to check them", err)
	}
	return dir
}

func siteFS(t *testing.T) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

// TestContentStrict builds this repository's own site with -strict: every
// link and citation resolves, every quote is in its source's excerpts, and
// no paragraph is left uncited.
func TestContentStrict(t *testing.T) {
	res := build.Run(build.Options{Site: siteFS(t).FS(), Templates: dossier.Templates(), Strict: true})
	for _, d := range res.Diagnostics {
		// A note (the article texts are not there, in a worktree or a bare
		// clone) tells the editor about the run; it is not a failure.
		if d.Severity == diag.Note {
			continue
		}
		t.Error(d.Error())
	}
	if res.Stats.Notes == 0 || res.Stats.Sources == 0 || len(res.Files) == 0 {
		t.Fatalf("built %d notes and %d sources into %d files; want some of each", res.Stats.Notes, res.Stats.Sources, len(res.Files))
	}
}

// TestExcerptsInSeeds checks that every excerpt of a source record that
// names its seed article appears in that article word for word, normalising
// only white space and quote-mark style.
func TestExcerptsInSeeds(t *testing.T) {
	dir := articlesDir(t)
	diags := &diag.List{}
	site := content.Load(siteFS(t).FS(), diags)
	checked := 0
	for _, s := range site.Sources {
		if s.Meta.Seed == "" {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, filepath.Base(s.Meta.Seed)))
		if err != nil {
			t.Errorf("%s: seed %q: %v", s.Path, s.Meta.Seed, err)
			continue
		}
		article := resolve.NormalizeQuote(string(raw))
		for i, e := range s.Meta.Excerpts {
			checked++
			if !strings.Contains(article, resolve.NormalizeQuote(e)) {
				t.Errorf("%s: excerpts[%d] is not in %s word for word: %q", s.File.Pos(fmt.Sprintf("excerpts[%d]", i)), i, s.Meta.Seed, e)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no excerpt was checked: no source record names its seed")
	}
	t.Logf("%d excerpts checked against %s", checked, dir)
}

// TestPinnedPassagesInArticles builds the site with the article texts (see
// articlesDir) as its articles folder, as `dossier check` does when they
// are there: every recorded excerpt, and so every passage a citation is
// pinned to, must be in its article word for word. It also checks each
// passage a page's reference list quotes against the article text itself.
func TestPinnedPassagesInArticles(t *testing.T) {
	seedsDir := articlesDir(t)
	articles, err := os.OpenRoot(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	defer articles.Close()
	res := build.Run(build.Options{Site: siteFS(t).FS(), Templates: dossier.Templates(), Articles: articles.FS()})
	for _, d := range res.Diagnostics {
		switch d.Code {
		case diag.CodeExcerptNotInArticle, diag.CodeArticleText, diag.CodeArticlesMissing,
			diag.CodePassageNotFound, diag.CodePassageAmbiguous, diag.CodeQuoteMismatch, diag.CodeQuoteElision:
			t.Error(d.Error())
		}
	}
	if res.Site == nil {
		t.Fatal("no site")
	}
	texts := map[string]string{}
	for _, s := range res.Site.Sources {
		if seed := s.Source.Meta.Seed; seed != "" {
			raw, err := os.ReadFile(filepath.Join(seedsDir, filepath.Base(seed)))
			if err != nil {
				t.Errorf("%s: %v", s.File.Path, err)
				continue
			}
			texts[s.Slug] = resolve.FoldText(string(raw))
		}
	}
	checked := 0
	for _, p := range res.Site.Pages() {
		for _, ref := range p.References {
			text, ok := texts[ref.Source.Slug]
			if !ok {
				continue
			}
			for _, pass := range ref.Passages {
				checked++
				if !strings.Contains(text, resolve.FoldText(pass.Text)) {
					var ids []string
					for _, n := range pass.Cites {
						ids = append(ids, cite.Anchor(ref.Number, n))
					}
					t.Errorf("%s: the passage of %s that citations %v rest on is not in its article: %q", p.File.Path, ref.Source.Slug, ids, pass.Text)
				}
			}
		}
	}
	t.Logf("%d passages quoted in reference lists checked against %s", checked, seedsDir)
}

// jargon matches what readers must never see: the word "seed" and the
// names of the files the articles are kept in.
var jargon = regexp.MustCompile(`(?i)\bseed(s|ed)?\b|\b\d{3}_[0-9a-f]{16}(\.txt)?\b`)

// TestNoCollectionJargon checks that no page of the built site (nor its
// feed or search index) speaks of "seeds" or shows the file name of an
// article in the collection: readers are told which article, never how
// the collection was assembled. The schemas under schema/, written for
// editors' tools, describe the front matter and are not checked.
func TestNoCollectionJargon(t *testing.T) {
	res := build.Run(build.Options{Site: siteFS(t).FS(), Templates: dossier.Templates()})
	if len(res.Files) == 0 {
		t.Fatalf("the site did not build: %v", res.Diagnostics)
	}
	pages := 0
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "schema/") || !(strings.HasSuffix(f.Path, ".html") || strings.HasSuffix(f.Path, ".xml") || strings.HasSuffix(f.Path, ".json")) {
			continue
		}
		pages++
		for _, loc := range jargon.FindAllIndex(f.Data, 3) {
			from, to := max(0, loc[0]-60), min(len(f.Data), loc[1]+30)
			t.Errorf("%s shows %q: ...%s...", f.Path, f.Data[loc[0]:loc[1]], f.Data[from:to])
		}
	}
	if pages == 0 {
		t.Fatal("no page checked")
	}
}
