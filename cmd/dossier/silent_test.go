package main

// Tests of "no silent wrong success" (issue 19): a folder that is no site,
// a build without a base URL, and the keys -strict expects on every note.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNotASite checks that check, build and serve in a folder with neither
// dossier.yaml nor content/ stop with a usage error that names the folder
// and says how to make a site, and that build writes nothing there; and
// that either one of the two makes a site.
func TestNotASite(t *testing.T) {
	empty := t.TempDir()
	for _, cmd := range [][]string{
		{"check", "-src", empty},
		{"build", "-src", empty},
		{"serve", "-src", empty, "-addr", "127.0.0.1:0"},
	} {
		code, _, stderr := run(t, cmd...)
		if code != exitUsage {
			t.Errorf("dossier %s: exit %d; want %d", cmd[0], code, exitUsage)
		}
		for _, want := range []string{empty + " is not a site folder", "no dossier.yaml and no content/", "dossier new site DIR", "-src DIR"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("dossier %s: %q does not say %q", cmd[0], stderr, want)
			}
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("build wrote %d entries into a folder that is no site", len(entries))
	}

	// The current folder, named ".", is shown with its absolute path.
	t.Chdir(empty)
	if _, _, stderr := run(t, "check"); !strings.Contains(stderr, ". ("+empty+") is not a site folder") {
		t.Errorf("check in the current folder: %q; want it named with its path", stderr)
	}

	// content/ alone is a site (with the default configuration), and so is
	// dossier.yaml alone (a site with no notes yet).
	note := "---\ntitle: A\n---\nNothing to cite. {no citation}\n"
	for name, files := range map[string]map[string]string{
		"content only":      {"content/notes/a.md": note},
		"dossier.yaml only": {"dossier.yaml": "title: T\n"},
	} {
		dir := writeSite(t, files)
		if code, _, stderr := run(t, "check", "-src", dir); code != exitOK {
			t.Errorf("%s: check exit %d, %q; want 0", name, code, stderr)
		}
	}
}

// TestBaseURLWarning checks that a build without a base URL warns once,
// with its code, that the feed, the sitemap and robots.txt need one, and
// leaves the Sitemap line out of robots.txt; that -strict makes it an
// error; and that check does not warn (it writes nothing to publish).
func TestBaseURLWarning(t *testing.T) {
	dir := writeSite(t, map[string]string{"dossier.yaml": "title: T\n",
		"content/notes/a.md": "---\ntitle: A\n---\nNothing to cite. {no citation}\n"})
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, "build", "-src", dir, "-o", out)
	if code != exitOK {
		t.Fatalf("build: exit %d, %s", code, stderr)
	}
	if n := strings.Count(stderr, "[no-base-url]"); n != 1 {
		t.Errorf("build warned %d times about the base URL; want once: %q", n, stderr)
	}
	for _, want := range []string{"dossier.yaml: warning: no base URL", "feed", "sitemap", "robots.txt", "base_url", "-base-url"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the warning does not say %q: %q", want, stderr)
		}
	}
	if !strings.Contains(stdout, "1 warning") {
		t.Errorf("summary %q does not count the warning", stdout)
	}
	robots, err := os.ReadFile(filepath.Join(out, "robots.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(robots), "Sitemap") {
		t.Errorf("robots.txt names a sitemap without a base URL:\n%s", robots)
	}
	if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); err == nil {
		t.Errorf("a sitemap.xml was written without a base URL: its addresses cannot be absolute")
	}

	if code, _, stderr := run(t, "build", "-src", dir, "-o", out, "-base-url", "https://example.org/x/"); code != exitOK || stderr != "" {
		t.Errorf("build -base-url: exit %d, %q; want 0 and nothing said", code, stderr)
	}
	robots, _ = os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://example.org/x/sitemap.xml") {
		t.Errorf("robots.txt with a base URL:\n%s", robots)
	}
	if sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml")); err != nil || !strings.Contains(string(sitemap), "<loc>https://example.org/x/notes/a/</loc>") {
		t.Errorf("sitemap.xml with a base URL: %v\n%s", err, sitemap)
	}
	if code, _, stderr := run(t, "build", "-strict", "-src", dir, "-o", out); code != exitContent || !strings.Contains(stderr, "[no-base-url]") {
		t.Errorf("build -strict without a base URL: exit %d, %q; want 1 and the error", code, stderr)
	}
	if code, _, stderr := run(t, "check", "-src", dir); code != exitOK || stderr != "" {
		t.Errorf("check: exit %d, %q; want 0 and nothing said", code, stderr)
	}
}

// TestServeNoBaseURLWarning checks that the preview server, which serves at
// its own address, does not warn about the base URL.
func TestServeNoBaseURLWarning(t *testing.T) {
	dir := writeSite(t, map[string]string{"dossier.yaml": "title: T\n",
		"content/notes/a.md": "---\ntitle: A\n---\nNothing to cite. {no citation}\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // build, then stop at once
	var out, errOut syncBuffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	if code := m.Run(ctx, []string{"serve", "-src", dir, "-addr", "127.0.0.1:0"}); code != exitOK {
		t.Fatalf("serve: exit %d, %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Serving") {
		t.Errorf("serve did not start: %q", out.String())
	}
	if strings.Contains(errOut.String(), "no-base-url") || strings.Contains(errOut.String(), "base URL") {
		t.Errorf("serve warned about the base URL: %q", errOut.String())
	}
}

// TestExpectedKeys checks that the keys the editors' guide expects on every
// note are not checked by check, and are an error, naming the missing keys,
// with check -strict.
func TestExpectedKeys(t *testing.T) {
	dir := writeSite(t, map[string]string{"dossier.yaml": "title: T\n",
		"content/notes/a.md": "---\ntitle: A\nsummary: What A is.\n---\nNothing to cite. {no citation}\n",
		"content/notes/b.md": "---\ntitle: B\nsummary: What B is.\ntags: [b]\npublished: 2026-01-01\nupdated: 2026-01-02\n---\nNothing to cite. {no citation}\n"})
	if code, _, stderr := run(t, "check", "-src", dir); code != exitOK || stderr != "" {
		t.Errorf("check: exit %d, %q; want 0 and nothing said", code, stderr)
	}
	code, _, stderr := run(t, "check", "-strict", "-src", dir)
	want := "content/notes/a.md:1:1: note has no `tags`, `published` and `updated`; every note needs them with -strict"
	if code != exitContent || !strings.Contains(stderr, want) || !strings.Contains(stderr, "[expected-key]") || strings.Contains(stderr, "b.md") {
		t.Errorf("check -strict: exit %d, %q; want 1 and an error on a.md only: %q", code, stderr, want)
	}
}
