package render

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/view"
)

// TestTemplatesDocumented holds docs/templates.md, the manual for template
// authors, to the code: every exported field of what a template receives
// (view.Page, and every struct type reachable from it) and of a page kind
// is named there as `.Field`, every type by name, and every kind.
func TestTemplatesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/templates.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[view.Page]().PkgPath() {
			return
		}
		seen[typ] = true
		if !strings.Contains(string(doc), "`"+typ.Name()+"`") {
			t.Errorf("docs/templates.md does not name the type %s (as `%s`)", typ.Name(), typ.Name())
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			if !strings.Contains(string(doc), "`."+f.Name) {
				t.Errorf("docs/templates.md does not document %s.%s (as `.%s`)", typ.Name(), f.Name, f.Name)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[view.Page]())
	walk(reflect.TypeFor[view.Kind]())
	if len(seen) < 20 {
		t.Errorf("the walk met %d types; it should meet every type a template receives", len(seen))
	}
	for _, k := range view.Kinds {
		if !strings.Contains(string(doc), "| `"+k.Name+"` | `"+k.Template+"` | `"+k.Path+"` |") {
			t.Errorf("docs/templates.md's table of kinds lacks %s (%s, %s)", k.Name, k.Template, k.Path)
		}
	}
	for name := range (&Renderer{}).funcs() {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/templates.md does not name the template function %s", name)
		}
	}
}
