package cite_test

import (
	"fmt"
	"testing"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// numberer stands in for the resolve stage: it numbers cited sources in
// order of first appearance, as the real one does.
type numberer struct{}

func (numberer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	nums := map[string]int{}
	uses := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*cite.Citation); ok && entering {
			for _, it := range c.Items {
				if it.ID == "unknown" {
					continue
				}
				if nums[it.ID] == 0 {
					nums[it.ID] = len(nums) + 1
				}
				it.Number = nums[it.ID]
				it.Anchor = fmt.Sprintf("cite-%d-%c", it.Number, 'a'+uses[it.ID])
				if it.HasPin {
					// The resolve stage finds the whole excerpt the pin names.
					it.Passage = "…" + it.Pin + " & more <words>…"
				}
				uses[it.ID]++
			}
		}
		return ast.WalkContinue, nil
	})
}

func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(cite.Extension),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(numberer{}, 999))),
	)
}

// TestCases runs the Markdown-in, HTML-out cases of testdata/cite.txt.
func TestCases(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(), "testdata/cite.txt", t, testutil.ParseCliCaseArg()...)
}

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		ids     []string
		locs    []string
		offsets []int
	}{
		{"@a", true, []string{"a"}, []string{""}, []int{0}},
		{"@a, para. 3", true, []string{"a"}, []string{"para. 3"}, []int{0}},
		{"@a; @b-2", true, []string{"a", "b-2"}, []string{"", ""}, []int{0, 4}},
		{" @a ;\n  @b, p.  7", true, []string{"a", "b"}, []string{"", "p. 7"}, []int{1, 8}},
		{"@a.", false, nil, nil, nil},
		{"@doe.2020", true, []string{"doe.2020"}, []string{""}, []int{0}},
		{"@", false, nil, nil, nil},
		{"a", false, nil, nil, nil},
		{"@a b", false, nil, nil, nil},
		{"@a; b", false, nil, nil, nil},
		{"see @a", false, nil, nil, nil},
		{"@будапешт-1994", true, []string{"будапешт-1994"}, []string{""}, []int{0}},
		{`@a "the words"`, true, []string{"a"}, []string{""}, []int{0}},
		{`@a "the words", para. 3`, true, []string{"a"}, []string{"para. 3"}, []int{0}},
		{"@a “the; words”; @b \"x\"", true, []string{"a", "b"}, []string{"", ""}, []int{0, 21}},
		{`@a"tight"`, true, []string{"a"}, []string{""}, []int{0}},
		{`@a "unclosed`, false, nil, nil, nil},
		{`@a "x" y`, false, nil, nil, nil},
		{`@a "x" "y"`, false, nil, nil, nil},
	}
	for _, tt := range tests {
		items, ok := cite.Parse([]byte(tt.in), 0)
		if ok != tt.ok {
			t.Errorf("Parse(%q) ok = %v; want %v", tt.in, ok, tt.ok)
			continue
		}
		if len(items) != len(tt.ids) {
			t.Errorf("Parse(%q) = %d items; want %d", tt.in, len(items), len(tt.ids))
			continue
		}
		for i, it := range items {
			if it.ID != tt.ids[i] || it.Locator != tt.locs[i] || it.Offset != tt.offsets[i] {
				t.Errorf("Parse(%q)[%d] = {%q %q %d}; want {%q %q %d}", tt.in, i, it.ID, it.Locator, it.Offset, tt.ids[i], tt.locs[i], tt.offsets[i])
			}
		}
	}
}

// TestPins checks the pinned passages Parse finds, and where each opens.
func TestPins(t *testing.T) {
	tests := []struct {
		in      string
		pins    []string
		offsets []int // of the opening quote; -1 for no pin
	}{
		{`@a "the words"`, []string{"the words"}, []int{3}},
		{`@a`, []string{""}, []int{-1}},
		{"@a \u201csaid \"no\" to it\u201d, p. 2; @b", []string{`said "no" to it`, ""}, []int{3, -1}},
		{`@a ""`, []string{""}, []int{3}},
		{"@a;\n @b\n \"two\nlines\"", []string{"", "two\nlines"}, []int{-1, 9}},
	}
	for _, tt := range tests {
		items, ok := cite.Parse([]byte(tt.in), 0)
		if !ok || len(items) != len(tt.pins) {
			t.Errorf("Parse(%q) = %d items, %v; want %d", tt.in, len(items), ok, len(tt.pins))
			continue
		}
		for i, it := range items {
			off := -1
			if it.HasPin {
				off = it.PinOffset
			}
			if it.Pin != tt.pins[i] || off != tt.offsets[i] {
				t.Errorf("Parse(%q)[%d] pin = %q at %d; want %q at %d", tt.in, i, it.Pin, off, tt.pins[i], tt.offsets[i])
			}
		}
	}
}

// TestOffsets checks that citation items point at their '@' in the source,
// also when a citation wraps inside a block quote.
func TestOffsets(t *testing.T) {
	src := []byte("> Text [@a;\n> @b] and [@c].\n")
	md := newMarkdown()
	doc := md.Parser().Parse(text.NewReader(src))
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*cite.Citation); ok && entering {
			for _, it := range c.Items {
				got = append(got, fmt.Sprintf("%s@%d:%q", it.ID, it.Offset, src[it.Offset:it.Offset+2]))
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{`a@8:"@a"`, `b@14:"@b"`, `c@23:"@c"`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("offsets = %v; want %v", got, want)
	}
}

// TestPinOffsets checks that a pin wrapped over the lines of a block quote
// points at its opening quote in the source.
func TestPinOffsets(t *testing.T) {
	src := []byte("> Text [@a;\n> @b \"some\n> words]\"] and [@c \"x\"].\n")
	doc := newMarkdown().Parser().Parse(text.NewReader(src))
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*cite.Citation); ok && entering {
			for _, it := range c.Items {
				if it.HasPin {
					got = append(got, fmt.Sprintf("%s@%d:%q:%q", it.ID, it.PinOffset, src[it.PinOffset:it.PinOffset+5], it.Pin))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{`b@17:"\"some":"some\nwords]"`, `c@42:"\"x\"].":"x"`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pins = %v; want %v", got, want)
	}
}

// TestUnclosed checks that a citation left open is recorded for a warning.
func TestUnclosed(t *testing.T) {
	src := []byte("Text [@a and more\n\nNext [@b].\n")
	pc := parser.NewContext()
	newMarkdown().Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if got := cite.Unclosed(pc); len(got) != 1 || got[0] != 5 {
		t.Errorf("Unclosed = %v; want [5]", got)
	}
}
