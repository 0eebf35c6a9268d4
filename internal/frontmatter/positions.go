package frontmatter

import (
	"encoding/binary"
	"slices"
	"strings"
)

// Packed is Positions packed into one string, for a loaded file to keep
// from its load to the end of the build: each path as a length and its
// bytes, then its line and column, all as uvarints. Only a diagnostic
// looks a position up, so Lookup reads the string through. At 10,000
// notes the maps (their paths included) were 7 MB of a full build's
// largest live heap; packed they are about a fifth of that.
//
// The zero Packed holds no position.
type Packed string

// Pack returns p packed, in the order of its paths (so that the same
// positions pack to the same string).
func (p Positions) Pack() Packed {
	if len(p) == 0 {
		return ""
	}
	paths := make([]string, 0, len(p))
	n := 0
	for path, at := range p {
		paths = append(paths, path)
		n += uvarintLen(len(path)) + len(path) + uvarintLen(at.Line) + uvarintLen(at.Col)
	}
	slices.Sort(paths)
	var b strings.Builder // made to size: its string is not copied again
	b.Grow(n)
	var num [binary.MaxVarintLen64]byte
	for _, path := range paths {
		at := p[path]
		b.Write(binary.AppendUvarint(num[:0], uint64(len(path))))
		b.WriteString(path)
		b.Write(binary.AppendUvarint(num[:0], uint64(max(at.Line, 0))))
		b.Write(binary.AppendUvarint(num[:0], uint64(max(at.Col, 0))))
	}
	return Packed(b.String())
}

// uvarintLen is the bytes v takes as a uvarint (1 for a negative v, which
// Pack writes as 0).
func uvarintLen(v int) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

// Lookup returns the position of the value at path, as Positions does.
func (p Packed) Lookup(path string) (Pos, bool) {
	s := string(p)
	for len(s) > 0 {
		n, k := uvarint(s)
		if k <= 0 || n > uint64(len(s)-k) {
			return Pos{}, false // not made by Pack
		}
		s = s[k:]
		name := s[:n]
		s = s[n:]
		line, k := uvarint(s)
		if k <= 0 {
			return Pos{}, false
		}
		s = s[k:]
		col, k := uvarint(s)
		if k <= 0 {
			return Pos{}, false
		}
		s = s[k:]
		if name == path {
			return Pos{Line: int(line), Col: int(col)}, true
		}
	}
	return Pos{}, false
}

// uvarint reads a uvarint at the start of s, as binary.Uvarint does (the
// conversion of at most ten bytes, for a lookup only a diagnostic makes).
func uvarint(s string) (uint64, int) {
	return binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
}
