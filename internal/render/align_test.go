package render

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAlign holds alignment, which finds most jobs' last places without a
// map, to a map of every last path: each job now is found at its path's
// place in last, or not found when last lacks it, and gone holds the paths
// of last that now lacks, and no other.
func TestAlign(t *testing.T) {
	paths := func(names ...string) []string { return names }
	check := func(t *testing.T, last, now []string) {
		t.Helper()
		a := align(last, now)
		places := map[string]int{}
		for i, p := range last {
			places[p] = i
		}
		for i, p := range now {
			at, ok := a.find(i, p)
			want, wantOK := places[p]
			if ok != wantOK || ok && at != want {
				t.Fatalf("last %v, now %v: job %d (%s) found at %d, %v; want %d, %v", last, now, i, p, at, ok, want, wantOK)
			}
		}
		want := map[string]bool{}
		for _, p := range last {
			if !slices.Contains(now, p) {
				want[p] = true
			}
		}
		if !maps.Equal(a.gone, want) {
			t.Fatalf("last %v, now %v: gone %v; want %v", last, now, a.gone, want)
		}
	}
	for _, tc := range []struct {
		name      string
		last, now []string
	}{
		{"the same", paths("a", "b", "c"), paths("a", "b", "c")},
		{"a first render", nil, paths("a", "b")},
		{"none now", paths("a", "b"), nil},
		{"one added between", paths("a", "b", "d"), paths("a", "b", "c", "d")},
		{"one removed between", paths("a", "b", "c", "d"), paths("a", "c", "d")},
		{"one replaced (a tag's page for another)", paths("a", "t1", "z"), paths("a", "t2", "z")},
		{"added first", paths("b", "c"), paths("a", "b", "c")},
		{"added last", paths("a", "b"), paths("a", "b", "c")},
		{"removed first", paths("a", "b", "c"), paths("b", "c")},
		{"removed last", paths("a", "b", "c"), paths("a", "b")},
		{"two swapped", paths("a", "b", "c", "d"), paths("a", "c", "b", "d")},
		{"all different", paths("a", "b"), paths("c", "d", "e")},
		{"a repeat of the end", paths("a", "b", "a2"), paths("a", "a2")},
		{"the same path at both ends of the change", paths("x", "y", "x2"), paths("x", "x2", "y")},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, tc.last, tc.now) })
	}

	// Random edits of a list of paths: some removed, some added, some
	// moved, as a site's pages come and go between Renders.
	rng := rand.New(rand.NewPCG(5, 6))
	next := 0
	fresh := func() string { next++; return fmt.Sprint("p", next) }
	for range 500 {
		last := make([]string, rng.IntN(40))
		for i := range last {
			last[i] = fresh()
		}
		now := slices.Clone(last)
		for range rng.IntN(4) {
			switch k := rng.IntN(3); {
			case k == 0 && len(now) > 0:
				i := rng.IntN(len(now))
				now = slices.Delete(now, i, i+1)
			case k == 1:
				now = slices.Insert(now, rng.IntN(len(now)+1), fresh())
			case len(now) > 1:
				i, j := rng.IntN(len(now)), rng.IntN(len(now))
				now[i], now[j] = now[j], now[i]
			}
		}
		check(t, last, now)
	}
}
