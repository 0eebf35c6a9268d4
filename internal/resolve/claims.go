package resolve

import (
	"slices"

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
	node      *claim.Claim
}

// ClaimSide is one role of a claim and the sources that carry it. A source
// is an article: it carries a denial when it reports one.
type ClaimSide struct {
	Role    string
	Label   string // "Reported by", as the claim block heads the side
	Noun    string // "a report", "a denial", ...
	Sources []*Page
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

// collectClaims gathers the claims of every note, after citations are
// resolved, and reports duplicate ids.
func (s *Site) collectClaims(diags *diag.List) {
	seen := map[string]*Claim{}
	for _, p := range s.Notes {
		_ = ast.Walk(p.Doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			cn, ok := n.(*claim.Claim)
			if !ok || !entering {
				return ast.WalkContinue, nil
			}
			c := &Claim{ID: cn.ID, Status: cn.Status, Label: claim.StatusLabel(cn.Status), Page: p,
				Statement: markup.PlainText(cn.Statement, p.Doc.Source), URL: p.URL + "#claim-" + cn.ID, node: cn}
			if prev := seen[cn.ID]; prev != nil {
				diags.Errorf(p.pos(cn.Offset), diag.CodeDuplicateClaim, "give each claim its own id",
					"claim id %q is also used in %s", cn.ID, prev.Page.File.Path)
				return ast.WalkSkipChildren, nil
			}
			if cn.ID != "" {
				seen[cn.ID] = c
			}
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
					for _, src := range cs.Sources {
						src.Claims = append(src.Claims, &SourceClaim{Claim: c, Role: sd.Role, Noun: claim.RoleNoun(sd.Role)})
					}
				}
			}
			s.Claims = append(s.Claims, c)
			return ast.WalkSkipChildren, nil
		})
	}
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
