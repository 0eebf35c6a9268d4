package build

import (
	"reflect"
	"slices"
	"strings"

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

// withSchemas adds the schemas to a build's files, keeping them sorted.
func withSchemas(files []render.File, s *resolve.Site) []render.File {
	for _, sc := range Schemas {
		id := ""
		if s.Origin != "" {
			id = s.AbsURL(sc.Path)
		}
		f := render.File{Path: sc.Path, Data: frontmatter.Schema(sc.Type, frontmatter.SchemaInfo{ID: id, Title: sc.Title, Description: sc.About})}
		// files is sorted by path (render.Render): put f in its place
		// rather than sort the whole site again.
		at, _ := slices.BinarySearchFunc(files, f.Path, func(g render.File, p string) int { return strings.Compare(g.Path, p) })
		files = slices.Insert(files, at, f)
	}
	return files
}
