package content

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// Locator converts byte offsets in one text into lines and columns, as
// LineCol does. It indexes the lines once and counts columns on from its
// previous answer, so that a file with a hundred thousand problems costs
// linear time rather than quadratic. It is safe for concurrent use.
type Locator struct {
	src    []byte
	starts []int // the offset at which each line starts

	mu                         sync.Mutex
	lastOff, lastLine, lastCol int
}

// NewLocator returns a Locator for src.
func NewLocator(src []byte) *Locator {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Locator{src: src, starts: starts}
}

// LineCol returns the 1-based line and column (in characters) of the byte
// offset off.
func (l *Locator) LineCol(off int) (line, col int) {
	off = min(max(off, 0), len(l.src))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	line = i + 1
	from, col := l.starts[i], 1
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lastLine == line && l.lastOff >= from && l.lastOff <= off && (l.lastOff == len(l.src) || utf8.RuneStart(l.src[l.lastOff])) {
		from, col = l.lastOff, l.lastCol
	}
	col += utf8.RuneCount(l.src[from:off])
	l.lastOff, l.lastLine, l.lastCol = off, line, col
	return line, col
}
