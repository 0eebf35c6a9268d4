package packed

import (
	"errors"
	"hash/maphash"
	"iter"
	"os"
	"runtime"
	"slices"
	"sync"

	"github.com/klauspost/compress/s2"
)

// A Store is a temporary file that packed bytes are written to rather than
// kept in memory: the bodies a full build renders while it parses and reads
// back when it renders the pages, the texts it makes on one page and shows
// on others (see Text, which are written as they are), and the pages the
// preview serves and keeps from one build to the next. Bytes are only ever
// appended, so a Ref stays good while its Store is reachable; a Store that
// keeps bytes from build to build grows, and its owner copies what it still
// needs into a new one now and then (Garbage says when).
//
// The file is removed when the Store is closed, or when neither the Store
// nor any Ref into it is reachable any more. Where an open file can be
// removed (not on Windows) it goes at once, so that nothing is left behind
// even when the process is killed.
//
// A Store is safe for concurrent use.
type Store struct {
	mu   sync.Mutex
	f    *os.File
	size int64
	err  error // the first failed write's

	readErr error // the first failed read of a Text (see ReadErr)

	removed bool // the file was removed when it was made
	cleanup runtime.Cleanup
}

// NewStore makes a Store in the system's temporary folder, in a file whose
// name begins with prefix.
func NewStore(prefix string) (*Store, error) {
	f, err := os.CreateTemp("", prefix+"-*")
	if err != nil {
		return nil, err
	}
	s := &Store{f: f, removed: os.Remove(f.Name()) == nil}
	removed := s.removed
	s.cleanup = runtime.AddCleanup(s, func(f *os.File) {
		_ = f.Close()
		if !removed {
			_ = os.Remove(f.Name())
		}
	}, f)
	return s, nil
}

// Put packs data (see Pack) and appends it to the store.
func (s *Store) Put(data []byte) (Ref, error) {
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	enc := s2.Encode((*buf)[:cap(*buf)], data)
	*buf = enc[:cap(enc)]
	return s.Write(enc)
}

// Write appends p, bytes Pack returned, to the store. Once a write has
// failed (a full disk), every later one fails too, and the caller keeps
// its bytes in memory.
func (s *Store) Write(p []byte) (Ref, error) {
	at, err := s.append(p)
	if err != nil {
		return Ref{}, err
	}
	return Ref{s: s, at: at, n: len(p), plain: Len(p), sum: maphash.Bytes(seed, p)}, nil
}

// append appends p to the store's file and says where it begins.
func (s *Store) append(p []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	at := s.size
	if _, err := s.f.WriteAt(p, at); err != nil {
		s.err = err
		return 0, err
	}
	s.size += int64(len(p))
	return at, nil
}

// Size returns how many bytes have been written to the store.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// Close removes the store's file; its Refs no longer read.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == os.ErrClosed {
		return nil
	}
	s.err = os.ErrClosed
	s.cleanup.Stop()
	err := s.f.Close()
	if !s.removed {
		_ = os.Remove(s.f.Name())
	}
	return err
}

// Garbage reports whether a store holding live bytes still needed is worth
// replacing by a new one holding only those: when at least min bytes of it
// and more than half of it are no longer needed.
func (s *Store) Garbage(live, min int64) bool {
	size := s.Size()
	return size-live >= min && size-live > size/2
}

// Renew returns the store that bytes kept from build to build are to go
// to: a new one when s is nil (nil when none can be made); a new one when
// at least min bytes of s, and more than half of it, are not among held,
// the refs still needed, after move has copied those into it (Ref.CopyTo);
// else s. moved says whether move was called. What still refers to s keeps
// it readable.
func Renew(s *Store, prefix string, min int64, held iter.Seq[Ref], move func(fresh *Store)) (store *Store, moved bool) {
	if s == nil {
		return RenewLive(nil, prefix, min, 0, move)
	}
	return RenewLive(s, prefix, min, Live(s, held), move)
}

// Live counts the bytes of s that the refs held are, each as often as it
// is held; refs to other stores do not count.
func Live(s *Store, held iter.Seq[Ref]) int64 {
	var live int64
	for r := range held {
		if s != nil && r.s == s {
			live += int64(r.n)
		}
	}
	return live
}

// RenewLive is Renew told how many bytes of s are still needed (Live of
// the refs held), counted when it was cheaper: what holds them is cold in
// memory when the next build begins.
func RenewLive(s *Store, prefix string, min, live int64, move func(fresh *Store)) (store *Store, moved bool) {
	if s == nil {
		s, _ = NewStore(prefix)
		return s, false
	}
	if !s.Garbage(live, min) {
		return s, false
	}
	fresh, err := NewStore(prefix)
	if err != nil {
		return s, false
	}
	move(fresh)
	return fresh, true
}

// Ref is where Store.Put or Store.Write put packed bytes. The zero Ref is
// no bytes at all (Valid is false).
type Ref struct {
	s     *Store
	at    int64
	n     int
	plain int
	sum   uint64 // of the packed bytes (see Differ)
}

// seed is the seed of the Refs' sums, the same for the whole process.
var seed = maphash.MakeSeed()

// Differ reports whether r and q are known to hold different bytes without
// reading them: their lengths or their sums differ. Refs that may hold the
// same bytes must be read to be sure.
func (r Ref) Differ(q Ref) bool { return r.n != q.n || r.sum != q.sum }

// Valid reports whether r refers to bytes in a Store.
func (r Ref) Valid() bool { return r.s != nil }

// Store returns the store r is in.
func (r Ref) Store() *Store { return r.s }

// Len returns the length of the packed bytes.
func (r Ref) Len() int { return r.n }

// PlainLen returns the length of the bytes unpacked.
func (r Ref) PlainLen() int { return r.plain }

// Packed reads the packed bytes back.
func (r Ref) Packed() ([]byte, error) { return r.AppendPacked(make([]byte, 0, r.n)) }

// AppendPacked reads the packed bytes back, appended to dst: with a dst
// of room enough, into its memory.
func (r Ref) AppendPacked(dst []byte) ([]byte, error) {
	if r.s == nil {
		return dst, errors.New("packed: no bytes stored")
	}
	dst = slices.Grow(dst, r.n)
	b := dst[len(dst) : len(dst)+r.n]
	if _, err := r.s.f.ReadAt(b, r.at); err != nil {
		return dst, err
	}
	return dst[:len(dst)+r.n], nil
}

// Plain reads the bytes back and unpacks them.
func (r Ref) Plain() ([]byte, error) {
	p, err := r.Packed()
	if err != nil {
		return nil, err
	}
	return Unpack(p)
}

// CopyTo writes r's bytes to another store.
func (r Ref) CopyTo(s *Store) (Ref, error) {
	p, err := r.Packed()
	if err != nil {
		return Ref{}, err
	}
	return s.Write(p)
}
