package markup_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
)

// TestFreeze checks that a frozen body, kept in memory or written to a
// packed.Store, gives back the HTML the tree renders, and that its tree is let go.
func TestFreeze(t *testing.T) {
	md := markup.New()
	store, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srcs := []string{
		"# Title\n\nA paragraph with *emphasis* and `code`.\n",
		"- one\n- two\n\n> a quotation\n",
		"",
		"```go\nfunc main() {}\n```\n",
		"## Terms {#terms}\n\nAn [[unclosed link and [@an unclosed citation\n",
	}
	for _, tc := range []struct {
		name  string
		store *packed.Store
	}{{"memory", nil}, {"store", store}} {
		for _, src := range srcs {
			var want bytes.Buffer
			if err := md.Render(&want, md.Parse([]byte(src))); err != nil {
				t.Fatal(err)
			}
			d := md.Parse([]byte(src))
			if err := md.FreezeTo(d, tc.store); err != nil {
				t.Fatalf("%s: FreezeTo(%q): %v", tc.name, src, err)
			}
			if !d.Frozen() || d.Root != nil {
				t.Errorf("%s: %q: Frozen() = %v, Root = %v after FreezeTo", tc.name, src, d.Frozen(), d.Root)
			}
			got, ok := d.HTML()
			if !ok || !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s: HTML() of %q = %q, %v; want %q", tc.name, src, got, ok, want.Bytes())
			}

			// Thawed, the same Doc has the tree, headings and problems of
			// a fresh parse, renders the same HTML, and holds no HTML of
			// its own until frozen again.
			fresh := md.Parse([]byte(src))
			d.Resolved = 3
			md.Thaw(d)
			if d.Root == nil || d.Frozen() || d.Resolved != 3 {
				t.Errorf("%s: %q: after Thaw Root = %v, Frozen() = %v, Resolved = %d", tc.name, src, d.Root, d.Frozen(), d.Resolved)
				continue
			}
			if _, ok := d.HTML(); ok {
				t.Errorf("%s: %q: HTML() still given after Thaw", tc.name, src)
			}
			if !reflect.DeepEqual(d.Headings, fresh.Headings) || !reflect.DeepEqual(d.Problems, fresh.Problems) {
				t.Errorf("%s: %q: after Thaw headings %v, problems %v; want %v, %v", tc.name, src, d.Headings, d.Problems, fresh.Headings, fresh.Problems)
			}
			var again bytes.Buffer
			if err := md.Render(&again, d); err != nil || !bytes.Equal(again.Bytes(), want.Bytes()) {
				t.Errorf("%s: %q: thawed body renders %q, %v; want %q", tc.name, src, again.Bytes(), err, want.Bytes())
			}
			root := d.Root
			md.Thaw(d)
			if d.Root != root {
				t.Errorf("%s: %q: Thaw of a Doc with its tree parsed it again", tc.name, src)
			}
		}
	}
}
