package browsertest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/search"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// syntheticDocs makes n notes of about 600 words drawn from a vocabulary
// whose word frequencies fall off like natural language's, and returns
// them with some of their words to search for.
func syntheticDocs(n int) ([]search.Doc, []string) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 30000)
	for i := range vocab {
		var b strings.Builder
		for range 4 + r.IntN(6) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		vocab[i] = b.String()
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	docs := make([]search.Doc, n)
	for i := range docs {
		docs[i] = search.Doc{
			URL: fmt.Sprintf("/notes/note-%d/", i), Title: words(6), Kind: search.KindNote, Summary: words(30),
			Sections: []search.Section{{Text: words(400)}, {ID: "one", Heading: words(4), Text: words(100)}, {ID: "two", Heading: words(4), Text: words(100)}},
		}
	}
	queries := []string{
		vocab[1], vocab[40] + " " + vocab[7], vocab[3][:3], // common words, and a prefix
		vocab[500] + " " + vocab[2000], vocab[9000], vocab[12][:2] + " " + vocab[77],
	}
	return docs, queries
}

// BenchmarkSearch10k runs queries in the browser against the index of
// 10,000 notes, on the results page, and reports the time the script's
// query takes (its "dossier:search" User Timing measure) and the index's
// size. The time per op includes the round trips to the browser.
func BenchmarkSearch10k(b *testing.B) {
	ctx, _ := newTab(b)
	docs, queries := syntheticDocs(10000)
	files := Files(result)
	builder := search.NewBuilder(len(docs), search.Stop)
	for i, d := range docs {
		builder.Add(i, d)
	}
	for _, f := range builder.Files() {
		files["search/"+f.Name] = f.Data
	}
	old := server.SetFiles(files)
	b.Cleanup(func() { server.SetFiles(old) })

	do(b, ctx, chromedp.Navigate(server.URL+"/search/?q="+url.QueryEscape(queries[0])))
	waitFor(b, ctx, `document.querySelector("#search-results .search-count") !== null`)
	b.ResetTimer()
	var total, slowest float64
	runs := 0
	for b.Loop() {
		q := queries[runs%len(queries)]
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`new Promise(resolve => {
			const before = performance.getEntriesByName("dossier:search").length;
			const q = document.getElementById("q");
			q.value = %q;
			q.form.requestSubmit();
			const wait = () => {
				const m = performance.getEntriesByName("dossier:search");
				if (m.length > before) resolve(m[m.length - 1].duration); else setTimeout(wait, 1);
			};
			wait();
		})`, q), chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		total += ms
		slowest = max(slowest, ms)
		runs++
	}
	b.ReportMetric(total/float64(runs), "ms/query")
	b.ReportMetric(slowest, "max-ms/query")
}

// BenchmarkFirstAnswer10k builds the 10,000-note site of internal/corpus,
// serves it gzipped over HTTP/2 (ServeHTTP2), as a host would, and in a
// fresh browser context (an empty cache) opens /search/?q=... as a
// reader's first search would. It reports what that first answer cost, the
// page, its assets and the index, snippets included, in gzipped bytes
// (KB-first); its time from the navigation to the results (titles, kinds
// and summaries) on the page (ms-first), to the page's first paint
// (first-painted) and to the last of the results' snippets
// (ms-first-snippets). Then the reader types a following query into the
// page's box, a key every typeDelay, and presses Enter: ms-next and
// ms-next-snippets are the times from Enter to its results and to their
// snippets, and KB-next what was fetched from the first key on. Run it with
//
//	go test -run XXX -bench FirstAnswer10k -benchtime 5x ./internal/testkit/browsertest/
func BenchmarkFirstAnswer10k(b *testing.B) {
	need(b)
	res := build.Run(build.Options{Site: corpus.Dossier(corpus.Options{Notes: 10000, Seed: 1}).FS(), Templates: dossier.Templates()})
	if !res.OK() {
		b.Fatalf("the 10,000-note corpus does not build: %d problems", len(res.Diagnostics))
	}
	srv := ServeHTTP2(Files(res))
	b.Cleanup(srv.Close)
	res = nil

	queries := []string{"guarantees", "treaty withdrawal", "verif", "sanctions ports", "budapest", "nuclear inspection"}
	var kbFirst, first, painted, firstAll, kbNext, next, nextAll []float64
	run := 0
	for b.Loop() {
		q, q2 := queries[run%len(queries)], queries[(run+1)%len(queries)]
		run++
		b.StopTimer()
		ctx, _ := newTabFor(b, srv)
		b.StartTimer()
		do(b, ctx, chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(q)))
		snippets(b, ctx, 1)
		got := eval[[]float64](b, ctx, `(() => {
			const a = performance.getEntriesByName("dossier:answer")[0], s = performance.getEntriesByName("dossier:snippets")[0];
			const p = performance.getEntriesByName("first-contentful-paint")[0];
			let bytes = performance.getEntriesByType("navigation")[0].encodedBodySize;
			for (const r of performance.getEntriesByType("resource")) bytes += r.encodedBodySize;
			return [bytes / 1000, a.startTime + a.duration, s.startTime + s.duration, p ? p.startTime : 0, performance.getEntriesByType("resource").length];
		})()`)
		if os.Getenv("DOSSIER_WATERFALL") != "" {
			_ = os.WriteFile(fmt.Sprintf("%s-%d.txt", os.Getenv("DOSSIER_WATERFALL"), run), []byte(eval[string](b, ctx, `(() => {
				const n = performance.getEntriesByType("navigation")[0];
				let out = "nav resp " + n.responseStart.toFixed(0) + "-" + n.responseEnd.toFixed(0) + " domInteractive " + n.domInteractive.toFixed(0) + " DCL " + n.domContentLoadedEventStart.toFixed(0) + "\n";
				for (const r of performance.getEntriesByType("resource")) out += r.startTime.toFixed(0) + "-" + r.responseEnd.toFixed(0) + " " + new URL(r.name).pathname + " " + r.encodedBodySize + "\n";
				for (const m of performance.getEntriesByType("paint").concat(performance.getEntriesByType("mark"), performance.getEntriesByType("measure"))) out += m.name + " " + m.startTime.toFixed(0) + "+" + m.duration.toFixed(0) + "\n";
				return out;
			})()`)), 0o644)
		}
		kbFirst, first, firstAll, painted = append(kbFirst, got[0]), append(first, got[1]), append(firstAll, got[2]), append(painted, got[3])

		do(b, ctx, chromedp.Focus(chromedp.ID("q")))
		_ = eval[bool](b, ctx, `(() => { document.getElementById("q").value = ""; return true; })()`)
		for _, r := range q2 {
			do(b, ctx, chromedp.KeyEvent(string(r)))
			time.Sleep(typeDelay)
		}
		do(b, ctx, chromedp.KeyEvent(kb.Enter))
		snippets(b, ctx, 2)
		ms := eval[[]float64](b, ctx, fmt.Sprintf(`(() => {
			const a = performance.getEntriesByName("dossier:answer"), s = performance.getEntriesByName("dossier:snippets");
			let bytes = 0;
			for (const r of performance.getEntriesByType("resource").slice(%d)) bytes += r.encodedBodySize;
			return [a[a.length - 1].duration, s[s.length - 1].duration, bytes / 1000];
		})()`, int(got[4])))
		next, nextAll, kbNext = append(next, ms[0]), append(nextAll, ms[1]), append(kbNext, ms[2])
	}
	b.ReportMetric(median(kbFirst), "KB-first")
	b.ReportMetric(median(first), "ms-first")
	b.ReportMetric(median(painted), "first-painted")
	b.ReportMetric(median(firstAll), "ms-first-snippets")
	b.ReportMetric(median(kbNext), "KB-next")
	b.ReportMetric(median(next), "ms-next")
	b.ReportMetric(median(nextAll), "ms-next-snippets")
}

// typeDelay is the time between a reader's keys.
const typeDelay = 120 * time.Millisecond

// snippets waits until the page has shown the snippets of its n-th query.
func snippets(b *testing.B, ctx context.Context, n int) {
	b.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`new Promise(resolve => {
		const wait = () => performance.getEntriesByName("dossier:snippets").length >= %d ? resolve(true) : setTimeout(wait, 2);
		wait();
	})`, n), chromedp.EvalAwaitPromise)); err != nil {
		b.Fatalf("%v; the page shows %q", err, eval[string](b, ctx, `document.getElementById("search-results").textContent`))
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
