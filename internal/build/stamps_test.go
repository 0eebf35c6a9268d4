package build

import (
	"testing"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestStamps checks that each resolve gives a Doc a stamp no Doc had
// before, and that prune lets go only the stamps of Docs no page holds,
// once they are many.
func TestStamps(t *testing.T) {
	var s stamps
	a, b := &markup.Doc{}, &markup.Doc{}
	if s.Stamp(a) != 0 {
		t.Fatalf("a Doc never resolved has stamp %d", s.Stamp(a))
	}
	s.stamp(a)
	first := s.Stamp(a)
	s.stamp(b)
	s.stamp(a)
	if first == 0 || s.Stamp(a) == first || s.Stamp(a) == s.Stamp(b) || s.Stamp(b) == first {
		t.Errorf("stamps a, b, a gave a %d then %d, b %d: each must be new", first, s.Stamp(a), s.Stamp(b))
	}

	pages := []*resolve.Page{{Doc: a}, {Doc: b}, {}}
	s.prune(pages)
	if len(s.of) != 2 {
		t.Fatalf("prune with few stamps kept %d of 2", len(s.of))
	}
	for range 2*len(pages) + 64 {
		s.stamp(&markup.Doc{}) // replaced Docs
	}
	before := s.Stamp(a)
	s.prune(pages)
	if len(s.of) != 2 || s.Stamp(a) != before || s.Stamp(b) == 0 {
		t.Errorf("after prune: %d stamps, a's %d (was %d), b's %d; want a's and b's only", len(s.of), s.Stamp(a), before, s.Stamp(b))
	}
}
