package publish

// Refiltered reports whether Refilter took its was's decision, rather
// than calling Filter.
func Refiltered(r *Result) bool { return r.refiltered }
