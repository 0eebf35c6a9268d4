package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/serve"
	"golang.org/x/tools/txtar"
)

// reloadTag is what the server adds to each page it serves, with
// versionMeta.
const reloadTag = `<script src="/__dossier/reload.js" defer></script>`

var versionMeta = regexp.MustCompile(`<meta name="dossier-version" content="[0-9]+">`)

// failedMarker is what it adds when the last build failed.
const failedMarker = `<meta name="dossier-build" content="failed">`

// lockedBuffer collects the server's log, written from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// writeArchive writes the files of a txtar archive under dir.
func writeArchive(t *testing.T, dir, file string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// event is a message of the server's event stream.
type event struct{ name, data string }

// subscribe opens the server's event stream and returns the events as they
// come, after the first ("hello").
func subscribe(t testing.TB, ctx context.Context, base string) <-chan event {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+serve.Prefix+"events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q; want text/event-stream", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	next := func() (event, bool) {
		var e event
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				e.name = n
			}
			if d, ok := strings.CutPrefix(line, "data: "); ok {
				e.data = d
			}
			if line == "" && e.name != "" {
				return e, true
			}
		}
		return event{}, false
	}
	if e, ok := next(); !ok || e.name != "hello" {
		t.Fatalf("first event %q; want hello", e.name)
	}
	events := make(chan event, 64)
	go func() {
		defer resp.Body.Close()
		defer close(events)
		for {
			e, ok := next()
			if !ok {
				return
			}
			events <- e
		}
	}()
	return events
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// errorsJSON is what the errors endpoint should say for a build.
func errorsJSON(res *build.Result) string {
	var errs []diag.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	var b bytes.Buffer
	_ = diag.WriteJSON(&b, errs)
	return b.String()
}

// mismatch says how what the server serves differs from the result of
// want (its files if it built, its errors if it did not), or "".
func mismatch(srv *serve.Server, base string, want *build.Result) string {
	resp, err := http.Get(base + serve.Prefix + "errors")
	if err != nil {
		return err.Error()
	}
	errs, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(errs) != errorsJSON(want) {
		return fmt.Sprintf("errors endpoint says\n%s\nwant\n%s", errs, errorsJSON(want))
	}
	if !want.OK() {
		return ""
	}
	files, err := srv.Files()
	if err != nil {
		return err.Error()
	}
	if len(files) != len(want.Files) {
		return fmt.Sprintf("serving %d files; the full build has %d", len(files), len(want.Files))
	}
	for _, f := range want.Files {
		if !bytes.Equal(files[f.Path], f.Data) {
			return f.Path + " differs from the full build"
		}
	}
	return ""
}

// preview is a preview server running on a copy of testdata/site.txtar.
type preview struct {
	dir      string
	site     fs.FS
	srv      *serve.Server
	hs       *httptest.Server
	log      *lockedBuffer
	ctx      context.Context // done when the test ends
	watching <-chan struct{} // closed when the watcher stops, once watch was called
}

// newPreview makes a preview server on a new site folder, seen through
// wrap (nil: as it is), and serves it over HTTP, but neither builds nor
// watches the site (see build and watch); it stops when the test ends.
func newPreview(t *testing.T, wrap func(fs.FS) fs.FS) *preview {
	t.Helper()
	dir := t.TempDir()
	writeArchive(t, dir, "testdata/site.txtar")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	p := &preview{dir: dir, site: root.FS(), log: &lockedBuffer{}}
	if wrap != nil {
		p.site = wrap(p.site)
	}
	p.srv = serve.New(serve.Options{Site: p.site, Dir: dir, Templates: dossier.Templates(), Log: p.log, Now: previewClock})
	p.hs = httptest.NewServer(p.srv)
	t.Cleanup(p.hs.Close)
	p.srv.SetBaseURL(p.hs.URL + "/")
	ctx, cancel := context.WithCancel(context.Background())
	p.ctx = ctx
	t.Cleanup(func() {
		cancel()
		if p.watching != nil {
			<-p.watching
		}
	})
	return p
}

// build builds the site, which must build.
func (p *preview) build(t *testing.T) {
	t.Helper()
	if res := p.srv.Rebuild(); !res.OK() {
		t.Fatalf("the test site does not build:\n%s", p.log)
	}
}

// watch starts the server's file watcher.
func (p *preview) watch(t *testing.T) {
	t.Helper()
	w, err := p.srv.Watch(p.ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.watching = w
}

// waitRebuild waits for the next event of events, which must be a
// rebuild, after what (for the messages).
func (p *preview) waitRebuild(t *testing.T, events <-chan event, what string) {
	t.Helper()
	waitRebuild(t, events, p.log, what)
}

// waitRebuild waits for the next event of events, which must be a
// rebuild, after what; log is the server's, for the messages.
func waitRebuild(t *testing.T, events <-chan event, log fmt.Stringer, what string) {
	t.Helper()
	select {
	case e := <-events:
		if e.name != "rebuild" {
			t.Fatalf("event %q after %s; want rebuild", e.name, what)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no rebuild after %s; log:\n%s", what, log)
	}
}

// startPreview starts a preview server, with its file watcher, on a new
// site folder; it stops when the test ends.
func startPreview(t *testing.T) *preview {
	t.Helper()
	p := newPreview(t, nil)
	p.build(t)
	p.watch(t)
	return p
}

// TestServeEdits runs the preview server on a site folder with a real file
// watcher, edits the site step by step (edits, a broken link and its fix,
// new, renamed and deleted files, a new templates folder) and checks after
// each step that open pages were told to reload, that a failed build shows
// its errors (the errors endpoint and the page marker the overlay script
// looks for) while the last good build is still served, and that what the
// server serves over HTTP is byte for byte what a full build writes.
// previewClock is the clock of the preview server in tests: 4 December
// 2026.
func previewClock() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }

func TestServeEdits(t *testing.T) {
	p := startPreview(t)
	dir, site, srv, hs, log := p.dir, p.site, p.srv, p.hs, p.log
	baseURL := hs.URL + "/"
	events := subscribe(t, p.ctx, hs.URL)

	remove := func(name string) func(t *testing.T) {
		return func(t *testing.T) {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(name, data string) func(t *testing.T) {
		return func(t *testing.T) { writeFile(t, dir, name, data) }
	}
	move := func(from, to string) func(t *testing.T) {
		return func(t *testing.T) {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name      string
		edit      func(t *testing.T)
		wantErr   string // in the errors shown, when the build fails
		unchanged string // a page that must not be announced as changed
	}{
		{"edit a note", write("content/notes/start.md", "---\ntitle: Start here\nsummary: Where to begin.\ntags: [basics]\n---\nThis note, edited, links to [[details]] and cites the report [@report].\n"), "", ""},
		{"break a link", write("content/notes/start.md", "---\ntitle: Start here\ntags: [basics]\n---\nThis note links to [[detials]] and cites the report [@report].\n"),
			`content/notes/start.md","line":5,"column":20,"severity":"error","code":"unknown-note"`, ""},
		{"fix it", write("content/notes/start.md", "---\ntitle: Start here\ntags: [basics]\n---\nThis note links to [[details#numbers]] and cites the report [@report].\n"), "", ""},
		{"create a note", write("content/notes/new.md", "---\ntitle: A new note\n---\nIt cites the spare source [@spare] and links to [[start]].\n"), "", ""},
		{"rename a note", func(t *testing.T) {
			if err := os.Rename(filepath.Join(dir, "content/notes/new.md"), filepath.Join(dir, "content/notes/renamed.md")); err != nil {
				t.Fatal(err)
			}
		}, "", ""},
		{"delete a cited source", remove("content/sources/spare.md"), `unknown source \"spare\"`, ""},
		{"delete the note that cited it", remove("content/notes/renamed.md"), "", ""},
		{"move a note into a new folder", move("content/notes/start.md", "content/notes/basics/start.md"), "", ""},
		{"describe the folder", write("content/notes/basics/_index.md", "---\ntitle: The basics\nsummary: Where to begin.\n---\nStart with [[start]]. {no citation}\n"), "", ""},
		{"rename the folder", move("content/notes/basics", "content/notes/first-steps"), "", ""},
		{"move the note back to the top", move("content/notes/first-steps/start.md", "content/notes/start.md"), "", ""},
		{"remove the folder", func(t *testing.T) {
			if err := os.RemoveAll(filepath.Join(dir, "content/notes/first-steps")); err != nil {
				t.Fatal(err)
			}
		}, "", ""},
		{"add a page to the navigation", write("content/pages/about.md", "---\ntitle: About\nnav: 1\n---\nAbout the site, which cites [@report] and starts at [[start]].\n"), "", ""},
		{"edit the page", write("content/pages/about.md", "---\ntitle: About\nnav: 1\n---\nAbout the site, edited: it cites [@report].\n"), "", "/notes/details/"},
		{"add a templates folder", write("templates/partials/footer.html", "<footer>{{.Site.Title}}: a custom footer</footer>\n"), "", ""},
		{"break a template", write("templates/partials/footer.html", "<footer>{{.Site.Title</footer>\n"), `templates/partials/footer.html`, ""},
		{"fix the template", write("templates/partials/footer.html", "<footer>{{.Site.Title}}: fixed</footer>\n"), "", ""},
		{"edit the configuration", write("dossier.yaml", "title: Preview, renamed\nhome: details\n"), "", ""},
		{"add a figure beside a note", func(t *testing.T) {
			writeFile(t, dir, "content/notes/chart.png", pngOf(30, 20, 100))
			writeFile(t, dir, "content/notes/details.md", "---\ntitle: The details\ntags: [basics]\n---\n## Numbers\n\n![A chart of the numbers](chart.png \"The numbers, as reported\")\n\nThe report gives numbers [@report].\n")
		}, "", ""},
		{"change the figure's image", write("content/notes/chart.png", pngOf(30, 20, 50)), "", "/notes/details/"},
		{"delete the figure's image", remove("content/notes/chart.png"), `there is no file content/notes/chart.png`, ""},
		{"take the figure out", write("content/notes/details.md", "---\ntitle: The details\ntags: [basics]\n---\n## Numbers\n\nThe report gives numbers [@report].\n"), "", ""},
		{"change when a source was read", write("content/sources/report.md", "---\ntitle: A report\noutlet: Example News\npublished: 2026-01-02\naccessed: 2026-02-01\nkind: news report\n---\nWhat the report is.\n"), "", "/notes/details/"},
		// The preview shows drafts and scheduled notes, with their banners,
		// and links to them work there (a build without -drafts fails).
		{"write a draft", write("content/notes/draft.md", "---\ntitle: Work in progress\ndraft: true\n---\nIt cites [@report] and links to [[start]].\n"), "", ""},
		{"link to the draft", write("content/notes/start.md", "---\ntitle: Start here\ntags: [basics]\n---\nThis note links to [[details#numbers]] and [[draft]], and cites the report [@report].\n"), "", ""},
		{"schedule it instead", write("content/notes/draft.md", "---\ntitle: Work in progress\npublished: 2026-12-25\n---\nIt cites [@report] and links to [[start]].\n"), "", ""},
		{"publish it", write("content/notes/draft.md", "---\ntitle: Work in progress\npublished: 2026-12-04\n---\nIt cites [@report] and links to [[start]].\n"), "", ""},
		// A standalone page is held back, and shown here, as a note is.
		{"make the page a draft", write("content/pages/about.md", "---\ntitle: About\nnav: 1\ndraft: true\n---\nAbout the site, a draft: it cites [@report].\n"), "", ""},
		{"schedule the page", write("content/pages/about.md", "---\ntitle: About\nnav: 1\npublished: 2026-12-25\n---\nAbout the site, scheduled: it cites [@report].\n"), "", ""},
		{"publish the page", write("content/pages/about.md", "---\ntitle: About\nnav: 1\n---\nAbout the site, published: it cites [@report].\n"), "", ""},
	}
	// The banner notes/draft/ must show after a step, if the step is here
	// ("": the page is published, with none).
	banners := map[string]string{
		"write a draft":       `<p class="held-banner" role="note">Draft — not published</p>`,
		"link to the draft":   `<p class="held-banner" role="note">Draft — not published</p>`,
		"schedule it instead": `<p class="held-banner" role="note">Scheduled for <time datetime="2026-12-25">25 December 2026</time> — not yet published</p>`,
		"publish it":          "",
	}
	// The same for the page /about/.
	pageBanners := map[string]string{
		"make the page a draft": `<p class="held-banner" role="note">Draft — not published</p>`,
		"schedule the page":     `<p class="held-banner" role="note">Scheduled for <time datetime="2026-12-25">25 December 2026</time> — not yet published</p>`,
		"publish the page":      "",
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			before := served(t, srv)
			all, changed := false, map[string]bool{}
			step.edit(t)
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates(), BaseURL: baseURL, Now: previewClock, Drafts: true, Future: true})
			if want.OK() != (step.wantErr == "") {
				t.Fatalf("the full build after this step has OK() = %v; the test expects %v:\n%s", want.OK(), step.wantErr == "", errorsJSON(want))
			}
			// Wait for the rebuild that shows this step. An editor's save can
			// make more than one event, and so more than one rebuild.
			timeout := time.After(30 * time.Second)
			for reloads := 0; ; {
				select {
				case e, ok := <-events:
					if !ok {
						t.Fatal("the event stream closed")
					}
					if e.name == "rebuild" {
						reloads++
						var r serve.Rebuilt
						if err := json.Unmarshal([]byte(e.data), &r); err != nil {
							t.Fatalf("rebuild event %q: %v", e.data, err)
						}
						all = all || r.All
						for _, c := range r.Changed {
							changed[c] = true
						}
					}
					if reloads == 0 || mismatch(srv, hs.URL, want) != "" {
						continue
					}
				case <-timeout:
					t.Fatalf("no rebuild showed this step: %s\nthe server's log:\n%s", mismatch(srv, hs.URL, want), log)
				}
				break
			}

			// Every page whose bytes changed was announced, so that open
			// pages that did change reload (and only those need to).
			after := served(t, srv)
			for p := range mergeKeys(before, after) {
				if !bytes.Equal(before[p], after[p]) && !all && !changed[urlPath(p)] {
					t.Errorf("%s changed, but no rebuild event said so (changed: %v)", urlPath(p), changed)
				}
			}
			if step.unchanged != "" && (all || changed[step.unchanged]) {
				t.Errorf("%s was announced as changed (all: %v, changed: %v); it did not change", step.unchanged, all, changed)
			}

			_, errs := get(t, hs.URL+serve.Prefix+"errors")
			_, home := get(t, hs.URL+"/")
			if step.wantErr != "" {
				if !strings.Contains(string(errs), step.wantErr) {
					t.Errorf("errors endpoint says %s; want it to mention %s", errs, step.wantErr)
				}
				if !bytes.Contains(home, []byte(failedMarker)) {
					t.Errorf("after a failed build the home page has no %s", failedMarker)
				}
				return
			}
			if len(errs) != 0 {
				t.Errorf("errors endpoint says %s after a good build; want nothing", errs)
			}
			for url, banners := range map[string]map[string]string{"/notes/draft/": banners, "/about/": pageBanners} {
				banner, ok := banners[step.name]
				if !ok {
					continue
				}
				_, page := get(t, hs.URL+url)
				if banner != "" && !bytes.Contains(page, []byte(banner)) {
					t.Errorf("%s has no banner %s", url, banner)
				}
				if banner == "" && bytes.Contains(page, []byte("held-banner")) {
					t.Errorf("%s, published, has a banner", url)
				}
			}
			if bytes.Contains(home, []byte(failedMarker)) {
				t.Errorf("after a good build the home page still has %s", failedMarker)
			}
			// Every file, over HTTP, is what the full build wrote.
			for _, f := range want.Files {
				code, body := get(t, hs.URL+"/"+f.Path)
				if code != http.StatusOK {
					t.Errorf("GET /%s: status %d", f.Path, code)
					continue
				}
				if strings.HasSuffix(f.Path, ".html") {
					if !bytes.Contains(body, []byte(reloadTag)) {
						t.Errorf("GET /%s: no live-reload script", f.Path)
					}
					body = bytes.Replace(body, []byte(reloadTag), nil, 1)
					if loc := versionMeta.FindIndex(body); loc != nil {
						body = append(body[:loc[0]:loc[0]], body[loc[1]:]...)
					} else {
						t.Errorf("GET /%s: no build number", f.Path)
					}
				}
				if !bytes.Equal(body, f.Data) {
					t.Errorf("GET /%s differs from the full build", f.Path)
				}
			}
		})
	}
	if !strings.Contains(log.String(), "parsed 1 of") {
		t.Errorf("no rebuild parsed just one file; the log:\n%s", log)
	}
}

// TestServeStartsBroken starts the server on a site that does not build:
// every page is the list of errors, each with its code (and with the marker
// the overlay script looks for), until the site is fixed, and then the site
// is served.
func TestServeStartsBroken(t *testing.T) {
	dir := t.TempDir()
	writeArchive(t, dir, "testdata/site.txtar")
	writeFile(t, dir, "content/notes/start.md", "---\ntitle: Start here\n---\nBroken [[nowhere]] [@report].\n")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	srv := serve.New(serve.Options{Site: root.FS(), Dir: dir, Templates: dossier.Templates()})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	srv.SetBaseURL(hs.URL + "/")
	if res := srv.Rebuild(); res.OK() {
		t.Fatal("the broken site built")
	}
	for _, path := range []string{"/", "/notes/start/", "/no/such/page"} {
		code, body := get(t, hs.URL+path)
		if code != http.StatusInternalServerError || !bytes.Contains(body, []byte("content/notes/start.md:4:8")) || !bytes.Contains(body, []byte("[unknown-note]")) ||
			!bytes.Contains(body, []byte(failedMarker)) || !bytes.Contains(body, []byte(reloadTag)) {
			t.Errorf("GET %s before any good build: %d\n%s", path, code, body)
		}
	}
	writeFile(t, dir, "content/notes/start.md", "---\ntitle: Start here\n---\nFixed [[details]] [@report].\n")
	if res := srv.Rebuild(); !res.OK() {
		t.Fatalf("the fixed site does not build: %v", res.Diagnostics)
	}
	code, body := get(t, hs.URL+"/notes/start/")
	if code != http.StatusOK || !bytes.Contains(body, []byte("Fixed")) || bytes.Contains(body, []byte(failedMarker)) {
		t.Errorf("GET /notes/start/ after the fix: %d\n%s", code, body)
	}
}

// TestServeRequests checks how the server answers odd requests.
func TestServeRequests(t *testing.T) {
	p := startPreview(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		method, path string
		code         int
		location     string // for redirects
		ctype        string // prefix of the Content-Type
	}{
		{"GET", "/", 200, "", "text/html"},
		{"HEAD", "/notes/start/", 200, "", "text/html"},
		{"GET", "/notes/start", 301, "/notes/start/", ""},
		{"GET", "/notes/start/index.html", 200, "", "text/html"},
		{"GET", "/no/such/page/", 404, "", "text/html"},
		{"GET", "/../../etc/passwd", 404, "", "text/html"},
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", 404, "", "text/html"},
		{"GET", "/feed.xml", 200, "", "text/xml"},
		{"GET", "/schema/note.schema.json", 200, "", "application/json"},
		{"GET", serve.Prefix + "reload.js", 200, "", "text/javascript"},
		{"GET", serve.Prefix + "errors", 200, "", "application/x-ndjson"},
		{"POST", "/", 405, "", ""},
		{"DELETE", "/notes/start/", 405, "", ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, p.hs.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("%s %s: status %d; want %d", tt.method, tt.path, resp.StatusCode, tt.code)
		}
		if loc := resp.Header.Get("Location"); loc != tt.location {
			t.Errorf("%s %s: Location %q; want %q", tt.method, tt.path, loc, tt.location)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
			t.Errorf("%s %s: Content-Type %q; want %s...", tt.method, tt.path, ct, tt.ctype)
		}
	}
}

// urlPath is the address of an output file, as the rebuild events give it.
func urlPath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + file
}

func mergeKeys(a, b map[string][]byte) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// pngOf returns a w x h PNG of one grey.
func pngOf(w, h int, grey uint8) string {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = grey
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.String()
}

// served returns the files srv serves, unpacked.
func served(t *testing.T, srv *serve.Server) map[string][]byte {
	t.Helper()
	files, err := srv.Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}
