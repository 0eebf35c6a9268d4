package build

import (
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/packed"
)

// TestBodiesCountedLater holds the count of the store's live bytes a build
// takes when it ends (countLater) to what the next build's bodyStore would
// count, and shows that bodyStore decides by it, but not by a count of
// another store.
func TestBodiesCountedLater(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Count\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nA links [[b]]. {no citation}\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\nB. {no citation}\n")},
	}
	cache := NewCache()
	opts := Options{Site: site, Templates: dossier.Templates(), Cache: cache}
	edit := func(body string) {
		t.Helper()
		site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\n" + body + " {no citation}\n")}
		opts.Changed = []string{"content/notes/b.md"}
		if res := Run(opts); !res.OK() {
			t.Fatalf("the build failed: %v", res.Diagnostics)
		}
		cache.settle()
	}
	edit("B.")
	for i, body := range []string{"B, edited.", "B, edited again."} {
		edit(body)
		counted := cache.bodiesLive
		if counted.store == nil || counted.store != cache.bodies {
			t.Fatalf("edit %d: the count is of store %p; want the bodies' store %p", i, counted.store, cache.bodies)
		}
		if want := packed.Live(cache.bodies, cache.heldBodies); counted.bytes != want || want == 0 {
			t.Fatalf("edit %d: counted %d bytes; want %d, not 0", i, counted.bytes, want)
		}
	}

	// A count that says nothing is live moves the bodies to a new store;
	// the same count of another store is not taken.
	cache.SetMinGarbage(1)
	other, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	cache.bodiesLive = liveBytes{other, 0}
	if before := cache.bodies; cache.bodyStore() != before || cache.Moved != 0 {
		t.Errorf("a count of another store moved the bodies")
	}
	cache.bodiesLive = liveBytes{cache.bodies, 0}
	if before := cache.bodies; cache.bodyStore() == before || cache.Moved != 1 {
		t.Errorf("a count of no live bytes left the bodies where they were (moved %d times)", cache.Moved)
	}
	if cache.bodiesLive != (liveBytes{}) {
		t.Error("bodyStore left the count for another build")
	}
}
