// Package xref is a goldmark extension for cross-links between the pages of
// a site:
//
//	[text](other-note.md)            a Markdown link to a note file
//	[text](other-note.md#heading)    ... and a heading on it
//	[text](../sources/id.md)         a link to a source record
//	[[other-note]]                   a wiki link; its text is the note's title
//	[[other-note#heading|text]]      ... with a heading and its own text
//	[[sources/id]]                   a wiki link to a source record
//	[text](#heading)                 a heading on the same page
//
// Parsing records only what was written (the target, the fragment, where it
// stands). The resolve stage, which knows every page, fills in the address
// and title, or reports the link as broken; the renderer writes what it was
// given.
package xref

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindLink is the node kind of a Link.
var KindLink = ast.NewNodeKind("CrossLink")

// Link is a link to another page of the site (or a heading of this one).
// Its children, if any, are the link text.
type Link struct {
	ast.BaseInline
	Target   string // the path or wiki target, without the fragment, e.g. "other-note.md", "sources/id"; empty for "#heading"
	Fragment string // the heading id after '#', may be empty
	Wiki     bool   // written as [[...]]
	Embed    bool   // written as ![[...]] (package embed): Offset is at the "!"
	Offset   int    // byte offset of the link in the document source

	// Filled in by the resolve stage.
	URL     string // the address to link to
	Title   string // the target page's title, used as text when there are no children
	Summary string // the target page's summary, for previews
	Class   string // "note", "source" or "heading"
}

// Kind implements ast.Node.
func (n *Link) Kind() ast.NodeKind { return KindLink }

// Dump implements ast.Node.
func (n *Link) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.Target, "Fragment": n.Fragment, "URL": n.URL}, nil)
}

// wikiParser parses [[target#fragment|text]].
type wikiParser struct{}

// NewWikiParser returns the inline parser for wiki links.
func NewWikiParser() parser.InlineParser { return wikiParser{} }

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] != '[' {
		return nil
	}
	end, known := closeOf(pc, line, seg)
	if end < 0 {
		if !known {
			addOpen(pc, seg.Start) // once per line
		}
		return nil
	}
	inner := line[2:end]
	if len(bytes.TrimSpace(inner)) == 0 || bytes.ContainsAny(inner, "[]") {
		return nil
	}
	targetPart, label, hasLabel := bytes.Cut(inner, []byte("|"))
	target, frag, _ := strings.Cut(strings.TrimSpace(string(targetPart)), "#")
	link := &Link{Target: strings.TrimSpace(target), Fragment: strings.TrimSpace(frag), Wiki: true, Offset: seg.Start}
	if hasLabel {
		labelStart := seg.Start + 2 + len(targetPart) + 1
		ls := text.NewSegment(labelStart, labelStart+len(label))
		ls = ls.TrimLeftSpace(block.Source())
		ls = ls.TrimRightSpace(block.Source())
		if ls.Len() > 0 {
			link.AppendChild(link, ast.NewTextSegment(ls))
		}
	}
	block.Advance(end + 2)
	return link
}

var openKey, closeKey = parser.NewContextKey(), parser.NewContextKey()

// closeMemo remembers where the last search for "]]" ended: the first "]]"
// at or after source offset from, on the line that ends at lineEnd, starts at
// offset close (-1 if the line has none).
type closeMemo struct{ from, lineEnd, close int }

// closeOf returns where the "]]" closing a wiki link opened at the start of
// line (at seg) begins, as an index into line, or -1. A line of many "[["
// would make a search from each of them take quadratic time, so the last
// search is remembered: every "[[" between its start and its result shares
// its answer. known reports whether the answer came from memory, i.e. a
// search already covered this line.
func closeOf(pc parser.Context, line []byte, seg text.Segment) (end int, known bool) {
	if m, ok := pc.Get(closeKey).(closeMemo); ok && m.lineEnd == seg.Stop && seg.Start >= m.from && (m.close < 0 || seg.Start <= m.close) {
		if m.close < 0 {
			return -1, true
		}
		return m.close - seg.Start, true
	}
	end = bytes.Index(line, []byte("]]"))
	m := closeMemo{from: seg.Start, lineEnd: seg.Stop, close: -1}
	if end >= 0 {
		m.close = seg.Start + end
	}
	pc.Set(closeKey, m)
	return end, false
}

func addOpen(pc parser.Context, offset int) {
	list, _ := pc.Get(openKey).([]int)
	pc.Set(openKey, append(list, offset))
}

// Unclosed returns the byte offsets of wiki links opened with "[[" and never
// closed on their line, found while parsing with pc.
func Unclosed(pc parser.Context) []int {
	list, _ := pc.Get(openKey).([]int)
	return list
}

// linkTransformer turns Markdown links to .md files and to #fragments into
// Links.
type linkTransformer struct{}

// IsLocal reports whether a Markdown link destination points into the site's
// content (a relative path to a .md file, or a bare #fragment), and splits it.
func IsLocal(dest string) (target, fragment string, ok bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.RawQuery != "" || strings.HasPrefix(dest, "//") {
		return "", "", false
	}
	p, err := url.PathUnescape(u.EscapedPath())
	if err != nil {
		return "", "", false
	}
	if !utf8.ValidString(p) {
		p = u.EscapedPath() // %80 is no character: keep it as written
	}
	frag := u.Fragment
	if !utf8.ValidString(frag) {
		frag = u.EscapedFragment()
	}
	if p == "" && frag != "" {
		return "", frag, true
	}
	if !strings.HasSuffix(p, ".md") {
		return "", "", false
	}
	return p, frag, true
}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		target, frag, ok := IsLocal(string(l.Destination))
		if !ok {
			continue
		}
		x := &Link{Target: target, Fragment: frag, Offset: offsetOf(l)}
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			x.AppendChild(x, c)
			c = next
		}
		l.Parent().ReplaceChild(l.Parent(), l, x)
	}
}

// offsetOf finds where an inline node starts in the source: goldmark keeps
// no segment for links, so use the first text inside it (one byte after the
// '['), or the start of the enclosing block.
func offsetOf(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start - 1
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// Renderer renders Links.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLink, renderLink)
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Link)
	if entering {
		if n.URL == "" {
			_, _ = w.WriteString(`<span class="xref-missing">`)
		} else {
			fmt.Fprintf(w, `<a href="%s" class="xref xref-%s"`, util.EscapeHTML(util.URLEscape([]byte(n.URL), false)), n.Class)
			if n.Summary != "" {
				fmt.Fprintf(w, ` data-summary="%s"`, util.EscapeHTML([]byte(n.Summary)))
			}
			_, _ = w.WriteString(">")
		}
		if !n.HasChildren() {
			label := n.Title
			if label == "" {
				label = n.Target
				if n.Fragment != "" {
					label += "#" + n.Fragment
				}
			}
			_, _ = w.Write(util.EscapeHTML([]byte(label)))
		}
		return ast.WalkContinue, nil
	}
	if n.URL == "" {
		_, _ = w.WriteString("</span>")
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

type extension struct{}

// Extension adds cross-links to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender. Wiki links parse at priority 102,
// after citations (101) and ahead of links (200).
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(NewWikiParser(), 102)),
		parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 500)))
}
