package search

import (
	"runtime"
	"strings"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/yuin/goldmark/ast"
)

// AddPage indexes page p of a resolved site as document number i (see
// PageDoc and Add), counting the time it takes in Spent.
func (b *Builder) AddPage(i int, p *resolve.Page) {
	// The goroutine stays on its thread, so that the thread's CPU time is
	// its own.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := cpuNow()
	b.Add(i, PageDoc(p))
	b.spent.Add(int64(cpuNow() - start))
}

// PageDoc returns the document of one page of a resolved site. It reads the
// page's syntax tree (p.Doc.Root), so a build that lets the trees go calls it
// before.
func PageDoc(p *resolve.Page) Doc {
	d := Doc{URL: p.URL, Title: p.Title, Summary: p.Summary, Body: bodyText(p.Doc)}
	for _, h := range p.Doc.Headings {
		d.Headings = append(d.Headings, Heading{ID: h.ID, Text: h.Text})
	}
	switch {
	case p.Note != nil:
		d.Kind = KindNote
		d.Names = p.Note.Meta.Tags
	case p.Source != nil:
		d.Kind = KindSource
		m := p.Source.Meta
		for _, n := range []string{m.Outlet, m.Author} {
			if n != "" && n != "unknown" {
				d.Names = append(d.Names, n)
			}
		}
		d.Body += "\n" + strings.Join(m.Excerpts, "\n")
	}
	return d
}

// bodyText is the text of a page's blocks, one block a line, without its
// headings (which are indexed on their own).
func bodyText(doc *markup.Doc) string {
	if doc == nil || doc.Root == nil {
		return ""
	}
	var b strings.Builder
	_ = ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if n.Kind() == ast.KindHeading {
			return ast.WalkSkipChildren, nil
		}
		if hasBlockChild(n) {
			return ast.WalkContinue, nil
		}
		if t := markup.PlainText(n, doc.Source); t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
	return b.String()
}

func hasBlockChild(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			return true
		}
	}
	return false
}
