// Package browsertest drives headless Chromium against the built site, to
// test what only a browser can show: search, previews, keyboard use, the
// colour theme, the console and the network. It holds the tests (run them
// with `go test ./internal/testkit/browsertest/`) and the little they share.
//
// Chromium comes from Debian's `chromium` package; set DOSSIER_CHROMIUM to
// use another binary. Where there is none the tests skip, saying so, except
// when the environment variable CI is set: then they fail.
//
// The browser runs with exactly the flags in Flags and a fresh user-data
// folder: every host but 127.0.0.1 resolves to nothing and every proxied
// request goes to a closed port, so a page that asks for anything from
// another host fails to get it, and the tests see the attempt.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Flags are Chromium's command-line flags, without their leading "--".
var Flags = []struct {
	Name  string
	Value any
}{
	{"headless", true},
	{"no-sandbox", true},
	{"disable-gpu", true},
	{"no-first-run", true},
	{"disable-background-networking", true},
	{"disable-component-update", true},
	{"disable-sync", true},
	{"host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"},
	{"proxy-server", "http://127.0.0.1:9"},
	// The HTTP/2 test server (ServeHTTP2) has a certificate of its own, on
	// 127.0.0.1 only.
	{"ignore-certificate-errors", true},
}

// FindChromium returns the path of the Chromium binary, or "" when there
// is none.
func FindChromium() string {
	if p := os.Getenv("DOSSIER_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a headless Chromium from execPath with Flags and the
// user-data folder dataDir, and returns a context whose children run in
// its tabs. Cancel it to stop the browser.
//
// A browser that fails to start is started once more, in a fresh folder
// under dataDir: now and then Chromium crashes as it launches, before it
// has loaded anything (crashpad's "no stack mapping" on this machine), and
// a second launch starts. The error says when both failed.
func NewBrowser(parent context.Context, execPath, dataDir string) (context.Context, context.CancelFunc, error) {
	ctx, cancel, err := startBrowser(parent, execPath, dataDir)
	if err == nil {
		return ctx, cancel, nil
	}
	if parent.Err() != nil {
		return nil, nil, fmt.Errorf("starting %s: %w", execPath, err)
	}
	ctx, cancel, again := startBrowser(parent, execPath, filepath.Join(dataDir, "again"))
	if again != nil {
		return nil, nil, fmt.Errorf("starting %s: %w; started again: %w", execPath, err, again)
	}
	return ctx, cancel, nil
}

// startBrowser is one launch: see NewBrowser. Chromium gets a TMPDIR of
// its own, removed when the browser is cancelled: it makes a folder there
// for the socket that keeps it to one process per profile, which it
// leaves behind when it is killed, as a test's browser is (a thousand of
// them in /tmp, once). The folder is made in the system's temporary
// folder rather than under dataDir, so that the socket's path stays short
// (a Unix socket's path is at most 107 bytes).
func startBrowser(parent context.Context, execPath, dataDir string) (context.Context, context.CancelFunc, error) {
	tmp, err := os.MkdirTemp("", "dcr-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(execPath), chromedp.UserDataDir(dataDir), chromedp.Env("TMPDIR=" + tmp)}
	for _, f := range Flags {
		opts = append(opts, chromedp.Flag(f.Name, f.Value))
	}
	actx, acancel := chromedp.NewExecAllocator(parent, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	cancel := func() {
		bcancel()
		acancel() // waits for the browser to exit
		_ = os.RemoveAll(tmp)
	}
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		cancel()
		return nil, nil, err
	}
	return bctx, cancel, nil
}

// Log is what a tab did that a test may want to check: every request it
// made and every console message, error and exception.
type Log struct {
	mu       sync.Mutex
	requests []string
	console  []string
	errors   []string
}

// Listen is a chromedp listener that records into l; give it to a tab with
// chromedp.WithListener.
func (l *Log) Listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.requests = append(l.requests, ev.Request.URL)
	case *runtime.EventConsoleAPICalled:
		text := string(ev.Type)
		for _, a := range ev.Args {
			text += " " + string(a.Value) + a.Description
		}
		l.console = append(l.console, text)
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			l.errors = append(l.errors, "console."+text)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		l.errors = append(l.errors, "exception: "+text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			l.errors = append(l.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	}
}

// Requests returns the addresses the tab asked for.
func (l *Log) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.requests...)
}

// Errors returns the console errors, exceptions and browser-log errors.
func (l *Log) Errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errors...)
}

// Reset forgets what l recorded, so one tab can be reused for another site
// while its listener goes on recording into l.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests, l.console, l.errors = nil, nil, nil
}
