package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/gitdates"
	"github.com/fsnotify/fsnotify"
)

// halfFS is a site folder whose note file, once armed, is read when the
// test says: the read tells reading, and waits for the test to send what
// it reads on gate (nil: the file as it is).
type halfFS struct {
	fs.FS
	file    string
	armed   atomic.Bool
	reading chan struct{}
	gate    chan []byte
}

func (h *halfFS) ReadFile(name string) ([]byte, error) {
	if name == h.file && h.armed.CompareAndSwap(true, false) {
		h.reading <- struct{}{}
		if data := <-h.gate; data != nil {
			return data, nil
		}
	}
	return fs.ReadFile(h.FS, name)
}

// halfSaved is the note file as a save half done leaves it: its front
// matter not closed.
var halfSaved = []byte("---\ntitle: Half sa")

// watchedServer is a Server on a small site whose watcher is fed events
// by the test, one at a time: an event is sent once the watcher takes it.
type watchedServer struct {
	s      *Server
	dir    string
	site   *halfFS
	events chan fsnotify.Event
}

func newWatchedServer(t *testing.T, quiet time.Duration) *watchedServer {
	t.Helper()
	dir := t.TempDir()
	const note = "content/notes/a.md"
	for name, data := range map[string]string{
		"dossier.yaml": "title: Settle\n",
		note:           "---\ntitle: First\n---\nA note. {no citation}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := &halfFS{FS: os.DirFS(dir), file: note, reading: make(chan struct{}), gate: make(chan []byte)}
	s := New(Options{Site: site, Dir: dir, Templates: dossier.Templates(), Now: func() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }})
	s.quiet = quiet
	if res := s.Rebuild(); !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	w := &watchedServer{s: s, dir: dir, site: site, events: make(chan fsnotify.Event)}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.watch(ctx, &fsnotify.Watcher{Events: w.events, Errors: make(chan error)}, gitdates.Repo{})
	}()
	t.Cleanup(func() {
		close(site.gate)
		cancel()
		<-stopped
	})
	return w
}

// save writes the note and tells the watcher, and returns when the
// watcher took the event.
func (w *watchedServer) save(t *testing.T, title string) time.Time {
	t.Helper()
	p := filepath.Join(w.dir, "content", "notes", "a.md")
	if err := os.WriteFile(p, []byte("---\ntitle: "+title+"\n---\nA note. {no citation}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	w.events <- fsnotify.Event{Name: p, Op: fsnotify.Write}
	return at
}

// servedSaved waits for the build served after version v, which must be
// the next version, built, and show the note as saved last.
func (w *watchedServer) servedSaved(t *testing.T, v int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		w.s.mu.RLock()
		version, ok, diags := w.s.version, w.s.ok, w.s.diags
		f, found := w.s.files["notes/a/index.html"]
		w.s.mu.RUnlock()
		if version == v {
			continue
		}
		if !ok {
			t.Fatalf("a build with errors was served (a file half saved?): %v", diags)
		}
		if !found {
			t.Fatal("the note's page is not served")
		}
		page, err := f.Plain()
		if err != nil {
			t.Fatal(err)
		}
		if version != v+1 || !strings.Contains(string(page), "<title>Saved ·") {
			t.Errorf("served version %d (want %d), with the note's page:\n%s", version, v+1, page)
		}
		return
	}
	t.Fatalf("no build served after version %d", v)
}

// waitBuilt waits until n builds have ended: the count, which a build
// raises as it begins, is read under the lock the build holds.
func (w *watchedServer) waitBuilt(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		w.s.building.Lock()
		builds := w.s.builds
		w.s.building.Unlock()
		if builds >= n {
			return
		}
	}
	t.Fatalf("%d builds have not ended within 20 s", n)
}

func (w *watchedServer) version() int {
	w.s.mu.RLock()
	defer w.s.mu.RUnlock()
	return w.s.version
}

// TestSaveDuringBuildNotServed holds the watcher to dropping a build that
// began before the last event: it may have read a file half saved (here
// it did), and the pages must not reload on it. The build after it, of
// the file as saved, is the one served.
func TestSaveDuringBuildNotServed(t *testing.T) {
	w := newWatchedServer(t, Quiet)
	v := w.version()
	w.site.armed.Store(true)
	w.save(t, "Half")
	<-w.site.reading // the build began, and reads the file half saved
	w.save(t, "Saved")
	w.site.gate <- halfSaved
	w.servedSaved(t, v)
}

// TestServedAfterQuiet holds the watcher to dropping a build done but not
// yet served when another event comes, even when the next build ends after
// the first one's quiet spell: the next build, of the file saved last, is
// served, once.
func TestServedAfterQuiet(t *testing.T) {
	const quiet = time.Second
	w := newWatchedServer(t, quiet)
	v := w.version()
	// The first build reads the file half saved, and waits to be served.
	w.site.armed.Store(true)
	w.save(t, "Half")
	<-w.site.reading
	w.site.gate <- halfSaved
	w.waitBuilt(t, 2)                 // the first build, then the watcher's
	time.Sleep(50 * time.Millisecond) // the watcher holds the build done
	// The second save comes meanwhile; its build ends once the first
	// one's quiet spell is over.
	w.site.armed.Store(true)
	w.save(t, "Saved")
	<-w.site.reading
	time.Sleep(quiet)
	w.site.gate <- nil
	w.servedSaved(t, v)
}

// TestHeldForQuiet holds the watcher to serving a build, which ends long
// before, no sooner than the quiet spell after the last event.
func TestHeldForQuiet(t *testing.T) {
	const quiet = time.Second
	w := newWatchedServer(t, quiet)
	v := w.version()
	last := w.save(t, "Saved")
	w.servedSaved(t, v)
	if waited := time.Since(last); waited < quiet {
		t.Errorf("served %v after the last event; want at least %v", waited, quiet)
	}
}

// TestRebuildSupersedesHeld holds the watcher to dropping a build it holds
// until the quiet spell is over when another build began meanwhile (a
// caller's Rebuild, or the day's), which was served: the older build must
// not be served after it.
func TestRebuildSupersedesHeld(t *testing.T) {
	const quiet = time.Second
	w := newWatchedServer(t, quiet)
	v := w.version()
	last := w.save(t, "Saved")
	w.waitBuilt(t, 2) // the first build, then the watcher's
	if w.version() != v {
		t.Skip("the watcher's build took longer than the quiet spell, and was served at once")
	}
	if res := w.s.Rebuild(); !res.OK() {
		t.Fatalf("the site does not build: %v", res.Diagnostics)
	}
	if got := w.version(); got != v+1 {
		t.Fatalf("version %d after the Rebuild; want %d", got, v+1)
	}
	time.Sleep(time.Until(last.Add(quiet + 200*time.Millisecond)))
	if got := w.version(); got != v+1 {
		t.Errorf("version %d after the quiet spell; want %d: the watcher's build, older than the Rebuild, was served after it", got, v+1)
	}
}
