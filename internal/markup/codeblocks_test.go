package markup

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/packed"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// TestCodeBlocksKept freezes, thaws and freezes again pages with fenced
// code blocks, in memory and through a store: each body must be the HTML
// a fresh parse renders, Freeze must note one place for each block and
// Thaw take one piece for each back out of the body it lets go, and the
// next Freeze must write the blocks from those pieces (a piece changed
// shows in the body) but for a block whose info line or text differs
// from its piece's (rendered through chroma again).
func TestCodeBlocksKept(t *testing.T) {
	md := New()
	store, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, tc := range []struct {
		name   string
		src    string
		blocks int
	}{
		{"none", "# Title\n\nNo code, but `inline code`.\n", 0},
		{"go", "Text.\n\n```go\nfunc main() {}\n```\n\nAfter.\n", 1},
		{"no info", "```\nplain <text> & more\n```\n", 1},
		{"unknown language", "```no-such-language\n<b>&amp;</b>\n```\n", 1},
		{"attributes", "```go {linenos=true, hl_lines=[1]}\nx := 1\ny := 2\n```\n", 1},
		{"nohl", "```go {nohl=true}\nx := 1\n```\n", 1},
		{"empty", "```go\n```\n", 1},
		{"same twice, and one other", "```go\na := 1\n```\n\n```go\na := 1\n```\n\n```python\na = 1\n```\n", 3},
		{"in a quotation", "> ```go\n> a := 1\n> ```\n", 1},
		{"in a list", "- item\n\n  ```go\n  b := 2\n  ```\n", 1},
		{"indented code", "    indented, not fenced\n", 0},
		{"with links", "See [[other]] and [a link](https://example.org).\n\n```sh\necho hi\n```\n", 1},
	} {
		for _, where := range []struct {
			name  string
			store *packed.Store
		}{{"memory", nil}, {"store", store}} {
			t.Run(tc.name+"/"+where.name, func(t *testing.T) {
				var want bytes.Buffer
				if err := md.Render(&want, md.Parse([]byte(tc.src))); err != nil {
					t.Fatal(err)
				}
				d := md.Parse([]byte(tc.src))
				freeze := func(step string) string {
					t.Helper()
					if err := md.FreezeTo(d, where.store); err != nil {
						t.Fatalf("%s: %v", step, err)
					}
					if len(d.code) != tc.blocks || d.reuse != nil {
						t.Fatalf("%s: %d places of code blocks noted, %d pieces held; want %d and none", step, len(d.code), len(d.reuse), tc.blocks)
					}
					html, frozen, err := d.HTMLString()
					if !frozen || err != nil {
						t.Fatalf("%s: no body (%v)", step, err)
					}
					return html
				}
				thaw := func(step string) {
					t.Helper()
					md.Thaw(d)
					if len(d.reuse) != tc.blocks || d.code != nil {
						t.Fatalf("%s: %d pieces taken back, %d places kept; want %d and none", step, len(d.reuse), len(d.code), tc.blocks)
					}
				}

				if got := freeze("frozen"); got != want.String() {
					t.Fatalf("frozen:\n%s\nwant\n%s", got, want.String())
				}
				thaw("thawed")
				if got := freeze("frozen again"); got != want.String() {
					t.Fatalf("frozen again from the pieces:\n%s\nwant\n%s", got, want.String())
				}

				// The pieces are what the next Freeze writes.
				thaw("thawed again")
				marked := want.String()
				first := map[codeSum]int{} // a block the same as another is written from the first's piece
				for i := range d.reuse {
					if _, ok := first[d.reuse[i].sum]; !ok {
						first[d.reuse[i].sum] = i
					}
					marker := fmt.Sprintf("<!-- piece %d -->", first[d.reuse[i].sum])
					marked = strings.Replace(marked, string(d.reuse[i].html), marker, 1)
					d.reuse[i].html = []byte(marker)
				}
				if got := freeze("frozen from marked pieces"); got != marked {
					t.Errorf("frozen from marked pieces:\n%s\nwant\n%s", got, marked)
				}

				// A piece of another block is not written.
				thaw("thawed a third time")
				for i := range d.reuse {
					d.reuse[i].sum[0]++
					d.reuse[i].html = []byte("<!-- another block -->")
				}
				if got := freeze("frozen past pieces of other blocks"); got != want.String() {
					t.Errorf("frozen past pieces of other blocks:\n%s\nwant\n%s", got, want.String())
				}
			})
		}
	}
}

// TestCodeSumOf holds a code block's fingerprint to its info line and
// text: the same block in another place of another page has the same, a
// change to either gives another.
func TestCodeSumOf(t *testing.T) {
	md := New()
	sumOf := func(src string) codeSum {
		t.Helper()
		d := md.Parse([]byte(src))
		var sums []codeSum
		if err := md.Freeze(d); err != nil {
			t.Fatal(err)
		}
		for _, m := range d.code {
			sums = append(sums, m.sum)
		}
		if len(sums) != 1 {
			t.Fatalf("%q: %d code blocks", src, len(sums))
		}
		return sums[0]
	}
	base := sumOf("```go\na := 1\n```\n")
	for _, tc := range []struct {
		src  string
		same bool
	}{
		{"Text before.\n\n```go\na := 1\n```\n", true},
		{"> ```go\n> a := 1\n> ```\n", true},
		{"```go\na := 2\n```\n", false},
		{"```python\na := 1\n```\n", false},
		{"```go {linenos=true}\na := 1\n```\n", false},
		{"```\na := 1\n```\n", false},
		{"```go\na := 1\n\n```\n", false},
	} {
		if got := sumOf(tc.src) == base; got != tc.same {
			t.Errorf("%q: the same fingerprint as the first block: %v, want %v", tc.src, got, tc.same)
		}
	}
}

// upperWriter is goldmark's HTML writer, writing raw text in capitals.
type upperWriter struct{ html.Writer }

func (w upperWriter) RawWrite(out util.BufWriter, source []byte) {
	w.Writer.RawWrite(out, bytes.ToUpper(source))
}

// TestCodeRendererOptions renders code blocks with a renderer option
// (html.WithWriter) through codeRenderer and through goldmark-highlighting
// itself: the option reaches the highlighter through the wrapper, and the
// two write the same.
func TestCodeRendererOptions(t *testing.T) {
	opts := []highlighting.Option{highlighting.WithFormatOptions(chromahtml.WithClasses(true)), highlighting.WithGuessLanguage(false)}
	src := []byte("```no-such-language\n<b> & text\n```\n\n```go\nx := 1\n```\n")
	render := func(ext goldmark.Extender) string {
		t.Helper()
		gm := goldmark.New(goldmark.WithExtensions(ext), goldmark.WithRendererOptions(html.WithWriter(upperWriter{html.DefaultWriter})))
		var out bytes.Buffer
		if err := gm.Convert(src, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	want := render(highlighting.NewHighlighting(opts...))
	got := render(codeExtension{newCodeRenderer(opts...)})
	if got != want || !strings.Contains(got, "TEXT") {
		t.Errorf("through the wrapper:\n%s\nwant, written in capitals by the option's writer:\n%s", got, want)
	}
}
