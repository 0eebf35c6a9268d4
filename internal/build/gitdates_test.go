package build_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/testkit/gitrepo"
)

// TestGitDates builds the golden site from a git repository and checks that
// pages, the sitemap and the feed carry the dates of the last commits, and
// that a note's `updated` wins.
func TestGitDates(t *testing.T) {
	s, dir, git, write := goldenInGit(t)
	for _, name := range []string{"content/notes/memorandum.md", "content/notes/overview.md", "content/sources/report-a.md"} {
		write(name, append(bytes.Clone(s.FS[name].Data), "\nMore.\n"...))
	}
	git("2026-03-15T09:00:00+01:00", "commit", "-q", "-a", "-m", "second")

	build1 := func(gitDir string) map[string]string {
		t.Helper()
		res := build.Run(build.Options{Site: os.DirFS(dir), GitDir: gitDir, Templates: dossier.Templates(), BaseURL: "https://example.org/"})
		if !res.OK() {
			t.Fatalf("build failed:\n%s", formatDiagnostics(res))
		}
		out := map[string]string{}
		for _, f := range res.Files {
			out[f.Path] = string(f.Data)
		}
		return out
	}
	out := build1(dir)
	tests := []struct {
		file, want string
	}{
		// From git: the note has no `updated`.
		{"notes/memorandum/index.html", `Last updated <time datetime="2026-03-15">15 March 2026</time> · First published <time datetime="2026-01-01">`},
		{"notes/dispute/index.html", `Last updated <time datetime="2026-02-10">10 February 2026</time>`},
		// `updated: 2026-01-03` wins over the later commit.
		{"notes/overview/index.html", `Last updated <time datetime="2026-01-03">3 January 2026</time>`},
		{"sitemap.xml", "<loc>https://example.org/notes/memorandum/</loc>\n  <lastmod>2026-03-15</lastmod>"},
		{"sitemap.xml", "<loc>https://example.org/notes/overview/</loc>\n  <lastmod>2026-01-03</lastmod>"},
		{"sitemap.xml", "<loc>https://example.org/sources/report-a/</loc>\n  <lastmod>2026-03-15</lastmod>"},
		{"sitemap.xml", "<loc>https://example.org/sources/memo-1994/</loc>\n  <lastmod>2026-02-10</lastmod>"},
		{"feed.xml", "<id>https://example.org/notes/memorandum/</id>\n  <link href=\"https://example.org/notes/memorandum/\"></link>\n  <updated>2026-03-15T00:00:00Z</updated>"},
	}
	for _, tt := range tests {
		if !strings.Contains(out[tt.file], tt.want) {
			t.Errorf("%s does not contain %q", tt.file, tt.want)
		}
	}
	if again := build1(dir); !maps.Equal(out, again) {
		t.Errorf("two builds of the same commit differ")
	}
	// Without GitDir the dates come from the front matter alone.
	plain := build1("")
	if strings.Contains(plain["notes/memorandum/index.html"], "Last updated") {
		t.Errorf("without GitDir, notes/memorandum shows a last-updated date")
	}
}

// gitSite makes an empty folder for a site in git, with the user's and the
// system's git configuration kept out, and returns it with functions that
// run git there (committing at date) and write a file.
func gitSite(t *testing.T) (dir string, git func(date string, args ...string), write func(name string, data []byte)) {
	t.Helper()
	dir = t.TempDir()
	git = gitrepo.In(t, dir)
	write = func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, git, write
}

// goldenInGit writes the golden site into a new repository (see gitSite)
// and commits it all on 10 February 2026.
func goldenInGit(t *testing.T) (s *Site, dir string, git func(date string, args ...string), write func(name string, data []byte)) {
	t.Helper()
	s = LoadSite(t, "testdata/sites/golden.txtar")
	dir, git, write = gitSite(t)
	for name, f := range s.FS {
		write(name, f.Data)
	}
	git("", "init", "-q")
	git("2026-02-10T12:00:00Z", "add", "-A")
	git("2026-02-10T12:00:00Z", "commit", "-q", "-m", "first")
	return s, dir, git, write
}

// TestCacheGitDates rebuilds a site in git through a Cache, which reads the
// commit dates again only when HEAD has moved: a change left uncommitted
// keeps the last commit's date, a commit brings its own, and each cached
// build gives the files of a fresh one.
func TestCacheGitDates(t *testing.T) {
	s, dir, git, write := goldenInGit(t)
	const note = "content/notes/memorandum.md"
	cache := build.NewCache()
	opts := func(c *build.Cache, changed []string) build.Options {
		return build.Options{Site: os.DirFS(dir), GitDir: dir, Templates: dossier.Templates(), BaseURL: "https://example.org/", Cache: c, Changed: changed}
	}
	build.Run(opts(cache, nil))
	for _, step := range []struct {
		name, commit, want string
	}{
		{"uncommitted", "", "2026-02-10"},
		{"committed", "2026-03-15T09:00:00Z", "2026-03-15"},
		{"uncommitted again", "", "2026-03-15"},
		{"committed again", "2026-04-01T09:00:00Z", "2026-04-01"},
	} {
		t.Run(step.name, func(t *testing.T) {
			write(note, append(bytes.Clone(s.FS[note].Data), "\n"+step.name+".\n"...))
			if step.commit != "" {
				git(step.commit, "commit", "-q", "-a", "-m", step.name)
			}
			got := build.Run(opts(cache, []string{note}))
			sameBuild(t, got, build.Run(opts(nil, nil)))
			for _, f := range got.Files {
				if f.Path == "notes/memorandum/index.html" && !strings.Contains(string(f.Data), `Last updated <time datetime="`+step.want+`">`) {
					t.Errorf("notes/memorandum does not show the date %s", step.want)
				}
			}
		})
	}
}

// TestCacheGitAppears rebuilds through a Cache a site that is in no
// repository, which the Cache then stops asking git about, until the
// folder becomes one: the next build has the commit dates, as a fresh one.
func TestCacheGitAppears(t *testing.T) {
	s := LoadSite(t, "testdata/sites/golden.txtar")
	dir, git, write := gitSite(t)
	for name, f := range s.FS {
		write(name, f.Data)
	}
	const note = "content/notes/memorandum.md"
	cache := build.NewCache()
	opts := func(c *build.Cache) build.Options {
		return build.Options{Site: os.DirFS(dir), GitDir: dir, Templates: dossier.Templates(), BaseURL: "https://example.org/", Cache: c, Changed: []string{note}}
	}
	shows := func(res *build.Result, date string) bool {
		for _, f := range res.Files {
			if f.Path == "notes/memorandum/index.html" {
				return strings.Contains(string(f.Data), `Last updated <time datetime="`+date+`">`)
			}
		}
		return false
	}
	for i := range 2 {
		write(note, append(bytes.Clone(s.FS[note].Data), fmt.Sprintf("\nEdit %d.\n", i)...))
		got := build.Run(opts(cache))
		sameBuild(t, got, build.Run(opts(nil)))
	}
	git("", "init", "-q")
	git("2026-05-06T12:00:00Z", "add", "-A")
	git("2026-05-06T12:00:00Z", "commit", "-q", "-m", "first")
	got := build.Run(opts(cache))
	sameBuild(t, got, build.Run(opts(nil)))
	if !shows(got, "2026-05-06") {
		t.Errorf("after git init and a commit, notes/memorandum does not show the commit's date")
	}
}
