package render_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/view"
)

// TestCacheStore renders a site again and again through one Cache with
// Pack, as the preview does: the pages are kept in the Cache's temporary
// file, not in memory, and read back as a render without a cache writes
// them; a page taken from the cache is the very file kept before; and once
// most of the file is pages no longer kept (here after each change of
// template), the pages still kept move to a new file, while the files of
// the render before, still being served, read as they did. The pages that
// show a list of the site whole (the home page, the timeline, ...) are
// kept as they are, in memory.
func TestCacheStore(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Stored\nhome: n0\n")}}
	for i := range 6 {
		site[fmt.Sprintf("content/notes/n%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Note %d\ntags: [t]\n---\nText of note %d, linking to [[n%d]].\n", i, i, (i+1)%6)}
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	note, err := fs.ReadFile(dossier.Templates(), "note.html")
	if err != nil {
		t.Fatal(err)
	}
	// templates returns the default templates with a note template that
	// writes n into each note page.
	templates := func(n int) fs.FS {
		changed := strings.Replace(string(note), "<h1>{{.Title}}</h1>", fmt.Sprintf("<h1>{{.Title}}</h1><!-- %d -->", n), 1)
		if changed == string(note) {
			t.Fatal("note.html has no <h1>{{.Title}}</h1> to change")
		}
		return render.Overlay(fstest.MapFS{"note.html": {Data: []byte(changed)}}, dossier.Templates())
	}
	plain := func(f render.File) []byte {
		b, err := f.Plain()
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		return b
	}
	render1 := func(tmpl fs.FS, c *render.Cache) map[string]render.File {
		t.Helper()
		diags := &diag.List{}
		opts := render.Options{Templates: tmpl}
		if c != nil {
			opts.Cache, opts.Pack = c, true
		}
		files := render.Render(res.Site, opts, diags)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		out := map[string]render.File{}
		for _, f := range files {
			out[f.Path] = f
		}
		return out
	}
	c := render.NewCache()
	c.SetMinGarbage(1)
	var last map[string]render.File
	// The templates of each round. In the fifth, two thirds of the store
	// are pages no longer kept, and the rest move to a new store.
	rounds := []int{0, 0, 1, 2, 2, 3}
	var lastStores map[any]bool
	whole := map[string]bool{} // the paths of the kinds that show a list whole
	for _, k := range view.Kinds {
		if len(k.Lists) > 0 && k.Path != "" {
			whole[k.Path] = true
		}
	}
	for round, n := range rounds {
		compacted := c.Compacted
		files := render1(templates(n), c)
		want := render1(templates(n), nil)
		stored, kept := 0, 0
		stores := map[any]bool{}
		for path, w := range want {
			f, ok := files[path]
			if !ok {
				t.Fatalf("round %d: %s missing", round, path)
			}
			if !bytes.Equal(plain(f), w.Data) {
				t.Errorf("round %d: %s reads back otherwise than a render without a cache writes it", round, path)
			}
			if whole[path] {
				kept++
				if f.Stored.Valid() || f.Packed {
					t.Errorf("round %d: %s, which shows a list whole, is packed (stored %v)", round, path, f.Stored.Valid())
				}
			}
			if f.Stored.Valid() {
				stored++
				stores[f.Stored.Store()] = true
				if f.Data != nil || !f.Packed {
					t.Errorf("round %d: %s is stored, with %d bytes in memory too (packed %v)", round, path, len(f.Data), f.Packed)
				}
			}
			if old, ok := last[path]; ok && n == rounds[round-1] && round != 4 && f.Stored != old.Stored {
				t.Errorf("round %d: %s, taken from the cache, is not the file kept before", round, path)
			}
		}
		if stored < 8 || kept < 5 {
			t.Errorf("round %d: %d pages stored, %d kept as they are", round, stored, kept)
		}
		if len(stores) != 1 {
			t.Errorf("round %d: the pages are in %d stores, not in the Cache's one", round, len(stores))
		}
		if moved := c.Compacted > compacted; moved != (round == 4) {
			t.Errorf("round %d: pages moved to a new store: %v", round, moved)
		} else if moved {
			for s := range stores {
				if lastStores[s] {
					t.Errorf("round %d: the pages kept are still in the old store", round)
				}
			}
		}
		lastStores = stores
		// The files of the render before read as they did.
		for path, f := range last {
			if _, err := f.Plain(); err != nil {
				t.Errorf("round %d: the last render's %s no longer reads: %v", round, path, err)
			}
		}
		last = files
	}
	if c.Compacted == 0 {
		t.Error("the pages kept were never moved to a new store")
	}
}

// TestCacheNoStore renders through a Cache with Pack where no temporary
// file can be made: the pages are kept packed in memory instead, and read
// back as a render without a cache writes them.
func TestCacheNoStore(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()+"/missing")
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Unstored\nhome: a\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nText of A. {no citation}\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	diags := &diag.List{}
	want := map[string][]byte{}
	for _, f := range render.Render(res.Site, render.Options{Templates: dossier.Templates()}, diags) {
		want[f.Path] = f.Data
	}
	packed := 0
	for _, f := range render.Render(res.Site, render.Options{Templates: dossier.Templates(), Cache: render.NewCache(), Pack: true}, diags) {
		if f.Stored.Valid() {
			t.Fatalf("%s is stored, though no store can be made", f.Path)
		}
		if f.Packed {
			packed++
		}
		got, err := f.Plain()
		if err != nil || !bytes.Equal(got, want[f.Path]) {
			t.Errorf("%s reads back otherwise than a render without a cache writes it (%v)", f.Path, err)
		}
	}
	if diags.HasErrors() || packed == 0 {
		t.Errorf("%d pages packed; %v", packed, diags)
	}
}
