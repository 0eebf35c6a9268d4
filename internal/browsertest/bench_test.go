package browsertest

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/search"
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
			Headings: []search.Heading{{ID: "one", Text: words(4)}, {ID: "two", Text: words(4)}},
			Body:     words(600),
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
	index := search.Build(docs, search.Stop)
	files := Files(result)
	indexPath := render.SearchIndexPath
	server.Replace(indexPath, index)
	b.Cleanup(func() { server.Replace(indexPath, files[indexPath]) })

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
	b.ReportMetric(float64(len(index))/1e6, "index-MB")
}
