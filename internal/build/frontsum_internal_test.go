package build

import (
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestFrontSumKept: frontSum given the last call's sums takes a page's
// last sum only when it is the same File with the same commit date, and
// gives what it gives with no last sums whatever changed.
func TestFrontSumKept(t *testing.T) {
	note := func(name string, front uint64) *content.Note {
		return &content.Note{Slug: name, File: content.File{Path: "content/notes/" + name + ".md", FrontSum: front, BodyLine: 4}}
	}
	site := func() *content.Site {
		return &content.Site{
			Notes:   []*content.Note{note("a", 1), note("b", 2), note("c", 3)},
			Sources: []*content.Source{{ID: "s", File: content.File{Path: "content/sources/s.md", FrontSum: 9, BodyLine: 5}}},
		}
	}
	for _, tc := range []struct {
		name string
		edit func(s *content.Site) // the next load, made from the last one's site
		// what differs from the last sums, by place
		differs []int
		// the pages summed again, when more than differs: a File read
		// again
		again []int
	}{
		{"nothing", func(*content.Site) {}, nil, nil},
		{"a note read again, the same", func(s *content.Site) { s.Notes[1] = note("b", 2) }, nil, []int{1}},
		{"a note's front matter", func(s *content.Site) { s.Notes[1] = note("b", 7) }, []int{1}, nil},
		{"a note's body moved down", func(s *content.Site) { n := note("c", 3); n.BodyLine = 5; s.Notes[2] = n }, []int{2}, nil},
		{"a commit date set in place", func(s *content.Site) { s.Notes[0].Committed = content.Date{Year: 2026, Month: 12, Day: 7} }, []int{0}, nil},
		{"a source's commit date unknown in place", func(s *content.Site) { s.Sources[0].Committed = content.Date{Unknown: true} }, []int{3}, nil},
		{"a note renamed", func(s *content.Site) { s.Notes[2] = note("d", 3) }, []int{2}, nil},
		{"a note gone", func(s *content.Site) { s.Notes = s.Notes[:2] }, nil, nil},
		{"a note added", func(s *content.Site) { s.Notes = append(s.Notes, note("d", 4)) }, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := site()
			sum, pages, from := frontSum(resolve.Input{Site: s}, nil, nil)
			lastPages := slices.Clone(pages)
			tc.edit(s)
			wantSum, want, _ := frontSum(resolve.Input{Site: s}, nil, nil)
			gotSum, got, gotFrom := frontSum(resolve.Input{Site: s}, pages, from)
			if gotSum != wantSum || !slices.Equal(got, want) {
				t.Fatalf("with the last sums: %x %v; made afresh: %x %v", gotSum, got, wantSum, want)
			}
			if len(got) == len(lastPages) {
				var differs []int
				for i := range got {
					if got[i] != lastPages[i] {
						differs = append(differs, i)
					}
				}
				if !slices.Equal(differs, tc.differs) {
					t.Errorf("pages whose sum changed: %v, want %v", differs, tc.differs)
				}
				// The last sums taken, not made again: given other last
				// sums, the pages that did not change have those.
				other := make([]uint64, len(lastPages))
				for i, p := range lastPages {
					other[i] = ^p
				}
				_, took, _ := frontSum(resolve.Input{Site: s}, other, from)
				again := tc.again
				if again == nil {
					again = tc.differs
				}
				for i := range took {
					if kept := !slices.Contains(again, i); kept != (took[i] == other[i]) {
						t.Errorf("page %d: the last sum taken %v, want %v", i, !kept, kept)
					}
				}
			} else if gotSum == sum {
				t.Error("the site's sum did not change with its number of pages")
			}
			// What the next call compares with: each page's File now.
			for i, f := range gotFrom {
				if f.file != fileOf(s, i) {
					t.Errorf("page %d summed from %s, want %s", i, f.file.Path, fileOf(s, i).Path)
				}
			}
		})
	}
}

// fileOf returns the File of page i of s, in the order of frontSum.
func fileOf(s *content.Site, i int) *content.File {
	if i < len(s.Notes) {
		return &s.Notes[i].File
	}
	return &s.Sources[i-len(s.Notes)].File
}
