package timeline

import (
	"fmt"
	"slices"
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

// TestJoinList holds JoinList of each entry's EntryHTML to WriteList, and
// Equal to telling apart entries whose HTML differs, field by field.
func TestJoinList(t *testing.T) {
	base := Entry{Date: "2025-12-01", Human: "1 December 2025", Text: "Talks <in> Geneva & more",
		Note: Link{URL: "/notes/a/", Text: "A"}, Sources: []Link{{URL: "/sources/s/", Text: "S"}, {URL: "/sources/t/", Text: "T"}}}
	variants := []func(e *Entry){
		func(e *Entry) { e.Date = "2025-12-02" },
		func(e *Entry) { e.Human = "2 December 2025" },
		func(e *Entry) { e.Text = "Talks in Geneva" },
		func(e *Entry) { e.Note.URL = "/notes/b/" },
		func(e *Entry) { e.Note.Text = "B" },
		func(e *Entry) { e.Note = Link{} },
		func(e *Entry) { e.Sources = e.Sources[:1] },
		func(e *Entry) { e.Sources = []Link{e.Sources[1], e.Sources[0]} },
		func(e *Entry) { e.Sources = []Link{{URL: "/sources/s/", Text: "S2"}, e.Sources[1]} },
		func(e *Entry) { e.Sources = nil },
	}
	entries := []Entry{base}
	for i, change := range variants {
		e := base
		e.Sources = slices.Clone(base.Sources)
		change(&e)
		if Equal(e, base) || EntryHTML(e) == EntryHTML(base) {
			t.Errorf("variant %d: Equal %v, the same HTML %v; want neither", i, Equal(e, base), EntryHTML(e) == EntryHTML(base))
		}
		entries = append(entries, e)
	}
	if copied := base; !Equal(copied, base) {
		t.Error("an entry is not Equal to its copy")
	}
	for _, n := range []int{0, 1, len(entries)} {
		var want strings.Builder
		WriteList(&want, entries[:n])
		html := make([]string, n)
		for i, e := range entries[:n] {
			html[i] = EntryHTML(e)
		}
		if got := JoinList(html); got != want.String() {
			t.Errorf("%d entries: JoinList gives\n%s\nwant\n%s", n, got, want.String())
		}
	}
}
