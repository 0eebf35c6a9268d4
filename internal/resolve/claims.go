package resolve

import (
	"fmt"
	"slices"
	"sort"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/claim"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/yuin/goldmark/ast"
)

// Claim is a claim block, as collected for /claims/ and the source pages.
type Claim struct {
	ID        string
	Status    string
	Label     string // the status for readers, e.g. "Reported and denied"
	Statement string // plain text
	Page      *Page
	URL       string       // the claim on its page
	Sides     []*ClaimSide // in claim.Roles order
	pos       diag.Pos     // where the claim block starts
}

// ClaimSide is one role of a claim and the sources that carry it. A source
// is an article: it carries a denial when it reports one.
type ClaimSide struct {
	Role    string
	Label   string // "Reported by", as the claim block heads the side
	Noun    string // "a report", "a denial", ...
	Sources []*Page
}

// Same reports whether two claims read the same to a reader: the same
// exported fields (TestClaimSame holds it to all of them), and sides that
// name the same sources.
func (c *Claim) Same(d *Claim) bool {
	if c == d {
		return true
	}
	return c.ID == d.ID && c.Status == d.Status && c.Label == d.Label && c.Statement == d.Statement &&
		c.Page == d.Page && c.URL == d.URL &&
		slices.EqualFunc(c.Sides, d.Sides, func(x, y *ClaimSide) bool {
			return x.Role == y.Role && x.Label == y.Label && x.Noun == y.Noun && slices.Equal(x.Sources, y.Sources)
		})
}

// SourceClaim is a claim on which a source carries an account.
type SourceClaim struct {
	Claim *Claim
	Role  string
	Noun  string // "a report", "a denial", ...
}

// ClaimGroup is the claims of one status, for /claims/.
type ClaimGroup struct {
	Status string
	Label  string
	Claims []*Claim
}

// collectClaims gathers the claims of a note, after its citations are
// resolved.
func (r *pageRun) collectClaims() {
	s, p, source := r.s, r.p, r.doc.Source
	_ = ast.Walk(r.doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		cn, ok := n.(*claim.Claim)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		c := &Claim{ID: cn.ID, Status: cn.Status, Label: claim.StatusLabel(cn.Status), Page: p,
			Statement: markup.PlainText(cn.Statement, source), URL: p.URL + "#claim-" + cn.ID, pos: r.pos(cn.Offset)}
		for side := cn.FirstChild(); side != nil; side = side.NextSibling() {
			group, ok := side.(*claim.Sides)
			if !ok {
				continue
			}
			for sn := group.FirstChild(); sn != nil; sn = sn.NextSibling() {
				sd := sn.(*claim.Side)
				cs := &ClaimSide{Role: sd.Role, Label: claim.RoleLabel(sd.Role), Noun: claim.RoleNoun(sd.Role)}
				_ = ast.Walk(sd, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
					if ct, ok := m.(*cite.Citation); ok && entering {
						for _, it := range ct.Items {
							if src := s.sources[it.ID]; src != nil && !slices.Contains(cs.Sources, src) {
								cs.Sources = append(cs.Sources, src)
							}
						}
					}
					return ast.WalkContinue, nil
				})
				c.Sides = append(c.Sides, cs)
			}
		}
		r.res.claims = append(r.res.claims, c)
		return ast.WalkSkipChildren, nil
	})
}

// addClaims adds the claims the pages hold to the site and to the sources
// that take a side, in site order, and reports duplicate ids.
func (s *Site) addClaims(results []*PageResult, diags *diag.List) {
	s.Claims, s.claimProblems = nil, nil
	for _, p := range s.Sources {
		p.Claims = nil
	}
	seen := map[string]*Claim{}
	for _, r := range results {
		for _, c := range r.claims {
			if prev := seen[c.ID]; prev != nil {
				d := diag.Diagnostic{Pos: c.pos, Severity: diag.Error, Code: diag.CodeDuplicateClaim, Hint: "give each claim its own id",
					Message: fmt.Sprintf("claim id %q is also used in %s", c.ID, prev.Page.File.Path)}
				s.claimProblems = append(s.claimProblems, d)
				diags.Add(d)
				continue
			}
			if c.ID != "" {
				seen[c.ID] = c
			}
			for _, cs := range c.Sides {
				for _, src := range cs.Sources {
					src.Claims = append(src.Claims, &SourceClaim{Claim: c, Role: cs.Role, Noun: cs.Noun})
				}
			}
			s.Claims = append(s.Claims, c)
		}
	}
}

// ClaimsOn returns the claims that stand on page p, in their order on it.
// Site.Claims holds every page's claims together, in site order, so they
// are found by a search on the pages' places rather than a pass over every
// claim: each page's JSON-LD asks for its own, which made the build's cost
// grow with the notes times the claims.
func (s *Site) ClaimsOn(p *Page) []*Claim {
	at := s.Place(p)
	if at < 0 {
		return nil
	}
	i := sort.Search(len(s.Claims), func(k int) bool { return s.Place(s.Claims[k].Page) >= at })
	j := i
	for j < len(s.Claims) && s.Claims[j].Page == p {
		j++
	}
	return s.Claims[i:j:j]
}

// ClaimGroups returns the site's claims grouped by status, in the order of
// claim.Statuses; empty groups are left out.
func (s *Site) ClaimGroups() []*ClaimGroup {
	var out []*ClaimGroup
	for _, st := range claim.Statuses {
		g := &ClaimGroup{Status: st, Label: claim.StatusLabel(st)}
		for _, c := range s.Claims {
			if c.Status == st {
				g.Claims = append(g.Claims, c)
			}
		}
		if len(g.Claims) > 0 {
			out = append(out, g)
		}
	}
	return out
}
