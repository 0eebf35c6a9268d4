package build

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// fakeResult stands for a resolve.PageResult: the pages it read, and
// whether it read more of the site than pages.
type fakeResult struct {
	reads []*resolve.Page
	wide  bool
}

func fakeReads(r *fakeResult, read func(*resolve.Page)) bool {
	for _, p := range r.reads {
		read(p)
	}
	return !r.wide
}

// TestReadIndex brings one readIndex up to date through lists of results
// that change at a few places, grow and shrink, as the preview's builds
// do, and holds it after each to what the lists say: which places read
// each page (and no entry for a page none reads, so that pages gone from
// the site are let go), and which places mark finds for a set of pages.
func TestReadIndex(t *testing.T) {
	pages := make([]*resolve.Page, 12)
	for i := range pages {
		pages[i] = &resolve.Page{Path: fmt.Sprint("p", i)}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	result := func() *fakeResult {
		if rng.IntN(8) == 0 {
			return nil // a page not resolved
		}
		r := &fakeResult{wide: rng.IntN(10) == 0}
		for _, k := range rng.Perm(len(pages))[:rng.IntN(4)] {
			r.reads = append(r.reads, pages[k])
		}
		return r
	}
	tests := []struct {
		name  string
		edits func(last []*fakeResult) []*fakeResult
	}{
		{"a few places change", func(last []*fakeResult) []*fakeResult {
			next := slices.Clone(last)
			for range 1 + rng.IntN(3) {
				next[rng.IntN(len(next))] = result()
			}
			return next
		}},
		{"nothing changes", slices.Clone[[]*fakeResult]},
		{"a result is kept at another place", func(last []*fakeResult) []*fakeResult {
			next := slices.Clone(last)
			i, j := rng.IntN(len(next)), rng.IntN(len(next))
			next[i], next[j] = next[j], next[i]
			return next
		}},
		{"places added or removed", func(last []*fakeResult) []*fakeResult {
			next := slices.Clone(last)
			if rng.IntN(2) == 0 && len(next) > 1 {
				return next[:len(next)-1]
			}
			return append(next, result())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := readIndex[*fakeResult]{reads: fakeReads}
			results := make([]*fakeResult, 9)
			for i := range results {
				results[i] = result()
			}
			for round := range 200 {
				if round > 0 {
					results = tt.edits(results)
				}
				x.update(results)
				want := map[*resolve.Page][]int32{}
				for i, r := range results {
					if r != nil {
						for _, p := range r.reads {
							want[p] = append(want[p], int32(i))
						}
					}
				}
				if len(x.readers) != len(want) {
					t.Fatalf("round %d: %d pages read; want %d", round, len(x.readers), len(want))
				}
				for p, w := range want {
					got := slices.Sorted(slices.Values(x.readers[p]))
					if !slices.Equal(got, w) {
						t.Fatalf("round %d: %s read at %v; want %v", round, p.Path, got, w)
					}
				}
				changed := map[*resolve.Page]bool{}
				for _, k := range rng.Perm(len(pages))[:rng.IntN(3)] {
					changed[pages[k]] = true
				}
				hit := make([]bool, len(results))
				x.mark(changed, hit)
				for i, r := range results {
					want := r != nil && (r.wide || slices.ContainsFunc(r.reads, func(p *resolve.Page) bool { return changed[p] }))
					if hit[i] != want {
						t.Fatalf("round %d: place %d marked %v; want %v", round, i, hit[i], want)
					}
				}
			}
			x.reset()
			if x.readers != nil || x.results != nil {
				t.Error("reset kept what the index recorded")
			}
		})
	}
}
