package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot lists every path under root with its size, so that a test can
// tell whether anything was created, changed or removed.
func snapshot(t *testing.T, root string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err == nil {
			out[p] = info.Size()
		}
		return nil
	})
	return out
}

func diffSnapshots(before, after map[string]int64) []string {
	var d []string
	for p, s := range after {
		if b, ok := before[p]; !ok {
			d = append(d, "created "+p)
		} else if b != s {
			d = append(d, "changed "+p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			d = append(d, "removed "+p)
		}
	}
	return d
}

// TestBuildHostileSlugs runs `dossier build` on sites whose names and
// front matter try to reach outside the site and output folders. Each must
// fail with the file named, and write nothing anywhere: not in public/, not
// beside it, not outside the site.
func TestBuildHostileSlugs(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		links map[string]string // symbolic links: name -> target
		want  []string          // in stderr
	}{
		{"backslash and dots in file names", map[string]string{
			`content/notes/a\..\..\escape.md`: "---\ntitle: X\n---\nx {no citation}\n",
			"content/notes/%2e%2e.md":         "---\ntitle: Y\n---\ny {no citation}\n",
			"content/notes/....md":            "---\ntitle: Z\n---\nz {no citation}\n",
		}, nil, []string{`content/notes/a\..\..\escape.md: file name`, "content/notes/%2e%2e.md: file name"}},
		{"aliases, tags and ids that climb", map[string]string{
			"content/notes/a.md":   "---\ntitle: A\naliases: [../../../../escape, /tmp/escape]\ntags: [../../escape]\n---\nA [@s].\n",
			"content/sources/s.md": "---\ntitle: S\ncites: [../../escape]\n---\n",
			"dossier.yaml":         "title: T\nhome: ../../escape\n",
		}, nil, []string{"content/notes/a.md:3:11: `aliases[0]`", "content/notes/a.md:4:8: `tags[0]`", "content/sources/s.md:3:9: `cites[0]`", "dossier.yaml:2:7: `home`"}},
		{"links that climb", map[string]string{
			"content/notes/a.md": "---\ntitle: A\n---\n[x](../../../../etc/passwd.md) [[../../x]] [y](/etc/passwd.md) {no citation}\n",
		}, nil, []string{"content/notes/a.md:4:1: link to \"../../../../etc/passwd.md\": the path leads outside the content folder"}},
		{"symbolic link out of the site", map[string]string{
			"content/notes/a.md": "---\ntitle: A\n---\nA {no citation}\n",
		}, map[string]string{"content/notes/leak.md": "../../../secret.md"}, []string{"content/notes/leak.md: symbolic link points outside the site folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			site := filepath.Join(root, "site")
			for name, data := range tt.files {
				p := filepath.Join(site, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "secret.md"), []byte("---\ntitle: SECRET\n---\nSECRET {no citation}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for name, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, root)
			code, _, stderr := run(t, "build", "-src", site)
			if code != exitContent {
				t.Errorf("exit %d; want %d\n%s", code, exitContent, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr)
				}
			}
			if !strings.Contains(stderr, "nothing was written") {
				t.Errorf("stderr does not say nothing was written:\n%s", stderr)
			}
			if strings.Contains(stderr, "SECRET") {
				t.Errorf("the file outside the site was read:\n%s", stderr)
			}
			if d := diffSnapshots(before, snapshot(t, root)); len(d) > 0 {
				t.Errorf("a failed build changed the disk: %v", d)
			}
		})
	}
}

// TestBuildOutputStaysInside builds a valid site with unusual but allowed
// names (Cyrillic, dots inside names) and checks that every file written
// is inside the output folder, and nothing else changed.
func TestBuildOutputStaysInside(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string]string{
		"dossier.yaml":              "title: T\n",
		"content/notes/будапешт.md": "---\ntitle: Будапешт\naliases: [old]\ntags: [безпека]\n---\nТекст [@s].\n",
		"content/notes/a.md":        "---\ntitle: A\n---\nSee [[будапешт]] [@s].\n",
		"content/sources/s.md":      "---\ntitle: S\n---\n",
	}
	writeFiles(t, site, files)
	before := snapshot(t, root)
	out := filepath.Join(root, "out")
	if code, _, stderr := run(t, "build", "-q", "-src", site, "-o", out); code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	var written int
	for _, d := range diffSnapshots(before, snapshot(t, root)) {
		p := strings.TrimPrefix(d, "created ")
		if p == d || (p != out && !strings.HasPrefix(p, out+string(filepath.Separator))) {
			t.Errorf("the build did this outside %s: %s", out, d)
		}
		written++
	}
	if _, err := os.Stat(filepath.Join(out, "notes", "будапешт", "index.html")); err != nil {
		t.Errorf("the Cyrillic note was not written: %v", err)
	}
	if written < 10 {
		t.Errorf("only %d paths written", written)
	}
}

// TestBuildRefusesSiteAsOutput checks that -o naming the site folder, its
// content folder or a folder dossier did not write is refused, and leaves
// it untouched.
func TestBuildRefusesSiteAsOutput(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/notes/a.md": "---\ntitle: A\n---\nA {no citation}\n",
	})
	for _, out := range []string{site, filepath.Join(site, "content"), filepath.Join(site, "content", "notes")} {
		before := snapshot(t, site)
		code, _, stderr := run(t, "build", "-src", site, "-o", out)
		if code == exitOK || !strings.Contains(stderr, "not written by dossier") {
			t.Errorf("build -o %s: exit %d, %q; want a refusal", out, code, stderr)
		}
		if d := diffSnapshots(before, snapshot(t, site)); len(d) > 0 {
			t.Errorf("build -o %s changed the site: %v", out, d)
		}
	}
}
