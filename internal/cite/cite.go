// Package cite is a goldmark extension for Pandoc-style citations:
//
//	[@id]                         one source
//	[@id, locator]                one source, with a locator such as "para. 3"
//	[@id1; @id2]                  several sources
//	[@id "words of the passage"]  one source, pinned to the passage it rests on
//	[@id "words", para. 3]        pinned, with a locator
//
// A pin is a few words, in straight or curly double quotes, of one of the
// source record's `excerpts`; each item of a citation has its own.
//
// and for the markers {citation needed} and {no citation} (see marker.go).
//
// The parser turns each into a Citation node that records the ids, pins,
// locators and byte offsets. The resolve stage fills in each item's
// reference number, back-link anchor and the whole passage it rests on; the
// renderer then writes a superscript link to the page's reference list that
// carries the passage as data-passage. The renderer never looks anything up
// itself.
package cite

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCitation is the node kind of a Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Item is one cited source within a citation.
type Item struct {
	ID      string // the source id, as written
	Locator string // e.g. "para. 3"; may be empty
	Offset  int    // byte offset of the '@' in the document source
	// Pin is the passage's words as written between the quotes, when the
	// item names the passage it rests on (HasPin); PinOffset is the byte
	// offset of its opening quote in the document source.
	Pin       string
	HasPin    bool
	PinOffset int

	// Filled in by the resolve stage.
	Number int    // the source's number in the page's reference list; 0 if unresolved
	Anchor string // this citation's own id, the target of back-links, e.g. "cite-2-b": Anchor(Number, Nth)
	Nth    int    // this citation's place among the page's citations of its source, from 0
	Title  string // plain text for the tooltip: the source, and whom it reports
	Quoted string // the excerpt this citation quotes, if any
	// Passage is the whole excerpt the citation rests on: the one its pin
	// names, or else the one its quotation was found in.
	Passage string
}

// Citation is an inline node holding one or more cited sources.
type Citation struct {
	ast.BaseInline
	Items  []*Item
	Offset int // byte offset of the '['
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	m := map[string]string{}
	for i, it := range n.Items {
		m["Item"+strconv.Itoa(i)] = it.ID + "|" + it.Locator
		if it.HasPin {
			m["Item"+strconv.Itoa(i)] += "|" + strconv.Quote(it.Pin)
		}
	}
	ast.DumpHelper(n, source, level, m, nil)
}

// Parse parses the text between "[" and "]" of a citation. ok is false when
// the text is not a citation (so that "[@" in prose stays prose). Offsets
// are counted from base.
func Parse(inner []byte, base int) (items []*Item, ok bool) {
	i := 0
	for {
		i = skipSpace(inner, i)
		if i+1 >= len(inner) || inner[i] != '@' {
			return nil, false
		}
		it := &Item{Offset: base + i}
		id, _ := splitID(inner[i+1:])
		if id == "" {
			return nil, false
		}
		it.ID = id
		i = skipSpace(inner, i+1+len(id))
		if closer, n := openQuote(inner[i:]); n > 0 {
			end := bytes.Index(inner[i+n:], closer)
			if end < 0 {
				return nil, false
			}
			it.HasPin, it.PinOffset = true, base+i
			it.Pin = string(inner[i+n : i+n+end])
			i = skipSpace(inner, i+n+end+len(closer))
		}
		if i < len(inner) && inner[i] == ',' {
			end := bytes.IndexByte(inner[i:], ';')
			if end < 0 {
				end = len(inner) - i
			}
			it.Locator = strings.Join(strings.Fields(string(inner[i+1:i+end])), " ")
			i += end
		}
		items = append(items, it)
		if i >= len(inner) {
			return items, true
		}
		if inner[i] != ';' {
			return nil, false
		}
		i++
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

var (
	curlyOpen, curlyClose = []byte("“"), []byte("”")
	straight              = []byte{'"'}
)

// openQuote reports whether b starts with an opening double quote: its
// length, and the quote that closes it.
func openQuote(b []byte) (closer []byte, n int) {
	switch {
	case len(b) > 0 && b[0] == '"':
		return straight, 1
	case bytes.HasPrefix(b, curlyOpen):
		return curlyClose, len(curlyOpen)
	}
	return nil, 0
}

// closing returns the index in b, which starts with "[", of the "]" that
// closes a citation, or -1: a "]" inside a pinned passage's quotes does not
// close it (one in a locator, after the comma, does).
func closing(b []byte) int {
	var closer []byte
	locator := false
	for i := 1; i < len(b); i++ {
		if closer != nil {
			if bytes.HasPrefix(b[i:], closer) {
				i += len(closer) - 1
				closer = nil
			}
			continue
		}
		switch b[i] {
		case ']':
			return i
		case ',':
			locator = true
		case ';':
			locator = false
		default:
			if c, n := openQuote(b[i:]); n > 0 && !locator {
				closer = c
				i += n - 1
			}
		}
	}
	return -1
}

// splitID splits a source id (letters, digits, hyphens, dots, underscores,
// colons) from what follows it.
func splitID(b []byte) (string, []byte) {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' || r == ':') {
			break
		}
		i += n
	}
	id := strings.TrimRight(string(b[:i]), ".:")
	return id, b[len(id):]
}

type citationParser struct{}

// NewParser returns the inline parser for citations.
func NewParser() parser.InlineParser { return citationParser{} }

func (citationParser) Trigger() []byte { return []byte{'['} }

// maxLines is how many lines a citation may span, and maxLen how many
// bytes. The bounds keep a line of many "[@" from taking quadratic time.
const (
	maxLines = 8
	maxLen   = 2048
)

func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] != '@' {
		return nil
	}
	// A citation may wrap over lines, like any text in a paragraph. Gather
	// lines until the closing bracket, remembering where each began in the
	// source so that offsets stay exact (lines of a block quote or a list
	// item are not contiguous in the source).
	savedLine, savedSeg := block.Position()
	var buf []byte
	var bufStarts, srcStarts []int
	for range maxLines {
		bufStarts = append(bufStarts, len(buf))
		srcStarts = append(srcStarts, seg.Start)
		if len(buf)+len(line) > maxLen {
			line = line[:max(maxLen-len(buf), 0)]
		}
		buf = append(buf, line...)
		if end := closing(buf); end >= 0 {
			buf = buf[:end]
			items, ok := Parse(buf[1:], 1)
			if !ok {
				block.SetPosition(savedLine, savedSeg)
				return nil
			}
			src := func(off int) int {
				k := len(bufStarts) - 1
				for k > 0 && bufStarts[k] > off {
					k--
				}
				return srcStarts[k] + off - bufStarts[k]
			}
			for _, it := range items {
				it.Offset = src(it.Offset)
				if it.HasPin {
					it.PinOffset = src(it.PinOffset)
				}
			}
			block.Advance(end - bufStarts[len(bufStarts)-1] + 1)
			return &Citation{Items: items, Offset: srcStarts[0]}
		}
		if len(buf) >= maxLen {
			break
		}
		block.AdvanceLine()
		line, seg = block.PeekLine()
		if line == nil {
			break
		}
	}
	block.SetPosition(savedLine, savedSeg)
	if _, ok := Parse(buf[1:], 0); ok || looksLikeCitation(buf) {
		addOpen(pc, savedSeg)
	}
	return nil
}

func looksLikeCitation(line []byte) bool {
	id, _ := splitID(line[2:])
	return id != ""
}

var openKey, openLineKey = parser.NewContextKey(), parser.NewContextKey()

// addOpen records a citation that was opened at seg and never closed, once
// per line: a line of many "[@" gets one warning, not one per bracket.
func addOpen(pc parser.Context, seg text.Segment) {
	if end, ok := pc.Get(openLineKey).(int); ok && end == seg.Stop {
		return
	}
	pc.Set(openLineKey, seg.Stop)
	list, _ := pc.Get(openKey).([]int)
	pc.Set(openKey, append(list, seg.Start))
}

// Unclosed returns the byte offsets of citations opened with "[@" and never
// closed on their line, found while parsing with pc.
func Unclosed(pc parser.Context) []int {
	list, _ := pc.Get(openKey).([]int)
	return list
}

// Renderer renders Citation nodes.
type Renderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (Renderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, renderCitation)
}

func renderCitation(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Citation)
	// Written piece by piece, each text escaped as util.EscapeHTML
	// escapes it, without a formatted string or a copy of any text: every
	// citation of a site's notes passes here.
	var num [20]byte
	_, _ = w.WriteString(`<sup class="cite">`)
	for i, it := range n.Items {
		if i > 0 {
			_, _ = w.WriteString(`<span class="cite-sep">,</span>`)
		}
		if it.Number == 0 {
			_, _ = w.WriteString(`<span class="cite-missing">[@`)
			writeEscaped(w, it.ID)
			_, _ = w.WriteString(`]</span>`)
			continue
		}
		number := strconv.AppendInt(num[:0], int64(it.Number), 10)
		_, _ = w.WriteString(`<a href="#ref-`)
		_, _ = w.Write(number)
		_, _ = w.WriteString(`" id="`)
		writeEscaped(w, it.Anchor)
		_, _ = w.WriteString(`" class="cite-link" data-source="`)
		writeEscaped(w, it.ID)
		_, _ = w.WriteString(`" aria-describedby="ref-`)
		_, _ = w.Write(number)
		_, _ = w.WriteString(`"`)
		if it.Title != "" {
			_, _ = w.WriteString(` title="`)
			writeEscaped(w, it.Title)
			_, _ = w.WriteString(`"`)
		}
		if it.Passage != "" {
			_, _ = w.WriteString(` data-passage="`)
			writeEscaped(w, it.Passage)
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(">[")
		_, _ = w.Write(number)
		if it.Locator != "" {
			_, _ = w.WriteString(", ")
			writeEscaped(w, it.Locator)
		}
		_, _ = w.WriteString("]</a>")
	}
	_, _ = w.WriteString(`</sup>`)
	return ast.WalkContinue, nil
}

// writeEscaped writes s as util.EscapeHTML escapes it.
func writeEscaped(w util.BufWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := util.EscapeHTMLByte(s[i]); e != nil {
			_, _ = w.WriteString(s[last:i])
			_, _ = w.Write(e)
			last = i + 1
		}
	}
	_, _ = w.WriteString(s[last:])
}

type extension struct{}

// Extension adds citations to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

// Extend implements goldmark.Extender. The parser runs at priority 101, ahead
// of links (200), like goldmark's footnote references.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(NewParser(), 101),
		util.Prioritized(markerParser{}, 101),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(Renderer{}, 500),
		util.Prioritized(markerRenderer{}, 500),
	))
}
