package embed_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier/internal/embed"
	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// resolver stands in for the resolve stage: it knows one note and one
// source, and fills in the links to them.
type resolver struct{}

func (resolver) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*xref.Link)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		switch l.Target {
		case "budapest-memorandum":
			l.URL, l.Title, l.Summary, l.Class = "/notes/budapest-memorandum/", "The Budapest Memorandum", "What Ukraine gave up & received.", "note"
		case "sources/ft":
			l.URL, l.Title, l.Class = "/sources/ft/", "Financial Times report", "source"
		case "x":
			l.URL, l.Title, l.Class = "/notes/x/", "x", "note"
		}
		if l.URL != "" && l.Fragment != "" {
			l.URL += "#" + l.Fragment
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(xref.Extension, embed.Extension),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(resolver{}, 999))),
	)
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/embed.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/embed.txt", t, testutil.ParseCliCaseArg()...)
}

// TestEmbedNodes checks what the parser records of each embed: the target,
// the fragment, and where it stands.
func TestEmbedNodes(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"![[a]]", "Embed{a # at 0}"},
		{"x\n\n  ![[ a#b | c ]]\n", "Embed{a #b at 5}"},
		{"x ![[a]] y", "Link{a # at 2}"},
		{"![[a]] ![[b]]", "Link{a # at 0} Link{b # at 7}"},
	}
	for _, tt := range tests {
		doc := newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)))
		var got []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if e, ok := n.(*embed.Embed); ok {
				l := e.Link()
				got = append(got, fmt.Sprintf("Embed{%s #%s at %d}", l.Target, l.Fragment, l.Offset))
				return ast.WalkSkipChildren, nil
			}
			if l, ok := n.(*xref.Link); ok && l.Embed {
				got = append(got, fmt.Sprintf("Link{%s #%s at %d}", l.Target, l.Fragment, l.Offset))
			}
			return ast.WalkContinue, nil
		})
		if fmt.Sprint(got) != "["+tt.want+"]" {
			t.Errorf("Parse(%q) = %v; want [%s]", tt.src, got, tt.want)
		}
	}
}

// TestProblems checks that an embed shown as a link is reported where it
// stands.
func TestProblems(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"![[a]]\n", nil},
		{"![[map.png]] in text\n", nil},
		{"See ![[a]].\n", []string{`4: embed "![[a]]" inside a sentence is shown as a link`}},
		{"![[a]] ![[b]]\n", []string{`0: embed "![[a]]" inside a sentence is shown as a link`, `7: embed "![[b]]" inside a sentence is shown as a link`}},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		var got []string
		for _, p := range embed.Problems(pc) {
			got = append(got, fmt.Sprintf("%d: %s", p.Offset, p.Message))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Problems(%q) = %q; want %q", tt.src, got, tt.want)
		}
	}
}
