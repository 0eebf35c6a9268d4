package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
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
	got := Build(goldenDocs, Stop)
	golden := filepath.Join("testdata", "index.golden.json")
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

// index is the decoded form of the JSON, for tests.
type index struct {
	V     int      `json:"v"`
	Stop  []string `json:"stop"`
	Docs  [][]any  `json:"docs"`
	Terms []string `json:"terms"`
	Post  [][]int  `json:"post"`
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

func decode(t *testing.T, data []byte) *index {
	t.Helper()
	var ix index
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatalf("the index is not valid JSON: %v", err)
	}
	return &ix
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
	if !bytes.Equal(a, b) {
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
// reports its size, raw and gzipped.
func BenchmarkBuild10k(b *testing.B) {
	docs := synthetic(10000)
	var data []byte
	for b.Loop() {
		data = Build(docs, Stop)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	b.ReportMetric(float64(len(data))/1e6, "MB")
	b.ReportMetric(float64(gz.Len())/1e6, "MB-gzip")
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
// keeps its JSON, and checks each JSON against a new Builder's: edits that
// add and drop words, bring a word into the index, take the last holder of
// a word away, and change nothing; with JSON begun in the background
// (Begin) before the Adds, and after them.
func TestKeep(t *testing.T) {
	docs := synthetic(30)
	kept := NewBuilder(len(docs), Stop)
	kept.Keep = true
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
	for step := range 150 {
		if step%4 == 1 {
			kept.Begin() // an index begun and then out of date: JSON must not give it
		}
		// One to three documents, each edited, and added at once.
		for range 1 + r.IntN(3) {
			i := r.IntN(len(docs))
			edits[r.IntN(len(edits))](&docs[i])
			kept.Add(i, docs[i])
		}
		if step%3 == 2 {
			continue // several Adds before one JSON
		}
		if step%5 == 0 {
			kept.Begin() // begun after the Adds: JSON waits for it
		}
		if got, want := kept.JSON(), Build(docs, Stop); !bytes.Equal(got, want) {
			t.Fatalf("step %d: the kept index differs from a new one: %s", step, indexDiff(t, got, want))
		}
	}
}

// indexDiff says where two indexes first part: in their documents, or in
// a term or its postings.
func indexDiff(t *testing.T, got, want []byte) string {
	g, w := decode(t, got), decode(t, want)
	if !reflect.DeepEqual(g.Docs, w.Docs) {
		return "the documents differ"
	}
	for i := range min(len(g.Terms), len(w.Terms)) {
		if g.Terms[i] != w.Terms[i] {
			return fmt.Sprintf("term %d is %q; want %q", i, g.Terms[i], w.Terms[i])
		}
		if !slices.Equal(g.Post[i], w.Post[i]) {
			return fmt.Sprintf("the postings of %q are %v; want %v", g.Terms[i], g.Post[i], w.Post[i])
		}
	}
	return fmt.Sprintf("%d terms; want %d", len(g.Terms), len(w.Terms))
}

// BenchmarkJSON writes the index of 10,000 documents: all of it, and, as
// the preview does after an edit, with Keep after one document was added
// again.
func BenchmarkJSON(b *testing.B) {
	docs := synthetic(10000)
	for _, keep := range []bool{false, true} {
		b.Run(fmt.Sprintf("keep=%v", keep), func(b *testing.B) {
			bd := NewBuilder(len(docs), Stop)
			bd.Keep = keep
			for i, d := range docs {
				bd.Add(i, d)
			}
			bd.JSON()
			edited := docs[len(docs)/2]
			round := 0
			b.ReportAllocs()
			for b.Loop() {
				round++
				edited.Body = docs[len(docs)/2].Body + " edit" + strconv.Itoa(round)
				bd.Add(len(docs)/2, edited)
				bd.JSON()
			}
		})
	}
}
