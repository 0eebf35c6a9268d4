// Package search builds the site's full-text search index at build time.
// The render stage publishes it as one JSON file, named by its content hash,
// that the reader's browser fetches only when the reader starts to search
// (templates/assets/site.js holds the query side).
//
// The index is an inverted index, compact enough to ship and simple enough
// to query in a few lines of JavaScript:
//
//	{
//	  "v": 1,
//	  "stop": ["a", "the", ...],      words left out of the index (and out of queries)
//	  "docs": [[url, title, kind, summary, [[heading-id, heading], ...]], ...],
//	  "terms": ["abu", "accession", ...],   sorted, so that a prefix is a range
//	  "post": [[doc, weight, doc, weight, ...], ...]
//	}
//
// kind is "n" for a note and "s" for a source. post[i] lists the documents
// that hold terms[i]: each document number is the difference from the one
// before it in the list (the first is absolute), and each weight adds up
// where the term occurs: 8 for each time in the title, 4 in a heading or a
// source's outlet, author or a note's tags, 2 in the summary and 1 in the
// body text.
//
// Terms are made by Terms: lower case, without diacritics, split at every
// character that is not a letter or a digit. The script must normalise a
// query the same way; the two are tested against each other by the browser
// tests.
package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Version is the format version written as "v".
const Version = 1

// Field weights: how much one occurrence of a term counts in each field.
const (
	WeightTitle   = 8
	WeightHeading = 4
	WeightName    = 4
	WeightSummary = 2
	WeightBody    = 1
)

// maxWeight caps a term's weight in one document, so that a word repeated
// all through a long page does not drown the rest.
const maxWeight = 99

// Kinds of documents.
const (
	KindNote   = "n"
	KindSource = "s"
)

// Heading is a heading of a document, for results that link into a page.
type Heading struct {
	ID   string
	Text string
}

// Doc is one page to index.
type Doc struct {
	URL      string
	Title    string
	Kind     string // KindNote or KindSource
	Summary  string
	Headings []Heading
	Names    []string // the outlet and author of a source, the tags of a note
	Body     string   // the page's text without markup
}

// Stop are the English words left out of the index: they occur on almost
// every page and would only make it bigger.
var Stop = []string{
	"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from",
	"had", "has", "have", "he", "her", "his", "in", "is", "it", "its", "of", "on",
	"or", "s", "she", "that", "the", "their", "they", "this", "to", "was", "were",
	"with",
}

// Build returns the index of docs, in the order given, as JSON. stop lists
// the words to leave out (nil for none); it is written into the index so
// that the script leaves the same words out of queries.
func Build(docs []Doc, stop []string) []byte {
	skip := make(map[string]bool, len(stop))
	for _, w := range stop {
		skip[w] = true
	}
	postings := map[string][]int{} // term -> doc, weight, doc, weight ... (absolute doc numbers)
	for i, d := range docs {
		weights := map[string]int{}
		add := func(text string, w int) {
			for _, t := range Terms(text) {
				if !skip[t] {
					weights[t] = min(weights[t]+w, maxWeight)
				}
			}
		}
		add(d.Title, WeightTitle)
		for _, h := range d.Headings {
			add(h.Text, WeightHeading)
		}
		for _, n := range d.Names {
			add(n, WeightName)
		}
		add(d.Summary, WeightSummary)
		add(d.Body, WeightBody)
		for t, w := range weights {
			postings[t] = append(postings[t], i, w)
		}
	}
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	slices.Sort(terms)

	var buf bytes.Buffer
	buf.WriteString(`{"v":`)
	writeInt(&buf, Version)
	buf.WriteString(`,"stop":`)
	writeJSON(&buf, nonNil(stop))
	buf.WriteString(`,"docs":[`)
	for i, d := range docs {
		if i > 0 {
			buf.WriteByte(',')
		}
		hs := make([][2]string, len(d.Headings))
		for j, h := range d.Headings {
			hs[j] = [2]string{h.ID, h.Text}
		}
		writeJSON(&buf, []any{d.URL, d.Title, d.Kind, d.Summary, hs})
	}
	buf.WriteString(`],"terms":`)
	writeJSON(&buf, terms)
	buf.WriteString(`,"post":[`)
	for i, t := range terms {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		p := postings[t]
		// Documents were added in order, so each list is sorted already.
		prev := 0
		for j := 0; j < len(p); j += 2 {
			if j > 0 {
				buf.WriteByte(',')
			}
			writeInt(&buf, p[j]-prev)
			buf.WriteByte(',')
			writeInt(&buf, p[j+1])
			prev = p[j]
		}
		buf.WriteByte(']')
	}
	buf.WriteString("]}\n")
	return buf.Bytes()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeJSON(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)           // strings and slices of strings always encode
	buf.Truncate(buf.Len() - 1) // the newline Encode adds
}

func writeInt(buf *bytes.Buffer, n int) {
	var tmp [20]byte
	i := len(tmp)
	if n == 0 {
		buf.WriteByte('0')
		return
	}
	for n > 0 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	buf.Write(tmp[i:])
}

// fold lower-cases text and strips diacritics: "Zelenskyy's Ukraïna" gives
// "zelenskyy's ukraina".
var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)))

// Terms splits text into search terms: lower case, without diacritics,
// split at every character that is neither a letter nor a digit.
func Terms(text string) []string {
	if isASCII(text) {
		return asciiTerms(text)
	}
	folded, _, err := transform.String(fold, strings.ToLower(text))
	if err != nil {
		folded = strings.ToLower(text)
	}
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// asciiTerms is Terms for ASCII text, which has no diacritics to remove:
// most text is ASCII, and the Unicode path costs three times as much
// (BenchmarkTerms).
func asciiTerms(text string) []string {
	text = strings.ToLower(text)
	terms := make([]string, 0, len(text)/6)
	start := -1
	for i := 0; i <= len(text); i++ {
		alnum := i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] >= '0' && text[i] <= '9')
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			terms = append(terms, text[start:i])
			start = -1
		}
	}
	return terms
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
