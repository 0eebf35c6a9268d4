package gitdates

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/testkit/gitrepo"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string // path -> RFC 3339 date
		err  bool
	}{
		{name: "empty", in: "", want: map[string]string{}},
		{
			name: "newest first",
			in: "\x002026-02-03T10:00:00+00:00\x00\ncontent/notes/a.md\x00" +
				"\x002026-01-02T23:30:00-05:00\x00\ncontent/notes/a.md\x00content/notes/ü b.md\x00",
			want: map[string]string{
				"content/notes/a.md":   "2026-02-03T10:00:00Z",
				"content/notes/ü b.md": "2026-01-02T23:30:00-05:00",
			},
		},
		{
			name: "merge commit without files",
			in: "\x002026-03-01T00:00:00+00:00\x00" +
				"\x002026-02-01T00:00:00+00:00\x00\ncontent/notes/c.md\x00",
			want: map[string]string{"content/notes/c.md": "2026-02-01T00:00:00Z"},
		},
		{
			name: "out of order dates keep the latest",
			in: "\x002026-01-01T00:00:00+00:00\x00\nx.md\x00" +
				"\x002026-05-01T00:00:00+00:00\x00\nx.md\x00",
			want: map[string]string{"x.md": "2026-05-01T00:00:00Z"},
		},
		{name: "bad date", in: "\x00yesterday\x00\nx.md\x00", err: true},
		{name: "file before commit", in: "x.md\x00", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.in))
			if tt.err {
				if err == nil {
					t.Fatalf("Parse(%q) = %v; want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Errorf("Parse(%q) has %d files; want %d: %v", tt.in, len(got), len(tt.want), got)
			}
			for p, w := range tt.want {
				want, _ := time.Parse(time.RFC3339, w)
				if g, ok := got[p]; !ok || !g.Equal(want) || g.Format(time.RFC3339) != want.Format(time.RFC3339) {
					t.Errorf("Parse(%q)[%q] = %v; want %v", tt.in, p, g, want)
				}
			}
		})
	}
}

// repo is a scratch git repository whose commits carry given dates.
type repo struct {
	t   *testing.T
	dir string
	git func(date string, args ...string) // see gitrepo.In
}

func newRepo(t *testing.T) *repo {
	r := &repo{t: t, dir: t.TempDir()}
	r.git = gitrepo.In(t, r.dir)
	r.git("", "init", "-q", "-b", "main")
	return r
}

func (r *repo) write(name, data string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *repo) commit(date string, files map[string]string) {
	r.t.Helper()
	for name, data := range files {
		r.write(name, data)
	}
	r.git(date, "add", "-A")
	r.git(date, "commit", "-q", "-m", "change at "+date)
}

func TestLoad(t *testing.T) {
	r := newRepo(t)
	r.commit("2026-01-02T23:30:00-05:00", map[string]string{
		"site/content/notes/a.md":      "a",
		"site/content/notes/ü b.md":    "b",
		"site/content/sources/s.md":    "s",
		"site/templates/base.html":     "t",
		"other/content/notes/other.md": "o",
	})
	r.commit("2026-02-03T10:00:00Z", map[string]string{"site/content/notes/a.md": "a2"})
	// A change on a branch, merged after a change on main: both count, the
	// merge commit itself lists no files.
	r.git("", "checkout", "-q", "-b", "side")
	r.commit("2026-03-04T08:00:00Z", map[string]string{"site/content/sources/s.md": "s2"})
	r.git("", "checkout", "-q", "main")
	r.commit("2026-03-05T08:00:00Z", map[string]string{"site/content/notes/c.md": "c"})
	r.git("2026-03-06T08:00:00Z", "merge", "-q", "--no-edit", "side")
	// Work not committed does not count.
	r.write("site/content/notes/a.md", "a3")
	r.write("site/content/notes/new.md", "new")

	got, err := Load(filepath.Join(r.dir, "site"), "content")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"content/notes/a.md":   "2026-02-03",
		"content/notes/ü b.md": "2026-01-02", // the committer's own day, not UTC's
		"content/notes/c.md":   "2026-03-05",
		"content/sources/s.md": "2026-03-04",
	}
	if len(got) != len(want) {
		t.Errorf("Load gave %d files; want %d: %v", len(got), len(want), got)
	}
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			t.Errorf("Load: no date for %s", p)
			continue
		}
		if d := g.Format(time.DateOnly); d != w {
			t.Errorf("Load[%q] = %s; want %s", p, d, w)
		}
	}

	all, err := Load(filepath.Join(r.dir, "site"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := all["templates/base.html"]; !ok {
		t.Errorf("Load without paths: no date for templates/base.html: %v", all)
	}
	if len(all) != len(want)+1 {
		t.Errorf("Load without paths gave %d files; want %d (the site folder's only): %v", len(all), len(want)+1, all)
	}
}

func TestLoadErrors(t *testing.T) {
	gitrepo.Need(t)
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
		if got, err := Load(dir, "content"); !errors.Is(err, ErrNotRepository) {
			t.Errorf("Load(plain folder) = %v, %v; want ErrNotRepository", got, err)
		}
	})
	t.Run("no commits", func(t *testing.T) {
		r := newRepo(t)
		r.write("content/notes/a.md", "a")
		got, err := Load(r.dir, "content")
		if err != nil || len(got) != 0 {
			t.Errorf("Load(empty repository) = %v, %v; want no dates and no error", got, err)
		}
	})
	t.Run("no git", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if got, err := Load(".", "content"); !errors.Is(err, ErrNoGit) {
			t.Errorf("Load without git = %v, %v; want ErrNoGit", got, err)
		}
	})
}

// TestStamp checks that a repository's stamp moves with each commit, a
// branch switched to and a reset (after the refs were packed too), and not
// with changes left uncommitted; in the main work tree and in a linked one,
// which a commit in the other does not move; and that Locate
// gives what Load gives for folders outside git and machines without it.
func TestStamp(t *testing.T) {
	r := newRepo(t)
	stamp := func(dir string) string {
		t.Helper()
		repo, err := Locate(dir)
		if err != nil {
			t.Fatalf("Locate(%s): %v", dir, err)
		}
		st, err := repo.Stamp()
		if err != nil {
			t.Fatalf("Stamp: %v", err)
		}
		return st
	}
	seen := map[string]string{}
	moved := func(what, dir string) {
		t.Helper()
		st := stamp(dir)
		if prev, ok := seen[st]; ok {
			t.Errorf("after %s the stamp is the one after %s", what, prev)
		}
		seen[st] = what
	}
	same := func(what, dir, want string) {
		t.Helper()
		if st := stamp(dir); st != want {
			t.Errorf("after %s the stamp moved", what)
		}
	}
	moved("init", r.dir) // no commits yet
	r.commit("2026-01-02T10:00:00Z", map[string]string{"content/notes/a.md": "a"})
	moved("the first commit", r.dir)
	first := stamp(r.dir)
	r.write("content/notes/a.md", "a, not committed")
	same("an uncommitted change", r.dir, first)
	// Packing the refs may move the stamp (Load is then run again for
	// nothing); a commit after it must move it too.
	r.git("", "pack-refs", "--all")
	r.git("", "checkout", "-q", "--", "content/notes/a.md")
	r.commit("2026-01-03T10:00:00Z", map[string]string{"content/notes/a.md": "a again"})
	moved("a second commit", r.dir)
	r.git("", "checkout", "-q", "-b", "other", "HEAD~1")
	moved("switching to a branch at the first commit", r.dir)
	r.git("", "checkout", "-q", "main")
	r.git("", "reset", "-q", "--hard", "HEAD~1")
	moved("a reset", r.dir)

	wt := filepath.Join(t.TempDir(), "wt")
	r.git("", "worktree", "add", "-q", "-b", "side", wt)
	inWT := stamp(wt)
	r.commit("2026-01-04T10:00:00Z", map[string]string{"content/notes/b.md": "b"}) // on main
	same("a commit in the main work tree", wt, inWT)
	cmd := exec.Command("git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "side")
	cmd.Dir = wt
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit in the work tree: %v\n%s", err, out)
	}
	if stamp(wt) == inWT {
		t.Errorf("after a commit in the linked work tree its stamp did not move")
	}

	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
		if got, err := Locate(dir); !errors.Is(err, ErrNotRepository) {
			t.Errorf("Locate(plain folder) = %v, %v; want ErrNotRepository", got, err)
		}
	})
	t.Run("no git", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if got, err := Locate("."); !errors.Is(err, ErrNoGit) {
			t.Errorf("Locate without git = %v, %v; want ErrNoGit", got, err)
		}
	})
}

// TestMayBeInRepository looks for a .git above a folder: none in a plain
// folder, one after `git init` there or above it, and always with GIT_DIR.
func TestMayBeInRepository(t *testing.T) {
	gitrepo.Need(t)
	t.Setenv("GIT_DIR", "") // restored after the test
	os.Unsetenv("GIT_DIR")
	dir := t.TempDir()
	if MayBeInRepository(filepath.Dir(dir)) {
		t.Skipf("%s is inside a folder with a .git: nothing to test here", dir)
	}
	sub := filepath.Join(dir, "site", "content")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if MayBeInRepository(sub) {
		t.Errorf("MayBeInRepository(%s) in a plain folder = true", sub)
	}
	t.Setenv("GIT_DIR", filepath.Join(dir, "elsewhere"))
	if !MayBeInRepository(sub) {
		t.Errorf("MayBeInRepository with GIT_DIR set = false")
	}
	os.Unsetenv("GIT_DIR")
	cmd := exec.Command("git", "init", "-q", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	if !MayBeInRepository(sub) {
		t.Errorf("MayBeInRepository(%s) below a repository = false", sub)
	}
}
