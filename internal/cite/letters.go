package cite

import "strconv"

// Letters labels the i-th back-link anchor of one source on a page, counting
// from 0: a, b, ..., z, aa, ab, ..., az, ba, ... (bijective base 26, as
// spreadsheet columns are named). The resolve stage builds each citation's
// anchor with it and the templates label the reference list's back-links
// with it, so that the two never disagree.
func Letters(i int) string {
	const abc = "abcdefghijklmnopqrstuvwxyz"
	if i < 0 {
		return ""
	}
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / len(abc) {
		b = append(b, abc[(n-1)%len(abc)])
	}
	for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
		b[l], b[r] = b[r], b[l]
	}
	return string(b)
}

// Anchor returns the id of a page's nth citation (from 0) of the source
// numbered number in its reference list: cite-2-a, cite-2-b, ... The
// resolve stage gives each citation its id with it, and the reference
// list's back-links are made with it, so that a page keeps only the
// numbers and the two never disagree.
func Anchor(number, nth int) string {
	return "cite-" + strconv.Itoa(number) + "-" + Letters(nth)
}
