package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// benchSizes are the corpus sizes the pipeline benchmarks run at: 1,000
// notes, and 10,000 unless -short. DOSSIER_BENCH_NOTES=n picks one size.
func benchSizes(b *testing.B) []int {
	if s := os.Getenv("DOSSIER_BENCH_NOTES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("DOSSIER_BENCH_NOTES=%q: %v", s, err)
		}
		return []int{n}
	}
	if testing.Short() {
		return []int{1000}
	}
	return []int{1000, 10000}
}

var (
	corpusMu    sync.Mutex
	corpusCache = map[int]corpus.Files{}
)

// benchCorpus returns the generated corpus of n notes (see package corpus),
// made once per test binary.
func benchCorpus(n int) corpus.Files {
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if c, ok := corpusCache[n]; ok {
		return c
	}
	c := corpus.Dossier(corpus.Options{Notes: n, Seed: 1})
	corpusCache[n] = c
	return c
}

// BenchmarkFullBuild is `dossier build` without the write: every stage
// from loading the files to the rendered pages, with every feature on.
func BenchmarkFullBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			site := benchCorpus(n).FS()
			b.ReportAllocs()
			var res *build.Result
			for b.Loop() {
				res = build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			}
			if !res.OK() || res.Stats.Warnings > 0 {
				b.Fatalf("the corpus does not build cleanly: %d errors, %d warnings", res.Stats.Errors, res.Stats.Warnings)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(res.Stats.Pages), "ms/page")
		})
	}
}

// BenchmarkIncrementalBuild is the preview server's rebuild after an editor
// changes one note: a build through the Cache kept from the last one (see
// Cache), told which file changed, as the preview's watcher tells it, which
// parses and renders only what changed. edit=body changes one word of a
// sentence; edit=front changes a word of the note's summary, in its front
// matter, which every page that shows the note shows too, and which makes
// the build begin the site again (resolve.Rebegin) and resolve again every
// page that links to the note; edit=title changes a word of its title,
// which makes it resolve again only the pages that show the title (links
// without text of their own: resolve.PageResult.Titled).
func BenchmarkIncrementalBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		for _, edit := range []string{"body", "front", "title"} {
			b.Run(fmt.Sprintf("notes=%d/edit=%s", n, edit), func(b *testing.B) {
				files := benchCorpus(n)
				// On disk, as the preview reads a site: an fstest.MapFS
				// lists a folder by a pass over all its files, which made
				// the load stage and the templates' fingerprint look
				// several times slower than they are.
				dir := b.TempDir()
				for name, f := range files.FS() {
					p := filepath.Join(dir, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						b.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						b.Fatal(err)
					}
				}
				site := os.DirFS(dir)
				cache := build.NewCache()
				opts := build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}
				if res := build.Run(opts); !res.OK() {
					b.Fatal(res.Diagnostics)
				}
				// The note in the middle of the site, edited near the end of
				// its body, in its summary (front), or in its title; each
				// round writes a different word.
				var notes []string
				for _, p := range files.Paths() {
					if strings.HasPrefix(p, "content/notes/") {
						notes = append(notes, p)
					}
				}
				path := notes[len(notes)/2]
				orig, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
				if err != nil {
					b.Fatal(err)
				}
				at, cut := bytes.LastIndex(orig, []byte(" the ")), len(" the ") // a word replaced
				if key, ok := map[string]string{"front": "\nsummary: \"", "title": "\ntitle: \""}[edit]; ok {
					at, cut = bytes.Index(orig, []byte(key)), 0 // a word put in
					if at >= 0 {
						at += len(key)
					}
				}
				if at < 0 {
					b.Fatalf("%s has nothing to edit in its %s", path, edit)
				}
				round := 0
				var res *build.Result
				b.ReportAllocs()
				for b.Loop() {
					round++
					edited := slices.Concat(orig[:at], fmt.Appendf(nil, " edit%d ", round), orig[at+cut:])
					if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(path)), edited, 0o644); err != nil {
						b.Fatal(err)
					}
					opts.Changed = []string{path} // as the preview's watcher reports it
					res = build.Run(opts)
				}
				if !res.OK() {
					b.Fatal(res.Diagnostics)
				}
				b.ReportMetric(float64(res.Stats.Parsed), "parsed")
				b.ReportMetric(float64(res.Stats.Resolved), "resolved")
				b.ReportMetric(float64(res.Stats.Rendered), "rendered")
				b.ReportMetric(float64(res.Stats.IndexRewritten), "index-files-rewritten")
			})
		}
	}
}

// BenchmarkIndexShare is BenchmarkFullBuild reporting the search index's
// share of the build: the CPU time spent indexing and writing the index
// (Stats.Index) against the process's CPU time (user and system, garbage
// collection included) over the same builds.
//
//	DOSSIER_BENCH_NOTES=10000 go test -run XXX -bench IndexShare -benchtime 3x ./internal/build/
func BenchmarkIndexShare(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			site := benchCorpus(n).FS()
			var index, cpu time.Duration
			for b.Loop() {
				before := cpuTime(b)
				res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
				cpu += cpuTime(b) - before
				if !res.OK() {
					b.Fatalf("the corpus does not build: %d errors", res.Stats.Errors)
				}
				if res.Stats.Index <= 0 {
					b.Fatal("the build reports no time spent on the search index")
				}
				index += res.Stats.Index
			}
			b.ReportMetric(float64(index.Milliseconds())/float64(b.N), "index-ms")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
			b.ReportMetric(100*float64(index)/float64(cpu), "index-%")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
