package resolve

import "testing"

// TestHint checks the "did you mean" of an unknown note or source: a
// shortened id names the one id it starts, or lists them when several do;
// a misspelt one names the closest; otherwise the known ids are listed.
func TestHint(t *testing.T) {
	pages := func(ids ...string) []*Page {
		var ps []*Page
		for _, id := range ids {
			ps = append(ps, &Page{Slug: id})
		}
		return ps
	}
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"ft-2026", []string{"espreso-2026-01-27", "ft-2026-01-27"}, `did you mean "ft-2026-01-27"?`},
		{"ft-2026", []string{"ft-2026-01-27", "ft-2026-02-03"}, `did you mean one of: "ft-2026-01-27", "ft-2026-02-03"?`},
		{"ft", []string{"ft-1", "ft-2", "ft-3", "ft-4", "ft-5", "ft-6", "ft-7", "ft-8", "ft-9", "ft-10", "ft-11", "ft-12", "ft-13"},
			`did you mean one of: "ft-1", "ft-2", "ft-3", "ft-4", "ft-5", "ft-6", "ft-7", "ft-8", "ft-9", "ft-10", "ft-11", "ft-12", and 1 more?`},
		{"budapest-memorandun", []string{"budapest-memorandum", "overview"}, `did you mean "budapest-memorandum"?`},
		{"zzz", []string{"alpha", "beta"}, "known sources: alpha, beta"},
		{"zzz", nil, "known sources: none"},
	}
	for _, tt := range tests {
		if got := hint(tt.name, pages(tt.ids...), "known sources"); got != tt.want {
			t.Errorf("hint(%q, %v) = %s; want %s", tt.name, tt.ids, got, tt.want)
		}
	}
}
