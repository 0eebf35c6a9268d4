package output

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the complete folder tmp at dir. On Linux the two folders are
// exchanged in one system call (renameat2 with RENAME_EXCHANGE), so that
// dir always exists and is always complete; tmp then holds the old site.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return swapByRename(tmp, dir) // file system without RENAME_EXCHANGE
	}
	return err
}
