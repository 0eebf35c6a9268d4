package scaffold

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/slug"
)

// Site writes a new site into dir, which must not exist or must be empty:
// dossier.yaml, a sample note citing a sample source, a copy of templates
// (the default templates and assets, to customise; a site's templates/
// overrides the built-in ones file by file, so files left out fall back to
// the defaults) and a .gitignore for the output folder. It returns the
// files written, relative to dir. The site builds and passes
// `dossier check -strict` as it stands.
func Site(dir string, templates fs.FS, today time.Time) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s %w and is not empty", dir, ErrExists)
	}
	title := "A new explainer"
	if s := slug.Make(filepath.Base(dir)); s != "" && filepath.Base(dir) != "." {
		title = Title(s)
	}
	d := today.Format(time.DateOnly)
	files := []struct {
		path string
		data []byte
	}{
		{content.ConfigFile, []byte("# The site's configuration. Run `dossier -h` for the commands.\n" +
			FrontMatter(reflect.TypeFor[content.Config](), map[string]string{
				"title":       quote(title),
				"description": quote("What " + title + " explains, in one sentence."),
				"language":    "en",
				"home":        "welcome",
			}))},
		{content.NotesDir + "/welcome.md", []byte("---\n" + FrontMatter(reflect.TypeFor[content.NoteMeta](), map[string]string{
			"title":     "Welcome",
			"summary":   "What this site is, and how each page leads back to its sources.",
			"tags":      "[about]",
			"published": d,
			"updated":   d,
		}) + `---
This site explains its subject in short notes, and each statement ends with the source it
comes from, pinned to the passage it rests on [@example-source "every claim should lead back"].
The number after a statement leads to the reference list at the foot of the page, which quotes
that passage, and from there to the source's own page [@example-source "Every page follows one rule"].

A quotation must be word for word what the source says: the example source says that "every
claim should lead back to an article" [@example-source].

## Next steps

Replace this note and the example source with your own. ` + "`dossier new note <slug>`" + ` and
` + "`dossier new source <id>`" + ` write a new file with every key explained, ` + "`dossier serve`" + ` shows
the site as you write, and ` + "`dossier check -strict`" + ` lists what to fix. {no citation}
`)},
		{content.SourcesDir + "/example-source.md", []byte("---\n" + FrontMatter(reflect.TypeFor[content.SourceMeta](), map[string]string{
			"title":       "An example source",
			"outlet":      "Example Outlet",
			"author":      "unknown",
			"published":   d,
			"kind":        "analysis",
			"reliability": "An example written for the new site; replace it with a real source.",
			"excerpts":    "\n  - \"Every page follows one rule: every claim should lead back to an article.\"",
		}) + "---\nWhat the source is, who wrote it, whom it relies on, and what weakens it.\n")},
		{".gitignore", []byte("# The built site: `dossier build` writes it.\npublic/\n")},
	}
	var written []string
	for _, f := range files {
		if err := Create(filepath.Join(dir, filepath.FromSlash(f.path)), f.data); err != nil {
			return written, err
		}
		written = append(written, f.path)
	}
	err := fs.WalkDir(templates, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates, p)
		if err != nil {
			return err
		}
		if err := Create(filepath.Join(dir, "templates", filepath.FromSlash(p)), data); err != nil {
			return err
		}
		written = append(written, "templates/"+p)
		return nil
	})
	return written, err
}
