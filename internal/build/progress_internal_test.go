package build

import (
	"slices"
	"sync"
	"testing"
)

// TestStageProgress holds a stage's progress to its first page, its last
// and every progressEvery-th, each once, however the pages' counts are
// shared among goroutines.
func TestStageProgress(t *testing.T) {
	for _, total := range []int{1, 2, progressEvery, progressEvery + 1, 3*progressEvery + 5} {
		var mu sync.Mutex
		var got []int
		fn := stageProgress(func(stage string, done, all int) {
			if stage != "render" || all != total {
				t.Errorf("told %q, %d of %d; want render, of %d", stage, done, all, total)
			}
			mu.Lock()
			got = append(got, done)
			mu.Unlock()
		}, "render")
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for done := 1 + w; done <= total; done += 2 {
					fn(done, total)
				}
			})
		}
		wg.Wait()
		slices.Sort(got)
		want := []int{1}
		for n := progressEvery; n < total; n += progressEvery {
			want = append(want, n)
		}
		if total > 1 {
			want = append(want, total)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d pages: told %v; want %v", total, got, want)
		}
	}
	if stageProgress(nil, "parse") != nil {
		t.Error("no progress function made one")
	}
}
