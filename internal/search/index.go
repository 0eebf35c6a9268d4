// Package search builds the site's full-text search index at build time.
// The render stage publishes it as one JSON file, search/index.json, that
// the reader's browser fetches only when the reader starts to search
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
	"hash/maphash"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
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

// Builder builds an index a document at a time, keeping of each document
// only what the index holds (its address, title, headings and weighted
// terms) and not its text, so that a build need not hold the text of every
// page at once. Add may be called for several documents at once.
//
// A Builder with Keep set keeps each JSON it writes, and writes the next
// by copying what no Add since has changed: the preview adds again only the
// pages an edit changed, and rewriting the postings of every term was most
// of writing the index (BenchmarkJSON).
type Builder struct {
	// Keep says that JSON keeps what it wrote for the next JSON.
	Keep bool

	stop []string
	skip map[string]bool
	docs []builtDoc // by number

	mu    sync.Mutex
	ids   map[string]uint32 // term -> its number in terms
	terms []string
	count []int  // by term: the documents that hold it
	dirty []bool // by term: an Add since the last JSON changed its postings
	// order lists the terms that some document held at the last JSON,
	// sorted; moved lists the terms that have come into the index or left
	// it since (with duplicates).
	order []uint32
	moved []uint32
	// last is the last JSON (when Keep), and lastFrom[t]:lastTo[t] where
	// term t's postings are in it.
	last             []byte
	lastFrom, lastTo []int
	pending          chan []byte  // see Begin
	added            map[int]bool // the documents added since the last JSON

	spent atomic.Int64 // nanoseconds; see Spent
}

// Spent returns the CPU time spent indexing so far (on Linux; elsewhere
// the time that passed), summed over goroutines: in AddPage (making a
// page's document from its syntax tree, and Add) and in writing the index. The build reports it (build.Stats.Index), so that
// the index's share of a build can be measured.
func (b *Builder) Spent() time.Duration { return time.Duration(b.spent.Load()) }

type builtDoc struct {
	// entry is the document's entry in "docs", as JSON: made by Add, so
	// that JSON only copies it.
	entry []byte
	terms []uint32 // term number << 8 | weight
	sum   uint64   // of the Doc it was made from (see docSum); 0 for none
}

// docSum fingerprints a Doc, so that Add can tell a document added again
// unchanged without splitting its text into terms: the preview adds every
// page again after a front-matter edit, which changes a few (BenchmarkAdd).
func docSum(d Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(docSeed)
	for _, s := range []string{d.URL, d.Title, d.Kind, d.Summary, d.Body} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, hd := range d.Headings {
		h.WriteString(hd.ID)
		h.WriteByte(0)
		h.WriteString(hd.Text)
		h.WriteByte(0)
	}
	h.WriteByte(1)
	for _, n := range d.Names {
		h.WriteString(n)
		h.WriteByte(0)
	}
	return h.Sum64() | 1 // never 0
}

var docSeed = maphash.MakeSeed()

// NewBuilder returns a Builder for n documents, numbered 0 to n-1. stop
// lists the words to leave out (nil for none); it is written into the index
// so that the script leaves the same words out of queries.
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
	sum := docSum(d)
	b.mu.Lock()
	same := b.docs[i].sum == sum
	b.mu.Unlock()
	if same {
		return // added before as it is
	}
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
	bd := builtDoc{entry: entry.Bytes(), terms: make([]uint32, 0, len(weights)), sum: sum}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = nil // out of date
	// A term whose weight in the document is the same as before keeps
	// its postings: an edit to one sentence changes only a few terms'.
	before := make(map[uint32]uint32, len(b.docs[i].terms))
	for _, tw := range b.docs[i].terms {
		before[tw>>8] = tw & 0xff
	}
	for t, w := range weights {
		id, ok := b.ids[t]
		if !ok {
			id = uint32(len(b.terms))
			t = strings.Clone(t) // not a piece of the page's text
			b.ids[t] = id
			b.terms = append(b.terms, t)
			b.count = append(b.count, 0)
			b.dirty = append(b.dirty, false)
		}
		bd.terms = append(bd.terms, id<<8|uint32(w))
		if was, held := before[id]; !held {
			b.held(id, 1)
		} else if was != uint32(w) {
			b.dirty[id] = true
		}
		delete(before, id)
	}
	for id := range before {
		b.held(id, -1) // no longer in the document
	}
	b.docs[i] = bd
	if b.added == nil {
		b.added = map[int]bool{}
	}
	b.added[i] = true
}

// held counts one more or one fewer document holding term id.
func (b *Builder) held(id uint32, n int) {
	b.dirty[id] = true
	if was := b.count[id]; (was == 0) != (was+n == 0) {
		b.moved = append(b.moved, id) // the term comes into the index, or leaves it
	}
	b.count[id] += n
}

// sortTerms brings order up to date: sorted afresh when many terms moved
// (the first JSON), else by taking out and putting in the few that did,
// which an edit in the preview does (BenchmarkJSON).
func (b *Builder) sortTerms() {
	less := func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) }
	if len(b.moved) > len(b.order)/64 {
		b.order = b.order[:0]
		for id, n := range b.count {
			if n > 0 {
				b.order = append(b.order, uint32(id))
			}
		}
		slices.SortFunc(b.order, less)
		b.moved = b.moved[:0]
		return
	}
	b.order = slices.DeleteFunc(b.order, func(id uint32) bool { return b.count[id] == 0 })
	for _, id := range b.moved {
		if b.count[id] == 0 {
			continue
		}
		if at, found := slices.BinarySearchFunc(b.order, id, less); !found {
			b.order = slices.Insert(b.order, at, id)
		}
	}
	b.moved = b.moved[:0]
}

// Begin starts writing the index in the background, for the next JSON to
// return, so that a caller with other work to do meanwhile need not wait
// for it: the build starts it once every page is added, before the work
// that needs every page resolved. An Add after Begin makes JSON write the
// index again.
func (b *Builder) Begin() {
	ch := make(chan []byte, 1)
	b.mu.Lock()
	b.pending = ch
	b.mu.Unlock()
	go func() { ch <- b.write() }()
}

// JSON returns the index. The caller must not change it.
func (b *Builder) JSON() []byte {
	b.mu.Lock()
	ch := b.pending
	b.pending = nil
	b.mu.Unlock()
	if ch != nil {
		return <-ch
	}
	return b.write()
}

// write makes the index: see JSON.
func (b *Builder) write() []byte {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer func(start time.Duration) { b.spent.Add(int64(cpuNow() - start)) }(cpuNow())
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sortTerms()
	var postings func(id uint32) []posting // of a term to write afresh, or nil
	if b.last == nil {
		postings = b.allPostings()
	} else {
		postings = b.patchedPostings()
	}

	var buf bytes.Buffer
	buf.Grow(len(b.last))
	buf.WriteString(`{"v":`)
	buf.WriteString(strconv.Itoa(Version))
	buf.WriteString(`,"stop":`)
	writeJSON(&buf, nonNil(b.stop))
	buf.WriteString(`,"docs":[`)
	for i, d := range b.docs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(d.entry)
	}
	buf.WriteString(`],"terms":`)
	terms := make([]string, len(b.order))
	for r, id := range b.order {
		terms[r] = b.terms[id]
	}
	writeJSON(&buf, terms)
	// Appended to a slice rather than written to a Buffer: the postings
	// are most of the index.
	out := append(buf.Bytes(), `,"post":[`...)
	var from, to []int
	if b.Keep {
		from, to = make([]int, len(b.terms)), make([]int, len(b.terms))
	}
	for n, id := range b.order {
		if n > 0 {
			out = append(out, ',')
		}
		at := len(out)
		if post := postings(id); post != nil {
			out = append(out, '[')
			prev := uint32(0)
			for j, p := range post {
				if j > 0 {
					out = append(out, ',')
				}
				out = strconv.AppendUint(out, uint64(p.doc-prev), 10)
				out = append(out, ',')
				out = strconv.AppendUint(out, uint64(p.weight), 10)
				prev = p.doc
			}
			out = append(out, ']')
		} else {
			out = append(out, b.last[b.lastFrom[id]:b.lastTo[id]]...)
		}
		if b.Keep {
			from[id], to[id] = at, len(out)
		}
	}
	out = append(out, "]}\n"...)
	clear(b.dirty)
	clear(b.added)
	if b.Keep {
		b.last, b.lastFrom, b.lastTo = out, from, to
	}
	return out
}

// posting is a document holding a term, with the term's weight there.
type posting struct{ doc, weight uint32 }

// allPostings lays out the postings of every term some document holds, in
// document order: counted, then one term after another in one array.
func (b *Builder) allPostings() func(id uint32) []posting {
	start := make([]int, len(b.terms)+1)
	for id, n := range b.count {
		start[id+1] = start[id] + n
	}
	post := make([]posting, start[len(b.terms)])
	fill := slices.Clone(start)
	for i, d := range b.docs {
		for _, tw := range d.terms {
			id := tw >> 8
			post[fill[id]] = posting{uint32(i), tw & 0xff}
			fill[id]++
		}
	}
	return func(id uint32) []posting { return post[start[id]:start[id+1]] }
}

// patchedPostings gives the postings of the terms an Add changed since the
// last JSON: those the last JSON wrote, read back, without the documents
// added since, and with them as they are now. The other terms' postings are
// copied from the last JSON as they are (nil). Reading back a few terms'
// postings costs far less than laying out every term's anew from every
// document (BenchmarkJSON).
func (b *Builder) patchedPostings() func(id uint32) []posting {
	adds := map[uint32][]posting{}
	docs := slices.Sorted(maps.Keys(b.added))
	for _, i := range docs {
		for _, tw := range b.docs[i].terms {
			if id := tw >> 8; b.dirty[id] {
				adds[id] = append(adds[id], posting{uint32(i), tw & 0xff})
			}
		}
	}
	return func(id uint32) []posting {
		if !b.dirty[id] {
			return nil
		}
		var old []posting
		if int(id) < len(b.lastTo) && b.lastTo[id] > b.lastFrom[id] { // else new to the index
			old = readPostings(b.last[b.lastFrom[id]:b.lastTo[id]])
		}
		post := make([]posting, 0, b.count[id])
		add := adds[id]
		for _, p := range old {
			if b.added[int(p.doc)] {
				continue
			}
			for len(add) > 0 && add[0].doc < p.doc {
				post, add = append(post, add[0]), add[1:]
			}
			post = append(post, p)
		}
		return append(post, add...)
	}
}

// readPostings reads a term's postings as JSON wrote them: [d,w,d,w,...],
// each d the difference from the last.
func readPostings(js []byte) []posting {
	var post []posting
	doc, n, half := uint32(0), uint32(0), false
	for _, c := range js[1:] {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + uint32(c-'0')
		case c == ',' || c == ']':
			if half {
				post = append(post, posting{doc, n})
			} else {
				doc += n
			}
			n, half = 0, !half
		}
	}
	return post
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
