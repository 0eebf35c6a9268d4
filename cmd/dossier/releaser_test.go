package main

import (
	"strings"
	"testing"
)

// TestReleaser holds the server's Release to giving memory back after a
// build that allocated releaseAfter or more since the last call, and to a
// collection alone after a smaller one.
func TestReleaser(t *testing.T) {
	for _, tc := range []struct {
		name   string
		allocs []uint64 // what the program has allocated at each call
		want   string   // f: debug.FreeOSMemory, c: runtime.GC, one per call
	}{
		{"the first build is large", []uint64{releaseAfter + 1}, "f"},
		{"the first build is small", []uint64{releaseAfter - 1}, "c"},
		{"edits after a large first build", []uint64{3 * releaseAfter, 3*releaseAfter + 40<<20, 3*releaseAfter + 80<<20}, "fcc"},
		{"exactly releaseAfter", []uint64{releaseAfter, 2 * releaseAfter}, "ff"},
		{"a template change among edits", []uint64{releaseAfter, releaseAfter + 1<<20, 3 * releaseAfter, 3*releaseAfter + 1<<20}, "fcfc"},
		{"small builds do not add up", []uint64{100 << 20, 200 << 20, 300 << 20, 400 << 20}, "cccc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls strings.Builder
			at := 0
			r := &releaser{
				allocated: func() uint64 { return tc.allocs[at] },
				collect:   func() { calls.WriteByte('c') },
				free:      func() { calls.WriteByte('f') },
			}
			for at = range tc.allocs {
				r.release()
			}
			if got := calls.String(); got != tc.want {
				t.Errorf("calls %q; want %q", got, tc.want)
			}
		})
	}
}

// TestHeapAllocated checks that the releaser reads a count that grows as
// the program allocates.
func TestHeapAllocated(t *testing.T) {
	before := heapAllocated()
	sink = make([]byte, 1<<20)
	if after := heapAllocated(); after < before+1<<20 {
		t.Errorf("allocated %d bytes after %d and a 1 MiB slice", after, before)
	}
}

var sink []byte
