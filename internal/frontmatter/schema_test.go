package frontmatter_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the schema of struct type t with a JSON Schema
// validator.
func compileSchema(t *testing.T, typ reflect.Type) *jsonschema.Schema {
	t.Helper()
	raw := frontmatter.Schema(typ, frontmatter.SchemaInfo{ID: "https://example.org/" + typ.Name() + ".json", Title: typ.Name()})
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("schema of %s is not JSON: %v\n%s", typ, err, raw)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("https://example.org/"+typ.Name()+".json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("https://example.org/" + typ.Name() + ".json")
	if err != nil {
		t.Fatalf("schema of %s does not compile: %v\n%s", typ, err, raw)
	}
	return s
}

// yamlToJSON reads front matter the way an editor's YAML tool does and
// returns it as JSON values.
func yamlToJSON(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("YAML %q: %v", src, err)
	}
	if v == nil {
		v = map[string]any{}
	}
	// Round-trip through encoding/json for the validator's value types.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("YAML %q has no JSON form: %v", src, err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAgreesWithDecode checks, case by case, that the JSON Schema
// accepts front matter exactly when Decode does.
func TestSchemaAgreesWithDecode(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		yaml string
	}{
		{reflect.TypeFor[content.NoteMeta](), "title: A note"},
		{reflect.TypeFor[content.NoteMeta](), "title: 1994"},
		{reflect.TypeFor[content.NoteMeta](), "summary: no title"},
		{reflect.TypeFor[content.NoteMeta](), `title: ""`},
		{reflect.TypeFor[content.NoteMeta](), `title: "   "`},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntittle: typo"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nsummary:"},
		{reflect.TypeFor[content.NoteMeta](), "title: [a, b]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [budapest-memorandum, nato]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [Budapest]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [a--b]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [будапешт]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [2026]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: ukraine, nato"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags: [a, '']"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\ntags:"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\npublished: 2026-11-21"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\npublished: 2026-13-01"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\npublished: 2026-11"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\npublished: unknown"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\npublished: 21 November 2026"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 1994-12-05\n    text: Signed.\n    sources: [memo]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 2022-02\n    text: Began.\n    sources: [memo]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 2022\n    text: Began.\n    sources: [memo]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 2022\n    text: No sources."},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 2022\n    text: Empty sources.\n    sources: []"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - text: No date.\n    sources: [memo]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents:\n  - date: 2022\n    text: Extra.\n    sources: [memo]\n    where: Kyiv"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nevents: [just text]"},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nrevisions:\n  - date: 2026-11-21\n    kind: correction\n    text: Fixed."},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nrevisions:\n  - date: 2026-11-21\n    kind: typo\n    text: Fixed."},
		{reflect.TypeFor[content.NoteMeta](), "title: A\nrevisions:\n  - date: 2026-11\n    kind: update\n    text: Partial date."},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nkind: news report\npublished: unknown"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\npublished: Unknown"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nkind: blog"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nkind:"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nurl: https://example.org/a"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nurl: example.org/a"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nurl: javascript:alert(1)"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\nexcerpts:\n  - \"Quoted: with a colon\"\n  - Another"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\ncites: [ft-2026-01-27]"},
		{reflect.TypeFor[content.SourceMeta](), "title: A report\ncites: [FT]"},
		{reflect.TypeFor[content.Config](), "title: A site\nbase_url: https://example.org/explainer/\nhome: overview"},
		{reflect.TypeFor[content.Config](), "title: A site\nbase_url: /explainer/"},
		{reflect.TypeFor[content.Config](), "description: no title"},
	}
	schemas := map[reflect.Type]*jsonschema.Schema{}
	for _, tt := range tests {
		s := schemas[tt.typ]
		if s == nil {
			s = compileSchema(t, tt.typ)
			schemas[tt.typ] = s
		}
		_, problems := frontmatter.Decode([]byte(tt.yaml), reflect.New(tt.typ).Interface())
		loaderOK := len(problems) == 0
		err := s.Validate(yamlToJSON(t, tt.yaml))
		if schemaOK := err == nil; schemaOK != loaderOK {
			t.Errorf("%s %q: Decode accepts it: %v (%v); the schema accepts it: %v (%v)",
				tt.typ.Name(), tt.yaml, loaderOK, problems, schemaOK, err)
		}
	}
}

// TestSchemaDocumentsEveryKey checks that each key carries its description.
func TestSchemaDocumentsEveryKey(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[content.NoteMeta](), reflect.TypeFor[content.SourceMeta](), reflect.TypeFor[content.Config]()} {
		var s struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(frontmatter.Schema(typ, frontmatter.SchemaInfo{}), &s); err != nil {
			t.Fatal(err)
		}
		for _, f := range frontmatter.Fields(typ) {
			p, ok := s.Properties[f.Key]
			if !ok {
				t.Errorf("%s schema has no property %q", typ.Name(), f.Key)
				continue
			}
			if strings.TrimSpace(p.Description) == "" || p.Description != f.Doc {
				t.Errorf("%s schema: %q has description %q; want %q", typ.Name(), f.Key, p.Description, f.Doc)
			}
		}
		if len(s.Properties) != len(frontmatter.Fields(typ)) {
			t.Errorf("%s schema has %d properties; the struct has %d keys", typ.Name(), len(s.Properties), len(frontmatter.Fields(typ)))
		}
	}
}
