package serve

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/render"
)

// TestSwap holds swap to what a new map of every file would give: after
// each of many random builds (files changed, changed back to the same
// bytes, packed, added, dropped, renamed and moved), the served map is
// this build's files by path, and the changed paths are exactly those
// whose bytes differ from the last build's, were added or were dropped.
// Files are kept in memory or in a packed.Store, as the preview keeps its
// pages: a file moved from one to the other, or stored again, with the
// same bytes, is not changed.
func TestSwap(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	store, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// content returns what a file holds: its form, and its bytes.
	content := func(f render.File) (bool, []byte) {
		if !f.Stored.Valid() {
			return f.Packed, f.Data
		}
		b, err := f.Stored.Packed()
		if err != nil {
			t.Fatal(err)
		}
		return f.Packed, b
	}
	same := func(a, b render.File) bool {
		pa, da := content(a)
		pb, db := content(b)
		return pa == pb && bytes.Equal(da, db)
	}
	stored := 0
	name := 0
	fresh := func() render.File {
		name++
		return render.File{Path: fmt.Sprintf("f%d.html", name), Data: fmt.Appendf(nil, "page %d", name)}
	}
	var files []render.File
	for range 40 {
		files = append(files, fresh())
	}
	s := &Server{}
	s.swap(files)
	for round := range 2000 {
		last := files
		files = slices.Clone(files)
		for range 1 + rng.IntN(4) {
			i := rng.IntN(len(files))
			switch rng.IntN(9) {
			case 0: // new bytes
				_, b := content(files[i])
				files[i] = render.File{Path: files[i].Path, Data: fmt.Appendf(nil, "%s, edited in round %d", b, round), Packed: files[i].Packed}
			case 1: // the same bytes, made again
				_, b := content(files[i])
				files[i] = render.File{Path: files[i].Path, Data: bytes.Clone(b), Packed: files[i].Packed}
			case 2:
				_, b := content(files[i])
				files[i] = render.File{Path: files[i].Path, Data: b, Packed: !files[i].Packed}
			case 7, 8: // kept in the store (again), packed, with the same bytes
				_, b := content(files[i])
				ref, err := store.Write(b)
				if err != nil {
					t.Fatal(err)
				}
				files[i] = render.File{Path: files[i].Path, Packed: true, Stored: ref}
				stored++
			case 3:
				files = slices.Insert(files, i, fresh())
			case 4:
				if len(files) > 1 {
					files = slices.Delete(files, i, i+1)
				}
			case 5: // renamed, as a search fragment named for its content is
				f := fresh()
				files = slices.Delete(files, i, i+1)
				files = slices.Insert(files, rng.IntN(len(files)+1), f)
			case 6: // moved
				f := files[i]
				files = slices.Delete(files, i, i+1)
				files = slices.Insert(files, rng.IntN(len(files)+1), f)
			}
		}
		want := map[string]bool{}
		before := map[string]render.File{}
		for _, f := range last {
			before[f.Path] = f
		}
		now := map[string]bool{}
		for _, f := range files {
			now[f.Path] = true
			if prev, ok := before[f.Path]; !ok || !same(prev, f) {
				want[f.Path] = true
			}
		}
		for _, f := range last {
			if !now[f.Path] {
				want[f.Path] = true
			}
		}
		changed := s.swap(files)
		got := map[string]bool{}
		for _, p := range changed {
			if got[p] {
				t.Fatalf("round %d: %s named twice among the changed", round, p)
			}
			got[p] = true
		}
		for p := range want {
			if !got[p] {
				t.Errorf("round %d: %s changed but is not named", round, p)
			}
		}
		for p := range got {
			if !want[p] {
				t.Errorf("round %d: %s named but did not change", round, p)
			}
		}
		if len(s.files) != len(files) {
			t.Fatalf("round %d: %d files served, want %d", round, len(s.files), len(files))
		}
		for _, f := range files {
			if g, ok := s.files[f.Path]; !ok || !same(g, f) {
				t.Fatalf("round %d: %s served as %+v, want %+v", round, f.Path, g, f)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if stored == 0 {
		t.Fatal("no file was stored")
	}
}
