package resolve

import (
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// remadeKeeps are the fields of Page that Rebegin keeps from the last
// build: what ResolvePage set.
var remadeKeeps = []string{"Doc", "References", "anchors", "headings", "locOnce", "loc", "dropped"}

// TestRemake holds Rebegin to every field of Page: a page it takes again
// from a resolved and finished site must read as a page Begin makes afresh,
// but for the fields ResolvePage sets, which must be the last build's.
func TestRemake(t *testing.T) {
	diags := &diag.List{}
	files := corpus.Dossier(corpus.Options{Notes: 60, Seed: 3})
	// A folder of notes, for the pages' Parent, Members and Subfolders.
	files["content/notes/region/_index.md"] = []byte("---\ntitle: Region\n---\nNotes on the region.\n")
	files["content/notes/region/east/in-east.md"] = []byte("---\ntitle: In the east\n---\nA note in a folder.\n")
	site := content.Load(files.FS(), diags)
	md := markup.New()
	in := Input{Site: site, BasePath: "/"}
	for _, p := range site.Notes {
		in.NoteDocs = append(in.NoteDocs, md.Parse(p.Body))
	}
	for _, p := range site.Sources {
		in.SourceDocs = append(in.SourceDocs, md.Parse(p.Body))
	}
	last := Begin(in, diags)
	var results []*PageResult
	for _, p := range last.Pages() {
		doc := p.Doc
		if doc == nil { // a folder's index page
			doc = md.Parse(p.File.Body)
		}
		results = append(results, last.ResolvePage(p, doc, diags))
	}
	last.Finish(results, diags)
	if diags.HasErrors() {
		t.Fatal(diags.Sorted())
	}
	before := map[*Page]map[string]any{}
	for _, p := range last.Pages() {
		v := reflect.ValueOf(p).Elem()
		kept := map[string]any{}
		for _, name := range remadeKeeps {
			f := v.FieldByName(name)
			if !f.IsValid() {
				t.Fatalf("Page has no field %s: update remadeKeeps", name)
			}
			if f.CanInterface() {
				kept[name] = f.Interface()
			}
		}
		before[p] = kept
	}
	// What Finish set, which Rebegin must reset.
	for _, name := range []string{"Backlinks", "CitedBy", "Claims"} {
		if !slices.ContainsFunc(last.Pages(), func(p *Page) bool { return !reflect.ValueOf(p).Elem().FieldByName(name).IsZero() }) {
			t.Errorf("no page of the test site has %s: give the site one", name)
		}
	}
	fresh := Begin(in, &diag.List{})
	again := Rebegin(in, last, &diag.List{})
	fp, ap := fresh.Pages(), again.Pages()
	if len(fp) != len(ap) {
		t.Fatalf("%d pages rebegun, %d begun", len(ap), len(fp))
	}
	checked := map[string]bool{}
	for i, p := range ap {
		kept, ok := before[p]
		if !ok {
			t.Fatalf("%s: Rebegin made a new page", p.Path)
		}
		pv, fv := reflect.ValueOf(p).Elem(), reflect.ValueOf(fp[i]).Elem()
		for j := range pv.NumField() {
			name := pv.Type().Field(j).Name
			if slices.Contains(remadeKeeps, name) {
				if old, ok := kept[name]; ok && !reflect.DeepEqual(old, pv.Field(j).Interface()) {
					t.Errorf("%s: %s changed; Rebegin keeps what ResolvePage set", p.Path, name)
				}
				continue
			}
			if !samePageField(pv.Field(j), fv.Field(j)) {
				t.Errorf("%s: %s is not as Begin makes it; make it again in remake", p.Path, name)
			}
			if !fv.Field(j).IsZero() {
				checked[name] = true
			}
		}
	}
	// Each field Begin sets was compared where it is set.
	for _, name := range []string{"Parent", "Members", "Subfolders", "Relies", "Chain", "cardLine", "passages", "PassageOrder", "order"} {
		if !checked[name] {
			t.Errorf("no page of the test site has %s: give the site one", name)
		}
	}
}

// samePageField compares a field of two pages: pages by path (the pages of
// two sites are different values), the rest by value.
func samePageField(a, b reflect.Value) bool {
	pageType := reflect.TypeFor[*Page]()
	switch {
	case a.Type() == pageType:
		return a.IsNil() == b.IsNil() && (a.IsNil() || a.Elem().FieldByName("Path").String() == b.Elem().FieldByName("Path").String())
	case a.Kind() == reflect.Slice:
		if a.Len() != b.Len() || a.IsNil() != b.IsNil() {
			return false
		}
		for i := range a.Len() {
			if !samePageField(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case a.Kind() == reflect.Pointer:
		return a.Pointer() == b.Pointer() || a.IsNil() == b.IsNil() && (a.IsNil() || samePageField(a.Elem(), b.Elem()))
	case a.Kind() == reflect.Struct:
		for i := range a.NumField() {
			if !samePageField(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case a.Kind() == reflect.Map:
		return a.Len() == b.Len() // the maps of a page are ResolvePage's
	case a.Kind() == reflect.String:
		return a.String() == b.String()
	case a.Kind() == reflect.Bool:
		return a.Bool() == b.Bool()
	case a.CanInt():
		return a.Int() == b.Int()
	case a.CanUint():
		return a.Uint() == b.Uint()
	case a.CanFloat():
		return a.Float() == b.Float()
	case a.Kind() == reflect.Interface:
		return a.IsNil() == b.IsNil() && (a.IsNil() || samePageField(a.Elem(), b.Elem()))
	}
	panic("samePageField: no comparison for " + a.Type().String())
}

// TestRebeginPinKeys changes, adds and drops sources' excerpts between two
// builds: Rebegin keeps a source's folded keys (pinKey) when its excerpts
// are the same, and every source's keys must be those of its excerpts now,
// as Begin folds them.
func TestRebeginPinKeys(t *testing.T) {
	diags := &diag.List{}
	files := corpus.Dossier(corpus.Options{Notes: 40, Seed: 4})
	site := content.Load(files.FS(), diags)
	in := Input{Site: site, BasePath: "/"}
	last := Begin(in, diags)
	var with []int
	for i, src := range site.Sources {
		if len(src.Meta.Excerpts) > 0 {
			with = append(with, i)
		}
	}
	if len(with) < 3 {
		t.Fatalf("the test site has %d sources with excerpts", len(with))
	}
	lastKeys := map[string][]string{}
	for _, p := range last.Sources {
		lastKeys[p.Slug] = p.passageKeys()
	}
	// Sources changed as a load of their edited files gives them: new
	// values, the others the same.
	changed := *site
	changed.Sources = slices.Clone(site.Sources)
	edit := func(i int, change func(m *content.SourceMeta)) string {
		src := *site.Sources[i]
		src.Meta.Excerpts = slices.Clone(src.Meta.Excerpts)
		change(&src.Meta)
		changed.Sources[i] = &src
		return src.ID
	}
	added := edit(with[0], func(m *content.SourceMeta) {
		m.Excerpts = append(m.Excerpts, "A NEW excerpt \u2014 with a dash, and \u201cquotes\u201d")
		m.Excerpts[0] = "Changed \u2013 Entirely"
	})
	dropped := edit(with[1], func(m *content.SourceMeta) { m.Excerpts = nil })
	same := edit(with[2], func(m *content.SourceMeta) { m.Title = "Another title" }) // a new value, the same excerpts
	in.Site = &changed
	again := Rebegin(in, last, &diag.List{})
	for _, p := range again.Sources {
		keys := p.passageKeys()
		if len(keys) != len(p.Source.Meta.Excerpts) {
			t.Errorf("%s: %d keys for %d excerpts", p.Slug, len(keys), len(p.Source.Meta.Excerpts))
			continue
		}
		for i, e := range p.Source.Meta.Excerpts {
			if keys[i] != pinKey(e) {
				t.Errorf("%s: excerpt %d %q has key %q, want %q", p.Slug, i, e, keys[i], pinKey(e))
			}
		}
		kept := len(keys) > 0 && &keys[0] == &lastKeys[p.Slug][0]
		if wantKept := len(keys) > 0 && p.Slug != added; kept != wantKept {
			t.Errorf("%s: the last keys kept: %v, want %v", p.Slug, kept, wantKept)
		}
	}
	if p := again.Source(dropped); len(p.passageKeys()) != 0 {
		t.Errorf("%s has no excerpts now, and keeps %d keys", dropped, len(p.passageKeys()))
	}
	if again.Source(same) == nil || again.Source(added) == nil {
		t.Fatal("a source changed is gone")
	}
}
