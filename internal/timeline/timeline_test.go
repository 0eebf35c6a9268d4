package timeline_test

import (
	"testing"

	"github.com/dossier-site/dossier/internal/timeline"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// filler stands in for the resolve stage: it gives every timeline block
// two entries, one of them from another note.
type filler struct{}

func (filler) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*timeline.Timeline); ok && entering && t.Scope == timeline.ScopeAll {
			t.Entries = []timeline.Entry{
				{Date: "1994-12-05", Human: "5 December 1994", Text: "Signed <in> Budapest.",
					Sources: []timeline.Link{{URL: "/sources/memo/", Text: "UN Treaty Series"}}},
				{Date: "2026-01", Human: "January 2026", Text: "Talks.", Note: timeline.Link{URL: "/notes/talks/", Text: "The talks"},
					Sources: []timeline.Link{{URL: "/sources/a/", Text: "A"}, {URL: "/sources/b/", Text: "B"}}},
			}
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(timeline.Extension),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(filler{}, 999))),
	)
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/timeline.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/timeline.txt", t, testutil.ParseCliCaseArg()...)
}

func TestParseScope(t *testing.T) {
	tests := []struct {
		body, scope, tag string
		bad              bool
	}{
		{"", timeline.ScopeNote, "", false},
		{"  \n", timeline.ScopeNote, "", false},
		{"all\n", timeline.ScopeAll, "", false},
		{"tag: donbas\n", timeline.ScopeTag, "donbas", false},
		{"tag:\n", timeline.ScopeTag, "", true},
		{"tag: a b\n", timeline.ScopeTag, "a b", true},
		{"everything\n", "", "", true},
	}
	for _, tt := range tests {
		scope, tag, bad := timeline.ParseScope(tt.body)
		if scope != tt.scope || tag != tt.tag || (bad != "") != tt.bad {
			t.Errorf("ParseScope(%q) = %q, %q, %q; want %q, %q, bad %v", tt.body, scope, tag, bad, tt.scope, tt.tag, tt.bad)
		}
	}
}
