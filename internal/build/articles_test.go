package build_test

import (
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
)

// TestArticlesMissingStrict checks that the note saying the article texts
// are not there stays a note with -strict: a clone of the repository alone
// (GitHub's runner) must pass check -strict.
func TestArticlesMissingStrict(t *testing.T) {
	s := LoadSite(t, "testdata/sites/passages-no-articles.txtar")
	res := build.Run(build.Options{Site: s.FS, Templates: dossier.Templates(), Strict: true})
	if !res.OK() || len(res.Files) == 0 {
		t.Fatalf("strict build failed: %v", res.Diagnostics)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != diag.Note || res.Diagnostics[0].Code != diag.CodeArticlesMissing {
		t.Fatalf("diagnostics = %v; want one articles-missing note", res.Diagnostics)
	}
	if res.Stats.Warnings != 0 || res.Stats.Errors != 0 {
		t.Errorf("stats count the note: %+v", res.Stats)
	}
	// With the texts there, no note.
	res = build.Run(build.Options{Site: s.FS, Templates: dossier.Templates(), Strict: true,
		Articles: fstest.MapFS{"a.txt": {Data: []byte("Officials described it as \u201ca firm condition\u201d of the deal.")}}})
	if len(res.Diagnostics) != 0 || !res.OK() {
		t.Errorf("with the texts: %v", res.Diagnostics)
	}
}

// TestArticlesDir checks how the articles folder is found from dossier.yaml.
func TestArticlesDir(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: T\narticles: ../shared/seeds\n")}}
	if got, want := build.ArticlesDir("/w/repo", site), "/w/shared/seeds"; got != want {
		t.Errorf("ArticlesDir = %q; want %q", got, want)
	}
	if got := build.ArticlesDir("/w/repo", fstest.MapFS{"dossier.yaml": {Data: []byte("title: T\n")}}); got != "" {
		t.Errorf("ArticlesDir without the key = %q; want none", got)
	}
}

// TestCacheArticleTexts checks that the preview, which keeps each article
// text folded from one build to the next, checks excerpts against the text
// as it is now: an article edited so that an excerpt is no longer in it
// fails the build as a full build fails it, and mended, passes again.
func TestCacheArticleTexts(t *testing.T) {
	s := LoadSite(t, "testdata/sites/passages-no-articles.txtar")
	text := func(s string) fstest.MapFS { return fstest.MapFS{"a.txt": {Data: []byte(s)}} }
	cache := build.NewCache()
	for _, step := range []struct {
		text string
		ok   bool
	}{
		{"Officials described it as \u201ca firm condition\u201d of the deal.", true},
		{"Officials described it as \u201ca condition\u201d of the deal.", false},
		{"Officials described it as \u201ca condition\u201d of the deal.", false},
		{"Officials  described it as \"a firm condition\" of the deal.", true},
	} {
		opts := build.Options{Site: s.FS, Templates: dossier.Templates(), Articles: text(step.text)}
		want := build.Run(opts)
		opts.Cache = cache
		got := build.Run(opts)
		if want.OK() != step.ok {
			t.Fatalf("%q: the full build has OK() = %v; want %v:\n%s", step.text, want.OK(), step.ok, formatDiagnostics(want))
		}
		sameBuild(t, got, want)
	}
}
