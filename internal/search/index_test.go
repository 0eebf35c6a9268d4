package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/dossier-site/dossier/internal/packed"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"The Budapest Memorandum (1994)", []string{"the", "budapest", "memorandum", "1994"}},
		{"Zelenskyy's  Україна", []string{"zelenskyy", "s", "украіна"}},
		{"Sybiha: «NATO-style» guarantees—Article 5", []string{"sybiha", "nato", "style", "guarantees", "article", "5"}},
		{"Ångström café naïve", []string{"angstrom", "cafe", "naive"}},
		{"ÉTAT", []string{"etat"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

var goldenDocs = []Doc{
	{URL: "/notes/budapest/", Title: "The Budapest Memorandum", Kind: KindNote,
		Summary: "What Ukraine gave up in 1994.", Tags: []string{"budapest-memorandum"},
		Sections: []Section{{Text: "Ukraine, Russia, the United Kingdom and the United States signed.\nThe memorandum gives assurances."},
			{ID: "who-signed", Heading: "Who signed", Text: "Four states signed it."}}},
	{URL: "/sources/ft/", Title: "Ukraine guarantees tied to Donbas", Kind: KindSource,
		Summary: "Relies on eight unnamed people.", Names: []string{"Financial Times"}, Sections: []Section{{Text: "Eight people familiar with the talks."}}},
	{URL: "/about/", Title: "About this site", Kind: KindPage, Sections: []Section{{Text: "Who writes the notes."}}},
}

// TestBuildGolden compares the files of a small index with
// testdata/golden/, one file each.
func TestBuildGolden(t *testing.T) {
	files := Build(goldenDocs, Stop)
	dir := filepath.Join("testdata", "golden")
	if *update {
		_ = os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Name)
		want, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			continue
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("%s differs from testdata/golden; run go test -update and review the diff\ngot:\n%s", f.Name, f.Data)
		}
	}
	if !slices.Equal(got, names) {
		t.Errorf("the index's files are %q; testdata/golden holds %q (run go test -update and review the diff)", got, names)
	}
}

// index is the decoded form of an index's files, for tests: what the
// script reads of it.
type index struct {
	V     int              `json:"v"`
	Stop  []string         `json:"stop"`
	N     int              `json:"n"`
	Block int              `json:"block"`
	Kinds [][2]any         `json:"kinds"`
	Terms [][2]string      `json:"terms"`
	Docs  []string         `json:"docs"`
	Tags  [][3]any         `json:"tags"`
	post  map[string][]int // term -> doc, weight, doc, weight, ... (absolute)
	pages []map[string]any // by document
	frag  map[string]int   // term -> the fragment that holds it
}

func decode(t *testing.T, files []File) *index {
	t.Helper()
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	var ix index
	if err := json.Unmarshal(byName[ManifestName], &ix); err != nil {
		t.Fatalf("the manifest is not valid JSON: %v", err)
	}
	ix.post, ix.frag = map[string][]int{}, map[string]int{}
	for i, tf := range ix.Terms {
		var frag struct {
			T []string `json:"t"`
			P []string `json:"p"`
		}
		if err := json.Unmarshal(byName["t."+tf[1]+".json"], &frag); err != nil {
			t.Fatalf("term fragment %s: %v", tf[1], err)
		}
		if len(frag.T) != len(frag.P) || len(frag.T) == 0 {
			t.Fatalf("term fragment %s holds %d terms and %d posting lists", tf[1], len(frag.T), len(frag.P))
		}
		if i > 0 && frag.T[0] != tf[0] {
			t.Errorf("term fragment %s begins with %q; the manifest says %q", tf[1], frag.T[0], tf[0])
		}
		if i+1 < len(ix.Terms) && frag.T[len(frag.T)-1] >= ix.Terms[i+1][0] {
			t.Errorf("term fragment %s ends with %q, not before the next fragment's first term %q", tf[1], frag.T[len(frag.T)-1], ix.Terms[i+1][0])
		}
		if !slices.IsSorted(frag.T) {
			t.Errorf("term fragment %s is not sorted: %q", tf[1], frag.T)
		}
		for j, term := range frag.T {
			nums, ok := DecodeNums(frag.P[j])
			if !ok || len(nums)%2 != 0 {
				t.Fatalf("the postings of %q do not decode: %q", term, frag.P[j])
			}
			doc := 0
			for k := 0; k < len(nums); k += 2 {
				doc += nums[k]
				nums[k] = doc
			}
			ix.post[term], ix.frag[term] = nums, i
		}
	}
	for _, h := range ix.Docs {
		var dir []map[string]any
		if err := json.Unmarshal(byName["d."+h+".json"], &dir); err != nil {
			t.Fatalf("directory fragment %s: %v", h, err)
		}
		if len(dir) > ix.Block {
			t.Errorf("directory fragment %s lists %d documents; want at most %d", h, len(dir), ix.Block)
		}
		for _, e := range dir {
			p, _ := e["p"].(string)
			var page map[string]any
			if err := json.Unmarshal(byName["p."+p+".json"], &page); err != nil {
				t.Fatalf("page fragment %s: %v", p, err)
			}
			// What the directory shows of a result is what its page
			// fragment holds.
			for _, k := range []string{"u", "t", "k", "s"} {
				if e[k] != page[k] {
					t.Errorf("directory fragment %s gives %s=%q for page %s, whose fragment has %q", h, k, e[k], p, page[k])
				}
			}
			ix.pages = append(ix.pages, page)
		}
	}
	if len(ix.pages) != ix.N {
		t.Fatalf("the directory lists %d pages; the manifest says %d", len(ix.pages), ix.N)
	}
	return &ix
}

// weights returns the postings of term: doc number -> weight.
func (ix *index) weights(term string) map[int]int {
	p, ok := ix.post[term]
	if !ok {
		return nil
	}
	out := map[int]int{}
	for j := 0; j < len(p); j += 2 {
		out[p[j]] = p[j+1]
	}
	return out
}

func TestWeight(t *testing.T) {
	tests := []struct {
		name              string
		boost, tf, length int
		pivot             float64
		want              int
	}{
		{"once in the body of an average page", 0, 1, 100, 100, 15},
		{"once in the body of a page twice as long", 0, 1, 200, 100, 10},
		{"once in the body of a page half as long", 0, 1, 50, 100, 18},
		{"three times in the body", 0, 3, 100, 100, 23},
		{"in the title", WeightTitle, 0, 100, 100, 27},
		{"in a heading", WeightHeading, 0, 100, 100, 24},
		{"in the summary", WeightSummary, 0, 100, 100, 20},
		{"in the title and the body", WeightTitle, 3, 100, 100, 28},
		{"500 times in the body", 0, 255, 100, 100, MaxWeight},
		{"in nothing", 0, 0, 100, 100, 1},
	}
	for _, tt := range tests {
		if got := Weight(tt.boost, tt.tf, tt.length, tt.pivot); got != tt.want {
			t.Errorf("%s: Weight(%d, %d, %d, %g) = %d; want %d", tt.name, tt.boost, tt.tf, tt.length, tt.pivot, got, tt.want)
		}
	}
	// More occurrences never weigh less, and a title more than a body.
	for tf := range 50 {
		if Weight(0, tf+1, 300, 300) < Weight(0, tf, 300, 300) {
			t.Errorf("Weight falls from %d to %d occurrences", tf, tf+1)
		}
	}
	if Weight(WeightTitle, 0, 300, 300) <= Weight(0, 2, 300, 300) {
		t.Error("a word in the title weighs no more than one said twice in the body")
	}
}

func TestBuildWeights(t *testing.T) {
	ix := decode(t, Build(goldenDocs, Stop))
	if ix.V != Version || ix.N != 3 || ix.Block != Block {
		t.Fatalf("index has v=%d, n=%d, block=%d; want v=%d, 3 docs, block %d", ix.V, ix.N, ix.Block, Version, Block)
	}
	if fmt.Sprint(ix.Kinds) != "[[n 1] [s 1] [p 1]]" {
		t.Errorf("kinds = %v; want one note, one source, one page", ix.Kinds)
	}
	if fmt.Sprint(ix.Tags) != "[[budapest-memorandum "+ix.Tags[0][1].(string)+" 1]]" {
		t.Errorf("tags = %v; want budapest-memorandum on one page", ix.Tags)
	}
	pivot := pivotFor(17+6+4, 3)
	w := func(boost, tf, length int) int { return Weight(boost, tf, length, pivot) }
	tests := []struct {
		term string
		want map[int]int
	}{
		{"budapest", map[int]int{0: w(WeightTitle+WeightName, 0, 17)}},
		{"memorandum", map[int]int{0: w(WeightTitle+WeightName, 1, 17)}},
		{"ukraine", map[int]int{0: w(WeightSummary, 1, 17), 1: w(WeightTitle, 0, 6)}},
		{"signed", map[int]int{0: w(WeightHeading, 2, 17)}},
		{"eight", map[int]int{1: w(WeightSummary, 1, 6)}},
		{"financial", map[int]int{1: w(WeightName, 0, 6)}},
		{"writes", map[int]int{2: w(0, 1, 4)}},
		{"the", nil}, // a stop word
		{"absent", nil},
	}
	for _, tt := range tests {
		got := ix.weights(tt.term)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("weights(%q) = %v; want %v", tt.term, got, tt.want)
		}
	}
	page := ix.pages[0]
	if page["u"] != "/notes/budapest/" || page["t"] != "The Budapest Memorandum" || page["k"] != KindNote {
		t.Errorf("page fragment 0 = %v", page)
	}
	if h := fmt.Sprint(page["h"]); h != "[[  Ukraine, Russia, the United Kingdom and the United States signed.\nThe memorandum gives assurances.] [who-signed Who signed Four states signed it.]]" {
		t.Errorf("page fragment 0 sections = %s", h)
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := synthetic(200)
	a, b := Build(docs, Stop), Build(docs, Stop)
	if !slices.EqualFunc(a, b, func(x, y File) bool { return x.Name == y.Name && bytes.Equal(x.Data, y.Data) }) {
		t.Error("two builds of the same documents differ")
	}
}

// TestFragments checks how a larger index is split: every term in exactly
// one fragment, the fragments in order, and none too large but for a
// single common term's.
func TestFragments(t *testing.T) {
	docs := synthetic(2000)
	files := Build(docs, Stop)
	ix := decode(t, files)
	if len(ix.Terms) < 20 {
		t.Fatalf("%d term fragments for 2,000 documents; want many", len(ix.Terms))
	}
	for i := 1; i < len(ix.Terms); i++ {
		if ix.Terms[i-1][0] >= ix.Terms[i][0] {
			t.Errorf("fragment %d begins at %q, not after fragment %d's %q", i, ix.Terms[i][0], i-1, ix.Terms[i-1][0])
		}
	}
	perFrag := map[int]int{}
	for term, p := range ix.post {
		perFrag[ix.frag[term]] += len(p) / 2
	}
	for i, n := range perFrag {
		if n > maxPostings {
			// only a single term of bigDF documents or more may be
			if terms := countTerms(ix, i); terms > 1 {
				t.Errorf("fragment %d holds %d postings of %d terms; want at most %d", i, n, terms, maxPostings)
			}
		}
	}
	// The documents' page fragments: what each result shows.
	for i, p := range ix.pages {
		if p["u"] != docs[i].URL || p["t"] != docs[i].Title {
			t.Fatalf("page %d is %v; want %s", i, p["u"], docs[i].URL)
		}
	}
	for _, f := range files {
		if f.Name != ManifestName && !strings.Contains(f.Name, contentHash(f.Data)) {
			t.Errorf("%s is not named by the hash of its content", f.Name)
		}
	}
}

func countTerms(ix *index, frag int) int {
	n := 0
	for _, f := range ix.frag {
		if f == frag {
			n++
		}
	}
	return n
}

// synthetic makes n notes of about 600 words drawn from a vocabulary whose
// word frequencies fall off like natural language's.
func synthetic(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 30000)
	for i := range vocab {
		var b strings.Builder
		for range 4 + r.IntN(6) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		vocab[i] = b.String()
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{
			URL: fmt.Sprintf("/notes/note-%d/", i), Title: words(6), Kind: KindNote, Summary: words(30),
			Tags:     []string{vocab[i%7]},
			Sections: []Section{{Text: words(300)}, {"one", words(4), words(100)}, {"two", words(4), words(100)}, {"three", words(4), words(100)}},
			Names:    []string{words(1)},
		}
	}
	return docs
}

// BenchmarkBuild10k builds the index of 10,000 notes of about 600 words and
// reports its size, raw and gzipped, and the files it is made of.
func BenchmarkBuild10k(b *testing.B) {
	docs := synthetic(10000)
	var files []File
	for b.Loop() {
		files = Build(docs, Stop)
	}
	var gz bytes.Buffer
	raw := 0
	var manifest int
	for _, f := range files {
		raw += len(f.Data)
		gz.Reset()
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = w.Write(f.Data)
		_ = w.Close()
		if f.Name == ManifestName {
			manifest = gz.Len()
		}
	}
	b.ReportMetric(float64(raw)/1e6, "MB")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(manifest)/1e3, "manifest-KB-gzip")
}

// TestASCIITerms checks the ASCII fast path against the Unicode path.
func TestASCIITerms(t *testing.T) {
	for _, in := range []string{"", "The U.S. denied it, 27 January 2026.", "a--b  c_d e'f", "ALL CAPS and MiXeD 3rd", "x"} {
		folded, _, _ := transform.String(fold(), strings.ToLower(in))
		want := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
		if got := asciiTerms(in); !slices.Equal(got, want) {
			t.Errorf("asciiTerms(%q) = %q; want %q", in, got, want)
		}
	}
}

// BenchmarkTerms splits a paragraph of English into terms.
func BenchmarkTerms(b *testing.B) {
	text := strings.Repeat("The White House denied the report; officials said the talks in Abu Dhabi were at an excellent stage. ", 10)
	b.Run("ascii", func(b *testing.B) {
		for b.Loop() {
			Terms(text)
		}
	})
	b.Run("unicode", func(b *testing.B) {
		t := text + "Zelenskyy's Ukraïna"
		for b.Loop() {
			Terms(t)
		}
	})
}

// TestKeep adds documents again, one edit after another, to a Builder that
// keeps its fragments, and checks each write against a new Builder's: edits
// that add and drop words, bring a word into the index, take the last
// holder of a word away, and change nothing; with the write begun in the
// background (Begin) before the Adds, and after them. With Pack, the page
// fragments come compressed, and the same once uncompressed, kept in the
// Builder's temporary file; once most of it is fragments no longer held,
// those still held move to a new one, while the last write's files still
// read.
func TestKeep(t *testing.T) {
	for _, pack := range []bool{false, true} {
		t.Run(fmt.Sprintf("pack=%v", pack), func(t *testing.T) { testKeep(t, pack) })
	}
}

func testKeep(t *testing.T, pack bool) {
	docs := synthetic(150)
	kept := NewBuilder(len(docs), Stop)
	kept.Keep, kept.Pack = true, pack
	kept.minGarbage = 1
	var last []File
	for i, d := range docs {
		kept.Add(i, d)
	}
	r := rand.New(rand.NewPCG(3, 4))
	edits := []func(d *Doc){
		func(d *Doc) { d.Sections[0].Text += " zzunique" + strconv.Itoa(r.IntN(5)) }, // a new word, or one another edit added
		func(d *Doc) { d.Sections[0].Text = strings.Join(strings.Fields(d.Sections[0].Text)[1:], " ") },
		func(d *Doc) { d.Title = "Retitled " + d.Title },
		func(d *Doc) { d.Sections[0].Text = strings.ReplaceAll(d.Sections[0].Text, "zzunique", "") }, // perhaps its last holder
		func(d *Doc) {},
		func(d *Doc) { d.Sections = d.Sections[:max(1, len(d.Sections)-1)] },
		func(d *Doc) { d.Tags = append(d.Tags, "extra") },
		func(d *Doc) { d.Sections[0].Text += " " + d.Sections[0].Text }, // twice as long: perhaps a new pivot
		// Tags taken and given, perhaps a tag's last holder or first, or
		// one carried twice; and a kind changed.
		func(d *Doc) { d.Tags = slices.Clone(d.Tags[min(1, len(d.Tags)):]) },
		func(d *Doc) {
			d.Tags = append(slices.Clone(d.Tags), "t"+strconv.Itoa(r.IntN(4)), "t"+strconv.Itoa(r.IntN(4)))
		},
		func(d *Doc) { d.Tags = []string{"solo" + strconv.Itoa(r.IntN(3))} },
		func(d *Doc) { d.Tags = nil },
		func(d *Doc) {
			if d.Kind == KindNote {
				d.Kind = KindSource
			} else {
				d.Kind = KindNote
			}
		},
	}
	for step := range 150 {
		if step%4 == 1 {
			kept.Begin() // a write begun and then out of date: Files must not give it
		}
		// One to three documents, each edited, and added at once.
		for range 1 + r.IntN(3) {
			i := r.IntN(len(docs))
			edits[r.IntN(len(edits))](&docs[i])
			kept.Add(i, docs[i])
		}
		if step%3 == 2 {
			continue // several Adds before one write
		}
		if step%5 == 0 {
			kept.Begin() // begun after the Adds: Files waits for it
		}
		got, want := kept.Files(), Build(docs, Stop)
		if d := filesDiff(got, want); d != "" {
			t.Fatalf("step %d: the kept index differs from a new one: %s", step, d)
		}
		bytes := 0
		for _, f := range want {
			bytes += len(f.Data)
		}
		if st := kept.Stats(); st.Bytes != bytes {
			t.Fatalf("step %d: Stats().Bytes = %d; want %d, the uncompressed size", step, st.Bytes, bytes)
		}
		stores := map[*packed.Store]bool{}
		for _, f := range got {
			if page := strings.HasPrefix(f.Name, "p."); f.Packed != (pack && page) || f.Stored.Valid() != f.Packed || f.Stored.Valid() && f.Data != nil {
				t.Fatalf("step %d: %s has Packed %v, Stored %v, %d bytes in memory", step, f.Name, f.Packed, f.Stored.Valid(), len(f.Data))
			}
			if f.Stored.Valid() {
				stores[f.Stored.Store()] = true
			}
		}
		if len(stores) > 1 {
			t.Fatalf("step %d: the page fragments are in %d stores", step, len(stores))
		}
		for _, f := range last {
			if _, err := f.Plain(); err != nil {
				t.Fatalf("step %d: the last write's %s no longer reads: %v", step, f.Name, err)
			}
		}
		last = got
	}
	if moved := kept.Stats().Moved; pack && moved == 0 || !pack && moved != 0 {
		t.Errorf("the page fragments moved to a new store %d times", moved)
	}
}

// filesDiff says where two indexes first part.
func filesDiff(got, want []File) string {
	for i := range min(len(got), len(want)) {
		if got[i].Name != want[i].Name {
			return fmt.Sprintf("file %d is %s; want %s", i, got[i].Name, want[i].Name)
		}
		g, err := got[i].Plain()
		if err != nil {
			return fmt.Sprintf("%s: %v", got[i].Name, err)
		}
		if !bytes.Equal(g, want[i].Data) {
			return fmt.Sprintf("%s differs", got[i].Name)
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d files; want %d", len(got), len(want))
	}
	return ""
}

// TestEditRewritesFew checks that an edit to one page's text rewrites only
// a few of the index's files: the page's own, its directory's, the
// manifest and the term fragments whose postings changed.
func TestEditRewritesFew(t *testing.T) {
	docs := synthetic(1000)
	b := NewBuilder(len(docs), Stop)
	b.Keep = true
	for i, d := range docs {
		b.Add(i, d)
	}
	b.Files()
	all := b.Stats().Files
	d := docs[500]
	d.Sections[1].Text += " " + strings.Fields(docs[3].Sections[0].Text)[5]
	b.Add(500, d)
	b.Files()
	st := b.Stats()
	if st.Rewritten > 8 || st.Rewritten < 4 {
		t.Errorf("a one-word edit rewrote %d of %d files; want the page, its directory, the manifest and a few term fragments", st.Rewritten, all)
	}
}

// BenchmarkEdit writes the index of 10,000 documents after one document's
// text changed by a word, as the preview does, and reports how many files
// that rewrote.
func BenchmarkEdit(b *testing.B) {
	docs := synthetic(10000)
	bd := NewBuilder(len(docs), Stop)
	bd.Keep = true
	for i, d := range docs {
		bd.Add(i, d)
	}
	bd.Files()
	edited := docs[len(docs)/2]
	text := edited.Sections[0].Text
	round, rewritten := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		round++
		edited.Sections[0].Text = text + " edit" + strconv.Itoa(round%2)
		bd.Add(len(docs)/2, edited)
		bd.Files()
		rewritten += bd.Stats().Rewritten
	}
	b.ReportMetric(float64(rewritten)/float64(round), "files-rewritten/op")
	b.ReportMetric(float64(bd.Stats().Files), "files")
}

// FuzzDecodeNums checks that numbers read back as they were written, and
// that any string decodes without a panic.
func FuzzDecodeNums(f *testing.F) {
	f.Add("0A1", uint32(5), uint32(1000))
	f.Add("", uint32(0), uint32(1<<31))
	f.Fuzz(func(t *testing.T, s string, a, b uint32) {
		DecodeNums(s)
		enc := appendNum(appendNum(nil, int(a)), int(b))
		got, ok := DecodeNums(string(enc))
		if !ok || !slices.Equal(got, []int{int(a), int(b)}) {
			t.Errorf("DecodeNums(%q) = %v, %v; want [%d %d]", enc, got, ok, a, b)
		}
	})
}

// FuzzAppendString checks the page fragments' JSON strings against
// encoding/json: valid JSON that reads back as the text, with each byte of
// invalid UTF-8 read as U+FFFD.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r\x01", "\u2028\u2029", "bad \xff\xfe utf-8", "Україна «NATO»"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendString(nil, s)
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("appendString(%q) = %s, not JSON: %v", s, out, err)
		}
		var want strings.Builder
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			want.WriteRune(r)
			i += size
		}
		if got != want.String() {
			t.Errorf("appendString(%q) reads back as %q; want %q", s, got, want.String())
		}
	})
}

// TestEmit checks that a Builder that gives its page fragments to Emit as
// it adds documents, from several goroutines at once, makes with Files the
// same index as one that holds them: each page fragment emitted once (two
// documents alike share theirs), none of them in Files, and the same Stats.
func TestEmit(t *testing.T) {
	docs := synthetic(300)
	docs[7] = docs[3] // alike: one page fragment
	want := NewBuilder(len(docs), Stop)
	for i, d := range docs {
		want.Add(i, d)
	}
	wantFiles := want.Files()

	var mu sync.Mutex
	emitted := map[string][]byte{}
	b := NewBuilder(len(docs), Stop)
	b.Emit = func(f File) {
		mu.Lock()
		defer mu.Unlock()
		if _, twice := emitted[f.Name]; twice {
			t.Errorf("%s emitted twice", f.Name)
		}
		emitted[f.Name] = f.Data
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(docs); i += 4 {
				b.Add(i, docs[i])
			}
		})
	}
	wg.Wait()
	got := b.Files()
	for _, f := range got {
		if _, ok := emitted[f.Name]; ok {
			t.Errorf("%s both emitted and returned by Files", f.Name)
		}
	}
	pages := 0
	for name, data := range emitted {
		if !strings.HasPrefix(name, "p.") {
			t.Errorf("emitted %s, which is not a page fragment", name)
		}
		got = append(got, File{Name: name, Data: data})
		pages++
	}
	if pages == 0 || pages >= len(docs) {
		t.Errorf("%d page fragments emitted for %d documents, two of them alike", pages, len(docs))
	}
	slices.SortFunc(got, func(x, y File) int { return strings.Compare(x.Name, y.Name) })
	if d := filesDiff(got, wantFiles); d != "" {
		t.Fatalf("emitted and returned files differ from a Builder's that holds them: %s", d)
	}
	if b.Stats() != want.Stats() {
		t.Errorf("Stats = %+v; want %+v", b.Stats(), want.Stats())
	}
}

// TestPostingsRoundTrip reads back what encodePostings writes, for the
// preview's patching of a term's postings (patchDirty), and merges.
func TestPostingsRoundTrip(t *testing.T) {
	for _, post := range [][]posting{
		nil,
		{{0, 0}},
		{{0, 31}, {1, 32}, {31, 1023}, {32, 1024}, {5000, 1 << 20}, {1 << 30, 7}},
	} {
		enc := encodePostings(nil, post)
		if got := decodePostings(nil, enc); !slices.Equal(got, post) {
			t.Errorf("decodePostings(encodePostings(%v)) = %v", post, got)
		}
	}
	a, b := []posting{{1, 1}, {4, 4}, {9, 9}}, []posting{{0, 0}, {5, 5}, {10, 10}}
	want := []posting{{0, 0}, {1, 1}, {4, 4}, {5, 5}, {9, 9}, {10, 10}}
	if got := mergePostings(a, b); !slices.Equal(got, want) {
		t.Errorf("mergePostings = %v; want %v", got, want)
	}
}

// TestKeepMoveDuringAdd adds documents again on several goroutines while
// another writes the index over and over, so that the page fragments move
// to a new store (see Builder.Pack) while an Add is between packing its
// fragment and taking its place. Every write must find all the page
// fragments it gives in one store: a fragment left in a store the Builder
// has let go would keep that store, most of it garbage, for as long as
// its document stays unedited.
func TestKeepMoveDuringAdd(t *testing.T) {
	docs := synthetic(24)
	kept := NewBuilder(len(docs), Stop)
	kept.Keep, kept.Pack = true, true
	kept.minGarbage = 1
	for i, d := range docs {
		kept.Add(i, d)
	}
	kept.Files()
	const adders, rounds = 2, 400
	var wg sync.WaitGroup
	done := make(chan struct{})
	for a := range adders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range rounds {
				i := a + adders*(n%(len(docs)/adders)) // each its own documents
				d := docs[i]
				d.Sections = slices.Clone(d.Sections)
				d.Sections[0].Text += " round" + strconv.Itoa(n)
				kept.Add(i, d)
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	check := func(files []File) {
		t.Helper()
		stores := map[*packed.Store]bool{}
		for _, f := range files {
			if f.Stored.Valid() {
				stores[f.Stored.Store()] = true
			}
		}
		if len(stores) > 1 {
			t.Fatalf("the page fragments are in %d stores", len(stores))
		}
	}
	for writes := 0; ; writes++ {
		select {
		case <-done:
			check(kept.Files())
			if kept.Stats().Moved == 0 {
				t.Fatalf("the page fragments never moved in %d writes", writes)
			}
			return
		default:
		}
		kept.Begin()
		check(kept.Files())
	}
}
