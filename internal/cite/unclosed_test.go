package cite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestUnclosedOncePerLine checks that a line of many unclosed citations
// gets one warning, and that lines are still told apart.
func TestUnclosedOncePerLine(t *testing.T) {
	tests := []struct {
		src  string
		want []int
	}{
		{"[@a [@b [@c\n", []int{0}},
		{"[@a [@b\n\n[@c [@d\n", []int{0, 9}},
		{"x [@a] [@b\n", []int{7}},
		{strings.Repeat("[@a ", 10000) + "\n", []int{0}},
		// Longer than a citation may be: not closed, though a ] follows.
		{"[@a " + strings.Repeat("x", 3000) + "]\n", []int{0}},
	}
	for _, tt := range tests {
		pc := parser.NewContext()
		newMarkdown().Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
		if got := cite.Unclosed(pc); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Unclosed(%.40q) = %v; want %v", tt.src, got, tt.want)
		}
	}
}
