package resolve

import (
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/yuin/goldmark/ast"
)

// TestSentenceAt checks which sentence a citation belongs to. In each
// case "|" marks where the citation stood (it is removed from the text).
func TestSentenceAt(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"before the full stop", "One thing. Two things happened |. Three.", "Two things happened."},
		{"after the full stop", "One thing. Two things happened. | Three.", "Two things happened."},
		{"after a closing quote", `One. The article says: "The details remain deliberately vague." | The unattributed article says "it is complex".`, `The article says: "The details remain deliberately vague."`},
		{"after a curly closing quote", "One. It said “no.” | Then more.", "It said “no.”"},
		{"after a bracket", "One. It was agreed (in 1994). | Then more.", "It was agreed (in 1994)."},
		{"between two sentences, without a space", "One thing. |Two things.", "One thing."},
		{"U.S. mid-sentence", "The U.S. President has not yet given final approval |. Next.", "The U.S. President has not yet given final approval."},
		{"U.S. before the citation", "It was agreed. A deal backed by the U.S. Secretary of State has not yet got approval |.", "A deal backed by the U.S. Secretary of State has not yet got approval."},
		{"initials", "Earlier. J. D. Vance said so |. Later.", "J. D. Vance said so."},
		{"titles", "Earlier. Gen. Kostyukov led it |. Later.", "Gen. Kostyukov led it."},
		{"e.g.", "Earlier. Some, e.g. Kyiv, agreed |. Later.", "Some, e.g. Kyiv, agreed."},
		{"decimals", "Earlier. It cost 1.5 billion dollars |. Later.", "It cost 1.5 billion dollars."},
		{"a question", "Earlier. Was it tied to Donbas? | No one says.", "Was it tied to Donbas?"},
		{"a quote with a question, then lower case", `Earlier. "Is it tied?" he asked |. Later.`, `"Is it tied?" he asked.`},
		{"a quote inside the sentence", `Earlier. She said "it is false. Totally." and left |. Later.`, `She said "it is false. Totally." and left.`},
		{"a quote that ends the sentence", `Earlier. She said "it is false. Totally." | Later.`, `She said "it is false. Totally."`},
		{"unpaired quotes", `Earlier. She said "it is false. Totally |. Later.`, `Totally.`},
		{"a number starts the next sentence", "It was signed in 1994 |. 1995 came after.", "It was signed in 1994."},
		{"after a sentence that ends with a quote", `Earlier. It says: "Vague." The article says "complex" |.`, `The article says "complex".`},
		{"the only sentence", "Just one |", "Just one"},
		{"No. before a number", "Earlier. Resolution No. 2202 says so |. Later.", "Resolution No. 2202 says so."},
	}
	for _, tt := range tests {
		at := strings.Index(tt.in, "|")
		text := tt.in[:at] + tt.in[at+1:]
		if got := sentenceAt(text, at); got != tt.want {
			t.Errorf("%s: sentenceAt(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestIsAbbreviation(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"the U.S.", true}, {"U.K.", true}, {"e.g.", true}, {"at 9 a.m.", true}, {"J.", true}, {"Gen.", true},
		{"Mr.", true}, {"(No.", true}, {"it ended.", false}, {"Kyiv.", false}, {"1994.", false}, {"I.", true},
		{"NATO.", false}, {"U.S.-led.", false},
	}
	for _, tt := range tests {
		if got := isAbbreviation(tt.s); got != tt.want {
			t.Errorf("isAbbreviation(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

// TestContextsInScratch takes the sentence and the paragraph of every
// citation of a page through one scratch buffer, one after the other, as a
// page's resolve does, and holds each to the text taken with a buffer of
// its own: no text may share the buffer that later ones write over.
func TestContextsInScratch(t *testing.T) {
	src := []byte("The first paragraph is long, longer than the next one by far, it goes on and on [@a]. Its second sentence [@b].\n\n" +
		"Short [@a].\n\n" +
		"Unpaired \"quotes here. Then [@b] more text that is not a sentence's end\n\n" +
		"- An item [@a]; and \"a quote.\" [@b] &amp; `code`\n\n" +
		"Already tidy.\n\n" +
		"Another tidy paragraph, longer than the one before.\n")
	doc := markup.New().Parse(src)
	var cites, firsts []ast.Node // the citations; the first inline of each paragraph
	_ = ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*cite.Citation); ok && entering {
			cites = append(cites, n)
		}
		if _, ok := n.(*ast.Paragraph); ok && entering && n.FirstChild() != nil {
			firsts = append(firsts, n.FirstChild())
		}
		return ast.WalkContinue, nil
	})
	if len(cites) != 6 {
		t.Fatalf("found %d citations, want 6", len(cites))
	}
	var scratch []byte
	sentences := make([]string, len(cites))
	paragraphs := make([]string, len(cites))
	for i, c := range cites {
		sentences[i] = sentenceIn(c, src, &scratch)
		paragraphs[i] = paragraphIn(c, src, &scratch)
	}
	for i, c := range cites {
		if want := sentenceOf(c, src); sentences[i] != want || want == "" {
			t.Errorf("citation %d: sentence %q through the shared buffer, want %q", i, sentences[i], want)
		}
		if want := paragraphOf(c, src); paragraphs[i] != want || want == "" {
			t.Errorf("citation %d: paragraph %q through the shared buffer, want %q", i, paragraphs[i], want)
		}
	}
	// Paragraphs already tidy, as tidy might one day return them as they
	// are: each must still be a string of its own.
	if len(firsts) < 2 {
		t.Fatalf("found %d paragraphs", len(firsts))
	}
	tidied := make([]string, len(firsts))
	for i, n := range firsts {
		tidied[i] = paragraphIn(n, src, &scratch)
	}
	for i, n := range firsts {
		if want := paragraphOf(n, src); tidied[i] != want || want == "" {
			t.Errorf("paragraph %d: %q through the shared buffer, want %q", i, tidied[i], want)
		}
	}
	if cap(scratch) == 0 {
		t.Error("the buffer was not kept for the next call")
	}
}

// tidyByFields is what tidy does, by words: the words of s
// (strings.Fields), joined by single spaces but before marks of tidyPunct.
func tidyByFields(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		if b.Len() > 0 && !strings.ContainsRune(tidyPunct, rune(f[0])) {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

func TestTidy(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"Already tidy.", "Already tidy."},
		{"One, two; three: four! Five? Six.", "One, two; three: four! Five? Six."},
		{"A “curly” quote — and é.", "A “curly” quote — and é."},
		{"reported it .", "reported it."},
		{"reported it , and", "reported it, and"},
		{"two  spaces", "two spaces"},
		{" leading", "leading"},
		{"trailing ", "trailing"},
		{" ", ""},
		{"a\tb", "a b"},
		{"a\nb", "a b"},
		{"a\r\nb", "a b"},
		{"no\u00a0break", "no break"},
		{"ideographic\u3000space", "ideographic space"},
		{"next line\u0085here", "next line here"},
		{"a \u2009thin", "a thin"},
		{"bad \xff byte", "bad \xff byte"},
		{"a.b,c", "a.b,c"},
	}
	for _, tt := range tests {
		if got := tidy(tt.in); got != tt.want {
			t.Errorf("tidy(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := tidyByFields(tt.in); got != tt.want {
			t.Errorf("tidyByFields(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzTidy holds tidy to the words of its text joined again.
func FuzzTidy(f *testing.F) {
	for _, s := range []string{"", "Already tidy.", "reported it .", "a  b", " x", "y ", "a\u00a0b", "a\u3000b", "\xff \xfe", "a ,b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := tidyByFields(s)
		if got := tidy(s); got != want {
			t.Errorf("tidy(%q) = %q, want %q", s, got, want)
		}
	})
}
