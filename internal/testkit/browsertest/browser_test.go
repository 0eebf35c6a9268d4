package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/dossier-site/dossier/internal/build"
)

// The site, the server and the browser are started once, by the first test
// that needs them, and stopped by TestMain.
var (
	setupOnce sync.Once
	setupErr  error
	skipMsg   string
	result    *build.Result
	server    *Server
	browser   context.Context
	stop      = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	stop()
	os.Exit(code)
}

func setup() {
	exe := FindChromium()
	if exe == "" {
		skipMsg = "Chromium not found: install it with `apt-get install chromium` (or set DOSSIER_CHROMIUM) to run the browser tests"
		return
	}
	result, setupErr = BuildSite(filepath.Join("..", "..", ".."))
	if setupErr != nil {
		return
	}
	dataDir, err := os.MkdirTemp("", "dossier-chromium-")
	if err != nil {
		setupErr = err
		return
	}
	server = Serve(Files(result))
	var cancel context.CancelFunc
	browser, cancel, setupErr = NewBrowser(context.Background(), exe, dataDir)
	stop = func() {
		if cancel != nil {
			cancel()
		}
		server.Close()
		_ = os.RemoveAll(dataDir)
	}
}

// need skips t when Chromium is missing (failing it instead when CI is set),
// and fails it when the site or the browser cannot start.
func need(t testing.TB) {
	t.Helper()
	setupOnce.Do(setup)
	if skipMsg != "" {
		if os.Getenv("CI") != "" {
			t.Fatal(skipMsg + " (CI is set, so the browser tests must run)")
		}
		t.Skip(skipMsg)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
}

// newTab opens a tab in a fresh browser context (its own storage), whose
// requests and console are checked when the test ends: no request may go to
// another host, and nothing may be logged as an error.
func newTab(t testing.TB) (context.Context, *Log) {
	t.Helper()
	need(t)
	return newTabFor(t, server)
}

// newTabFor is newTab for a tab that may ask only srv for anything.
func newTabFor(t testing.TB, srv *Server) (context.Context, *Log) {
	t.Helper()
	need(t)
	l := &Log{}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(l.Listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, e := range l.Errors() {
			t.Errorf("browser console: %s", e)
		}
		for _, r := range l.Requests() {
			if !sameHost(r, srv) {
				t.Errorf("request to another host: %s", r)
			}
		}
	})
	return ctx, l
}

// sameHost reports whether addr is on the test server srv, or needs no
// network.
func sameHost(addr string, srv *Server) bool {
	u, err := url.Parse(addr)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "about", "blob":
		return true
	}
	return u.Scheme+"://"+u.Host == srv.URL
}

func do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds. A poll that a
// navigation interrupts starts again on the new page.
func waitFor(t testing.TB, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pctx, cancel := context.WithDeadline(ctx, deadline)
		_, err := chromedp.Run(pctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond)))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSearchResultsPageFindsPhrase(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q="+url.QueryEscape("eight people")))
	waitFor(t, ctx, `document.querySelectorAll("#search-results .result").length > 0 && `+resultsComplete)
	first := eval[string](t, ctx, `document.querySelector("#search-results .result a").textContent`)
	if !strings.Contains(strings.ToLower(first), "eight people") {
		t.Errorf("first result for \"eight people\" = %q; want the page with that phrase in its title", first)
	}
	marks := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results mark")].map(m => m.textContent.toLowerCase())`)
	if !slices.Contains(marks, "eight") || !slices.Contains(marks, "people") {
		t.Errorf("highlighted words = %q; want eight and people among them", marks)
	}
	if v := eval[string](t, ctx, `document.getElementById("q").value`); v != "eight people" {
		t.Errorf("search box holds %q; want the query from the address, \"eight people\"", v)
	}
	if hidden := eval[bool](t, ctx, `document.querySelector(".search-all").hidden`); !hidden {
		t.Error("the pointers to the topic and source indexes are still shown beside the results")
	}

	// A new query from the page's own form updates the results and the address.
	_ = eval[string](t, ctx, `document.getElementById("q").value = ""`)
	do(t, ctx, chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent("budapest"+kb.Enter))
	waitFor(t, ctx, `location.search === "?q=budapest"`)
	waitFor(t, ctx, `document.querySelector("#search-results .result a") && /budapest/i.test(document.querySelector("#search-results .result a").textContent)`)
}

// TestSearchPageWithoutScript loads /search/ with JavaScript off: it points
// to the topic and source indexes, which lead to every page, and lists no
// page itself, so that it does not grow with the site.
func TestSearchPageWithoutScript(t *testing.T) {
	ctx, _ := newTab(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=budapest"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	if hidden := eval[bool](t, ctx, `document.querySelector(".search-all").hidden`); hidden {
		t.Fatal("without JavaScript the pointers to the indexes are hidden")
	}
	links := eval[[]string](t, ctx, `[...document.querySelectorAll(".search-page a")].map(a => a.getAttribute("href"))`)
	for _, want := range []string{"/tags/", "/sources/"} {
		if !slices.Contains(links, want) {
			t.Errorf("without JavaScript /search/ links to %q; want %s among them", links, want)
		}
	}
	for _, p := range result.Site.Pages() {
		if slices.Contains(links, p.URL) {
			t.Errorf("without JavaScript /search/ links to the page %s; want only the indexes, so that the page does not grow with the site", p.URL)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-results > *").length`); n != 0 {
		t.Errorf("without JavaScript #search-results holds %d elements; want it empty", n)
	}
	// The indexes it points to do lead to every page.
	for _, index := range []string{"/tags/", "/sources/"} {
		do(t, ctx, chromedp.Navigate(server.URL+index))
		waitFor(t, ctx, `document.readyState === "complete"`)
		if title := eval[string](t, ctx, `document.title`); strings.Contains(title, "not found") {
			t.Errorf("%s is missing (title %q)", index, title)
		}
	}
}

func TestSearchRanksAndFindsEveryPage(t *testing.T) {
	ctx, _ := newTab(t)
	// Every page is found by its own title, near the top.
	for _, p := range result.Site.Pages() {
		do(t, ctx, chromedp.Navigate(server.URL+"/search/?q="+url.QueryEscape(p.Title)))
		waitFor(t, ctx, `document.querySelector("#search-results .search-count") !== null`)
		urls := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results .result > a")].map(a => a.getAttribute("href"))`)
		if i := slices.Index(urls, p.URL); i < 0 || i > 2 {
			t.Errorf("searching for the title %q: %s is result %d of %q; want it among the first three", p.Title, p.URL, i+1, urls)
		}
	}
	// Diacritics and case do not matter; a word's beginning finds it.
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q="+url.QueryEscape("BÚDAPEST memor")))
	waitFor(t, ctx, `document.querySelector("#search-results .search-count") !== null`)
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-results .result").length`); n == 0 {
		t.Error(`"BÚDAPEST memor" found nothing; want the Budapest Memorandum pages`)
	}
	// A query that matches nothing says so.
	do(t, ctx, chromedp.Navigate(server.URL+"/search/?q=qqqxyzzy"))
	waitFor(t, ctx, `document.querySelector("#search-results .search-count") !== null`)
	if msg := eval[string](t, ctx, `document.querySelector("#search-results .search-count").textContent`); !strings.Contains(msg, "No page") {
		t.Errorf("no-match message = %q; want it to say no page matches", msg)
	}
}

// TestSearchRealQueries runs queries a reader of the project's own site
// would, and checks what a reader would judge by: the page about the thing
// first, every page that names it among the results, and the matched words
// marked. The pages named here hold the words in their text (grep content/).
func TestSearchRealQueries(t *testing.T) {
	ctx, _ := newTab(t)
	cases := []struct {
		q     string
		top   string   // the first result
		found []string // among the results
		// mark is a word marked in the results: in a title, a summary, or
		// a snippet of the text.
		mark string
	}{
		{"Budapest", "/notes/budapest-memorandum/", []string{"/sources/budapest-memorandum-1994/", "/notes/overview/"}, "budapest"},
		{"Kelly", "", []string{"/notes/territorial-linkage-dispute/", "/notes/who-is-who/", "/sources/reuters-white-house-response/", "/sources/espreso-2026-01-27/"}, "kelly"},
		{"Donbas", "/notes/territorial-linkage-dispute/", []string{"/notes/overview/", "/notes/abu-dhabi-talks/"}, "donbas"},
		{"guarantee", "", []string{"/notes/article-5-style-guarantees/"}, "guarantees"},
		{"guar", "", []string{"/notes/article-5-style-guarantees/", "/notes/overview/"}, "guarantees"},
		{"security guarantees", "", []string{"/notes/article-5-style-guarantees/", "/sources/unknown-outlet-us-denies-linking/"}, "security"},
	}
	for _, c := range cases {
		do(t, ctx, chromedp.Navigate(server.URL+"/search/?q="+url.QueryEscape(c.q)))
		waitFor(t, ctx, `document.querySelector("#search-results .search-count") !== null && `+resultsComplete)
		urls := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results .result > a")].map(a => a.getAttribute("href"))`)
		if len(urls) == 0 {
			t.Errorf("%q found nothing", c.q)
			continue
		}
		if c.top != "" && urls[0] != c.top {
			t.Errorf("%q: first result %s; want %s (all: %q)", c.q, urls[0], c.top, urls)
		}
		for _, u := range c.found {
			if !slices.Contains(urls, u) {
				t.Errorf("%q: %s is not among the results %q", c.q, u, urls)
			}
		}
		// Titles and summaries naming every word of the query are found
		// too (a query of several words finds the pages that have them all).
		for _, p := range result.Site.Pages() {
			text := strings.ToLower(p.Title + " " + p.Summary)
			all := true
			for _, w := range strings.Fields(strings.ToLower(c.q)) {
				all = all && strings.Contains(text, w)
			}
			if all && !slices.Contains(urls, p.URL) {
				t.Errorf("%q: %s (%q) names it in its title or summary but is not among the results %q", c.q, p.URL, p.Title, urls)
			}
		}
		marks := eval[[]string](t, ctx, `[...document.querySelectorAll("#search-results mark")].map(m => m.textContent.toLowerCase())`)
		if c.mark != "" && !slices.Contains(marks, c.mark) {
			t.Errorf("%q: marked words %q; want %q among them", c.q, marks, c.mark)
		}
	}
}

// resultsComplete holds on the results page when every result shown has
// its snippets (the script shows results first from their directory
// entries, then again once their pages' fragments have come).
const resultsComplete = `!document.querySelector('#search-results ol.results:not([data-pending="0"])')`

func TestSearchBoxKeyboard(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+"/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	// "/" focuses the box; typing shows suggestions.
	do(t, ctx, chromedp.KeyEvent("/"))
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "search-input" {
		t.Fatalf(`after "/", focus is on #%s; want #search-input`, id)
	}
	do(t, ctx, chromedp.KeyEvent("eight people"))
	waitFor(t, ctx, `!document.getElementById("search-suggest").hidden && document.querySelectorAll("#search-suggest [role=option]").length > 1`)
	if v := eval[string](t, ctx, `document.getElementById("search-input").getAttribute("aria-expanded")`); v != "true" {
		t.Errorf("aria-expanded = %q with suggestions shown; want true", v)
	}
	// Arrows move through the options, wrapping round.
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	if a := eval[string](t, ctx, `document.getElementById("search-input").getAttribute("aria-activedescendant")`); a != "suggest-0" {
		t.Errorf("after ArrowDown the active option is %q; want suggest-0", a)
	}
	do(t, ctx, chromedp.KeyEvent(kb.ArrowUp))
	n := eval[int](t, ctx, `document.querySelectorAll("#search-suggest [role=option]").length`)
	if a := eval[string](t, ctx, `document.getElementById("search-input").getAttribute("aria-activedescendant")`); a != fmt.Sprintf("suggest-%d", n-1) {
		t.Errorf("after ArrowUp from the first option the active option is %q; want the last, suggest-%d", a, n-1)
	}
	// Escape closes the list.
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if hidden := eval[bool](t, ctx, `document.getElementById("search-suggest").hidden`); !hidden {
		t.Error("Escape left the suggestions open")
	}
	// Enter on an option opens it.
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, ctx, `!document.getElementById("search-suggest").hidden`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	want := eval[string](t, ctx, `document.getElementById(document.getElementById("search-input").getAttribute("aria-activedescendant")).dataset.href`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, want))

	// Enter with no option chosen goes to the results page.
	do(t, ctx, chromedp.Navigate(server.URL+"/"))
	do(t, ctx, chromedp.Focus(chromedp.ID("search-input")), chromedp.KeyEvent("memorandum"+kb.Enter))
	waitFor(t, ctx, `location.pathname === "/search/" && location.search === "?q=memorandum" && document.querySelectorAll("#search-results .result").length > 0`)
}

// center returns the middle of the first element sel matches, scrolled into
// view, in viewport coordinates.
func center(t testing.TB, ctx context.Context, sel string) (x, y float64) {
	t.Helper()
	xy := eval[[]float64](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, sel))
	return xy[0], xy[1]
}

func TestCitationCard(t *testing.T) {
	ctx, _ := newTab(t)
	note := result.Site.Note("budapest-memorandum")
	if note == nil {
		t.Fatal("the site has no note budapest-memorandum; pick another note with citations for this test")
	}
	do(t, ctx, chromedp.Navigate(server.URL+note.URL))
	waitFor(t, ctx, `document.readyState === "complete"`)
	id := eval[string](t, ctx, `document.querySelector("sup.cite a").dataset.source`)
	src := result.Site.Source(id)
	if src == nil {
		t.Fatalf("the first citation names source %q, which the site does not have", id)
	}
	m := src.Source.Meta

	// Hovering shows the card.
	x, y := center(t, ctx, "sup.cite a")
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	waitFor(t, ctx, `document.getElementById("preview") && !document.getElementById("preview").hidden`)
	card := eval[string](t, ctx, `document.getElementById("preview").innerText`)
	for _, want := range []string{m.Outlet, m.Title, m.Published.Human(), m.Reliability} {
		if want != "" && !strings.Contains(card, want) {
			t.Errorf("citation card = %q; want it to hold %q", card, want)
		}
	}
	if tip := eval[string](t, ctx, `document.querySelector("sup.cite a").getAttribute("title") || ""`); tip != "" {
		t.Errorf("the citation keeps its title attribute %q, so the browser shows its own tooltip over the card", tip)
	}
	// Escape closes it.
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if hidden := eval[bool](t, ctx, `document.getElementById("preview").hidden`); !hidden {
		t.Error("Escape left the citation card open")
	}
	// Moving away closes it too.
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	waitFor(t, ctx, `!document.getElementById("preview").hidden`)
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
	waitFor(t, ctx, `document.getElementById("preview").hidden`)

	// Keyboard focus shows the card, with the passage the citation rests
	// on when it names one.
	const quote = "a passage the citation rests on"
	_ = eval[bool](t, ctx, fmt.Sprintf(`(() => { document.querySelector("sup.cite a").dataset.passage = %q; return true; })()`, quote))
	do(t, ctx, chromedp.Focus(chromedp.CSS("sup.cite a")))
	waitFor(t, ctx, `!document.getElementById("preview").hidden`)
	if q := eval[string](t, ctx, `(document.querySelector("#preview blockquote") || {}).textContent || ""`); q != quote {
		t.Errorf("card's quoted excerpt = %q; want %q", q, quote)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if hidden := eval[bool](t, ctx, `document.getElementById("preview").hidden`); !hidden {
		t.Error("Escape left the card open after keyboard focus")
	}
	if focused := eval[bool](t, ctx, `document.activeElement === document.querySelector("sup.cite a")`); !focused {
		t.Error("Escape moved focus away from the citation")
	}
	// Without the card, the link still goes to its reference.
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `location.hash === "#ref-1"`)
}

// TestPassageOnHoverAndInReferences checks what a reader sees of the
// passage a citation rests on: hovering over or focusing the citation
// shows it in the card with the source's reliability line, and the page's
// reference list quotes it, so that it is there without JavaScript and in
// print.
func TestPassageOnHoverAndInReferences(t *testing.T) {
	ctx, _ := newTab(t)
	var note string
	var passage, reliability string
	var number int
	for _, p := range result.Site.Notes {
		for _, ref := range p.References {
			if len(ref.Passages) > 0 && ref.Source.Source.Meta.Reliability != "" {
				note, passage, number, reliability = p.URL, ref.Passages[0].Text, ref.Number, ref.Source.Source.Meta.Reliability
				break
			}
		}
		if note != "" {
			break
		}
	}
	if note == "" {
		t.Fatal("no note cites a passage of a source with a reliability line")
	}
	do(t, ctx, chromedp.Navigate(server.URL+note))
	waitFor(t, ctx, `document.readyState === "complete"`)
	sel := fmt.Sprintf(`sup.cite a[href="#ref-%d"][data-passage]`, number)
	if got := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).dataset.passage`, sel)); got != passage {
		t.Fatalf("data-passage = %q; want %q", got, passage)
	}
	cardText := func() string {
		return strings.Join(strings.Fields(eval[string](t, ctx, `document.getElementById("preview").innerText`)), " ")
	}
	want := strings.Join(strings.Fields(passage), " ")

	// Hover.
	x, y := center(t, ctx, sel)
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	waitFor(t, ctx, `document.getElementById("preview") && !document.getElementById("preview").hidden`)
	card := cardText()
	if !strings.Contains(card, want) {
		t.Errorf("hovered, the card = %q; want it to quote the passage %q", card, want)
	}
	if !strings.Contains(card, strings.Join(strings.Fields(reliability), " ")) {
		t.Errorf("hovered, the card = %q; want the source's reliability line %q", card, reliability)
	}
	if i, j := strings.Index(card, want), strings.Index(card, reliability); i < 0 || j < i {
		t.Errorf("the card shows the reliability line before the passage: %q", card)
	}
	do(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
	waitFor(t, ctx, `document.getElementById("preview").hidden`)

	// Keyboard focus.
	do(t, ctx, chromedp.Focus(chromedp.CSS(sel)))
	waitFor(t, ctx, `!document.getElementById("preview").hidden`)
	if card := cardText(); !strings.Contains(card, want) {
		t.Errorf("focused, the card = %q; want it to quote the passage %q", card, want)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))

	// The reference list quotes it, visibly, and links back to the citation.
	ref := eval[map[string]any](t, ctx, fmt.Sprintf(`(() => {
		const li = document.getElementById("ref-%d");
		const qs = li ? [...li.querySelectorAll(".ref-passage")] : [];
		const q = qs.find(b => b.textContent.replace(/\s+/g, " ").trim() === %q);
		if (!q) return {found: false, texts: qs.map(b => b.textContent)};
		const back = q.parentElement.querySelector(".passage-backrefs a");
		return {found: true, visible: q.offsetHeight > 0 && getComputedStyle(q).display !== "none",
			back: back ? back.getAttribute("href") : ""};
	})()`, number, want))
	if ref["found"] != true {
		t.Fatalf("reference %d does not quote the passage %q; it quotes %v", number, want, ref["texts"])
	}
	if ref["visible"] != true {
		t.Error("the reference list's passage is not shown")
	}
	if back, _ := ref["back"].(string); !strings.HasPrefix(back, "#cite-") {
		t.Errorf("the passage in the reference list links back to %q; want a citation", back)
	}
	// Printed, it is still there.
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if shown := eval[bool](t, ctx, fmt.Sprintf(`(() => { const q = document.querySelector("#ref-%d .ref-passage"); return !!q && q.offsetHeight > 0 && getComputedStyle(q).display !== "none"; })()`, number)); !shown {
		t.Error("printed, the reference list's passage is hidden")
	}
}

func TestCitationCardOnTouch(t *testing.T) {
	ctx, _ := newTab(t)
	note := result.Site.Note("budapest-memorandum")
	do(t, ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(server.URL+note.URL))
	waitFor(t, ctx, `document.readyState === "complete"`)
	// The first tap shows the card and stays on the page; the card fits.
	do(t, ctx, chromedp.Tap(chromedp.CSS("sup.cite a")))
	waitFor(t, ctx, `!document.getElementById("preview").hidden`)
	if h := eval[string](t, ctx, `location.hash`); h != "" {
		t.Errorf("the first tap on a citation followed it to %q; want it to show the card", h)
	}
	if fits := eval[bool](t, ctx, `(() => { const r = document.getElementById("preview").getBoundingClientRect(); return r.left >= 0 && r.right <= document.documentElement.clientWidth; })()`); !fits {
		t.Error("the card runs off the side of a 390px screen")
	}
	// The second follows the link.
	do(t, ctx, chromedp.Tap(chromedp.CSS("sup.cite a")))
	waitFor(t, ctx, `location.hash === "#ref-1"`)
}

func TestCrossLinkPreview(t *testing.T) {
	ctx, _ := newTab(t)
	var from, to string
	for _, p := range result.Site.Notes {
		for _, b := range p.Backlinks {
			if from == "" && b.From.Note != nil && p.Summary != "" {
				from, to = b.From.URL, p.URL
			}
		}
	}
	if from == "" {
		t.Fatal("no note links to a note with a summary; the content has changed, so change this test")
	}
	do(t, ctx, chromedp.Navigate(server.URL+from))
	waitFor(t, ctx, `document.readyState === "complete"`)
	sel := fmt.Sprintf(`a.xref[href=%q]`, to)
	summary := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).dataset.summary`, sel))
	do(t, ctx, chromedp.Focus(chromedp.CSS(sel)))
	waitFor(t, ctx, `!document.getElementById("preview").hidden`)
	if card := eval[string](t, ctx, `document.getElementById("preview").textContent`); !strings.Contains(card, summary) {
		t.Errorf("cross-link preview = %q; want the target's summary %q", card, summary)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if hidden := eval[bool](t, ctx, `document.getElementById("preview").hidden`); !hidden {
		t.Error("Escape left the cross-link preview open")
	}
}

// TestKeyboardReachesEveryControl tabs through pages and checks that every
// link, button and field is reached, in order, each with a visible focus.
func TestKeyboardReachesEveryControl(t *testing.T) {
	ctx, _ := newTab(t)
	pages := []string{"/", "/search/", result.Site.Note("budapest-memorandum").URL}
	for _, p := range pages {
		do(t, ctx, chromedp.Navigate(server.URL+p))
		waitFor(t, ctx, `document.readyState === "complete"`)
		n := eval[int](t, ctx, `(() => {
			const els = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
				.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
			els.forEach((e, i) => e.dataset.bt = i);
			return els.length;
		})()`)
		var reached []int
		seen := map[int]bool{}
		for range n + 2 {
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
			st := eval[[]string](t, ctx, `[document.activeElement.dataset.bt || "", getComputedStyle(document.activeElement).outlineStyle, document.activeElement.outerHTML.slice(0, 80)]`)
			if st[0] == "" {
				continue
			}
			var i int
			fmt.Sscan(st[0], &i)
			if seen[i] {
				break
			}
			seen[i] = true
			reached = append(reached, i)
			if st[1] == "none" {
				t.Errorf("%s: %s has no visible focus outline", p, st[2])
			}
		}
		if len(reached) != n {
			missed := eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("[data-bt]")].filter(e => !%s.includes(+e.dataset.bt)).map(e => e.outerHTML.slice(0, 100))`, jsInts(reached)))
			t.Errorf("%s: Tab reached %d of %d controls; missed %q", p, len(reached), n, missed)
		}
		if !slices.IsSorted(reached) {
			t.Errorf("%s: Tab order %v does not follow the page", p, reached)
		}
	}
	// The skip link is the first stop and moves focus to the content.
	do(t, ctx, chromedp.Navigate(server.URL+"/"), chromedp.KeyEvent(kb.Tab))
	if cls := eval[string](t, ctx, `document.activeElement.className`); cls != "skip-link" {
		t.Errorf("the first Tab stop is %q; want the skip link", cls)
	}
	if vis := eval[bool](t, ctx, `document.activeElement.getBoundingClientRect().top >= 0`); !vis {
		t.Error("the focused skip link is off screen")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.activeElement.id === "main"`)
}

func jsInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(s, ",") + "]"
}

// background returns the body's background colour as "rgb(r, g, b)".
func background(t testing.TB, ctx context.Context) string {
	return eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
}

func isDark(rgb string) bool {
	var r, g, b int
	fmt.Sscanf(rgb, "rgb(%d, %d, %d)", &r, &g, &b)
	return r+g+b < 3*100
}

func TestDarkMode(t *testing.T) {
	ctx, _ := newTab(t)
	page := server.URL + result.Site.Note("budapest-memorandum").URL
	setScheme := func(scheme string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		})
	}
	pressed := func() string {
		return eval[string](t, ctx, `document.querySelector(".theme-toggle").getAttribute("aria-pressed")`)
	}

	// The page follows the system.
	do(t, ctx, setScheme("dark"), chromedp.Navigate(page))
	if bg := background(t, ctx); !isDark(bg) {
		t.Errorf("with a dark system theme the background is %s; want dark", bg)
	}
	if p := pressed(); p != "true" {
		t.Errorf("with a dark system theme the toggle has aria-pressed=%q; want true", p)
	}
	do(t, ctx, setScheme("light"), chromedp.Reload())
	if bg := background(t, ctx); isDark(bg) {
		t.Errorf("with a light system theme the background is %s; want light", bg)
	}

	// The toggle overrides it, and the choice is remembered.
	do(t, ctx, chromedp.Click(chromedp.CSS(".theme-toggle")))
	if bg := background(t, ctx); !isDark(bg) {
		t.Errorf("after choosing dark the background is %s; want dark", bg)
	}
	if p := pressed(); p != "true" {
		t.Errorf("after choosing dark the toggle has aria-pressed=%q; want true", p)
	}
	do(t, ctx, chromedp.Navigate(server.URL+"/"))
	if bg := background(t, ctx); !isDark(bg) {
		t.Errorf("on the next page the background is %s; want the chosen dark", bg)
	}
	code := eval[string](t, ctx, `(() => { const p = document.querySelector(".chroma"); return p ? getComputedStyle(p).backgroundColor : "" })()`)
	if code != "" && !isDark(code) {
		t.Errorf("highlighted code keeps a light background %s in dark mode", code)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(".theme-toggle")), chromedp.Reload())
	if bg := background(t, ctx); isDark(bg) {
		t.Errorf("after choosing light again and reloading the background is %s; want light", bg)
	}
}

// TestThemeToggleIsInline checks that the theme toggle is theme.js's, held
// inline in the page's head, and not the async site.js's: with site.js
// blocked it is shown and works, so that it is shown from the first paint
// and the header does not grow, moving the page below it (a layout shift),
// when site.js comes. With scripts off it is not shown, since it could not
// work.
func TestThemeToggleIsInline(t *testing.T) {
	ctx, l := newTab(t)
	page := server.URL + result.Site.Note("budapest-memorandum").URL
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: server.URL + "/assets/site.*", Block: true}}}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `document.readyState === "complete"`)
	if n := eval[int](t, ctx, `[...document.scripts].filter(s => s.src.includes("/site.")).length`); n != 1 {
		t.Fatalf("the page has %d site.js scripts; want 1, blocked", n)
	}
	if ran := eval[bool](t, ctx, `performance.getEntriesByName("dossier:start").length > 0`); ran {
		t.Fatal("site.js ran; want it blocked")
	}
	if shown := eval[bool](t, ctx, `document.querySelector(".theme-toggle").getClientRects().length > 0`); !shown {
		t.Fatal("without site.js the theme toggle is not shown")
	}
	before := eval[bool](t, ctx, `document.documentElement.getAttribute("data-theme") === "dark"`)
	do(t, ctx, chromedp.Click(chromedp.CSS(".theme-toggle")))
	if after := eval[bool](t, ctx, `document.documentElement.getAttribute("data-theme") === "dark"`); after == before {
		t.Error("without site.js a click on the theme toggle does not change the theme")
	}
	if p := eval[string](t, ctx, `document.querySelector(".theme-toggle").getAttribute("aria-pressed")`); p != fmt.Sprint(!before) {
		t.Errorf("after the click the toggle has aria-pressed=%q; want %v", p, !before)
	}
	// The blocked script is the only error the page may log.
	for _, e := range l.Errors() {
		if !strings.Contains(e, "/site.") {
			t.Errorf("browser console: %s", e)
		}
	}
	l.Reset()

	ctx, _ = newTab(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `document.readyState === "complete"`)
	if d := eval[string](t, ctx, `getComputedStyle(document.querySelector(".theme-toggle")).display`); d != "none" {
		t.Errorf("with scripts off the theme toggle has display %s; want none", d)
	}
}

func TestPrintStylesheet(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.Navigate(server.URL+result.Site.Note("budapest-memorandum").URL),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
	st := eval[map[string]string](t, ctx, `(() => {
		const d = s => { const e = document.querySelector(s); return e ? getComputedStyle(e).display : "absent"; };
		const x = document.querySelector(".prose a.xref");
		return {
			header: d(".site-header"), footer: d(".site-footer"), toc: d(".toc"), references: d(".references"),
			xref: x ? getComputedStyle(x, "::after").content : "absent",
			href: x ? x.getAttribute("href") : "",
		};
	})()`)
	for _, hidden := range []string{"header", "footer", "toc"} {
		if st[hidden] != "none" {
			t.Errorf("printed, the %s has display %s; want none", hidden, st[hidden])
		}
	}
	if st["references"] == "none" || st["references"] == "absent" {
		t.Errorf("printed, the references have display %s; want them printed", st["references"])
	}
	if !strings.Contains(st["xref"], st["href"]) {
		t.Errorf("printed, a cross-link is followed by %s; want its target %s", st["xref"], st["href"])
	}
}

// TestEveryPage loads every page of the site: none may log an error or ask
// another host for anything (checked by newTab), and each must have one h1,
// a title, a description and a favicon.
func TestEveryPage(t *testing.T) {
	ctx, _ := newTab(t)
	var pages []string
	for p := range Files(result) {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	slices.Sort(pages)
	for _, p := range pages {
		u := server.URL + "/" + strings.TrimSuffix(p, "index.html")
		do(t, ctx, chromedp.Navigate(u))
		if parts := strings.Split(p, "/"); len(parts) == 3 && parts[0] == "notes" && result.Site.Aliases[parts[1]] != nil {
			// A former address: it sends the reader on to the note.
			waitFor(t, ctx, fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, result.Site.Aliases[parts[1]].URL))
			continue
		}
		waitFor(t, ctx, `document.readyState === "complete"`)
		info := eval[map[string]any](t, ctx, `({
			h1: document.querySelectorAll("h1").length,
			title: document.title,
			icon: !!document.querySelector("link[rel=icon]"),
			overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
		})`)
		if info["h1"] != float64(1) || info["title"] == "" || info["icon"] != true {
			t.Errorf("%s: %d h1, title %q, favicon %v; want one h1, a title and a favicon", p, info["h1"], info["title"], info["icon"])
		}
		if info["overflow"] == true {
			t.Errorf("%s: the page is wider than a 1280px window", p)
		}
	}
}

// TestPhoneLayout checks that no page scrolls sideways on a 390px phone.
// Code, tables and maps scroll inside their own boxes.
func TestPhoneLayout(t *testing.T) {
	ctx, _ := newTab(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, p := range append([]string{"/", "/search/?q=ukraine", "/sources/"}, result.Site.Note("territorial-linkage-dispute").URL) {
		do(t, ctx, chromedp.Navigate(server.URL+p))
		waitFor(t, ctx, `document.readyState === "complete"`)
		wide := eval[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest("pre, table, .graph-frame, .visually-hidden, .skip-link")).map(e => e.tagName + "." + e.className).slice(0, 5)`)
		if len(wide) > 0 {
			t.Errorf("%s: on a 390px screen these run off the side: %q", p, wide)
		}
	}
}
