package browsertest

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSearchFilters narrows results by kind and by topic, from the
// address and from the filters the script adds to the form.
func TestSearchFilters(t *testing.T) {
	ctx, _ := newTab(t)
	results := `[...document.querySelectorAll("#search-results .result > a")].map(a => a.getAttribute("href"))`
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=budapest&kind=s"))
	waitFor(t, ctx, `document.querySelector("#search-results .search-count") !== null`)
	urls := eval[[]string](t, ctx, results)
	if len(urls) == 0 {
		t.Fatal(`"budapest" among the sources found nothing`)
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, "/sources/") {
			t.Errorf(`"budapest" among the sources: %s is not a source (all: %q)`, u, urls)
		}
	}
	if v := eval[string](t, ctx, `document.getElementById("search-kind").value`); v != "s" {
		t.Errorf("the kind filter shows %q; want s, from the address", v)
	}

	// The topic filter, chosen in the form: only the notes with the tag.
	tagged := map[string]bool{}
	for _, n := range result.Site.Notes {
		if slices.Contains(n.Note.Meta.Tags, "security-guarantees") {
			tagged[n.URL] = true
		}
	}
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=ukraine"))
	waitFor(t, ctx, `document.getElementById("search-tag") !== null && document.querySelector("#search-results .search-count") !== null`)
	all := eval[[]string](t, ctx, results)
	_ = eval[bool](t, ctx, `(() => { const t = document.getElementById("search-tag"); t.value = "security-guarantees"; t.dispatchEvent(new Event("change")); return true; })()`)
	waitFor(t, ctx, `location.search.includes("tag=security-guarantees") && /on security-guarantees/.test(document.querySelector("#search-results .search-count").textContent)`)
	urls = eval[[]string](t, ctx, results)
	if len(urls) == 0 || len(urls) >= len(all) {
		t.Errorf(`"ukraine" on security-guarantees gives %q; want fewer than without the filter, %q`, urls, all)
	}
	for _, u := range urls {
		if !tagged[u] {
			t.Errorf(`"ukraine" on security-guarantees: %s does not have the tag`, u)
		}
	}
}

// TestSearchFetchesFragments checks that a query fetches the manifest and
// only some of the index's fragments: those of its words, and the pages it
// shows; and that the results show where in a page the word is.
func TestSearchFetchesFragments(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=kelly"))
	// The results come from their directory fragments, then their
	// snippets from their pages' fragments.
	waitFor(t, ctx, `document.querySelectorAll("#search-results .result").length > 0 && `+resultsComplete)
	fetched := eval[[]string](t, ctx, `performance.getEntriesByType("resource").map(r => new URL(r.name).pathname).filter(p => p.startsWith("/search/"))`)
	count := func(names []string, prefix string) int {
		n := 0
		for _, f := range names {
			if strings.HasPrefix(f, prefix) {
				n++
			}
		}
		return n
	}
	var all []string
	for p := range Files(result) {
		all = append(all, "/"+p)
	}
	if !slices.Contains(fetched, "/search/index.json") {
		t.Errorf("the query fetched %q; want the manifest among them", fetched)
	}
	if n, of := count(fetched, "/search/t."), count(all, "/search/t."); n != 1 || of < 3 {
		t.Errorf("a query of one word fetched %d of %d term fragments; want 1 of several", n, of)
	}
	shown := eval[int](t, ctx, `document.querySelectorAll("#search-results .result").length`)
	if n := count(fetched, "/search/p."); n != shown {
		t.Errorf("the query fetched %d page fragments for %d results shown; want one each", n, shown)
	}
	snippets := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results .result-snippet mark, #search-results .result-section-text mark")].map(m => m.textContent)`)
	if !slices.Contains(snippets, "Kelly") {
		t.Errorf("marked words in snippets: %q; want Kelly", snippets)
	}
	sections := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results .result-sections a")].map(a => a.getAttribute("href"))`)
	if len(sections) == 0 || !strings.Contains(sections[0], "#") {
		t.Errorf("sub-results %q; want links to the sections that name Kelly", sections)
	}
}

// TestSearchAsYouType types a word's beginning into the header's box: the
// suggestions come from the words it begins, and the live region says how
// many pages match.
func TestSearchAsYouType(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/"))
	do(t, ctx, chromedp.Focus(chromedp.ID("search-input")), chromedp.KeyEvent("memor"))
	waitFor(t, ctx, `!document.getElementById("search-suggest").hidden && document.querySelectorAll("#search-suggest [role=option]").length > 1`)
	titles := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-suggest .suggest-title")].map(e => e.textContent)`)
	if len(titles) == 0 || !strings.Contains(strings.ToLower(titles[0]), "memorandum") {
		t.Errorf(`typing "memor" suggests %q; want a memorandum first`, titles)
	}
	waitFor(t, ctx, `/pages? match/.test(document.querySelector(".search-form [role=status]").textContent)`)
}

// TestSearchShowMore asks for more results than a page shows: the next
// ones come after the first, none twice, with their snippets, and the
// focus moves to the first of them.
func TestSearchShowMore(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=ukraine"))
	waitFor(t, ctx, `document.querySelector("#search-results ol.results") !== null && document.querySelector("#search-results ol.results").getAttribute("data-pending") === "0"`)
	results := `[...document.querySelectorAll("#search-results .result > a")].map(a => a.getAttribute("href"))`
	first := eval[[]string](t, ctx, results)
	if hidden := eval[bool](t, ctx, `document.querySelector(".more-results").hidden`); hidden || len(first) != 10 {
		t.Fatalf(`"ukraine" shows %d results and the button for more is hidden=%v; want 10 and the button (the site has more)`, len(first), hidden)
	}
	_ = eval[bool](t, ctx, `(document.querySelector(".more-results").click(), true)`)
	waitFor(t, ctx, `document.querySelectorAll("#search-results .result").length > 10 && document.querySelector("#search-results ol.results").getAttribute("data-pending") === "0"`)
	all := eval[[]string](t, ctx, results)
	if !slices.Equal(all[:10], first) {
		t.Errorf("the first ten results changed when more came: %q, then %q", first, all[:10])
	}
	seen := map[string]bool{}
	for _, u := range all {
		if seen[u] {
			t.Errorf("%s is listed twice in %q", u, all)
		}
		seen[u] = true
	}
	if focused := eval[string](t, ctx, `document.activeElement.getAttribute("href")`); focused != all[10] {
		t.Errorf("after asking for more, the focus is on %q; want the first new result, %q", focused, all[10])
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-results .result:nth-child(n+11) .result-snippet").length`); n == 0 {
		t.Error("the new results show no snippets")
	}
}

// TestSearchFetchesWhileTyping types a query into the results page's box,
// without pressing Enter: its term fragments and its first results'
// directory and page fragments are fetched as the reader types. Enter then
// shows those results, with their snippets, without fetching another term
// or directory fragment.
func TestSearchFetchesWhileTyping(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/search/"))
	waitFor(t, ctx, `document.getElementById("search-kind") !== null`) // the manifest has come
	searchFetches := `performance.getEntriesByType("resource").map(r => new URL(r.name).pathname).filter(p => /^\/search\/[tdp]\./.test(p))`
	if got := eval[[]string](t, ctx, searchFetches); len(got) != 0 {
		t.Fatalf("before any query the page fetched %q; want no fragment", got)
	}
	do(t, ctx, chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent("kelly"))
	waitFor(t, ctx, `(() => {
		const ps = `+searchFetches+`;
		return ["t", "d", "p"].every(k => ps.some(p => p.startsWith("/search/" + k + ".")));
	})()`)
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-results .result").length`); n != 0 {
		t.Errorf("typing showed %d results before Enter; want none (the page shows what Enter asks for)", n)
	}
	before := eval[int](t, ctx, `performance.getEntriesByType("resource").length`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.querySelectorAll("#search-results .result").length > 0 && `+resultsComplete)
	snippets := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results .result-snippet mark, #search-results .result-section-text mark")].map(m => m.textContent)`)
	if !slices.Contains(snippets, "Kelly") {
		t.Errorf("marked words in snippets: %q; want Kelly", snippets)
	}
	// The page fragments may still be coming; the ranking and the
	// results' directory fragments are there.
	if after := eval[[]string](t, ctx, `performance.getEntriesByType("resource").slice(`+strconv.Itoa(before)+`).map(r => new URL(r.name).pathname).filter(p => /^\/search\/[td]\./.test(p))`); len(after) != 0 {
		t.Errorf("Enter fetched %q; want no term or directory fragment, all fetched while typing", after)
	}
	if got := eval[string](t, ctx, `location.search`); got != "?q=kelly" {
		t.Errorf("the address's query is %q; want ?q=kelly", got)
	}
}
