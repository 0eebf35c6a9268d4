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
		for cut := range len(p) { // a short read stops, and yields only terms whole
			for ts := range p[:cut].all() {
				if !slices.Contains(want, ts) {
					t.Errorf("%s: cut at %d: yielded %v, not one of the terms", tt.name, cut, ts)
				}
			}
		}
	}
}
