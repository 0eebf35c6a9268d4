package render

import "sync"

// spares are buffers for the pages a preview keeps whole and makes again
// on edits, with their long lists spliced in (the home page and the
// timeline: 2 MB each at 10,000 notes, made again on every title edit of
// a note they show), their memory faulted in while the preview is idle
// (Cache.Spare). Written into memory the process had not touched, or had
// given back, such a page faulted in its 500 pages one at a time: 3 to 10
// ms of a title edit, about one edit in four, where writing it took 0.2 to
// 0.5 ms.
type spares struct {
	mu   sync.Mutex
	want map[string]int    // the length of each such page as last made, by path
	bufs map[string][]byte // a buffer for each, until a Render takes it
}

// spareMin is the length from which a page kept whole has a spare: a
// shorter one faults in few pages.
var spareMin = 256 << 10

// Spare makes a buffer, its memory faulted in, for each page that a
// Render kept whole, with its lists spliced in, and that has none: the
// next Render writes the page into it. A preview calls it while idle,
// after a build; it may run while a Render does.
func (c *Cache) Spare() {
	if c == nil {
		return
	}
	c.spares.mu.Lock()
	var need map[string]int
	for path, n := range c.spares.want {
		if cap(c.spares.bufs[path]) < n {
			if need == nil {
				need = map[string]int{}
			}
			need[path] = n
		}
	}
	c.spares.mu.Unlock()
	for path, n := range need {
		buf := make([]byte, n+n/16)
		// A large slice comes from memory known to be zero, not
		// written: write a byte of each page, so that the kernel gives
		// it now.
		for i := 0; i < len(buf); i += 4096 {
			buf[i] = 0
		}
		c.spares.mu.Lock()
		if c.spares.bufs == nil {
			c.spares.bufs = map[string][]byte{}
		}
		if cap(c.spares.bufs[path]) < n {
			c.spares.bufs[path] = buf[:0]
		}
		c.spares.mu.Unlock()
	}
}

// takeSpare returns the spare buffer for the page at path, or nil, and
// lets it go: a page written into it is kept, and served.
func (cr *cacheRun) takeSpare(path string) []byte {
	if cr == nil {
		return nil
	}
	s := &cr.c.spares
	s.mu.Lock()
	defer s.mu.Unlock()
	buf := s.bufs[path]
	delete(s.bufs, path)
	return buf
}

// wantSpare notes that the page at path, kept whole, is n bytes long with
// its lists spliced in, or 0 when they were not: a later Spare makes a
// buffer for it when n is spareMin or more, and a buffer made for it
// before is let go when it is not.
func (cr *cacheRun) wantSpare(path string, n int) {
	if cr == nil {
		return
	}
	s := &cr.c.spares
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < spareMin {
		delete(s.want, path)
		delete(s.bufs, path)
		return
	}
	if s.want == nil {
		s.want = map[string]int{}
	}
	s.want[path] = n
}
