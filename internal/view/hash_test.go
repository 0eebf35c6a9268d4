package view

import (
	"bytes"
	"crypto/sha256"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

func hashOf(p *Page) [sha256.Size]byte {
	h := sha256.New()
	p.Hash(h)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// fill sets every field reachable from v to a value that is not zero: "x",
// 1, true, a pointer to a filled value, a list of one filled item.
func fill(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), path)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0), path+"[0]")
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				// A template cannot read it, but a method it calls could:
				// Hash would not see it.
				t.Errorf("%s.%s is not exported", path, f.Name)
				continue
			}
			fill(t, v.Field(i), path+"."+f.Name)
		}
	default:
		// A map, func, interface or channel: Hash has no writer for it.
		t.Errorf("%s is a %s, which Hash cannot write", path, v.Kind())
	}
}

// leaves calls change for every field reachable from v (filled), with a
// function that changes that field alone and one that puts it back.
func leaves(v reflect.Value, path string, change func(path string, set, undo func())) {
	switch v.Kind() {
	case reflect.String:
		old := v.String()
		change(path, func() { v.SetString(old + "y") }, func() { v.SetString(old) })
	case reflect.Int:
		old := v.Int()
		change(path, func() { v.SetInt(old + 1) }, func() { v.SetInt(old) })
	case reflect.Bool:
		old := v.Bool()
		change(path, func() { v.SetBool(!old) }, func() { v.SetBool(old) })
	case reflect.Pointer:
		old := v.Elem()
		change(path+" (nil)", func() { v.Set(reflect.Zero(v.Type())) }, func() { v.Set(old.Addr()) })
		zero := reflect.New(v.Type().Elem())
		change(path+" (zero)", func() { v.Set(zero) }, func() { v.Set(old.Addr()) })
		leaves(old, path, change)
	case reflect.Slice:
		old := v.Slice(0, v.Len())
		two := reflect.Append(old, old.Index(0))
		change(path+" (one more)", func() { v.Set(two) }, func() { v.Set(old) })
		change(path+" (empty)", func() { v.Set(reflect.MakeSlice(v.Type(), 0, 0)) }, func() { v.Set(old) })
		leaves(v.Index(0), path+"[0]", change)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				leaves(v.Field(i), path+"."+v.Type().Field(i).Name, change)
			}
		}
	}
}

// derived are the fields Hash leaves out, since the render stage makes
// them from fields it writes (see hasher.home in hash.go).
var derived = map[string]bool{
	"Page.Home.NotesHTML":        true,
	"Page.Tag.NotesHTML":         true,
	"Page.Folder.SubfoldersHTML": true,
	"Page.Folder.MembersHTML":    true,
}

// TestHashCoversPage checks that Hash writes every field of every type a
// page's view value holds but those derived: changing any one field, or
// making a pointer nil or a list longer or empty, changes the hash. It
// fails when a field is added to a type without a line in its writer in
// hash.go, and when a derived field is written.
func TestHashCoversPage(t *testing.T) {
	var p Page
	fill(t, reflect.ValueOf(&p).Elem(), "Page")
	base := hashOf(&p)
	n, seen := 0, 0
	leaves(reflect.ValueOf(&p).Elem(), "Page", func(path string, set, undo func()) {
		n++
		set()
		if derived[path] {
			seen++
			if hashOf(&p) != base {
				t.Errorf("%s: made from other fields, it changes the hash", path)
			}
			undo()
			return
		}
		if hashOf(&p) == base {
			t.Errorf("%s: changing it leaves the hash as it was", path)
		}
		undo()
		if hashOf(&p) != base {
			t.Fatalf("%s: the hash is not back after undoing the change", path)
		}
	})
	if n < 150 {
		t.Errorf("only %d changes tried; the walk lost its way", n)
	}
	if seen != len(derived) {
		t.Errorf("%d of the %d derived fields met; a name in derived is wrong", seen, len(derived))
	}
}

// TestHashBoundaries checks that the text moved from one field to the next
// changes the hash, as do long strings that differ only past the buffer.
func TestHashBoundaries(t *testing.T) {
	pairs := [][2]Page{
		{{Title: "ab", Description: ""}, {Title: "a", Description: "b"}},
		{{Breadcrumbs: []Link{{Title: "a"}}, Title: ""}, {Title: "a"}},
		{{Note: &Note{}}, {}},
		{{Content: "x"}, {References: "x"}},
	}
	long := string(make([]byte, 20000))
	pairs = append(pairs, [2]Page{{Title: "a" + long}, {Title: "b" + long}}, [2]Page{{Title: long + "a"}, {Title: long + "b"}})
	for i, pr := range pairs {
		if hashOf(&pr[0]) == hashOf(&pr[1]) {
			t.Errorf("pair %d: the same hash", i)
		}
	}
	if hashOf(&Page{Tags: []TagEntry{}}) != hashOf(&Page{}) {
		t.Errorf("an empty list and a nil one hash apart; no template can tell them apart")
	}
}

// writeOnly hides a writer's WriteString, so that Hash writes every string
// through Write.
type writeOnly struct{ w *bytes.Buffer }

func (w writeOnly) Write(p []byte) (int, error) { return w.w.Write(p) }

// TestHashLongStrings: a string at least directString long goes to the
// hash as it is, and the bytes the hash reads are the same as through the
// buffer, whether the hash writes strings itself (WriteString) or not; a
// long string's text moved into the next field changes them.
func TestHashLongStrings(t *testing.T) {
	for _, n := range []int{directString - 1, directString, directString + 1, 3 * directString, 20000} {
		long := strings.Repeat("ab<", n/3+1)[:n]
		pages := []Page{
			{Title: long, Description: "d"},
			{Title: long[:n-1], Description: long[n-1:] + "d"},
			{Content: template.HTML(long), References: "r", Tags: []TagEntry{{Name: long}}},
		}
		var streams []string
		for i, p := range pages {
			var direct, through bytes.Buffer
			p.Hash(&direct)
			p.Hash(writeOnly{&through})
			if direct.String() != through.String() {
				t.Errorf("n=%d: the hash reads other bytes through WriteString than through Write", n)
			}
			if i != 1 && !strings.Contains(direct.String(), long) {
				t.Errorf("n=%d: the long string is not in the bytes the hash reads", n)
			}
			streams = append(streams, direct.String())
		}
		if streams[0] == streams[1] {
			t.Errorf("n=%d: a long string's last byte moved to the next field hashes the same", n)
		}
	}
}
