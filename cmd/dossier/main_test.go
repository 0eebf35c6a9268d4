package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/scaffold"
)

var today = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// run runs the program with args and returns its exit code and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut, Now: func() time.Time { return today }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string // in stdout
	}{
		{[]string{"-h"}, []string{"Usage:", "build", "check", "serve", "new", "version", "Examples:"}},
		{[]string{"help"}, []string{"Commands:"}},
		{[]string{"build", "-h"}, []string{"Usage: dossier build", "Examples:", "-base-url", "-strict", "-q", "-drafts", "-future"}},
		{[]string{"check", "-h"}, []string{"Usage: dossier check", "Examples:", "-format", "json"}},
		{[]string{"serve", "-h"}, []string{"Usage: dossier serve", "Examples:", "-addr", "127.0.0.1:1313"}},
		{[]string{"new", "-h"}, []string{"dossier new note [<folder>/]<slug>", "dossier new page <slug>", "dossier new source <id>", "dossier new site <DIR>", "Examples:"}},
		{[]string{"version", "-h"}, []string{"Usage: dossier version", "Examples:"}},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.args...)
		if code != exitOK {
			t.Errorf("dossier %s: exit %d; want 0 (stderr %q)", strings.Join(tt.args, " "), code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("dossier %s: help does not mention %q:\n%s", strings.Join(tt.args, " "), w, out)
			}
		}
		if errOut != "" {
			t.Errorf("dossier %s: asked-for help went to stderr: %q", strings.Join(tt.args, " "), errOut)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{nil, "Usage:"},
		{[]string{"bild"}, `unknown command "bild"`},
		{[]string{"build", "-nope"}, "flag provided but not defined"},
		{[]string{"build", "extra"}, `unexpected argument "extra"`},
		{[]string{"check", "-format", "xml"}, "-format must be text or json"},
		{[]string{"new"}, "want a kind"},
		{[]string{"new", "chapter", "x"}, `unknown kind "chapter"`},
		{[]string{"new", "note", "Budapest Memo"}, "try budapest-memo"},
		{[]string{"new", "source", "a--b"}, "two hyphens"},
		{[]string{"build", "-src", "/nonexistent/site"}, "site folder"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code != exitUsage {
			t.Errorf("dossier %s: exit %d; want %d", strings.Join(tt.args, " "), code, exitUsage)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("dossier %s: stderr %q; want it to mention %q", strings.Join(tt.args, " "), errOut, tt.want)
		}
	}
}

func TestVersionString(t *testing.T) {
	goV := runtime.Version()
	tests := []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "dossier (devel) (" + goV + ")"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}}, "dossier v1.2.3 (go1.26.0)"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-22T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
		}}, "dossier (devel) 0123456789ab 2026-11-22, modified (go1.26.0)"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"},
		}}, "dossier v1.2.3 (go1.26.0)"},
	}
	for _, tt := range tests {
		if got := versionString(tt.info); got != tt.want {
			t.Errorf("versionString(%+v) = %q; want %q", tt.info, got, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := run(t, args...)
		if code != exitOK || !strings.HasPrefix(out, "dossier ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("dossier %s: exit %d, %q; want exit 0 and the version", args[0], code, out)
		}
	}
}

func TestNewNoteAndSource(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := run(t, "new", "site", dir); code != exitOK {
		t.Fatalf("new site: exit %d: %s", code, errOut)
	}
	tests := []struct {
		args []string
		path string
		want []byte
	}{
		{[]string{"new", "note", "budapest-memorandum", "-src", dir}, "content/notes/budapest-memorandum.md", scaffold.Note("budapest-memorandum", today)},
		{[]string{"new", "-src", dir, "source", "reuters-2026-01-27"}, "content/sources/reuters-2026-01-27.md", scaffold.Source("reuters-2026-01-27", today)},
		{[]string{"new", "note", "будапештський-меморандум", "-src", dir}, "content/notes/будапештський-меморандум.md", scaffold.Note("будапештський-меморандум", today)},
		{[]string{"new", "note", "history/1994/signing", "-src", dir}, "content/notes/history/1994/signing.md", scaffold.Note("signing", today)},
		{[]string{"new", "page", "about", "-src", dir}, "content/pages/about.md", scaffold.Page("about", today)},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.args...)
		if code != exitOK {
			t.Errorf("dossier %s: exit %d: %s", strings.Join(tt.args, " "), code, errOut)
			continue
		}
		if !strings.Contains(out, filepath.FromSlash(tt.path)) {
			t.Errorf("dossier %s: says %q; want it to name %s", strings.Join(tt.args, " "), out, tt.path)
		}
		got, err := os.ReadFile(filepath.Join(dir, tt.path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("dossier %s wrote\n%s\nwant\n%s", strings.Join(tt.args, " "), got, tt.want)
		}
		// A second time is refused, and the file is left alone.
		os.WriteFile(filepath.Join(dir, tt.path), append(got, "edited\n"...), 0o644)
		if code, _, errOut := run(t, tt.args...); code != exitContent || !strings.Contains(errOut, "already exists") {
			t.Errorf("dossier %s again: exit %d, %q; want exit 1 and 'already exists'", strings.Join(tt.args, " "), code, errOut)
		}
		if again, _ := os.ReadFile(filepath.Join(dir, tt.path)); !bytes.HasSuffix(again, []byte("edited\n")) {
			t.Errorf("dossier %s again overwrote the file", strings.Join(tt.args, " "))
		}
	}
	// The new files load: check finds no errors in them, only the warnings
	// of an unwritten note and an uncited source.
	code, _, errOut := run(t, "check", "-src", dir)
	if code != exitOK {
		t.Errorf("check after new note and source: exit %d:\n%s", code, errOut)
	}
	for _, w := range []string{"content/notes/budapest-memorandum.md", "content/sources/reuters-2026-01-27.md"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("check says nothing about %s; want its warning:\n%s", w, errOut)
		}
	}
	// A name that would publish to the same address as a file already there.
	os.WriteFile(filepath.Join(dir, "content/notes/ｂudapest.md"), scaffold.Note("x", today), 0o644)
	if code, _, errOut := run(t, "new", "note", "budapest", "-src", dir); code != exitContent || !strings.Contains(errOut, "same address") &&
		!strings.Contains(errOut, "already has the address") {
		t.Errorf("new note budapest beside ｂudapest.md: exit %d, %q; want exit 1", code, errOut)
	}
	// A note's slug is unique across folders; a page may not take the
	// site's own addresses; folder names are slugs.
	for _, tt := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"new", "note", "elsewhere/signing"}, exitContent, "history/1994/signing.md already has the address"},
		{[]string{"new", "page", "tags"}, exitUsage, "/tags/ is the site's own"},
		{[]string{"new", "note", "Bad Folder/x"}, exitUsage, `folder name "Bad Folder"`},
	} {
		code, _, errOut := run(t, append(tt.args, "-src", dir)...)
		if code != tt.code || !strings.Contains(errOut, tt.say) {
			t.Errorf("dossier %s: exit %d, %q; want exit %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.say)
		}
	}
}

func TestNewSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-explainer")
	code, out, errOut := run(t, "new", "site", dir)
	if code != exitOK {
		t.Fatalf("new site: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "dossier serve") {
		t.Errorf("new site says %q; want it to say what to do next", out)
	}
	// It passes the strictest check and builds.
	if code, _, errOut := run(t, "check", "-strict", "-src", dir); code != exitOK || errOut != "" {
		t.Errorf("check -strict on a new site: exit %d:\n%s", code, errOut)
	}
	outDir := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := run(t, "build", "-src", dir, "-o", outDir); code != exitOK {
		t.Fatalf("build of a new site: exit %d:\n%s", code, errOut)
	}
	for _, p := range []string{"index.html", "notes/welcome/index.html", "sources/example-source/index.html", "schema/note.schema.json"} {
		if _, err := os.Stat(filepath.Join(outDir, p)); err != nil {
			t.Errorf("the new site's build has no %s", p)
		}
	}
	// Its templates are the defaults, to customise.
	n := 0
	err := fs.WalkDir(dossier.Templates(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, _ := fs.ReadFile(dossier.Templates(), p)
		got, err := os.ReadFile(filepath.Join(dir, "templates", p))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("templates/%s is not a copy of the default (%v)", p, err)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walking the default templates: %v (%d files)", err, n)
	}
	// A folder that is not empty is refused.
	if code, _, errOut := run(t, "new", "site", dir); code != exitContent || !strings.Contains(errOut, "not empty") {
		t.Errorf("new site into a site: exit %d, %q; want exit 1 and 'not empty'", code, errOut)
	}
}

// writeSite writes files (slash paths to contents) into a new temporary
// folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files (slash paths to contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"dossier.yaml":              "title: T\n",
		"content/notes/a.md":        "---\ntitle: A\n---\nA claim [@nowhere].\n\nAn uncited statement.\n",
		"content/sources/unused.md": "---\ntitle: U\n---\nUnused.\n",
	})
	code, out, errOut := run(t, "check", "-format", "json", "-src", dir)
	if code != exitContent {
		t.Errorf("check -format json with errors: exit %d; want %d", code, exitContent)
	}
	if errOut != "" {
		t.Errorf("check -format json wrote to stderr: %q", errOut)
	}
	type line struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		Hint     string `json:"hint"`
	}
	var got []line
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	for {
		var l line
		err := dec.Decode(&l)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output is not JSON lines: %v\n%s", err, out)
		}
		got = append(got, l)
	}
	if n := strings.Count(out, "\n"); n != len(got) {
		t.Errorf("%d lines for %d objects; want one object a line:\n%s", n, len(got), out)
	}
	want := []line{
		{File: "content/notes/a.md", Line: 4, Column: 10, Severity: "error", Code: "unknown-source"},
		{File: "content/notes/a.md", Line: 6, Column: 1, Severity: "warning", Code: "citation-needed"},
		{File: "content/sources/unused.md", Line: 1, Column: 1, Severity: "warning", Code: "unused-source"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics; want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		g := got[i]
		if g.File != want[i].File || g.Line != want[i].Line || g.Column != want[i].Column || g.Severity != want[i].Severity || g.Code != want[i].Code {
			t.Errorf("diagnostic %d = %+v; want %+v", i, g, want[i])
		}
		if g.Message == "" || g.Hint == "" {
			t.Errorf("diagnostic %d has no message or hint: %+v", i, g)
		}
	}

	// With -strict the warnings are errors; without errors, nothing is printed.
	ok := writeSite(t, map[string]string{"dossier.yaml": "title: T\n",
		"content/notes/a.md": "---\ntitle: A\n---\nNothing to cite here. {no citation}\n"})
	if code, out, _ := run(t, "check", "-format", "json", "-src", ok); code != exitOK || out != "" {
		t.Errorf("check -format json on a clean site: exit %d, %q; want 0 and nothing", code, out)
	}
	if code, out, _ := run(t, "check", "-format", "json", "-strict", "-src", dir); code != exitContent || strings.Contains(out, `"warning"`) {
		t.Errorf("check -format json -strict: exit %d; warnings left:\n%s", code, out)
	}
}

func TestProgress(t *testing.T) {
	oldDelay, oldEvery := progressDelay, progressEvery
	progressDelay, progressEvery = 0, 0
	t.Cleanup(func() { progressDelay, progressEvery = oldDelay, oldEvery })
	dir := writeSite(t, map[string]string{"dossier.yaml": "title: T\nbase_url: https://example.org/\n",
		"content/notes/a.md": "---\ntitle: A\n---\nNothing to cite here. {no citation}\n"})
	tests := []struct {
		name     string
		terminal bool
		noColor  string
		args     []string
		want     bool
	}{
		{"terminal", true, "", nil, true},
		{"not a terminal", false, "", nil, false},
		{"NO_COLOR", true, "1", nil, false},
		{"quiet", true, "", []string{"-q"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.noColor)
			t.Setenv("TERM", "xterm")
			var out, errOut bytes.Buffer
			m := &Main{Stdout: &out, Stderr: &errOut, IsTerminal: func(io.Writer) bool { return tt.terminal }}
			args := append([]string{"build", "-src", dir, "-o", filepath.Join(t.TempDir(), "out")}, tt.args...)
			if code := m.Run(context.Background(), args); code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			shown := strings.Contains(errOut.String(), "render: ")
			if shown != tt.want {
				t.Errorf("progress shown: %v; want %v (stderr %q)", shown, tt.want, errOut.String())
			}
			if tt.want && !strings.HasSuffix(errOut.String(), "\r\x1b[K") {
				t.Errorf("the progress line is not cleared at the end: %q", errOut.String())
			}
			if !tt.want && strings.Contains(errOut.String(), "\x1b") {
				t.Errorf("escape codes without progress: %q", errOut.String())
			}
			quiet := slices.Contains(tt.args, "-q")
			if hasSummary := strings.Contains(out.String(), "pages written"); hasSummary == quiet {
				t.Errorf("stdout %q; want the summary line unless -q (quiet: %v)", out.String(), quiet)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs `dossier serve` on a free loopback port, as on a
// terminal, fetches a page and stops it as Ctrl-C would.
func TestServe(t *testing.T) {
	oldDelay, oldEvery := progressDelay, progressEvery
	progressDelay, progressEvery = 0, 0
	t.Cleanup(func() { progressDelay, progressEvery = oldDelay, oldEvery })
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	dir := writeSite(t, map[string]string{"dossier.yaml": "title: Served\n",
		"content/notes/a.md": "---\ntitle: A note\n---\nNothing to cite here. {no citation}\n"})
	var out, errOut syncBuffer
	m := &Main{Stdout: &out, Stderr: &errOut, IsTerminal: func(io.Writer) bool { return true }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "-src", dir, "-addr", "127.0.0.1:0"}) }()

	var base string
	deadline := time.After(30 * time.Second) // only against a hang
	for base == "" {
		select {
		case code := <-done:
			t.Fatalf("serve stopped with exit %d: %s", code, errOut.String())
		case <-deadline:
			t.Fatalf("serve printed no address; stdout %q, stderr %q", out.String(), errOut.String())
		case <-time.After(10 * time.Millisecond):
		}
		if _, rest, ok := strings.Cut(out.String(), " at "); ok {
			base, _, _ = strings.Cut(rest, " ")
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("serving at %q; want a loopback address", base)
	}
	resp, err := http.Get(base + "notes/a/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(page, []byte("A note")) || !bytes.Contains(page, []byte("/__dossier/reload.js")) {
		t.Errorf("GET /notes/a/: %d\n%s", resp.StatusCode, page)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve stopped with exit %d; want 0", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
	// The build showed its progress, and cleared it before the summary.
	if !regexp.MustCompile(`render: .*\r\x1b\[K\d+ pages written`).MatchString(errOut.String()) {
		t.Errorf("serve's log shows no progress cleared before the summary: %q", errOut.String())
	}
}

func TestServeBadAddress(t *testing.T) {
	code, _, errOut := run(t, "serve", "-addr", "nonsense")
	if code != exitUsage || !strings.Contains(errOut, "-addr") {
		t.Errorf("serve -addr nonsense: exit %d, %q; want %d and a message about -addr", code, errOut, exitUsage)
	}
}

// TestCheckArticles checks where check finds the article texts: the folder
// dossier.yaml's articles names, relative to the site folder, or -articles;
// without them, a note that never fails the check.
func TestCheckArticles(t *testing.T) {
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	files := map[string]string{
		"dossier.yaml":         "title: T\narticles: ../texts\n",
		"content/notes/n.md":   "---\ntitle: N\nsummary: S.\ntags: [t]\npublished: 2026-01-01\nupdated: 2026-01-01\n---\nIt was \"a firm condition\" [@a \"firm condition\"].\n",
		"content/sources/a.md": "---\ntitle: A\nseed: a.txt\nexcerpts:\n  - \"It was a firm condition.\"\n---\nAbout A.\n",
	}
	writeFiles(t, site, files)
	// No texts: a note, and the strict check passes.
	code, _, stderr := run(t, "check", "-strict", "-src", site)
	if code != exitOK || !strings.Contains(stderr, "note: the folder of article texts ../texts is not there") {
		t.Errorf("without the texts: exit %d, %q; want 0 and a note", code, stderr)
	}
	// The texts beside the site, where dossier.yaml says: the excerpt is checked.
	texts := filepath.Join(parent, "texts")
	if err := os.MkdirAll(texts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(texts, "a.txt"), []byte("Something else."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "check", "-src", site)
	if code != exitContent || !strings.Contains(stderr, "content/sources/a.md:5:5: excerpts[0] is not word for word in the source's article text") {
		t.Errorf("with a text that lacks the excerpt: exit %d, %q; want 1 and an error on the excerpt", code, stderr)
	}
	// -articles names another folder, which holds the passage.
	other := filepath.Join(parent, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "a.txt"), []byte("Then: It was a\nfirm condition. More."), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = run(t, "check", "-strict", "-src", site, "-articles", other); code != exitOK || stderr != "" {
		t.Errorf("with -articles: exit %d, %q; want 0 and nothing said", code, stderr)
	}
	if code, _, _ = run(t, "check", "-src", site, "-articles", filepath.Join(parent, "missing")); code != exitUsage {
		t.Errorf("with -articles naming no folder: exit %d; want %d", code, exitUsage)
	}
}
