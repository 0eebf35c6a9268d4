// Package alert is a goldmark extension for callouts, written as GitHub
// writes its alerts (and Obsidian its callouts): a block quote whose first
// line is a marker.
//
//	> [!NOTE]
//	> Dates are given as the sources give them.
//
//	> [!WARNING] Figures disputed
//	> The two accounts give different numbers.
//
//	> [!TIP]- How to read the reference list
//	> Each number leads to the passage the sentence rests on.
//
// The five kinds are GitHub's: NOTE, TIP, IMPORTANT, WARNING and CAUTION,
// in any case. Text after the marker is the callout's title, as in Obsidian
// (GitHub shows none); without it the title is the kind's name. A marker
// followed by - or + (Obsidian's foldable callouts) makes a callout the
// reader can fold: closed with -, open with +, as HTML's <details>, which
// needs no script.
//
// A block quote that starts with any other [!marker] is left a block quote,
// and reported (see Problems), so that the marker is never shown as text
// unnoticed; [!claim ...] is package claim's. A callout holds the editor's
// own text, not a quotation: its paragraphs need citations as any other
// paragraph does.
package alert

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Kinds are the callout kinds, lower-case, in the order the docs list them.
var Kinds = []string{"note", "tip", "important", "warning", "caution"}

// labels are the kinds' default titles.
var labels = map[string]string{
	"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
}

// obsidian maps Obsidian's other callout kinds to the nearest of Kinds, for
// the hint of the problem reported about them.
var obsidian = map[string]string{
	"info": "note", "abstract": "note", "summary": "note", "tldr": "note", "todo": "note", "example": "note",
	"quote": "note", "cite": "note", "question": "note", "help": "note", "faq": "note",
	"hint": "tip", "success": "tip", "check": "tip", "done": "tip",
	"attention": "warning", "bug": "warning",
	"danger": "caution", "error": "caution", "failure": "caution", "fail": "caution", "missing": "caution",
}

// Node kinds.
var (
	KindAlert = ast.NewNodeKind("Alert")
	KindTitle = ast.NewNodeKind("AlertTitle")
)

// Alert is a callout. Its first child is its Title; the blocks of the
// quote follow.
type Alert struct {
	ast.BaseBlock
	AlertKind string // one of Kinds
	Fold      string // "" (not foldable), "-" (folded) or "+" (open)
	Offset    int    // byte offset of the marker
}

// Kind implements ast.Node.
func (n *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"AlertKind": n.AlertKind, "Fold": n.Fold}, nil)
}

// Title is a callout's title: the inline text written after the marker,
// or, when there is none, no children (the kind's name is shown).
type Title struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *Title) Kind() ast.NodeKind { return KindTitle }

// Dump implements ast.Node.
func (n *Title) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Problem is a block quote that starts with a marker that is not a
// callout's, at a byte offset.
type Problem struct {
	Offset  int
	Message string
	Hint    string
}

var problemsKey = parser.NewContextKey()

// Problems returns the markers found while parsing with pc that are not
// callouts'.
func Problems(pc parser.Context) []Problem {
	list, _ := pc.Get(problemsKey).([]Problem)
	return list
}

func addProblem(pc parser.Context, off int, hint, format string, args ...any) {
	list, _ := pc.Get(problemsKey).([]Problem)
	pc.Set(problemsKey, append(list, Problem{Offset: off, Message: fmt.Sprintf(format, args...), Hint: hint}))
}

// markerRe matches a marker and what follows it on its line: the kind, the
// fold sign and the title.
var markerRe = regexp.MustCompile(`^\[!([A-Za-z][A-Za-z0-9_-]*)\]([-+]?)(.*)$`)

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[!")) {
		return // no block quote starts with a marker: no walk of the tree
	}
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		raw := first.Value(src)
		line := strings.TrimRight(strings.TrimLeft(string(raw), " \t"), " \t\r\n")
		lead := len(raw) - len(strings.TrimLeft(string(raw), " \t"))
		if !strings.HasPrefix(line, "[!") || strings.HasPrefix(line, "[!claim ") || strings.HasPrefix(line, "[!claim]") {
			continue
		}
		off := first.Start + lead
		m := markerRe.FindStringSubmatch(line)
		if m == nil {
			hint := "start a callout with one of " + markers() + " alone or followed by a title: > [!NOTE] Title"
			if strings.HasPrefix(strings.ToLower(line), "[!claim") {
				hint = "a claim's marker is written in lower case: > [!claim id=some-id status=disputed]"
			}
			addProblem(pc, off, hint, "block quote starts with %q, which is not a callout marker; it is shown as text", cut(line))
			continue
		}
		kind := strings.ToLower(m[1])
		if _, ok := labels[kind]; !ok {
			hint := "callouts are " + markers()
			if k, ok := obsidian[kind]; ok {
				hint = fmt.Sprintf("write [!%s]: Obsidian's [!%s] is not one of GitHub's five kinds, which are %s", strings.ToUpper(k), m[1], markers())
			} else if k := closest(kind); k != "" {
				hint = fmt.Sprintf("did you mean [!%s]? Callouts are %s", strings.ToUpper(k), markers())
			}
			addProblem(pc, off, hint, "unknown callout [!%s]; the block is shown as a quotation, marker included", m[1])
			continue
		}
		a := &Alert{AlertKind: kind, Fold: m[2], Offset: off}
		titleFrom := off + len("[!") + len(m[1]) + len("]") + len(m[2])
		title := &Title{}
		takeTitle(para, title, titleFrom, src)
		a.AppendChild(a, title)
		if !para.HasChildren() {
			q.RemoveChild(q, para)
		}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			q.RemoveChild(q, c)
			a.AppendChild(a, c)
			c = next
		}
		a.SetLines(q.Lines())
		q.Parent().ReplaceChild(q.Parent(), q, a)
	}
}

// takeTitle moves the inline nodes of the marker's line out of para: those
// of the marker (which ends at source offset from) are dropped, the rest
// become title's children.
func takeTitle(para *ast.Paragraph, title *Title, from int, src []byte) {
	for c := para.FirstChild(); c != nil; {
		next := c.NextSibling()
		last := endsLine(c)
		para.RemoveChild(para, c)
		keep := true
		if t, ok := c.(*ast.Text); ok {
			switch {
			case t.Segment.Stop <= from:
				keep = false
			case t.Segment.Start < from:
				t.Segment = t.Segment.WithStart(from)
			}
			if keep && !title.HasChildren() {
				t.Segment = t.Segment.TrimLeftSpace(src)
				keep = t.Segment.Len() > 0 || last
			}
		}
		if keep {
			title.AppendChild(title, c)
		}
		if last {
			break
		}
		c = next
	}
	// The line break that ended the title is not the title's.
	if t, ok := title.LastChild().(*ast.Text); ok {
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		t.Segment = t.Segment.TrimRightSpace(src)
		if t.Segment.Len() == 0 {
			title.RemoveChild(title, t)
		}
	}
}

// endsLine reports whether an inline node ends its line: it, or the last
// text inside it, is followed by a line break.
func endsLine(n ast.Node) bool {
	for ; n != nil; n = n.LastChild() {
		if t, ok := n.(*ast.Text); ok {
			return t.SoftLineBreak() || t.HardLineBreak()
		}
	}
	return false
}

func markers() string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = "[!" + strings.ToUpper(k) + "]"
	}
	return strings.Join(out, ", ")
}

// closest returns the kind a misspelt one was meant to be: one that starts
// with it or that it starts with, or one within two edits.
func closest(kind string) string {
	for _, k := range Kinds {
		if len(kind) >= 3 && (strings.HasPrefix(k, kind) || strings.HasPrefix(kind, k)) {
			return k
		}
	}
	best, bestD := "", 3
	for _, k := range Kinds {
		if d := distance(kind, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of two short ASCII words.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// cut shortens a marker line for a message.
func cut(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Renderer renders callouts.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRendererFuncRegisterer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, renderAlert)
	reg.Register(KindTitle, renderTitle)
}

func renderAlert(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Alert)
	kind := n.AlertKind
	if _, ok := labels[kind]; !ok {
		kind = "note"
	}
	switch {
	case !entering && n.Fold != "":
		_, _ = w.WriteString("</details>\n")
	case !entering:
		_, _ = w.WriteString("</div>\n")
	case n.Fold == "+":
		fmt.Fprintf(w, `<details class="callout callout-%s" open>`+"\n", kind)
	case n.Fold != "":
		fmt.Fprintf(w, `<details class="callout callout-%s">`+"\n", kind)
	default:
		fmt.Fprintf(w, `<div class="callout callout-%s" role="note">`+"\n", kind)
	}
	return ast.WalkContinue, nil
}

func renderTitle(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	a, _ := node.Parent().(*Alert)
	tag, label := "p", "Note"
	if a != nil {
		if a.Fold != "" {
			tag = "summary"
		}
		if l, ok := labels[a.AlertKind]; ok {
			label = l
		}
	}
	if !entering {
		fmt.Fprintf(w, "</%s>\n", tag)
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<%s class="callout-title">`, tag)
	if !node.HasChildren() {
		_, _ = w.WriteString(label)
	} else {
		// The kind is shown by the icon and colour; a reader who sees
		// neither hears it.
		fmt.Fprintf(w, `<span class="visually-hidden">%s: </span>`, label)
	}
	return ast.WalkContinue, nil
}

type extension struct{}

// Extension adds callouts to a goldmark.Markdown. Its transformer runs
// after package claim's (50), which takes the [!claim] quotes.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 60)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 500)))
}
