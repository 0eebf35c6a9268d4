package markup_test

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/dossier-site/dossier/internal/markup"
)

// TestPlainText checks the text of a page without its markup: escapes and
// entities read as the HTML shows them, citations left out, a cross-link
// without text given its target's title (empty here: nothing resolved it),
// line breaks as spaces, and white space trimmed at the ends only.
func TestPlainText(t *testing.T) {
	md := markup.New()
	for _, tc := range []struct{ src, want string }{
		{"", ""},
		{"Plain words.\n", "Plain words."},
		{"  *Emphasis* and **strong** and `code`.\n", "Emphasis and strong and code."},
		{"One line\nand the next.\n", "One line and the next."},
		{"Escaped \\* and &amp; and &#65;.\n", "Escaped * and & and A."},
		{"A claim [@source-a]. More.\n", "A claim . More."},
		{"# Heading\n\nBody text.\n", "HeadingBody text."},
		{"[A link](https://example.org/) here.\n", "A link here."},
		{"> Quoted\n> text.\n", "Quoted text."},
		{"Ünïcödé — “quotes”.\n", "Ünïcödé — “quotes”."},
	} {
		d := md.Parse([]byte(tc.src))
		if got := markup.PlainText(d.Root, d.Source); got != tc.want {
			t.Errorf("PlainText(%q) = %q; want %q", tc.src, got, tc.want)
		}
		if got := string(markup.AppendPlainText([]byte("before "), d.Root, d.Source)); got != "before "+tc.want {
			t.Errorf("AppendPlainText(%q) = %q; want %q", tc.src, got, "before "+tc.want)
		}
	}
}

// TestRenderWriters checks that a body renders the same into a plain
// writer (given a buffered writer of Render's pool) as into a buffered
// one, one render after another.
func TestRenderWriters(t *testing.T) {
	md := markup.New()
	d := md.Parse([]byte("# Title\n\nA paragraph with *emphasis*, [a link](https://example.org/) and `code`.\n\n```go\nfunc main() {}\n```\n"))
	var first bytes.Buffer
	if err := md.Render(&first, d); err != nil || first.Len() == 0 {
		t.Fatalf("Render: %v, %d bytes", err, first.Len())
	}
	for range 3 {
		var plain, buffered bytes.Buffer
		bw := bufio.NewWriter(&buffered)
		if err := md.Render(&plain, d); err != nil {
			t.Fatal(err)
		}
		if err := md.Render(bw, d); err != nil {
			t.Fatal(err)
		}
		if plain.String() != first.String() || buffered.String() != first.String() {
			t.Errorf("renders differ:\n%s\n%s\n%s", first.String(), plain.String(), buffered.String())
		}
	}
}

// TestLinesLen checks the length of a block's lines, and 0 for an inline
// and for a block of blocks.
func TestLinesLen(t *testing.T) {
	md := markup.New()
	d := md.Parse([]byte("One line\nand *two*.\n\n> Quoted.\n"))
	para := d.Root.FirstChild()
	// The paragraph's lines, the first with its line break; goldmark
	// trims the last's.
	if want := len("One line\nand *two*."); markup.LinesLen(para) != want {
		t.Errorf("LinesLen of the paragraph = %d; want %d", markup.LinesLen(para), want)
	}
	if got := markup.LinesLen(para.FirstChild()); got != 0 {
		t.Errorf("LinesLen of an inline = %d; want 0", got)
	}
	if got := markup.LinesLen(para.NextSibling()); got != 0 {
		t.Errorf("LinesLen of a quotation (a block of blocks) = %d; want 0", got)
	}
}
