package markup

import (
	"fmt"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
)

// TestHeadingCases runs the Markdown-in, HTML-out cases of
// testdata/headings.txt through the site's configuration, with the page's
// own id generator as Parse uses it.
func TestHeadingCases(t *testing.T) {
	m := New()
	ids := func() parser.Context {
		return parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}, custom: map[string]bool{}}))
	}
	testutil.DoTestCaseFile(contextMarkdown{m.gm, ids}, "testdata/headings.txt", t, testutil.ParseCliCaseArg()...)
}

// TestHeadingProblems checks what Parse reports about headings' ids, and
// where.
func TestHeadingProblems(t *testing.T) {
	tests := []struct {
		src  string
		ids  []string
		want []string // "offset severity code: message"
	}{
		{"## A {#a}\n## B\n", []string{"a", "b"}, nil},
		{"## A\n## A\n", []string{"a", "a-1"}, nil},
		{"## A {#x}\n## B {#x}\n", []string{"x", "x"},
			[]string{`15 error duplicate-id: heading id "x" is already used by a heading above on this page`}},
		{"## Context\n## Other {#context}\n", []string{"context", "context"},
			[]string{`20 error duplicate-id: heading id "context" is already used by a heading above on this page`}},
		{"## Other {#context}\n## Context\n", []string{"context", "context-1"}, nil},
		{"## Refs {#references}\n", []string{"references"},
			[]string{`8 error duplicate-id: heading id "references" is used by the page's template`}},
		{"## Ref 1\n## Cite 1 a\n## Related\n", []string{"ref-1-1", "cite-1-a-1", "related-1"}, nil},
		{"## Notes {#ref-2}\n", []string{"ref-2"},
			[]string{`9 error duplicate-id: heading id "ref-2" is used by the page's template`}},
		{"> [!claim id=tied status=reported]\n> S.\n>\n> - reports: x [@s]\n\n## Claim tied\n\n## X {#claim-tied-statement}\n",
			[]string{"claim-tied", "claim-tied-statement"}, []string{
				`66 error duplicate-id: heading id "claim-tied" is also the id of the claim block "tied" on this page`,
				`83 error duplicate-id: heading id "claim-tied-statement" is also the id of the claim block "tied" on this page`}},
		{"## Signed {#Signatories}\n", []string{"Signatories"},
			[]string{`10 error bad-heading-id: heading id "Signatories" has upper-case letters`}},
		{"## Terms {#terms .wide}\n", []string{"terms"},
			[]string{`9 warning bad-heading-id: heading attribute "class" is not published: a heading takes only an id`}},
		{"## Terms {#a b}\n", []string{"terms-a-b"},
			[]string{`9 warning bad-heading-id: heading ends with "{#a b}", which is not read as an id and is shown as text`}},
	}
	m := New()
	for _, tt := range tests {
		d := m.Parse([]byte(tt.src))
		var ids, got []string
		for _, h := range d.Headings {
			ids = append(ids, h.ID)
		}
		for _, p := range d.Problems {
			got = append(got, fmt.Sprintf("%d %s %s: %s", p.Offset, p.Severity, p.Code, p.Message))
		}
		if fmt.Sprint(ids) != fmt.Sprint(tt.ids) {
			t.Errorf("Parse(%q) heading ids = %q; want %q", tt.src, ids, tt.ids)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Parse(%q) problems =\n%q\nwant\n%q", tt.src, got, tt.want)
		}
	}
}
