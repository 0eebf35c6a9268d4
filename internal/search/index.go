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
	"sync"
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

// StopFor returns the stop words for a site in the given language (a BCP 47
// tag): Stop for English, none for other languages.
func StopFor(language string) []string {
	if language == "" || language == "en" || strings.HasPrefix(language, "en-") {
		return Stop
	}
	return nil
}

// Build returns the index of docs, in the order given, as JSON. stop lists
// the words to leave out (nil for none); it is written into the index so
// that the script leaves the same words out of queries.
func Build(docs []Doc, stop []string) []byte {
	b := NewBuilder(len(docs), stop)
	for i, d := range docs {
		b.Add(i, d)
	}
	return b.JSON()
}

// Builder builds an index a document at a time, keeping of each document
// only what the index holds (its address, title, headings and weighted
// terms) and not its text, so that a build need not hold the text of every
// page at once. Add may be called for several documents at once.
type Builder struct {
	stop []string
	skip map[string]bool
	docs []builtDoc // by number

	mu    sync.Mutex
	ids   map[string]uint32 // term -> its number in terms
	terms []string
}

type builtDoc struct {
	url, title, kind, summary string
	headings                  [][2]string
	terms                     []uint32 // term number << 8 | weight
}

// NewBuilder returns a Builder for n documents, numbered 0 to n-1. stop is
// as for Build.
func NewBuilder(n int, stop []string) *Builder {
	b := &Builder{stop: stop, skip: make(map[string]bool, len(stop)), docs: make([]builtDoc, n), ids: map[string]uint32{}}
	for _, w := range stop {
		b.skip[w] = true
	}
	return b
}

// Add indexes d as document number i, in place of what was added as i
// before. It is safe to call for several documents at once, each with its
// own number.
func (b *Builder) Add(i int, d Doc) {
	weights := map[string]int{}
	add := func(text string, w int) {
		for _, t := range Terms(text) {
			if !b.skip[t] {
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

	bd := builtDoc{url: d.URL, title: d.Title, kind: d.Kind, summary: d.Summary,
		headings: make([][2]string, len(d.Headings)), terms: make([]uint32, 0, len(weights))}
	for j, h := range d.Headings {
		bd.headings[j] = [2]string{h.ID, h.Text}
	}
	b.mu.Lock()
	for t, w := range weights {
		id, ok := b.ids[t]
		if !ok {
			id = uint32(len(b.terms))
			t = strings.Clone(t) // not a piece of the page's text
			b.ids[t] = id
			b.terms = append(b.terms, t)
		}
		bd.terms = append(bd.terms, id<<8|uint32(w))
	}
	b.mu.Unlock()
	b.docs[i] = bd
}

// JSON returns the index.
func (b *Builder) JSON() []byte {
	// Terms in order, and each term's postings in document order: counted,
	// then laid out one term after another in one array. A term no document
	// holds any more (a document was added again) is left out.
	count := make([]int, len(b.terms))
	for _, d := range b.docs {
		for _, tw := range d.terms {
			count[tw>>8]++
		}
	}
	order := make([]uint32, 0, len(b.terms))
	for id, n := range count {
		if n > 0 {
			order = append(order, uint32(id))
		}
	}
	slices.SortFunc(order, func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	rank := make([]int, len(b.terms))
	start := make([]int, len(order)+1)
	for r, id := range order {
		rank[id] = r
		start[r+1] = start[r] + count[id]
	}
	type posting struct{ doc, weight int }
	post := make([]posting, start[len(order)])
	fill := slices.Clone(start)
	for i, d := range b.docs {
		for _, tw := range d.terms {
			r := rank[tw>>8]
			post[fill[r]] = posting{i, int(tw & 0xff)}
			fill[r]++
		}
	}

	var buf bytes.Buffer
	buf.WriteString(`{"v":`)
	writeInt(&buf, Version)
	buf.WriteString(`,"stop":`)
	writeJSON(&buf, nonNil(b.stop))
	buf.WriteString(`,"docs":[`)
	for i, d := range b.docs {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJSON(&buf, []any{d.url, d.title, d.kind, d.summary, d.headings})
	}
	buf.WriteString(`],"terms":`)
	terms := make([]string, len(order))
	for r, id := range order {
		terms[r] = b.terms[id]
	}
	writeJSON(&buf, terms)
	buf.WriteString(`,"post":[`)
	for r := range terms {
		if r > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('[')
		prev := 0
		for j, p := range post[start[r]:start[r+1]] {
			if j > 0 {
				buf.WriteByte(',')
			}
			writeInt(&buf, p.doc-prev)
			buf.WriteByte(',')
			writeInt(&buf, p.weight)
			prev = p.doc
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

// fold strips diacritics from lower-cased text: "zelenskyy's ukraïna"
// gives "zelenskyy's ukraina". A transformer keeps state while it works,
// and pages are indexed in parallel, so each Terms takes its own from
// folders.
func fold() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)))
}

var folders = sync.Pool{New: func() any { return fold() }}

// Terms splits text into search terms: lower case, without diacritics,
// split at every character that is neither a letter nor a digit.
func Terms(text string) []string {
	if isASCII(text) {
		return asciiTerms(text)
	}
	f := folders.Get().(transform.Transformer)
	folded, _, err := transform.String(f, strings.ToLower(text))
	folders.Put(f)
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
