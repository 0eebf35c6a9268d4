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
// A Cache keeps them from one build to the next, by their ids (which
// follow the base URL): written again, they were 0.5 ms of every preview
// rebuild.
func withSchemas(files []render.File, s *resolve.Site, c *Cache) []render.File {
	for _, sc := range Schemas {
		id := ""
		if s.Origin != "" {
			id = s.AbsURL(sc.Path)
		}
		data, ok := c.schema(sc.Path, id)
		if !ok {
			data = frontmatter.Schema(sc.Type, frontmatter.SchemaInfo{ID: id, Title: sc.Title, Description: sc.About})
			c.keepSchema(sc.Path, id, data)
		}
		files = append(files, render.File{Path: sc.Path, Data: data})
	}
	return files
}

// schemaKey is a schema as a Cache keeps it: its path and id.
type schemaKey struct{ path, id string }

// schema returns the last build's schema at path with id, if it made one.
func (c *Cache) schema(path, id string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	data, ok := c.schemas[schemaKey{path, id}]
	return data, ok
}

// keepSchema keeps a schema for the next build (see schema): the one at
// path only, since a path's id changes with the base URL.
func (c *Cache) keepSchema(path, id string, data []byte) {
	if c == nil {
		return
	}
	if c.schemas == nil {
		c.schemas = map[schemaKey][]byte{}
	}
	for k := range c.schemas {
		if k.path == path {
			delete(c.schemas, k)
		}
	}
	c.schemas[schemaKey{path, id}] = data
}
