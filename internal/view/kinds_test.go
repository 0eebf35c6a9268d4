package view

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/resolve"
)

// TestKinds holds the table to what the render stage relies on: every kind
// has a name, a template and an output path, and no two share them; a kind
// with one page has a fixed path, a title and known breadcrumb steps; the
// lists a kind shows are lists of the site (the render cache fingerprints
// each by name, and a name it does not know would count for nothing).
func TestKinds(t *testing.T) {
	names, templates, fixed := map[string]bool{}, map[string]bool{}, map[string]bool{}
	steps := []Step{StepHome, StepSources, StepTopics, StepFolders, StepTopic}
	for _, k := range Kinds {
		for _, l := range k.Lists {
			if f, ok := reflect.TypeFor[resolve.Site]().FieldByName(l); !ok || !f.IsExported() || f.Type.Kind() != reflect.Slice && f.Type.Kind() != reflect.Map {
				t.Errorf("%s: Lists names %q, which is not a list of resolve.Site", k.Name, l)
			}
		}
		if k.Name == "" || k.Template == "" || k.Path == "" {
			t.Errorf("%+v: a kind needs a name, a template and a path", k)
		}
		if names[k.Name] || templates[k.Template] {
			t.Errorf("%s: name or template %s used twice", k.Name, k.Template)
		}
		names[k.Name], templates[k.Template] = true, true
		if !strings.HasSuffix(k.Path, ".html") {
			t.Errorf("%s: path %q is not an HTML file", k.Name, k.Path)
		}
		one := !strings.Contains(k.Path, "{slug}")
		if one {
			if fixed[k.Path] {
				t.Errorf("%s: path %s used twice", k.Name, k.Path)
			}
			fixed[k.Path] = true
			if k.Title == "" && k.Name != "home" {
				t.Errorf("%s: a kind with one page needs a title", k.Name)
			}
		}
		for _, s := range k.Trail {
			if !slices.Contains(steps, s) {
				t.Errorf("%s: unknown breadcrumb step %q", k.Name, s)
			}
			if one && (s == StepFolders || s == StepTopic) {
				t.Errorf("%s: step %q needs a page, and the kind has none", k.Name, s)
			}
		}
		if k.Name != "home" && k.Name != "404" && k.Name != "alias" && (len(k.Trail) == 0 || k.Trail[0] != StepHome) {
			t.Errorf("%s: breadcrumbs should start at the home page", k.Name)
		}
		if got := KindOf(k.Name); got.Name != k.Name {
			t.Errorf("KindOf(%q) = %q", k.Name, got.Name)
		}
	}
	// Pages that share a path pattern are told apart by their slugs:
	// notes, folders and aliases all live under notes/, and the resolve
	// stage refuses a note, folder or alias that takes another's slug.
	for _, k := range Kinds {
		if k.PathFor("x") == k.Path && strings.Contains(k.Path, "{slug}") {
			t.Errorf("%s: PathFor does not fill in the slug", k.Name)
		}
	}
}

func TestDir(t *testing.T) {
	for in, want := range map[string]string{"index.html": "", "notes/x/index.html": "notes/x/", "404.html": "404.html"} {
		if got := Dir(in); got != want {
			t.Errorf("Dir(%q) = %q, want %q", in, got, want)
		}
	}
}
