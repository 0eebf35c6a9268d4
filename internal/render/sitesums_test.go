package render

import (
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestListWritersCover holds siteSums' writers to every exported field of
// what the site's lists hold: each field of a filled claim, event, needed
// citation and topic is changed in turn (a string, number or flag; a page
// named to another page; a list made longer or empty; a pointer made nil),
// and the written sum must change, and come back when the field does.
func TestListWritersCover(t *testing.T) {
	pa, pb := &resolve.Page{Slug: "a"}, &resolve.Page{Slug: "b"}
	cr := &cacheRun{surfaces: map[*resolve.Page]digest.Sum{pa: {1}, pb: {2}}}
	pageType := reflect.TypeFor[*resolve.Page]()

	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch {
		case v.Type() == pageType:
			v.Set(reflect.ValueOf(pa))
		case v.Kind() == reflect.String:
			v.SetString("x")
		case v.Kind() == reflect.Int:
			v.SetInt(1)
		case v.Kind() == reflect.Bool:
			v.SetBool(true)
		case v.Kind() == reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case v.Kind() == reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0))
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i))
				}
			}
		default:
			t.Fatalf("%s: no filler for a %s", v.Type(), v.Kind())
		}
	}
	// leaves calls change for each field reachable from v, with a function
	// that changes it alone and one that puts it back.
	var leaves func(v reflect.Value, path string, change func(path string, set, undo func()))
	leaves = func(v reflect.Value, path string, change func(path string, set, undo func())) {
		old := reflect.New(v.Type()).Elem()
		old.Set(v)
		undo := func() { v.Set(old) }
		switch {
		case v.Type() == pageType:
			change(path, func() { v.Set(reflect.ValueOf(pb)) }, undo)
			change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
		case v.Kind() == reflect.String:
			change(path, func() { v.SetString(old.String() + "y") }, undo)
		case v.Kind() == reflect.Int:
			change(path, func() { v.SetInt(old.Int() + 1) }, undo)
		case v.Kind() == reflect.Bool:
			change(path, func() { v.SetBool(!old.Bool()) }, undo)
		case v.Kind() == reflect.Pointer:
			change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
			leaves(v.Elem(), path, change)
		case v.Kind() == reflect.Slice:
			change(path+" empty", func() { v.Set(reflect.MakeSlice(v.Type(), 0, 0)) }, undo)
			change(path+" longer", func() {
				more := reflect.Append(old, reflect.New(v.Type().Elem()).Elem())
				if v.Type().Elem() == pageType {
					more.Index(more.Len() - 1).Set(reflect.ValueOf(pb))
				} else {
					fill(more.Index(more.Len() - 1))
				}
				v.Set(more)
			}, undo)
			for i := range v.Len() {
				leaves(v.Index(i), path+"[i]", change)
			}
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					leaves(v.Field(i), path+"."+f.Name, change)
				}
			}
		default:
			t.Fatalf("%s: no change for a %s", path, v.Kind())
		}
	}

	for _, tc := range []struct {
		name  string
		value any // a pointer to the item
		write func(h *digest.Hasher, item any)
	}{
		{"Claim", &resolve.Claim{}, func(h *digest.Hasher, item any) { cr.claim(h, item.(*resolve.Claim)) }},
		{"Event", &resolve.Event{}, func(h *digest.Hasher, item any) { cr.event(h, item.(*resolve.Event)) }},
		{"Needed", &resolve.Needed{}, func(h *digest.Hasher, item any) { cr.needed(h, item.(*resolve.Needed)) }},
		{"Tag", &resolve.Tag{}, func(h *digest.Hasher, item any) { cr.tag(h, item.(*resolve.Tag)) }},
	} {
		v := reflect.ValueOf(tc.value)
		fill(v.Elem())
		sum := func() digest.Sum {
			var h digest.Hasher
			tc.write(&h, tc.value)
			return h.Sum()
		}
		base := sum()
		fields := 0
		leaves(v.Elem(), tc.name, func(path string, set, undo func()) {
			fields++
			set()
			if sum() == base {
				t.Errorf("%s: the written sum does not change", path)
			}
			undo()
			if sum() != base {
				t.Fatalf("%s: the written sum does not come back", path)
			}
		})
		if fields < 3 {
			t.Errorf("%s: %d fields changed", tc.name, fields)
		}
	}

	// The aliases, and the lists of pages, by their order and their pages.
	sumOf := func(write func(h *digest.Hasher)) digest.Sum {
		var h digest.Hasher
		write(&h)
		return h.Sum()
	}
	for _, pair := range [][2]func(h *digest.Hasher){
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pb}) }},
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"y": pa}) }},
		{func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa}) }, func(h *digest.Hasher) { cr.aliases(h, map[string]*resolve.Page{"x": pa, "y": pa}) }},
		{func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa, pb}) }, func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pb, pa}) }},
		{func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa}) }, func(h *digest.Hasher) { cr.pageList(h, []*resolve.Page{pa, nil}) }},
	} {
		if sumOf(pair[0]) == sumOf(pair[1]) {
			t.Error("two different lists write the same sum")
		}
	}
}

// TestPageSet adds pages, some again, past the size at which the set
// makes a map, to sets sized for few and for many: each is listed once, in the order first added.
func TestPageSet(t *testing.T) {
	pages := make([]*resolve.Page, 3*smallPageSet)
	for i := range pages {
		pages[i] = &resolve.Page{}
	}
	for _, hint := range []int{0, 3, 2 * smallPageSet} {
		s := newPageSet(hint)
		var want []*resolve.Page
		for i, p := range pages {
			s.add(p)
			want = append(want, p)
			s.add(pages[i/2]) // added before
			s.add(p)
		}
		if !slices.Equal(s.list, want) {
			t.Errorf("sized for %d: the set lists %d pages; want the %d added, each once, in order", hint, len(s.list), len(want))
		}
	}
}
