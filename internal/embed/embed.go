// Package embed is a goldmark extension for Obsidian's embeds:
//
//	![[other-note]]              the other note's card: title, summary, link
//	![[other-note#heading]]      ... linking to a heading of it
//	![[sources/id]]              a source's card
//	![[map.png|A map of ...]]    an image published beside the note, with its alternative text
//
// An embed of a note or source alone in its paragraph becomes an Embed
// block, whose one child is the xref.Link to the target: the resolve stage
// fills in the link (address, title, summary) as it does every cross-link,
// or reports an unknown target, and the renderer prints the card from it.
// Obsidian shows the whole note in place; a dossier page shows only what
// its own sources support, so the card links to the note rather than
// copying its text. An embed inside a sentence is shown as a link, and
// reported (see Problems).
//
// An embed of a file (a name with an extension other than .md) is an
// ast.Image: the resolve stage checks the file as it checks
// ![text](map.png), and the text after | is the alternative text (Obsidian's
// sizes, ![[map.png|300]], are not read as such).
package embed

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindEmbed is the node kind of an Embed.
var KindEmbed = ast.NewNodeKind("Embed")

// Embed is the card of another page, in place of a paragraph that held
// only ![[target]]. Its one child is the *xref.Link to the target.
type Embed struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *Embed) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Link returns the link to the embedded page, or nil.
func (n *Embed) Link() *xref.Link {
	l, _ := n.FirstChild().(*xref.Link)
	return l
}

// Problem is an embed that is not shown as one, at a byte offset.
type Problem struct {
	Offset  int
	Message string
	Hint    string
}

var problemsKey, closeKey = parser.NewContextKey(), parser.NewContextKey()

// Problems returns the embeds found while parsing with pc that are shown
// as links.
func Problems(pc parser.Context) []Problem {
	list, _ := pc.Get(problemsKey).([]Problem)
	return list
}

// embedParser parses ![[target#fragment|text]].
type embedParser struct{}

func (embedParser) Trigger() []byte { return []byte{'!'} }

// sizeRe matches Obsidian's image sizes: ![[map.png|300]], ![[map.png|300x200]].
var sizeRe = regexp.MustCompile(`^\s*\d+(x\d+)?\s*$`)

func (embedParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '[' || line[2] != '[' {
		return nil
	}
	end := closeOf(pc, line, seg)
	if end < 0 {
		return nil // [[ reports the unclosed link
	}
	inner := line[3:end]
	if len(bytes.TrimSpace(inner)) == 0 || bytes.ContainsAny(inner, "[]") {
		return nil
	}
	targetPart, label, hasLabel := bytes.Cut(inner, []byte("|"))
	labelSeg := text.NewSegment(0, 0)
	if hasLabel {
		start := seg.Start + 3 + len(targetPart) + 1
		labelSeg = text.NewSegment(start, start+len(label))
		labelSeg = labelSeg.TrimLeftSpace(block.Source())
		labelSeg = labelSeg.TrimRightSpace(block.Source())
	}
	target, frag, _ := strings.Cut(strings.TrimSpace(string(targetPart)), "#")
	target, frag = strings.TrimSpace(target), strings.TrimSpace(frag)
	block.Advance(end + 2)
	if ext := path.Ext(target); ext != "" && ext != ".md" {
		img := ast.NewImage(ast.NewLink())
		img.Destination = []byte((&url.URL{Path: target}).String()) // "a:b.png" is "./a:b.png", not a scheme
		if labelSeg.Len() > 0 && !sizeRe.Match(labelSeg.Value(block.Source())) {
			img.AppendChild(img, ast.NewTextSegment(labelSeg))
		}
		return img
	}
	link := &xref.Link{Target: target, Fragment: frag, Wiki: true, Embed: true, Offset: seg.Start}
	if labelSeg.Len() > 0 {
		link.AppendChild(link, ast.NewTextSegment(labelSeg))
	}
	return link
}

// closeMemo remembers where the last search for "]]" ended, as package
// xref does for [[: a line of many "![[" would otherwise be searched to its
// end from each of them.
type closeMemo struct{ from, lineEnd, close int }

// closeOf returns where the "]]" closing an embed opened at the start of
// line (at seg) begins, as an index into line, or -1.
func closeOf(pc parser.Context, line []byte, seg text.Segment) int {
	if m, ok := pc.Get(closeKey).(closeMemo); ok && m.lineEnd == seg.Stop && seg.Start >= m.from && (m.close < 0 || seg.Start <= m.close) {
		if m.close < 0 {
			return -1
		}
		return m.close - seg.Start
	}
	end := bytes.Index(line, []byte("]]"))
	m := closeMemo{from: seg.Start, lineEnd: seg.Stop, close: -1}
	if end >= 0 {
		m.close = seg.Start + end
	}
	pc.Set(closeKey, m)
	return end
}

// transformer turns a paragraph (or a tight list item's text) that holds only an embed of a page into an
// Embed, and reports the other embeds of pages.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("![[")) {
		return // no embed: no walk of the tree
	}
	var links []*xref.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*xref.Link); ok && entering && l.Embed {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		p := l.Parent()
		if k := p.Kind(); (k == ast.KindParagraph || k == ast.KindTextBlock) && alone(l, src) {
			e := &Embed{}
			e.SetLines(p.Lines())
			p.RemoveChild(p, l)
			e.AppendChild(e, l)
			p.Parent().ReplaceChild(p.Parent(), p, e)
			continue
		}
		list, _ := pc.Get(problemsKey).([]Problem)
		pc.Set(problemsKey, append(list, Problem{
			Offset:  l.Offset,
			Message: fmt.Sprintf("embed %q inside a sentence is shown as a link", "![["+l.Target+"]]"),
			Hint:    "put the embed on a line of its own to show the note's card, or write [[" + l.Target + "]] for a link",
		}))
	}
}

// alone reports whether l is its paragraph's only content but white space.
func alone(l *xref.Link, src []byte) bool {
	for c := l.Parent().FirstChild(); c != nil; c = c.NextSibling() {
		if c == ast.Node(l) {
			continue
		}
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// Renderer renders Embeds.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEmbed, renderEmbed)
}

func renderEmbed(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	l := node.(*Embed).Link()
	if l == nil {
		return ast.WalkContinue, nil
	}
	kind := "Note"
	if l.Class == "source" {
		kind = "Source"
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	class := l.Class
	if l.URL == "" {
		class = "missing"
	}
	fmt.Fprintf(w, `<div class="embed embed-%s">`+"\n", util.EscapeHTML([]byte(class)))
	fmt.Fprintf(w, `<p class="embed-kicker">%s</p>`+"\n", kind)
	_, _ = w.WriteString(`<p class="embed-title">`)
	// The link is written here rather than by package xref's renderer:
	// the card shows the summary, so the link needs no preview of it.
	label := []byte(l.Title)
	if l.HasChildren() {
		label = nil
		for c := l.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				label = append(label, t.Segment.Value(source)...)
			}
		}
	} else if len(label) == 0 {
		label = []byte(l.Target)
	}
	if l.URL == "" {
		fmt.Fprintf(w, `<span class="xref-missing">%s</span>`, util.EscapeHTML(label))
	} else {
		fmt.Fprintf(w, `<a href="%s" class="xref xref-%s">%s</a>`,
			util.EscapeHTML(util.URLEscape([]byte(l.URL), false)), util.EscapeHTML([]byte(l.Class)), util.EscapeHTML(label))
	}
	_, _ = w.WriteString("</p>\n")
	if l.Summary != "" {
		fmt.Fprintf(w, `<p class="embed-summary">%s</p>`+"\n", util.EscapeHTML([]byte(l.Summary)))
	}
	_, _ = w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

type extension struct{}

// Extension adds embeds to a goldmark.Markdown, with package xref, whose
// links it makes and whose renderer shows them. Embeds parse at priority
// 100, ahead of images (200); the transformer runs after xref's (100).
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(embedParser{}, 100)),
		parser.WithASTTransformers(util.Prioritized(transformer{}, 110)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 500)))
}
