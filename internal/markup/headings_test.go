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
