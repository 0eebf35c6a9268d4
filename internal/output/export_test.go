package output

import "errors"

// Write replaces the folder dir with files. Every path is checked before
// anything is created. The build adds its files to a Dir as they are
// rendered; the tests write a list at once.
func Write(dir string, files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := checkPath(f.Path, seen); err != nil {
			return err
		}
	}
	d, err := Create(dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := d.Add(f); err != nil {
			return errors.Join(err, d.Abort())
		}
	}
	return d.Commit()
}
