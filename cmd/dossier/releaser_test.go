package main

import (
	"runtime"
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
		live   uint64   // the live heap at each call
		want   string   // f: debug.FreeOSMemory, c: runtime.GC, one per call
	}{
		{"the first build is large", []uint64{releaseAfter + 1}, 0, "f"},
		{"the first build is small", []uint64{releaseAfter - 1}, 0, "c"},
		{"edits after a large first build", []uint64{3 * releaseAfter, 3*releaseAfter + 40<<20, 3*releaseAfter + 80<<20}, 200 << 20, "fcc"},
		{"exactly releaseAfter", []uint64{releaseAfter, 2 * releaseAfter}, releaseAfter, "ff"},
		{"a template change among edits", []uint64{releaseAfter, releaseAfter + 1<<20, 3 * releaseAfter, 3*releaseAfter + 1<<20}, 0, "fcfc"},
		{"small builds do not add up", []uint64{100 << 20, 200 << 20, 300 << 20, 400 << 20}, 0, "cccc"},
		// A site four times as large as releaseAfter: an edit that
		// allocates more than releaseAfter is still small beside it.
		{"edits on a large site", []uint64{20 * releaseAfter, 22 * releaseAfter, 24 * releaseAfter, 28*releaseAfter + 1}, 4 * releaseAfter, "fccf"},
		{"exactly the live heap", []uint64{4 * releaseAfter, 8 * releaseAfter}, 4 * releaseAfter, "ff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls strings.Builder
			at := 0
			r := &releaser{
				allocated: func() uint64 { return tc.allocs[at] },
				live:      func() uint64 { return tc.live },
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

// TestHeapLive checks that the releaser reads a live heap that holds what
// the program keeps.
func TestHeapLive(t *testing.T) {
	sink = make([]byte, 8<<20)
	runtime.GC()
	if live := heapLive(); live < 8<<20 {
		t.Errorf("live heap %d bytes with an 8 MiB slice kept", live)
	}
	runtime.KeepAlive(sink)
}

var sink []byte
