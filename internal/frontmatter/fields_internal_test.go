package frontmatter

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestFieldsOfShared: a type's fields are made once and shared by every
// decode, and are those makeFields makes.
func TestFieldsOfShared(t *testing.T) {
	type meta struct {
		Title string   `yaml:"title" required:"true"`
		Kind  string   `yaml:"kind" enum:"a|b"`
		Tags  []string `yaml:"tags"`
		Note  string   // not a key: no yaml tag
	}
	typ := reflect.TypeFor[meta]()
	first, second := fieldsOf(typ), fieldsOf(typ)
	if !reflect.DeepEqual(first, makeFields(typ)) || len(first) != 3 {
		t.Fatalf("fieldsOf = %+v, want makeFields's three", first)
	}
	if unsafe.SliceData(first) != unsafe.SliceData(second) {
		t.Error("the fields were made again for the second decode")
	}
}
