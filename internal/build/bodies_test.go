package build_test

import (
	"fmt"
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
	defer build.SetMinGarbage(1)()
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
	for round := range 5 {
		write(round)
		changed := []string{}
		for p := range site {
			changed = append(changed, p)
		}
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		sameBuild(t, got, want)
		stores, bodies := cache.BodyStores()
		if stores != 1 || bodies < 5 {
			t.Errorf("round %d: %d bodies in %d stores, want at least 5 in 1", round, bodies, stores)
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
