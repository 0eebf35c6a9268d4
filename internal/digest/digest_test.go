package digest

import (
	"crypto/sha256"
	"reflect"
	"strings"
	"testing"
)

type node struct {
	Name     string
	Next     *node
	Tags     map[string]int
	Kids     []*node
	hidden   int
	Callback func()
}

func TestOf(t *testing.T) {
	cyc := &node{Name: "a"}
	cyc.Next = cyc
	cyc2 := &node{Name: "a"}
	cyc2.Next = cyc2
	shared := &node{Name: "s"}
	tests := []struct {
		name  string
		a, b  any
		equal bool
	}{
		{"same strings", "x", "x", true},
		{"different strings", "x", "y", false},
		{"string boundaries", []string{"ab", "c"}, []string{"a", "bc"}, false},
		{"nil and empty slice", []string(nil), []string{}, false},
		{"empty string and nil", "", nil, false},
		{"int and uint", 1, uint(1), false},
		{"equal structs at different addresses", &node{Name: "a", Tags: map[string]int{"x": 1}}, &node{Name: "a", Tags: map[string]int{"x": 1}}, true},
		{"map values differ", map[string]int{"x": 1}, map[string]int{"x": 2}, false},
		{"map keys differ", map[string]int{"x": 1}, map[string]int{"y": 1}, false},
		{"unexported fields are left out", node{Name: "a", hidden: 1}, node{Name: "a", hidden: 2}, true},
		{"functions are left out", node{Name: "a", Callback: func() {}}, node{Name: "a"}, true},
		{"cycles end", cyc, cyc2, true},
		{"cycle and chain differ", cyc, &node{Name: "a", Next: &node{Name: "a"}}, false},
		{"sharing is part of the shape", &node{Kids: []*node{shared, shared}}, &node{Kids: []*node{{Name: "s"}, {Name: "s"}}}, false},
		{"byte slices", []byte("abc"), []byte("abc"), true},
		{"byte slices differ", []byte("abc"), []byte("abd"), false},
		{"interfaces carry their type", []any{1}, []any{int64(1)}, false},
		{"floats", 1.5, 1.5, true},
	}
	for _, tt := range tests {
		if got := Of(tt.a) == Of(tt.b); got != tt.equal {
			t.Errorf("%s: Of(%v) == Of(%v) is %v; want %v", tt.name, tt.a, tt.b, got, tt.equal)
		}
	}
}

func TestMapOrder(t *testing.T) {
	// Maps iterate in random order; the sum must not depend on it.
	m := map[string]*node{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		m[k] = &node{Name: k}
	}
	want := Of(m)
	for range 20 {
		if got := Of(m); got != want {
			t.Fatalf("Of(map) changed between calls: %v, then %v", want, got)
		}
	}
}

func TestReplace(t *testing.T) {
	stand := Sum{1}
	h := Hasher{Replace: func(p reflect.Value) (Sum, bool) {
		if n, ok := p.Interface().(*node); ok && n.Name == "cut" {
			return stand, true
		}
		return Sum{}, false
	}}
	h.Add(&node{Name: "top", Next: &node{Name: "cut", Tags: map[string]int{"x": 1}}})
	a := h.Sum()

	h2 := Hasher{Replace: h.Replace}
	h2.Add(&node{Name: "top", Next: &node{Name: "cut", Tags: map[string]int{"x": 2}}})
	if b := h2.Sum(); a != b {
		t.Errorf("a replaced pointer's contents changed the sum: %v != %v", a, b)
	}
	h3 := Hasher{Replace: h.Replace}
	h3.Add(&node{Name: "other", Next: &node{Name: "cut"}})
	if c := h3.Sum(); a == c {
		t.Errorf("the fields around a replaced pointer did not count")
	}
}

type outer struct {
	Inner inner
	Name  string
}

type inner struct{ N int }

type both struct {
	In  *inner
	Out *outer
}

func TestPointerToFirstField(t *testing.T) {
	// &o.Inner and &o have the same address; both must be written in full.
	o := &outer{Inner: inner{1}, Name: "a"}
	o2 := &outer{Inner: inner{1}, Name: "b"}
	if Of(both{&o.Inner, o}) == Of(both{&o2.Inner, o2}) {
		t.Errorf("a struct reached after a pointer to its first field was not written")
	}
}

func TestLargeValues(t *testing.T) {
	// Large strings and byte slices go into the hash in pieces; the sum must
	// be the same as for one piece, and still see every byte.
	big := strings.Repeat("abcdefgh", 5000)
	a := Of([]any{big, []byte(big), map[string]string{"k": big}})
	b := Of([]any{big, []byte(big), map[string]string{"k": big}})
	c := Of([]any{big[:len(big)-1] + "x", []byte(big), map[string]string{"k": big}})
	if a != b {
		t.Errorf("equal large values have different sums")
	}
	if a == c {
		t.Errorf("large values differing in their last byte have the same sum")
	}
	var h Hasher
	for range 3000 {
		h.AddString("short")
	}
	var h2 Hasher
	for range 3000 {
		h2.AddString("short")
	}
	if h.Sum() != h2.Sum() {
		t.Errorf("a buffer flushed many times gives different sums")
	}
}

// TestFlushPoints checks that where the buffer is flushed into the hash
// does not change the sum: a Hasher that keeps everything in its buffer
// (as for map entries) sees the same stream of bytes as one that flushes
// it whenever it grows past flushAt, here many times over, in every way of
// writing.
func TestFlushPoints(t *testing.T) {
	kids := make([]*node, 400)
	for i := range kids {
		kids[i] = &node{Name: strings.Repeat("n", i%50)}
	}
	write := func(h *Hasher) {
		for i := range 500 {
			h.AddString(strings.Repeat("s", i%40))
			h.AddInt(i)
			h.AddSum(Sum{byte(i)})
			h.AddBytes([]byte(strings.Repeat("b", i%3000)))
		}
		h.Add(&node{Name: "root", Kids: kids})
	}
	var flushed, kept Hasher
	kept.collect = true
	write(&flushed)
	write(&kept)
	if flushed.sha == nil {
		t.Fatal("the buffer was never flushed: the test writes too little")
	}
	if len(flushed.buf) >= flushAt+1024 {
		t.Errorf("the buffer holds %d bytes; want it flushed past %d", len(flushed.buf), flushAt)
	}
	if got, want := flushed.Sum(), Sum(sha256.Sum256(kept.buf)); got != want {
		t.Errorf("the flushed sum differs from the sum of the whole stream")
	}
}

// TestReset checks that a Hasher reset after writing (a little, or enough
// to go into the hash, with pointers it has seen) sums what a new Hasher
// sums.
func TestReset(t *testing.T) {
	type node struct {
		Name string
		Next *node
	}
	shared := &node{Name: "shared"}
	write := func(h *Hasher) {
		h.AddString("item")
		h.Add([]*node{shared, shared})
		h.AddInt(7)
	}
	var fresh Hasher
	write(&fresh)
	want := fresh.Sum()
	for _, before := range []func(h *Hasher){
		func(h *Hasher) {},
		func(h *Hasher) { h.AddString("a little") },
		func(h *Hasher) { h.AddBytes(make([]byte, 3*flushAt)); h.Add(shared) },
		func(h *Hasher) { h.Add(map[string]*node{"k": shared}) },
	} {
		var h Hasher
		before(&h)
		_ = h.Sum()
		h.Reset()
		write(&h)
		if got := h.Sum(); got != want {
			t.Errorf("after a reset: %s, want %s", got, want)
		}
	}
}
