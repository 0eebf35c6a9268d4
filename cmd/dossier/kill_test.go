package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// buildBinary compiles the dossier command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build dossier with")
	}
	bin := filepath.Join(t.TempDir(), "dossier")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeVersion writes version v of a test site into dir, replacing the
// notes of the last version. Versions differ in every note, so a mix of
// two builds would show.
func writeVersion(t *testing.T, dir string, v string, notes int) {
	t.Helper()
	notesDir := filepath.Join(dir, "content", "notes")
	if err := os.RemoveAll(notesDir); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"dossier.yaml":         "title: Kill test\n",
		"content/sources/s.md": "---\ntitle: Source\n---\n",
	}
	for i := range notes {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Note %d, version %s\ntags: [t%d]\n---\n", i, v, i%7)
		for j := range 20 {
			fmt.Fprintf(&b, "Paragraph %d of version %s links to [[n%d]] [@s].\n\n", j, v, (i+j)%notes)
		}
		files[fmt.Sprintf("content/notes/n%d.md", i)] = b.String()
	}
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

// manifest hashes every file under dir; "" if dir does not exist.
func manifest(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		lines = append(lines, filepath.ToSlash(rel)+" "+hex.EncodeToString(sum[:8]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// buildInto runs `dossier build` on site into out, with extra environment.
func buildInto(t *testing.T, bin, site, out string, env ...string) {
	t.Helper()
	cmd := exec.Command(bin, "build", "-q", "-src", site, "-o", out)
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dossier build: %v\n%s", err, b)
	}
}

// TestKilledBuilds kills `dossier build` at random moments, 50 times, and
// checks after each that public/ is the complete old site or the complete
// new one, never a mix or nothing; and that a build with content errors
// leaves the old site untouched.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the command 50 times")
	}
	bin := buildBinary(t)
	root := t.TempDir()
	site := filepath.Join(root, "site")
	public := filepath.Join(site, "public")

	// The two complete sites, built without interruption.
	const notes = 20
	want := map[string]string{}
	for _, v := range []string{"a", "b"} {
		writeVersion(t, site, v, notes)
		out := filepath.Join(root, "want-"+v)
		buildInto(t, bin, site, out)
		want[v] = manifest(t, out)
	}
	if want["a"] == want["b"] || want["a"] == "" {
		t.Fatal("the two versions do not build to two different sites")
	}
	// How long a build that replaces public/ takes, to choose when to
	// kill: the middle of three.
	var times []time.Duration
	for _, v := range []string{"a", "b", "a"} {
		writeVersion(t, site, v, notes)
		start := time.Now()
		buildInto(t, bin, site, public)
		times = append(times, time.Since(start))
		if got := manifest(t, public); got != want[v] {
			t.Fatalf("an uninterrupted build differs from the reference build of the same content")
		}
	}
	slices.Sort(times)
	took := times[1]

	rng := rand.New(rand.NewPCG(7, 7))
	current := "a"
	kills, afterSwap := 0, 0
	for i := range 50 {
		next := map[string]string{"a": "b", "b": "a"}[current]
		writeVersion(t, site, next, notes)
		cmd := exec.Command(bin, "build", "-q", "-src", site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill at a random moment of a build's life, most often in its
		// second half, where it writes; some builds run to the end.
		delay := time.Duration(float64(took) * (0.2 + 1.4*rng.Float64()))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(delay):
			_ = cmd.Process.Kill()
			err = <-done
		}
		got := manifest(t, public)
		switch {
		case err == nil:
			if got != want[next] {
				t.Fatalf("build %d finished but public/ is not the new site", i)
			}
			current = next
		case got == want[current]:
			kills++
		case got == want[next]:
			kills++ // killed after the swap
			afterSwap++
			current = next
		default:
			t.Fatalf("build %d killed after %v: public/ is neither the old nor the new site:\n%s", i, delay, got)
		}
	}
	t.Logf("%d of 50 builds killed before they finished (%d after the new site was in place); a build takes %v", kills, afterSwap, took)
	if kills < 10 {
		t.Errorf("only %d builds were killed; the test is not testing much", kills)
	}

	// A build that fails leaves the old site untouched, and removes what
	// killed builds left behind.
	before := manifest(t, public)
	if err := os.WriteFile(filepath.Join(site, "content", "notes", "broken.md"), []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "build", "-q", "-src", site).CombinedOutput(); err == nil {
		t.Fatalf("a build with a broken note succeeded:\n%s", out)
	}
	if got := manifest(t, public); got != before {
		t.Errorf("a failed build changed public/")
	}
	if err := os.Remove(filepath.Join(site, "content", "notes", "broken.md")); err != nil {
		t.Fatal(err)
	}
	buildInto(t, bin, site, public)
	leftovers, _ := filepath.Glob(filepath.Join(site, ".public.tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("a complete build left temporary folders behind: %v", leftovers)
	}
}

// TestDeterministicBinary checks that the command writes byte-identical
// sites on two runs, and with GOMAXPROCS=1 as with all cores.
func TestDeterministicBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildBinary(t)
	root := t.TempDir()
	site := filepath.Join(root, "site")
	writeVersion(t, site, "a", 40)
	var first string
	for i, env := range [][]string{nil, nil, {"GOMAXPROCS=1"}, {"GOMAXPROCS=8"}} {
		out := filepath.Join(root, fmt.Sprint("out", i))
		buildInto(t, bin, site, out, env...)
		m := manifest(t, out)
		if i == 0 {
			first = m
			continue
		}
		if m != first {
			t.Errorf("build %d (env %v) differs from the first build", i, env)
		}
	}
}
