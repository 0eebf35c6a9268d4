package claim_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/claim"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// numberer stands in for the resolve stage, numbering citations.
type numberer struct{}

func (numberer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	nums := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*cite.Citation); ok && entering {
			for _, it := range c.Items {
				if nums[it.ID] == 0 {
					nums[it.ID] = len(nums) + 1
				}
				it.Number = nums[it.ID]
				it.Anchor = fmt.Sprintf("c%d", it.Number)
			}
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(cite.Extension, claim.Extension),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(numberer{}, 999))),
	)
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/claim.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/claim.txt", t, testutil.ParseCliCaseArg()...)
}

// TestProblems checks that each malformed block is reported at its offset.
func TestProblems(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "offset: message"
	}{
		{"> [!claim id=a status=reported]\n> S.\n>\n> - reports: x [@s]\n", nil},
		{"> [!claim id=a status=maybe]\n> S.\n>\n> - reports: x [@s]\n", []string{`2: claim status "maybe" is not known`}},
		{"> [!claim status=reported]\n> S.\n>\n> - reports: x [@s]\n", []string{"2: claim has no id"}},
		{"> [!claim id=Bad_Id status=reported]\n> S.\n>\n> - reports: x [@s]\n", []string{`2: claim id "Bad_Id" has upper-case letters`}},
		{"> [!claim id=a status=reported color=red]\n> S.\n>\n> - reports: x [@s]\n", []string{`2: unknown claim attribute "color"`}},
		{"> [!claim id=a status=reported\n> S.\n", []string{`2: malformed claim marker "[!claim id=a status=reported"`}},
		{"> [!claim id=a status=reported]\n>\n> - reports: x [@s]\n", []string{"2: claim has no statement"}},
		{"> [!claim id=a status=reported]\n> S.\n", []string{"2: claim lists no sides"}},
		{"> [!claim id=a status=reported]\n> S.\n>\n> - reports: uncited\n> - says: x [@s]\n> - no role [@s]\n",
			[]string{`43: claim item "reports" cites no source`, `64: unknown claim role "says"`, `81: claim item does not start with a role`}},
		{"> [!NOTE]\n> Not a claim.\n", nil},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		var got []string
		for _, p := range claim.Problems(pc) {
			got = append(got, fmt.Sprintf("%d: %s", p.Offset, p.Message))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Problems(%q) = %q; want %q", tt.src, got, tt.want)
		}
	}
}
