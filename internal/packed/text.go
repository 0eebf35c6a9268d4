package packed

import "unsafe"

// A Text is a short text that a build makes on one page and shows on
// others (a backlink's paragraph, a citing sentence): held in memory, or,
// once a Texts has written it, in a Store, as it is (texts this short do
// not pack). A full build makes every page's texts while it parses and
// shows each only when it renders the page that lists it; at 10,000 notes
// they are 37 MB, held from the start of parse to the end of render.
//
// The zero Text is the empty text.
type Text struct {
	s  string
	in *Store // where the text was written, or nil: it is s
	at int64
	n  int
}

// TextOf returns s as a Text held in memory.
func TextOf(s string) Text { return Text{s: s} }

// String returns the text, read back from its Store if it was written to
// one. A read that fails gives "", and the Store's ReadErr reports it.
func (t Text) String() string {
	if t.in == nil {
		return t.s
	}
	b := make([]byte, t.n)
	if _, err := t.in.f.ReadAt(b, t.at); err != nil {
		t.in.readFailed(err)
		return ""
	}
	// b is this function's alone, and never written again.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Len returns the text's length in bytes, without reading it.
func (t Text) Len() int {
	if t.in == nil {
		return len(t.s)
	}
	return t.n
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
	if s == "" {
		return
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
// memory. Either way the Texts is empty again.
func (w *Texts) Flush(s *Store) {
	if s != nil && len(w.buf) > 0 {
		if at, err := s.append(w.buf); err == nil {
			for _, p := range w.pending {
				*p.t = Text{in: s, at: at + int64(p.at), n: p.t.Len()}
			}
		}
	}
	clear(w.at)
	clear(w.pending) // no pointer into the texts' holders kept
	w.buf, w.pending = w.buf[:0], w.pending[:0]
}

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
