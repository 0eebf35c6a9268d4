package resolve

import (
	"strings"
	"unicode"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/yuin/goldmark/ast"
)

// blockOf returns the paragraph-like block holding an inline node.
func blockOf(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			return p
		}
	}
	return n
}

// paragraphOf returns the plain text of the paragraph holding n.
func paragraphOf(n ast.Node, source []byte) string {
	return tidy(markup.PlainText(blockOf(n), source))
}

// sentenceOf returns the sentence of its paragraph that n stands in. A
// citation placed just before a sentence's full stop belongs to that
// sentence; one placed just after it belongs to the sentence before.
func sentenceOf(n ast.Node, source []byte) string {
	block := blockOf(n)
	var b strings.Builder
	at := -1
	_ = ast.Walk(block, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c == n {
			at = b.Len()
			return ast.WalkSkipChildren, nil
		}
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
			return ast.WalkSkipChildren, nil
		}
		if c.Kind() == ast.KindString || c.Kind() == ast.KindCodeSpan {
			b.WriteString(markup.PlainText(c, source))
			return ast.WalkSkipChildren, nil
		}
		if c.Type() == ast.TypeInline && c.Kind() != ast.KindEmphasis && c.Kind() != ast.KindLink {
			// Cross-links without text and other leaf-like inlines.
			if t := markup.PlainText(c, source); t != "" && !c.HasChildren() {
				b.WriteString(t)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	text := b.String()
	if at < 0 {
		return tidy(text)
	}
	// A citation right after a sentence end belongs to that sentence.
	before := strings.TrimRight(text[:at], " ")
	if strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!") {
		at = len(before) - 1
	}
	start := 0
	for i := at - 1; i > 0; i-- {
		if isSentenceEnd(text, i) {
			start = i + 1
			break
		}
	}
	end := len(text)
	for i := at; i < len(text); i++ {
		if isSentenceEnd(text, i) {
			end = i + 1
			break
		}
	}
	return tidy(text[start:end])
}

// tidy folds white space and drops the space a removed citation leaves
// before punctuation ("reported it [@a]." reads "reported it."). It runs
// for every backlink and citation, so it is one pass over s (a regular
// expression took a fifth of the resolve stage).
func tidy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for f := range strings.FieldsSeq(s) {
		if b.Len() > 0 && strings.IndexByte(".,;:!?", f[0]) < 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// isSentenceEnd reports whether text[i] ends a sentence: a full stop, question
// or exclamation mark (perhaps followed by a closing quote) followed by a
// space and a capital letter, a digit or an opening quote.
func isSentenceEnd(text string, i int) bool {
	c := text[i]
	if c != '.' && c != '?' && c != '!' {
		return false
	}
	j := i + 1
	for j < len(text) && strings.ContainsRune("\"')”’", rune(text[j])) {
		j++
	}
	if j >= len(text) || text[j] != ' ' {
		return j >= len(text)
	}
	rest := strings.TrimLeft(text[j:], " ")
	if rest == "" {
		return true
	}
	r := []rune(rest)[0]
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'", r)
}
