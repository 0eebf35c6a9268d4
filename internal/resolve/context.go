package resolve

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	var scratch []byte
	return paragraphIn(n, source, &scratch)
}

// paragraphIn is paragraphOf, the paragraph's text written into *scratch,
// which is kept for the next call (see sentenceIn): a new buffer for each
// paragraph that links was 39 MB of a 10,000-note full build's
// allocation.
func paragraphIn(n ast.Node, source []byte, scratch *[]byte) string {
	*scratch = markup.AppendPlainText((*scratch)[:0], blockOf(n), source)
	return tidy(unsafe.String(unsafe.SliceData(*scratch), len(*scratch)))
}

// sentenceOf returns the sentence of its paragraph that n stands in. A
// citation placed just before a sentence's full stop belongs to that
// sentence; one placed just after it belongs to the sentence before.
func sentenceOf(n ast.Node, source []byte) string {
	var scratch []byte
	return sentenceIn(n, source, &scratch)
}

// sentenceIn is sentenceOf, the paragraph's text written into *scratch,
// which is kept for the next call: a page takes the sentence of each of its
// citations, each from the whole text of its paragraph (at 10,000 notes,
// 77 MB of a full build's allocation when each was a new buffer).
func sentenceIn(n ast.Node, source []byte, scratch *[]byte) string {
	block := blockOf(n)
	b := bytes.NewBuffer((*scratch)[:0])
	// About the paragraph's length: one buffer, not one doubled as it
	// grows.
	b.Grow(markup.LinesLen(block))
	defer func() { *scratch = b.Bytes()[:0] }()
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
	// The text is read in place: tidy returns a string of its own, and
	// nothing else of text is kept.
	text := unsafe.String(unsafe.SliceData(b.Bytes()), b.Len())
	if at < 0 {
		return tidy(text)
	}
	return sentenceAt(text, at)
}

// sentenceAt returns the sentence of text that a citation at byte offset at
// (removed from text) belongs to. A citation placed just before a
// sentence's full stop belongs to that sentence; one placed just after it
// (and after any closing quote or bracket) belongs to it too, not to the
// sentence that follows.
func sentenceAt(text string, at int) string {
	at = min(max(at, 0), len(text))
	before := strings.TrimRight(text[:at], " ")
	trimmed := before
	for {
		t := trimmed
		for _, c := range closers {
			t = strings.TrimSuffix(t, c)
		}
		if t == trimmed {
			break
		}
		trimmed = t
	}
	if n := len(trimmed); n > 0 && strings.IndexByte(".?!", trimmed[n-1]) >= 0 && isSentenceEnd(before+" X", n-1) {
		at = n - 1
	}
	quoted := quotedBytes(text)
	isEnd := func(i int) bool {
		if !isSentenceEnd(text, i) {
			return false
		}
		// Inside a quotation, only a full stop that closes it ends the
		// sentence: `She said "it is false. Totally." and left.` is one.
		if quoted != nil && quoted[i] {
			for _, c := range closers {
				if strings.HasPrefix(text[i+1:], c) {
					return true
				}
			}
			return false
		}
		return true
	}
	start := 0
	for i := at - 1; i > 0; i-- {
		if isEnd(i) {
			start = i + 1
			for more := true; more; { // a closing quote stays with its sentence
				more = false
				for _, c := range closers {
					if strings.HasPrefix(text[start:], c) {
						start += len(c)
						more = true
					}
				}
			}
			break
		}
	}
	end := len(text)
	for i := at; i < len(text); i++ {
		if isEnd(i) {
			end = i + 1
			for _, c := range closers { // keep a closing quote with its sentence
				if strings.HasPrefix(text[end:], c) {
					end += len(c)
					break
				}
			}
			break
		}
	}
	return tidy(text[start:end])
}

// quotedBytes marks the bytes of text that stand inside double quotes
// (straight or curly), or returns nil when the quotes do not pair up.
func quotedBytes(text string) []bool {
	if strings.IndexByte(text, '"') < 0 && !strings.Contains(text, "“") {
		return nil
	}
	out := make([]bool, len(text))
	straight, curly := false, 0
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '"':
			straight = !straight
		case strings.HasPrefix(text[i:], "“"):
			curly++
		case strings.HasPrefix(text[i:], "”"):
			curly--
			if curly < 0 {
				return nil
			}
		}
		out[i] = straight || curly > 0
	}
	if straight || curly != 0 {
		return nil
	}
	return out
}

// closers are the marks that may stand between a sentence's last word's
// full stop and the space after it.
var closers = []string{`"`, "'", ")", "]", "”", "’"}

// tidy folds white space and drops the space a removed citation leaves
// before punctuation ("reported it [@a]." reads "reported it."). It runs
// for every backlink and citation, so it is one pass over s (a regular
// expression took a fifth of the resolve stage). It returns a string of
// its own, never s or a part of it: sentenceIn and paragraphIn give it
// text that is written over afterwards. (Text already tidy is rare: a
// cited sentence keeps the space before its removed citation.)
func tidy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for f := range strings.FieldsSeq(s) {
		if b.Len() > 0 && strings.IndexByte(tidyPunct, f[0]) < 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// tidyPunct are the marks tidy puts no space before.
const tidyPunct = ".,;:!?"

// isSentenceEnd reports whether text[i] ends a sentence: a full stop,
// question or exclamation mark (perhaps followed by closing quotes or
// brackets) followed by a space and a capital letter, a digit or an opening
// quote, or by the end of the text. A full stop that ends an abbreviation
// ("U.S.", "e.g.", "Gen."), an initial ("J. Smith") or a number's decimal
// point does not end a sentence.
func isSentenceEnd(text string, i int) bool {
	c := text[i]
	if c != '.' && c != '?' && c != '!' {
		return false
	}
	j := i + 1
	for more := true; more && j < len(text); {
		more = false
		for _, cl := range closers {
			if strings.HasPrefix(text[j:], cl) {
				j += len(cl)
				more = true
				break
			}
		}
	}
	if j >= len(text) {
		return true
	}
	if text[j] != ' ' {
		return false
	}
	if c == '.' && j == i+1 && isAbbreviation(text[:i+1]) {
		return false
	}
	rest := strings.TrimLeft(text[j:], " ")
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(", r)
}

// isAbbreviation reports whether s ends with an abbreviation whose full
// stop is its last byte: letters with full stops between them ("U.S.",
// "e.g.", "a.m."), a capital initial ("J."), or a title or other short
// form that is followed by more of the sentence ("Gen.", "Mr.", "No.").
func isAbbreviation(s string) bool {
	start := strings.LastIndexAny(s, " (\"“‘'\u00a0") + 1
	word := s[start:]
	if len(word) < 2 {
		return false
	}
	body := word[:len(word)-1] // without the final full stop
	if strings.Contains(body, ".") {
		// Letters and full stops only, each part one or two letters: U.S, e.g, a.m, Ph.D.
		for part := range strings.SplitSeq(body, ".") {
			n := utf8.RuneCountInString(part)
			if n == 0 || n > 2 || strings.IndexFunc(part, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
				return false
			}
		}
		return true
	}
	if r, n := utf8.DecodeRuneInString(body); n == len(body) && unicode.IsUpper(r) {
		return true // an initial
	}
	return abbreviations[strings.ToLower(body)]
}

// abbreviations are short forms that end with a full stop but seldom end a
// sentence: titles and ranks, months, and the like.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "adm": true, "cmdr": true,
	"gov": true, "sen": true, "rep": true, "pres": true, "amb": true, "hon": true, "rev": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"no": true, "nos": true, "vs": true, "approx": true, "para": true, "paras": true, "art": true, "arts": true, "fig": true, "vol": true, "pp": true, "p": true, "cf": true,
}
