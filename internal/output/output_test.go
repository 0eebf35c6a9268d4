package output_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-site/dossier/internal/output"
)

// tree returns every file under dir as path -> content, and every folder
// as path/ -> "".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			out[rel+"/"] = ""
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestWriteRefusesPathsOutside checks that no file path, however it is
// written, makes Write create anything outside the output folder, and
// that it refuses before it writes anything at all.
func TestWriteRefusesPathsOutside(t *testing.T) {
	bad := []string{
		"../escape.html",
		"../../escape.html",
		"a/../../escape.html",
		"notes/../../escape.html",
		"/etc/passwd",
		"/tmp/escape.html",
		`..\escape.html`,
		`notes\..\..\escape.html`,
		`C:\escape.html`,
		"",
		".",
		"..",
		"a/..",
		"a/./b.html",
		"a//b.html",
		"a/b/",
		"x\x00y.html",
		output.Marker,
	}
	for _, p := range bad {
		root := t.TempDir()
		dir := filepath.Join(root, "public")
		if err := output.Write(dir, []output.File{{Path: "index.html", Data: []byte("old")}}); err != nil {
			t.Fatal(err)
		}
		before := tree(t, root)
		files := []output.File{{Path: "index.html", Data: []byte("new")}, {Path: p, Data: []byte("escaped")}}
		err := output.Write(dir, files)
		if err == nil || !strings.Contains(err.Error(), "not a path inside the output folder") {
			t.Errorf("Write(%q) = %v; want a refusal", p, err)
		}
		if after := tree(t, root); !same(before, after) {
			t.Errorf("Write(%q) changed the disk:\nbefore %v\nafter  %v", p, before, after)
		}
	}
}

// TestWriteRefusesDuplicates checks that two files at one path are an
// error, not a silent overwrite.
func TestWriteRefusesDuplicates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	err := output.Write(dir, []output.File{{Path: "a.html", Data: []byte("1")}, {Path: "a.html", Data: []byte("2")}})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("Write with two files at a.html = %v; want a refusal", err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused Write created %s", dir)
	}
}

// TestWriteLocalPaths checks that paths inside the folder are written
// where they say, in a folder that is replaced as a whole.
func TestWriteLocalPaths(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	old := []output.File{{Path: "index.html", Data: []byte("old")}, {Path: "gone/index.html", Data: []byte("gone")}}
	if err := output.Write(dir, old); err != nil {
		t.Fatal(err)
	}
	files := []output.File{
		{Path: "index.html", Data: []byte("new")},
		{Path: "notes/будапешт/index.html", Data: []byte("cyrillic")},
		{Path: "notes/a..b/index.html", Data: []byte("dots inside a name")},
	}
	if err := output.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	got := tree(t, root)
	want := map[string]string{
		"./":                      "",
		"public/":                 "",
		"public/" + output.Marker: got["public/"+output.Marker],
		"public/index.html":       "new",
		"public/notes/":           "",
		"public/notes/будапешт/":  "",
		"public/notes/будапешт/index.html": "cyrillic",
		"public/notes/a..b/":               "",
		"public/notes/a..b/index.html":     "dots inside a name",
	}
	if !same(got, want) || got["public/"+output.Marker] == "" {
		t.Errorf("after Write: %v\nwant %v", got, want)
	}
}

// TestWriteFailureKeepsOld checks that a write that fails half way (a file
// where a folder must go) leaves the old site as it was and no temporary
// folder behind.
func TestWriteFailureKeepsOld(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := output.Write(dir, []output.File{{Path: "index.html", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, root)
	files := []output.File{{Path: "a", Data: []byte("file")}, {Path: "a/b.html", Data: []byte("under a file")}}
	if err := output.Write(dir, files); err == nil {
		t.Fatal("Write with a file where a folder must go succeeded")
	}
	if after := tree(t, root); !same(before, after) {
		t.Errorf("a failed Write changed the disk:\nbefore %v\nafter  %v", before, after)
	}
}

// TestWriteRefusesForeignTargets checks that Write never replaces a folder
// it did not write, a file, a symbolic link or the root.
func TestWriteRefusesForeignTargets(t *testing.T) {
	root := t.TempDir()
	foreign := filepath.Join(root, "site")
	if err := os.MkdirAll(filepath.Join(foreign, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "content", "note.md"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "file.txt")
	if err := os.WriteFile(file, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(foreign, link); err != nil {
		t.Fatal(err)
	}
	before := tree(t, root)
	for _, target := range []string{foreign, file, link, "/"} {
		err := output.Write(target, []output.File{{Path: "index.html", Data: []byte("x")}})
		if err == nil {
			t.Errorf("Write(%s) succeeded; want a refusal", target)
		}
		if target != "/" && !errors.Is(err, output.ErrNotOutput) {
			t.Errorf("Write(%s) = %v; want ErrNotOutput", target, err)
		}
	}
	if after := tree(t, root); !same(before, after) {
		t.Errorf("refused Writes changed the disk:\nbefore %v\nafter  %v", before, after)
	}
}

// TestWriteCleansLeftovers checks that the temporary folder of a build
// that was killed is removed by the next build, and nothing else is.
func TestWriteCleansLeftovers(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	left := filepath.Join(root, ".public.tmp-123")
	if err := os.MkdirAll(left, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, output.Marker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(root, ".public.tmp-mine")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := output.Write(dir, []output.File{{Path: "index.html", Data: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".public.tmp-mine", "public"}; !slices.Equal(names, want) {
		t.Errorf("after Write the parent holds %v; want %v", names, want)
	}
}

// TestDir writes a site file by file from several goroutines, and checks
// that the old site stays until Commit, and after Abort.
func TestDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(dir, []output.File{{Path: "index.html", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	d, err := output.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := d.Add(output.File{Path: fmt.Sprintf("notes/n%d/index.html", i), Data: []byte("new")}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := d.Add(output.File{Path: "notes/n3/index.html"}); err == nil {
		t.Error("Add of a path added before succeeded")
	}
	if err := d.Add(output.File{Path: "../escape.html"}); err == nil {
		t.Error("Add of ../escape.html succeeded")
	}
	if got := tree(t, dir)["index.html"]; got != "old" {
		t.Fatalf("before Commit, index.html = %q; want the old site", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	if _, ok := got["index.html"]; ok || got["notes/n19/index.html"] != "new" {
		t.Fatalf("after Commit the folder holds %v; want the new site only", got)
	}

	d, err = output.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Add(output.File{Path: "index.html", Data: []byte("aborted")}); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if after := tree(t, dir); len(after) != len(got) || after["notes/n19/index.html"] != "new" {
		t.Fatalf("after Abort the folder holds %v; want it unchanged", after)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".public.tmp-*")); len(leftovers) > 0 {
		t.Errorf("Abort left %v", leftovers)
	}
}

// TestDirFolders adds files at every depth of folders not made yet, from
// several goroutines at once, several files to a folder, and a file where
// a folder is wanted: each file is where its path says, and the clash is
// an error.
func TestDirFolders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d, err := output.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, a := range []string{"a", "b"} {
		for _, b := range []string{"x", "y", "z"} {
			for _, f := range []string{"1.html", "2.html"} {
				paths = append(paths, a+"/"+f, a+"/"+b+"/"+f, a+"/"+b+"/deep/er/"+f)
			}
		}
	}
	paths = slices.Compact(slices.Sorted(slices.Values(paths)))
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Go(func() {
			if err := d.Add(output.File{Path: p, Data: []byte(p)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := d.Add(output.File{Path: "file", Data: []byte("a file")}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"file/inside.html", "file/again.html"} { // the second too: no folder is taken as made
		if err := d.Add(output.File{Path: p}); err == nil || !strings.Contains(err.Error(), "mkdir") {
			t.Errorf("Add of %s, below a file: %v; want mkdir's error", p, err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	for _, p := range paths {
		if got[p] != p {
			t.Errorf("%s holds %q; want its path", p, got[p])
		}
	}
	if got["file"] != "a file" {
		t.Errorf("file holds %q", got["file"])
	}
}
