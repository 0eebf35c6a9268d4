package digest

import (
	"crypto/sha256"
	"strings"
	"testing"
)

// sumOf returns the Sum of what write writes.
func sumOf(write func(h *Hasher)) Sum {
	var h Hasher
	write(&h)
	return h.Sum()
}

// TestApart holds the Hasher to writing different sequences of values as
// different bytes, and the same as the same.
func TestApart(t *testing.T) {
	big := strings.Repeat("abcdefgh", 5000)
	tests := []struct {
		name  string
		a, b  func(h *Hasher)
		equal bool
	}{
		{"same strings", func(h *Hasher) { h.AddString("x") }, func(h *Hasher) { h.AddString("x") }, true},
		{"different strings", func(h *Hasher) { h.AddString("x") }, func(h *Hasher) { h.AddString("y") }, false},
		{"string boundaries", func(h *Hasher) { h.AddString("ab"); h.AddString("c") }, func(h *Hasher) { h.AddString("a"); h.AddString("bc") }, false},
		{"string lists' boundaries", func(h *Hasher) { h.AddStrings([]string{"a"}); h.AddStrings(nil) }, func(h *Hasher) { h.AddStrings(nil); h.AddStrings([]string{"a"}) }, false},
		{"empty string and nothing", func(h *Hasher) { h.AddString("") }, func(h *Hasher) {}, false},
		{"string and bytes", func(h *Hasher) { h.AddString("x") }, func(h *Hasher) { h.AddBytes([]byte("x")) }, false},
		{"int and uint", func(h *Hasher) { h.AddInt(1) }, func(h *Hasher) { h.AddUint(1) }, false},
		{"int and bool", func(h *Hasher) { h.AddInt(1) }, func(h *Hasher) { h.AddBool(true) }, false},
		{"bools", func(h *Hasher) { h.AddBool(true) }, func(h *Hasher) { h.AddBool(false) }, false},
		{"negative ints", func(h *Hasher) { h.AddInt(-1) }, func(h *Hasher) { h.AddInt(1) }, false},
		{"int lists", func(h *Hasher) { h.AddInts([]int{1, 2}) }, func(h *Hasher) { h.AddInts([]int{1}); h.AddInt(2) }, false},
		{"sum and int", func(h *Hasher) { h.AddSum(Sum{}) }, func(h *Hasher) { h.AddInt(0) }, false},
		{"sums", func(h *Hasher) { h.AddSum(Sum{1}) }, func(h *Hasher) { h.AddSum(Sum{2}) }, false},
		{"large strings", func(h *Hasher) { h.AddString(big) }, func(h *Hasher) { h.AddString(big) }, true},
		{"large strings' last byte", func(h *Hasher) { h.AddString(big) }, func(h *Hasher) { h.AddString(big[:len(big)-1] + "x") }, false},
		{"large bytes' last byte", func(h *Hasher) { h.AddBytes([]byte(big)) }, func(h *Hasher) { h.AddBytes([]byte(big[:len(big)-1] + "x")) }, false},
	}
	for _, tt := range tests {
		if got := sumOf(tt.a) == sumOf(tt.b); got != tt.equal {
			t.Errorf("%s: equal sums is %v; want %v", tt.name, got, tt.equal)
		}
	}
}

// TestFlushPoints checks that where the buffer is flushed into the hash
// does not change the sum: the Hasher's sum is SHA-256 of the whole stream
// of tagged values, here flushed many times over, in every way of
// writing, large values straight into the hash.
func TestFlushPoints(t *testing.T) {
	var stream []byte // the stream, written out by hand
	var h Hasher
	for i := range 500 {
		s := strings.Repeat("s", i%40)
		h.AddString(s)
		stream = append(append(append(stream, tagString), byte(len(s))), s...)
		h.AddInt(i % 60)
		stream = append(stream, tagInt, byte(2*(i%60)))
		h.AddSum(Sum{byte(i)})
		stream = append(append(stream, tagSum), Sum{byte(i)}.bytes()...)
		h.AddBool(i%2 == 0)
		stream = append(stream, tagBool, byte(1-i%2))
		b := []byte(strings.Repeat("b", i%100))
		h.AddBytes(b)
		stream = append(append(append(stream, tagBytes), byte(len(b))), b...)
		if i%100 == 0 {
			big := strings.Repeat("x", 3000) // past bigValue; its length takes two bytes
			h.AddString(big)
			stream = append(append(append(stream, tagString), 0xb8, 0x17), big...)
		}
	}
	if h.sha == nil {
		t.Fatal("the buffer was never flushed: the test writes too little")
	}
	if len(h.buf) >= flushAt+sha256.Size+1 {
		t.Errorf("the buffer holds %d bytes; want it flushed past %d", len(h.buf), flushAt)
	}
	if got, want := h.Sum(), Sum(sha256.Sum256(stream)); got != want {
		t.Errorf("the flushed sum differs from the sum of the whole stream")
	}
}

func (s Sum) bytes() []byte { return s[:] }

// TestReset checks that a Hasher reset after writing (a little, or enough
// to go into the hash) sums what a new Hasher sums.
func TestReset(t *testing.T) {
	write := func(h *Hasher) {
		h.AddString("item")
		h.AddInt(7)
	}
	want := sumOf(write)
	for _, before := range []func(h *Hasher){
		func(h *Hasher) {},
		func(h *Hasher) { h.AddString("a little") },
		func(h *Hasher) { h.AddBytes(make([]byte, 3*flushAt)) },
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
