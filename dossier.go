// Package dossier holds the default templates and assets of a dossier site,
// embedded in the binary so that `dossier` works on any site folder. A
// site's own templates/ folder overrides them file by file.
//
// The generator itself lives in internal/ (see internal/build for the
// pipeline) and the command in cmd/dossier.
package dossier

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

// Templates returns the default templates folder's contents (base.html,
// partials/, assets/, ...), rooted at the folder.
func Templates() fs.FS {
	sub, err := fs.Sub(templates, "templates")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}
