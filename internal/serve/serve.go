// Package serve is the editors' preview server: it builds the site into
// memory, serves it over HTTP, watches content/, templates/ and
// dossier.yaml for changes (and, in a git repository, the commit the site
// is at, whose dates pages show), rebuilds, and tells open pages to reload
// (Server-Sent Events). A build with errors does not stop the server: pages
// show an overlay listing the errors with their positions until the content
// is fixed.
//
// Rebuilds go through a build.Cache: only the files that changed are parsed
// again, and only the pages whose inputs changed (the edited page, the pages
// that link to it or that it links to, the sources it cites, and the
// indexes) are rendered again. The pages are kept compressed between
// rebuilds, in a temporary file rather than in memory (build.Options.Pack;
// render.Cache), and read back and unpacked when asked for; the files
// served are the same bytes a full build writes.
//
// The server serves only the files of the last good build, looked up by
// path in memory, so no request can reach a file outside the site.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/gitdates"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/fsnotify/fsnotify"
)

// Prefix is the path under which the server's own endpoints live.
const Prefix = "/__dossier/"

// Options configure a Server.
type Options struct {
	Site fs.FS  // the site folder
	Dir  string // the site folder on disk, to watch
	// Templates are the default templates (build.Options.Templates): the
	// site's templates/ overrides them file by file. Nil means the site's
	// own templates only.
	Templates fs.FS
	// Articles is the folder of article texts (build.Options.Articles),
	// read again on each rebuild but not watched.
	Articles fs.FS
	Log      io.Writer // where build summaries and errors go
	// Progress, when not nil, is told how far each build is (see
	// build.Options.Progress).
	Progress func(stage string, done, total int)
	// Now is the builds' clock (build.Options.Now); nil means time.Now.
	// The preview shows drafts and scheduled notes, each with its banner.
	Now func() time.Time
	// Timings, when set, writes each build's phases (their wall time and
	// allocation, build.Phases.WriteTable) to Log after its summary.
	Timings bool
	// Release, when not nil, is called after builds, ReleaseDelay after
	// the last one ended (served, or dropped unserved), once for all the
	// builds that ended meanwhile, in a goroutine of its own, never two
	// at once and never begun while a build runs (see Server.release).
	// The CLI collects the build's garbage there, and after a large build
	// gives the memory back to the system
	// (cmd/dossier's releaser): a full build's garbage is larger than
	// what the server keeps, and Go's runtime otherwise holds the memory
	// it freed for the next build, which can be hours away.
	Release func()
}

// Server serves the last good build of a site.
type Server struct {
	opts  Options
	cache *build.Cache
	// building serialises builds: the watcher's and a caller's Rebuild.
	building sync.Mutex
	// day builds the site again when a page scheduled comes out
	// (build.Result.Until), with no file changed; dayArmed counts the
	// times it was set, dayCame is the last day it built for, and
	// stopped says that the watcher stopped: no day is waited for after.
	// All are held under building.
	day      *time.Timer
	dayArmed int
	dayCame  time.Time
	stopped  bool
	dayCheck time.Duration // see defaultDayCheck
	// builds counts the builds begun, under building: the watcher serves
	// a build it made only while no build came after (see watch).
	builds int
	// quiet and settle are Quiet and Settle, but in tests.
	quiet, settle time.Duration
	// watching is set once Watch watches; looked, once a build that looked
	// at every file began after that, and after the watcher last lost
	// events (losses counts those times): from then on the files the
	// events name are all that may have changed.
	watching, looked atomic.Bool
	losses           atomic.Int64
	// releases counts the builds that ended since release's goroutine
	// last read it, or 0 when none runs or waits; released is when the
	// last of them ended (Unix nanoseconds); releaseDelay is ReleaseDelay,
	// but in tests.
	releases     atomic.Int64
	released     atomic.Int64
	releaseDelay time.Duration
	// inBuild is set while buildLocked runs (see release).
	inBuild atomic.Bool
	mu      sync.RWMutex
	// files are the last good build's, by path, its pages packed
	// (build.Options.Pack); list has them in the build's order. swap
	// changes the map in place, under mu held for writing: a reader holds
	// mu for reading while it looks a file up.
	files   map[string]render.File
	list    []render.File
	diags   []diag.Diagnostic
	ok      bool
	version int
	baseURL string
	clients map[chan int]bool
	history []change // the last few rebuilds, oldest first
}

// change is what a rebuild changed: the addresses of the pages whose bytes
// differ, or all of them.
type change struct {
	version int
	all     bool
	paths   []string
}

// Limits of the change history.
const (
	historyLen = 16  // rebuilds kept, for event streams that fall behind
	maxChanged = 500 // past this many changed pages, "all" is shorter
)

// New returns a server; call Rebuild before serving.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{opts: opts, cache: build.NewCache(), clients: map[chan int]bool{}, dayCheck: defaultDayCheck,
		quiet: Quiet, settle: Settle, releaseDelay: ReleaseDelay}
}

// SetBaseURL sets the address the site is served at.
func (s *Server) SetBaseURL(u string) { s.baseURL = u }

// Rebuild builds the site, looking at every file, and, if it has no
// errors, serves the new files. Open pages are told to reload either way
// (to show or clear the overlay). It waits for a rebuild the watcher
// started. Call Watch first, then Rebuild for the first build: the
// watcher's rebuilds then look only at the files its events name, the
// first edit included; the other way round, the first edit's rebuild must
// look at every file, since a change made between the build and the start
// of watching would be missed (at 10,000 notes that made the first edit
// 240 ms rather than 30).
func (s *Server) Rebuild() *build.Result { return s.rebuild(nil) }

// rebuild is Rebuild, told which files changed (see build.Options.Changed;
// nil: not known, every file is looked at).
func (s *Server) rebuild(changed []string) *build.Result {
	s.building.Lock()
	defer s.building.Unlock()
	return s.rebuildLocked(changed)
}

// rebuildLocked is rebuild, with s.building held: the build, served at
// once.
func (s *Server) rebuildLocked(changed []string) *build.Result {
	res := s.buildLocked(changed)
	s.publishLocked(res)
	return res
}

// buildLocked builds the site, told which files changed (nil: every file
// is looked at), and counts the build (s.builds); it serves nothing. The
// caller holds s.building.
func (s *Server) buildLocked(changed []string) *build.Result {
	if losses := s.losses.Load(); changed == nil && s.watching.Load() {
		defer func() {
			if s.losses.Load() == losses {
				s.looked.Store(true)
			}
		}()
	}
	s.builds++
	s.inBuild.Store(true)
	defer s.inBuild.Store(false)
	return build.Run(build.Options{Site: s.opts.Site, GitDir: s.opts.Dir, Templates: s.opts.Templates, BaseURL: s.baseURL,
		Articles: s.opts.Articles, Cache: s.cache, Changed: changed, Progress: s.opts.Progress,
		Now: s.opts.Now, Drafts: true, Future: true, Pack: true})
}

// publishLocked serves a build's files when it has no errors, and tells
// open pages to reload either way (to show or clear the overlay). The
// caller holds s.building, and res is the last build (see buildLocked).
func (s *Server) publishLocked(res *build.Result) {
	s.mu.Lock()
	// Pages whose bytes are the same need not reload; when the build
	// fails, or stops failing, every page must show or drop the overlay.
	// The pages are compared with those served, which are the last good
	// build's: a build the watcher dropped (see watch) served nothing.
	ch := change{all: !res.OK() || !s.ok || s.files == nil}
	s.diags = res.Diagnostics
	s.ok = res.OK()
	if s.ok {
		changed := s.swap(res.Files)
		if !ch.all {
			for _, p := range changed {
				ch.paths = append(ch.paths, urlPath(p))
			}
		}
	}
	s.version++
	v := s.version
	ch.version = v
	s.history = append(s.history, ch)
	if len(s.history) > historyLen {
		s.history = s.history[1:]
	}
	for c := range s.clients {
		select {
		case c <- v:
		default:
		}
	}
	s.mu.Unlock()
	_ = diag.WriteText(s.opts.Log, res.Diagnostics)
	if res.OK() {
		st := res.Stats
		fmt.Fprintf(s.opts.Log, "%s (parsed %d of %d files, rendered %d of %d files)\n",
			st.Summary(), st.Parsed, st.Notes+st.Sources, st.Rendered, len(res.Files))
	} else {
		fmt.Fprintf(s.opts.Log, "%s; still serving the last good build\n", diag.Count(res.Stats.Errors, "error"))
	}
	if s.opts.Timings {
		_ = res.Stats.Phases.WriteTable(s.opts.Log)
	}
	s.waitForDay(res.Until)
	s.release()
}

// release calls Options.Release after a build, then has the cache ready
// the memory the next build writes its largest pages into
// (build.Cache.Spare), in a goroutine of its own, so that the build's
// caller (the watcher, and the reload its pages ask for) does not wait for
// it, once ReleaseDelay has passed since the last build ended (see
// there). Calls never overlap: builds that end while one waits are covered
// by it, and builds that end while one runs have it run once more when it
// returns, for all of them. It is not begun while a build runs: that
// build's own release, when it ends, collects for the builds before it too
// (a build may still begin while it runs).
func (s *Server) release() {
	s.released.Store(time.Now().UnixNano())
	if s.releases.Add(1) != 1 {
		return
	}
	go func() {
		for {
			// Until ReleaseDelay after the last build's end, however
			// many ended meanwhile.
			for {
				wait := time.Until(time.Unix(0, s.released.Load()).Add(s.releaseDelay))
				if wait <= 0 {
					break
				}
				time.Sleep(wait)
			}
			asked := s.releases.Load()
			if !s.inBuild.Load() {
				if s.opts.Release != nil {
					s.opts.Release()
				}
				s.cache.Spare()
			}
			if s.releases.Add(-asked) == 0 {
				return
			}
		}
	}()
}

// ReleaseDelay is how long after a build is served (or dropped) the server
// waits before it calls Options.Release; a build that ends meanwhile
// starts the wait again. The CLI's Release is a garbage collection of the
// whole heap (about 200 MB at 10,000 notes), which takes both cores of a
// 2-core machine for tens of milliseconds: begun at once, it held back the
// reload event on its way to the open pages by 3 to 7 ms of every edit's
// 25 to 60, and would slow the pages they then ask for. An editor's next
// save is seldom this soon; when it is, and its build is running, the
// collection waits for that build's end.
const ReleaseDelay = 100 * time.Millisecond

// defaultDayCheck is the longest the server waits for the day a page scheduled
// comes out before it looks at the clock again: a timer does not count
// the time the machine sleeps, and the clock does.
const defaultDayCheck = time.Hour

// waitForDay sets the server to build the site again at until, the start
// of the day on which a page scheduled comes out, so that its banner goes
// when the day comes although no file changed; zero until sets nothing.
// A timer set before and not yet run does nothing once this is called.
// The caller holds s.building.
func (s *Server) waitForDay(until time.Time) {
	if s.day != nil {
		s.day.Stop()
		s.day = nil
	}
	s.dayArmed++
	if until.IsZero() || s.stopped {
		return
	}
	armed := s.dayArmed
	wait := until.Sub(s.now())
	if wait <= 0 && until.Equal(s.dayCame) {
		// Built for this day, and the build still says it is to come:
		// the clock is wrong, or the day's start is not what the build
		// takes it to be. Look again later, not at once.
		wait = s.dayCheck
	}
	came := wait <= s.dayCheck
	s.day = time.AfterFunc(min(max(wait, 0), s.dayCheck), func() {
		s.building.Lock()
		defer s.building.Unlock()
		if s.dayArmed != armed || s.stopped {
			return // a build since, or the server stopped
		}
		if !came {
			s.waitForDay(until)
			return
		}
		s.dayCame = until
		fmt.Fprintf(s.opts.Log, "%s: a page scheduled for this day comes out; building again\n", until.Format("2 January 2006"))
		s.rebuildLocked(nil)
	})
}

// now is the server's clock (Options.Now).
func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// swap serves files, a good build's, and returns the paths of those whose
// bytes changed, were added or were removed. It compares the files with
// the last build's in order: after an edit to a page's text most are the
// same files in the same order (a file added or dropped here and there,
// as a search fragment named for its content is), and a file the build
// kept has the very same bytes, which compare at once. Only the files
// that changed or moved touch the map, which is changed in place: a new
// map of every file took 6 ms of each rebuild at 10,000 notes. The caller
// holds s.mu.
func (s *Server) swap(files []render.File) []string {
	if s.files == nil {
		s.files = make(map[string]render.File, len(files))
	}
	var changed []string
	var moved, gone []render.File // the files not matched in place: this build's, and the last's
	i, j := 0, 0
	for i < len(files) && j < len(s.list) {
		f, prev := files[i], s.list[j]
		switch {
		case f.Path == prev.Path:
			if differ(prev, f) {
				s.files[f.Path] = f
				changed = append(changed, f.Path)
			}
			i, j = i+1, j+1
		case j+1 < len(s.list) && s.list[j+1].Path == f.Path: // prev is gone, or moved
			gone = append(gone, prev)
			j++
		case i+1 < len(files) && files[i+1].Path == prev.Path: // f is new, or moved
			moved = append(moved, f)
			i++
		default:
			moved, gone = append(moved, f), append(gone, prev)
			i, j = i+1, j+1
		}
	}
	moved = append(moved, files[i:]...)
	gone = append(gone, s.list[j:]...)
	// A path is in each list once, and a matched path is matched with
	// itself: a path of the last build's not matched is in this build's
	// only among those not matched.
	here := make(map[string]bool, len(moved))
	for _, f := range moved {
		here[f.Path] = true
	}
	for _, f := range gone {
		if !here[f.Path] {
			delete(s.files, f.Path)
			changed = append(changed, f.Path)
		}
	}
	for _, f := range moved {
		if prev, ok := s.files[f.Path]; !ok || differ(prev, f) {
			changed = append(changed, f.Path)
		}
		s.files[f.Path] = f
	}
	s.list = files
	return changed
}

// differ reports whether two versions of a file differ.
func differ(a, b render.File) bool { return !a.Same(b) }

// Files returns a copy of the files being served, unpacked.
func (s *Server) Files() (map[string][]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string][]byte, len(s.files))
	for k, f := range s.files {
		data, err := f.Plain()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = data
	}
	return out, nil
}

// ServeHTTP serves the site, the reload events and the error overlay.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, reloadJS)
		return
	case Prefix + "errors":
		s.mu.RLock()
		ds := s.diags
		s.mu.RUnlock()
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		var errs []diag.Diagnostic
		for _, d := range ds {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		_ = diag.WriteJSON(w, errs)
		return
	}
	s.file(w, r)
}

// lookup maps a request path to a file of the build.
func lookup(files map[string]render.File, urlPath string) (string, bool, bool) {
	p := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(urlPath, "/") || p == "" {
		p = path.Join(p, "index.html")
	}
	if _, ok := files[p]; ok {
		return p, true, false
	}
	if _, ok := files[path.Join(p, "index.html")]; ok {
		return p, false, true // a folder asked for without its slash
	}
	return p, false, false
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.Path, "\x00") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	ok, diags, version, none := s.ok, s.diags, s.version, s.files == nil
	p, found, redirect := lookup(s.files, r.URL.Path)
	status := http.StatusOK
	f := s.files[p]
	if !found {
		status = http.StatusNotFound
		f = s.files["404.html"]
		p = "404.html"
	}
	s.mu.RUnlock()
	if redirect {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	if none {
		// No good build yet: show the errors.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(errorPage(diags, version))
		return
	}
	data, err := f.Plain()
	if err != nil {
		http.Error(w, "the preview's copy of "+p+" is damaged: "+err.Error(), http.StatusInternalServerError)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(p))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ctype, "text/html") {
		data = injectReload(data, !ok, version)
		if status == http.StatusNotFound {
			// A missing page reloads on every rebuild: it may have been made.
			data = bytes.Replace(data, []byte(versionMeta(version)), []byte(versionMeta(version)+`<meta name="dossier-status" content="404">`), 1)
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// injectReload adds the live-reload script to a page, with the number of
// the build it comes from: a page that loads while a rebuild happens learns
// of it from the event stream's first message, which carries the newest
// number.
func injectReload(page []byte, failed bool, version int) []byte {
	tag := `<script src="` + Prefix + `reload.js" defer></script>` + versionMeta(version)
	if failed {
		tag += `<meta name="dossier-build" content="failed">`
	}
	if i := bytes.LastIndex(page, []byte("</head>")); i >= 0 {
		out := make([]byte, 0, len(page)+len(tag))
		out = append(out, page[:i]...)
		out = append(out, tag...)
		return append(out, page[i:]...)
	}
	return append(append([]byte{}, page...), tag...)
}

func versionMeta(version int) string {
	return fmt.Sprintf(`<meta name="dossier-version" content="%d">`, version)
}

func errorPage(ds []diag.Diagnostic, version int) []byte {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title>`)
	b.WriteString(`<script src="` + Prefix + `reload.js" defer></script>` + versionMeta(version) + `<meta name="dossier-build" content="failed"></head><body><h1>The site could not be built</h1><p>Fix these and save; this page reloads by itself.</p><ul>`)
	for _, d := range ds {
		fmt.Fprintf(&b, "<li><code>%s</code></li>", htmlEscape(d.Text()))
	}
	b.WriteString("</ul></body></html>")
	return b.Bytes()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// urlPath is the address of an output file: notes/x/index.html is /notes/x/.
func urlPath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + file
}

// Rebuilt is the data of a rebuild event: the build's number, and the
// addresses of the pages that changed since the last event, or All.
type Rebuilt struct {
	Version int      `json:"v"`
	All     bool     `json:"all,omitempty"`
	Changed []string `json:"changed,omitempty"`
}

// changesSince returns what changed after build number v.
func (s *Server) changesSince(v int) Rebuilt {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := Rebuilt{Version: s.version}
	if len(s.history) == 0 || s.history[0].version > v+1 {
		out.All = true // fell behind the history
		return out
	}
	seen := map[string]bool{}
	for _, ch := range s.history {
		if ch.version <= v {
			continue
		}
		if ch.all {
			return Rebuilt{Version: s.version, All: true}
		}
		for _, p := range ch.paths {
			if !seen[p] {
				seen[p] = true
				out.Changed = append(out.Changed, p)
			}
		}
	}
	if len(out.Changed) > maxChanged {
		return Rebuilt{Version: s.version, All: true}
	}
	slices.Sort(out.Changed)
	return out
}

// events streams a message each time the site is rebuilt: the pages that
// changed (see Rebuilt), so that open pages that did not change stay as
// they are.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan int, 1)
	s.mu.Lock()
	s.clients[c] = true
	v := s.version
	s.mu.Unlock()
	last := v
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "event: hello\ndata: %d\n\n", v)
	fl.Flush()
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c:
			data := s.changesSince(last)
			last = data.Version
			b, _ := json.Marshal(data)
			fmt.Fprintf(w, "event: rebuild\ndata: %s\n\n", b)
			fl.Flush()
		case <-tick.C:
			_, _ = io.WriteString(w, ": keep-alive\n\n")
			fl.Flush()
		}
	}
}

// Quiet is how long after the last event the watcher waits for more
// before it serves a build: an editor's save makes a burst of events (a
// write, or a new file renamed over the old), which should make one
// rebuild, not pages reloaded twice, the first time on a file half saved.
//
// The build need not wait that long to begin: it begins once events
// have paused for Settle, and runs while the watcher waits for quiet.
// It is served once Quiet has passed since the last event, if no event
// came after it began; else it is dropped unserved (it may have read a
// file half saved), and the site built again. So a save reaches open
// pages after Quiet or after Settle and the build, whichever is later,
// not after Quiet and the build. While events keep coming less than a
// build apart (a tool syncing many files, say), every build is dropped
// and none served until they pause: pages reload once, on the files as
// they end, not on each state between.
const (
	Quiet  = 20 * time.Millisecond
	Settle = 5 * time.Millisecond
)

// Watch starts watching content/, templates/ and dossier.yaml, and returns
// once it is: from then on every change causes a rebuild, until ctx is
// done. Bursts of events (an editor saving several files) are served as
// one rebuild (see Quiet). The returned channel is closed when watching
// stops.
//
// When the site folder is in a git repository, Watch also watches where
// git keeps the commit the folder is at (HEAD and the branches), since
// pages show their files' last commit dates: a commit, a checkout or a
// pull changes them without touching a file of the site.
func (s *Server) Watch(ctx context.Context) (<-chan struct{}, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(s.opts.Dir); err != nil { // dossier.yaml, and content/ or templates/ appearing
		w.Close()
		return nil, err
	}
	for _, d := range []string{"content", "templates"} {
		addTree(w, filepath.Join(s.opts.Dir, d))
	}
	repo := s.watchGit(w)
	s.watching.Store(true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer w.Close()
		s.watch(ctx, w, repo)
		// The server is stopping: no build for a day to come.
		s.building.Lock()
		s.stopped = true
		s.waitForDay(time.Time{})
		s.building.Unlock()
	}()
	return done, nil
}

// watchGit watches the folders where git records the commit the site
// folder is at, when it is in a repository, and returns the repository
// (zero when not).
func (s *Server) watchGit(w *fsnotify.Watcher) gitdates.Repo {
	if !gitdates.MayBeInRepository(s.opts.Dir) {
		return gitdates.Repo{}
	}
	repo, err := gitdates.Locate(s.opts.Dir)
	if err != nil {
		return gitdates.Repo{}
	}
	for _, d := range []string{repo.GitDir, repo.CommonDir, filepath.Join(repo.CommonDir, "reftable")} {
		_ = w.Add(d)
	}
	addTree(w, filepath.Join(repo.CommonDir, "refs", "heads"))
	addTree(w, filepath.Join(repo.GitDir, "refs", "heads"))
	return repo
}

// gitMoved reports whether an event on name, a file of the repository's,
// may mean that the commit the site folder is at changed: its HEAD, a
// branch, the packed refs, the ref table or the shallow list (what
// gitdates.Repo.Stamp reads). Lock files are git's writes in progress, and
// the index and the objects change with every `git add`.
func gitMoved(repo gitdates.Repo, name string) bool {
	if repo.GitDir == "" || strings.HasSuffix(name, ".lock") {
		return false
	}
	dir, base := filepath.Dir(name), filepath.Base(name)
	switch {
	case dir == repo.GitDir && base == "HEAD",
		dir == repo.CommonDir && (base == "packed-refs" || base == "shallow"),
		dir == filepath.Join(repo.CommonDir, "reftable"):
		return true
	}
	for _, d := range []string{repo.CommonDir, repo.GitDir} {
		if rel, err := filepath.Rel(filepath.Join(d, "refs", "heads"), name); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// watched is a build the watcher began, with the number of events it
// had seen then (watch) and the build's number (Server.builds).
type watched struct {
	res    *build.Result
	events int
	build  int
}

func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher, repo gitdates.Repo) {
	// start fires Settle after the last event, when no build runs: a
	// build begins; serve fires Quiet after the last event, when a build
	// waits to be served (held). Timers of Go 1.23 and later send nothing
	// stale once Reset or Stopped.
	start, serve := time.NewTimer(time.Hour), time.NewTimer(time.Hour)
	start.Stop()
	serve.Stop()
	defer start.Stop()
	defer serve.Stop()
	done := make(chan watched, 1)
	running := false
	var held *watched
	events := 0 // the events that called for a build, since watching began
	var last time.Time
	// The files the events name since the last build began, so that it
	// need not look at the others. Until a rebuild that looks at every
	// file has begun since watching began (s.looked), a change made
	// before would be missed; so would one after the watcher lost events.
	changed := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return // a build running is let finish, unserved (see Watch)
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if rel, ok := s.relevant(ev.Name); ok {
				changed[rel] = true
			} else if !gitMoved(repo, ev.Name) {
				continue // else no file of the site changed, but their commit dates may have
			}
			if ev.Has(fsnotify.Create) {
				addTree(w, ev.Name)
			}
			events++
			last = time.Now()
			if held != nil { // built before this event: dropped
				held = nil
				serve.Stop()
				s.release()
			}
			if !running {
				start.Reset(s.settle)
			}
		case <-start.C:
			var names []string
			if s.looked.Load() {
				names = slices.Sorted(maps.Keys(changed))
				if names == nil {
					names = []string{} // no file changed: the build looks at the commit dates alone
				}
			}
			clear(changed)
			running = true
			go func(seen int) {
				s.building.Lock()
				defer s.building.Unlock()
				res := s.buildLocked(names)
				done <- watched{res, seen, s.builds}
			}(events)
		case b := <-done:
			running = false
			if b.events != events {
				// Files changed while it ran: it may have read one half
				// saved. The next build, with the files changed since it
				// began, is served instead.
				s.release()
				start.Reset(max(time.Until(last.Add(s.settle)), 0))
				continue
			}
			if wait := time.Until(last.Add(s.quiet)); wait > 0 {
				held = &b
				serve.Reset(wait)
				continue
			}
			s.serveWatched(b)
		case <-serve.C:
			if held != nil {
				s.serveWatched(*held)
				held = nil
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			// Events may be lost (fsnotify.ErrEventOverflow).
			s.losses.Add(1)
			s.looked.Store(false)
			fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
		}
	}
}

// serveWatched serves a build the watcher made, unless a build began
// since (a caller's Rebuild, or the day's: see waitForDay), which was
// served, and looked at every file.
func (s *Server) serveWatched(b watched) {
	s.building.Lock()
	defer s.building.Unlock()
	if s.builds != b.build || s.stopped {
		s.release()
		return
	}
	s.publishLocked(b.res)
}

// relevant returns, for a file an event names, its path in the site
// folder, and whether a change to it calls for a rebuild.
func (s *Server) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(s.opts.Dir, name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	base := path.Base(rel)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") {
		return "", false
	}
	return rel, rel == "dossier.yaml" || rel == "content" || rel == "templates" ||
		strings.HasPrefix(rel, "content/") || strings.HasPrefix(rel, "templates/")
}

// addTree watches a folder and every folder below it.
func addTree(w *fsnotify.Watcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = w.Add(p)
		}
		return nil
	})
}

// reloadJS reloads the page after each rebuild and shows the errors of a
// failed build over the page.
const reloadJS = `(function () {
  "use strict";
  var shown = null;
  function overlay() {
    fetch("` + Prefix + `errors", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (t) {
      var lines = t.split("\n").filter(Boolean).map(function (l) { return JSON.parse(l); });
      if (shown) { shown.remove(); shown = null; }
      if (!lines.length) return;
      var d = document.createElement("div");
      d.id = "dossier-error-overlay";
      d.setAttribute("role", "alert");
      d.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;background:#2b0b0b;color:#fff;font:14px/1.5 monospace;padding:1rem;z-index:99999;border-bottom:4px solid #e63946";
      var h = document.createElement("strong");
      h.textContent = "Build failed: " + lines.length + (lines.length === 1 ? " error" : " errors") + ". Showing the last good build.";
      d.appendChild(h);
      var ul = document.createElement("ul");
      lines.forEach(function (e) {
        var li = document.createElement("li");
        li.textContent = e.file + ":" + e.line + ":" + e.column + ": " + e.message + (e.hint ? "; " + e.hint : "");
        ul.appendChild(li);
      });
      d.appendChild(ul);
      document.body.appendChild(d);
      shown = d;
    });
  }
  if (document.querySelector('meta[name="dossier-build"][content="failed"]')) overlay();
  var served = document.querySelector('meta[name="dossier-version"]');
  var es = new EventSource("` + Prefix + `events");
  // The first message carries the newest build's number: a rebuild that
  // happened while this page was loading is not missed.
  es.addEventListener("hello", function (e) {
    if (served && e.data !== served.content) location.reload();
  });
  var missing = document.querySelector('meta[name="dossier-status"][content="404"]');
  // shows reports whether the page shows one of the files changed (an
  // image beside a note): its own bytes are the same, but not the page.
  function shows(changed) {
    var imgs = document.images;
    for (var i = 0; i < imgs.length; i++) {
      var p;
      try { p = decodeURIComponent(new URL(imgs[i].src, location.href).pathname); } catch (err) { continue; }
      if (changed.indexOf(p) >= 0) return true;
    }
    return false;
  }
  es.addEventListener("rebuild", function (e) {
    var d;
    try { d = JSON.parse(e.data); } catch (err) { location.reload(); return; }
    var here = location.pathname.replace(/index\.html$/, "");
    try { here = decodeURIComponent(here); } catch (err) { location.reload(); return; }
    var changed = d.changed || [];
    if (d.all || missing || changed.indexOf(here) >= 0 || shows(changed)) { location.reload(); return; }
    if (served) served.content = String(d.v); // this page is the same in build d.v
  });
})();
`
