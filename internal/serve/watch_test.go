package serve_test

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
)

// countFS is a site folder that records the names it is asked for.
type countFS struct {
	fsys  fs.FS
	mu    sync.Mutex
	asked map[string]bool
}

func (c *countFS) ask(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.asked == nil {
		c.asked = map[string]bool{}
	}
	c.asked[name] = true
}

// notes returns the note files asked for since the last call, sorted.
func (c *countFS) notes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for n := range c.asked {
		if strings.HasPrefix(n, "content/notes/") && strings.HasSuffix(n, ".md") {
			out = append(out, n)
		}
	}
	c.asked = nil
	slices.Sort(out)
	return out
}

func (c *countFS) Open(name string) (fs.File, error) { c.ask(name); return c.fsys.Open(name) }
func (c *countFS) Stat(name string) (fs.FileInfo, error) {
	c.ask(name)
	return fs.Stat(c.fsys, name)
}
func (c *countFS) ReadFile(name string) ([]byte, error) {
	c.ask(name)
	return fs.ReadFile(c.fsys, name)
}
func (c *countFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.ask(name)
	return fs.ReadDir(c.fsys, name)
}

// TestFirstEditLooksAtItsFileOnly checks that the rebuild for the first
// edit after the server starts reads the edited note and no other, when
// watching began before the first build (as `dossier serve` starts), and
// that it reads every note when watching began after it, since a change
// made in between would be missed otherwise.
func TestFirstEditLooksAtItsFileOnly(t *testing.T) {
	const edited = "content/notes/start.md"
	for _, tc := range []struct {
		name       string
		watchFirst bool
		wantOnly   bool
	}{
		{"watch, then build", true, true},
		{"build, then watch", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var site *countFS
			p := newPreview(t, func(fsys fs.FS) fs.FS {
				site = &countFS{fsys: fsys}
				return site
			})
			if tc.watchFirst {
				p.watch(t)
			}
			p.build(t)
			if !tc.watchFirst {
				p.watch(t)
			}
			all := site.notes()
			if len(all) < 2 {
				t.Fatalf("the first build asked for the notes %q; want at least 2", all)
			}
			events := subscribe(t, p.ctx, p.hs.URL)
			writeFile(t, p.dir, edited, "---\ntitle: Start here\nsummary: Where to begin.\ntags: [basics]\n---\nThis note, edited once, links to [[details]] and cites the report [@report].\n")
			p.waitRebuild(t, events, "the edit")
			got := site.notes()
			if tc.wantOnly && !slices.Equal(got, []string{edited}) {
				t.Errorf("the first edit's rebuild asked for the notes %q; want only %s", got, edited)
			}
			if !tc.wantOnly && !slices.Equal(got, all) {
				t.Errorf("the first edit's rebuild asked for the notes %q; want every note, %q", got, all)
			}
		})
	}
}

// TestTimings checks that with Options.Timings each build's log line is
// followed by its phases, and without it not.
func TestTimings(t *testing.T) {
	for _, timings := range []bool{true, false} {
		dir := t.TempDir()
		writeArchive(t, dir, "testdata/site.txtar")
		log := &lockedBuffer{}
		srv := serve.New(serve.Options{Site: os.DirFS(dir), Dir: dir, Templates: dossier.Templates(), Log: log, Now: previewClock, Timings: timings})
		if res := srv.Rebuild(); !res.OK() {
			t.Fatalf("the test site does not build:\n%s", log)
		}
		out := log.String()
		table := strings.Contains(out, "phase") && strings.Contains(out, "\nload ") && strings.Contains(out, "\nrender ") && strings.Contains(out, "\ntotal ")
		if table != timings {
			t.Errorf("with Timings %v the log is:\n%s", timings, out)
		}
		// The preview's render makes what a full build's view phase
		// makes: no row of a view phase that did nothing.
		if strings.Contains(out, "\nview ") {
			t.Errorf("the preview's table has a view phase:\n%s", out)
		}
	}
}
