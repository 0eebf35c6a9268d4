// Package claim is a goldmark extension for disputed-claim blocks: a block
// quote that opens with a [!claim ...] marker states one claim and lists,
// side by side, who reports it and who denies or disputes it.
//
//	> [!claim id=guarantees-tied-to-donbas status=disputed]
//	> The United States made its guarantees conditional on Ukraine leaving Donbas.
//	>
//	> - reports: The Financial Times reported it, citing eight people [@ft].
//	> - denies: A White House spokesperson called it "totally false" [@wh].
//
// The status (confirmed, reported, denied, disputed or unknown) is the
// editor's summary and is shown as a labelled badge. Each list item starts
// with its role: reports, confirms, denies, disputes or context; items of
// one role are shown together. Any other blocks in the quote follow the
// sides as notes.
//
// In a plain Markdown viewer the block reads as a quotation with a list, so
// the source stays readable. The transformer turns the quote into a Claim
// node; the resolve stage collects every claim of the site (for /claims/ and
// the source pages) and checks that each side cites a source.
package claim

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/slug"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Statuses are the allowed claim statuses, in the order /claims/ lists them.
var Statuses = []string{"confirmed", "reported", "disputed", "denied", "unknown"}

// Roles are the allowed side roles, in the order they are shown.
var Roles = []string{"reports", "confirms", "denies", "disputes", "context"}

// StatusLabel is the badge text for a status.
func StatusLabel(status string) string {
	switch status {
	case "confirmed":
		return "Confirmed"
	case "reported":
		return "Reported, not confirmed"
	case "disputed":
		return "Disputed"
	case "denied":
		return "Reported and denied"
	}
	return "Unknown"
}

// RoleNoun names what a source carries when it takes a role: a source
// that quotes a denial "carries a denial"; it does not itself deny.
func RoleNoun(role string) string {
	switch role {
	case "reports":
		return "a report"
	case "confirms":
		return "a confirmation"
	case "denies":
		return "a denial"
	case "disputes":
		return "a challenge"
	}
	return "context"
}

// RoleLabel is the heading of a side.
func RoleLabel(role string) string {
	switch role {
	case "reports":
		return "Reported by"
	case "confirms":
		return "Confirmed by"
	case "denies":
		return "Denied by"
	case "disputes":
		return "Disputed by"
	}
	return "Context"
}

// Kinds of the nodes.
var (
	KindClaim = ast.NewNodeKind("Claim")
	KindSides = ast.NewNodeKind("ClaimSides")
	KindSide  = ast.NewNodeKind("ClaimSide")
)

// Claim is a claim block. Its first child is the statement paragraph, then a
// Sides node, then any further blocks.
type Claim struct {
	ast.BaseBlock
	ID        string
	Status    string
	Offset    int // byte offset of the marker
	Statement ast.Node
}

// Kind implements ast.Node.
func (n *Claim) Kind() ast.NodeKind { return KindClaim }

// Dump implements ast.Node.
func (n *Claim) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.ID, "Status": n.Status}, nil)
}

// Sides holds the Side nodes of a claim.
type Sides struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *Sides) Kind() ast.NodeKind { return KindSides }

// Dump implements ast.Node.
func (n *Sides) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Side holds the list items of one role.
type Side struct {
	ast.BaseBlock
	Role string
}

// Kind implements ast.Node.
func (n *Side) Kind() ast.NodeKind { return KindSide }

// Dump implements ast.Node.
func (n *Side) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Role": n.Role}, nil)
}

// Problem is a malformed claim block, at a byte offset.
type Problem struct {
	Offset  int
	Message string
	Hint    string
}

var problemsKey = parser.NewContextKey()

func addProblem(pc parser.Context, off int, hint, format string, args ...any) {
	list, _ := pc.Get(problemsKey).([]Problem)
	pc.Set(problemsKey, append(list, Problem{Offset: off, Message: fmt.Sprintf(format, args...), Hint: hint}))
}

// Problems returns the malformed claim blocks found while parsing with pc.
func Problems(pc parser.Context) []Problem {
	list, _ := pc.Get(problemsKey).([]Problem)
	return list
}

var markerRe = regexp.MustCompile(`^\[!claim((?:[ \t]+[A-Za-z_-]+=[^\s\]]*)*)[ \t]*\][ \t]*$`)

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[!claim")) {
		return // no claim block: no walk of the tree
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
		line := strings.TrimSpace(string(first.Value(src)))
		if !strings.HasPrefix(line, "[!claim") {
			continue
		}
		if c := build(q, para, first, line, src, pc); c != nil {
			q.Parent().ReplaceChild(q.Parent(), q, c)
		}
	}
}

// build turns a block quote into a Claim, reporting what is wrong with it.
func build(q *ast.Blockquote, para *ast.Paragraph, first text.Segment, marker string, src []byte, pc parser.Context) *Claim {
	c := &Claim{Offset: first.Start}
	m := markerRe.FindStringSubmatch(marker)
	if m == nil {
		addProblem(pc, first.Start, "write the marker alone on the quote's first line: > [!claim id=some-id status=disputed]",
			"malformed claim marker %q", marker)
		return nil
	}
	for _, kv := range strings.Fields(m[1]) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "id":
			c.ID = v
		case "status":
			c.Status = v
		default:
			addProblem(pc, first.Start, "a claim marker takes id= and status=", "unknown claim attribute %q", k)
		}
	}
	if c.ID == "" {
		addProblem(pc, first.Start, "add id=some-claim-id, unique in the site", "claim has no id")
	} else if err := slug.Check(c.ID); err != nil {
		addProblem(pc, first.Start, "use lower-case letters, digits and single hyphens", "claim id %q %v", c.ID, err)
	}
	if !slices.Contains(Statuses, c.Status) {
		addProblem(pc, first.Start, "status is one of: "+strings.Join(Statuses, ", "), "claim status %q is not known", c.Status)
		c.Status = "unknown"
	}

	// Drop the marker line from the first paragraph; what remains of it, or
	// else the next paragraph, is the statement.
	// Inline nodes whose start is not recorded take the line of the node
	// before them.
	onFirstLine := true
	for child := para.FirstChild(); child != nil; {
		next := child.NextSibling()
		if start := inlineStart(child); start >= 0 {
			onFirstLine = start < first.Stop
		}
		if onFirstLine {
			para.RemoveChild(para, child)
		}
		child = next
	}
	var statement ast.Node
	if para.HasChildren() {
		statement = para
	} else {
		q.RemoveChild(q, para)
		if p, ok := q.FirstChild().(*ast.Paragraph); ok {
			statement = p
		}
	}
	if statement == nil {
		addProblem(pc, first.Start, "state the claim in a sentence on the line after the marker", "claim has no statement")
		return nil
	}
	q.RemoveChild(q, statement)
	statement.(*ast.Paragraph).SetAttributeString("class", []byte("claim-statement"))
	// The aside is named by its statement: every claim on a page is an
	// aside, and landmarks of one kind need names of their own.
	statement.(*ast.Paragraph).SetAttributeString("id", []byte("claim-"+c.ID+"-statement"))
	c.Statement = statement
	c.AppendChild(c, statement)

	sides := map[string]*Side{}
	var rest []ast.Node
	for child := q.FirstChild(); child != nil; {
		next := child.NextSibling()
		q.RemoveChild(q, child)
		list, ok := child.(*ast.List)
		if !ok {
			rest = append(rest, child)
			child = next
			continue
		}
		for item := list.FirstChild(); item != nil; {
			nextItem := item.NextSibling()
			list.RemoveChild(list, item)
			role, off := takeRole(item, src)
			switch {
			case role == "":
				addProblem(pc, off, "start each item with its role and a colon: reports:, confirms:, denies:, disputes: or context:",
					"claim item does not start with a role")
			case !slices.Contains(Roles, role):
				addProblem(pc, off, "roles are: "+strings.Join(Roles, ", "), "unknown claim role %q", role)
			default:
				if role != "context" && !hasCitation(item) {
					addProblem(pc, off, "cite the source of this account, e.g. [@source-id]", "claim item %q cites no source", role)
				}
				s := sides[role]
				if s == nil {
					s = &Side{Role: role}
					sides[role] = s
				}
				s.AppendChild(s, item)
			}
			item = nextItem
		}
		child = next
	}
	if len(sides) == 0 {
		addProblem(pc, first.Start, "list who reports and who denies the claim: > - reports: ... [@source]",
			"claim lists no sides")
	}
	group := &Sides{}
	for _, r := range Roles {
		if s := sides[r]; s != nil {
			group.AppendChild(group, s)
		}
	}
	c.AppendChild(c, group)
	for _, r := range rest {
		c.AppendChild(c, r)
	}
	return c
}

// inlineStart returns where an inline node starts in the source, or -1
// when the AST does not record it.
func inlineStart(n ast.Node) int {
	switch n := n.(type) {
	case *cite.Citation:
		return n.Offset
	case *ast.Text:
		return n.Segment.Start
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := inlineStart(c); s >= 0 {
			return s
		}
	}
	return -1
}

var roleRe = regexp.MustCompile(`^\s*([A-Za-z]+)\s*:\s*`)

// takeRole reads and removes the "role:" that starts a list item.
func takeRole(item ast.Node, src []byte) (string, int) {
	block := item.FirstChild()
	off := 0
	if block != nil && block.Lines().Len() > 0 {
		off = block.Lines().At(0).Start
	}
	if block == nil {
		return "", off
	}
	t, ok := block.FirstChild().(*ast.Text)
	if !ok {
		return "", off
	}
	m := roleRe.FindSubmatch(t.Segment.Value(src))
	if m == nil {
		return "", off
	}
	t.Segment = t.Segment.WithStart(t.Segment.Start + len(m[0]))
	return strings.ToLower(string(m[1])), off
}

func hasCitation(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := c.(*cite.Citation); ok {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// Renderer renders claim blocks.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindClaim, renderClaim)
	reg.Register(KindSides, renderSides)
	reg.Register(KindSide, renderSide)
}

func renderClaim(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Claim)
	if !entering {
		_, _ = w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	id := util.EscapeHTML([]byte("claim-" + n.ID))
	status := util.EscapeHTML([]byte(n.Status))
	fmt.Fprintf(w, `<aside class="claim claim-%s" id="%s" aria-labelledby="%s-statement">`+"\n", status, id, id)
	fmt.Fprintf(w, `<p class="claim-head"><span class="claim-kicker">Claim</span> <span class="badge badge-%s">%s</span> <a class="claim-anchor" href="#%s" aria-label="Link to this claim">#</a></p>`+"\n",
		status, util.EscapeHTML([]byte(StatusLabel(n.Status))), id)
	return ast.WalkContinue, nil
}

func renderSides(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, `<div class="claim-sides claim-sides-%d">`+"\n", node.ChildCount())
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderSide(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Side)
	if entering {
		fmt.Fprintf(w, `<section class="claim-side side-%s"><p class="side-title">%s</p>`+"\n<ul>\n", n.Role, RoleLabel(n.Role))
	} else {
		_, _ = w.WriteString("</ul>\n</section>\n")
	}
	return ast.WalkContinue, nil
}

type extension struct{}

// Extension adds claim blocks to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender. The transformer only moves nodes, so
// its order among the other transformers does not matter.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(Renderer{}, 500)))
}
