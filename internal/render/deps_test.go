package render

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// TestFrontIn holds frontIn, which looks at a key's pages only when their
// signature may hold a page in Fronts, to anyFront, which looks at them
// all, over random lists of pages and sets of Fronts, few (looked through
// as a list, with their bits) and many (a map): a signature never leaves
// out a page it holds.
func TestFrontIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pages := make([]*resolve.Page, 400)
	for i := range pages {
		pages[i] = &resolve.Page{Slug: fmt.Sprint("p", i)}
	}
	pick := func(n int) []*resolve.Page {
		out := make([]*resolve.Page, n)
		for i := range out {
			out[i] = pages[rng.IntN(len(pages))]
		}
		return out
	}
	found := 0
	for round := range 2000 {
		fronts := map[*resolve.Page]bool{}
		for _, p := range pick(1 + rng.IntN(2*smallPageSet)) {
			fronts[p] = true
		}
		cr := &cacheRun{fronts: fronts}
		if len(fronts) <= smallPageSet {
			cr.frontList = slices.Collect(maps.Keys(fronts))
			for _, f := range cr.frontList {
				cr.frontBits = append(cr.frontBits, depBits(f))
			}
		}
		list := pick(rng.IntN(60))
		if rng.IntN(4) == 0 && len(cr.frontList) > 0 {
			list = append(list, cr.frontList[rng.IntN(len(cr.frontList))]) // one surely among them
		}
		deps := depsOf(list)
		for _, p := range list {
			if !deps.sig.mayHold(depBits(p)) {
				t.Fatalf("round %d: the signature leaves out %s, which its list holds", round, p.Slug)
			}
		}
		want := cr.anyFront(list)
		if got := cr.frontIn(deps); got != want {
			t.Fatalf("round %d: frontIn = %v, anyFront = %v (%d fronts, %d pages)", round, got, want, len(fronts), len(list))
		}
		if want {
			found++
		}
	}
	if found < 200 || found > 1800 {
		t.Errorf("%d of 2000 rounds had a page in Fronts: the cases are not mixed", found)
	}
}
