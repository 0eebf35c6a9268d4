package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstall installs the command with `go install ./cmd/dossier` into a
// temporary folder and runs it away from the repository: it prints its
// version and help, and scaffolds a site that passes check -strict, so
// the default templates travel inside the binary.
func TestInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := t.TempDir()
	install := exec.Command(goTool, "install", "./cmd/dossier")
	install.Dir = "../.."
	install.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/dossier: %v\n%s", err, out)
	}
	elsewhere := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, "dossier"), args...)
		cmd.Dir = elsewhere
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("dossier %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if out := run("version"); !strings.HasPrefix(out, "dossier ") {
		t.Errorf("dossier version printed %q", out)
	}
	if out := run("-h"); !strings.Contains(out, "Commands:") {
		t.Errorf("dossier -h printed %q", out)
	}
	run("new", "site", "site")
	if out := run("check", "-strict", "-src", "site"); !strings.HasPrefix(out, "ok:") {
		t.Errorf("check -strict on a new site printed %q", out)
	}
	run("build", "-q", "-src", "site")
	if _, err := os.Stat(filepath.Join(elsewhere, "site", "public", "index.html")); err != nil {
		t.Errorf("the installed command built no site: %v", err)
	}
}
