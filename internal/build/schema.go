package build

import (
	"reflect"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
)

// Schemas are the JSON Schemas a build publishes for editors' YAML tools:
// output path, the struct the loader decodes into, and a title. They are
// made from the same struct tags the loader reads (frontmatter.Schema), so
// they cannot drift from it.
var Schemas = []struct {
	Path  string
	Type  reflect.Type
	Title string
	About string
}{
	{"schema/note.schema.json", reflect.TypeFor[content.NoteMeta](), "dossier note",
		"The YAML front matter of a note, content/notes/<slug>.md."},
	{"schema/page.schema.json", reflect.TypeFor[content.PageMeta](), "dossier page",
		"The YAML front matter of a standalone page, content/pages/<slug>.md."},
	{"schema/folder.schema.json", reflect.TypeFor[content.FolderMeta](), "dossier folder",
		"The YAML front matter of a folder's _index.md, content/notes/<folder>/_index.md."},
	{"schema/source.schema.json", reflect.TypeFor[content.SourceMeta](), "dossier source record",
		"The YAML front matter of a source record, content/sources/<id>.md."},
	{"schema/dossier.schema.json", reflect.TypeFor[content.Config](), "dossier site configuration",
		"The site configuration, dossier.yaml."},
}

// withSchemas adds the schemas to the end of a build's files. (They were
// put in place by path, in files that are not in order of path: each
// insertion moved every file after it, 1.4 ms of every preview rebuild at
// 10,000 notes.)
func withSchemas(files []render.File, s *resolve.Site) []render.File {
	for _, sc := range Schemas {
		id := ""
		if s.Origin != "" {
			id = s.AbsURL(sc.Path)
		}
		files = append(files, render.File{Path: sc.Path, Data: frontmatter.Schema(sc.Type, frontmatter.SchemaInfo{ID: id, Title: sc.Title, Description: sc.About})})
	}
	return files
}
