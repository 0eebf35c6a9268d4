package serve_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// BenchmarkServeEdit is the preview as an editor sees it: a site of
// generated notes on disk (DOSSIER_BENCH_NOTES, else 10,000, or 1,000
// with -short), served with its file watcher; each round writes a
// one-word edit to one note and waits for the server to announce the
// rebuilt pages. A round's time is from the write to the announcement:
// the watcher's wait for events to pause (serve.Settle), the rebuild, its
// wait for quiet when the rebuild took less (serve.Quiet), and the swap
// of the served files; rebuild-ms is the rebuild alone, from the log.
func BenchmarkServeEdit(b *testing.B) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	if s := os.Getenv("DOSSIER_BENCH_NOTES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	files := corpus.Dossier(corpus.Options{Notes: n, Seed: 1})
	if err := files.Write(dir); err != nil {
		b.Fatal(err)
	}
	var notes []string
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, "content/notes/") {
			notes = append(notes, p)
		}
	}
	path := filepath.Join(dir, filepath.FromSlash(notes[len(notes)/2]))
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	at := bytes.LastIndex(orig, []byte(" the "))

	log := &lockedBuffer{}
	srv := serve.New(serve.Options{Site: os.DirFS(dir), Dir: dir, Templates: dossier.Templates(), Log: log})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	srv.SetBaseURL(hs.URL + "/")
	if res := srv.Rebuild(); !res.OK() {
		b.Fatalf("the corpus does not build:\n%s", log)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching, err := srv.Watch(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { cancel(); <-watching }()
	events := subscribe(b, ctx, hs.URL)

	round := 0
	edit := func() {
		round++
		data := slices.Concat(orig[:at], fmt.Appendf(nil, " edit%d ", round), orig[at+5:])
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		for e := range events {
			if e.name == "rebuild" && strings.Contains(e.data, "notes/") {
				return
			}
		}
		b.Fatal("the event stream closed")
	}
	edit() // the first rebuild after watching starts looks at every file
	log.Reset()
	b.ResetTimer()
	for b.Loop() {
		edit()
	}
	b.StopTimer()
	b.ReportMetric(meanRebuild(b, log.String()), "rebuild-ms")
}

// meanRebuild reads the rebuilds' times from the server's log: each ends
// its summary with the time it took.
func meanRebuild(b *testing.B, log string) float64 {
	var sum time.Duration
	count := 0
	for line := range strings.Lines(log) {
		if !strings.Contains(line, "pages written") {
			continue
		}
		_, rest, _ := strings.Cut(line, "warnings; ")
		d, err := time.ParseDuration(strings.Fields(rest)[0])
		if err != nil {
			b.Fatalf("log line %q: %v", line, err)
		}
		sum += d
		count++
	}
	if count == 0 {
		b.Fatalf("no rebuild in the log:\n%s", log)
	}
	return float64(sum.Microseconds()) / 1000 / float64(count)
}
