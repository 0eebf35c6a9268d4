package packed

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// page is what one page's Texts hold in TestTexts: a paragraph shared by
// two backlinks, sentences, one of them twice, and an empty text.
type page struct {
	backlinks [2]Text
	sentences [3]Text
	empty     Text
}

func (p *page) add(w *Texts, i int) {
	para := fmt.Sprintf("Paragraph of page %d, “quoted”, é.", i)
	w.Add(&p.backlinks[0], para)
	w.Add(&p.backlinks[1], para)
	w.Add(&p.sentences[0], fmt.Sprintf("First sentence of page %d.", i))
	w.Add(&p.sentences[1], strings.Repeat("long ", i))
	w.Add(&p.sentences[2], fmt.Sprintf("First sentence of page %d.", i))
	w.Add(&p.empty, "")
}

func (p *page) want(i int) []string {
	para := fmt.Sprintf("Paragraph of page %d, “quoted”, é.", i)
	first := fmt.Sprintf("First sentence of page %d.", i)
	return []string{para, para, first, strings.Repeat("long ", i), first, ""}
}

func (p *page) texts() []Text {
	return []Text{p.backlinks[0], p.backlinks[1], p.sentences[0], p.sentences[1], p.sentences[2], p.empty}
}

// TestTexts writes pages' texts to a Store from several goroutines, each
// page's in one write, and reads each back; a text added twice is written
// once, and the empty text is not written.
func TestTexts(t *testing.T) {
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pages := make([]page, 100)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var w Texts // one per goroutine, reused from page to page
			for i := g; i < len(pages); i += 4 {
				pages[i].add(&w, i)
				w.Flush(s)
			}
		})
	}
	wg.Wait()
	var size int64
	for i := range pages {
		want := pages[i].want(i)
		for j, txt := range pages[i].texts() {
			if got := txt.String(); got != want[j] {
				t.Errorf("page %d, text %d: read %q, want %q", i, j, got, want[j])
			}
			if txt.Len() != len(want[j]) || txt.Empty() != (want[j] == "") {
				t.Errorf("page %d, text %d: Len %d, Empty %v; want %d", i, j, txt.Len(), txt.Empty(), len(want[j]))
			}
			if stored := want[j] != ""; txt.Stored() != stored {
				t.Errorf("page %d, text %d: Stored %v, want %v", i, j, txt.Stored(), stored)
			}
		}
		size += int64(len(want[0]) + len(want[2]) + len(want[3])) // each text once
	}
	if s.Size() != size {
		t.Errorf("the store holds %d bytes, want %d: each page's texts once", s.Size(), size)
	}
	if err := s.ReadErr(); err != nil {
		t.Errorf("ReadErr: %v", err)
	}
}

// TestTextsInMemory: without a Store, or when its write fails, the texts
// stay in memory; a read that fails gives "" and is reported by ReadErr.
func TestTextsInMemory(t *testing.T) {
	var w Texts
	var p page
	p.add(&w, 3)
	w.Flush(nil)
	for j, txt := range p.texts() {
		if txt.Stored() || txt.String() != p.want(3)[j] {
			t.Errorf("no store, text %d: Stored %v, %q; want %q in memory", j, txt.Stored(), txt.String(), p.want(3)[j])
		}
	}
	if TextOf("x").String() != "x" || TextOf("x").Stored() || (Text{}).String() != "" || !(Text{}).Empty() {
		t.Error("TextOf or the zero Text is not what it holds")
	}

	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	var stored page
	stored.add(&w, 4)
	w.Flush(s)
	if !stored.sentences[0].Stored() {
		t.Fatal("the text was not written to the store")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var after page
	after.add(&w, 5)
	w.Flush(s) // the write fails: the texts stay in memory
	for j, txt := range after.texts() {
		if txt.Stored() || txt.String() != after.want(5)[j] {
			t.Errorf("failed write, text %d: Stored %v, %q; want %q in memory", j, txt.Stored(), txt.String(), after.want(5)[j])
		}
	}
	if err := s.ReadErr(); err != nil {
		t.Errorf("ReadErr before any read failed: %v", err)
	}
	if got := stored.sentences[0].String(); got != "" {
		t.Errorf("read from a closed store: %q, want \"\"", got)
	}
	if err := s.ReadErr(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("ReadErr after a failed read: %v, want %v", err, os.ErrClosed)
	}
	if (*Store)(nil).ReadErr() != nil {
		t.Error("a nil Store reports a read error")
	}
}

// TestStrings reads texts together: from two stores, in memory, written
// near one another and far apart (past readGap and readRun), some twice,
// in an order of their own; each as String reads it alone. A store that
// cannot be read gives "" for its texts and says so by ReadErr.
func TestStrings(t *testing.T) {
	stores := make([]*Store, 2)
	for i := range stores {
		s, err := NewStore("dossier-test")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var w Texts
	var ts []Text
	for page := range 40 {
		texts := make([]Text, 5)
		for j := range texts {
			s := fmt.Sprintf("Text %d of page %d.", j, page)
			if j == 4 && page%7 == 0 {
				s = strings.Repeat("far ", readGap) // the next page's texts lie past readGap
			}
			w.Add(&texts[j], s)
		}
		w.Flush(stores[page%2])
		ts = append(ts, texts...)
		if page%5 == 0 {
			ts = append(ts, TextOf(fmt.Sprintf("in memory %d", page)), Text{})
		}
	}
	ts = append(ts, ts[3], ts[10], ts[3]) // some twice
	for i := range ts {                   // an order of their own
		j := (i * 7919) % len(ts)
		ts[i], ts[j] = ts[j], ts[i]
	}
	got := Strings(ts)
	if len(got) != len(ts) {
		t.Fatalf("%d strings for %d texts", len(got), len(ts))
	}
	for i, txt := range ts {
		if want := txt.String(); got[i] != want {
			t.Errorf("text %d: %.40q, want %.40q", i, got[i], want)
		}
	}
	if err := stores[0].Close(); err != nil {
		t.Fatal(err)
	}
	got = Strings(ts)
	for i, txt := range ts {
		switch {
		case txt.in == stores[0] && got[i] != "":
			t.Errorf("text %d, in the closed store: %.40q, want \"\"", i, got[i])
		case txt.in != stores[0] && got[i] != txt.String():
			t.Errorf("text %d: %.40q, want %.40q", i, got[i], txt.String())
		}
	}
	if !errors.Is(stores[0].ReadErr(), os.ErrClosed) || stores[1].ReadErr() != nil {
		t.Errorf("ReadErr: %v and %v, want %v and none", stores[0].ReadErr(), stores[1].ReadErr(), os.ErrClosed)
	}
}

// A text longer than a Text can address in a Store stays in memory; the
// page's other texts are stored all the same, the last past 16 MiB into the
// file, where an offset cut to fewer bits would read other bytes.
func TestTextTooLong(t *testing.T) {
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	long := strings.Repeat("x", maxTextLen+1)
	var short, longest, most, tail Text
	var w Texts
	w.Add(&short, "short")
	w.Add(&longest, long)
	w.Add(&most, long[:maxTextLen])
	w.Add(&tail, "tail")
	w.Flush(s)
	if !short.Stored() || !most.Stored() || longest.Stored() || !tail.Stored() {
		t.Errorf("Stored: short %v, %d bytes %v, %d bytes %v, tail %v; want true, true, false, true",
			short.Stored(), maxTextLen, most.Stored(), len(long), longest.Stored(), tail.Stored())
	}
	if short.String() != "short" || longest.String() != long || most.String() != long[:maxTextLen] || tail.String() != "tail" {
		t.Error("a text read back is not the text added")
	}
	if longest.Len() != len(long) || most.Len() != maxTextLen || tail.Len() != 4 {
		t.Errorf("Len: %d, %d and %d, want %d, %d and 4", longest.Len(), most.Len(), tail.Len(), len(long), maxTextLen)
	}
	if want := int64(len("short") + maxTextLen + len("tail")); s.Size() != want {
		t.Errorf("the store holds %d bytes, want %d: the longest text is not written", s.Size(), want)
	}
}

// Texts compare with == (the preview compares backlinks and citings so):
// by their text in memory, by their place when stored.
func TestTextEqual(t *testing.T) {
	if TextOf(strings.Repeat("ab", 3)) != TextOf("a"+strings.Repeat("ba", 2)+"b") {
		t.Error("two Texts of the same text in memory, made apart, differ")
	}
	if TextOf("ababab") == TextOf("ababac") {
		t.Error("two Texts of different texts in memory are equal")
	}
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var x, y, z, same Text
	var w Texts
	w.Add(&x, "same")
	w.Add(&y, "same")
	w.Add(&z, "sane") // as long as "same"
	w.Add(&same, "sam")
	w.Flush(s)
	for _, txt := range []Text{x, y, z, same} {
		if !txt.Stored() {
			t.Fatalf("%q not stored", txt.String())
		}
	}
	if x != y || x == z || x == same {
		t.Errorf("stored: the same text twice equal %v, another of its length equal %v, a shorter one equal %v; want true, false, false",
			x == y, x == z, x == same)
	}
	// The same place, another length: the length is part of what compares.
	if shorter := (Text{in: s, at: x.at&^maxTextLen | 3}); shorter == x || shorter.String() != "sam" {
		t.Errorf("a Text of x's first 3 bytes: equal to x %v, reads %q", shorter == x, shorter.String())
	}
	if strconv.IntSize == 64 && unsafe.Sizeof(x) != 32 {
		t.Errorf("a Text is %d bytes, want 32 (see its at field)", unsafe.Sizeof(x))
	}
}
