package build

import (
	"io/fs"
	"path/filepath"
	"unicode/utf8"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
)

// ArticlesDir returns the folder of article texts that the dossier.yaml of
// the site folder dir names in `articles`, resolved against dir, or "" when
// it names none. A command opens it (os.OpenRoot) and passes it as
// Options.Articles; the build itself never reaches for the disk.
func ArticlesDir(dir string, site fs.FS) string {
	cfg := content.Load(configOnly{site}, &diag.List{}).Config
	if cfg.Articles == "" {
		return ""
	}
	if filepath.IsAbs(cfg.Articles) {
		return filepath.Clean(cfg.Articles)
	}
	return filepath.Join(dir, filepath.FromSlash(cfg.Articles))
}

// configOnly shows content.Load the site's dossier.yaml and nothing else.
type configOnly struct{ fs.FS }

func (c configOnly) Open(name string) (fs.File, error) {
	if name != content.ConfigFile {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return c.FS.Open(name)
}

// readArticles reads the article text of every source whose `seed` names
// one, from the folder articles; nil when the site names no such folder.
// When the site names one that is not there, a note says that passages are
// checked against the recorded excerpts only.
func readArticles(articles fs.FS, site *content.Site, diags *diag.List) map[string]string {
	dir := site.Config.Articles
	if dir == "" && articles == nil {
		return nil
	}
	if dir == "" {
		dir = "the articles folder"
	}
	if articles == nil {
		diags.Add(diag.Diagnostic{Pos: site.ConfigPos("articles"), Severity: diag.Note, Code: diag.CodeArticlesMissing,
			Message: "the folder of article texts " + dir + " is not there: passages were checked against the recorded excerpts only",
			Hint:    "put the article texts there to check every excerpt against its article"})
		return nil
	}
	out := map[string]string{}
	for _, s := range site.Sources {
		name := s.Meta.Seed
		if name == "" {
			continue
		}
		if !fs.ValidPath(name) {
			diags.Errorf(s.File.Pos("seed"), diag.CodeArticleText, "name a file in "+dir+", e.g. 000_article.txt",
				"`seed` %q is not a file name in the articles folder", name)
			continue
		}
		data, err := fs.ReadFile(articles, name)
		if err != nil {
			diags.Errorf(s.File.Pos("seed"), diag.CodeArticleText, "correct the file name, or put the article's text in "+dir,
				"cannot read the article text %q from %s: %v", name, dir, unwrapPathErr(err))
			continue
		}
		if !utf8.Valid(data) {
			diags.Errorf(s.File.Pos("seed"), diag.CodeArticleText, "save the article text as UTF-8",
				"the article text %q in %s is not UTF-8 text", name, dir)
			continue
		}
		out[s.ID] = string(data)
	}
	return out
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
