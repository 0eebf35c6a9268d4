package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/output"
	"github.com/dossier-site/dossier/internal/render"
)

// determinismSites are the sites the determinism tests build: the golden
// site and every hostile case that builds.
func determinismSites(t *testing.T) map[string]fs.FS {
	t.Helper()
	sites := map[string]fs.FS{"golden": LoadSite(t, "testdata/sites/golden.txtar").FS}
	files, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, file := range files {
		c := loadHostile(t, file)
		if c.slow || c.disk || len(c.diags) > 0 || len(c.counts) > 0 {
			continue
		}
		sites["hostile/"+c.name] = c.siteFS(t)
	}
	if len(sites) < 10 {
		t.Fatalf("only %d sites to build", len(sites))
	}
	return sites
}

func sameFiles(t *testing.T, what string, a, b []render.File) {
	t.Helper()
	if len(a) != len(b) || len(a) == 0 {
		t.Errorf("%s: %d and %d files", what, len(a), len(b))
		return
	}
	for i := range a {
		if a[i].Path != b[i].Path {
			t.Errorf("%s: file %d is %s and %s", what, i, a[i].Path, b[i].Path)
			return
		}
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s: %s differs\n%s", what, a[i].Path, firstDiff(a[i].Data, b[i].Data))
		}
	}
}

// TestDeterministicGOMAXPROCS builds each site on one thread and on many,
// cold and with a warm cache, and checks that every byte is the same.
func TestDeterministicGOMAXPROCS(t *testing.T) {
	sites := determinismSites(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, site := range sites {
		opts := build.Options{Site: site, Templates: dossier.Templates()}
		runtime.GOMAXPROCS(1)
		one := build.Run(opts)
		runtime.GOMAXPROCS(max(8, runtime.NumCPU()))
		many := build.Run(opts)
		if !one.OK() {
			t.Fatalf("%s: build failed: %v", name, one.Diagnostics)
		}
		sameFiles(t, name+": GOMAXPROCS=1 and 8", one.Files, many.Files)
		opts.Cache = build.NewCache()
		cold := build.Run(opts)
		warm := build.Run(opts)
		sameFiles(t, name+": without and with a cache", one.Files, cold.Files)
		sameFiles(t, name+": cold and warm cache", cold.Files, warm.Files)
	}
}

// TestConcurrentBuilds runs several builds of different sites at once, as
// the preview server may while a build is under way; with -race it shows
// any state the builds share.
func TestConcurrentBuilds(t *testing.T) {
	sites := determinismSites(t)
	want := map[string][]render.File{}
	for name, site := range sites {
		want[name] = build.Run(build.Options{Site: site, Templates: dossier.Templates()}).Files
	}
	var wg sync.WaitGroup
	got := make(map[string][]render.File, len(sites))
	var mu sync.Mutex
	for name, site := range sites {
		wg.Go(func() {
			res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			mu.Lock()
			got[name] = res.Files
			mu.Unlock()
		})
	}
	wg.Wait()
	for name := range sites {
		sameFiles(t, name+": alone and beside other builds", want[name], got[name])
	}
}

// TestOutputFolderSameFiles builds each site into an output folder, where
// files are written as they are made (the search index's page fragments
// while the pages are parsed), and checks that the folder holds exactly the
// files of a build held in memory.
func TestOutputFolderSameFiles(t *testing.T) {
	for name, site := range determinismSites(t) {
		opts := build.Options{Site: site, Templates: dossier.Templates()}
		want := build.Run(opts)
		dir := filepath.Join(t.TempDir(), "public")
		out, err := output.Create(dir)
		if err != nil {
			t.Fatal(err)
		}
		opts.Output = out
		res := build.Run(opts)
		if !res.OK() || res.WriteErr != nil {
			t.Fatalf("%s: %d problems, write error %v", name, len(res.Diagnostics), res.WriteErr)
		}
		if err := out.Commit(); err != nil {
			t.Fatal(err)
		}
		var got []render.File
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == output.Marker {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got = append(got, render.File{Path: filepath.ToSlash(rel), Data: data})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		byPath := func(a, b render.File) int { return strings.Compare(a.Path, b.Path) }
		slices.SortFunc(got, byPath)
		sameFiles(t, name, got, slices.SortedFunc(slices.Values(want.Files), byPath))
		if res.Stats.IndexFiles != want.Stats.IndexFiles || res.Stats.Pages != want.Stats.Pages {
			t.Errorf("%s: %d index files and %d pages; in memory %d and %d", name, res.Stats.IndexFiles, res.Stats.Pages, want.Stats.IndexFiles, want.Stats.Pages)
		}
	}
}
