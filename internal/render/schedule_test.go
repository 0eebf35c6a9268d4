package render

import (
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/view"
)

// TestSchedule holds the workers' order to every job once, the pages that
// show the site's lists first (in their order), then the others in
// theirs.
func TestSchedule(t *testing.T) {
	kind := func(name string) *view.Kind {
		k := view.KindOf(name)
		return &k
	}
	tests := []struct {
		name  string
		kinds []string
		want  []int
	}{
		{"none", nil, []int{}},
		{"only pages", []string{"note", "note", "source"}, []int{0, 1, 2}},
		{"a site", []string{"home", "note", "note", "source", "sources", "tags", "claims", "timeline", "maintenance", "search", "404", "tag", "alias"},
			[]int{0, 4, 5, 6, 7, 8, 9, 1, 2, 3, 10, 11, 12}},
	}
	for _, tt := range tests {
		jobs := make([]job, len(tt.kinds))
		for i, k := range tt.kinds {
			jobs[i] = job{kind: kind(k)}
		}
		got := schedule(jobs)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: schedule = %v; want %v", tt.name, got, tt.want)
		}
	}
}
