package search

import (
	"strings"
	"testing"
)

// TestLowerASCII lower-cases a page's texts through one counter, as Add
// does, past the first array's size, and holds each result, at the end, to
// strings.ToLower's: no text lower-cased may be written over by a later
// one of the same page.
func TestLowerASCII(t *testing.T) {
	texts := []string{
		"The Budapest Memorandum",
		"already lower case",
		"Kyiv and Київ: not ASCII",
		strings.Repeat("NATO Article 5. ", 300), // more than the first array holds
		"",
		"Donbas TALKS, 2 March 2026",
		strings.Repeat("A", 5000),
		"Last One",
	}
	c := &counter{}
	got := make([]string, len(texts))
	for i, s := range texts {
		got[i] = c.lowerASCII(s)
	}
	for i, s := range texts {
		want := s
		if isASCII(s) {
			want = strings.ToLower(s)
		}
		if got[i] != want {
			t.Errorf("text %d: %.40q, want %.40q", i, got[i], want)
		}
	}
	if len(c.lower) == 0 {
		t.Error("nothing was written to the counter's array")
	}
}
