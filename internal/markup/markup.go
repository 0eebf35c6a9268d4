// Package markup is the parse stage: one goldmark instance, configured once
// with every extension the site uses, turns each page's Markdown into an
// AST. Cross-links and citations are left unresolved for the resolve stage;
// rendering the resolved AST to HTML is also done here, with the same
// instance, so that parser and renderer always agree.
//
// The Markdown dialect is CommonMark with GFM tables, strikethrough,
// autolinks and task lists, footnotes, the cross-links of package xref,
// the citations of package cite, the claims of package claim, the callouts
// of package alert (> [!NOTE]), the embeds of package embed (![[note]])
// and headings' own ids (## Heading {#id}). Typographic replacement is off, so quotes
// stay verbatim; raw HTML is not passed through.
package markup

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-site/dossier/internal/alert"
	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/claim"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/embed"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/slug"
	"github.com/dossier-site/dossier/internal/timeline"
	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// Markdown parses and renders pages. It is safe for concurrent use.
type Markdown struct {
	gm goldmark.Markdown
}

// New returns the site's Markdown configuration.
func New(extra ...goldmark.Extender) *Markdown {
	exts := []goldmark.Extender{
		extension.GFM,
		extension.Footnote,
		cite.Extension,
		xref.Extension,
		embed.Extension,
		claim.Extension,
		alert.Extension,
		timeline.Extension,
		FigureExtension,
		codeExtension{newCodeRenderer(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false),
		)},
	}
	gm := goldmark.New(
		goldmark.WithExtensions(append(exts, extra...)...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 1000))),
	)
	return &Markdown{gm: gm}
}

// Heading is a section heading of a page, for its table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Problem is something wrong found while parsing, at a byte offset.
type Problem struct {
	Offset   int
	Severity diag.Severity
	Code     diag.Code
	Message  string
	Hint     string
}

// Doc is a parsed page.
type Doc struct {
	Source   []byte
	Root     ast.Node
	Headings []Heading
	Problems []Problem

	frozen []byte      // the rendered body, s2-compressed; see Freeze
	stored packed.Ref  // where the compressed body was written instead, if valid (frozen is empty then)
	source packed.Ref  // where Source was written, if valid (see StoreSource)
	code   []codeMark  // where Freeze wrote each fenced code block's HTML (see codeblocks.go)
	reuse  []codePiece // the code blocks' HTML that Thaw took from the frozen body, for Freeze
}

// Freeze renders d's body, keeps the HTML and lets the syntax tree go (Root
// is nil afterwards): a build that renders pages long after it parsed them
// need not hold every tree, nor parse again. The HTML is kept compressed
// (s2: a 10,000-note site's bodies take 55 MB rather than 150 MB, and
// compress at over 600 MB/s). A body that does not render keeps its tree.
func (m *Markdown) Freeze(d *Doc) error {
	buf := freezeBuffers.Get().(*freezeBuffer)
	defer freezeBuffers.Put(buf)
	buf.html.Reset()
	buf.code.reset(&buf.html, d.reuse)
	defer buf.code.reset(nil, nil) // not holding the pieces
	if err := m.Render(&buf.code, d); err != nil {
		return err
	}
	d.frozen = packed.Pack(buf.html.Bytes())
	d.code, d.reuse = nil, nil
	if len(buf.code.marks) > 0 {
		d.code = slices.Clone(buf.code.marks)
	}
	d.Root = nil
	return nil
}

// Thaw gives a frozen d its syntax tree again, parsed anew from its
// source, and drops the HTML Freeze kept: the preview lets every page's
// tree go once the page is resolved, and parses the page again when an edit
// elsewhere means it must be resolved again. d keeps its identity (a cache
// keyed by the Doc sees it resolved again, as with a kept tree); its
// headings and parse problems are those of the same source, so the same.
// Thaw does nothing to a Doc that has its tree.
func (m *Markdown) Thaw(d *Doc) { m.ThawFrom(d, m.Reparse(d)) }

// Reparsed is a frozen Doc's tree parsed again from its source (Reparse),
// not yet given to it (ThawFrom).
type Reparsed struct {
	doc    *Doc
	frozen []byte     // the Doc's, when it was parsed: see ThawFrom
	stored packed.Ref // the same
	src    []byte
	err    error // from reading the source back
	parsed *Doc
	reuse  []codePiece
}

// Reparse parses a frozen d again from its source as Thaw does, but gives
// d nothing: ThawFrom does. It only reads d, so that a preview may parse
// the pages an edit is likely to make it resolve again, ahead of the pass
// that thaws them, while nothing writes them. It returns nil when d has its
// tree.
func (m *Markdown) Reparse(d *Doc) *Reparsed {
	if d.Root != nil {
		return nil
	}
	r := &Reparsed{doc: d, frozen: d.frozen, stored: d.stored}
	r.src, r.err = d.Markdown()
	if r.err != nil {
		return r
	}
	// The code blocks' HTML, for the next Freeze to write again (see
	// codeblocks.go).
	if len(d.code) > 0 {
		if html, ok := d.HTML(); ok {
			r.reuse = piecesOf(html, d.code)
		}
	}
	r.parsed = m.Parse(r.src)
	return r
}

// ThawFrom is Thaw, with d's tree taken from r, parsed by Reparse, when r
// was parsed from d as it still is (else d is parsed again here).
func (m *Markdown) ThawFrom(d *Doc, r *Reparsed) {
	if d.Root != nil {
		return
	}
	if r == nil || r.doc != d || r.stored != d.stored || len(r.frozen) != len(d.frozen) || len(d.frozen) > 0 && &r.frozen[0] != &d.frozen[0] {
		r = m.Reparse(d)
	}
	if r.err != nil {
		// The temporary file cannot be read back: the page is parsed as
		// empty, with an error that fails the build, so that no page is
		// published without its body.
		nd := m.Parse(nil)
		d.Source, d.Root, d.Headings = nil, nd.Root, nil
		d.Problems = []Problem{{Severity: diag.Error, Code: diag.CodeFileRead,
			Message: fmt.Sprintf("cannot read the page's Markdown back from the preview's temporary file: %v", r.err),
			Hint:    "save the file again, or restart dossier serve; check that the temporary folder (TMPDIR) has room"}}
		d.frozen, d.stored, d.code, d.reuse = nil, packed.Ref{}, nil, nil
		return
	}
	nd := r.parsed
	d.Source, d.Root, d.Headings, d.Problems = r.src, nd.Root, nd.Headings, nd.Problems
	d.frozen, d.stored, d.code, d.reuse = nil, packed.Ref{}, nil, r.reuse
}

// StoreSource writes d's Markdown to store and lets it go (Source is nil
// afterwards), for a preview that keeps every page's Doc from build to
// build but needs the Markdown only to parse a page again (Thaw): at
// 10,000 notes it is 60 MB. Only a frozen Doc lets it go, since a tree
// refers to its source. A Source that was written before and read back by
// Thaw is not written again. When store is nil or the write fails, d keeps
// its Source. StoreSource reports whether d's Markdown is in store, and
// not held in memory, when it returns.
func (d *Doc) StoreSource(store *packed.Store) bool {
	if store == nil || !d.Frozen() {
		return false
	}
	if d.Source == nil {
		return d.source.Valid() && d.source.Store() == store
	}
	if !d.source.Valid() || d.source.Store() != store {
		ref, err := store.Put(d.Source)
		if err != nil {
			return false
		}
		d.source = ref
	}
	d.Source = nil
	return true
}

// Markdown returns d's Source, read back from the store StoreSource wrote
// it to when d let it go.
func (d *Doc) Markdown() ([]byte, error) {
	if d.Source != nil || !d.source.Valid() {
		return d.Source, nil
	}
	return d.source.Plain()
}

// StoredSource returns where StoreSource wrote d's Markdown, or the zero
// Ref when it did not.
func (d *Doc) StoredSource() packed.Ref { return d.source }

// FreezeTo is Freeze, but writes the compressed body to store rather than
// keep it in memory, when store is not nil and the write succeeds: at
// 10,000 notes the bodies are a fifth of what a build holds from parse to
// render, and so two fifths of its peak memory once the garbage collector's
// headroom is counted.
func (m *Markdown) FreezeTo(d *Doc, store *packed.Store) error {
	if err := m.Freeze(d); err != nil || store == nil || d.frozen == nil {
		return err
	}
	if ref, err := store.Write(d.frozen); err == nil {
		d.stored, d.frozen = ref, []byte{}
	}
	return nil
}

// Stored returns where FreezeTo wrote d's body, or the zero Ref when it
// did not.
func (d *Doc) Stored() packed.Ref { return d.stored }

// MoveTo writes d's body and Markdown, which FreezeTo and StoreSource
// wrote to one store, to another, so that the first can be let go. It
// does nothing to a Doc that holds both in memory.
func (d *Doc) MoveTo(store *packed.Store) error {
	for _, ref := range []*packed.Ref{&d.stored, &d.source} {
		if !ref.Valid() || ref.Store() == store {
			continue
		}
		moved, err := ref.CopyTo(store)
		if err != nil {
			return err
		}
		*ref = moved
	}
	return nil
}

// freezeBuffers hold the HTML while Freeze makes it, reused from page to
// page (as Pack reuses its buffer for the compressed form): new buffers
// for each page were 450 MB of the 10,000-note build's allocation
// (BenchmarkFullBuild), and only the compressed copy is kept.
var freezeBuffers = sync.Pool{New: func() any { return new(freezeBuffer) }}

type freezeBuffer struct {
	html bytes.Buffer
	code codeWriter // writes to html
}

// Frozen reports whether Freeze has rendered d's body and let its syntax
// tree go.
func (d *Doc) Frozen() bool { return d.frozen != nil && d.Root == nil }

// HTMLString returns the body Freeze rendered as a string; frozen is false
// when d is not frozen, and err says why a frozen body could not be read
// back from its store or unpacked.
func (d *Doc) HTMLString() (html string, frozen bool, err error) {
	frozen, err = d.unpackFrozen(func(p []byte) (err error) {
		html, err = packed.UnpackString(p)
		return err
	})
	return html, frozen, err
}

// HTML returns the body Freeze rendered, or false when d is not frozen or
// its body could not be read back (see HTMLString).
func (d *Doc) HTML() ([]byte, bool) {
	var html []byte
	frozen, err := d.unpackFrozen(func(p []byte) (err error) {
		html, err = packed.Unpack(p)
		return err
	})
	return html, frozen && err == nil
}

// unpackFrozen gives unpack the packed bytes of the body Freeze rendered,
// read into a buffer of the pool when they are in a store (unpacked, the
// body is a copy), and reports whether d is frozen, and why its bytes could
// not be read or unpacked.
func (d *Doc) unpackFrozen(unpack func(packed []byte) error) (bool, error) {
	if d.frozen == nil {
		return false, nil
	}
	frozen := d.frozen
	if d.stored.Valid() {
		buf := readBuffers.Get().(*[]byte)
		defer readBuffers.Put(buf)
		var err error
		if frozen, err = d.stored.AppendPacked((*buf)[:0]); err != nil {
			return true, err
		}
		*buf = frozen[:0]
	}
	return true, unpack(frozen)
}

// readBuffers hold the packed bodies read from a store.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Parse parses src.
func (m *Markdown) Parse(src []byte) *Doc {
	if d := tooDeep(src); d != nil {
		return d
	}
	ids := &headingIDs{seen: map[string]bool{}, custom: map[string]bool{}}
	for _, r := range ReservedIDs {
		ids.seen[r] = true
	}
	pc := parser.NewContext(parser.WithIDs(ids))
	root := m.gm.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	d := &Doc{Source: src, Root: root}
	for _, off := range cite.Unclosed(pc) {
		d.problem(off, diag.Warning, diag.CodeUnclosedSyntax, "citation opened with [@ is not closed on its line", "close it with ]: [@source-id]")
	}
	for _, off := range xref.Unclosed(pc) {
		d.problem(off, diag.Warning, diag.CodeUnclosedSyntax, "wiki link opened with [[ is not closed on its line", "close it with ]]: [[note-slug]]")
	}
	for _, p := range claim.Problems(pc) {
		d.problem(p.Offset, diag.Error, diag.CodeBadClaim, p.Message, p.Hint)
	}
	for _, p := range embed.Problems(pc) {
		d.problem(p.Offset, diag.Warning, diag.CodeUnsupportedSyntax, p.Message, p.Hint)
	}
	for _, p := range alert.Problems(pc) {
		d.problem(p.Offset, diag.Warning, diag.CodeUnknownCallout, p.Message, p.Hint)
	}
	d.Problems = append(d.Problems, headingProblems(pc)...)
	d.inspect()
	return d
}

func (d *Doc) problem(off int, sev diag.Severity, code diag.Code, msg, hint string) {
	d.Problems = append(d.Problems, Problem{Offset: off, Severity: sev, Code: code, Message: msg, Hint: hint})
}

// inspect collects headings and reports raw HTML and links with schemes that
// are not allowed.
func (d *Doc) inspect() {
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			d.Headings = append(d.Headings, Heading{Level: n.Level, ID: headingID(n), Text: PlainText(n, d.Source)})
			d.checkStray(n)
		case *ast.Paragraph, *ast.TextBlock:
			d.checkStray(n)
		case *ast.HTMLBlock:
			off := 0
			if n.Lines().Len() > 0 {
				off = n.Lines().At(0).Start
			}
			d.problem(off, diag.Warning, diag.CodeRawHTML, "raw HTML is not published", "use Markdown instead of HTML tags")
		case *ast.RawHTML:
			off := 0
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			d.problem(off, diag.Warning, diag.CodeRawHTML, "raw HTML is not published", "use Markdown instead of HTML tags")
		case *ast.Link:
			d.checkURL(n, string(n.Destination), "link")
		case *ast.Image:
			d.checkURL(n, string(n.Destination), "image")
			d.checkImageHost(n, string(n.Destination))
			if strings.TrimSpace(PlainText(n, d.Source)) == "" {
				d.problem(Offset(n, d.Source), diag.Warning, diag.CodeImageAlt,
					"image "+strconv.Quote(string(n.Destination))+" has no alternative text, so readers who cannot see it learn nothing from it",
					"describe what the image shows: ![Map of the front line, May 2026](map.png)")
			}
		case *ast.AutoLink:
			d.checkURL(n, string(n.URL(d.Source)), "link")
		}
		return ast.WalkContinue, nil
	})
}

func (d *Doc) checkURL(n ast.Node, dest, what string) {
	scheme, ok := linkScheme(dest)
	switch {
	case !allowedSchemes[scheme]:
		d.problem(Offset(n, d.Source), diag.Error, diag.CodeBadLink,
			what+" to "+strconv.Quote(dest)+" uses a scheme that is not allowed ("+strconv.Quote(scheme+":")+")",
			"link with http://, https:// or mailto:, or to another note")
	case !ok:
		d.problem(Offset(n, d.Source), diag.Error, diag.CodeBadLink,
			what+" to "+strconv.Quote(dest)+" is not a valid address",
			"link with http://, https:// or mailto:, or to another note")
	}
}

// Offset returns where an inline or block node starts in source, as nearly
// as the AST records it.
func Offset(n ast.Node, source []byte) int {
	switch n := n.(type) {
	case *cite.Citation:
		return n.Offset
	case *xref.Link:
		return n.Offset
	case *ast.Text:
		return n.Segment.Start
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeBlock {
		return Offset(n.FirstChild(), source) // a container: where its first block starts
	}
	opener := 1 // the length of "[" or "!["
	if _, ok := n.(*ast.Image); ok {
		opener = 2
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			off := max(t.Segment.Start-opener, 0)
			if opener == 2 && !bytes.HasPrefix(source[min(off, len(source)):], []byte("![")) {
				// An embed, ![[map.png|text]]: the text is further in.
				if i := bytes.LastIndex(source[:min(t.Segment.Start, len(source))], []byte("![[")); i >= 0 {
					return i
				}
			}
			return off
		}
	}
	if prev, ok := n.PreviousSibling().(*ast.Text); ok && n.Kind() != ast.KindText {
		// No text inside (an image without alt text): the first
		// opener after the text before it.
		want := byte('[')
		if opener == 2 {
			want = '!'
		}
		if i := bytes.IndexByte(source[min(prev.Segment.Stop, len(source)):], want); i >= 0 {
			return prev.Segment.Stop + i
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// Render writes d's HTML to w.
func (m *Markdown) Render(w io.Writer, d *Doc) error {
	if _, ok := w.(util.BufWriter); ok {
		return m.gm.Renderer().Render(w, d.Source, d.Root)
	}
	// goldmark wraps any other writer in a new 4 KB bufio.Writer: one
	// for every body a full build renders (57 MB at 10,000 notes).
	bw := renderWriters.Get().(*bufio.Writer)
	bw.Reset(w)
	defer func() {
		bw.Reset(nil) // not holding w
		renderWriters.Put(bw)
	}()
	return m.gm.Renderer().Render(bw, d.Source, d.Root)
}

// renderWriters are the buffered writers Render gives goldmark, reused.
var renderWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// PlainText returns the text inside n, without markup.
func PlainText(n ast.Node, source []byte) string {
	// A block's text is about the length of its lines: one buffer, not
	// one doubled as it grows (the search index and the backlinks'
	// contexts take the plain text of every paragraph of the site).
	size := LinesLen(n)
	if size == 0 {
		size = 64
	}
	return string(AppendPlainText(make([]byte, 0, size), n, source))
}

// LinesLen returns the length of a block's lines in its source (0 for an
// inline, or a block that holds only other blocks): about the length of
// its text, for a buffer made to size.
func LinesLen(n ast.Node) int {
	if n.Type() != ast.TypeBlock {
		return 0
	}
	size := 0
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		size += seg.Stop - seg.Start
	}
	return size
}

// AppendPlainText appends PlainText(n, source) to dst.
func AppendPlainText(dst []byte, n ast.Node, source []byte) []byte {
	start := len(dst)
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(source)
			if !c.IsRaw() {
				// As the HTML renderer reads it: `\*` is *, `&lt;` is <.
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			dst = append(dst, v...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				dst = append(dst, ' ')
			}
		case *ast.String:
			dst = append(dst, c.Value...)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					dst = append(dst, tx.Segment.Value(source)...)
				}
			}
			return ast.WalkSkipChildren, nil
		case *cite.Citation:
			return ast.WalkSkipChildren, nil
		case *xref.Link:
			if !c.HasChildren() {
				dst = append(dst, c.Title...)
			}
		}
		return ast.WalkContinue, nil
	})
	// Trimmed as strings.TrimSpace trims: the text moved to where it began.
	t := bytes.TrimSpace(dst[start:])
	n2 := copy(dst[start:], t)
	return dst[:start+n2]
}

// ReservedIDs are element ids the page templates use; a heading with the
// same text gets a numbered id instead.
var ReservedIDs = []string{"main", "content", "toc", "references", "backlinks", "cited-by", "revisions", "search", "claims", "timeline", "top",
	"connections", "note-map-title", "note-map-desc", "note-map-arrow", "site-map-title", "site-map-desc", "site-map-arrow",
	"related", "search-input", "search-results", "about-source", "provenance", "excerpts", "source-claims"}

// numberedIDRe matches the numbered ids the templates and the renderer give
// references (ref-3), citations (cite-3-b) and passages (passage-2).
var numberedIDRe = regexp.MustCompile(`^(?:ref-[0-9]+|passage-[0-9]+|cite-[0-9]+-[a-z]+)$`)

// templateID reports whether the page's template or renderer may give an
// element the id.
func templateID(id string) bool {
	return slices.Contains(ReservedIDs, id) || (strings.IndexByte(id, '-') > 0 && numberedIDRe.MatchString(id))
}

// headingIDs gives headings ids made by slug.Make, unique within a page,
// and records the ids headings name themselves ({#id}).
type headingIDs struct {
	seen   map[string]bool
	custom map[string]bool
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.seen[id] || templateID(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) {
	h.seen[string(value)] = true
	h.custom[string(value)] = true
}
