package markup_test

import (
	"bytes"
	"testing"

	"github.com/dossier-site/dossier/internal/markup"
)

// TestFreeze checks that a frozen body, kept in memory or written to a
// Spill, gives back the HTML the tree renders, and that its tree is let go.
func TestFreeze(t *testing.T) {
	md := markup.New()
	spill, err := markup.NewSpill()
	if err != nil {
		t.Fatal(err)
	}
	srcs := []string{
		"# Title\n\nA paragraph with *emphasis* and `code`.\n",
		"- one\n- two\n\n> a quotation\n",
		"",
		"```go\nfunc main() {}\n```\n",
	}
	for _, tc := range []struct {
		name  string
		spill *markup.Spill
	}{{"memory", nil}, {"spill", spill}} {
		for _, src := range srcs {
			var want bytes.Buffer
			if err := md.Render(&want, md.Parse([]byte(src))); err != nil {
				t.Fatal(err)
			}
			d := md.Parse([]byte(src))
			if err := md.FreezeTo(d, tc.spill); err != nil {
				t.Fatalf("%s: FreezeTo(%q): %v", tc.name, src, err)
			}
			if !d.Frozen() || d.Root != nil {
				t.Errorf("%s: %q: Frozen() = %v, Root = %v after FreezeTo", tc.name, src, d.Frozen(), d.Root)
			}
			got, ok := d.HTML()
			if !ok || !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s: HTML() of %q = %q, %v; want %q", tc.name, src, got, ok, want.Bytes())
			}
		}
	}
}
