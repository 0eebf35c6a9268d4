package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestCallouts checks the callouts of the reader-check fixture in the
// browser: each kind shows its icon; a folded callout hides its text until
// the reader opens it, with the keyboard too; and printed, it shows it.
func TestCallouts(t *testing.T) {
	need(t)
	fixture, err := BuildSite("testdata/reader-site")
	if err != nil {
		t.Fatal(err)
	}
	srv := Serve(Files(fixture))
	defer srv.Close()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	page := srv.URL + "/notes/callouts/"
	do(t, ctx, chromedp.Navigate(page))

	icons := eval[map[string]string](t, ctx, `(() => {
		const out = {};
		for (const c of document.querySelectorAll(".callout")) {
			const kind = [...c.classList].find(k => k.startsWith("callout-"));
			out[kind] = getComputedStyle(c.querySelector(".callout-title"), "::before").content;
		}
		return out;
	})()`)
	for _, kind := range []string{"callout-note", "callout-tip", "callout-important", "callout-warning", "callout-caution"} {
		if c, ok := icons[kind]; !ok || c == "none" || c == "normal" || c == "" {
			t.Errorf("the %s callout's title has no icon (content %q)", kind, c)
		}
	}

	const shown = `document.querySelector("details.callout > p").checkVisibility()`
	if eval[bool](t, ctx, shown) {
		t.Error("a folded callout shows its text before the reader opens it")
	}
	do(t, ctx, chromedp.Focus(chromedp.CSS("details.callout > summary")), chromedp.KeyEvent("\r"))
	if !eval[bool](t, ctx, shown) {
		t.Error("Enter on a folded callout's title does not show its text")
	}

	do(t, ctx, chromedp.Navigate(page), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if !eval[bool](t, ctx, shown) {
		t.Error("printed, a folded callout hides its text")
	}
}
