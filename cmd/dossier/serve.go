package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
)

const serveHelp = `Usage: dossier serve [flags]

Builds the site, serves it at http://127.0.0.1:1313/ and rebuilds it when a
file under content/ or templates/ changes. Content errors are shown in the
browser and the terminal; the server keeps running. Drafts and notes
scheduled after today are shown, each with a banner saying so.

The server runs Go's garbage collector more often than a build does
(GOGC=50, unless the GOGC environment variable is set), and gives the
memory a build freed back to the system once the build is served, so that
it holds less memory between edits.

Examples:
  dossier serve
  dossier serve -addr 127.0.0.1:8080
  dossier serve -timings             # each build's phases, after its summary

Flags:
`

// serveGCPercent is the preview server's GOGC: the heap may grow to 1.5
// times what the last collection found live, not twice as with Go's
// default. The server lives for hours and holds the site's pages, parses
// and indexes between edits (a live heap of about 200 MB at 10,000
// notes), so resident memory matters more than the collector's time: at
// 10,000 notes it takes VmRSS after a series of edits from about 550 to
// about 400 MiB, and its peak from about 600 to about 400 MiB; with
// serve.Options.Release (a collection after builds: see releaser),
// VmRSS between edits is about 320 MiB (see README, Performance).
const serveGCPercent = 50

// releaseAfter is the least a build must allocate for the server to give
// the memory it freed back to the system (see releaser); on a site whose
// live heap is larger, the build must allocate as much as that.
const releaseAfter = 256 << 20

// releaser is the server's serve.Options.Release, called after builds
// (never two calls at once; builds that end within serve.ReleaseDelay of
// one another, or while one runs, have one call for all: what they
// allocated counts together). It collects the build's garbage, so that the
// next edit starts with the collector's whole headroom and runs no
// collection of its own. After a build that allocated releaseAfter or more,
// and at least the live heap (the first, or one after a template change),
// it also gives the freed memory back to the system at once
// (debug.FreeOSMemory): such a build's garbage is larger than what the
// server keeps. The live heap counts on sites larger than 10,000 notes,
// where a front-matter edit can allocate more than releaseAfter and still
// be a small part of the heap. After a smaller build (an
// edit: about 40 MB at 10,000 notes) it does not: the next edit reuses
// that memory, where memory given back must be faulted in again, which
// took about 30 ms of each front-matter edit at 10,000 notes on a 2-core
// machine (see README, Performance). Go's background scavenger still
// gives back, over time, what stays free above the collector's goal.
type releaser struct {
	allocated func() uint64 // bytes allocated since the program started
	live      func() uint64 // bytes of the heap live at the last collection
	collect   func()        // runtime.GC
	free      func()        // debug.FreeOSMemory
	last      uint64        // allocated at the last call
}

func newReleaser() *releaser {
	return &releaser{allocated: heapAllocated, live: heapLive, collect: runtime.GC, free: debug.FreeOSMemory}
}

// heapAllocated reads the bytes the program has allocated on the heap.
func heapAllocated() uint64 { return readMetric("/gc/heap/allocs:bytes") }

// heapLive reads the bytes of the heap that the last collection found live.
func heapLive() uint64 { return readMetric("/gc/heap/live:bytes") }

func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// release collects, and gives memory back after a large build.
func (r *releaser) release() {
	allocated := r.allocated()
	if allocated-r.last >= max(releaseAfter, r.live()) {
		r.free()
	} else {
		r.collect()
	}
	r.last = allocated
}

func (m *Main) serve(ctx context.Context, args []string) int {
	fs := m.newFlags("serve", serveHelp)
	src := fs.String("src", ".", "the site `folder`")
	addr := fs.String("addr", "127.0.0.1:1313", "the `address` to listen on")
	articles := fs.String("articles", "", "the `folder` of the sources' article texts (default: the one dossier.yaml's articles names)")
	timings := fs.Bool("timings", false, "print each build's phases, with their wall time and allocation, after its summary")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier serve: -addr %q: %v\n", *addr, err)
		return exitUsage
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(m.Stderr, "dossier serve: warning: listening on %s, which other machines can reach; the preview server is meant for loopback only\n", *addr)
	}
	site, err := openSite(*src)
	if err == nil {
		err = isSite(*src)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: %v\n", err)
		return exitUsage
	}
	texts, err := openArticles(*src, *articles, site)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier serve: %v\n", err)
		return exitUsage
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	prog := m.progress(false)
	var log io.Writer = m.Stderr
	if prog != nil {
		log = clearFirst{prog, m.Stderr}
	}
	srv := serve.New(serve.Options{Site: site, Dir: *src, Templates: dossier.Templates(), Articles: texts, Log: log, Progress: prog.fn(), Now: m.Now, Timings: *timings, Release: newReleaser().release})
	base := "http://" + ln.Addr().String() + "/"
	srv.SetBaseURL(base)
	// Watching from before the first build lets the first edit's rebuild,
	// like the others, look only at the files it names (see Rebuild).
	watching, err := srv.Watch(ctx)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier serve: watching %s: %v; edits will not be picked up\n", *src, err)
	}
	srv.Rebuild()
	fmt.Fprintf(m.Stdout, "Serving %s at %s (Ctrl-C to stop)\n", *src, base)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(m.Stderr, "dossier serve: %v\n", err)
		return exitContent
	}
	if watching != nil {
		<-watching
	}
	return exitOK
}
