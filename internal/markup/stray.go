package markup

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// Syntax of other tools that editors coming from Hugo or Obsidian write
// out of habit, and that dossier would publish as text: each is reported
// where it stands (unsupported-syntax), never shown to readers unnoticed.
var strays = []struct {
	lit        []byte // what every match holds, looked for first: a regexp on every line costs
	re         *regexp.Regexp
	what, hint string
}{
	{[]byte("{{"), regexp.MustCompile(`\{\{[<%]\s*/?\s*([A-Za-z0-9_./-]*)`), "Hugo shortcode",
		`write Markdown instead: an image with a caption is ![Description](map.png "Caption"), a link to a note [[note-slug]]`},
	{[]byte("%%"), regexp.MustCompile(`%%(?:[^%\n]*%%)?`), "Obsidian comment",
		"remove it: dossier has no hidden comments, and the text would be published; keep notes to editors outside content/"},
	{[]byte("=="), regexp.MustCompile(`==[^=\s](?:[^=\n]*[^=\s])?==`), "Obsidian highlight",
		"use *emphasis* or **strong emphasis** instead"},
}

// checkStray reports the syntax of other tools in the text of a paragraph
// or heading, outside code spans.
func (d *Doc) checkStray(n ast.Node) {
	lines := n.Lines()
	found := false
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(d.Source)
		for _, s := range strays {
			found = found || bytes.Contains(line, s.lit)
		}
	}
	if !found {
		return // nearly every paragraph: nothing more to do, nothing allocated
	}
	var code [][2]int // the code spans' source ranges, backticks included
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Kind() == ast.KindCodeSpan {
			ft, ok1 := c.FirstChild().(*ast.Text)
			lt, ok2 := c.LastChild().(*ast.Text)
			if ok1 && ok2 {
				code = append(code, [2]int{ft.Segment.Start - 1, lt.Segment.Stop + 1})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	inCode := func(at int) bool {
		for _, r := range code {
			if at >= r[0] && at < r[1] {
				return true
			}
		}
		return false
	}
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(d.Source)
		for _, s := range strays {
			if !bytes.Contains(line, s.lit) {
				continue
			}
			for _, m := range s.re.FindAllSubmatchIndex(line, -1) {
				at := seg.Start + m[0]
				if inCode(at) || (m[0] > 0 && line[m[0]-1] == '\\') {
					continue
				}
				shown := string(line[m[0]:m[1]])
				if len(m) > 2 && m[2] >= 0 && m[3] > m[2] {
					shown += " ...}}"
				}
				d.problem(at, diag.Warning, diag.CodeUnsupportedSyntax,
					s.what+" "+strconv.Quote(shown)+" is not read by dossier and would be published as text", s.hint)
			}
		}
	}
}
