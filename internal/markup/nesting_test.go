package markup

import (
	"strings"
	"testing"
)

func TestDeepMarker(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"flat", "- a\n- b\n> c\n", -1},
		{"at the limit", strings.Repeat("- ", MaxNesting) + "x\n", -1},
		{"list too deep", strings.Repeat("- ", MaxNesting+1) + "x\n", 2 * MaxNesting},
		{"quotes too deep", strings.Repeat(">", MaxNesting+1) + "x\n", MaxNesting},
		{"ordered too deep", strings.Repeat("1. ", MaxNesting+1), 3 * MaxNesting},
		{"on a later line", "ok\n" + strings.Repeat("* ", MaxNesting+1), 3 + 2*MaxNesting},
		{"not markers", strings.Repeat("-x ", MaxNesting+1) + "\n" + strings.Repeat("1.x ", MaxNesting+1), -1},
		{"thematic-break-like prose", "- - -\n", -1},
	}
	for _, tt := range tests {
		if got := deepMarker([]byte(tt.src)); got != tt.want {
			t.Errorf("%s: deepMarker(%.30q) = %d; want %d", tt.name, tt.src, got, tt.want)
		}
	}
}

// TestParseTooDeep checks that a page nested too deep is reported, at the
// marker past the limit, and not parsed.
func TestParseTooDeep(t *testing.T) {
	src := "# Title\n\n" + strings.Repeat("> ", 10000) + "[[x]]\n"
	d := New().Parse([]byte(src))
	if len(d.Problems) != 1 || d.Problems[0].Offset != 9+2*MaxNesting || d.Problems[0].Code != "too-large" {
		t.Fatalf("Parse problems = %+v; want one too-large at %d", d.Problems, 9+2*MaxNesting)
	}
	if d.Root.HasChildren() || len(d.Headings) != 0 {
		t.Errorf("a page nested too deep was parsed")
	}
}
