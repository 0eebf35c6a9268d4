package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/transform"
	"golang.org/x/tools/txtar"
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
		Summary: "What Ukraine gave up in 1994.", Headings: []Heading{{"who-signed", "Who signed"}},
		Names: []string{"budapest-memorandum"}, Body: "Ukraine, Russia, the United Kingdom and the United States signed.\nThe memorandum gives assurances."},
	{URL: "/sources/ft/", Title: "Ukraine guarantees tied to Donbas", Kind: KindSource,
		Summary: "Relies on eight unnamed people.", Names: []string{"Financial Times"}, Body: "Eight people familiar with the talks."},
}

func TestBuildGolden(t *testing.T) {
	var ar txtar.Archive
	for _, f := range Build(goldenDocs, Stop) {
		ar.Files = append(ar.Files, txtar.File{Name: f.Name, Data: f.Data})
	}
	got := txtar.Format(&ar)
	golden := filepath.Join("testdata", "index.golden.txtar")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Build(goldenDocs) differs from %s; run go test -update and review the diff\ngot:\n%s", golden, got)
	}
}

// index is the index as the script sees it once it has merged the parts:
// every document numbered across the parts, each term's postings from
// every part. decode mirrors the script's merge.
type index struct {
	V     int
	Stop  []string
	Docs  [][]any
	Terms []string
	Post  [][]int
}

// weights decodes the posting list of term: doc number -> weight.
func (ix *index) weights(term string) map[int]int {
	i, ok := slices.BinarySearch(ix.Terms, term)
	if !ok {
		return nil
	}
	out := map[int]int{}
	doc := 0
	p := ix.Post[i]
	for j := 0; j < len(p); j += 2 {
		doc += p[j]
		out[doc] = p[j+1]
	}
	return out
}

// decode reads the files of an index and merges its parts, checking the
// format as it goes.
func decode(t *testing.T, files []File) *index {
	t.Helper()
	var head struct {
		V     int      `json:"v"`
		Stop  []string `json:"stop"`
		Parts []string `json:"parts"`
	}
	if len(files) == 0 || files[0].Name != IndexFile {
		t.Fatalf("the index's first file is not %s", IndexFile)
	}
	if err := json.Unmarshal(files[0].Data, &head); err != nil {
		t.Fatalf("%s is not valid JSON: %v", IndexFile, err)
	}
	byName := map[string][]byte{}
	for _, f := range files[1:] {
		byName[f.Name] = f.Data
	}
	if len(head.Parts) != len(files)-1 {
		t.Fatalf("%s names %d parts; there are %d", IndexFile, len(head.Parts), len(files)-1)
	}
	ix := &index{V: head.V, Stop: head.Stop}
	post := map[string][]int{} // absolute document numbers and weights
	for _, name := range head.Parts {
		var part struct {
			First int      `json:"first"`
			Docs  [][]any  `json:"docs"`
			Terms []string `json:"terms"`
			Post  [][]int  `json:"post"`
		}
		if err := json.Unmarshal(byName[name], &part); err != nil {
			t.Fatalf("part %s is not valid JSON: %v", name, err)
		}
		if part.First != len(ix.Docs) || len(part.Terms) != len(part.Post) || !slices.IsSorted(part.Terms) {
			t.Fatalf("part %s starts at document %d (want %d), has %d terms and %d posting lists, sorted: %v",
				name, part.First, len(ix.Docs), len(part.Terms), len(part.Post), slices.IsSorted(part.Terms))
		}
		ix.Docs = append(ix.Docs, part.Docs...)
		for i, term := range part.Terms {
			doc := part.First
			for j := 0; j < len(part.Post[i]); j += 2 {
				doc += part.Post[i][j]
				post[term] = append(post[term], doc, part.Post[i][j+1])
			}
		}
	}
	ix.Terms = slices.Sorted(maps.Keys(post))
	for _, term := range ix.Terms {
		abs, last := post[term], 0
		deltas := make([]int, len(abs))
		for j := 0; j < len(abs); j += 2 {
			deltas[j], deltas[j+1] = abs[j]-last, abs[j+1]
			last = abs[j]
		}
		ix.Post = append(ix.Post, deltas)
	}
	return ix
}

// TestParts checks that an index in many parts merges into the index in
// one.
func TestParts(t *testing.T) {
	docs := synthetic(120)
	build := func(size int) *index {
		b := NewBuilder(len(docs), Stop)
		b.PartDocs = size
		for i, d := range docs {
			b.Add(i, d)
		}
		files := b.Files()
		if want := (len(docs)+size-1)/size + 1; len(files) != want {
			t.Fatalf("with %d documents a part: %d files; want %d", size, len(files), want)
		}
		return decode(t, files)
	}
	one, many := build(len(docs)), build(7)
	if !reflect.DeepEqual(one, many) {
		t.Error("the index in parts of 7 documents merges into something else than the index in one part")
	}
}

func TestBuildWeights(t *testing.T) {
	ix := decode(t, Build(goldenDocs, Stop))
	if ix.V != Version || len(ix.Docs) != 2 || len(ix.Terms) != len(ix.Post) {
		t.Fatalf("index has v=%d, %d docs, %d terms and %d posting lists; want v=%d, 2 docs, as many lists as terms", ix.V, len(ix.Docs), len(ix.Terms), len(ix.Post), Version)
	}
	if !slices.IsSorted(ix.Terms) {
		t.Errorf("terms are not sorted: %q", ix.Terms)
	}
	tests := []struct {
		term string
		want map[int]int
	}{
		{"budapest", map[int]int{0: WeightTitle + WeightName}},
		{"memorandum", map[int]int{0: WeightTitle + WeightName + WeightBody}},
		{"ukraine", map[int]int{0: WeightSummary + WeightBody, 1: WeightTitle}},
		{"signed", map[int]int{0: WeightHeading + WeightBody}},
		{"eight", map[int]int{1: WeightSummary + WeightBody}},
		{"financial", map[int]int{1: WeightName}},
		{"the", nil}, // a stop word
		{"absent", nil},
	}
	for _, tt := range tests {
		got := ix.weights(tt.term)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("weights(%q) = %v; want %v", tt.term, got, tt.want)
		}
	}
}

func TestBuildCapsWeight(t *testing.T) {
	ix := decode(t, Build([]Doc{{Title: "x", Body: strings.Repeat("echo ", 500)}}, nil))
	if got := ix.weights("echo")[0]; got != maxWeight {
		t.Errorf("weight of a word said 500 times = %d; want %d", got, maxWeight)
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := synthetic(200)
	a, b := Build(docs, Stop), Build(docs, Stop)
	if !reflect.DeepEqual(a, b) {
		t.Error("two builds of the same documents differ")
	}
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
			Headings: []Heading{{"one", words(4)}, {"two", words(4)}, {"three", words(4)}},
			Names:    []string{words(1)}, Body: words(600),
		}
	}
	return docs
}

// BenchmarkBuild10k builds the index of 10,000 notes of about 600 words and
// reports its size, raw and gzipped, all parts together.
func BenchmarkBuild10k(b *testing.B) {
	docs := synthetic(10000)
	var files []File
	for b.Loop() {
		files = Build(docs, Stop)
	}
	var gz bytes.Buffer
	size := 0
	for _, f := range files {
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = w.Write(f.Data)
		_ = w.Close()
		size += len(f.Data)
	}
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(gz.Len())/1e6, "MB-gzip")
	b.ReportMetric(float64(len(files)-1), "parts")
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

// TestKeep adds documents again, one edit after another, to a Builder, and
// checks each index it writes, in which only the parts with an edited
// document are written again, against a new Builder's: edits that add and
// drop words, bring a word into the index, take the last holder of a word
// away, and change nothing; with the index begun in the background (Begin)
// before the Adds, and after them.
func TestKeep(t *testing.T) {
	docs := synthetic(30)
	kept := NewBuilder(len(docs), Stop)
	kept.PartDocs = 4
	for i, d := range docs {
		kept.Add(i, d)
	}
	r := rand.New(rand.NewPCG(3, 4))
	edits := []func(d *Doc){
		func(d *Doc) { d.Body += " zzunique" + strconv.Itoa(r.IntN(5)) },        // a new word, or one another edit added
		func(d *Doc) { d.Body = strings.Join(strings.Fields(d.Body)[1:], " ") }, // drop the first word
		func(d *Doc) { d.Title = "Retitled " + d.Title },
		func(d *Doc) { d.Body = strings.ReplaceAll(d.Body, "zzunique", "") }, // perhaps its last holder
		func(d *Doc) {},
		func(d *Doc) { d.Headings = d.Headings[:len(d.Headings)/2] },
	}
	var last []File
	edited := map[string]bool{} // the parts with a document added since the last Files
	for step := range 150 {
		if step%4 == 1 {
			kept.Begin() // an index begun and then out of date: Files must not give it
		}
		// One to three documents, each edited, and added at once.
		for range 1 + r.IntN(3) {
			i := r.IntN(len(docs))
			edits[r.IntN(len(edits))](&docs[i])
			kept.Add(i, docs[i])
			edited[partName(i/4)] = true
		}
		if step%3 == 2 {
			continue // several Adds before one Files
		}
		if step%5 == 0 {
			kept.Begin() // begun after the Adds: Files waits for it
		}
		fresh := NewBuilder(len(docs), Stop)
		fresh.PartDocs = 4
		for i, d := range docs {
			fresh.Add(i, d)
		}
		got, want := kept.Files(), fresh.Files()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: the kept index differs from a new one", step)
		}
		// A part with no edited document is the same slice as before:
		// not written again.
		for k := 1; k < len(last); k++ {
			if !edited[got[k].Name] && &got[k].Data[0] != &last[k].Data[0] {
				t.Errorf("step %d: %s was written again, though no document in it was edited", step, got[k].Name)
			}
		}
		last = got
		clear(edited)
	}
}

// BenchmarkFiles writes the index of 10,000 documents: all of it, and, as
// the preview does after an edit, after one document was added again.
func BenchmarkFiles(b *testing.B) {
	docs := synthetic(10000)
	for _, again := range []bool{false, true} {
		b.Run(fmt.Sprintf("edit=%v", again), func(b *testing.B) {
			bd := NewBuilder(len(docs), Stop)
			for i, d := range docs {
				bd.Add(i, d)
			}
			bd.Files()
			edited := docs[len(docs)/2]
			round := 0
			b.ReportAllocs()
			for b.Loop() {
				round++
				if again {
					edited.Body = docs[len(docs)/2].Body + " edit" + strconv.Itoa(round)
					bd.Add(len(docs)/2, edited)
				} else {
					bd.parts = nil // every part written afresh
				}
				bd.Files()
			}
		})
	}
}
