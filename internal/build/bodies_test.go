package build_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestCacheBodies edits every note's text build after build through one
// Cache, as an editor's preview runs: the bodies are kept in the Cache's
// temporary file, one file for all of them; once most of the file is
// bodies no longer kept, those still kept move to a new file; and every
// build gives what a full build gives.
func TestCacheBodies(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Bodies\n")}}
	// write edits the text of every note but the last, whose body stays
	// where it was first kept until it moves.
	write := func(round int) {
		for i := range 5 {
			if i == 4 && round > 0 {
				continue
			}
			site[fmt.Sprintf("content/notes/n%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: N%d\n---\nText %d of note %d, linking to [[n%d]]. {no citation}\n", i, round, i, (i+1)%5)}
		}
	}
	cache := build.NewCache()
	cache.SetMinGarbage(1)
	for round := range 5 {
		write(round)
		changed := []string{}
		for p := range site {
			changed = append(changed, p)
		}
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		sameBuild(t, got, want)
		stores, bodies, sources, held := cache.BodyStores()
		if stores != 1 || bodies < 5 || sources < 5 {
			t.Errorf("round %d: %d bodies and %d pages' Markdown in %d stores, want at least 5 of each in 1", round, bodies, sources, stores)
		}
		if held != 0 {
			t.Errorf("round %d: %d pages' Markdown held in memory, want none", round, held)
		}
		// The store holds one round's bodies after the first build, two
		// after the second, three after the third: at the fourth, the
		// bodies still kept move to a new store, which holds two rounds'
		// after it, and three only after the fifth.
		if want := min(max(0, round-2), 1); cache.Moved != want {
			t.Errorf("round %d: bodies moved %d times, want %d", round, cache.Moved, want)
		}
	}
}

// TestCacheThawedPositions edits the title of a note that another links
// to, so that the other is resolved again from the Markdown the Cache let
// go (see letGo): its warnings keep their lines and columns, as a full
// build reports them.
func TestCacheThawedPositions(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Positions\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\nB's text. {no citation}\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nA's text, linking to [[b]]. {no citation}\n\nAnd a picture:\n\n  ![](https://example.org/x.png)\n")},
		"content/notes/c.md": {Data: []byte("---\ntitle: C\n---\nC's text. {no citation}\n")},
	}
	cache := build.NewCache()
	first := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	sameBuild(t, first, want)
	if len(want.Diagnostics) == 0 {
		t.Fatal("the site gives no warning to place")
	}
	site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Bee\n---\nB's text. {no citation}\n")}
	got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/notes/b.md"}})
	want = build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	sameBuild(t, got, want)
	if got.Stats.Parsed < 2 {
		t.Errorf("parsed %d pages; want b and a, which links to it", got.Stats.Parsed)
	}
	placed := 0
	for _, d := range got.Diagnostics {
		if d.Pos.File == "content/notes/a.md" && d.Pos.Line == 8 && d.Pos.Col == 3 {
			placed++
		}
	}
	if placed != 2 {
		t.Errorf("%d warnings at a.md:8:3, want 2 (the image's host and its text): %v", placed, got.Diagnostics)
	}
}

// TestCacheFrontAndBody saves a note with a new title and a new text at
// once: the load stage decodes the file again, and the Cache, which let
// the old Markdown go (see letGo), must see that the body changed too.
func TestCacheFrontAndBody(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Both\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nThe old text. {no citation}\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\nB links to [[a]]. {no citation}\n")},
	}
	cache := build.NewCache()
	sameBuild(t, build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}),
		build.Run(build.Options{Site: site, Templates: dossier.Templates()}))
	site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Ay\n---\nThe new text. {no citation}\n")}
	got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/notes/a.md"}})
	sameBuild(t, got, build.Run(build.Options{Site: site, Templates: dossier.Templates()}))
}

// TestFullBuildStoresTexts: a full build writes the backlinks' paragraphs
// and the citing sentences to its temporary file as it resolves each page
// (see resolve.Input.Texts), and its pages show them as the preview's
// build, which holds them in memory, does.
func TestFullBuildStoresTexts(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":          {Data: []byte("title: Texts\n")},
		"content/sources/s1.md": {Data: []byte("---\ntitle: One\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nOne.\n")},
		"content/notes/a.md":    {Data: []byte("---\ntitle: A\n---\nThe paragraph that links to [[b]] and to [[c]].\n\nThe ministry denied it on 2 March 2026 [@s1]. Another sentence.\n")},
		"content/notes/b.md":    {Data: []byte("---\ntitle: B\n---\nB says so, as [[c]] does [@s1].\n")},
		"content/notes/c.md":    {Data: []byte("---\ntitle: C\n---\nC's text. {no citation}\n")},
	}
	full := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !full.OK() {
		t.Fatalf("the build failed: %v", full.Diagnostics)
	}
	preview := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: build.NewCache()})
	sameBuild(t, preview, full)

	c := full.Site.Note("c")
	if len(c.Backlinks) != 2 {
		t.Fatalf("c has %d backlinks, want 2", len(c.Backlinks))
	}
	for _, bl := range c.Backlinks {
		if !bl.Context.Stored() {
			t.Errorf("the backlink from %s holds its paragraph in memory", bl.From.Slug)
		}
	}
	if got, want := c.Backlinks[0].Context.String(), "The paragraph that links to B and to C."; got != want {
		t.Errorf("the backlink from a reads %q, want %q", got, want)
	}
	s1 := full.Site.Source("s1")
	if len(s1.CitedBy) != 2 {
		t.Fatalf("s1 is cited %d times, want 2", len(s1.CitedBy))
	}
	for _, ct := range s1.CitedBy {
		if !ct.Sentence.Stored() {
			t.Errorf("the citation on %s holds its sentence in memory", ct.From.Slug)
		}
	}
	if got, want := s1.CitedBy[0].Sentence.String(), "The ministry denied it on 2 March 2026."; got != want {
		t.Errorf("a's citing sentence reads %q, want %q", got, want)
	}
	page := fileOf(t, full, "sources/s1/index.html")
	if !strings.Contains(page, "<q>The ministry denied it on 2 March 2026.</q>") {
		t.Error("the source's page does not show a's citing sentence")
	}
	for _, bl := range preview.Site.Note("c").Backlinks {
		if bl.Context.Stored() {
			t.Errorf("the preview's backlink from %s is in a file, not in memory", bl.From.Slug)
		}
	}
}
