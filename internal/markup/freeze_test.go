package markup_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
)

// TestFreeze checks that a frozen body, kept in memory or written to a
// packed.Store, gives back the HTML the tree renders, and that its tree is let go.
func TestFreeze(t *testing.T) {
	md := markup.New()
	store, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srcs := []string{
		"# Title\n\nA paragraph with *emphasis* and `code`.\n",
		"- one\n- two\n\n> a quotation\n",
		"",
		"```go\nfunc main() {}\n```\n",
		"## Terms {#terms}\n\nAn [[unclosed link and [@an unclosed citation\n",
	}
	// Thawed at once, or parsed ahead (Reparse) and given the tree after.
	thaws := []struct {
		name string
		thaw func(d *markup.Doc) error
	}{
		{"Thaw", func(d *markup.Doc) error { md.Thaw(d); return nil }},
		{"Reparse", func(d *markup.Doc) error {
			html, _ := d.HTML()
			r := md.Reparse(d)
			if again, ok := d.HTML(); !ok || !d.Frozen() || !bytes.Equal(again, html) {
				return fmt.Errorf("Reparse changed the Doc: Frozen() = %v, HTML() %v", d.Frozen(), ok)
			}
			// Given to another Doc, it is not taken.
			other := md.Parse([]byte("Another text.\n"))
			if err := md.FreezeTo(other, nil); err != nil {
				return err
			}
			md.ThawFrom(other, r)
			var got bytes.Buffer
			if err := md.Render(&got, other); err != nil || got.String() != "<p>Another text.</p>\n" {
				return fmt.Errorf("another Doc given the tree renders %q, %v", got.String(), err)
			}
			md.ThawFrom(d, r)
			return nil
		}},
	}
	for _, tc := range []struct {
		name  string
		store *packed.Store
	}{{"memory", nil}, {"store", store}} {
		for _, th := range thaws {
			for _, src := range srcs {
				var want bytes.Buffer
				if err := md.Render(&want, md.Parse([]byte(src))); err != nil {
					t.Fatal(err)
				}
				d := md.Parse([]byte(src))
				if err := md.FreezeTo(d, tc.store); err != nil {
					t.Fatalf("%s: FreezeTo(%q): %v", tc.name, src, err)
				}
				if !d.Frozen() || d.Root != nil {
					t.Errorf("%s: %q: Frozen() = %v, Root = %v after FreezeTo", tc.name, src, d.Frozen(), d.Root)
				}
				got, ok := d.HTML()
				if !ok || !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%s: HTML() of %q = %q, %v; want %q", tc.name, src, got, ok, want.Bytes())
				}
				if str, ok, err := d.HTMLString(); !ok || err != nil || str != want.String() {
					t.Errorf("%s: HTMLString() of %q = %q, %v, %v; want %q", tc.name, src, str, ok, err, want.String())
				}

				// Thawed, the same Doc has the tree, headings and problems of
				// a fresh parse, renders the same HTML, and holds no HTML of
				// its own until frozen again.
				fresh := md.Parse([]byte(src))
				if err := th.thaw(d); err != nil {
					t.Errorf("%s: %s: %q: %v", tc.name, th.name, src, err)
				}
				if d.Root == nil || d.Frozen() {
					t.Errorf("%s: %q: after Thaw Root = %v, Frozen() = %v", tc.name, src, d.Root, d.Frozen())
					continue
				}
				if _, ok := d.HTML(); ok {
					t.Errorf("%s: %q: HTML() still given after Thaw", tc.name, src)
				}
				if _, ok, _ := d.HTMLString(); ok {
					t.Errorf("%s: %q: HTMLString() still given after Thaw", tc.name, src)
				}
				if !reflect.DeepEqual(d.Headings, fresh.Headings) || !reflect.DeepEqual(d.Problems, fresh.Problems) {
					t.Errorf("%s: %q: after Thaw headings %v, problems %v; want %v, %v", tc.name, src, d.Headings, d.Problems, fresh.Headings, fresh.Problems)
				}
				var again bytes.Buffer
				if err := md.Render(&again, d); err != nil || !bytes.Equal(again.Bytes(), want.Bytes()) {
					t.Errorf("%s: %q: thawed body renders %q, %v; want %q", tc.name, src, again.Bytes(), err, want.Bytes())
				}
				root := d.Root
				md.Thaw(d)
				if d.Root != root {
					t.Errorf("%s: %q: Thaw of a Doc with its tree parsed it again", tc.name, src)
				}
				if md.Reparse(d) != nil {
					t.Errorf("%s: %q: Reparse of a Doc with its tree parsed it", tc.name, src)
				}
			}
		}
	}
}

// TestStoreSource checks that a frozen Doc lets its Markdown go to a
// store and reads it back, to be parsed again by Thaw, and that a Doc with
// its tree keeps it.
func TestStoreSource(t *testing.T) {
	md := markup.New()
	store, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	const src = "## Terms {#terms}\n\nA paragraph with *emphasis*, and [[an unclosed link.\n"
	d := md.Parse([]byte(src))
	if d.StoreSource(store) || d.Source == nil {
		t.Fatal("a Doc with its tree let its Markdown go")
	}
	fresh := md.Parse([]byte(src))
	if err := md.FreezeTo(d, store); err != nil {
		t.Fatal(err)
	}
	if !d.StoreSource(store) || d.Source != nil || !d.StoredSource().Valid() {
		t.Fatalf("a frozen Doc kept its Markdown: Source %q, stored %v", d.Source, d.StoredSource().Valid())
	}
	if got, err := d.Markdown(); err != nil || string(got) != src {
		t.Fatalf("Markdown() = %q, %v; want %q", got, err, src)
	}
	md.Thaw(d)
	if string(d.Source) != src || d.Root == nil || !reflect.DeepEqual(d.Headings, fresh.Headings) || !reflect.DeepEqual(d.Problems, fresh.Problems) {
		t.Fatalf("after Thaw: Source %q, headings %v, problems %v; want those of a fresh parse", d.Source, d.Headings, d.Problems)
	}
	// Frozen again, the Markdown read back is not written again.
	if err := md.FreezeTo(d, store); err != nil {
		t.Fatal(err)
	}
	size := store.Size()
	if !d.StoreSource(store) || store.Size() != size || d.Source != nil {
		t.Errorf("the Markdown was written again (%d bytes to %d), or kept", size, store.Size())
	}
	// Moved to a new store, it reads back from there.
	next, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if err := d.MoveTo(next); err != nil {
		t.Fatal(err)
	}
	if d.StoredSource().Store() != next || d.Stored().Store() != next {
		t.Error("MoveTo left the Markdown or the body in the old store")
	}
	if got, err := d.Markdown(); err != nil || string(got) != src {
		t.Errorf("after MoveTo, Markdown() = %q, %v; want %q", got, err, src)
	}
	// A store that cannot be read gives an empty body and an error to report.
	store2, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	broken := md.Parse([]byte(src))
	if err := md.FreezeTo(broken, store2); err != nil || !broken.StoreSource(store2) {
		t.Fatal("could not store the Markdown")
	}
	store2.Close()
	md.Thaw(broken)
	if broken.Root == nil || len(broken.Problems) != 1 || broken.Problems[0].Severity != diag.Error {
		t.Errorf("Thaw from a closed store: Root %v, problems %v; want an empty tree and one error", broken.Root, broken.Problems)
	}
}
