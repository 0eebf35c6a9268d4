package resolve

import (
	"strings"
	"testing"
)

// TestMatchElided checks the ellipsis rule: an ellipsis may skip words
// within one sentence of the passage, never across sentences, and never a
// negation or qualifier.
func TestMatchElided(t *testing.T) {
	const denial = "The United States is not trying to force any territorial concessions upon Ukraine. It only wants a deal, officials reportedly said."
	tests := []struct {
		name    string
		quote   string
		excerpt string
		found   bool
		problem string // a word of the problem, or "" for none
	}{
		{"verbatim", "not trying to force any territorial concessions", denial, true, ""},
		{"lower-case start", "the United States is not trying", denial, true, ""},
		{"skips plain words", "is not trying ... concessions upon Ukraine", denial, true, ""},
		{"unicode ellipsis", "is not trying … upon Ukraine", denial, true, ""},
		{"skips the negation", "is ... trying to force any territorial concessions upon Ukraine", denial, true, `"not"`},
		{"skips only", "It ... wants a deal", denial, true, `"only"`},
		{"skips reportedly", "officials ... said", denial, true, `"reportedly"`},
		{"skips a contraction", "they ... agree", "They didn't agree.", true, `"didn't"`},
		{"across sentences", "concessions ... wants a deal", denial, true, "sentence"},
		{"leading and trailing ellipses", "... not trying to force ...", denial, true, ""},
		{"parts out of order", "upon Ukraine ... is not trying", denial, false, ""},
		{"words not in the excerpt", "is surely trying", denial, false, ""},
		{"a clean match preferred", "a deal ... said", "A deal was not agreed. A deal was agreed, he said.", true, ""},
	}
	for _, tt := range tests {
		found, problem := matchElided(NormalizeQuote(tt.excerpt), quoteParts(tt.quote))
		if found != tt.found {
			t.Errorf("%s: found = %v; want %v", tt.name, found, tt.found)
			continue
		}
		if (tt.problem == "") != (problem == "") || !strings.Contains(problem, tt.problem) {
			t.Errorf("%s: problem = %q; want one naming %s", tt.name, problem, tt.problem)
		}
	}
}
