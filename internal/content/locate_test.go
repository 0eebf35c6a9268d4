package content

import (
	"math/rand/v2"
	"testing"
)

// TestLocator checks that Locator gives LineCol's answers, whatever the
// order of the questions.
func TestLocator(t *testing.T) {
	for _, src := range []string{
		"",
		"one line",
		"a\nb\n\nd",
		"\n\n\n",
		"ї é\nçà 😀x\n\tz",
		"---\r\ntitle: x\r\n",
	} {
		l := NewLocator([]byte(src))
		rng := rand.New(rand.NewPCG(1, uint64(len(src))))
		offs := []int{-1, 0, len(src), len(src) + 5}
		for i := 0; i <= len(src); i++ {
			offs = append(offs, i, rng.IntN(len(src)+1))
		}
		for _, off := range offs {
			wl, wc := LineCol([]byte(src), off)
			if gl, gc := l.LineCol(off); gl != wl || gc != wc {
				t.Errorf("NewLocator(%q).LineCol(%d) = %d, %d; want %d, %d", src, off, gl, gc, wl, wc)
			}
		}
	}
}
