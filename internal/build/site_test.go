package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"golang.org/x/tools/txtar"
)

// The -update flag (declared in hostile_test.go) also rewrites the golden
// pages under testdata/golden.

// Site is a test site read from a txtar archive. Files under want/ are
// expectations, not part of the site:
//
//	want/diagnostics        every diagnostic, one per line: "code file:line:col: message; hint"
//	want/files              the output paths, one per line, but for content-hashed names (optional)
//	want/contains/<path>    lines that must appear in output file <path>
//	want/excludes/<path>    lines that must not appear in output file <path>
//
// Files under articles/ are the folder of article texts (Options.Articles),
// not part of the site; a site without any has none.
type Site struct {
	Name     string
	FS       fstest.MapFS
	Articles fstest.MapFS
	Wants    map[string]string
}

// hashed matches the names of files published under a hash of their content.
var hashed = regexp.MustCompile(`\.[0-9a-f]{10}\.([a-z]+)$`)

// hashRef matches references to content-hashed files inside pages; golden
// pages hold them as .HASH. so that a style edit does not churn every page.
var hashRef = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|svg|json)\b`)

// LoadSite reads testdata/sites/<name>.txtar.
func LoadSite(t testing.TB, file string) *Site {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{Name: strings.TrimSuffix(filepath.Base(file), ".txtar"), FS: fstest.MapFS{}, Wants: map[string]string{}}
	for _, f := range ar.Files {
		if w, ok := strings.CutPrefix(f.Name, "want/"); ok {
			if _, dup := s.Wants[w]; dup {
				t.Fatalf("%s: two sections named %s", file, f.Name)
			}
			s.Wants[w] = string(f.Data)
			continue
		}
		if a, ok := strings.CutPrefix(f.Name, "articles/"); ok {
			if s.Articles == nil {
				s.Articles = fstest.MapFS{}
			}
			s.Articles[a] = &fstest.MapFile{Data: f.Data}
			continue
		}
		s.FS[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return s
}

// formatDiagnostics renders diagnostics as want/diagnostics holds them.
func formatDiagnostics(res *build.Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&b, "%s %s\n", d.Code, d.Error())
	}
	return b.String()
}

func run(s *Site, baseURL string) *build.Result {
	opts := build.Options{Site: s.FS, Templates: dossier.Templates(), BaseURL: baseURL}
	if s.Articles != nil {
		opts.Articles = s.Articles
	}
	return build.Run(opts)
}

// TestSites builds every archive in testdata/sites and checks its
// expectations.
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test sites")
	}
	for _, file := range files {
		s := LoadSite(t, file)
		t.Run(s.Name, func(t *testing.T) {
			res := run(s, strings.TrimSpace(s.Wants["base-url"]))
			got := formatDiagnostics(res)
			want, ok := s.Wants["diagnostics"]
			if !ok {
				want = ""
			}
			if strings.TrimSpace(got) != strings.TrimSpace(want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
			out := map[string][]byte{}
			for _, f := range res.Files {
				out[f.Path] = f.Data
			}
			if wantFiles, ok := s.Wants["files"]; ok {
				var paths []string
				for _, f := range res.Files {
					if !hashed.MatchString(f.Path) { // names that change with their content
						paths = append(paths, f.Path)
					}
				}
				slices.Sort(paths) // the build's order is its own (see render.Render)
				if g, w := strings.Join(paths, "\n"), strings.TrimSpace(wantFiles); g != w {
					t.Errorf("files:\n%s\nwant:\n%s", g, w)
				}
			}
			for key, lines := range s.Wants {
				for _, mode := range []string{"contains/", "excludes/"} {
					p, ok := strings.CutPrefix(key, mode)
					if !ok {
						continue
					}
					data, exists := out[p]
					if !exists {
						t.Errorf("no output file %s", p)
						continue
					}
					for _, line := range strings.Split(strings.TrimSpace(lines), "\n") {
						has := bytes.Contains(data, []byte(line))
						if mode == "contains/" && !has {
							t.Errorf("%s does not contain %q", p, line)
						}
						if mode == "excludes/" && has {
							t.Errorf("%s contains %q", p, line)
						}
					}
				}
			}
		})
	}
}

// TestGolden compares every page of testdata/sites/golden.txtar with
// testdata/golden/, and of pages-folders.txtar (standalone pages and folders
// of notes) with testdata/golden-pages/. Run with -update after an intended
// change to the templates or the renderer, and review the diff.
func TestGolden(t *testing.T) {
	for _, g := range []struct{ site, dir string }{
		{"golden", "golden"},
		{"pages-folders", "golden-pages"},
	} {
		t.Run(g.site, func(t *testing.T) {
			s := LoadSite(t, "testdata/sites/"+g.site+".txtar")
			res := run(s, "https://example.org/explainer/")
			if !res.OK() {
				t.Fatalf("build failed:\n%s", formatDiagnostics(res))
			}
			compareGolden(t, res, filepath.Join("testdata", g.dir))
		})
	}
}

func compareGolden(t *testing.T, res *build.Result, dir string) {
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		if hashed.MatchString(f.Path) {
			continue // assets: their names change with every edit
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		seen[p] = true
		data := hashRef.ReplaceAll(f.Data, []byte(".HASH.$1"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: no golden file (run go test -run TestGolden -update)", f.Path)
			continue
		}
		if !bytes.Equal(data, want) {
			t.Errorf("%s differs from %s (run go test -run TestGolden -update and review the diff)\n%s", f.Path, p, firstDiff(data, want))
		}
	}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !seen[p] {
			t.Errorf("golden file %s is no longer produced", p)
		}
		return nil
	})
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestDeterministic builds the same site twice and compares every byte.
func TestDeterministic(t *testing.T) {
	s := LoadSite(t, "testdata/sites/golden.txtar")
	a, b := run(s, ""), run(s, "")
	if len(a.Files) != len(b.Files) || len(a.Files) == 0 {
		t.Fatalf("builds wrote %d and %d files", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("%s differs between two builds", a.Files[i].Path)
		}
	}
}

// TestMarkdownLetGo checks that a build without a Cache keeps no page's
// Markdown once the page is resolved and its body frozen (see
// resolve.Page.DropMarkdown): the render stage of a large site would
// otherwise hold every file it read.
func TestMarkdownLetGo(t *testing.T) {
	s := LoadSite(t, "testdata/sites/explainer.txtar")
	res := run(s, "")
	if !res.OK() {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	frozen := 0
	for _, p := range res.Site.Pages() {
		if !p.Doc.Frozen() {
			continue
		}
		frozen++
		if p.Doc.Source != nil || p.File.Body != nil {
			t.Errorf("%s: the build kept the page's Markdown after freezing its body", p.File.Path)
		}
	}
	if frozen == 0 {
		t.Fatal("no page's body was frozen")
	}
}
