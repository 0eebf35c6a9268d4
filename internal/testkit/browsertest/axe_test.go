package browsertest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeWidths are the window widths every page is checked at: a desktop
// and a phone.
var axeWidths = []int{1280, 390}

// TestAxe runs axe-core (https://github.com/dequelabs/axe-core, every rule
// of its default set, and target-size, which it leaves off by default but
// Lighthouse's accessibility audit runs: links and buttons at least 24 px
// or spaced apart) on every page of the project's own site and of the
// reader-check fixture (testdata/reader-site: a figure, a lazily loaded
// image, a linked PDF, an archived copy, two claims on one page, callouts
// of every kind, note and source cards), at 1280 and 390 px wide: there must be no violation. axe is not vendored: set
// DOSSIER_AXE to the path of axe.min.js (CI installs the npm package
// axe-core at a fixed version; see .ci/run). Without it the test skips,
// unless CI is set.
func TestAxe(t *testing.T) {
	axePath := os.Getenv("DOSSIER_AXE")
	if axePath == "" {
		msg := "DOSSIER_AXE is not set: install axe-core (npm install axe-core) and set it to node_modules/axe-core/axe.min.js"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set, so the check must run)")
		}
		t.Skip(msg)
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	need(t)
	// The fixture as the preview shows it: its draft and scheduled note
	// too, under their banners.
	fixture, err := BuildPreview("testdata/reader-site")
	if err != nil {
		t.Fatal(err)
	}
	fixtureServer := Serve(Files(fixture))
	defer fixtureServer.Close()
	sites := []struct {
		name  string
		url   string
		files map[string][]byte
		skip  func(page string) bool
	}{
		{"site", server.URL, Files(result), func(p string) bool {
			parts := strings.Split(p, "/")
			return len(parts) == 3 && parts[0] == "notes" && result.Site.Aliases[parts[1]] != nil // a redirect
		}},
		{"fixture", fixtureServer.URL, Files(fixture), func(string) bool { return false }},
	}
	for _, site := range sites {
		var pages []string
		for p := range site.files {
			if strings.HasSuffix(p, ".html") && !site.skip(p) {
				pages = append(pages, p)
			}
		}
		slices.Sort(pages)
		for _, width := range axeWidths {
			t.Run(fmt.Sprintf("%s/%dpx", site.name, width), func(t *testing.T) {
				ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
				defer cancel()
				ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
				defer cancelTimeout()
				opts := []chromedp.EmulateViewportOption{}
				if width < 500 {
					opts = append(opts, chromedp.EmulateMobile)
				}
				do(t, ctx, chromedp.EmulateViewport(int64(width), 844, opts...))
				for _, p := range pages {
					u := site.url + "/" + strings.TrimSuffix(p, "index.html")
					do(t, ctx, chromedp.Navigate(u))
					waitFor(t, ctx, `document.readyState === "complete"`)
					// Evaluated through the DevTools protocol, axe is not
					// subject to the pages' Content-Security-Policy.
					if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe)+"\n;undefined")); err != nil {
						t.Fatalf("%s: loading axe: %v", p, err)
					}
					found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r =>
						r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " at " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`,
						chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatalf("%s: running axe: %v", p, err)
					}
					for _, v := range found {
						t.Errorf("/%s: %s", strings.TrimSuffix(p, "index.html"), v)
					}
				}
			})
		}
	}
}
