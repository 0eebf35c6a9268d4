package search

import (
	"slices"
	"testing"
)

// TestPackTerms packs documents' terms and reads them back by id, and
// reads what packTerms did not write without a panic.
func TestPackTerms(t *testing.T) {
	tests := []struct {
		name string
		in   []termStat
	}{
		{"none", nil},
		{"the first id", []termStat{{0, 0, 1}}},
		{"out of order, the largest counts", []termStat{{9, 255, 0}, {2, 1, 255}, {5, 0, 3}}},
		{"far apart ids", []termStat{{1 << 30, 3, 4}, {7, 1, 1}, {1<<30 + 1, 0, 2}, {200000, 2, 2}}},
		{"the largest ids", []termStat{{0xFFFFFFFF, 1, 1}, {0, 2, 2}, {0xFFFFFFFE, 3, 3}}},
	}
	for _, tt := range tests {
		want := slices.Clone(tt.in)
		slices.SortFunc(want, func(a, b termStat) int { return int(a.id) - int(b.id) })
		p := packTerms(nil, slices.Clone(tt.in))
		got := slices.Collect(p.all())
		if !slices.Equal(got, want) {
			t.Errorf("%s: read back %v, want %v", tt.name, got, want)
		}
		if len(tt.in) > 0 && len(p) >= 8*len(tt.in) {
			t.Errorf("%s: %d bytes for %d terms, no fewer than termStats take", tt.name, len(p), len(tt.in))
		}
		// A short read yields the terms written whole before the cut, and
		// stops there.
		ends := make([]int, len(want)+1) // where the first j terms end
		for j := range want {
			ends[j+1] = len(packTerms(nil, slices.Clone(want[:j+1])))
		}
		for cut := range len(p) {
			whole := 0
			for whole < len(want) && ends[whole+1] <= cut {
				whole++
			}
			if got := slices.Collect(p[:cut].all()); !slices.Equal(got, want[:whole]) {
				t.Errorf("%s: cut at %d: yielded %v, want %v", tt.name, cut, got, want[:whole])
			}
		}
	}
	// Bytes packTerms did not write: a varint too long stops the read.
	for _, bad := range []termStats{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2}, {0x80, 0x80}} {
		if got := slices.Collect(bad.all()); len(got) != 0 {
			t.Errorf("%v: yielded %v, want nothing", bad, got)
		}
	}
}
