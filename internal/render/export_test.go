package render

// SetMinGarbage sets how much of a Cache's store must be pages no longer
// kept before they are left behind (see Cache.pageStore), until restore.
func SetMinGarbage(n int64) (restore func()) {
	old := minGarbage
	minGarbage = n
	return func() { minGarbage = old }
}
