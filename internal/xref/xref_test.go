package xref_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// fakeResolver stands in for the resolve stage: every target but "missing"
// exists, with a title made from its name.
type fakeResolver struct{}

func (fakeResolver) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*xref.Link)
		if !ok || !entering || strings.Contains(l.Target, "missing") {
			return ast.WalkContinue, nil
		}
		name := strings.TrimSuffix(l.Target, ".md")
		l.Class = "note"
		if strings.Contains(name, "sources/") {
			l.Class = "source"
		}
		l.Title = "Title of " + name
		l.URL = "/" + name + "/"
		if l.Target == "" {
			l.URL, l.Class = "", "heading"
		}
		if l.Fragment != "" {
			l.URL += "#" + l.Fragment
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(xref.Extension),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(fakeResolver{}, 999))),
	)
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/xref.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/xref.txt", t, testutil.ParseCliCaseArg()...)
}

func TestIsLocal(t *testing.T) {
	tests := []struct {
		dest, target, frag string
		ok                 bool
	}{
		{"note.md", "note.md", "", true},
		{"note.md#h", "note.md", "h", true},
		{"../sources/ft.md", "../sources/ft.md", "", true},
		{"#h", "", "h", true},
		{"my%20note.md", "my note.md", "", true},
		{"https://example.org/x.md", "", "", false},
		{"//example.org/x.md", "", "", false},
		{"mailto:a@b", "", "", false},
		{"note.html", "", "", false},
		{"note.md?x=1", "", "", false},
		{"/notes/x/", "", "", false},
	}
	for _, tt := range tests {
		target, frag, ok := xref.IsLocal(tt.dest)
		if target != tt.target || frag != tt.frag || ok != tt.ok {
			t.Errorf("IsLocal(%q) = %q, %q, %v; want %q, %q, %v", tt.dest, target, frag, ok, tt.target, tt.frag, tt.ok)
		}
	}
}

// TestOffsets checks that each link records where it starts.
func TestOffsets(t *testing.T) {
	src := []byte("A [[one]] and [two](two.md) and\n> [[sources/x|the *x*]] [](empty.md)\n")
	doc := newMarkdown().Parser().Parse(text.NewReader(src))
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*xref.Link); ok && entering {
			got = append(got, fmt.Sprintf("%s@%d", l.Target, l.Offset))
		}
		return ast.WalkContinue, nil
	})
	want := []string{"one@2", "two.md@14", "sources/x@34", "empty.md@34"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("offsets = %v; want %v", got, want)
	}
}

func TestUnclosed(t *testing.T) {
	pc := parser.NewContext()
	newMarkdown().Parser().Parse(text.NewReader([]byte("See [[note and more\n")), parser.WithContext(pc))
	if got := xref.Unclosed(pc); len(got) != 1 || got[0] != 4 {
		t.Errorf("Unclosed = %v; want [4]", got)
	}
}
