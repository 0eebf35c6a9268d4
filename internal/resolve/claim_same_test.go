package resolve_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// TestClaimSame holds Claim.Same to every exported field of
// resolve.Claim and resolve.ClaimSide: a change to any of them is a change
// of the site's lists, which the render cache must see. A field added to
// either type fails the test until it is compared and listed here.
func TestClaimSame(t *testing.T) {
	src1, src2 := &resolve.Page{Slug: "a"}, &resolve.Page{Slug: "b"}
	note1, note2 := &resolve.Page{Slug: "n1"}, &resolve.Page{Slug: "n2"}
	base := func() *resolve.Claim {
		return &resolve.Claim{ID: "c", Status: "reported", Label: "Reported", Statement: "It happened.", Page: note1, URL: "/notes/n1/#claim-c",
			Sides: []*resolve.ClaimSide{{Role: "reported-by", Label: "Reported by", Noun: "a report", Sources: []*resolve.Page{src1}}}}
	}
	claimEdits := map[string]func(c *resolve.Claim){
		"ID":        func(c *resolve.Claim) { c.ID = "d" },
		"Status":    func(c *resolve.Claim) { c.Status = "denied" },
		"Label":     func(c *resolve.Claim) { c.Label = "Denied" },
		"Statement": func(c *resolve.Claim) { c.Statement = "It did not." },
		"Page":      func(c *resolve.Claim) { c.Page = note2 },
		"URL":       func(c *resolve.Claim) { c.URL = "/notes/n2/#claim-c" },
		"Sides":     func(c *resolve.Claim) { c.Sides = append(c.Sides, &resolve.ClaimSide{Role: "denied-by"}) },
	}
	sideEdits := map[string]func(s *resolve.ClaimSide){
		"Role":    func(s *resolve.ClaimSide) { s.Role = "denied-by" },
		"Label":   func(s *resolve.ClaimSide) { s.Label = "Denied by" },
		"Noun":    func(s *resolve.ClaimSide) { s.Noun = "a denial" },
		"Sources": func(s *resolve.ClaimSide) { s.Sources = []*resolve.Page{src2} },
	}
	for typ, edits := range map[reflect.Type][]string{
		reflect.TypeFor[resolve.Claim]():     keys(claimEdits),
		reflect.TypeFor[resolve.ClaimSide](): keys(sideEdits),
	} {
		var fields []string
		for f := range typ.Fields() {
			if f.IsExported() {
				fields = append(fields, f.Name)
			}
		}
		slices.Sort(fields)
		if !slices.Equal(fields, edits) {
			t.Errorf("%s has the exported fields %v, the test edits %v: compare the new ones in Claim.Same, and edit them here", typ, fields, edits)
		}
	}

	if a, b := base(), base(); !a.Same(b) {
		t.Fatal("two claims made alike differ")
	}
	for name, edit := range claimEdits {
		a, b := base(), base()
		edit(b)
		if a.Same(b) {
			t.Errorf("Claim.%s changed, and Same says the claims are the same", name)
		}
	}
	for name, edit := range sideEdits {
		a, b := base(), base()
		edit(b.Sides[0])
		if a.Same(b) {
			t.Errorf("ClaimSide.%s changed, and Same says the claims are the same", name)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
