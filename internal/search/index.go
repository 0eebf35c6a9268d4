// Package search builds the site's full-text search index at build time.
// The render stage publishes it under search/, and the reader's browser
// fetches of it only what a query needs (templates/assets/site.js holds the
// query side), so that a first search on a site of 10,000 pages costs tens
// of kilobytes rather than megabytes.
//
// The index is a small manifest at a fixed address, search/index.json,
// revalidated by the browser, and fragments whose names carry a hash of
// their content (search/t.<hash>.json), which a host may let browsers
// cache for ever:
//
//	{
//	  "v": 2,
//	  "stop": ["a", "the", ...],   words left out of the index (and of queries)
//	  "n": 11000,                  the number of documents
//	  "kinds": [["n", 10000], ["s", 1000]],   the documents' kinds, run-length coded in document order
//	  "terms": [["", hash], ["budget", hash], ...],   term fragments: the first term of each, sorted
//	  "block": 16,                 documents to a directory fragment
//	  "docs": [hash, ...],         directory fragments, each of Block documents
//	  "tags": [["nato", hash, 12], ...]   a fragment per tag, with its number of documents
//	}
//
// A term fragment t.<hash>.json holds the terms from its first term up to
// the next fragment's first term, sorted, so that a prefix is a range of
// fragments: {"t": ["bucharest", "budapest", ...], "p": [postings, ...]}.
// A term's postings are a string of base-64 digits (see Alphabet) read as
// variable-length numbers, five bits to a digit, low bits first, the sixth
// bit set on all but a number's last digit: pairs of a document number's
// difference from the one before (the first is absolute) and the term's
// weight there, 1 to 31. The weight is the term-frequency part of BM25F
// (see Weight), quantised: the script multiplies it by the term's rarity
// (idf, from the number of postings), so that a rare word counts more.
//
// A directory fragment d.<hash>.json lists Block documents in document
// order, each with what a result shows at once, and the hash of its page
// fragment: {"p": hash, "u": url, "t": title, "k": kind, "s": summary}
// (null for a number no document has). Document d is in the directory
// fragment docs[d / block] of the manifest, so that a query's results are
// one fetch after its term fragments; the script shows them as they are,
// and then the snippets from their page fragments. A page fragment
// p.<hash>.json holds the text: {"u": url, "t": title, "k": kind, "s":
// summary, "g": [tag, ...], "h": [[heading-id, heading, text], ...]} (the
// first section, before any heading, has an empty id and heading). A
// tag fragment g.<hash>.json is the numbers of the documents with the tag,
// coded as postings' document numbers are, without weights.
//
// Terms are made by Terms: lower case, without diacritics, split at every
// character that is not a letter or a digit. The script must normalise a
// query the same way; the two are tested against each other by the browser
// tests.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"hash/maphash"
	"iter"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/dossier-site/dossier/internal/packed"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Version is the format version written as "v".
const Version = 3

// Field weights: how much one occurrence of a term counts in each field,
// against an occurrence in the body of a page of average length.
const (
	WeightTitle   = 8
	WeightHeading = 4
	WeightName    = 4
	WeightSummary = 2
)

// BM25 parameters: k1 sets how fast more occurrences stop counting, b how
// much a long page's occurrences are discounted.
const (
	K1 = 1.2
	B  = 0.75
)

// MaxWeight is the largest weight of a posting.
const MaxWeight = 31

// Block is the number of documents in a directory fragment: the ten
// results of a query are in up to ten of them, so that a smaller Block makes
// a first answer cost fewer bytes, and the manifest, which lists them, more.
const Block = 16

// Fragmenting: a term fragment ends before a term whose hash is 0 modulo
// fragTerms (so that where fragments end depends on the terms alone, and an
// edit that changes a few terms' postings rewrites only their fragments),
// around a term held by bigDF documents or more (whose postings alone are
// a fragment's worth), and when it holds maxPostings postings.
const (
	fragTerms   = 64
	bigDF       = 1500
	maxPostings = 6000
)

// Kinds of documents.
const (
	KindNote   = "n"
	KindSource = "s"
	KindPage   = "p" // a standalone page
	KindFolder = "f" // a folder of notes' index page
)

// Section is a part of a document: the text before its first heading (ID
// and Heading empty), or a heading and the text up to the next.
type Section struct {
	ID      string
	Heading string
	Text    string
}

// Doc is one page to index.
type Doc struct {
	URL      string
	Title    string
	Kind     string // KindNote, KindSource, KindPage or KindFolder
	Summary  string
	Tags     []string // filtered on; also indexed as names
	Names    []string // the outlet and author of a source
	Sections []Section
}

// maxText caps the text a page fragment holds for snippets, so that a very
// long page does not make a result cost much; the whole text is indexed.
const maxText = 20000

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

// File is a file of the index, named relative to the folder search/.
type File struct {
	Name string
	Data []byte
	// Packed says that the file is compressed with s2 (a page fragment of
	// a Builder with Pack): in Data, or in the Builder's temporary file
	// (Stored, and Data is nil). Plain gives it.
	Packed bool
	Stored packed.Ref
}

// Plain returns the file's bytes, uncompressed.
func (f File) Plain() ([]byte, error) { return packed.Plain(f.Data, f.Packed, f.Stored) }

// size returns the length of the file's bytes, uncompressed.
func (f File) size() int {
	if f.Stored.Valid() {
		return f.Stored.PlainLen()
	}
	if !f.Packed {
		return len(f.Data)
	}
	return packed.Len(f.Data)
}

// ManifestName is the manifest's name.
const ManifestName = "index.json"

// Builder builds an index a document at a time, keeping of each document
// only what the index holds (its page fragment and weighted terms) and not
// its text, so that a build need not hold the text of every page at once.
// Add may be called for several documents at once.
//
// A Builder with Keep set keeps the fragments it wrote, and writes again
// only those that an Add since has changed: the preview adds again only the
// pages an edit changed, and an edit to a page's text changes a few terms'
// postings. Without Keep, Files may be called once: it lets go of what it
// wrote, which a full build need not hold while it renders the pages.
type Builder struct {
	// Keep says that Files keeps what it wrote for the next Files.
	Keep bool
	// Pack, with Keep, keeps the page fragments (the pages' text, for
	// snippets: 46 MB at 10,000 notes) compressed with s2, a third of
	// their size, in a temporary file (or in memory when none can be
	// written), and Files gives them so (File.Packed, File.Stored).
	Pack bool
	// Emit, when not nil (and Keep unset), is given each page fragment as
	// Add makes it, once for each name, from Add's goroutine; Files then
	// leaves them out. A full build that writes into a folder writes them
	// while it parses rather than holding every page's text to the end of
	// parse (about 40 MB at 10,000 notes).
	Emit func(File)

	stop []string
	skip map[string]bool
	docs []builtDoc // by number

	mu    sync.Mutex
	ids   map[string]uint32 // term -> its number in terms
	terms []string
	count []int  // by term: the documents that hold it
	dirty []bool // by term: its postings must be written again
	// order lists the terms that some document held at the last write,
	// sorted; moved lists the terms that have come into the index or left
	// it since (with duplicates).
	order []uint32
	moved []uint32
	enc   [][]byte // by term: its postings as last written
	pivot float64  // the length the weights were last made for (see pivotFor)
	frags map[fragKey]File
	dirs  map[int]dirBlock // by block number
	added map[int]bool     // the documents added since the last write
	// emitted names the page fragments given to Emit, and emittedBytes
	// counts their bytes, for Stats.
	emitted      map[string]bool
	emittedBytes int

	pending chan []File // see Begin
	last    []File      // the files of the last write
	stats   Stats

	// With Keep, what an edit seldom changes, kept from the last write:
	// the tag fragments and the kinds, made again only when a document's
	// tags or kind changed (tagsDirty); and the page fragments, sorted by
	// name, each held by pageRefs documents, patched with the names that
	// Adds gave or took (pageTouched, with the new fragment or none).
	tagsDirty bool
	tagFiles  []File
	tagList   [][3]any
	kinds     [][2]any
	// tagDocs are the documents that carry each tag, in order, and
	// tagFile each tag's fragment, as the last write made them; retagged
	// are the documents whose tags changed since, in the order of their
	// Adds, and rekinded says that a document's kind did (see
	// retagFragments).
	tagDocs     map[string][]int
	tagFile     map[string]File
	retagged    []retag
	rekinded    bool
	pages       []File
	pageRefs    map[string]int
	pageTouched map[string]File

	// store holds the page fragments of a Builder with Pack (see pack and
	// moveFragments); noStore says that none could be made.
	store   *packed.Store
	noStore bool
	// minGarbage is this Builder's threshold for moveFragments: see
	// defaultMinGarbage. A field, not the package's variable, so that a
	// write begun in the background (Begin) reads it under b.mu.
	minGarbage int64

	spent atomic.Int64 // nanoseconds; see Spent
}

// defaultMinGarbage is how much of a Builder's store must be page fragments no
// longer held (and more than half of it) before those still held are
// copied to a new one, and the old one let go (see moveFragments). At
// 10,000 notes they take about 30 MB packed; an edit to a note's text
// writes its fragment again (2 KB).
const defaultMinGarbage = 16 << 20

// pack returns a page fragment packed, in the Builder's store when it can
// be written there.
func (b *Builder) pack(f File) File {
	b.mu.Lock()
	if b.store == nil && !b.noStore {
		var err error
		b.store, err = packed.NewStore("dossier-search")
		b.noStore = err != nil
	}
	store := b.store
	b.mu.Unlock()
	if store != nil {
		if ref, err := store.Put(f.Data); err == nil {
			return File{Name: f.Name, Packed: true, Stored: ref}
		}
	}
	return File{Name: f.Name, Data: packed.Pack(f.Data), Packed: true}
}

// moveFragments copies the page fragments still held to a new store, once
// most of the Builder's store is fragments no longer held: the files of
// the last write keep the old store readable while they are served. The
// caller holds b.mu.
func (b *Builder) moveFragments() {
	if b.store == nil {
		return
	}
	pages := func(yield func(packed.Ref) bool) {
		for _, d := range b.docs {
			if !yield(d.page.Stored) {
				return
			}
		}
	}
	var moved bool
	b.store, moved = packed.Renew(b.store, "dossier-search", b.minGarbage, pages, func(fresh *packed.Store) {
		held := map[string]packed.Ref{} // one copy of each fragment
		for _, d := range b.docs {
			if r := d.page.Stored; r.Store() == b.store {
				if _, ok := held[d.page.Name]; !ok {
					if moved, err := r.CopyTo(fresh); err == nil {
						held[d.page.Name] = moved
					}
				}
			}
		}
		move := func(f *File) {
			if r, ok := held[f.Name]; ok && f.Stored.Valid() {
				f.Stored = r
			}
		}
		for i := range b.docs {
			move(&b.docs[i].page)
		}
		for i := range b.pages {
			move(&b.pages[i])
		}
		for name, f := range b.pageTouched {
			move(&f)
			b.pageTouched[name] = f
		}
	})
	if moved {
		b.stats.Moved++
	}
}

// Stats tell how much of the index the last write made afresh.
type Stats struct {
	Files     int // files in the index
	Rewritten int // files the last write made afresh: those with new names, and the manifest when it changed
	Bytes     int // bytes in all files
	Terms     int // terms indexed
	// Moved counts the times the page fragments still held were copied to
	// a new store (see Builder.Pack), leaving those no longer held behind.
	Moved int
}

type fragKey struct {
	first, last uint32 // term numbers
	n           int
}

type dirBlock struct {
	file File
	docs []string // the page fragments' hashes
}

// Spent returns the CPU time spent indexing so far (on Linux; elsewhere
// the time that passed), summed over goroutines: in AddPage (making a
// page's document from its syntax tree, and Add) and in writing the index.
// The build reports it (build.Stats.Index), so that the index's share of a
// build can be measured.
func (b *Builder) Spent() time.Duration { return time.Duration(b.spent.Load()) }

// Stats returns the figures of the last write.
func (b *Builder) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stats
}

type builtDoc struct {
	page  File   // its page fragment
	entry []byte // its entry in its directory fragment
	hash  string
	kind  string
	tags  []string
	terms termStats
	len   int    // terms in its body
	sum   uint64 // of the Doc it was made from (see docSum); 0 for none
}

// termStat is what a document holds of a term: its weighted occurrences in
// the short fields (boost) and its occurrences in the body (tf), each at
// most 255.
type termStat struct {
	id        uint32
	boost, tf uint8
}

// termStats are a document's terms, packed from the first id to the last:
// for each, its id less the one before as a uvarint, then its boost and tf.
// A term takes 3 or 4 bytes rather than the 8 of a termStat, and every
// document's are held from the page's indexing to the index's writing, the
// busiest moment of a full build: at 10,000 notes they were 14 MB of its
// largest live heap.
type termStats []byte

// packTerms appends ts, sorted by id in place, to dst.
func packTerms(dst termStats, ts []termStat) termStats {
	slices.SortFunc(ts, func(a, b termStat) int { return cmp.Compare(a.id, b.id) })
	prev := uint32(0)
	for _, t := range ts {
		dst = binary.AppendUvarint(dst, uint64(t.id-prev))
		dst = append(dst, t.boost, t.tf)
		prev = t.id
	}
	return dst
}

// all yields the terms packTerms packed, by id.
func (p termStats) all() iter.Seq[termStat] {
	return func(yield func(termStat) bool) {
		id := uint32(0)
		for i := 0; i+2 < len(p); {
			d, n := binary.Uvarint(p[i:])
			if n <= 0 || i+n+2 > len(p) {
				return // not what packTerms wrote
			}
			id += uint32(d)
			i += n
			if !yield(termStat{id, p[i], p[i+1]}) {
				return
			}
			i += 2
		}
	}
}

// docSum fingerprints a Doc, so that Add can tell a document added again
// unchanged without splitting its text into terms: the preview adds every
// page again after a front-matter edit, which changes a few (BenchmarkAdd).
func docSum(d Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(docSeed)
	for _, s := range []string{d.URL, d.Title, d.Kind, d.Summary} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, s := range d.Sections {
		h.WriteString(s.ID)
		h.WriteByte(0)
		h.WriteString(s.Heading)
		h.WriteByte(0)
		h.WriteString(s.Text)
		h.WriteByte(0)
	}
	for _, list := range [][]string{d.Tags, d.Names} {
		h.WriteByte(1)
		for _, n := range list {
			h.WriteString(n)
			h.WriteByte(0)
		}
	}
	return h.Sum64() | 1 // never 0
}

var docSeed = maphash.MakeSeed()

// NewBuilder returns a Builder for n documents, numbered 0 to n-1. stop is
// as for Build.
func NewBuilder(n int, stop []string) *Builder {
	b := &Builder{stop: stop, skip: make(map[string]bool, len(stop)), docs: make([]builtDoc, n), ids: map[string]uint32{},
		frags: map[fragKey]File{}, dirs: map[int]dirBlock{}, added: map[int]bool{}, pivot: 1,
		minGarbage: defaultMinGarbage}
	for _, w := range stop {
		b.skip[w] = true
	}
	return b
}

// Weight is a term's weight in a document: the term-frequency part of
// BM25F, with boost the term's weighted occurrences in the title, headings,
// names and summary, tf its occurrences in the body, length the body's
// terms and pivot the length of an average body, quantised to 1 to
// MaxWeight.
func Weight(boost, tf, length int, pivot float64) int {
	x := float64(boost) + float64(tf)/(1-B+B*float64(length)/pivot)
	s := x * (K1 + 1) / (x + K1) / (K1 + 1) // 0 to 1
	return min(max(int(math.Ceil(s*MaxWeight)), 1), MaxWeight)
}

// pivotFor is the length that weights are made for: the average body's,
// rounded to a quarter power of two, so that an edit seldom changes it
// (and with it every weight).
func pivotFor(total, n int) float64 {
	if n == 0 || total == 0 {
		return 1
	}
	return math.Exp2(math.Round(4*math.Log2(float64(total)/float64(n))) / 4)
}

// termCount is a term's weight in one page: its boost from the title,
// headings, names and summary, and its count in the text.
type termCount struct{ boost, tf int }

// counter is what Add counts a page's terms with: its terms' weights,
// and the terms of one of its texts.
type counter struct {
	stats  map[string]termCount
	terms  []termStat // the page's, by id, before packTerms
	packed termStats  // packTerms's, before the page's are copied
	buf    []string
	lower  []byte // the page's ASCII texts lower-cased (see lowerASCII)
}

// lowerASCII returns ASCII text lower-cased, written after the page's
// other lower-cased texts in c.lower: the terms of each are the stats'
// keys until the page is counted, so none is written over before then.
// strings.ToLower made a string of each (48 MB of a 10,000-note full
// build's allocation). Text that is not ASCII, or has no upper case, is
// returned as it is.
func (c *counter) lowerASCII(text string) string {
	upper := false
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch >= utf8.RuneSelf {
			return text
		}
		upper = upper || 'A' <= ch && ch <= 'Z'
	}
	if !upper {
		return text
	}
	if cap(c.lower)-len(c.lower) < len(text) {
		// A new array: the texts lower-cased before stay in the old one,
		// which their terms keep.
		c.lower = make([]byte, 0, max(2*cap(c.lower), len(text), 4096))
	}
	start := len(c.lower)
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		c.lower = append(c.lower, ch)
	}
	return unsafe.String(unsafe.SliceData(c.lower[start:]), len(text))
}

// maxPooledTerms is the most distinct terms of a page whose counter goes
// back to the pool.
const maxPooledTerms = 4096

// counters are Add's counters, reused.
var counters = sync.Pool{New: func() any { return &counter{stats: make(map[string]termCount, 1024)} }}

// Add indexes d as document number i, in place of what was added as i
// before. It is safe to call for several documents at once, each with its
// own number. Without Keep, it may not be called once Files has been.
func (b *Builder) Add(i int, d Doc) {
	sum := docSum(d)
	b.mu.Lock()
	if b.docs == nil {
		b.mu.Unlock()
		panic("search: Add called after Files on a Builder without Keep")
	}
	same := b.docs[i].sum == sum
	b.mu.Unlock()
	if same {
		return // added before as it is
	}
	// The map and the list are the pool's, grown by the pages before:
	// growing the map term by term was a sixth of indexing
	// (BenchmarkIndexShare), and a map made to size for each page was
	// 150 MB of a 10,000-note full build's allocation, the lists 90 MB.
	c := counters.Get().(*counter)
	defer func() {
		if len(c.stats) > maxPooledTerms || cap(c.buf) > 4*maxPooledTerms || cap(c.lower) > 64*maxPooledTerms ||
			cap(c.terms) > maxPooledTerms || cap(c.packed) > 8*maxPooledTerms {
			// A map grown by a very long page is let go: clearing it
			// would cost every page after it as much as that page.
			return
		}
		clear(c.stats)
		clear(c.buf[:cap(c.buf)]) // not holding the page's text
		c.buf, c.lower = c.buf[:0], c.lower[:0]
		counters.Put(c)
	}()
	stats := c.stats
	length := 0
	buf := &c.buf // one text's terms
	add := func(text string, w int) {
		*buf = appendTerms((*buf)[:0], c.lowerASCII(text))
		for _, t := range *buf {
			if w == 0 {
				length++
			}
			if b.skip[t] {
				continue
			}
			s := stats[t]
			if w == 0 {
				s.tf = min(s.tf+1, 255)
			} else {
				s.boost = min(s.boost+w, 255)
			}
			stats[t] = s
		}
	}
	add(d.Title, WeightTitle)
	for _, s := range d.Sections {
		add(s.Heading, WeightHeading)
		add(s.Text, 0)
	}
	for _, n := range d.Tags {
		add(n, WeightName)
	}
	for _, n := range d.Names {
		add(n, WeightName)
	}
	add(d.Summary, WeightSummary)

	page := pageFragment(d)
	hash := contentHash(page)
	frag := File{Name: "p." + hash + ".json", Data: page}
	if b.Keep && b.Pack {
		frag = b.pack(frag)
	}
	bd := builtDoc{page: frag, entry: dirEntry(hash, d), hash: hash, kind: d.Kind, tags: slices.Clone(d.Tags),
		len: length, sum: sum}
	if b.Emit != nil && !b.Keep {
		b.mu.Lock()
		first := !b.emitted[bd.page.Name]
		if first {
			if b.emitted == nil {
				b.emitted = map[string]bool{}
			}
			b.emitted[bd.page.Name] = true
			b.emittedBytes += len(page)
		}
		b.mu.Unlock()
		if first {
			b.Emit(bd.page)
		}
		bd.page.Data = nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if r := frag.Stored; r.Valid() && b.store != nil && r.Store() != b.store {
		// A write moved the fragments to a new store (moveFragments)
		// while this one was packed into the old: left there, it would
		// keep the old store, most of it garbage, until this document
		// is edited again.
		if moved, err := r.CopyTo(b.store); err == nil {
			bd.page.Stored = moved
		}
	}
	b.pending = nil // out of date
	old := b.docs[i]
	// A term whose weight in the document is the same as before keeps
	// its postings: an edit to one sentence changes only a few terms'.
	before := make(map[uint32]termStat, len(old.terms)/3)
	for ts := range old.terms.all() {
		before[ts.id] = ts
	}
	c.terms = c.terms[:0]
	for t, s := range stats {
		id, ok := b.ids[t]
		if !ok {
			id = uint32(len(b.terms))
			t = strings.Clone(t) // not a piece of the page's text
			b.ids[t] = id
			b.terms = append(b.terms, t)
			b.count = append(b.count, 0)
			b.dirty = append(b.dirty, false)
			b.enc = append(b.enc, nil)
		}
		c.terms = append(c.terms, termStat{id, uint8(s.boost), uint8(s.tf)})
		if was, held := before[id]; !held {
			b.held(id, 1)
		} else if Weight(int(was.boost), int(was.tf), old.len, b.pivot) != Weight(s.boost, s.tf, length, b.pivot) {
			b.dirty[id] = true
		}
		delete(before, id)
	}
	for id := range before {
		b.held(id, -1) // no longer in the document
	}
	c.packed = packTerms(c.packed[:0], c.terms)
	bd.terms = slices.Clone(c.packed) // of its own size
	if b.Keep {
		if !slices.Equal(old.tags, bd.tags) || old.kind != bd.kind {
			b.tagsDirty = true
			if old.kind != bd.kind {
				b.rekinded = true
			} else {
				b.retagged = append(b.retagged, retag{i, old.tags, bd.tags})
			}
		}
		if b.pageRefs == nil {
			b.pageRefs, b.pageTouched = map[string]int{}, map[string]File{}
		}
		if old.hash != "" {
			b.pageRefs[old.page.Name]--
			if _, ok := b.pageTouched[old.page.Name]; !ok {
				b.pageTouched[old.page.Name] = File{}
			}
		}
		if bd.hash != "" {
			b.pageRefs[bd.page.Name]++
			b.pageTouched[bd.page.Name] = bd.page
		}
	}
	b.docs[i] = bd
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

// dirEntry is what a result shows of d at once, in its directory fragment,
// as JSON: hash names its page fragment.
func dirEntry(hash string, d Doc) []byte {
	out := make([]byte, 0, len(hash)+len(d.URL)+len(d.Title)+len(d.Summary)+40)
	out = append(out, `{"p":`...)
	out = appendString(out, hash)
	out = append(out, `,"u":`...)
	out = appendString(out, d.URL)
	out = append(out, `,"t":`...)
	out = appendString(out, d.Title)
	out = append(out, `,"k":`...)
	out = appendString(out, d.Kind)
	out = append(out, `,"s":`...)
	out = appendString(out, d.Summary)
	return append(out, '}')
}

// pageFragment is what a result shows of d, as JSON.
func pageFragment(d Doc) []byte {
	n := len(d.URL) + len(d.Title) + len(d.Summary) + 64
	for _, s := range d.Sections {
		n += len(s.ID) + len(s.Heading) + len(s.Text) + 16
	}
	out := make([]byte, 0, min(n, maxText+4096))
	out = append(out, `{"u":`...)
	out = appendString(out, d.URL)
	out = append(out, `,"t":`...)
	out = appendString(out, d.Title)
	out = append(out, `,"k":`...)
	out = appendString(out, d.Kind)
	out = append(out, `,"s":`...)
	out = appendString(out, d.Summary)
	out = append(out, `,"g":[`...)
	for i, t := range d.Tags {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, t)
	}
	out = append(out, `],"h":[`...)
	left, first := maxText, true
	for _, s := range d.Sections {
		text := s.Text
		if len(text) > left {
			text = cut(text, left)
		}
		left -= len(text)
		if s.ID == "" && s.Heading == "" && text == "" {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, '[')
		out = appendString(out, s.ID)
		out = append(out, ',')
		out = appendString(out, s.Heading)
		out = append(out, ',')
		out = appendString(out, text)
		out = append(out, ']')
	}
	return append(out, "]}\n"...)
}

// appendString appends s as a JSON string. It escapes what JSON requires
// and U+2028 and U+2029 (which older JavaScript does not allow in a
// string), and replaces invalid UTF-8 with U+FFFD, as encoding/json does;
// it is written out because the page fragments hold the text of every page
// and encoding/json took a large part of writing the index.
func appendString(out []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			out = append(out, s[start:i]...)
			switch c {
			case '"', '\\':
				out = append(out, '\\', c)
			case '\n':
				out = append(out, '\\', 'n')
			case '\t':
				out = append(out, '\\', 't')
			case '\r':
				out = append(out, '\\', 'r')
			default:
				out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, s[start:i]...)
			out = append(out, "\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			out = append(out, s[start:i]...)
			out = append(out, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}

// cut shortens text to at most n bytes, at a space where there is one.
func cut(text string, n int) string {
	if n <= 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	text = text[:n]
	if sp := strings.LastIndexByte(text, ' '); sp > n/2 {
		text = text[:sp]
	}
	return text
}

// contentHash names a fragment: the first ten hex digits of its SHA-256.
func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:5])
}

// sortTerms brings order up to date: sorted afresh when many terms moved
// (the first write), else by taking out and putting in the few that did,
// which an edit in the preview does.
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

// Begin starts writing the index in the background, for the next Files to
// return, so that a caller with other work to do meanwhile need not wait
// for it. An Add after Begin makes Files write the index again.
func (b *Builder) Begin() {
	ch := make(chan []File, 1)
	b.mu.Lock()
	b.pending = ch
	b.mu.Unlock()
	go func() { ch <- b.write() }()
}

// Files returns the index's files, sorted by name. The caller must not
// change them.
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

// write makes the index: see Files.
func (b *Builder) write() []File {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer func(start time.Duration) { b.spent.Add(int64(cpuNow() - start)) }(cpuNow())
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.frags == nil {
		panic("search: Files called again on a Builder without Keep")
	}
	if b.last != nil && len(b.added) == 0 {
		b.stats.Rewritten = 0
		return b.last
	}
	b.moveFragments()
	total := 0
	for _, d := range b.docs {
		total += d.len
	}
	if p := pivotFor(total, len(b.docs)); p != b.pivot {
		b.pivot = p
		for id := range b.dirty {
			b.dirty[id] = true // every weight changes
		}
	}
	b.sortTerms()
	b.encodeDirty()

	var files []File
	// Term fragments.
	var firsts []string
	var hashes []string
	frags := make(map[fragKey]File, len(b.frags))
	start, postings := 0, 0
	flush := func(end int) {
		if end == start {
			return
		}
		key := fragKey{b.order[start], b.order[end-1], end - start}
		f, ok := b.frags[key]
		if ok {
			for _, id := range b.order[start:end] {
				if b.dirty[id] {
					ok = false
					break
				}
			}
		}
		if !ok {
			f = b.termFragment(b.order[start:end])
		}
		frags[key] = f
		files = append(files, f)
		first := b.terms[b.order[start]]
		if start == 0 {
			first = ""
		}
		firsts = append(firsts, first)
		hashes = append(hashes, hashOf(f.Name))
		start, postings = end, 0
	}
	for r, id := range b.order {
		df := b.count[id]
		if r > start && (cutBefore(b.terms[id]) || df >= bigDF || b.count[b.order[r-1]] >= bigDF || postings+df > maxPostings) {
			flush(r)
		}
		postings += df
	}
	flush(len(b.order))
	b.frags = frags
	clear(b.dirty)

	// Page and directory fragments.
	var dirs []string
	for blk := 0; blk*Block < len(b.docs); blk++ {
		docs := b.docs[blk*Block : min((blk+1)*Block, len(b.docs))]
		d, ok := b.dirs[blk]
		if ok && len(d.docs) == len(docs) {
			for j, doc := range docs {
				if d.docs[j] != doc.hash {
					ok = false
					break
				}
			}
		} else {
			ok = false
		}
		if !ok {
			d.docs = make([]string, len(docs))
			for j, doc := range docs {
				d.docs[j] = doc.hash
			}
			var buf bytes.Buffer
			buf.WriteByte('[')
			for j, doc := range docs {
				if j > 0 {
					buf.WriteByte(',')
				}
				if doc.entry == nil {
					buf.WriteString("null")
				} else {
					buf.Write(doc.entry)
				}
			}
			buf.WriteString("]\n")
			d.file = File{Name: "d." + contentHash(buf.Bytes()) + ".json", Data: buf.Bytes()}
			b.dirs[blk] = d
		}
		files = append(files, d.file)
		dirs = append(dirs, hashOf(d.file.Name))
		if b.Keep {
			continue // the pages are kept sorted: see sortedPages
		}
		for _, doc := range docs {
			if doc.hash != "" && !b.emitted[doc.page.Name] {
				files = append(files, doc.page)
			}
		}
	}
	for blk := range b.dirs {
		if blk*Block >= len(b.docs) {
			delete(b.dirs, blk)
		}
	}

	// Tag fragments, and the kinds.
	if b.last == nil || b.tagsDirty || !b.Keep {
		if b.Keep && b.last != nil && !b.rekinded && b.tagDocs != nil {
			b.tagFiles, b.tagList = b.retagFragments()
		} else {
			b.tagFiles, b.tagList, b.kinds = b.tagFragments()
		}
		b.tagsDirty, b.rekinded, b.retagged = false, false, b.retagged[:0]
	}
	files = append(files, b.tagFiles...)
	kinds, tags := b.kinds, b.tagList

	// The manifest.
	terms := make([][2]string, len(firsts))
	for i := range firsts {
		terms[i] = [2]string{firsts[i], hashes[i]}
	}
	var buf bytes.Buffer
	buf.WriteString(`{"v":`)
	buf.WriteString(strconv.Itoa(Version))
	buf.WriteString(`,"stop":`)
	writeJSON(&buf, nonNil(b.stop))
	buf.WriteString(`,"n":`)
	buf.WriteString(strconv.Itoa(len(b.docs)))
	buf.WriteString(`,"block":`)
	buf.WriteString(strconv.Itoa(Block))
	buf.WriteString(`,"kinds":`)
	writeJSON(&buf, nonNil(kinds))
	buf.WriteString(`,"terms":`)
	writeJSON(&buf, nonNil(terms))
	buf.WriteString(`,"docs":`)
	writeJSON(&buf, nonNil(dirs))
	buf.WriteString(`,"tags":`)
	writeJSON(&buf, nonNil(tags))
	buf.WriteString("}\n")
	files = append(files, File{Name: ManifestName, Data: buf.Bytes()})

	slices.SortFunc(files, func(x, y File) int { return strings.Compare(x.Name, y.Name) })
	if b.Keep {
		files = mergeFiles(files, b.sortedPages())
	}
	files = slices.CompactFunc(files, func(x, y File) bool { return x.Name == y.Name }) // pages alike
	st := Stats{Files: len(files) + len(b.emitted), Rewritten: len(b.emitted), Bytes: b.emittedBytes, Terms: len(b.order), Moved: b.stats.Moved}
	last := b.last // sorted by name, as files are: walked beside them
	for _, f := range files {
		st.Bytes += f.size()
		for len(last) > 0 && last[0].Name < f.Name {
			last = last[1:]
		}
		if len(last) == 0 || last[0].Name != f.Name || f.Name == ManifestName && !bytes.Equal(last[0].Data, f.Data) {
			st.Rewritten++
		}
	}
	b.stats = st
	clear(b.added)
	if b.Keep {
		b.last = files
	} else {
		// Files may not be called again: let go of all but the Stats,
		// which a full build otherwise holds while it renders the pages
		// (the terms and each document's weights: 15 MB at 10,000 notes).
		b.frags, b.dirs, b.enc = nil, nil, nil
		b.docs, b.ids, b.terms, b.count, b.dirty, b.order, b.moved = nil, nil, nil, nil, nil, nil, nil
	}
	return files
}

// tagFragments makes a fragment for each tag, listing the documents that
// carry it, and counts the documents of each kind, in document order. With
// Keep, it keeps the lists and the fragments for retagFragments.
func (b *Builder) tagFragments() (files []File, tags [][3]any, kinds [][2]any) {
	tagDocs := map[string][]int{}
	for i, d := range b.docs {
		for _, t := range d.tags {
			if l := tagDocs[t]; len(l) == 0 || l[len(l)-1] != i {
				tagDocs[t] = append(l, i)
			}
		}
		if n := len(kinds); n > 0 && kinds[n-1][0] == d.kind {
			kinds[n-1][1] = kinds[n-1][1].(int) + 1
		} else {
			kinds = append(kinds, [2]any{d.kind, 1})
		}
	}
	var tagFile map[string]File
	if b.Keep {
		tagFile = make(map[string]File, len(tagDocs))
	}
	for _, t := range slices.Sorted(mapKeys(tagDocs)) {
		f := tagFragment(tagDocs[t])
		files = append(files, f)
		tags = append(tags, [3]any{t, hashOf(f.Name), len(tagDocs[t])})
		if tagFile != nil {
			tagFile[t] = f
		}
	}
	if b.Keep {
		b.tagDocs, b.tagFile = tagDocs, tagFile
	}
	return files, tags, kinds
}

// retag is a document whose tags changed, and its tags before and after.
type retag struct {
	doc           int
	before, after []string
}

// retagFragments is tagFragments after Adds that changed documents' tags
// but not their kinds (retagged), with Keep: each changed document is
// taken out of the lists of the tags it no longer carries and put into
// those of the tags it now carries, and only those tags' fragments are
// made again; the kinds are the same. Looking at every document's tags
// again took 5 ms of each tag edit's CPU in the preview at 10,000 notes.
func (b *Builder) retagFragments() (files []File, tags [][3]any) {
	changed := map[string]bool{} // the tags whose lists changed
	for _, r := range b.retagged {
		for _, t := range r.before {
			l := b.tagDocs[t]
			if at, found := slices.BinarySearch(l, r.doc); found && !slices.Contains(r.after, t) {
				changed[t] = true
				if l = slices.Delete(l, at, at+1); len(l) == 0 {
					delete(b.tagDocs, t)
				} else {
					b.tagDocs[t] = l
				}
			}
		}
		for _, t := range r.after {
			l := b.tagDocs[t]
			if at, found := slices.BinarySearch(l, r.doc); !found {
				changed[t] = true
				b.tagDocs[t] = slices.Insert(l, at, r.doc)
			}
		}
	}
	for t := range changed {
		if l, ok := b.tagDocs[t]; ok {
			b.tagFile[t] = tagFragment(l)
		} else {
			delete(b.tagFile, t)
		}
	}
	for _, t := range slices.Sorted(mapKeys(b.tagDocs)) {
		f := b.tagFile[t]
		files = append(files, f)
		tags = append(tags, [3]any{t, hashOf(f.Name), len(b.tagDocs[t])})
	}
	return files, tags
}

// tagFragment is the fragment of a tag carried by the documents docs, in
// order.
func tagFragment(docs []int) File {
	var enc []byte
	prev := 0
	for _, d := range docs {
		enc = appendNum(enc, d-prev)
		prev = d
	}
	data := append(append([]byte{'"'}, enc...), '"', '\n')
	return File{Name: "g." + contentHash(data) + ".json", Data: data}
}

// sortedPages returns the page fragments of a Builder with Keep, one for
// each name, sorted: the last write's, patched with the names Adds gave
// and took since, or when most changed (the first write) made afresh.
// Sorting every page's fragment with the rest took 4 ms of every preview
// rebuild at 10,000 notes.
func (b *Builder) sortedPages() []File {
	if b.pages == nil || len(b.pageTouched) > len(b.pages)/16 {
		b.pages = b.pages[:0]
		if b.pageRefs == nil {
			b.pageRefs, b.pageTouched = map[string]int{}, map[string]File{}
		}
		clear(b.pageRefs)
		for _, d := range b.docs {
			if d.hash != "" {
				b.pages = append(b.pages, d.page)
				b.pageRefs[d.page.Name]++
			}
		}
		slices.SortFunc(b.pages, func(x, y File) int { return strings.Compare(x.Name, y.Name) })
		b.pages = slices.CompactFunc(b.pages, func(x, y File) bool { return x.Name == y.Name })
	} else {
		for name, f := range b.pageTouched {
			at, found := slices.BinarySearchFunc(b.pages, name, func(x File, name string) int { return strings.Compare(x.Name, name) })
			switch held := b.pageRefs[name] > 0; {
			case held && !found:
				b.pages = slices.Insert(b.pages, at, f)
			case !held && found:
				b.pages = slices.Delete(b.pages, at, at+1)
			}
		}
	}
	for name := range b.pageTouched {
		if b.pageRefs[name] == 0 {
			delete(b.pageRefs, name)
		}
	}
	clear(b.pageTouched)
	return b.pages
}

// mergeFiles merges two lists of files sorted by name into a new one.
func mergeFiles(a, b []File) []File {
	out := make([]File, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Name <= b[0].Name {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// hashOf returns the hash in a fragment's name: "t.<hash>.json".
func hashOf(name string) string { return name[2 : len(name)-5] }

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// cutBefore says whether a term fragment ends before term t, whatever the
// postings: one term in fragTerms, chosen by a hash of the term.
func cutBefore(t string) bool {
	h := fnv.New32a()
	h.Write([]byte(t))
	return h.Sum32()%fragTerms == 0
}

// termFragment writes the fragment of the terms ids, whose postings are
// encoded.
func (b *Builder) termFragment(ids []uint32) File {
	var out []byte
	out = append(out, `{"t":[`...)
	for j, id := range ids {
		if j > 0 {
			out = append(out, ',')
		}
		out = append(out, '"') // a term is letters and digits: nothing to escape
		out = append(out, b.terms[id]...)
		out = append(out, '"')
	}
	out = append(out, `],"p":[`...)
	for j, id := range ids {
		if j > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = append(out, b.enc[id]...)
		out = append(out, '"')
	}
	out = append(out, "]}\n"...)
	return File{Name: "t." + contentHash(out) + ".json", Data: out}
}

// posting is a document holding a term, with the term's weight there.
type posting struct{ doc, weight uint32 }

// encodeDirty writes the postings of the dirty terms afresh, from every
// document: one pass over the documents' terms, whose cost is far less
// than a page's rendering.
func (b *Builder) encodeDirty() {
	n := 0
	for id, d := range b.dirty {
		if d && b.count[id] > 0 {
			n++
		} else if d {
			b.enc[id] = nil
		}
	}
	if n == 0 {
		return
	}
	if n > len(b.order)/8 {
		// Most terms: lay out every term's postings in one array.
		start := make([]int, len(b.terms)+1)
		for id, c := range b.count {
			start[id+1] = start[id] + c
		}
		post := make([]posting, start[len(b.terms)])
		fill := slices.Clone(start)
		for i, d := range b.docs {
			for ts := range d.terms.all() {
				post[fill[ts.id]] = posting{uint32(i), uint32(Weight(int(ts.boost), int(ts.tf), d.len, b.pivot))}
				fill[ts.id]++
			}
		}
		for id, dirty := range b.dirty {
			if dirty && b.count[id] > 0 {
				b.enc[id] = encodePostings(b.enc[id][:0], post[start[id]:start[id+1]])
			}
		}
		return
	}
	if b.last != nil {
		b.patchDirty(n)
		return
	}
	lists := make(map[uint32][]posting, n)
	for i, d := range b.docs {
		for ts := range d.terms.all() {
			if b.dirty[ts.id] {
				lists[ts.id] = append(lists[ts.id], posting{uint32(i), uint32(Weight(int(ts.boost), int(ts.tf), d.len, b.pivot))})
			}
		}
	}
	for id, post := range lists {
		b.enc[id] = encodePostings(nil, post)
	}
}

// patchDirty writes the postings of the n dirty terms afresh after an
// edit (Keep: an index written before, for the same pivot): a dirty term's
// postings change only in the documents added since, so each keeps its
// last postings but theirs, and takes theirs from them. It reads only the
// dirty terms' postings and the added documents' terms, where a pass over
// every document's terms took 7 ms of every preview rebuild at 10,000
// notes.
func (b *Builder) patchDirty(n int) {
	added := make([]uint32, 0, len(b.added))
	for i := range b.added {
		added = append(added, uint32(i))
	}
	slices.Sort(added)
	fresh := make(map[uint32][]posting, n) // by term: the added documents' postings, by document
	for _, i := range added {
		d := &b.docs[i]
		for ts := range d.terms.all() {
			if b.dirty[ts.id] {
				fresh[ts.id] = append(fresh[ts.id], posting{i, uint32(Weight(int(ts.boost), int(ts.tf), d.len, b.pivot))})
			}
		}
	}
	var old []posting
	for id, dirty := range b.dirty {
		if !dirty || b.count[id] == 0 {
			continue
		}
		old = decodePostings(old[:0], b.enc[id])
		old = slices.DeleteFunc(old, func(p posting) bool { _, found := slices.BinarySearch(added, p.doc); return found })
		b.enc[id] = encodePostings(b.enc[id][:0], mergePostings(old, fresh[uint32(id)]))
	}
}

// decodePostings appends the postings encodePostings wrote in enc.
func decodePostings(out []posting, enc []byte) []posting {
	doc, n, shift, half := uint32(0), 0, 0, false
	for _, c := range enc {
		v := int(digitValue[c])
		n |= (v & 31) << shift
		if v&32 != 0 {
			shift += 5
			continue
		}
		if !half {
			doc += uint32(n)
		} else {
			out = append(out, posting{doc, uint32(n)})
		}
		half = !half
		n, shift = 0, 0
	}
	return out
}

// digitValue maps each byte of Alphabet to its value.
var digitValue = func() (v [256]uint8) {
	for i := range len(Alphabet) {
		v[Alphabet[i]] = uint8(i)
	}
	return v
}()

// mergePostings merges two lists of postings sorted by document, with no
// document in both, into one.
func mergePostings(a, b []posting) []posting {
	if len(b) == 0 {
		return a
	}
	out := make([]posting, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].doc < b[0].doc {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// Alphabet holds the digits of the postings' numbers, 0 to 63.
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// appendNum appends n in base-64 digits, five bits to a digit, low bits
// first, with 32 added to every digit but the last.
func appendNum(out []byte, n int) []byte {
	for n >= 32 {
		out = append(out, Alphabet[32|n&31])
		n >>= 5
	}
	return append(out, Alphabet[n])
}

func encodePostings(out []byte, post []posting) []byte {
	prev := uint32(0)
	for _, p := range post {
		out = appendNum(out, int(p.doc-prev))
		out = appendNum(out, int(p.weight))
		prev = p.doc
	}
	return out
}

// DecodeNums reads numbers written by appendNum; ok is false when s holds
// a character outside Alphabet or ends in the middle of a number.
func DecodeNums(s string) (nums []int, ok bool) {
	n, shift := 0, 0
	for i := 0; i < len(s); i++ {
		c := strings.IndexByte(Alphabet, s[i])
		if c < 0 || shift > 55 {
			return nums, false
		}
		n |= (c & 31) << shift
		if c&32 != 0 {
			shift += 5
			continue
		}
		nums = append(nums, n)
		n, shift = 0, 0
	}
	return nums, shift == 0
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
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
	return appendTerms(nil, text)
}

// appendTerms appends text's terms (see Terms) to dst.
func appendTerms(dst []string, text string) []string {
	if isASCII(text) {
		return appendASCIITerms(dst, text)
	}
	f := folders.Get().(transform.Transformer)
	folded, _, err := transform.String(f, strings.ToLower(text))
	folders.Put(f)
	if err != nil {
		folded = strings.ToLower(text)
	}
	return append(dst, strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})...)
}

// asciiTerms is Terms for ASCII text, which has no diacritics to remove:
// most text is ASCII, and the Unicode path costs three times as much
// (BenchmarkTerms).
func asciiTerms(text string) []string {
	return appendASCIITerms(make([]string, 0, len(text)/6), text)
}

// appendASCIITerms appends ASCII text's terms to terms.
func appendASCIITerms(terms []string, text string) []string {
	text = strings.ToLower(text)
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
