package markup

import (
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
)

// contextMarkdown is a goldmark.Markdown whose Convert parses with a new
// context from ctx, as Parse does, for goldmark's case-file tests.
type contextMarkdown struct {
	goldmark.Markdown
	ctx func() parser.Context
}

func (m contextMarkdown) Convert(src []byte, w io.Writer, opts ...parser.ParseOption) error {
	return m.Markdown.Convert(src, w, append(opts, parser.WithContext(m.ctx()))...)
}
