package output

import "os"

// swapByRename swaps with two renames, for systems without an atomic
// exchange. Between them dir is briefly missing (never half-written); the old
// site is moved back if the second rename fails.
func swapByRename(tmp, dir string) error {
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return os.Rename(old, tmp)
}
