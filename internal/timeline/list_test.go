package timeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"
)

// TestEscapeOf checks escapeOf against goldmark's table, byte by byte.
func TestEscapeOf(t *testing.T) {
	for c := range 256 {
		if got, want := escapeOf(byte(c)), string(util.EscapeHTMLByte(byte(c))); got != want {
			t.Errorf("escapeOf(%q) = %q; want %q", byte(c), got, want)
		}
		if escaped[c] != (escapeOf(byte(c)) != "") {
			t.Errorf("escaped[%q] = %v; escapeOf gives %q", byte(c), escaped[c], escapeOf(byte(c)))
		}
	}
}

// TestWriteEsc checks that writeEsc escapes as goldmark's util.EscapeHTML
// does, which the timeline's HTML used before.
func TestWriteEsc(t *testing.T) {
	for _, s := range []string{
		"", "plain", `"quoted"`, "a & b", "<script>alert(1)</script>", "x\x00y",
		"Zelenskyy’s “peace plan”", "&amp; already", ">>", "'single'", "tail&",
	} {
		var b strings.Builder
		writeEsc(&b, s)
		if want := string(util.EscapeHTML([]byte(s))); b.String() != want {
			t.Errorf("writeEsc(%q) = %q; want %q", s, b.String(), want)
		}
	}
}

// FuzzWriteEsc compares writeEsc with util.EscapeHTML on any text.
func FuzzWriteEsc(f *testing.F) {
	f.Add("a <b> & \"c\"\x00")
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		writeEsc(&b, s)
		if want := string(util.EscapeHTML([]byte(s))); b.String() != want {
			t.Fatalf("writeEsc(%q) = %q; want %q", s, b.String(), want)
		}
	})
}

// TestListSize checks that ListSize leaves room for a list whose texts
// need no escapes, so that the /timeline/ page's list is made in one
// piece.
func TestListSize(t *testing.T) {
	var entries []Entry
	for i := range 500 {
		e := Entry{Date: "2025-12-01", Human: "1 December 2025", Text: strings.Repeat("Officials met in Abu Dhabi. ", i%7+1),
			Note: Link{URL: fmt.Sprintf("/notes/note-%d/", i), Text: "A note about it"}}
		for j := range i % 4 {
			e.Sources = append(e.Sources, Link{URL: fmt.Sprintf("/sources/source-%d/", j), Text: "Reuters, 2 December 2025"})
		}
		entries = append(entries, e)
	}
	for _, n := range []int{0, 1, 500} {
		var b strings.Builder
		size := ListSize(entries[:n])
		b.Grow(size)
		grown := b.Cap()
		WriteList(&b, entries[:n])
		if b.Len() > size || b.Cap() != grown {
			t.Errorf("%d entries: %d bytes; ListSize gave %d, and the builder grew from %d to %d", n, b.Len(), size, grown, b.Cap())
		}
	}
}
