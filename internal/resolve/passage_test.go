package resolve

import (
	"strings"
	"testing"
)

func TestFoldText(t *testing.T) {
	tests := []struct{ a, b string }{
		{"“a firm condition”", `"a firm condition"`},
		{"it’s", "it's"},
		{"long — tiring", "long-tiring"},
		{"long – tiring", "long - tiring"},
		{"a\n  b\tc", "a b c"},
		{"1994\u2212", "1994-"},
	}
	for _, tt := range tests {
		if FoldText(tt.a) != FoldText(tt.b) {
			t.Errorf("FoldText(%q) = %q, FoldText(%q) = %q; want them equal", tt.a, FoldText(tt.a), tt.b, FoldText(tt.b))
		}
	}
	if FoldText("not") == FoldText("no") || FoldText("Ukraine") == FoldText("ukraine") {
		t.Error("FoldText folds more than quotes, dashes and white space")
	}
}

func TestContainsWords(t *testing.T) {
	tests := []struct {
		s, words string
		want     bool
	}{
		{"officials described it as a firm condition", "firm condition", true},
		{"officials described it as a firm condition", "firm cond", false},
		{"the existing borders", "x", false},
		{"the existing borders", "existing", true},
		{"x and existing", "x", true},
		{`"a firm condition"`, "a firm", true},
		{"said: \"no\".", `"no"`, true},
		{"unknown", "known", false},
	}
	for _, tt := range tests {
		if got := containsWords(tt.s, tt.words); got != tt.want {
			t.Errorf("containsWords(%q, %q) = %v; want %v", tt.s, tt.words, got, tt.want)
		}
	}
}

func TestClosestPassage(t *testing.T) {
	keys := []string{
		pinKey("Officials described it as “a firm condition” of the deal."),
		pinKey("The talks were long — tiring and hard, he said."),
	}
	tests := []struct {
		q    string
		want int
	}{
		{"a firm condtion", 0},
		{"talks were short", 1},
		{"tirng and hard", 1},
		{"firm cond", 0},
		{"descr", 0},
		{"nothing alike", -1},
		{"the", -1},
	}
	for _, tt := range tests {
		if got := closestPassage(pinKey(tt.q), keys); got != tt.want {
			t.Errorf("closestPassage(%q) = %d; want %d", tt.q, got, tt.want)
		}
	}
}

func TestSharingMostWords(t *testing.T) {
	keys := []string{
		pinKey("© 2026 The Update Desk. All rights reserved."),
		pinKey("The delegation is now led by General Igor Kostyukov, head of Russia's military intelligence."),
		pinKey("Talks were held in Abu Dhabi."),
	}
	if got := sharingMostWords(pinKey("Russia's delegation was led by Igor Kostyukov."), keys); got != 1 {
		t.Errorf("sharingMostWords = %d; want 1", got)
	}
	if got := sharingMostWords(pinKey("Nothing in common at all."), keys); got != -1 {
		t.Errorf("sharingMostWords = %d; want -1", got)
	}
}

// foldBySteps is FoldText without its shortcut for ASCII text that has
// nothing to fold: quotes, then dashes, then white space.
func foldBySteps(s string) string {
	return strings.Join(strings.Fields(dashFolder.Replace(quoteFolder.Replace(s))), " ")
}

// FuzzFoldText holds FoldText, shortcut and all, to its steps, and
// foldedASCII to whether they give the text back.
func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"", "plain words", "a-b", "two  spaces", " lead", "trail ", "tab\there", "“curly”", "long—tiring", "soft\u00adhyphen", "no\u00a0break", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := foldBySteps(s)
		if got := FoldText(s); got != want {
			t.Errorf("FoldText(%q) = %q, want %q", s, got, want)
		}
		if foldedASCII(s) && want != s {
			t.Errorf("foldedASCII(%q), but FoldText gives %q", s, want)
		}
	})
}
