package scaffold

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
)

// TestNewFilesExplainEveryKey checks that a new note and source record hold
// every front-matter key with its description from the struct tags, and
// that their front matter decodes without a problem.
func TestNewFilesExplainEveryKey(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		src  []byte
		meta any
	}{
		{"note", Note("budapest-memorandum", today), &content.NoteMeta{}},
		{"source", Source("reuters-2026-01-27", today), &content.SourceMeta{}},
		{"page", Page("about", today), &content.PageMeta{}},
	}
	for _, tt := range tests {
		doc, err := frontmatter.Split(tt.src)
		if err != nil || !doc.HasFrontMatter {
			t.Fatalf("new %s has no front matter: %v\n%s", tt.name, err, tt.src)
		}
		if _, problems := frontmatter.Decode(doc.FrontMatter, tt.meta); len(problems) > 0 {
			t.Errorf("new %s: front matter has problems %v:\n%s", tt.name, problems, doc.FrontMatter)
		}
		fm := string(doc.FrontMatter)
		// Comments wrap; compare with the line breaks of comments undone.
		flat := strings.Join(strings.Fields(strings.ReplaceAll(fm, "\n#", " ")), " ")
		var check func(t reflect.Type, prefix string)
		check = func(typ reflect.Type, prefix string) {
			for _, f := range frontmatter.Fields(typ) {
				if prefix == "" && !strings.Contains(fm, "\n"+f.Key+":") && !strings.HasPrefix(fm, f.Key+":") && !strings.Contains(fm, "\n# "+f.Key+":\n") {
					t.Errorf("new %s has no key %q", tt.name, f.Key)
				}
				if !strings.Contains(flat, strings.Join(strings.Fields(f.Doc), " ")) {
					t.Errorf("new %s does not explain %s%s with %q", tt.name, prefix, f.Key, f.Doc)
				}
				if f.Required && !strings.Contains(flat, f.Key+": Required.") && !strings.Contains(flat, "Required. "+strings.Join(strings.Fields(f.Doc), " ")) {
					t.Errorf("new %s does not say %s%s is required", tt.name, prefix, f.Key)
				}
				if e := f.Type; e.Kind() == reflect.Slice && e.Elem().Kind() == reflect.Struct && e.Elem() != reflect.TypeFor[content.Date]() {
					check(e.Elem(), f.Key+".")
				}
			}
		}
		check(reflect.TypeOf(tt.meta).Elem(), "")
	}
}

func TestTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"budapest-memorandum", "Budapest memorandum"},
		{"будапештський-меморандум", "Будапештський меморандум"},
		{"2026-talks", "2026 talks"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Title(tt.in); got != tt.want {
			t.Errorf("Title(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
