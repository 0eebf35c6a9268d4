// Package digest fingerprints what a page is made from, so that a build
// can tell whether it changed since the last build without keeping the
// old inputs around.
//
// A Hasher feeds typed values (strings, byte slices, numbers, flags and
// other Sums) into SHA-256, each with a tag and, for strings and bytes, its
// length, so that two different sequences of values never write the same
// bytes: "ab","c" differs from "a","bc", and an int from a Sum. The caller
// names every field it writes; there is no reflection. The render cache's
// writers (package render, key.go) hold themselves to every exported field
// of what they write with tests that change each field in turn.
package digest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
)

// Sum is a fingerprint.
type Sum [sha256.Size]byte

// String returns the Sum in hexadecimal.
func (s Sum) String() string { return hex.EncodeToString(s[:]) }

// Hasher accumulates values. The zero Hasher is ready to use.
type Hasher struct {
	buf []byte
	sha hash.Hash
}

// flushAt is how much is buffered before it goes into the hash.
const flushAt = 8 << 10

// bigValue is the length from which a string or byte slice goes straight
// into the hash rather than through the buffer.
const bigValue = 1024

// Value tags keep values of different kinds apart.
const (
	tagBool byte = iota + 1
	tagInt
	tagUint
	tagString
	tagBytes
	tagSum
)

// spill flushes the buffer once it holds flushAt bytes, so that it stays
// small however much is written (it grew to the size of all that a page's
// key covered: a tenth of a rebuild's CPU, in growing and clearing it).
func (h *Hasher) spill() {
	if len(h.buf) >= flushAt {
		h.flush()
	}
}

func (h *Hasher) flush() {
	if h.sha == nil {
		h.sha = sha256.New()
	}
	h.sha.Write(h.buf)
	h.buf = h.buf[:0]
}

// AddBytes writes b.
func (h *Hasher) AddBytes(b []byte) {
	h.buf = append(h.buf, tagBytes)
	h.buf = binary.AppendUvarint(h.buf, uint64(len(b)))
	if len(b) < bigValue {
		h.buf = append(h.buf, b...)
		h.spill()
		return
	}
	h.flush()
	h.sha.Write(b)
}

// AddString writes s.
func (h *Hasher) AddString(s string) {
	h.buf = append(h.buf, tagString)
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	if len(s) < bigValue {
		h.buf = append(h.buf, s...)
		h.spill()
		return
	}
	h.flush()
	io.WriteString(h.sha, s)
}

// AddStrings writes the length of ss, then each string.
func (h *Hasher) AddStrings(ss []string) {
	h.AddInt(len(ss))
	for _, s := range ss {
		h.AddString(s)
	}
}

// AddInt writes n.
func (h *Hasher) AddInt(n int) {
	h.buf = append(h.buf, tagInt)
	h.buf = binary.AppendVarint(h.buf, int64(n))
	h.spill()
}

// AddInts writes the length of ns, then each number.
func (h *Hasher) AddInts(ns []int) {
	h.AddInt(len(ns))
	for _, n := range ns {
		h.AddInt(n)
	}
}

// AddUint writes n.
func (h *Hasher) AddUint(n uint64) {
	h.buf = append(h.buf, tagUint)
	h.buf = binary.AppendUvarint(h.buf, n)
	h.spill()
}

// AddBool writes b.
func (h *Hasher) AddBool(b bool) {
	v := byte(0)
	if b {
		v = 1
	}
	h.buf = append(h.buf, tagBool, v)
	h.spill()
}

// AddSum writes another Sum.
func (h *Hasher) AddSum(s Sum) {
	h.buf = append(h.buf, tagSum)
	h.buf = append(h.buf, s[:]...)
	h.spill()
}

// Sum returns the fingerprint of everything written so far.
func (h *Hasher) Sum() Sum {
	if h.sha == nil {
		return sha256.Sum256(h.buf)
	}
	h.flush()
	var s Sum
	h.sha.Sum(s[:0])
	return s
}

// Reset makes h as a new Hasher, keeping its buffer: a caller that takes
// many small fingerprints one after another need not grow a buffer for
// each.
func (h *Hasher) Reset() {
	h.buf = h.buf[:0]
	if h.sha != nil {
		h.sha.Reset()
	}
}
