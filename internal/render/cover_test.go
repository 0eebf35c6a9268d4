package render

import (
	"reflect"
	"testing"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/resolve"
)

// coverer fills a value and changes each field reachable from it in turn,
// for the tests that hold the key's writers to every exported field of
// what they write (TestKeyWritersCover, TestSitePartCovers,
// TestListWritersCover). A page is filled with pa and changed to pb, a
// parsed page with da and changed to db: the cacheRun that newCoverer
// returns knows their surfaces and fingerprints. Values of the types in
// skip are left alone.
type coverer struct {
	t      *testing.T
	pa, pb *resolve.Page
	da, db *markup.Doc
	skip   map[reflect.Type]bool
	// full are pages written in full, whose fields are changed in turn
	// as those of any other pointer.
	full map[*resolve.Page]bool
}

var (
	pageType = reflect.TypeFor[*resolve.Page]()
	docType  = reflect.TypeFor[*markup.Doc]()
	textType = reflect.TypeFor[packed.Text]()
)

// newCoverer returns a coverer, and a cacheRun whose surfaces and parsed
// pages' fingerprints are those of its pages and docs, with the site's sums
// taken (all zero).
func newCoverer(t *testing.T) (*coverer, *cacheRun) {
	c := &coverer{
		t:  t,
		pa: &resolve.Page{Slug: "a"}, pb: &resolve.Page{Slug: "b"},
		da: &markup.Doc{}, db: &markup.Doc{},
		skip: map[reflect.Type]bool{reflect.TypeFor[*resolve.Site](): true},
	}
	cr := &cacheRun{
		surfaces: map[*resolve.Page]surfaceSums{c.pa: {full: digest.Sum{1}, card: digest.Sum{5}}, c.pb: {full: digest.Sum{2}, card: digest.Sum{6}}},
		docs:     map[*markup.Doc]docMemo{c.da: {sum: digest.Sum{3}}, c.db: {sum: digest.Sum{4}}},
	}
	cr.siteOnce.Do(func() {})
	return c, cr
}

// fill sets every exported field reachable from v to a value not its zero.
func (c *coverer) fill(v reflect.Value) {
	switch {
	case c.skip[v.Type()]:
	case v.Type() == pageType:
		v.Set(reflect.ValueOf(c.pa))
	case v.Type() == docType:
		v.Set(reflect.ValueOf(c.da))
	case v.Type() == textType: // its fields are its own: the text is what it holds
		v.Set(reflect.ValueOf(packed.TextOf("x")))
	case v.Kind() == reflect.String:
		v.SetString("x")
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int32:
		v.SetInt(1)
	case v.Kind() == reflect.Uint8, v.Kind() == reflect.Uint64:
		v.SetUint(1)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		c.fill(v.Elem())
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		c.fill(v.Index(0))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				c.fill(v.Field(i))
			}
		}
	default:
		c.t.Fatalf("%s: no filler for a %s", v.Type(), v.Kind())
	}
}

// leaves calls change for each field reachable from v, with a function
// that changes it alone and one that puts it back.
func (c *coverer) leaves(v reflect.Value, path string, change func(path string, set, undo func())) {
	old := reflect.New(v.Type()).Elem()
	old.Set(v)
	undo := func() { v.Set(old) }
	switch {
	case c.skip[v.Type()]:
	case v.Type() == pageType && c.full[v.Interface().(*resolve.Page)]:
		change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
		change(path+" another", func() { v.Set(reflect.ValueOf(c.pb)) }, undo)
		c.leaves(v.Elem(), path, change)
	case v.Type() == pageType:
		change(path, func() { v.Set(reflect.ValueOf(c.pb)) }, undo)
		change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
	case v.Type() == docType:
		change(path, func() { v.Set(reflect.ValueOf(c.db)) }, undo)
		change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
	case v.Type() == textType:
		text := old.Interface().(packed.Text).String()
		change(path, func() { v.Set(reflect.ValueOf(packed.TextOf(text + "y"))) }, undo)
	case v.Kind() == reflect.String:
		change(path, func() { v.SetString(old.String() + "y") }, undo)
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int32:
		change(path, func() { v.SetInt(old.Int() + 1) }, undo)
	case v.Kind() == reflect.Uint8, v.Kind() == reflect.Uint64:
		change(path, func() { v.SetUint(old.Uint() + 1) }, undo)
	case v.Kind() == reflect.Bool:
		change(path, func() { v.SetBool(!old.Bool()) }, undo)
	case v.Kind() == reflect.Pointer:
		change(path+" nil", func() { v.Set(reflect.Zero(v.Type())) }, undo)
		c.leaves(v.Elem(), path, change)
	case v.Kind() == reflect.Slice:
		change(path+" empty", func() { v.Set(reflect.MakeSlice(v.Type(), 0, 0)) }, undo)
		change(path+" longer", func() {
			more := reflect.Append(old, reflect.New(v.Type().Elem()).Elem())
			if v.Type().Elem() == pageType {
				more.Index(more.Len() - 1).Set(reflect.ValueOf(c.pb))
			} else {
				c.fill(more.Index(more.Len() - 1))
			}
			v.Set(more)
		}, undo)
		for i := range v.Len() {
			c.leaves(v.Index(i), path+"[i]", change)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				c.leaves(v.Field(i), path+"."+f.Name, change)
			}
		}
	default:
		c.t.Fatalf("%s: no change for a %s", path, v.Kind())
	}
}

// covers fills value (a pointer), then changes each field reachable from
// it in turn: sum must change, and come back when the field does. It
// returns the number of fields changed.
func (c *coverer) covers(name string, value any, sum func() digest.Sum) int {
	c.t.Helper()
	v := reflect.ValueOf(value)
	c.fill(v.Elem())
	return c.coversFilled(name, v.Elem(), sum)
}

// coversFilled is covers for a value already filled.
func (c *coverer) coversFilled(name string, v reflect.Value, sum func() digest.Sum) int {
	c.t.Helper()
	base := sum()
	fields := 0
	c.leaves(v, name, func(path string, set, undo func()) {
		fields++
		set()
		if sum() == base {
			c.t.Errorf("%s: the written sum does not change", path)
		}
		undo()
		if sum() != base {
			c.t.Fatalf("%s: the written sum does not come back", path)
		}
	})
	return fields
}
