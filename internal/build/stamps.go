package build

import (
	"sync"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// stamps are the render cache's render.Stamps: each parsed page's Doc is
// stamped, with a number no stamp had before, each time the resolve stage
// fills its tree in. The build's cache keeps them, rather than the Doc
// counting its own resolves: a Doc is what the parse stage made, and what
// later stages fill in is theirs to record. A stamp outlives builds that
// render nothing (those with errors), so the render cache sees every
// resolve it missed.
type stamps struct {
	mu   sync.RWMutex
	last uint64
	of   map[*markup.Doc]uint64
}

// stamp gives d a new stamp. Pages are resolved in parallel.
func (s *stamps) stamp(d *markup.Doc) {
	s.mu.Lock()
	s.last++
	if s.of == nil {
		s.of = map[*markup.Doc]uint64{}
	}
	s.of[d] = s.last
	s.mu.Unlock()
}

// Stamp returns d's stamp, or 0 when it has none.
func (s *stamps) Stamp(d *markup.Doc) uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.of[d]
}

// staleStamps is how many Docs that no page holds any more the stamps may
// keep: each keeps its Doc, as the render cache's own memos do (at most
// its staleDocs, 64).
const staleStamps = 64

// prune lets go the stamps of the Docs that none of the pages holds any
// more (replaced by a parse of an edited file, or of a page removed), once
// there may be more than staleStamps of them: a pass over every page, made
// once in that many body edits.
func (s *stamps) prune(pages []*resolve.Page) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.of) <= len(pages)+staleStamps {
		return
	}
	kept := make(map[*markup.Doc]uint64, len(pages))
	for _, p := range pages {
		if st, ok := s.of[p.Doc]; ok && p.Doc != nil {
			kept[p.Doc] = st
		}
	}
	s.of = kept
}
