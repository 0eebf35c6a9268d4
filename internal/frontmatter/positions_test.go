package frontmatter_test

import (
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/frontmatter"
)

func TestPack(t *testing.T) {
	long := strings.Repeat("k", 300) // a path longer than one varint byte
	tests := []struct {
		name string
		pos  frontmatter.Positions
	}{
		{"none", nil},
		{"one", frontmatter.Positions{"title": {2, 8}}},
		{"prefixes", frontmatter.Positions{"cites": {3, 1}, "cites[1]": {4, 5}, "cites[10]": {14, 5}, "events[0].date": {20, 11}}},
		{"large", frontmatter.Positions{long: {1 << 20, 1 << 14}, "": {7, 7}, "x": {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			packed := tt.pos.Pack()
			for path, want := range tt.pos {
				if got, ok := packed.Lookup(path); !ok || got != want {
					t.Errorf("Lookup(%q) = %v, %v; want %v, true", path, got, ok, want)
				}
			}
			for _, path := range []string{"cite", "cites[", "cites[2]", "events[0]", "titles", long + "k"} {
				if _, ok := tt.pos[path]; ok {
					continue
				}
				if got, ok := packed.Lookup(path); ok {
					t.Errorf("Lookup(%q) = %v, true; want not found", path, got)
				}
			}
			if again := tt.pos.Pack(); again != packed {
				t.Errorf("Pack is not deterministic: %q, then %q", packed, again)
			}
		})
	}
	// The paths in order, each as its length, its bytes, its line and
	// its column, whatever order the map gives them in.
	pos := frontmatter.Positions{"title": {2, 8}, "cites[1]": {4, 300}, "b": {1, 1}}
	want := "\x01b\x01\x01" + "\x08cites[1]\x04\xac\x02" + "\x05title\x02\x08"
	for range 10 {
		if got := pos.Pack(); string(got) != want {
			t.Fatalf("Pack = %q, want %q", got, want)
		}
	}
}

// A Packed not made by Pack (cut short) finds what lies whole before the
// cut, and nothing after it, without a panic.
func TestPackedCut(t *testing.T) {
	pos := frontmatter.Positions{"a": {1, 1}, "b": {2, 300}, "c": {3, 3}}
	packed := pos.Pack()
	for cut := range len(packed) {
		p := packed[:cut]
		for path, want := range pos {
			got, ok := p.Lookup(path)
			whole := strings.Index(string(packed), path)+len(path)+lenPos(want) <= cut
			if ok != whole || (ok && got != want) {
				t.Errorf("cut at %d: Lookup(%q) = %v, %v; want found %v", cut, path, got, ok, whole)
			}
		}
	}
}

// lenPos is the bytes the line and column of p take packed.
func lenPos(p frontmatter.Pos) int {
	n := 0
	for _, v := range []int{p.Line, p.Col} {
		for n++; v >= 0x80; v >>= 7 {
			n++
		}
	}
	return n
}
