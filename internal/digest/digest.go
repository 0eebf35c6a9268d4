// Package digest fingerprints Go values, so that a build can tell whether
// the inputs of a page changed since the last build without keeping the old
// inputs around.
//
// A Hasher walks a value by reflection and feeds every exported field,
// element and map entry (maps in key order) into SHA-256, so two values get
// the same Sum exactly when they hold the same data, whatever their
// addresses. Unexported fields, functions and channels are left out: they
// are what templates cannot see. A pointer met a second time is written as a
// back-reference, which keeps cyclic structures finite.
//
// Replace lets the caller stand a ready-made Sum in for a pointer, to cut the
// walk short: the render cache counts another page by what a page shows of
// it (its title, address, front matter), not by everything reachable from it.
package digest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Sum is a fingerprint.
type Sum [sha256.Size]byte

// String returns the Sum in hexadecimal.
func (s Sum) String() string { return hex.EncodeToString(s[:]) }

// Hasher accumulates values. The zero Hasher is ready to use.
type Hasher struct {
	// Replace, when not nil, is asked about each non-nil pointer before it is
	// followed; when it returns true, the Sum it returns is written instead.
	Replace func(ptr reflect.Value) (Sum, bool)

	buf     []byte
	sha     hash.Hash
	collect bool           // keep everything in buf (for map entries)
	seen    map[ptrKey]int // pointers already written -> their ordinal
}

// flushAt is how much is buffered before it goes into the hash.
const flushAt = 8 << 10

// write adds raw bytes: small ones to the buffer, large ones straight into
// the hash. Either way the hash sees the same stream of bytes.
func (h *Hasher) write(b []byte) {
	if h.collect || len(b) < 1024 {
		h.buf = append(h.buf, b...)
		if !h.collect && len(h.buf) >= flushAt {
			h.flush()
		}
		return
	}
	h.flush()
	h.sha.Write(b)
}

// spill flushes the buffer once it holds flushAt bytes, so that it stays
// small however much is written (it grew to the size of all that a page's
// key covered: a tenth of a rebuild's CPU, in growing and clearing it).
// Writes of a few bytes call it only every so often (value, AddString,
// AddSum): they add at most a few dozen bytes past flushAt between calls.
func (h *Hasher) spill() {
	if !h.collect && len(h.buf) >= flushAt {
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

// ptrKey identifies a pointer by address and type: a struct and its first
// field share an address.
type ptrKey struct {
	t reflect.Type
	p uintptr
}

// Value tags keep values of different shapes apart ("" vs nil vs 0).
const (
	tagNil byte = iota + 1
	tagBool
	tagInt
	tagUint
	tagFloat
	tagString
	tagBytes
	tagList
	tagMap
	tagStruct
	tagPtr
	tagBackRef
	tagSum
	tagIface
	tagOpaque
)

// Add writes v.
func (h *Hasher) Add(v any) {
	h.value(reflect.ValueOf(v))
}

// AddValue writes the value v holds.
func (h *Hasher) AddValue(v reflect.Value) {
	h.value(v)
}

// fieldCache holds, per struct type, the indexes of its exported fields.
var fieldCache sync.Map // reflect.Type -> []int

func exportedFields(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			idx = append(idx, i)
		}
	}
	fieldCache.Store(t, idx)
	return idx
}

// AddBytes writes b, faster than Add for byte slices.
func (h *Hasher) AddBytes(b []byte) {
	h.buf = append(h.buf, tagBytes)
	h.buf = binary.AppendUvarint(h.buf, uint64(len(b)))
	h.write(b)
}

// AddString writes s.
func (h *Hasher) AddString(s string) {
	h.buf = append(h.buf, tagString)
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	if h.collect || len(s) < 1024 {
		h.buf = append(h.buf, s...)
		h.spill()
		return
	}
	h.flush()
	io.WriteString(h.sha, s)
}

// AddInt writes n, faster than Add for an int.
func (h *Hasher) AddInt(n int) {
	h.buf = append(h.buf, tagInt)
	h.buf = binary.AppendVarint(h.buf, int64(n))
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

// Reset makes h as a new Hasher with the same Replace, keeping its buffer:
// a caller that takes many small fingerprints one after another need not
// grow a buffer for each.
func (h *Hasher) Reset() {
	h.buf = h.buf[:0]
	if h.sha != nil {
		h.sha.Reset()
	}
	h.collect = false
	clear(h.seen)
}

// Of returns the fingerprint of v alone.
func Of(v any) Sum {
	var h Hasher
	h.Add(v)
	return h.Sum()
}

func (h *Hasher) value(v reflect.Value) {
	h.spill()
	if !v.IsValid() {
		h.buf = append(h.buf, tagNil)
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		h.buf = append(h.buf, tagBool)
		if v.Bool() {
			h.buf = append(h.buf, 1)
		} else {
			h.buf = append(h.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.buf = append(h.buf, tagInt)
		h.buf = binary.AppendVarint(h.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.buf = append(h.buf, tagUint)
		h.buf = binary.AppendUvarint(h.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		h.buf = append(h.buf, tagFloat)
		h.buf = binary.BigEndian.AppendUint64(h.buf, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.buf = append(h.buf, tagFloat)
		h.buf = binary.BigEndian.AppendUint64(h.buf, math.Float64bits(real(c)))
		h.buf = binary.BigEndian.AppendUint64(h.buf, math.Float64bits(imag(c)))
	case reflect.String:
		h.AddString(v.String())
	case reflect.Slice:
		if v.IsNil() {
			h.buf = append(h.buf, tagNil)
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			h.AddBytes(v.Bytes())
			return
		}
		h.list(v)
	case reflect.Array:
		h.list(v)
	case reflect.Map:
		h.mapValue(v)
	case reflect.Struct:
		h.buf = append(h.buf, tagStruct)
		for _, i := range exportedFields(v.Type()) {
			h.value(v.Field(i))
		}
	case reflect.Pointer:
		h.pointer(v)
	case reflect.Interface:
		if v.IsNil() {
			h.buf = append(h.buf, tagNil)
			return
		}
		h.buf = append(h.buf, tagIface)
		h.AddString(v.Elem().Type().String())
		h.value(v.Elem())
	default: // func, chan, unsafe pointer: not data a template shows
		h.buf = append(h.buf, tagOpaque)
	}
}

func (h *Hasher) list(v reflect.Value) {
	h.buf = append(h.buf, tagList)
	h.buf = binary.AppendUvarint(h.buf, uint64(v.Len()))
	for i := range v.Len() {
		h.value(v.Index(i))
	}
}

func (h *Hasher) pointer(v reflect.Value) {
	if v.IsNil() {
		h.buf = append(h.buf, tagNil)
		return
	}
	if h.Replace != nil {
		if s, ok := h.Replace(v); ok {
			h.AddSum(s)
			return
		}
	}
	if h.seen == nil {
		h.seen = map[ptrKey]int{}
	}
	key := ptrKey{v.Type(), v.Pointer()}
	if n, ok := h.seen[key]; ok {
		h.buf = append(h.buf, tagBackRef)
		h.buf = binary.AppendUvarint(h.buf, uint64(n))
		return
	}
	h.seen[key] = len(h.seen)
	h.buf = append(h.buf, tagPtr)
	h.value(v.Elem())
}

// mapValue writes a map's entries ordered by the encoding of their keys, so
// that iteration order does not matter.
func (h *Hasher) mapValue(v reflect.Value) {
	if v.IsNil() {
		h.buf = append(h.buf, tagNil)
		return
	}
	type entry struct{ k, v []byte }
	entries := make([]entry, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		// Each entry starts from the pointers seen before the map, so that
		// the entries do not depend on the order they are visited in.
		kh := &Hasher{Replace: h.Replace, seen: maps.Clone(h.seen), collect: true}
		kh.value(iter.Key())
		vh := &Hasher{Replace: h.Replace, seen: maps.Clone(h.seen), collect: true}
		vh.value(iter.Value())
		entries = append(entries, entry{kh.buf, vh.buf})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(string(a.k), string(b.k)) })
	h.buf = append(h.buf, tagMap)
	h.buf = binary.AppendUvarint(h.buf, uint64(len(entries)))
	for _, e := range entries {
		h.write(e.k)
		h.write(e.v)
	}
}
