package markup

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// Fenced code blocks are highlighted by chroma (goldmark-highlighting):
// in the generated corpus a fifth of the CPU of parsing, resolving and
// rendering a page again, which the preview does to every page that links
// to a note whose title changed (3.7 ms of such an edit at 10,000 notes).
// A block's HTML depends only on its info line (its language and
// attributes) and its text. So Freeze notes where it wrote each block's
// HTML in the body it keeps (Doc.code); Thaw takes those pieces back out
// of that body before it lets it go (Doc.reuse), and the next Freeze
// writes a block whose info line and text are the same from its piece, not
// through chroma. Nothing more is held between builds than the places.

// codeSum fingerprints a fenced code block's info line and text.
type codeSum [16]byte

// codeMark is where Freeze wrote a code block's HTML in a Doc's body.
type codeMark struct {
	sum        codeSum
	start, end int32
}

// codePiece is a code block's HTML, taken from a frozen body.
type codePiece struct {
	sum  codeSum
	html []byte
}

func codeSumOf(n *ast.FencedCodeBlock, source []byte) codeSum {
	h := sha256.New()
	if n.Info == nil {
		h.Write([]byte{0})
	} else {
		info := n.Info.Segment.Value(source)
		h.Write([]byte{1, byte(len(info)), byte(len(info) >> 8), byte(len(info) >> 16)})
		h.Write(info)
	}
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		h.Write(line.Value(source))
	}
	var sum codeSum
	copy(sum[:], h.Sum(nil))
	return sum
}

// codeWriter is the writer Freeze renders a body through: goldmark takes
// it as its buffered writer (it is one), and codeRenderer finds in it the
// pieces it may write again and notes where it wrote each block.
type codeWriter struct {
	*bufio.Writer
	out   *bytes.Buffer // what Writer writes to
	reuse []codePiece
	marks []codeMark
}

// reset makes w write to out, with pieces to reuse.
func (w *codeWriter) reset(out *bytes.Buffer, reuse []codePiece) {
	if w.Writer == nil {
		w.Writer = bufio.NewWriter(out)
	}
	w.Writer.Reset(out)
	w.out, w.reuse, w.marks = out, reuse, w.marks[:0]
}

// at is how much has been written through w.
func (w *codeWriter) at() int { return w.out.Len() + w.Buffered() }

// codeRenderer renders fenced code blocks through goldmark-highlighting,
// or, rendering through a codeWriter, from a piece of the Doc's last
// body.
type codeRenderer struct {
	inner     renderer.NodeRenderer
	highlight renderer.NodeRendererFunc
}

func newCodeRenderer(opts ...highlighting.Option) *codeRenderer {
	var c funcOf
	inner := highlighting.NewHTMLRenderer(opts...)
	inner.RegisterFuncs(&c)
	return &codeRenderer{inner: inner, highlight: c.fn}
}

// SetOption implements renderer.SetOptioner: goldmark's options for every
// renderer (html.WithWriter, say) reach goldmark-highlighting's, as they
// do without the wrapper.
func (r *codeRenderer) SetOption(name renderer.OptionName, value any) {
	if o, ok := r.inner.(renderer.SetOptioner); ok {
		o.SetOption(name, value)
	}
}

// funcOf keeps the function a NodeRenderer registers.
type funcOf struct{ fn renderer.NodeRendererFunc }

func (f *funcOf) Register(_ ast.NodeKind, fn renderer.NodeRendererFunc) { f.fn = fn }

// RegisterFuncs implements renderer.NodeRenderer.
func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	cw, ok := w.(*codeWriter)
	n, fenced := node.(*ast.FencedCodeBlock)
	if !ok || !entering || !fenced || node.Attributes() != nil {
		return r.highlight(w, source, node, entering)
	}
	sum := codeSumOf(n, source)
	start := cw.at()
	status := ast.WalkContinue
	var err error
	if i := slices.IndexFunc(cw.reuse, func(p codePiece) bool { return p.sum == sum }); i >= 0 {
		_, err = cw.Write(cw.reuse[i].html)
	} else {
		status, err = r.highlight(w, source, node, entering)
	}
	if err == nil {
		cw.marks = append(cw.marks, codeMark{sum, int32(start), int32(cw.at())})
	}
	return status, err
}

// codeExtension renders fenced code blocks with codeRenderer, at the
// priority goldmark-highlighting's own extension takes.
type codeExtension struct{ r *codeRenderer }

// Extend implements goldmark.Extender.
func (e codeExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, 200)))
}

// piecesOf returns the pieces of html, a body Freeze wrote, that marks
// say are code blocks; none when a mark does not fit html.
func piecesOf(html []byte, marks []codeMark) []codePiece {
	pieces := make([]codePiece, 0, len(marks))
	for _, m := range marks {
		if m.start < 0 || m.start > m.end || int(m.end) > len(html) {
			return nil
		}
		pieces = append(pieces, codePiece{m.sum, html[m.start:m.end]})
	}
	return pieces
}
