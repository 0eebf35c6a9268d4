package cite

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markers an editor writes in running text:
//
//	{citation needed}   the statement before it still needs a source; shown
//	                    to readers and listed on the maintenance page
//	{no citation}       the paragraph states no fact (a reading guide, say)
//	                    and needs no citation; shown to no one
const (
	NeededMarker = "{citation needed}"
	ExemptMarker = "{no citation}"
)

// Kinds of the marker nodes.
var (
	KindNeeded = ast.NewNodeKind("CitationNeeded")
	KindExempt = ast.NewNodeKind("NoCitation")
)

// Needed marks a statement that needs a citation.
type Needed struct {
	ast.BaseInline
	Offset int
}

// Kind implements ast.Node.
func (n *Needed) Kind() ast.NodeKind { return KindNeeded }

// Dump implements ast.Node.
func (n *Needed) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Exempt marks a paragraph that needs no citation.
type Exempt struct {
	ast.BaseInline
	Offset int
}

// Kind implements ast.Node.
func (n *Exempt) Kind() ast.NodeKind { return KindExempt }

// Dump implements ast.Node.
func (n *Exempt) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type markerParser struct{}

func (markerParser) Trigger() []byte { return []byte{'{'} }

func (markerParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	switch {
	case bytes.HasPrefix(line, []byte(NeededMarker)):
		block.Advance(len(NeededMarker))
		return &Needed{Offset: seg.Start}
	case bytes.HasPrefix(line, []byte(ExemptMarker)):
		block.Advance(len(ExemptMarker))
		return &Exempt{Offset: seg.Start}
	}
	return nil
}

type markerRenderer struct{}

func (markerRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindNeeded, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<sup class="citation-needed">[citation needed]</sup>`)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindExempt, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}
