package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// TestMissingSurfaces holds missingSurfaces, which after a front-matter
// edit looks for the pages Fronts names alone, to what a look at every
// page finds: the pages of the site whose surface the map lacks, and no
// other.
func TestMissingSurfaces(t *testing.T) {
	pages := make([]*resolve.Page, 6)
	for i := range pages {
		pages[i] = &resolve.Page{Slug: fmt.Sprint("p", i)}
	}
	outside := &resolve.Page{Slug: "outside"} // a page of no site here
	site := &resolve.Site{Notes: pages}
	set := func(ps ...*resolve.Page) map[*resolve.Page]bool {
		m := map[*resolve.Page]bool{}
		for _, p := range ps {
			m[p] = true
		}
		return m
	}
	for _, tc := range []struct {
		name    string
		known   bool
		fronts  map[*resolve.Page]bool
		without []*resolve.Page // the pages the map lacks
		want    []*resolve.Page
	}{
		{name: "a first render", without: pages, want: pages},
		{name: "unknown site, fronts ignored", fronts: set(pages[1]), without: pages[1:3], want: pages[1:3]},
		{name: "known, nothing edited", known: true},
		{name: "known, the fronts made again", known: true, fronts: set(pages[1], pages[4]), without: []*resolve.Page{pages[1], pages[4]}, want: []*resolve.Page{pages[1], pages[4]}},
		{name: "known, a front whose surface is kept", known: true, fronts: set(pages[1], pages[4]), without: pages[4:5], want: pages[4:5]},
		{name: "known, a page left out by a failed render", known: true, fronts: set(pages[1]), without: []*resolve.Page{pages[1], pages[5]}, want: []*resolve.Page{pages[1], pages[5]}},
		{name: "known, only a page left out", known: true, without: pages[2:3], want: pages[2:3]},
		{name: "known, a front of no page of the site", known: true, fronts: set(outside, pages[0]), without: pages[0:1], want: pages[0:1]},
		{name: "known, a front outside and a page left out", known: true, fronts: set(outside), without: pages[3:4], want: pages[3:4]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := &cacheRun{r: &Renderer{site: site}, known: tc.known, fronts: tc.fronts, surfaces: map[*resolve.Page]surfaceSums{}}
			for _, p := range pages {
				if !slices.Contains(tc.without, p) {
					cr.surfaces[p] = surfaceSums{}
				}
			}
			got := cr.missingSurfaces(site.Pages())
			bySlug := func(a, b *resolve.Page) int { return strings.Compare(a.Slug, b.Slug) }
			slices.SortFunc(got, bySlug)
			want := slices.SortedFunc(slices.Values(tc.want), bySlug)
			if !slices.Equal(got, want) {
				t.Errorf("missing %v; want %v", slugs(got), slugs(want))
			}
		})
	}
}

func slugs(ps []*resolve.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Slug
	}
	return out
}
