package search

// Build returns the files of the index of docs, in the order given, sorted
// by name. stop lists the words to leave out (nil for none); it is written
// into the manifest so that the script leaves the same words out of
// queries. The build adds its pages to a Builder as they are resolved; the
// tests index a list at once.
func Build(docs []Doc, stop []string) []File {
	b := NewBuilder(len(docs), stop)
	for i, d := range docs {
		b.Add(i, d)
	}
	return b.Files()
}
