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
	d := Doc{URL: p.URL, Title: p.Title, Summary: p.Summary, Sections: sections(p.Doc)}
	switch {
	case p.Note != nil:
		d.Kind = KindNote
		d.Tags = p.Note.Meta.Tags
	case p.Source != nil:
		d.Kind = KindSource
		m := p.Source.Meta
		for _, n := range []string{m.Outlet, m.Author} {
			if n != "" && n != "unknown" {
				d.Names = append(d.Names, n)
			}
		}
		if len(m.Excerpts) > 0 {
			d.Sections = append(d.Sections, Section{ID: "excerpts", Heading: "Passages", Text: strings.Join(m.Excerpts, "\n")})
		}
	case p.Folder != nil:
		d.Kind = KindFolder
	default:
		d.Kind = KindPage
	}
	return d
}

// sections splits the text of a page's blocks, one block a line, at its
// headings.
func sections(doc *markup.Doc) []Section {
	if doc == nil || doc.Root == nil {
		return nil
	}
	var out []Section
	var b []byte // the section's text, each block's appended in place
	cur := Section{}
	_ = ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			cur.Text = string(b)
			out = append(out, cur)
			b = b[:0]
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			cur = Section{ID: string(idb), Heading: markup.PlainText(n, doc.Source)}
			return ast.WalkSkipChildren, nil
		}
		if hasBlockChild(n) {
			return ast.WalkContinue, nil
		}
		before := len(b)
		if b = markup.AppendPlainText(b, n, doc.Source); len(b) > before {
			b = append(b, '\n')
		}
		return ast.WalkSkipChildren, nil
	})
	cur.Text = string(b)
	out = append(out, cur)
	if out[0].Text == "" {
		out = out[1:] // nothing before the first heading
	}
	return out
}

func hasBlockChild(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			return true
		}
	}
	return false
}
