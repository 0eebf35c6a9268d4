package cite

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
