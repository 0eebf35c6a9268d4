package packed

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestStore writes pages to a Store from several goroutines and reads each
// back, packed and plain, and checks that the store's file is gone from
// the temporary folder while the Store is still in use.
func TestStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the store's file is left in the temporary folder: %v", left)
	}
	pages := make([][]byte, 200)
	for i := range pages {
		pages[i] = []byte(strings.Repeat(fmt.Sprintf("<p>page %d</p>\n", i), i))
	}
	refs := make([]Ref, len(pages))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(pages); i += 4 {
				var err error
				if i%2 == 0 {
					refs[i], err = s.Put(pages[i])
				} else {
					refs[i], err = s.Write(Pack(pages[i]))
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	var total int64
	for i, r := range refs {
		if !r.Valid() || r.Store() != s {
			t.Fatalf("page %d: ref %+v", i, r)
		}
		total += int64(r.Len())
		got, err := r.Plain()
		if err != nil || !bytes.Equal(got, pages[i]) {
			t.Errorf("page %d: read back %d bytes, %v; want %d", i, len(got), err, len(pages[i]))
		}
		p, err := r.Packed()
		if err != nil || !bytes.Equal(p, Pack(pages[i])) {
			t.Errorf("page %d: packed bytes differ from Pack's (%v)", i, err)
		}
		// Appended after other bytes, into a buffer of room enough and
		// one without.
		for _, dst := range [][]byte{[]byte("ab"), append(make([]byte, 0, 1<<16), "ab"...)} {
			room := cap(dst) >= 2+r.Len()
			got, err := r.AppendPacked(dst)
			if err != nil || string(got[:2]) != "ab" || !bytes.Equal(got[2:], p) || room && &got[0] != &dst[0] {
				t.Errorf("page %d: AppendPacked after %d bytes of cap %d: %d bytes, %v", i, len(dst), cap(dst), len(got), err)
			}
		}
	}
	if s.Size() != total {
		t.Errorf("Size %d, the refs hold %d", s.Size(), total)
	}

	// Copied to a new store, the bytes read the same.
	s2, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	c, err := refs[7].CopyTo(s2)
	if got, _ := c.Plain(); err != nil || c.Store() != s2 || !bytes.Equal(got, pages[7]) {
		t.Errorf("copied: %q, %v", got, err)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := refs[3].Plain(); err == nil {
		t.Error("a ref into a closed store still reads")
	}
	if _, err := s.Put([]byte("x")); err == nil {
		t.Error("a closed store still takes bytes")
	}
	if (Ref{}).Valid() {
		t.Error("the zero Ref is valid")
	}
	if _, err := (Ref{}).Plain(); err == nil {
		t.Error("the zero Ref reads")
	}
}

func TestGarbage(t *testing.T) {
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Write(make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		live, min int64
		want      bool
	}{
		{1000, 0, false}, // nothing to drop
		{500, 0, false},  // half
		{499, 0, true},
		{0, 1000, true},
		{0, 1001, false}, // too little to bother
		{100, 900, true},
		{100, 901, false},
	} {
		if got := s.Garbage(tc.live, tc.min); got != tc.want {
			t.Errorf("Garbage(%d, %d) of 1000 bytes = %v, want %v", tc.live, tc.min, got, tc.want)
		}
	}
}

// TestDiffer checks that refs to different bytes differ without a read, and
// refs to the same bytes, written twice, do not.
func TestDiffer(t *testing.T) {
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(text string) Ref {
		r, err := s.Put([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, a2, b, c := put("<p>one page</p>"), put("<p>one page</p>"), put("<p>one pagf</p>"), put("<p>a longer page</p>")
	if a.Differ(a2) || a2.Differ(a) {
		t.Error("the same bytes written twice differ")
	}
	if !a.Differ(b) || !a.Differ(c) {
		t.Error("different bytes do not differ")
	}
}

// TestRenew checks when a store is renewed: a new one for none, the same
// while most of it is still held, and a new one, filled by move, once most
// of it is not; refs into other stores do not count as held.
func TestRenew(t *testing.T) {
	s, moved := Renew(nil, "dossier-test", 0, nil, func(*Store) { t.Error("move called for a new store") })
	if s == nil || moved {
		t.Fatalf("Renew(nil) = %v, %v", s, moved)
	}
	defer s.Close()
	other, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	a, _ := s.Write(make([]byte, 600))
	b, _ := s.Write(make([]byte, 400))
	elsewhere, _ := other.Write(make([]byte, 900))
	held := func(refs ...Ref) func(func(Ref) bool) {
		return func(yield func(Ref) bool) {
			for _, r := range refs {
				if !yield(r) {
					return
				}
			}
		}
	}
	if got, moved := Renew(s, "dossier-test", 1, held(a, elsewhere), func(*Store) { t.Error("moved with 600 of 1,000 bytes held") }); got != s || moved {
		t.Errorf("600 of 1,000 bytes held: renewed")
	}
	if got, moved := Renew(s, "dossier-test", 700, held(b), func(*Store) { t.Error("moved with less garbage than min") }); got != s || moved {
		t.Errorf("600 bytes of garbage, min 700: renewed")
	}
	// Live counts s's refs only, each as often as it is held.
	if live := Live(s, held(a, b, a, elsewhere)); live != 1600 {
		t.Errorf("Live = %d; want 1,600 (600 held twice, 400 once)", live)
	}
	if live := Live(nil, held(a)); live != 0 {
		t.Errorf("Live of no store = %d; want 0", live)
	}
	var into *Store
	got, moved := Renew(s, "dossier-test", 1, held(b, elsewhere), func(fresh *Store) { into = fresh })
	if got == s || !moved || into != got {
		t.Fatalf("400 of 1,000 bytes held: store %p (was %p), moved %v, moved into %p", got, s, moved, into)
	}
	got.Close()
}
