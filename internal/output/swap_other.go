//go:build !linux

package output

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the complete folder tmp at dir; tmp then holds the old site.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	return swapByRename(tmp, dir)
}
