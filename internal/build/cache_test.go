package build_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"golang.org/x/tools/txtar"
)

// sameBuild fails t unless got and want hold the same diagnostics and the
// same files, byte for byte.
func sameBuild(t *testing.T, got, want *build.Result) {
	t.Helper()
	if g, w := formatDiagnostics(got), formatDiagnostics(want); g != w {
		t.Errorf("diagnostics with the cache:\n%s\nwithout:\n%s", g, w)
	}
	gotFiles := map[string][]byte{}
	for _, f := range got.Files {
		gotFiles[f.Path] = f.Data
	}
	var wrong []string
	for _, f := range want.Files {
		g, ok := gotFiles[f.Path]
		switch {
		case !ok:
			wrong = append(wrong, f.Path+" is missing")
		case !bytes.Equal(g, f.Data):
			wrong = append(wrong, f.Path+" differs:\n"+firstDifference(g, f.Data))
		}
		delete(gotFiles, f.Path)
	}
	for p := range gotFiles {
		wrong = append(wrong, p+" should not be there")
	}
	slices.Sort(wrong)
	for _, w := range wrong {
		t.Errorf("with the cache, %s", w)
	}
}

// firstDifference shows where two files part.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	return "  got:  ..." + string(got[from:min(i+80, len(got))]) + "\n  want: ..." + string(want[from:min(i+80, len(want))])
}

// TestCacheEdits applies the edits of testdata/incremental/edits.txtar one
// by one and checks that a build with a cache gives the same result as a
// full build each time, and renders only the pages the edit affects.
func TestCacheEdits(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/incremental/edits.txtar")
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	type step struct {
		about  string
		write  map[string][]byte
		delete []string
		fresh  []string // nil: not checked
		fails  bool     // the build is expected to fail
	}
	steps := map[string]*step{}
	var names []string
	for _, f := range ar.Files {
		if p, ok := strings.CutPrefix(f.Name, "site/"); ok {
			site[p] = &fstest.MapFile{Data: f.Data}
			continue
		}
		rest, ok := strings.CutPrefix(f.Name, "step/")
		if !ok {
			t.Fatalf("%s: not under site/ or step/", f.Name)
		}
		name, p, _ := strings.Cut(rest, "/")
		s := steps[name]
		if s == nil {
			s = &step{write: map[string][]byte{}}
			steps[name] = s
			names = append(names, name)
		}
		switch p {
		case "about":
			s.about = strings.TrimSpace(string(f.Data))
		case "delete":
			s.delete = strings.Fields(string(f.Data))
		case "fresh":
			s.fresh = append([]string{}, strings.Fields(string(f.Data))...)
		case "fails":
			s.fails = true
		default:
			s.write[p] = f.Data
		}
	}
	slices.Sort(names)

	cache := build.NewCache()
	first := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, first, build.Run(build.Options{Site: site, Templates: dossier.Templates()}))
	if !first.OK() {
		t.Fatalf("the site before the edits does not build:\n%s", formatDiagnostics(first))
	}
	for _, name := range names {
		s := steps[name]
		t.Run(name, func(t *testing.T) {
			for _, p := range s.delete {
				if site[p] == nil {
					t.Fatalf("step deletes %s, which is not there", p)
				}
				delete(site, p)
			}
			for p, data := range s.write {
				site[p] = &fstest.MapFile{Data: data}
			}
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if want.OK() == s.fails {
				t.Fatalf("%s\nthe build has OK() = %v; the step expects %v:\n%s", s.about, want.OK(), !s.fails, formatDiagnostics(want))
			}
			t.Logf("%s\nrendered afresh: %q", s.about, cache.Fresh())
			if s.fresh != nil {
				if fresh := cache.Fresh(); !slices.Equal(fresh, s.fresh) {
					t.Errorf("%s\nrendered afresh %q; want %q", s.about, fresh, s.fresh)
				}
			}
		})
	}
}

// TestCacheRealContent builds the repository's own site twice with one
// cache: the second build parses and renders no note or source again, and
// both give what a full build gives. This is what keeps the reuse of parsed
// pages safe as the resolve stage grows: resolving a page twice must give
// what resolving it once gives.
func TestCacheRealContent(t *testing.T) {
	site := os.DirFS("../..")
	want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !want.OK() {
		t.Skipf("the site's content does not build:\n%s", formatDiagnostics(want))
	}
	cache := build.NewCache()
	first := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, first, want)
	second := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, second, want)
	if second.Stats.Parsed != 0 {
		t.Errorf("second build parsed %d files; want 0", second.Stats.Parsed)
	}
	if fresh := cache.Fresh(); len(fresh) != 0 {
		t.Errorf("second build rendered %q again; want none", fresh)
	}
}
