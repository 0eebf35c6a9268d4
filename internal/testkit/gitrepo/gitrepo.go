// Package gitrepo runs git for tests that make a repository: with the
// user's and the system's git configuration kept out, and each commit at a
// given date.
package gitrepo

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Need skips the test when git is not installed, or fails it when CI is
// set.
func Need(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed (CI is set, so the git tests must run)")
		}
		t.Skip("git is not installed; skipping the test that makes a repository")
	}
}

// In returns a function that runs git in dir (made a repository by the
// test), committing at date (when not ""). A test without git installed skips, unless
// CI is set, when it fails: there the tests that make a repository must
// run. It sets the environment for the test (t.Setenv), so the test may
// not be parallel.
func In(t testing.TB, dir string) func(date string, args ...string) {
	t.Helper()
	Need(t)
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	return func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = os.Environ()
		if date != "" {
			cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
