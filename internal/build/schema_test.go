package build_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSchemasValidateContent builds the repository's own site, compiles the
// JSON Schemas the build wrote with a JSON Schema validator, and validates
// the front matter of every note and source record, and dossier.yaml, with
// them, the way an editor's YAML tool would.
func TestSchemasValidateContent(t *testing.T) {
	site := os.DirFS("../..")
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), BaseURL: "https://example.org/explainer/"})
	if !res.OK() {
		t.Skipf("the site's content does not build:\n%s", formatDiagnostics(res))
	}
	written := map[string][]byte{}
	for _, f := range res.Files {
		written[f.Path] = f.Data
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schemas := map[string]*jsonschema.Schema{}
	for _, sc := range build.Schemas {
		data, ok := written[sc.Path]
		if !ok {
			t.Fatalf("the build wrote no %s", sc.Path)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", sc.Path, err)
		}
		id := "https://example.org/explainer/" + sc.Path
		if got := doc.(map[string]any)["$id"]; got != id {
			t.Errorf("%s: $id %v; want %s", sc.Path, got, id)
		}
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s does not compile: %v", sc.Path, err)
		}
		schemas[path.Base(sc.Path)] = s
	}

	validate := func(name string, s *jsonschema.Schema, fm []byte) {
		var v any
		if err := yaml.Unmarshal(fm, &v); err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	n := 0
	for dir, schema := range map[string]string{"content/notes": "note.schema.json", "content/sources": "source.schema.json"} {
		files, err := fs.Glob(site, dir+"/*.md")
		if err != nil || len(files) == 0 {
			t.Fatalf("no files in %s (%v)", dir, err)
		}
		for _, f := range files {
			src, err := fs.ReadFile(site, f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := frontmatter.Split(frontmatter.Normalize(src))
			if err != nil || !doc.HasFrontMatter {
				t.Errorf("%s: no front matter", f)
				continue
			}
			validate(f, schemas[schema], doc.FrontMatter)
			n++
		}
	}
	// The site has no pages or folders: those of a test site, and a
	// page's nav that the loader refuses, which the schema must refuse too.
	pages := LoadSite(t, "testdata/sites/pages-folders.txtar")
	for f, schema := range map[string]string{"content/pages/about.md": "page.schema.json", "content/notes/budapest/_index.md": "folder.schema.json"} {
		doc, err := frontmatter.Split(pages.FS[f].Data)
		if err != nil {
			t.Fatal(err)
		}
		validate(f, schemas[schema], doc.FrontMatter)
	}
	for _, bad := range []string{"title: A\nnav: true\n", "title: A\nnav: 0\n", "title: A\nnav: [1]\n"} {
		var v any
		_ = yaml.Unmarshal([]byte(bad), &v)
		b, _ := json.Marshal(v)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if schemas["page.schema.json"].Validate(inst) == nil {
			t.Errorf("the page schema accepts %q", bad)
		}
	}
	cfg, err := fs.ReadFile(site, "dossier.yaml")
	if err != nil {
		t.Fatal(err)
	}
	validate("dossier.yaml", schemas["dossier.schema.json"], cfg)
	if n < 10 {
		t.Errorf("validated %d content files; the site has more", n)
	}
	if !strings.Contains(string(written["schema/source.schema.json"]), `"news report"`) {
		t.Errorf("source schema does not list the kinds of source")
	}
}

// TestSchemasFollowBaseURL builds a site through one Cache at one base
// URL, then another, then the first again: each build's schemas must be
// a fresh build's, their ids under the base URL of the build.
func TestSchemasFollowBaseURL(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Schemas\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nA. {no citation}\n")},
	}
	cache := build.NewCache()
	for _, base := range []string{"https://a.example/", "https://b.example/docs/", "", "https://a.example/"} {
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, BaseURL: base})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates(), BaseURL: base})
		if !got.OK() || !want.OK() {
			t.Fatalf("base %q: the site does not build:\n%s", base, formatDiagnostics(want))
		}
		wantFiles := map[string][]byte{}
		for _, f := range want.Files {
			wantFiles[f.Path] = f.Data
		}
		for _, f := range got.Files {
			if !strings.HasPrefix(f.Path, "schema/") {
				continue
			}
			if !bytes.Equal(f.Data, wantFiles[f.Path]) {
				t.Errorf("base %q: %s differs from a fresh build's:\n%s", base, f.Path, f.Data)
			}
			if id := `"$id": "` + base + f.Path + `"`; base != "" && !bytes.Contains(f.Data, []byte(id)) {
				t.Errorf("base %q: %s does not hold %s", base, f.Path, id)
			}
		}
	}
}
