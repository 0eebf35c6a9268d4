// Package packed compresses what the preview keeps between builds
// (rendered pages and bodies, the search index's page fragments) with s2,
// which packs HTML and JSON to about a third in a fraction of the time a
// page takes to render, and unpacks it when it is served. A Store keeps
// packed bytes in a temporary file rather than in memory, and a full
// build's Texts, the short texts it shows on other pages than the one that
// made them.
package packed

import (
	"bytes"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// Pack returns data compressed, in a slice of its own size: s2.Encode
// gives one of the largest size the data might need, which kept for every
// page would hold more than the pages themselves.
func Pack(data []byte) []byte {
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	enc := s2.Encode((*buf)[:cap(*buf)], data)
	*buf = enc[:cap(enc)] // perhaps a larger buffer, kept for the next
	return bytes.Clone(enc)
}

var buffers = sync.Pool{New: func() any { return new([]byte) }}

// Plain returns the bytes of a file kept in one of the three ways the
// preview keeps them: in a Store (stored is valid), packed in memory (data,
// isPacked), or as they are (data).
func Plain(data []byte, isPacked bool, stored Ref) ([]byte, error) {
	switch {
	case stored.Valid():
		return stored.Plain()
	case isPacked:
		return Unpack(data)
	}
	return data, nil
}

// Unpack returns the bytes Pack compressed.
func Unpack(data []byte) ([]byte, error) { return s2.Decode(nil, data) }

// UnpackString returns the bytes Pack compressed as a string, decoded into
// the string's own memory: a page's body is unpacked as the template's
// HTML, which a conversion of Unpack's bytes would copy (at 10,000 notes,
// 160 MB of a full build's allocation).
func UnpackString(data []byte) (string, error) {
	n, err := s2.DecodedLen(data)
	if err != nil || n == 0 {
		return "", err
	}
	b, err := s2.Decode(make([]byte, n), data)
	if err != nil {
		return "", err
	}
	// b is this function's alone, and never written again.
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// Len returns the length of the bytes Pack compressed, or of data itself
// when it is not what Pack gives.
func Len(data []byte) int {
	n, err := s2.DecodedLen(data)
	if err != nil {
		return len(data)
	}
	return n
}
