package browsertest

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"golang.org/x/tools/txtar"
)

// probeJS runs in every document before the page's own scripts: it records
// every Content-Security-Policy violation, i.e. every script, style, frame
// or load that the page attempted and the policy stopped.
const probeJS = `window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
	window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});`

// probe is a tab that records JavaScript dialogs (alert, confirm, prompt,
// print), closing each so the page goes on, and policy violations.
type probe struct {
	ctx     context.Context
	log     *Log
	mu      sync.Mutex
	dialogs []string
	cards   int // preview cards shown
}

func newProbe(t *testing.T) *probe {
	t.Helper()
	need(t)
	p := &probe{log: &Log{}}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		p.log.Listen(ev)
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			p.mu.Lock()
			p.dialogs = append(p.dialogs, string(d.Type)+": "+d.Message)
			p.mu.Unlock()
			go func() {
				_, _ = chromedp.Call(p.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	}))
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	p.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probeJS})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return p
}

// visit loads a page, waits for it and its scripts, and shows the preview
// card of every citation and cross-link on it, which the site's script
// builds from the page's text. It returns the policy violations.
func (p *probe) visit(t *testing.T, u string) []string {
	t.Helper()
	do(t, p.ctx, chromedp.Navigate(u))
	waitFor(t, p.ctx, `document.readyState === "complete"`)
	p.cards += eval[int](t, p.ctx, `(() => {
		let n = 0;
		for (const a of document.querySelectorAll("a.cite-link, a.xref")) {
			a.focus();
			const card = document.getElementById("preview");
			if (card && !card.hidden) n++;
		}
		return n;
	})()`)
	// Let timers the page set (card delays, scripts that wait) fire.
	do(t, p.ctx, chromedp.Sleep(20*time.Millisecond))
	return eval[[]string](t, p.ctx, `window.__violations || []`)
}

func (p *probe) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.dialogs)
}

// hostileSites builds every hostile case of internal/build that builds
// (the others publish nothing) and returns its files by case.
func hostileSites(t *testing.T) map[string]map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "build", "testdata", "hostile", "*.txtar"))
	if len(files) < 40 {
		t.Fatalf("%d hostile cases; want the suite of internal/build", len(files))
	}
	escape := regexp.MustCompile(`\\(r|n|x[0-9a-fA-F]{2})`)
	sites := map[string]map[string][]byte{}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{}
		var want string
		for _, f := range ar.Files {
			if f.Name == "want" {
				want = string(f.Data)
				continue
			}
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		if strings.Contains(want, "\ngen ") || strings.HasPrefix(want, "gen ") || strings.Contains(want, "disk\n") {
			continue // generated or on disk: nothing a browser needs to see
		}
		for l := range strings.Lines(want) {
			if name, ok := strings.CutPrefix(strings.TrimSpace(l), "escape "); ok && fsys[name] != nil {
				data := strings.TrimSuffix(string(fsys[name].Data), "\n")
				fsys[name].Data = []byte(escape.ReplaceAllStringFunc(data, func(m string) string {
					switch m[1] {
					case 'r':
						return "\r"
					case 'n':
						return "\n"
					}
					v, _ := strconv.ParseUint(m[2:], 16, 8)
					return string([]byte{byte(v)})
				}))
			}
		}
		res := build.Run(build.Options{Site: fsys, Templates: dossier.Templates()})
		if res.OK() {
			sites[strings.TrimSuffix(filepath.Base(file), ".txtar")] = Files(res)
		}
	}
	if len(sites) < 10 {
		t.Fatalf("only %d hostile cases build", len(sites))
	}
	return sites
}

// TestHostilePagesRunNothing loads every page built from the hostile cases
// of internal/build (script tags, event handlers, script addresses, entities
// that decode to them, template-breaking titles and summaries), opens every
// preview card on them and searches for the payloads, and checks that no
// script of theirs ran: no dialog opened, the Content-Security-Policy had
// nothing to stop, nothing was logged as an error, and nothing was asked of
// another host.
func TestHostilePagesRunNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("loads some 150 pages")
	}
	need(t)
	sites := hostileSites(t)
	names := make([]string, 0, len(sites))
	for name := range sites {
		names = append(names, name)
	}
	slices.Sort(names)
	p := newProbe(t)
	pages := 0
	blocked := map[string]bool{}
	for _, name := range names {
		files := sites[name]
		srv := Serve(files)
		var paths []string
		for f := range files {
			if strings.HasSuffix(f, ".html") {
				paths = append(paths, f)
			}
		}
		slices.Sort(paths)
		for _, f := range paths {
			u := srv.URL + "/" + strings.TrimSuffix(f, "index.html")
			if f == "search/index.html" {
				u += "?q=alert"
			}
			for _, v := range p.visit(t, u) {
				// An image from another host is stopped by design (the
				// build warns about it); anything else is an attempt to
				// run or load what the page must not.
				if directive, uri, _ := strings.Cut(v, " "); directive == "img-src" && strings.HasPrefix(uri, "https://") {
					blocked[strings.TrimSpace(strings.SplitN(uri, " ", 2)[0])] = true
					continue
				}
				t.Errorf("%s: %s: the Content-Security-Policy stopped %q", name, f, v)
			}
			pages++
		}
		for _, r := range p.log.Requests() {
			if !strings.HasPrefix(r, srv.URL+"/") && !strings.HasPrefix(r, "data:") && !strings.HasPrefix(r, "about:") && !blocked[r] {
				t.Errorf("%s: request to another host: %s", name, r)
			}
		}
		for _, e := range p.log.Errors() {
			if !strings.Contains(e, "img-src") {
				t.Errorf("%s: browser console: %s", name, e)
			}
		}
		srv.Close()
		// Each site has its own address. Reset, not replace: the tab's
		// listener reads p.log from chromedp's goroutine.
		p.log.Reset()
	}
	if d := p.seen(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
	t.Logf("%d pages of %d hostile cases, %d preview cards", pages, len(names), p.cards)
	if p.cards < 10 {
		t.Errorf("only %d preview cards shown; the hostile summaries and titles in them were not tried", p.cards)
	}
}

// TestProbeSeesScripts checks the probe on pages that do run script: it
// must see the dialog of an inline script and of an event handler where
// there is no policy, and the policy stopping them where there is one, so
// that TestHostilePagesRunNothing cannot pass for want of looking.
func TestProbeSeesScripts(t *testing.T) {
	p := newProbe(t)
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">`
	srv := Serve(map[string][]byte{
		"open/index.html":   []byte(`<!DOCTYPE html><title>x</title><script>alert("inline")</script><img src="/none.png" onerror="alert('handler')">`),
		"policy/index.html": []byte(`<!DOCTYPE html>` + csp + `<title>x</title><script>alert("inline")</script><img src="/none.png" onerror="alert('handler')">`),
		"404.html":          []byte(`<!DOCTYPE html><title>404</title>`),
	})
	defer srv.Close()
	if v := p.visit(t, srv.URL+"/open/"); len(v) > 0 {
		t.Errorf("a page without a policy reported violations: %q", v)
	}
	if d := p.seen(); len(d) != 2 {
		t.Errorf("dialogs seen on a page that opens two: %q", d)
	}
	if v := p.visit(t, srv.URL+"/policy/"); len(v) < 2 {
		t.Errorf("violations seen on a page whose policy stops two scripts: %q", v)
	}
	if d := p.seen(); len(d) != 2 {
		t.Errorf("the policy let a script through: dialogs %q", d)
	}
}
