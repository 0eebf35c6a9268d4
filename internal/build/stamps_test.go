package build

import (
	"runtime"
	"testing"
	"weak"

	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestStamps checks that each resolve gives a Doc a stamp no Doc had
// before, and that prune lets go only the stamps of Docs no page holds,
// once they are more than staleStamps.
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

	pages := []*resolve.Page{{Doc: a}, {Doc: b}, {}} // a page without a Doc as well
	for len(s.of) < len(pages)+staleStamps {
		s.stamp(&markup.Doc{}) // replaced Docs, as many as may be kept
	}
	s.prune(pages)
	if len(s.of) != len(pages)+staleStamps {
		t.Fatalf("prune at the limit kept %d stamps of %d", len(s.of), len(pages)+staleStamps)
	}
	s.stamp(&markup.Doc{}) // one more
	before := s.Stamp(a)
	s.prune(pages)
	if len(s.of) != 2 || s.Stamp(a) != before || s.Stamp(b) == 0 {
		t.Errorf("after prune: %d stamps, a's %d (was %d), b's %d; want a's and b's only", len(s.of), s.Stamp(a), before, s.Stamp(b))
	}
}

// TestStampsLetReplacedDocsGo checks that the stamps do not keep a page's
// replaced Docs alive past staleStamps edits of it: a preview edits one
// page many times, each edit a new Doc, on a site of many pages.
func TestStampsLetReplacedDocsGo(t *testing.T) {
	var s stamps
	pages := make([]*resolve.Page, 100)
	for i := range pages {
		pages[i] = &resolve.Page{Doc: &markup.Doc{}}
		s.stamp(pages[i].Doc)
	}
	first := weak.Make(pages[0].Doc)
	for range 2 * staleStamps {
		pages[0].Doc = &markup.Doc{Source: make([]byte, 1<<10)} // an edit: a new parse
		s.stamp(pages[0].Doc)
		s.prune(pages)
	}
	runtime.GC()
	if first.Value() != nil {
		t.Errorf("the first Doc of an edited page is still reachable after %d edits", 2*staleStamps)
	}
	if len(s.of) > len(pages)+staleStamps {
		t.Errorf("%d stamps kept for %d pages", len(s.of), len(pages))
	}
}
