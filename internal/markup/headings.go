package markup

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/dossier-site/dossier/internal/claim"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/slug"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A heading may name its own id, as in Hugo, Pandoc and goldmark's
// parser.WithHeadingAttribute:
//
//	## Who signed it {#signatories}
//
// The id replaces the one made from the heading's text, for anchors, links
// ([[note#signatories]], [text](#signatories)) and the table of contents. It
// must be a slug (lower-case letters, digits, single hyphens), like the ids
// made from headings' texts, and unique on its page. Other attributes
// ({.class}, {lang=uk}) are not published: the stylesheet is the site's.

// headingTransformer checks every heading's id, in the order of the page:
// one that is not a slug, is the template's, or is already taken, and
// attributes other than the id, which it drops. It records what it finds
// in the parser context (see headingProblems).
type headingTransformer struct{}

var headingProblemsKey = parser.NewContextKey()

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	custom := map[string]bool{}
	if ids, ok := pc.IDs().(*headingIDs); ok {
		custom = ids.custom
	}
	d := &Doc{Source: reader.Source()}
	seen := map[string]bool{}
	var headings []*ast.Heading
	var claims map[string]string // the ids claim blocks give elements, to the claim's id
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
			return ast.WalkSkipChildren, nil
		case *claim.Claim:
			if claims == nil {
				claims = map[string]string{}
			}
			claims["claim-"+n.ID], claims["claim-"+n.ID+"-statement"] = n.ID, n.ID
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		d.checkHeading(h, custom[headingID(h)], seen)
		if id := headingID(h); claims[id] != "" {
			d.problem(d.attrOffset(h), diag.Error, diag.CodeDuplicateID,
				"heading id "+strconv.Quote(id)+" is also the id of the claim block "+strconv.Quote(claims[id])+" on this page",
				"give the heading an id of its own: {#"+id+"-heading}")
		}
	}
	if len(d.Problems) > 0 {
		pc.Set(headingProblemsKey, d.Problems)
	}
}

// headingProblems returns what headingTransformer found while parsing with pc.
func headingProblems(pc parser.Context) []Problem {
	list, _ := pc.Get(headingProblemsKey).([]Problem)
	return list
}

func headingID(n *ast.Heading) string {
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

func (d *Doc) checkHeading(n *ast.Heading, custom bool, seen map[string]bool) {
	id := headingID(n)
	var other []string
	for _, a := range n.Attributes() {
		if name := string(a.Name); name != "id" {
			other = append(other, name)
		}
	}
	if len(other) > 0 {
		n.RemoveAttributes()
		n.SetAttributeString("id", []byte(id))
		d.problem(d.attrOffset(n), diag.Warning, diag.CodeBadHeadingID,
			"heading attribute "+strings.Join(quoteAll(other), ", ")+" is not published: a heading takes only an id",
			"keep only the id: ## Heading {#some-id}")
	}
	switch {
	case custom && slug.Check(id) != nil:
		hint := "use lower-case letters, digits and single hyphens"
		if s := slug.Make(id); s != "" {
			hint += ": {#" + s + "}"
		}
		d.problem(d.attrOffset(n), diag.Error, diag.CodeBadHeadingID,
			"heading id "+strconv.Quote(id)+" "+slug.Check(id).Error(), hint)
	case custom && templateID(id):
		d.problem(d.attrOffset(n), diag.Error, diag.CodeDuplicateID,
			"heading id "+strconv.Quote(id)+" is used by the page's template",
			"choose another id, e.g. {#"+id+"-section}: the template gives ids to parts of every page (main, toc, references, related, ref-1, cite-1-a, ...)")
	case seen[id]:
		d.problem(d.attrOffset(n), diag.Error, diag.CodeDuplicateID,
			"heading id "+strconv.Quote(id)+" is already used by a heading above on this page",
			"give each heading its own id: {#"+id+"-2}, or change the other heading's")
	}
	seen[id] = true
	if !custom && n.Lines().Len() > 0 {
		braces := false
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			line := seg.Value(d.Source)
			braces = braces || bytes.Contains(line, []byte("{#")) || bytes.Contains(line, []byte("{."))
		}
		if !braces {
			return
		}
		if t := PlainText(n, d.Source); strings.Contains(t, "{#") || strings.Contains(t, "{.") {
			d.problem(d.attrOffset(n), diag.Warning, diag.CodeBadHeadingID,
				"heading ends with "+strconv.Quote(t[strings.LastIndex(t, "{"):])+", which is not read as an id and is shown as text",
				"write the id alone in braces at the very end of the heading: ## Heading {#some-id}")
		}
	}
}

// attrOffset returns where a heading's attribute block starts, or else the
// heading's text.
func (d *Doc) attrOffset(n *ast.Heading) int {
	if n.Lines().Len() == 0 {
		return Offset(n, d.Source)
	}
	last := n.Lines().At(n.Lines().Len() - 1)
	end := last.Stop
	line := d.Source[min(end, len(d.Source)):]
	if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	if i := bytes.IndexByte(line, '{'); i >= 0 {
		return end + i
	}
	if i := bytes.LastIndexByte(last.Value(d.Source), '{'); i >= 0 {
		return last.Start + i
	}
	return n.Lines().At(0).Start
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.Quote(v)
	}
	return out
}
