package resolve

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/claim"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/timeline"
	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Needed is a statement marked {citation needed}, for the maintenance page.
type Needed struct {
	Page    *Page
	Pos     diag.Pos
	Context string
}

// piece is a run of a block's text, or a citation, in reading order. A
// run of the source is the source's own bytes (raw), not a copy: the
// pieces of every paragraph are taken, and most are let go at once, as
// they hold no quotation. Other text (a cross-link's title, a space) is
// text; a piece has one or the other.
type piece struct {
	text   string
	raw    []byte
	offset int            // source offset of the piece's first byte; -1 when unknown
	cite   *cite.Citation // set for a citation
}

// len returns the length of the piece's text.
func (pc piece) len() int { return len(pc.text) + len(pc.raw) }

// hasQuote reports whether the piece's text holds a quotation mark that
// opens or closes a quotation.
func (pc piece) hasQuote() bool {
	return strings.IndexByte(pc.text, '"') >= 0 || strings.Contains(pc.text, "“") ||
		bytes.IndexByte(pc.raw, '"') >= 0 || bytes.Contains(pc.raw, []byte("“"))
}

// writeTo writes the piece's text to b.
func (pc piece) writeTo(b *strings.Builder) {
	b.WriteString(pc.text)
	b.Write(pc.raw)
}

// pieces flattens a block's inline content, appended to out.
func pieces(block ast.Node, source []byte, out []piece) []piece {
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				out = append(out, piece{raw: c.Segment.Value(source), offset: c.Segment.Start})
				if c.SoftLineBreak() || c.HardLineBreak() {
					out = append(out, piece{text: " ", offset: -1})
				}
			case *ast.String:
				out = append(out, piece{text: string(c.Value), offset: -1})
			case *cite.Citation:
				out = append(out, piece{cite: c, offset: c.Offset})
			case *ast.CodeSpan, *ast.RawHTML, *cite.Needed, *cite.Exempt:
				out = append(out, piece{text: " ", offset: -1})
			case *xref.Link:
				if !c.HasChildren() {
					out = append(out, piece{text: c.Title, offset: -1})
				} else {
					walk(c)
				}
			default:
				if c.Type() == ast.TypeInline {
					walk(c)
				}
			}
		}
	}
	walk(block)
	return out
}

// isTextBlock reports whether n holds running text to check.
func isTextBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *east.TableRow:
		return true
	}
	return false
}

// inside reports whether n has an ancestor of a kind.
func inside(n ast.Node, kinds ...ast.NodeKind) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		for _, k := range kinds {
			if p.Kind() == k {
				return true
			}
		}
	}
	return false
}

// checkCitations warns about paragraphs of a note that state something and
// cite nothing, and collects {citation needed} markers.
func (r *pageRun) checkCitations() {
	p, source := r.p, r.doc.Source
	_ = ast.Walk(r.doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *timeline.Timeline, *east.TableHeader:
			return ast.WalkSkipChildren, nil
		case *ast.Blockquote:
			return ast.WalkSkipChildren, nil // quotations are checked against the excerpts instead
		}
		if !isTextBlock(n) {
			return ast.WalkContinue, nil
		}
		if inside(n, claim.KindClaim) {
			return ast.WalkSkipChildren, nil // the claim's sides must cite; package claim checks them
		}
		var cited, exempt, linkOnly = false, false, true
		var needed []*cite.Needed
		hasText := false
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch c := c.(type) {
			case *cite.Citation, *east.FootnoteLink:
				cited = true // a footnote holds its own citations
			case *cite.Exempt:
				exempt = true
			case *cite.Needed:
				needed = append(needed, c)
			case *ast.Link, *xref.Link, *ast.AutoLink, *ast.Image: // an image's alt text describes it; it states nothing
				return ast.WalkSkipChildren, nil
			case *ast.Text:
				if t := c.Segment.Value(source); bytes.IndexFunc(t, unicode.IsLetter) >= 0 {
					hasText = true
					if linkOnly && !isConnective(string(t)) {
						linkOnly = false
					}
				}
			}
			return ast.WalkContinue, nil
		})
		for _, m := range needed {
			pos := r.pos(m.Offset)
			r.res.needed = append(r.res.needed, &Needed{Page: p, Pos: pos, Context: markup.PlainText(n, source)})
			r.diags.Warnf(pos, diag.CodeCitationNeeded, "find a source and cite it with [@source-id]", "statement is marked {citation needed}")
		}
		if cited || exempt || len(needed) > 0 || !hasText || linkOnly {
			return ast.WalkSkipChildren, nil
		}
		r.diags.Warnf(r.pos(markup.Offset(n, source)), diag.CodeCitationNeeded,
			"cite its source with [@source-id], mark it {citation needed}, or end it with {no citation} if it states no fact",
			"paragraph states something but cites no source")
		return ast.WalkSkipChildren, nil
	})
}

// isConnective reports whether text between links is only glue ("and",
// "see", punctuation), so that a paragraph of links counts as link-only.
func isConnective(t string) bool {
	// Word by word, stopping at the first that is not glue: this runs on
	// the first text of nearly every paragraph.
	for w := range strings.FieldsFuncSeq(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
		case "and", "or", "see", "also", "then", "next", "previous", "read", "more", "on", "in", "the":
		default:
			return false
		}
	}
	return true
}

// quote is a quotation found in running text.
type quote struct {
	text   string
	offset int
}

// checkQuotes checks every quotation attributed to a source (text in double
// quotes followed, in the same sentence, by a citation; or a block quote
// that ends with a citation) against the cited sources' excerpts.
func (r *pageRun) checkQuotes() {
	_ = ast.Walk(r.doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if bq, ok := n.(*ast.Blockquote); ok {
			r.checkBlockquote(bq)
			return ast.WalkContinue, nil
		}
		if !isTextBlock(n) {
			return ast.WalkContinue, nil
		}
		// One list for all of the page's blocks: one made for each
		// block was 136 MB of a full build's allocation at 10,000 notes.
		ps := pieces(n, r.doc.Source, r.pieces[:0])
		r.pieces = ps
		if !slices.ContainsFunc(ps, piece.hasQuote) {
			return ast.WalkSkipChildren, nil // no quotation to check
		}
		var pending []quote
		var text strings.Builder
		var offsets []int // source offset of each byte of text, -1 unknown
		for _, pc := range ps {
			if pc.cite != nil {
				pending = append(pending, findQuotes(text.String(), offsets)...)
				for _, q := range pending {
					r.verify(q, pc.cite)
				}
				pending = nil
				text.Reset()
				offsets = offsets[:0]
				continue
			}
			for i := range pc.len() {
				if pc.offset < 0 {
					offsets = append(offsets, -1)
				} else {
					offsets = append(offsets, pc.offset+i)
				}
			}
			pc.writeTo(&text)
		}
		return ast.WalkSkipChildren, nil
	})
}

// findQuotes returns the quotations in text that stand in the last
// sentence (a quote followed by a sentence end and more text is not
// attributed to a later citation).
func findQuotes(text string, offsets []int) []quote {
	var out []quote
	start := lastSentenceStart(text)
	i := start
	for i < len(text) {
		open, size := nextOpenQuote(text, i)
		if open < 0 {
			break
		}
		end, closeSize := closingQuote(text, open+size, text[open:open+size])
		if end < 0 {
			break
		}
		off := -1
		if open < len(offsets) {
			off = offsets[open]
		}
		out = append(out, quote{text: text[open+size : end], offset: off})
		i = end + closeSize
	}
	return out
}

// lastSentenceStart finds where the last sentence of text begins.
func lastSentenceStart(text string) int {
	inQuote := false
	last := 0
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '"':
			inQuote = !inQuote
		case strings.HasPrefix(text[i:], "“"):
			inQuote = true
		case strings.HasPrefix(text[i:], "”"):
			inQuote = false
		case !inQuote && isSentenceEnd(text, i) && strings.TrimSpace(text[i+1:]) != "":
			last = i + 1
		}
	}
	return last
}

func nextOpenQuote(text string, from int) (int, int) {
	a := strings.IndexByte(text[from:], '"')
	b := strings.Index(text[from:], "“")
	switch {
	case a < 0 && b < 0:
		return -1, 0
	case b < 0 || (a >= 0 && a < b):
		return from + a, 1
	}
	return from + b, len("“")
}

func closingQuote(text string, from int, open string) (int, int) {
	closer := `"`
	if open == "“" {
		closer = "”"
	}
	i := strings.Index(text[from:], closer)
	if i < 0 {
		return -1, 0
	}
	return from + i, len(closer)
}

// checkBlockquote checks a block quote whose last paragraph ends with a
// citation: all its text must be an excerpt of the cited source.
func (r *pageRun) checkBlockquote(bq *ast.Blockquote) {
	source := r.doc.Source
	last := bq.LastChild()
	if last == nil || !isTextBlock(last) {
		return
	}
	var c *cite.Citation
	for n := last.LastChild(); n != nil; n = n.PreviousSibling() {
		if ct, ok := n.(*cite.Citation); ok {
			c = ct
			break
		}
		if t, ok := n.(*ast.Text); ok && strings.TrimSpace(strings.Trim(string(t.Segment.Value(source)), ".")) == "" {
			continue
		}
		return
	}
	if c == nil {
		return
	}
	var b strings.Builder
	for blk := bq.FirstChild(); blk != nil; blk = blk.NextSibling() {
		for _, pc := range pieces(blk, source, nil) {
			if pc.cite == nil {
				pc.writeTo(&b)
			}
		}
		b.WriteByte(' ')
	}
	r.verify(quote{text: b.String(), offset: markup.Offset(bq, source)}, c)
}

// verify checks one quotation against the excerpts of the sources of c: a
// citation pinned to a passage must find the quotation in that passage.
func (r *pageRun) verify(q quote, c *cite.Citation) {
	s := r.s
	parts := quoteParts(q.text)
	if len(parts) == 0 {
		return
	}
	var excerpts []string
	var ids []string
	elision, elsewhere := "", ""
	for _, it := range c.Items {
		src := s.sources[it.ID]
		r.read(src)
		if src == nil {
			return // reported as an unknown source already
		}
		ids = append(ids, it.ID)
		for i, e := range src.Source.Meta.Excerpts {
			ne := NormalizeQuote(e)
			if it.HasPin && it.Passage != "" && e != it.Passage {
				if found, problem := matchElided(ne, parts); found && problem == "" && elsewhere == "" {
					elsewhere = fmt.Sprintf("excerpts[%d] of %s", i, it.ID)
				}
				continue
			}
			excerpts = append(excerpts, e)
			found, problem := matchElided(ne, parts)
			if found && problem == "" {
				for _, it := range c.Items {
					if s.sources[it.ID] == src && it.Quoted == "" {
						it.Quoted = e
					}
				}
				return
			}
			if found && elision == "" {
				elision = problem
			}
		}
	}
	if r.misquoted == nil {
		r.misquoted = map[*cite.Citation]bool{}
	}
	r.misquoted[c] = true
	off := q.offset
	if off < 0 {
		off = c.Offset
	}
	shown := shorten(strings.TrimSpace(q.text), 80)
	if elsewhere != "" && elision == "" {
		r.diags.Errorf(r.pos(off), diag.CodeQuoteMismatch,
			fmt.Sprintf("pin the citation to the passage the quotation comes from, %s, or quote the passage it is pinned to", elsewhere),
			"quotation %q is not in the passage its citation is pinned to", shown)
		return
	}
	if elision != "" {
		r.diags.Errorf(r.pos(off), diag.CodeQuoteElision,
			"quote the words on both sides of the ellipsis whole, or quote two shorter pieces, each in its own quotation marks; readers see the whole passage in the citation's card and the reference list",
			"the ellipsis in quotation %q %s", shown, elision)
		return
	}
	hint := fmt.Sprintf("add the passage, word for word, to the `excerpts` of %s, or correct the quote", strings.Join(ids, " or "))
	if best := closestExcerpt(strings.Join(parts, " "), excerpts); best != "" {
		hint = fmt.Sprintf("the closest excerpt is %q; %s", best, hint)
	}
	r.diags.Errorf(r.pos(off), diag.CodeQuoteMismatch, hint,
		"quotation %q is not verbatim in the excerpts of %s", shown, strings.Join(ids, ", "))
}

// quoteParts normalises a quotation and splits it at ellipses, which mark
// words left out: each part must appear in the excerpt, in order.
func quoteParts(q string) []string {
	q = strings.ReplaceAll(NormalizeQuote(q), "…", "...")
	var out []string
	for part := range strings.SplitSeq(q, "...") {
		part = strings.Trim(part, " .,;:")
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// matchElided reports whether every part of a quotation split at its
// ellipses appears in the excerpt s, in order, and, when one does, what is
// wrong with the words an ellipsis leaves out: an ellipsis may skip words
// only within one sentence of the excerpt, and never a negation or a
// qualifier (not, no, never, only, reportedly, allegedly and the like),
// which would change what the source says. Of the ways the parts can be
// found, one that leaves out nothing wrong is preferred.
func matchElided(s string, parts []string) (found bool, problem string) {
	if len(parts) == 0 {
		return false, ""
	}
	first := parts[0]
	var firstProblem string
	for from := 0; from <= len(s); {
		i, n := indexEitherCase(s[from:], first)
		if i < 0 {
			break
		}
		i += from
		end := i + n
		ok, problem := true, ""
		for _, p := range parts[1:] {
			j, m := indexEitherCase(s[end:], p)
			if j < 0 {
				ok = false
				break
			}
			if problem == "" {
				problem = elisionProblem(s, end, end+j)
			}
			end += j + m
		}
		if !ok {
			break // a later start finds no more than this one did
		}
		if problem == "" {
			return true, ""
		}
		if firstProblem == "" {
			firstProblem = problem
		}
		from = i + 1
	}
	if firstProblem != "" {
		return true, firstProblem
	}
	return false, ""
}

// indexEitherCase finds p in s, also with its first letter's case swapped
// (a quotation woven into a sentence often starts in lower case); it
// returns the index and the match's length.
func indexEitherCase(s, p string) (int, int) {
	if i := strings.Index(s, p); i >= 0 {
		return i, len(p)
	}
	sw := swapFirstCase(p)
	return strings.Index(s, sw), len(sw)
}

// elisionProblem says what is wrong with leaving out s[from:to], or "".
func elisionProblem(s string, from, to int) string {
	for i := from; i < to; i++ {
		if isSentenceEnd(s, i) {
			return fmt.Sprintf("leaves out the end of a sentence of the passage (%q): an ellipsis may skip words within one sentence only", shorten(strings.TrimSpace(s[from:to]), 60))
		}
	}
	for w := range strings.FieldsFuncSeq(s[from:to], func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		lw := strings.ToLower(strings.Trim(w, "'"))
		if qualifiers[lw] || strings.HasSuffix(lw, "n't") {
			return fmt.Sprintf("leaves out %q, which changes what the source says", w)
		}
	}
	return ""
}

// qualifiers are words an ellipsis may not leave out of a quotation: they
// negate, limit or attribute what the rest says.
var qualifiers = map[string]bool{
	"not": true, "no": true, "never": true, "nor": true, "neither": true, "none": true, "nobody": true, "nothing": true,
	"nowhere": true, "cannot": true, "without": true, "except": true, "unless": true, "if": true,
	"only": true, "just": true, "solely": true, "merely": true, "mainly": true, "primarily": true, "partly": true,
	"reportedly": true, "allegedly": true, "purportedly": true, "supposedly": true, "apparently": true, "according": true,
	"possibly": true, "probably": true, "perhaps": true, "likely": true, "unlikely": true, "may": true, "might": true,
	"could": true, "would": true, "should": true, "nearly": true, "almost": true, "yet": true, "unconfirmed": true,
	"unverified": true, "denied": true, "denies": true, "deny": true, "false": true,
}

func swapFirstCase(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	if unicode.IsUpper(r[0]) {
		r[0] = unicode.ToLower(r[0])
	} else {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// NormalizeQuote makes quotation and excerpt comparable: it folds curly
// quotes and apostrophes into straight ones and runs of white space into
// one space. Nothing else is changed: a quote must be verbatim.
func NormalizeQuote(s string) string {
	return strings.Join(strings.Fields(quoteFolder.Replace(s)), " ")
}

var quoteFolder = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "‚", "'", "\u00a0", " ")

// closestExcerpt returns the excerpt sharing the longest run of words with
// q, shortened around that run.
func closestExcerpt(q string, excerpts []string) string {
	qw := strings.Fields(q)
	best, bestLen := "", 0
	for _, e := range excerpts {
		ew := strings.Fields(NormalizeQuote(e))
		if i, k := longestRun(ew, qw); k > bestLen {
			bestLen = k
			from := max(0, i-3)
			to := min(len(ew), i+k+3)
			best = strings.Join(ew[from:to], " ")
			if from > 0 {
				best = "..." + best
			}
			if to < len(ew) {
				best += "..."
			}
		}
	}
	if bestLen < 2 {
		return ""
	}
	return best
}

// longestRun finds the longest run of words that a and b share, in order:
// it returns where the first such run starts in a, and its length (0 when
// they share no word). The first of equally long runs wins.
func longestRun(a, b []string) (at, n int) {
	for i := range a {
		for j := range b {
			l := 0
			for i+l < len(a) && j+l < len(b) && a[i+l] == b[j+l] {
				l++
			}
			if l > n {
				at, n = i, l
			}
		}
	}
	return at, n
}
