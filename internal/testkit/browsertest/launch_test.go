package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// fakeChromium writes a shell script that stands for Chromium: it fails
// the first `fails` launches, counting them in a file beside it, and then
// runs real (or fails again, when real is "").
func fakeChromium(t *testing.T, fails int, real string) (exe, count string) {
	t.Helper()
	dir := t.TempDir()
	exe, count = filepath.Join(dir, "chromium"), filepath.Join(dir, "launches")
	then := "exit 1"
	if real != "" {
		then = fmt.Sprintf("exec '%s' \"$@\"", real)
	}
	script := fmt.Sprintf(`#!/bin/sh
echo x >> '%[1]s'
if [ "$(wc -l < '%[1]s')" -le %[2]d ]; then echo "crashed as it started" >&2; exit 1; fi
%[3]s
`, count, fails, then)
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return exe, count
}

// chromiumFor returns Chromium's path for a test that starts it: it skips
// t when there is none, and fails it under CI, which needs one.
func chromiumFor(t *testing.T) string {
	t.Helper()
	exe := FindChromium()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found; CI needs it (apt-get install chromium)")
		}
		t.Skip("Chromium not found: install it with `apt-get install chromium` (or set DOSSIER_CHROMIUM)")
	}
	return exe
}

func launches(t *testing.T, count string) int {
	t.Helper()
	b, err := os.ReadFile(count)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

// TestNewBrowserStartsAgain checks that a browser that crashes as it
// starts is started once more, and that the test then has a browser.
func TestNewBrowserStartsAgain(t *testing.T) {
	real := chromiumFor(t)
	exe, count := fakeChromium(t, 1, real)
	ctx, cancel, err := NewBrowser(context.Background(), exe, t.TempDir())
	if err != nil {
		t.Fatalf("a browser that crashed once as it started: %v", err)
	}
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html,<title>up</title>")); err != nil {
		t.Fatalf("the browser started again: %v", err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`)); err != nil || title != "up" {
		t.Errorf("the browser started again shows title %q, error %v", title, err)
	}
	if n := launches(t, count); n != 2 {
		t.Errorf("%d launches; want 2", n)
	}
}

// TestNewBrowserFails checks that a browser that never starts is tried
// twice, and that the error says both launches failed.
func TestNewBrowserFails(t *testing.T) {
	exe, count := fakeChromium(t, 100, "")
	_, _, err := NewBrowser(context.Background(), exe, t.TempDir())
	if err == nil {
		t.Fatal("a browser that never starts: no error")
	}
	if !strings.Contains(err.Error(), "started again") {
		t.Errorf("the error does not say the browser was started again: %v", err)
	}
	if n := launches(t, count); n != 2 {
		t.Errorf("%d launches; want 2", n)
	}
}

// TestNewBrowserCancelled checks that a launch cut short by its context is
// not tried again, and that the error says so.
func TestNewBrowserCancelled(t *testing.T) {
	exe, _ := fakeChromium(t, 100, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := NewBrowser(ctx, exe, t.TempDir())
	if err == nil {
		t.Fatal("a launch with its context cancelled: no error")
	}
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "started again") {
		t.Errorf("a launch with its context cancelled: %v; want context.Canceled, not tried again", err)
	}
}

// TestNewBrowserLeavesNoTemp checks that a browser started and stopped
// leaves nothing in the temporary folder: Chromium makes a folder there
// for its profile's socket, and a browser that is killed leaves it.
func TestNewBrowserLeavesNoTemp(t *testing.T) {
	exe := chromiumFor(t)
	dataDir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // where NewBrowser makes the browser's own
	ctx, cancel, err := NewBrowser(context.Background(), exe, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html,<title>up</title>")); err != nil {
		cancel()
		t.Fatal(err)
	}
	cancel() // waits for the browser to exit
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("the browser left %s in the temporary folder", e.Name())
	}
}
