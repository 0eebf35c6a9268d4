// Package output is the write stage: it puts the rendered files on disk as
// one atomic step. The new site is written into a hidden folder beside the
// output folder and swapped in only when complete, so a reader (or a web
// server) sees either the old site or the new one, never a mix; a build that
// fails or is killed leaves the old site as it was.
//
// A Dir takes the site file by file, from several goroutines, so that the
// build can write each page as soon as it is rendered and need not hold the
// site in memory.
//
// Only paths inside the output folder are written: every file path is
// checked to be local before it is written.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// File is one file of the site.
type File struct {
	Path string // slash path relative to the output folder
	Data []byte
}

// Marker is the file every output folder holds, so that the build never
// replaces a folder it did not write.
const Marker = ".dossier-output"

const markerText = "This folder is written by dossier and replaced on every build. Do not edit it.\n"

// ErrNotOutput is returned when the output folder exists, is not empty and
// was not written by dossier.
var ErrNotOutput = errors.New("folder exists and was not written by dossier")

// Dir is a new output folder being written, file by file, so that a build
// need not hold the whole site in memory. The files go into a hidden folder
// beside the output folder; Commit swaps it in, Abort removes it. Until
// Commit the output folder is untouched.
type Dir struct {
	dir, tmp string

	mu   sync.Mutex
	seen map[string]bool // file paths added
	made map[string]bool // folders created
}

// Create starts a new output folder to replace dir. It fails at once when
// dir exists and was not written by dossier.
func Create(dir string) (*Dir, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(dir); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, errors.Join(err, os.RemoveAll(tmp))
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return nil, errors.Join(err, os.RemoveAll(tmp))
	}
	return &Dir{dir: dir, tmp: tmp, seen: map[string]bool{}, made: map[string]bool{tmp: true}}, nil
}

// Add writes one file into the new folder. It is safe for concurrent use.
func (d *Dir) Add(f File) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(f.Path))
	folder := filepath.Dir(p)
	d.mu.Lock()
	err := checkPath(f.Path, d.seen)
	made := d.made[folder]
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if !made {
		if err := d.mkdir(folder); err != nil {
			return err
		}
	}
	return os.WriteFile(p, f.Data, 0o644)
}

// mkdir makes folder in the new folder, and the folders above it that are
// not made yet. A folder whose parent it made is made with one call to the
// system, not os.MkdirAll's look at the folder and its parent first: at
// 10,000 notes, every page is in a folder of its own (notes/x/index.html),
// and those looks were 23,000 calls of each build.
func (d *Dir) mkdir(folder string) error {
	parent := filepath.Dir(folder)
	d.mu.Lock()
	made, parentMade := d.made[folder], d.made[parent]
	d.mu.Unlock()
	switch {
	case made:
		return nil
	case parent == folder: // not below the new folder: checkPath lets no such path by
		return os.MkdirAll(folder, 0o755)
	case !parentMade:
		if err := d.mkdir(parent); err != nil {
			return err
		}
	}
	// Another goroutine may have made it meanwhile, for a file beside;
	// a file of that name is no folder.
	if err := os.Mkdir(folder, 0o755); err != nil {
		if info, serr := os.Stat(folder); !errors.Is(err, fs.ErrExist) || serr != nil || !info.IsDir() {
			return err
		}
	}
	d.mu.Lock()
	d.made[folder] = true
	d.mu.Unlock()
	return nil
}

// Commit puts the new folder in place of the old one, which it removes.
func (d *Dir) Commit() error {
	if err := swap(d.tmp, d.dir); err != nil {
		return errors.Join(err, removeOwn(d.tmp))
	}
	return removeOwn(d.tmp) // now holds the old site
}

// Abort removes the new folder; the output folder stays as it was.
func (d *Dir) Abort() error {
	return removeOwn(d.tmp)
}

// checkPath refuses a path outside the output folder, or one in seen,
// which it then adds to seen.
func checkPath(p string, seen map[string]bool) error {
	if !isFilePath(p) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", p)
	}
	if seen[p] {
		return fmt.Errorf("refusing to write %q twice", p)
	}
	seen[p] = true
	return nil
}

// isFilePath reports whether p names a file inside the output folder: a
// clean, relative, slash-separated path that does not climb out with "..",
// is not the folder itself and is not the marker.
func isFilePath(p string) bool {
	return p != "" && p != "." && p != Marker && path.Clean(p) == p &&
		filepath.IsLocal(filepath.FromSlash(p)) && !strings.ContainsAny(p, "\\\x00")
}

// checkTarget refuses to replace a folder that is not a dossier output.
func checkTarget(dir string) error {
	if filepath.Dir(dir) == dir {
		return fmt.Errorf("%s: refusing to use the file system root as the output folder", dir)
	}
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s: %w (it is a symbolic link; give the folder it points to with -o)", dir, ErrNotOutput)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: %w (it is a file)", dir, ErrNotOutput)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s: %w; remove it or choose another output folder with -o", dir, ErrNotOutput)
	}
	return nil
}

// cleanLeftovers removes the temporary folders of builds that were killed.
func cleanLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	for _, m := range matches {
		if _, err := os.Stat(filepath.Join(m, Marker)); err == nil || isEmptyDir(m) {
			_ = removeOwn(m)
		}
	}
}

// removeOwn removes a folder the build wrote, its marker last: a build
// killed while removing it leaves a folder that the next build still
// knows as its own and removes, where os.RemoveAll, which may take the
// marker first, would leave one no build ever touches again.
func removeOwn(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if e.Name() != Marker {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return os.RemoveAll(dir)
}

func isEmptyDir(p string) bool {
	es, err := os.ReadDir(p)
	return err == nil && len(es) == 0
}
