package xref_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestUnclosedOncePerLine checks that a line of many unclosed wiki links
// gets one warning, and that the remembered search for ]] still finds the
// links it should.
func TestUnclosedOncePerLine(t *testing.T) {
	tests := []struct {
		src      string
		unclosed []int
		targets  []string
	}{
		{"[[a [[b [[c\n", []int{0}, nil},
		{"[[a [[b\n\n[[c\n", []int{0, 9}, nil},
		{"[[a]] [[b\n", []int{6}, []string{"a"}},
		{"[[x [[y]] [[z]]\n", nil, []string{"y", "z"}},
		{"[[[[[[a]] [[b]] [[c\n", []int{16}, []string{"a", "b"}},
		{strings.Repeat("[[", 10000) + "\n", []int{0}, nil},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		doc := newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		if got := xref.Unclosed(pc); fmt.Sprint(got) != fmt.Sprint(tt.unclosed) {
			t.Errorf("Unclosed(%.40q) = %v; want %v", tt.src, got, tt.unclosed)
		}
		var targets []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*xref.Link); ok && entering {
				targets = append(targets, l.Target)
			}
			return ast.WalkContinue, nil
		})
		if fmt.Sprint(targets) != fmt.Sprint(tt.targets) {
			t.Errorf("links in %.40q = %v; want %v", tt.src, targets, tt.targets)
		}
	}
}

// TestIsLocalInvalidUTF8 checks that a percent-encoded byte that is no
// character stays as written, so that targets and the messages naming
// them are always UTF-8.
func TestIsLocalInvalidUTF8(t *testing.T) {
	tests := []struct{ dest, target, frag string }{
		{"%80.md", "%80.md", ""},
		{"a.md#%80", "a.md", "%80"},
		{"%D0%B1.md#%D0%B1", "б.md", "б"},
	}
	for _, tt := range tests {
		target, frag, ok := xref.IsLocal(tt.dest)
		if !ok || target != tt.target || frag != tt.frag {
			t.Errorf("IsLocal(%q) = %q, %q, %v; want %q, %q, true", tt.dest, target, frag, ok, tt.target, tt.frag)
		}
	}
}
