package serve

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/render"
)

// TestSwap holds swap to what a new map of every file would give: after
// each of many random builds (files changed, changed back to the same
// bytes, packed, added, dropped, renamed and moved), the served map is
// this build's files by path, and the changed paths are exactly those
// whose bytes differ from the last build's, were added or were dropped.
func TestSwap(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
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
			switch rng.IntN(7) {
			case 0: // new bytes
				files[i].Data = fmt.Appendf(nil, "%s, edited in round %d", files[i].Data, round)
			case 1: // the same bytes, made again
				files[i].Data = bytes.Clone(files[i].Data)
			case 2:
				files[i].Packed = !files[i].Packed
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
			if prev, ok := before[f.Path]; !ok || prev.Packed != f.Packed || !bytes.Equal(prev.Data, f.Data) {
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
			if g, ok := s.files[f.Path]; !ok || g.Packed != f.Packed || !bytes.Equal(g.Data, f.Data) {
				t.Fatalf("round %d: %s served as %q (packed %v), want %q (packed %v)", round, f.Path, g.Data, g.Packed, f.Data, f.Packed)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}
