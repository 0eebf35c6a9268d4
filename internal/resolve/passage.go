package resolve

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/diag"
)

// Passages: a citation may name the passage of its source that the
// sentence rests on, by a few of its words ([@id "words"]). The passage is
// one of the source record's `excerpts`, and, where the source's article
// text is on file (Input.Articles), the excerpts are checked against it.

// FoldText makes an excerpt and an article text comparable: curly quotes and
// apostrophes become straight ones, every dash or hyphen a hyphen with a
// space either side (so that "long—tiring" and "long – tiring" agree), and
// runs of white space one space. Nothing else changes.
func FoldText(s string) string {
	if foldedASCII(s) {
		return s // most pins and excerpts: nothing to fold
	}
	return strings.Join(strings.Fields(dashFolder.Replace(quoteFolder.Replace(s))), " ")
}

// foldedASCII reports whether s is ASCII that FoldText gives back as it is:
// no hyphen, and no white space but single spaces between words. (The
// quotes and dashes FoldText folds, but the hyphen, are not ASCII.)
func foldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '-', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' '):
			return false
		}
	}
	return true
}

var dashFolder = strings.NewReplacer("-", " - ", "\u2010", " - ", "\u2011", " - ", "\u2012", " - ", "\u2013", " - ", "\u2014", " - ", "\u2015", " - ", "\u2212", " - ", "\u00ad", "")

// pinKey folds a pin or an excerpt for matching: FoldText, and case.
func pinKey(s string) string { return strings.ToLower(FoldText(s)) }

// sourcePassages is what a source page keeps about its excerpts.
type sourcePassages struct {
	excerpts []string // the excerpts the keys were folded from
	keys     []string // pinKey of each excerpt, in record order
}

// checkArticles checks every source's excerpts against its article text,
// when Input.Articles holds one, and orders them as the text does. A
// source page that Rebegin took again keeps its excerpts' keys when its
// excerpts are the same (see Page.remake): folding every excerpt again
// took 9 ms of each front-matter edit at 10,000 notes, and looking each
// up in a map of the last site's keys by excerpt 2 ms.
func (s *Site) checkArticles(articles, foldedTexts map[string]string, diags *diag.List) {
	for _, p := range s.Sources {
		ex := p.Source.Meta.Excerpts
		ps := p.passages
		if ps == nil || !slices.Equal(ps.excerpts, ex) {
			ps = &sourcePassages{excerpts: ex, keys: make([]string, len(ex))}
			for i, e := range ex {
				ps.keys[i] = pinKey(e)
			}
		}
		order := make([]int, len(ex))
		for i := range order {
			order[i] = i
		}
		p.passages, p.PassageOrder, p.ExcerptsInText = ps, order, false
		text, ok := articles[p.Slug]
		if !ok || len(ex) == 0 {
			continue
		}
		folded, ok := foldedTexts[p.Slug]
		if !ok {
			folded = FoldText(text)
		}
		at := make([]int, len(ex))
		for i, e := range ex {
			at[i] = strings.Index(folded, FoldText(e))
			if at[i] < 0 {
				hint := fmt.Sprintf("copy the passage again, word for word, from the article %s", p.Source.Meta.Seed)
				if best := closestExcerpt(NormalizeQuote(e), []string{text}); best != "" {
					hint = fmt.Sprintf("the article reads %q; %s", best, hint)
				}
				diags.Errorf(p.File.Pos(fmt.Sprintf("excerpts[%d]", i)), diag.CodeExcerptNotInArticle, hint,
					"excerpts[%d] is not word for word in the source's article text", i)
				at[i] = len(folded) + i // after those found, in record order
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return at[a] - at[b] })
		p.ExcerptsInText = true
	}
}

// pin finds the excerpt that it's pin names among source's, filling in
// it.Passage, or reports why there is none. It returns the excerpt's index,
// or -1.
func (r *pageRun) pin(it *cite.Item, source *Page) int {
	ex := source.Source.Meta.Excerpts
	pos := func() diag.Pos { return r.pos(it.PinOffset) } // only when needed: it costs a line count
	if len(ex) == 0 {
		r.diags.Errorf(pos(), diag.CodePassageNotFound,
			fmt.Sprintf("add the passage, word for word, to the `excerpts` of %s, or cite it without one: [@%s]", it.ID, it.ID),
			"citation pins a passage of %s, which records no excerpts", it.ID)
		return -1
	}
	key := pinKey(it.Pin)
	if strings.IndexFunc(key, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		r.diags.Errorf(pos(), diag.CodePassageNotFound, fmt.Sprintf(`write a few words of the passage between the quotes: [@%s "words of the passage"]`, it.ID),
			"citation pins an empty passage")
		return -1
	}
	keys := source.passageKeys()
	var found []int
	for i, k := range keys {
		if containsWords(k, key) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 1:
		it.Passage = ex[found[0]]
		return found[0]
	case 0:
		hint := fmt.Sprintf("quote a few words of one of the %d excerpts of %s word for word, or add the passage to its `excerpts`", len(ex), it.ID)
		if best := closestPassage(key, keys); best >= 0 {
			hint = fmt.Sprintf("did you mean %q (excerpts[%d], %s)? %s", shorten(ex[best], 90), best, source.File.Pos(fmt.Sprintf("excerpts[%d]", best)), hint)
		}
		r.diags.Errorf(pos(), diag.CodePassageNotFound, hint, "passage %q is in none of the excerpts of %s", shorten(it.Pin, 80), it.ID)
	default:
		cands := make([]string, len(found))
		for j, i := range found {
			cands[j] = fmt.Sprintf("excerpts[%d] %q", i, shorten(ex[i], 70))
		}
		r.diags.Errorf(pos(), diag.CodePassageAmbiguous,
			"add words so that they are in one excerpt only; the candidates are "+strings.Join(cands, "; "),
			"passage %q is in %d excerpts of %s", shorten(it.Pin, 80), len(found), it.ID)
	}
	return -1
}

// containsWords reports whether words stands in s beginning and ending at
// word boundaries: "x" is not in "existing".
func containsWords(s, words string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], words)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(words)
		if !wordAt(s, i, words, true) && !wordAt(s, end, words, false) {
			return true
		}
		from = i + 1
	}
}

// wordAt reports whether the match of words at i (its start, or its end
// when start is false) cuts a word of s in two.
func wordAt(s string, i int, words string, start bool) bool {
	if start {
		if i == 0 {
			return false
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		first, _ := utf8.DecodeRuneInString(words)
		return isWordRune(before) && isWordRune(first)
	}
	if i >= len(s) {
		return false
	}
	after, _ := utf8.DecodeRuneInString(s[i:])
	last, _ := utf8.DecodeLastRuneInString(words)
	return isWordRune(after) && isWordRune(last)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// passageKeys returns the folded excerpts of a source.
func (p *Page) passageKeys() []string {
	if p.passages == nil {
		return nil
	}
	return p.passages.keys
}

// closestPassage returns the index of the excerpt that shares the longest
// run of words with key, or -1 when none shares two words.
func closestPassage(key string, keys []string) int {
	words := func(s string) []string { return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) }
	qw := words(key)
	best, bestLen := -1, 1
	for n, k := range keys {
		if _, l := longestRun(words(k), qw); l > bestLen {
			best, bestLen = n, l
		}
	}
	if best < 0 {
		// No two words in a row: the excerpt holding the query's longest
		// word (of four letters or more), or a word that starts like it.
		long := ""
		for _, w := range qw {
			if len(w) >= 4 && len(w) > len(long) {
				long = w
			}
		}
		if long == "" {
			return -1
		}
		for _, exact := range []bool{true, false} {
			for n, k := range keys {
				for _, w := range words(k) {
					if exact && w == long || !exact && (strings.HasPrefix(w, long) || strings.HasPrefix(long, w) && len(w) >= 4) {
						return n
					}
				}
			}
		}
	}
	return best
}

// sharingMostWords returns the index of the key that shares the most
// distinct words of four letters or more with text (at least two), or -1.
func sharingMostWords(text string, keys []string) int {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		if len(w) >= 4 {
			words[w] = true
		}
	}
	best, bestN := -1, 1
	for i, k := range keys {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(k, func(r rune) bool { return !isWordRune(r) }) {
			if words[w] {
				seen[w] = true
			}
		}
		if len(seen) > bestN {
			best, bestN = i, len(seen)
		}
	}
	return best
}

// shorten cuts s to about n bytes at a word boundary, marking the cut.
func shorten(s string, n int) string {
	s = NormalizeQuote(s)
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

// passages finishes the page's citations once their quotations are
// checked: a citation that names no passage but quotes one rests on the
// excerpt its quotation is in; each Citing and each entry of the reference
// list refs learns the passages its citations rest on; and a citation of a
// source with recorded excerpts that names none is a warning.
func (r *pageRun) passages(refs []*Reference) {
	byNumber := make(map[int]*Reference, len(refs))
	for _, ref := range refs {
		byNumber[ref.Number] = ref
		ref.Passages = nil
	}
	for _, c := range r.cites {
		for _, it := range c.Items {
			source := r.s.sources[it.ID]
			if source == nil {
				continue
			}
			if it.Passage == "" && !it.HasPin {
				it.Passage = it.Quoted
			}
			if citing := r.citings[it]; citing != nil {
				citing.Passage = it.Passage
			}
			if ref := byNumber[it.Number]; ref != nil && it.Passage != "" {
				ref.addPassage(it.Passage, it.Nth)
			}
			if !it.HasPin && it.Passage == "" && len(source.Source.Meta.Excerpts) > 0 && !r.misquoted[c] {
				r.diags.Warnf(r.pos(it.Offset), diag.CodePassageUnpinned,
					fmt.Sprintf(`name the passage the statement rests on with a few of its words: [@%s "words of the passage"]%s`, it.ID, r.likelyPassage(c, source)),
					"citation of %s names none of its %d recorded passages", it.ID, len(source.Source.Meta.Excerpts))
			}
		}
	}
}

// likelyPassage suggests, for a warning, the excerpt of source closest to
// the sentence that carries c.
func (r *pageRun) likelyPassage(c *cite.Citation, source *Page) string {
	if r.doc.Source == nil {
		return ""
	}
	key := pinKey(sentenceOf(c, r.doc.Source))
	if best := sharingMostWords(key, source.passageKeys()); best >= 0 {
		return fmt.Sprintf("; the excerpt sharing most words with the sentence is excerpts[%d] %q", best, shorten(source.Source.Meta.Excerpts[best], 70))
	}
	return ""
}

// addPassage records that the page's nth citation of the source rests on
// passage.
func (ref *Reference) addPassage(passage string, nth int) {
	for _, p := range ref.Passages {
		if p.Text == passage {
			p.Cites = append(p.Cites, nth)
			return
		}
	}
	ref.Passages = append(ref.Passages, &RefPassage{Text: passage, Cites: []int{nth}})
}
