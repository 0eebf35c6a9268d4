package serve_test

import (
	"context"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
)

// releaseSite writes a one-note site and opens it; the test closes it.
func releaseSite(t *testing.T) (string, *os.Root) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "dossier.yaml", "title: Release\n")
	writeFile(t, dir, "content/notes/a.md", "---\ntitle: A\n---\nA note. {no citation}\n")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return dir, root
}

// TestServeReleases holds the server to calling Options.Release after
// each build, without making the build wait for it, and never twice at
// once: builds that end while it runs have it run once more, not once
// each.
func TestServeReleases(t *testing.T) {
	dir, root := releaseSite(t)

	gate := make(chan struct{})
	calls := make(chan int, 10)
	var running, overlapped, n atomic.Int64
	release := func() {
		if running.Add(1) > 1 {
			overlapped.Store(1)
		}
		defer running.Add(-1)
		calls <- int(n.Add(1))
		if n.Load() == 1 {
			<-gate // the first call holds on until the test lets it go
		}
	}
	srv := serve.New(serve.Options{Site: root.FS(), Dir: dir, Templates: dossier.Templates(), Release: release, Now: previewClock})

	wait := func(want int) {
		t.Helper()
		select {
		case got := <-calls:
			if got != want {
				t.Fatalf("Release call %d; want call %d", got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no Release call %d within 30 s", want)
		}
	}
	// The first build's Release begins, and holds on. Only then do the
	// next two builds run: a build that ends before Release begins is
	// covered by that call, so starting all three at once would leave
	// the number of calls to the scheduler.
	if res := srv.Rebuild(); !res.OK() {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	wait(1)
	// Each Rebuild returns while the first Release still runs.
	built := make(chan struct{})
	go func() {
		defer close(built)
		for range 2 {
			if res := srv.Rebuild(); !res.OK() {
				t.Errorf("build failed: %v", res.Diagnostics)
			}
		}
	}()
	select {
	case <-built:
	case <-time.After(30 * time.Second):
		t.Fatal("the builds waited for Release")
	}
	close(gate)
	wait(2) // once more, for the two builds that ended while it ran
	select {
	case got := <-calls:
		t.Errorf("Release call %d; want 2 in all", got)
	case <-time.After(200 * time.Millisecond):
	}
	if overlapped.Load() != 0 {
		t.Error("two Release calls ran at once")
	}

	// After a quiet spell, a build has it called again.
	srv.Rebuild()
	wait(3)
}

// TestServeReleaseWaits holds the server to calling Options.Release only
// once the reload event has reached the open pages, ReleaseDelay after the
// last build ended, and never while a build runs: the collection it makes
// takes the machine's cores.
func TestServeReleaseWaits(t *testing.T) {
	dir, root := releaseSite(t)
	const delay = 300 * time.Millisecond

	type call struct{ at time.Time }
	calls := make(chan call, 10)
	events := make(chan event, 64)       // the open page's, once open is set
	var open, building, over atomic.Bool // building: a build is held in its render stage
	t.Cleanup(func() { over.Store(true) })
	release := func() {
		if over.Load() {
			return // a call the test no longer waits for
		}
		if building.Load() {
			t.Error("Release called while a build runs")
		}
		if open.Load() {
			select {
			case e := <-events:
				if e.name != "rebuild" {
					t.Errorf("event %q before Release; want rebuild", e.name)
				}
			default:
				t.Error("Release called before the rebuild event reached the open page")
			}
		}
		calls <- call{time.Now()}
	}
	hold := make(chan struct{})
	var letGo sync.Once
	t.Cleanup(func() { letGo.Do(func() { close(hold) }) }) // a held build is let go, whatever fails
	var held atomic.Bool                                   // hold the next build once
	progress := func(stage string, done, total int) {
		if stage == "render" && held.CompareAndSwap(true, false) {
			building.Store(true)
			<-hold
			building.Store(false)
		}
	}
	within := func(c <-chan call, what string) call {
		t.Helper()
		select {
		case got := <-c:
			return got
		case <-time.After(30 * time.Second):
			t.Fatalf("no %s within 30 s", what)
		}
		return call{}
	}
	nextEvent := func() {
		t.Helper()
		select {
		case <-events:
		case <-time.After(30 * time.Second):
			t.Fatal("no event within 30 s")
		}
	}
	srv := serve.New(serve.Options{Site: root.FS(), Dir: dir, Templates: dossier.Templates(), Release: release, Now: previewClock, Progress: progress})
	srv.SetReleaseDelay(delay)
	if res := srv.Rebuild(); !res.OK() { // before any page is open
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	within(calls, "Release call after the first build")
	hs := httptest.NewServer(srv)
	defer hs.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	page := subscribe(t, ctx, hs.URL)
	go func() {
		for e := range page {
			events <- e
		}
	}()
	open.Store(true)

	// A build served: its event reaches the page, then Release is called.
	srv.Rebuild()
	within(calls, "Release call")

	// Two builds a third of the delay apart: one call, the delay after
	// the second.
	srv.Rebuild()
	time.Sleep(delay / 3)
	nextEvent() // the first build's, covered by the call below
	second := time.Now()
	srv.Rebuild()
	if got := within(calls, "Release call after two builds"); got.at.Before(second.Add(delay)) {
		t.Errorf("Release called %s after the second build began; want at least %s", got.at.Sub(second), delay)
	}

	// A build served, and another begun at once and held: no Release
	// while it runs, one after it ends.
	srv.Rebuild()
	held.Store(true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Rebuild()
	}()
	select {
	case <-calls:
		t.Fatal("Release called while a build runs")
	case <-time.After(3 * delay):
	}
	nextEvent() // the first of the two builds' event, left for the check above
	letGo.Do(func() { close(hold) })
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the held build did not end within 30 s of being let go")
	}
	within(calls, "Release call after the held build's end")
	select {
	case <-calls:
		t.Error("Release called twice for the two builds")
	case <-time.After(2 * delay):
	}
}
