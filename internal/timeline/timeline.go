// Package timeline is a goldmark extension that embeds a slice of the
// site's timeline in a note:
//
//	```timeline
//	```
//
// embeds the events of the note's own front matter;
//
//	```timeline
//	all
//	```
//
// embeds every event of the site, and `tag: x` the events of the notes
// tagged x. The parser only records the scope; the resolve stage, which
// knows every note's events, fills in the entries; the renderer writes them
// as an ordered list (WriteList, which the site's /timeline/ page uses too).
package timeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTimeline is the node kind of a Timeline.
var KindTimeline = ast.NewNodeKind("Timeline")

// Scopes.
const (
	ScopeNote = "note" // this note's events
	ScopeAll  = "all"  // every event
	ScopeTag  = "tag"  // the events of the notes with Tag
)

// Link is a link in an entry.
type Link struct {
	URL, Text string
}

// Entry is one event as shown.
type Entry struct {
	Date    string // YYYY-MM-DD, YYYY-MM or YYYY, for the datetime attribute
	Human   string // "5 December 1994"
	Text    string
	Note    Link   // the note that discusses the event; empty URL on the note itself
	Sources []Link // the sources that report it
}

// Timeline is an embedded timeline.
type Timeline struct {
	ast.BaseBlock
	Scope  string
	Tag    string
	Offset int
	Bad    string // what is wrong with the block, if anything

	Entries []Entry // filled in by the resolve stage
}

// Kind implements ast.Node.
func (n *Timeline) Kind() ast.NodeKind { return KindTimeline }

// Dump implements ast.Node.
func (n *Timeline) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Scope": n.Scope, "Tag": n.Tag}, nil)
}

// ParseScope reads a timeline block's body.
func ParseScope(body string) (scope, tag, bad string) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return ScopeNote, "", ""
	case body == "all":
		return ScopeAll, "", ""
	case strings.HasPrefix(body, "tag:"):
		tag = strings.TrimSpace(strings.TrimPrefix(body, "tag:"))
		if tag == "" || strings.ContainsAny(tag, " \n") {
			return ScopeTag, tag, "write one tag: `tag: some-tag`"
		}
		return ScopeTag, tag, ""
	}
	return "", "", fmt.Sprintf("unknown timeline scope %q; leave the block empty for this note's events, or write `all` or `tag: some-tag`", body)
}

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && string(f.Language(src)) == "timeline" {
			blocks = append(blocks, f)
		}
		return ast.WalkContinue, nil
	})
	for _, f := range blocks {
		var body strings.Builder
		for i := range f.Lines().Len() {
			seg := f.Lines().At(i)
			body.Write(seg.Value(src))
		}
		t := &Timeline{}
		t.Scope, t.Tag, t.Bad = ParseScope(body.String())
		if f.Info != nil {
			t.Offset = f.Info.Segment.Start
		}
		f.Parent().ReplaceChild(f.Parent(), f, t)
	}
}

// Renderer renders Timelines.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTimeline, render)
}

func esc(s string) []byte { return util.EscapeHTML([]byte(s)) }

func render(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Timeline)
	if len(n.Entries) == 0 {
		_, _ = w.WriteString(`<p class="timeline-empty">No dated events.</p>` + "\n")
		return ast.WalkSkipChildren, nil
	}
	WriteList(w, n.Entries)
	return ast.WalkSkipChildren, nil
}

// WriteList writes entries as the HTML of a timeline: an ordered list of
// class "timeline", one item an entry, with its sources and the note that
// discusses it, every text escaped. It is the one place a timeline's HTML
// is made, for the blocks in notes and for the site's /timeline/ page (the
// template function "timeline").
func WriteList(w io.Writer, entries []Entry) {
	_, _ = io.WriteString(w, `<ol class="timeline">`+"\n")
	for _, e := range entries {
		fmt.Fprintf(w, `<li><time datetime="%s">%s</time> <span class="event-text">%s</span>`, esc(e.Date), esc(e.Human), esc(e.Text))
		if len(e.Sources) > 0 {
			_, _ = io.WriteString(w, ` <span class="event-sources">(`)
			for i, s := range e.Sources {
				if i > 0 {
					_, _ = io.WriteString(w, ", ")
				}
				fmt.Fprintf(w, `<a href="%s">%s</a>`, esc(s.URL), esc(s.Text))
			}
			_, _ = io.WriteString(w, `)</span>`)
		}
		if e.Note.URL != "" {
			fmt.Fprintf(w, ` <span class="event-note">See <a href="%s">%s</a>.</span>`, esc(e.Note.URL), esc(e.Note.Text))
		}
		_, _ = io.WriteString(w, "</li>\n")
	}
	_, _ = io.WriteString(w, "</ol>\n")
}

type extension struct{}

// Extension adds embedded timelines to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 100)))
}
