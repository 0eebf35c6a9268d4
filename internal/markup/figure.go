package markup

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A paragraph that holds nothing but an image with a title,
//
//	![A map of the front line](map.png "The front line on 1 May 2026")
//
// is a figure: the image, and the title as its caption,
// <figure><img ...><figcaption>The front line ...</figcaption></figure>.

// KindFigure is the node kind of a Figure.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is an image with a caption. Its one child is the image.
type Figure struct {
	ast.BaseBlock
	Caption []byte // the image's title, as written
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Caption": string(n.Caption)}, nil)
}

type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		img, ok := p.FirstChild().(*ast.Image)
		if !ok || img.NextSibling() != nil || len(img.Title) == 0 {
			continue
		}
		f := &Figure{Caption: img.Title}
		f.SetLines(p.Lines())
		img.Title = nil // shown as the caption, not again as a tooltip
		p.RemoveChild(p, img)
		f.AppendChild(f, img)
		p.Parent().ReplaceChild(p.Parent(), p, f)
	}
}

type figureRenderer struct{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<figure>")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<figcaption>")
		_, _ = w.Write(util.EscapeHTML(node.(*Figure).Caption))
		_, _ = w.WriteString("</figcaption></figure>\n")
		return ast.WalkContinue, nil
	})
}

type figureExtension struct{}

// FigureExtension turns an image with a title, alone in its paragraph,
// into a figure with a caption.
var FigureExtension goldmark.Extender = figureExtension{}

func (figureExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(figureRenderer{}, 500)))
}
