package timeline

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"
)

// TestAppendEsc checks that appendEsc escapes as goldmark's
// util.EscapeHTML does, which the timeline's HTML used before.
func TestAppendEsc(t *testing.T) {
	for _, s := range []string{
		"", "plain", `"quoted"`, "a & b", "<script>alert(1)</script>", "x\x00y",
		"Zelenskyy’s “peace plan”", "&amp; already", ">>", "'single'", "tail&",
	} {
		want := string(util.EscapeHTML([]byte(s)))
		if got := string(appendEsc([]byte("pre:"), s)); got != "pre:"+want {
			t.Errorf("appendEsc(%q) = %q; want %q", s, got, "pre:"+want)
		}
	}
}

// FuzzAppendEsc compares appendEsc with util.EscapeHTML on any text.
func FuzzAppendEsc(f *testing.F) {
	f.Add("a <b> & \"c\"\x00")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendEsc(nil, s), util.EscapeHTML([]byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("appendEsc(%q) = %q; want %q", s, got, want)
		}
	})
}

// TestListSize checks that ListSize leaves room for a list whose texts
// need no escapes, so that WriteList and the /timeline/ page make it in
// one piece.
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
		size := ListSize(entries[:n])
		if got := AppendList(make([]byte, 0, size), entries[:n]); len(got) > size {
			t.Errorf("%d entries: %d bytes; ListSize gave %d", n, len(got), size)
		}
	}
}
