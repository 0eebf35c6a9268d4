package view

import (
	"reflect"
	"testing"
)

// fill sets every field reachable from v to a value of its own, building
// one element of every slice and a value behind every pointer; the leaf
// numbered alter (in the order of the walk) gets another value. Header and
// Footer, which the Key leaves out, are left zero.
func fill(v reflect.Value, n *int, alter int) {
	switch v.Kind() {
	case reflect.String:
		*n++
		s := "v" + string(rune('a'+*n%26)) + string(rune('a'+*n/26%26))
		if *n == alter {
			s += "!"
		}
		v.SetString(s)
	case reflect.Int:
		*n++
		x := *n
		if *n == alter {
			x += 1000
		}
		v.SetInt(int64(x))
	case reflect.Bool:
		*n++
		v.SetBool(*n != alter)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, alter)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), n, alter)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "Header" || f.Name == "Footer" {
				continue
			}
			fill(v.Field(i), n, alter)
		}
	default:
		panic("fill: no case for " + v.Type().String())
	}
}

// TestKeyCoversEveryField changes each field of a Page, one at a time, and
// checks that the Key changes: a field added to a view type but not to
// its fingerprint would let the render cache keep a stale page.
func TestKeyCoversEveryField(t *testing.T) {
	make := func(alter int) (*Page, int) {
		var p Page
		n := 0
		fill(reflect.ValueOf(&p).Elem(), &n, alter)
		return &p, n
	}
	base, leaves := make(-1)
	if leaves < 100 {
		t.Fatalf("the walk met %d fields; it should meet every field of Page", leaves)
	}
	want := base.Key()
	if again, _ := make(-1); again.Key() != want {
		t.Fatal("the same value gave two keys")
	}
	for i := 1; i <= leaves; i++ {
		p, _ := make(i)
		if p.Key() == want {
			t.Errorf("field %d of the walk (see fill) does not count in the key", i)
		}
	}
	// A nil pointer and a pointer to a zero value differ; so do an empty
	// list and a list of one empty entry.
	if (&Page{}).Key() == (&Page{Note: &Note{}}).Key() {
		t.Error("a page without Note has the key of one with an empty Note")
	}
	if (&Page{}).Key() == (&Page{Breadcrumbs: []Link{{}}}).Key() {
		t.Error("no breadcrumbs has the key of one empty breadcrumb")
	}
	// Texts that run together differently differ.
	if (&Page{Title: "ab", Description: "c"}).Key() == (&Page{Title: "a", Description: "bc"}).Key() {
		t.Error("the key runs texts together")
	}
}

func TestSiteKey(t *testing.T) {
	a := &Site{Title: "A", Nav: []Link{{"About", "/about/"}}}
	b := &Site{Title: "A", Nav: []Link{{"About", "/about-us/"}}}
	if a.Key() == b.Key() {
		t.Error("two sites with different navigation have one key")
	}
}
