package alert_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier/internal/alert"
	"github.com/dossier-site/dossier/internal/claim"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
)

func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(claim.Extension, alert.Extension))
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/alert.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/alert.txt", t, testutil.ParseCliCaseArg()...)
}

// TestProblems checks that each marker that is not a callout's is
// reported at its offset, with a hint that names the right one.
func TestProblems(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "offset: message (hint)"
	}{
		{"> [!NOTE]\n> x\n", nil},
		{"> [!claim id=a status=reported]\n> S.\n>\n> - reports: x [@s]\n", nil},
		{"> [!claim id=a status=reported\n> S.\n", nil}, // package claim reports it
		{"> [!FOO]\n> x\n", []string{`2: unknown callout [!FOO]; the block is shown as a quotation, marker included (callouts are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION])`}},
		{"> [!WARN]\n> x\n", []string{`2: unknown callout [!WARN]; the block is shown as a quotation, marker included (did you mean [!WARNING]? Callouts are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION])`}},
		{"> [!notte]\n> x\n", []string{`2: unknown callout [!notte]; the block is shown as a quotation, marker included (did you mean [!NOTE]? Callouts are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION])`}},
		{"text\n\n>  [!info] Title\n> x\n", []string{`9: unknown callout [!info]; the block is shown as a quotation, marker included (write [!NOTE]: Obsidian's [!info] is not one of GitHub's five kinds, which are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION])`}},
		{"> [!Claim id=a status=reported]\n> S.\n", []string{`2: block quote starts with "[!Claim id=a status=reported]", which is not a callout marker; it is shown as text (a claim's marker is written in lower case: > [!claim id=some-id status=disputed])`}},
		{"> [! NOTE]\n> x\n", []string{`2: block quote starts with "[! NOTE]", which is not a callout marker; it is shown as text (start a callout with one of [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION] alone or followed by a title: > [!NOTE] Title)`}},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		var got []string
		for _, p := range alert.Problems(pc) {
			got = append(got, fmt.Sprintf("%d: %s (%s)", p.Offset, p.Message, p.Hint))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Problems(%q) =\n%q\nwant\n%q", tt.src, got, tt.want)
		}
	}
}
