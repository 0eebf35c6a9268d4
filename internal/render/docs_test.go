package render

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/view"
)

// TestTemplatesDocumented holds docs/templates.md, the manual for template
// authors, to the code: every exported field of what a template receives,
// and of a page kind, is named there as `.Field`, and so is every kind.
func TestTemplatesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/templates.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[Data](), reflect.TypeFor[Crumb](), reflect.TypeFor[view.Kind]()} {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() && !strings.Contains(string(doc), "`."+f.Name) {
				t.Errorf("docs/templates.md does not document %s.%s (as `.%s`)", typ.Name(), f.Name, f.Name)
			}
		}
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
