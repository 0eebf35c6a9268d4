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
	"bytes"
	"fmt"
	"io"
	"slices"
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
	if !bytes.Contains(src, []byte("timeline")) {
		return // no timeline block: no walk of the tree
	}
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
// template function "timeline"). At 10,000 notes that page lists tens of
// thousands of events, and is made again whenever a note's title changes:
// the list is written piece by piece, without a formatted string or a
// copy of any text (see ListSize).
func WriteList(w io.StringWriter, entries []Entry) {
	_, _ = w.WriteString(listStart)
	for _, e := range entries {
		WriteEntry(w, e)
	}
	_, _ = w.WriteString(listEnd)
}

// The HTML around a list's entries.
const (
	listStart = `<ol class="timeline">` + "\n"
	listEnd   = "</ol>\n"
)

// WriteEntry writes one entry of WriteList's list.
func WriteEntry(w io.StringWriter, e Entry) {
	ws := func(s string) { _, _ = w.WriteString(s) }
	ws(`<li><time datetime="`)
	writeEsc(w, e.Date)
	ws(`">`)
	writeEsc(w, e.Human)
	ws(`</time> <span class="event-text">`)
	writeEsc(w, e.Text)
	ws(`</span>`)
	if len(e.Sources) > 0 {
		ws(` <span class="event-sources">(`)
		for i, s := range e.Sources {
			if i > 0 {
				ws(", ")
			}
			writeLink(w, s)
		}
		ws(`)</span>`)
	}
	if e.Note.URL != "" {
		ws(` <span class="event-note">See `)
		writeLink(w, e.Note)
		ws(`.</span>`)
	}
	ws("</li>\n")
}

// EntryHTML returns an entry's HTML as WriteEntry writes it.
func EntryHTML(e Entry) string {
	var b strings.Builder
	b.Grow(ListSize([]Entry{e}))
	WriteEntry(&b, e)
	return b.String()
}

// JoinList returns the HTML of the list whose entries' HTML (EntryHTML)
// is entries: what WriteList writes of those entries.
func JoinList(entries []string) string {
	n := len(listStart) + len(listEnd)
	for _, e := range entries {
		n += len(e)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(listStart)
	for _, e := range entries {
		b.WriteString(e)
	}
	b.WriteString(listEnd)
	return b.String()
}

// Equal reports whether two entries are the same: the same HTML.
func Equal(a, b Entry) bool {
	return a.Date == b.Date && a.Human == b.Human && a.Text == b.Text && a.Note == b.Note && slices.Equal(a.Sources, b.Sources)
}

// ListSize is about the length of entries' HTML (see WriteList): room
// enough for it in most cases, for a strings.Builder to Grow to at once.
func ListSize(entries []Entry) int {
	n := 32
	for _, e := range entries {
		n += 150 + len(e.Date) + len(e.Human) + len(e.Text) + len(e.Note.URL) + len(e.Note.Text)
		for _, s := range e.Sources {
			n += 20 + len(s.URL) + len(s.Text)
		}
	}
	return n + n/16 // escapes
}

func writeLink(w io.StringWriter, l Link) {
	_, _ = w.WriteString(`<a href="`)
	writeEsc(w, l.URL)
	_, _ = w.WriteString(`">`)
	writeEsc(w, l.Text)
	_, _ = w.WriteString(`</a>`)
}

// writeEsc writes s escaped as goldmark's util.EscapeHTML escapes it (see
// escapeOf), without a copy of s.
func writeEsc(w io.StringWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if escaped[s[i]] {
			_, _ = w.WriteString(s[last:i])
			_, _ = w.WriteString(escapeOf(s[i]))
			last = i + 1
		}
	}
	_, _ = w.WriteString(s[last:])
}

// escaped marks the bytes escapeOf escapes: looked up for every byte of a
// timeline's text, rather than compared with each of them.
var escaped = [256]bool{0: true, '"': true, '&': true, '<': true, '>': true}

// escapeOf is what util.EscapeHTML writes for the byte c, when it escapes
// it; TestEscapeOf holds the two to the same table.
func escapeOf(c byte) string {
	switch c {
	case 0:
		return "\ufffd"
	case '"':
		return "&quot;"
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	return ""
}

type extension struct{}

// Extension adds embedded timelines to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 100)))
}
