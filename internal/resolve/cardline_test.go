package resolve

import (
	"testing"
	"testing/fstest"
	"unsafe"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
)

// TestRebeginCardLines holds each source's card line, after Rebegin of a
// site loaded through a Memo (which keeps the sources whose files did not
// change), to the line Begin makes of the same files, through edits of a
// note, of a source's outlet that another source relays, of the relaying
// source, and through a source added. Rebegin keeps the last lines while
// every source is the last one; an edit of the relayed source must make
// the relaying one's line again, although that source's file is the same.
func TestRebeginCardLines(t *testing.T) {
	src := func(outlet, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: Report\noutlet: " + outlet + "\npublished: 2026-01-02\n" + extra + "---\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: T\n")},
		"content/notes/n.md":   {Data: []byte("---\ntitle: N\n---\nText.\n")},
		"content/sources/a.md": src("Outlet A", ""),
		"content/sources/b.md": src("Outlet B", "cites: [a]\n"),
	}
	memo := content.NewMemo()
	loadIn := func() Input {
		t.Helper()
		diags := &diag.List{}
		s := content.LoadMemo(site, diags, memo)
		if diags.HasErrors() {
			t.Fatal(diags.Sorted())
		}
		return Input{Site: s, BasePath: "/"}
	}
	last := Begin(loadIn(), &diag.List{})
	for _, step := range []struct {
		name string
		edit func()
		want string // b's line
		kept bool   // the last site's lines kept, not made again
	}{
		{"a note's title", func() { site["content/notes/n.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N2\n---\nText.\n")} }, "Outlet B, Report, 2 January 2026; reports Outlet A", true},
		{"the relayed source's outlet", func() { site["content/sources/a.md"] = src("Outlet A2", "") }, "Outlet B, Report, 2 January 2026; reports Outlet A2", false},
		{"nothing", func() {}, "Outlet B, Report, 2 January 2026; reports Outlet A2", true},
		{"the relaying source", func() { site["content/sources/b.md"] = src("Outlet B2", "cites: [a]\n") }, "Outlet B2, Report, 2 January 2026; reports Outlet A2", false},
		{"a source added before", func() { site["content/sources/0.md"] = src("Outlet 0", "") }, "Outlet B2, Report, 2 January 2026; reports Outlet A2", false},
	} {
		lastLine := last.Source("b").CardLine()
		step.edit()
		in := loadIn()
		again := Rebegin(in, last, &diag.List{})
		fresh := Begin(in, &diag.List{})
		for i, p := range again.Sources {
			if got, want := p.CardLine(), fresh.Sources[i].makeCardLine(); got != want {
				t.Errorf("%s: %s's card line %q; Begin makes %q", step.name, p.Slug, got, want)
			}
		}
		got := again.Source("b").CardLine()
		if got != step.want {
			t.Errorf("%s: b's card line %q; want %q", step.name, got, step.want)
		}
		// A line kept is the last site's string; one made again, a new one.
		if kept := unsafe.StringData(got) == unsafe.StringData(lastLine); kept != step.kept {
			t.Errorf("%s: b's card line kept: %v; want %v", step.name, kept, step.kept)
		}
		last = again
	}
}
