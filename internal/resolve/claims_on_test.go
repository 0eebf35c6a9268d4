package resolve_test

import (
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestClaimsOn holds Site.ClaimsOn to a pass over every claim of a
// generated site, for every page: the pages with claims and those
// without, the first and the last.
func TestClaimsOn(t *testing.T) {
	in := Parsed(t, 200)
	s := resolve.Resolve(in, &diag.List{})
	withClaims := 0
	for _, p := range s.Pages() {
		var want []*resolve.Claim
		for _, c := range s.Claims {
			if c.Page == p {
				want = append(want, c)
			}
		}
		if len(want) > 0 {
			withClaims++
		}
		if got := s.ClaimsOn(p); !slices.Equal(got, want) {
			t.Errorf("%s: ClaimsOn gives %d claims, the page holds %d", p.File.Path, len(got), len(want))
		}
	}
	if withClaims < 3 {
		t.Fatalf("the site has claims on %d pages: the test needs several", withClaims)
	}
	if got := s.ClaimsOn(&resolve.Page{}); got != nil {
		t.Errorf("a page not of the site has claims %v", got)
	}
}
