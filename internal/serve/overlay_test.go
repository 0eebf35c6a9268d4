package serve_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dossier-site/dossier/internal/testkit/browsertest"
)

// TestOverlayInBrowser opens a page of the preview in headless Chromium and
// goes through edit, reload, error overlay, fix and reload as an editor
// sees them: the page reloads by itself with the edit, shows the overlay
// with the error's position when the content breaks, and drops it when the
// content is fixed. It skips without Chromium, unless CI is set.
func TestOverlayInBrowser(t *testing.T) {
	exe := browsertest.FindChromium()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found; CI needs it (apt-get install chromium)")
		}
		t.Skip("Chromium not found: install it with `apt-get install chromium` (or set DOSSIER_CHROMIUM)")
	}
	p := startPreview(t)
	browser, stop, err := browsertest.NewBrowser(context.Background(), exe, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	log := &browsertest.Log{}
	tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(log.Listen))
	defer cancel()
	tab, cancelTimeout := context.WithTimeout(tab, 90*time.Second) // against a hang only
	defer cancelTimeout()
	if err := chromedp.Do(tab, chromedp.Navigate(p.hs.URL+"/notes/start/")); err != nil {
		t.Fatal(err)
	}

	// waitFor polls a condition in the page until it holds; a reload that
	// interrupts a poll starts it again on the new page.
	waitFor := func(what, cond string) {
		t.Helper()
		for {
			pctx, pcancel := context.WithTimeout(tab, 20*time.Second)
			_, err := chromedp.Run(pctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond)))
			pcancel()
			if err == nil {
				return
			}
			if tab.Err() != nil {
				t.Fatalf("%s: %v\nserver log:\n%s", what, err, p.log)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	const overlay = `document.getElementById("dossier-error-overlay")`
	waitFor("the page loads", `document.querySelector("h1") !== null && document.querySelector("h1").textContent.includes("Start here")`)

	writeFile(t, p.dir, "content/notes/start.md", "---\ntitle: Start here, edited\ntags: [basics]\n---\nThis note links to [[details]] and cites the report [@report].\n")
	waitFor("the page reloads with the edit", `document.querySelector("h1").textContent.includes("Start here, edited") && `+overlay+` === null`)

	writeFile(t, p.dir, "content/notes/start.md", "---\ntitle: Start here, edited\ntags: [basics]\n---\nThis note links to [[detials]] and cites the report [@report].\n")
	waitFor("the error overlay shows the error's position", overlay+` !== null && `+overlay+`.textContent.includes("content/notes/start.md:5:20") && `+overlay+`.textContent.includes("detials")`)

	writeFile(t, p.dir, "content/notes/start.md", "---\ntitle: Start here, fixed\ntags: [basics]\n---\nThis note links to [[details]] and cites the report [@report].\n")
	waitFor("the overlay goes once the error is fixed", overlay+` === null && document.querySelector("h1").textContent.includes("Start here, fixed")`)

	// An edit that changes one page reloads the tabs that show it, and
	// leaves the others as they are.
	newTab := func(path string) context.Context {
		t.Helper()
		tab2, cancel := chromedp.NewContext(tab, chromedp.WithListener(log.Listen))
		t.Cleanup(cancel)
		if err := chromedp.Do(tab2, chromedp.Navigate(p.hs.URL+path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab2, chromedp.Evaluate[int](`window.stayed = 1`)); err != nil {
			t.Fatal(err)
		}
		return tab2
	}
	other, changed := newTab("/notes/details/"), newTab("/sources/report/")
	before, err := chromedp.Run(other, chromedp.Evaluate[string](`document.querySelector('meta[name="dossier-version"]').content`))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p.dir, "content/sources/report.md", "---\ntitle: A report\noutlet: Example News\npublished: 2026-01-02\naccessed: 2026-02-01\nkind: news report\n---\nWhat the report is.\n")
	tab = changed
	waitFor("the changed page reloads", `window.stayed === undefined && document.body.textContent.includes("1 February 2026")`)
	tab = other
	waitFor("the unchanged page learns of the build without reloading",
		`window.stayed === 1 && document.querySelector('meta[name="dossier-version"]').content !== "`+before+`"`)

	// A figure beside a note shows in the preview, and saving the image
	// again reloads the page that shows it, whose HTML is the same.
	writeFile(t, p.dir, "content/notes/chart.png", pngOf(30, 20, 100))
	writeFile(t, p.dir, "content/notes/start.md", "---\ntitle: Start here, with a figure\ntags: [basics]\n---\n![A chart](chart.png \"The chart's caption\")\n\nThis note links to [[details]] and cites the report [@report].\n")
	figure := newTab("/notes/start/")
	tab = figure
	waitFor("the figure shows", `document.querySelector("figure img") !== null && document.querySelector("figure img").complete && document.querySelector("figure img").naturalWidth === 30 && document.querySelector("figcaption").textContent === "The chart's caption"`)
	if _, err := chromedp.Run(tab, chromedp.Evaluate[int](`window.stayed = 1`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p.dir, "content/notes/chart.png", pngOf(30, 20, 50))
	waitFor("the page reloads when its image changes", `window.stayed === undefined && document.querySelector("figure img") !== null`)

	for _, e := range log.Errors() {
		t.Errorf("browser console: %s", e)
	}
}
