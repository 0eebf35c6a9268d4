package packed

import (
	"cmp"
	"slices"
	"unsafe"
)

// A Text is a short text that a build makes on one page and shows on
// others (a backlink's paragraph, a citing sentence): held in memory, or,
// once a Texts has written it, in a Store, as it is (texts this short do
// not pack). A full build makes every page's texts while it parses and
// shows each only when it renders the page that lists it; at 10,000 notes
// they are 37 MB, held from the start of parse to the end of render.
//
// The zero Text is the empty text. Texts compare with ==: two held in
// memory are equal when their texts are, two stored when they are the same
// bytes of the same Store.
type Text struct {
	s  string
	in *Store // where the text was written, or nil: it is s
	// where its bytes begin in in's file (above textLenBits) and how many
	// there are (below): 32 bytes a Text rather than 40, which brings a
	// Citing from 80 bytes to 64 (see resolve.Citing)
	at uint64
}

// textLenBits are the bits of Text.at that hold its length: a text of 16
// MiB or more (see Add), or one that would begin past the first TiB of its
// Store's file (see Flush), is kept in memory.
const (
	textLenBits = 24
	maxTextLen  = 1<<textLenBits - 1
	maxTextAt   = 1<<(64-textLenBits) - 1
)

func (t Text) offset() int64 { return int64(t.at >> textLenBits) }
func (t Text) length() int   { return int(t.at & maxTextLen) }

// TextOf returns s as a Text held in memory.
func TextOf(s string) Text { return Text{s: s} }

// String returns the text, read back from its Store if it was written to
// one. A read that fails gives "", and the Store's ReadErr reports it.
func (t Text) String() string {
	if t.in == nil {
		return t.s
	}
	return Strings([]Text{t})[0]
}

// Strings returns the texts of ts, in order, as String does, but reads
// those written to a Store near one another in one read: the texts one
// page added (see Texts) lie together, and a page that shows many texts
// often shows several of another page's (a source's page lists each of a
// note's citations of it). Read one at a time, a full build's texts were
// 430,000 reads at 10,000 notes, about 2 µs each.
func Strings(ts []Text) []string {
	out := make([]string, len(ts))
	var stored []int
	for i, t := range ts {
		if t.in == nil {
			out[i] = t.s
		} else {
			stored = append(stored, i)
		}
	}
	slices.SortFunc(stored, func(a, b int) int {
		x, y := ts[a], ts[b]
		if x.in != y.in {
			return cmp.Compare(uintptr(unsafe.Pointer(x.in)), uintptr(unsafe.Pointer(y.in)))
		}
		return cmp.Compare(x.at, y.at)
	})
	for len(stored) > 0 {
		first := ts[stored[0]]
		begin := first.offset()
		end, n := begin+int64(first.length()), 1
		for ; n < len(stored); n++ {
			t := ts[stored[n]]
			at := t.offset()
			if t.in != first.in || at > end+readGap || at+int64(t.length())-begin > readRun {
				break
			}
			end = max(end, at+int64(t.length()))
		}
		buf := make([]byte, end-begin)
		if _, err := first.in.f.ReadAt(buf, begin); err != nil {
			first.in.readFailed(err) // the run's texts are ""
		} else {
			for _, i := range stored[:n] {
				t := ts[i]
				// buf is this function's alone, and never written again.
				out[i] = unsafe.String(&buf[t.offset()-begin], t.length())
			}
		}
		stored = stored[n:]
	}
	return out
}

// readGap and readRun bound what Strings reads in one read: texts at most
// readGap bytes apart, at most readRun bytes in all.
const (
	readGap = 4 << 10
	readRun = 64 << 10
)

// Len returns the text's length in bytes, without reading it.
func (t Text) Len() int {
	if t.in == nil {
		return len(t.s)
	}
	return t.length()
}

// Empty reports whether the text is "".
func (t Text) Empty() bool { return t.Len() == 0 }

// Stored reports whether the text was written to a Store.
func (t Text) Stored() bool { return t.in != nil }

// Texts gathers the texts one page makes, to write them to a Store in one
// write (Flush): each added text is held in memory until then, and stays
// so when there is no Store or the write fails. A text added twice is
// written once. A Texts is for one goroutine; its zero value is ready, and
// one that is flushed keeps its memory for the next page's texts.
type Texts struct {
	buf     []byte
	at      map[string]int // where each text added begins in buf
	pending []pendingText
}

type pendingText struct {
	t  *Text
	at int // in buf
}

// Add sets *t to s, to be written by Flush. t must stay where it is until
// then (a field of a struct, not a variable that is copied).
func (w *Texts) Add(t *Text, s string) {
	*t = Text{s: s}
	if s == "" || len(s) > maxTextLen {
		return // nothing to write, or too long for a Text to address: kept in memory
	}
	at, ok := w.at[s]
	if !ok {
		if w.at == nil {
			w.at = map[string]int{}
		}
		at = len(w.buf)
		w.at[s] = at
		w.buf = append(w.buf, s...)
	}
	w.pending = append(w.pending, pendingText{t, at})
}

// Flush writes the texts added since the last Flush to s, in one write,
// and points each at its bytes there, letting its string go. With a nil
// Store, or when the write fails (see Store.Write), the texts stay in
// memory, as does one that would begin too far into the Store's file for
// a Text to address (see textLenBits). Either way the Texts is empty
// again.
func (w *Texts) Flush(s *Store) {
	if s != nil && len(w.buf) > 0 {
		if at, err := s.append(w.buf); err == nil {
			for _, p := range w.pending {
				if n, begin := p.t.Len(), at+int64(p.at); n <= maxTextLen && begin <= maxTextAt {
					*p.t = Text{in: s, at: uint64(begin)<<textLenBits | uint64(n)}
				}
			}
		}
	}
	clear(w.at)
	clear(w.pending) // no pointer into the texts' holders kept
	w.buf, w.pending = w.buf[:0], w.pending[:0]
}

// Held returns the bytes a Texts keeps for the next page's texts: a pool
// lets go of one grown too large for one long page, rather than keep it.
func (w *Texts) Held() int { return cap(w.buf) }

func (s *Store) readFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readErr == nil {
		s.readErr = err
	}
}

// ReadErr returns the first error a Text written to s met when it was read
// back (see Text.String), or nil. The caller of String checks it once it
// has read every text it needs: a text that failed to read is "".
func (s *Store) ReadErr() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readErr
}
