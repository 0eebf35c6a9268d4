// Package output is the write stage: it puts the rendered files on disk as
// one atomic step. The new site is written into a hidden folder beside the
// output folder and swapped in only when complete, so a reader (or a web
// server) sees either the old site or the new one, never a mix; a build that
// fails or is killed leaves the old site as it was.
//
// Only paths inside the output folder are written: every file path is
// checked to be local before anything is created.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
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

// Write replaces the folder dir with files.
func Write(dir string, files []File) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := checkTarget(dir); err != nil {
		return err
	}
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if !isFilePath(f.Path) {
			return fmt.Errorf("refusing to write %q: not a path inside the output folder", f.Path)
		}
		if seen[f.Path] {
			return fmt.Errorf("refusing to write %q twice", f.Path)
		}
		seen[f.Path] = true
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	cleanLeftovers(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	if err := writeTree(tmp, files); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	if err := swap(tmp, dir); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	return os.RemoveAll(tmp) // now holds the old site
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
			_ = os.RemoveAll(m)
		}
	}
}

func isEmptyDir(p string) bool {
	es, err := os.ReadDir(p)
	return err == nil && len(es) == 0
}

func writeTree(root string, files []File) error {
	if err := os.WriteFile(filepath.Join(root, Marker), []byte(markerText), 0o644); err != nil {
		return err
	}
	made := map[string]bool{root: true}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		d := filepath.Dir(p)
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
