package build

import (
	"slices"

	"github.com/dossier-site/dossier/internal/resolve"
)

// readIndex records which of a build's page results read which pages
// (resolve.PageResult.Reads): the pages that read a page, by their place
// in the site's pages. A front-matter edit then finds the pages whose last
// result no longer holds by the pages it changed, instead of looking
// through every page's reads (90,000 of them in 11,000 lists at 10,000
// notes, 4.5 ms of each such edit). Between edits it is brought up to
// date at the places whose result changed.
//
// R is the type of a result (*resolve.PageResult; a test's own in tests),
// and reads calls read with each page a result read, reporting false when
// the result read more of the site than pages, as PageResult.Reads does.
type readIndex[R comparable] struct {
	reads func(res R, read func(*resolve.Page)) bool
	// results are the results recorded, by place. They are held until
	// the next update: a result replaced since (a body edit's) is told
	// from its successor by its address, which holding it keeps from
	// being reused.
	results []R
	wide    []bool
	readers map[*resolve.Page][]int32
}

// update makes the index record results, in place of those it recorded:
// only the places whose result changed are looked at, when there are as
// many places as before.
func (x *readIndex[R]) update(results []R) {
	if x.readers == nil || len(results) != len(x.results) {
		x.readers = make(map[*resolve.Page][]int32, len(results))
		x.results = make([]R, len(results))
		x.wide = make([]bool, len(results))
	}
	var none R
	for i, res := range results {
		old := x.results[i]
		if res == old {
			continue
		}
		at := int32(i)
		if old != none {
			x.reads(old, func(q *resolve.Page) {
				list := x.readers[q]
				if k := slices.Index(list, at); k >= 0 {
					list[k] = list[len(list)-1]
					list = list[:len(list)-1]
				}
				if len(list) == 0 {
					delete(x.readers, q) // a page gone from the site is not held
				} else {
					x.readers[q] = list
				}
			})
		}
		x.wide[i] = false
		if res != none {
			x.wide[i] = !x.reads(res, func(q *resolve.Page) {
				// A result names a page it read once (TestReadsOnce).
				x.readers[q] = append(x.readers[q], at)
			})
		}
		x.results[i] = res
	}
}

// mark sets hit[i] for each place i whose result, as last recorded, read
// one of pages, or read more of the site than pages.
func (x *readIndex[R]) mark(pages map[*resolve.Page]bool, hit []bool) {
	for q := range pages {
		for _, i := range x.readers[q] {
			hit[i] = true
		}
	}
	for i, w := range x.wide {
		hit[i] = hit[i] || w
	}
}

// reset lets go of every result and page the index records: the site's
// pages are no longer the same.
func (x *readIndex[R]) reset() {
	x.results, x.wide, x.readers = nil, nil, nil
}
