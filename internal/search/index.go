// Package search builds the site's full-text search index at build time.
// The render stage publishes it under search/: index.json, which names the
// parts, and the parts, each the index of a run of documents. The reader's
// browser fetches them only when the reader starts to search, and merges
// the parts into one index (templates/assets/site.js holds the query side).
//
// The index is an inverted index, compact enough to ship and simple enough
// to query in a few lines of JavaScript. index.json is
//
//	{
//	  "v": 2,
//	  "stop": ["a", "the", ...],     words left out of the index (and out of queries)
//	  "parts": ["part-0.json", ...]  the parts, in document order, by address relative to index.json
//	}
//
// and each part is
//
//	{
//	  "first": 0,                    the number of the part's first document
//	  "docs": [[url, title, kind, summary, [[heading-id, heading], ...]], ...],
//	  "terms": ["abu", "accession", ...],   sorted, so that a prefix is a range
//	  "post": [[doc, weight, doc, weight, ...], ...]
//	}
//
// kind is "n" for a note and "s" for a source. post[i] lists the part's
// documents that hold terms[i]: each document's number within the part is
// the difference from the one before it in the list (the first is
// absolute), and each weight adds up where the term occurs: 8 for each time
// in the title, 4 in a heading or a source's outlet, author or a note's
// tags, 2 in the summary and 1 in the body text.
//
// The index comes in parts so that an edit to one page changes one part:
// the preview writes, and a deployment uploads, a part rather than the
// whole index (21 MB at 10,000 notes), and a reader's browser fetches
// again only the part that changed.
//
// Terms are made by Terms: lower case, without diacritics, split at every
// character that is not a letter or a digit. The script must normalise a
// query the same way; the two are tested against each other by the browser
// tests.
package search

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Version is the format version written as "v".
const Version = 2

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

// File is one file of the index: its name within the index's folder, and
// its bytes, which the caller must not change.
type File struct {
	Name string
	Data []byte
}

// IndexFile is the name of the file that names the parts.
const IndexFile = "index.json"

// PartDocs is the number of documents in each part but the last: about a
// megabyte of index.
const PartDocs = 500

// Build returns the index of docs, in the order given: index.json first,
// then the parts. stop lists the words to leave out (nil for none); it is
// written into the index so that the script leaves the same words out of
// queries.
func Build(docs []Doc, stop []string) []File {
	b := NewBuilder(len(docs), stop)
	for i, d := range docs {
		b.Add(i, d)
	}
	return b.Files()
}

// Builder builds an index a document at a time, keeping of each document
// only what the index holds (its address, title, headings and weighted
// terms) and not its text, so that a build need not hold the text of every
// page at once. Add may be called for several documents at once.
//
// A Builder keeps the parts it wrote, and writes again only the parts that
// hold a document added since: the preview adds again only the pages an
// edit changed.
type Builder struct {
	// PartDocs is the number of documents in a part; zero means the
	// package's PartDocs.
	PartDocs int

	stop []string
	skip map[string]bool
	docs []builtDoc // by number

	mu      sync.Mutex
	ids     map[string]uint32 // term -> its number in terms
	terms   []string
	added   map[int]bool // the documents added since the last Files
	parts   [][]byte     // the last Files' parts
	pending chan []File  // see Begin
}

type builtDoc struct {
	// entry is the document's entry in "docs", as JSON: made by Add, so
	// that writing a part only copies it.
	entry []byte
	terms []uint32 // term number << 8 | weight
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

	headings := make([][2]string, len(d.Headings))
	for j, h := range d.Headings {
		headings[j] = [2]string{h.ID, h.Text}
	}
	var entry bytes.Buffer
	writeJSON(&entry, []any{d.URL, d.Title, d.Kind, d.Summary, headings})
	bd := builtDoc{entry: entry.Bytes(), terms: make([]uint32, 0, len(weights))}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = nil // out of date
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
	b.docs[i] = bd
	if b.added == nil {
		b.added = map[int]bool{}
	}
	b.added[i] = true
}

// Begin starts writing the index in the background, for the next Files to
// return, so that a caller with other work to do meanwhile need not wait
// for it: the build starts it once every page is added, before the work
// that needs every page resolved. An Add after Begin makes Files write the
// index again.
func (b *Builder) Begin() {
	ch := make(chan []File, 1)
	b.mu.Lock()
	b.pending = ch
	b.mu.Unlock()
	go func() { ch <- b.write() }()
}

// Files returns the index: index.json, then the parts.
func (b *Builder) Files() []File {
	b.mu.Lock()
	ch := b.pending
	b.pending = nil
	b.mu.Unlock()
	if ch != nil {
		return <-ch
	}
	return b.write()
}

// write makes the index: see Files. The parts that hold no document added
// since the last write are the last write's.
func (b *Builder) write() []File {
	b.mu.Lock()
	defer b.mu.Unlock()
	size := b.PartDocs
	if size <= 0 {
		size = PartDocs
	}
	n := max((len(b.docs)+size-1)/size, 1)
	if len(b.parts) != n {
		b.parts = make([][]byte, n) // all written afresh
	}
	var todo []int
	for k := range n {
		if b.parts[k] == nil || b.touched(k*size, min((k+1)*size, len(b.docs))) {
			todo = append(todo, k)
		}
	}
	// The parts on every core: in a full build, each is written.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			count := make([]int32, len(b.terms)) // scratch: all zero between parts
			for t := int(next.Add(1)) - 1; t < len(todo); t = int(next.Add(1)) - 1 {
				k := todo[t]
				b.parts[k] = b.part(k*size, min((k+1)*size, len(b.docs)), count)
			}
		})
	}
	wg.Wait()
	clear(b.added)

	var index bytes.Buffer
	index.WriteString(`{"v":`)
	index.WriteString(strconv.Itoa(Version))
	index.WriteString(`,"stop":`)
	writeJSON(&index, nonNil(b.stop))
	names := make([]string, n)
	for k := range names {
		names[k] = partName(k)
	}
	index.WriteString(`,"parts":`)
	writeJSON(&index, names)
	index.WriteString("}\n")
	files := make([]File, 0, n+1)
	files = append(files, File{IndexFile, index.Bytes()})
	for k, data := range b.parts {
		files = append(files, File{names[k], data})
	}
	return files
}

// touched reports whether a document numbered from to to-1 was added since
// the last write.
func (b *Builder) touched(from, to int) bool {
	if len(b.added) < to-from {
		for i := range b.added {
			if i >= from && i < to {
				return true
			}
		}
		return false
	}
	for i := from; i < to; i++ {
		if b.added[i] {
			return true
		}
	}
	return false
}

func partName(k int) string { return "part-" + strconv.Itoa(k) + ".json" }

// part writes the part of the documents numbered from to to-1. count is
// zero for every term, and is left so.
func (b *Builder) part(from, to int, count []int32) []byte {
	docs := b.docs[from:to]
	// The part's terms, sorted, and each term's postings in document
	// order: counted, then laid out one term after another in one array.
	var ids []uint32
	for _, d := range docs {
		for _, tw := range d.terms {
			if count[tw>>8] == 0 {
				ids = append(ids, tw>>8)
			}
			count[tw>>8]++
		}
	}
	slices.SortFunc(ids, func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	start := make([]int, len(ids)+1)
	for r, id := range ids {
		start[r+1] = start[r] + int(count[id])
		count[id] = int32(r) // from here on, the term's place in ids
	}
	type posting struct{ doc, weight uint32 }
	post := make([]posting, start[len(ids)])
	fill := slices.Clone(start)
	for i, d := range docs {
		for _, tw := range d.terms {
			r := count[tw>>8]
			post[fill[r]] = posting{uint32(i), tw & 0xff}
			fill[r]++
		}
	}
	for _, id := range ids {
		count[id] = 0
	}

	var buf bytes.Buffer
	buf.WriteString(`{"first":`)
	buf.WriteString(strconv.Itoa(from))
	buf.WriteString(`,"docs":[`)
	for i, d := range docs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(d.entry)
	}
	buf.WriteString(`],"terms":`)
	terms := make([]string, len(ids))
	for r, id := range ids {
		terms[r] = b.terms[id]
	}
	writeJSON(&buf, terms)
	// Appended to a slice rather than written to a Buffer: the postings
	// are most of the index.
	out := append(buf.Bytes(), `,"post":[`...)
	for r := range ids {
		if r > 0 {
			out = append(out, ',')
		}
		out = append(out, '[')
		prev := uint32(0)
		for j, p := range post[start[r]:start[r+1]] {
			if j > 0 {
				out = append(out, ',')
			}
			out = strconv.AppendUint(out, uint64(p.doc-prev), 10)
			out = append(out, ',')
			out = strconv.AppendUint(out, uint64(p.weight), 10)
			prev = p.doc
		}
		out = append(out, ']')
	}
	return append(out, "]}\n"...)
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
