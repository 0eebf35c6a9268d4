package view

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestRecent checks recent against a stable sort of every note, on notes
// with few distinct dates (so many ties), some undated.
func TestRecent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{0, 1, 7, 300} {
		notes := make([]*resolve.Page, size)
		for i := range notes {
			n := &content.Note{}
			n.Path = fmt.Sprintf("notes/n%d.md", i)
			switch rng.IntN(4) {
			case 0: // undated
			case 1:
				n.Meta.Updated = content.Date{Year: 2026, Month: 1 + rng.IntN(3), Day: 1 + rng.IntN(2)}
			default:
				n.Meta.Published = content.Date{Year: 2025 + rng.IntN(2), Month: 1 + rng.IntN(2), Day: 1}
			}
			notes[i] = &resolve.Page{Kind: resolve.KindNote, Slug: fmt.Sprint(i), Note: n, File: &n.File}
		}
		want := slices.Clone(notes)
		slices.SortStableFunc(want, func(a, b *resolve.Page) int { return b.LastChange().Compare(a.LastChange()) })
		for _, n := range []int{0, 1, 5, 10, 50, size, size + 3} {
			got := Recent(notes, n)
			if w := want[:min(n, size)]; !slices.Equal(got, w) {
				t.Errorf("%d notes, Recent(%d): got %v, want %v", size, n, slugs(got), slugs(w))
			}
		}
	}
}

func slugs(ps []*resolve.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Slug
	}
	return out
}
