package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/diag"
)

// TestFoldersAndPages loads sites with folders of notes and standalone
// pages, and checks what is loaded and every error, with its position.
func TestFoldersAndPages(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nBody.\n")}
	}
	tests := []struct {
		name    string
		files   map[string]*fstest.MapFile
		notes   string // slug@folder, in site order
		pages   string
		folders string // path (+ when it has an _index.md)
		errs    []string
	}{
		{
			name: "notes in folders, known by their slugs, in file-name order",
			files: map[string]*fstest.MapFile{
				"content/notes/zeta.md":                  note("Z"),
				"content/notes/budapest/history.md":      note("H"),
				"content/notes/budapest/1994/signing.md": note("S"),
				"content/notes/budapest/_index.md":       note("The Budapest Memorandum"),
				"content/notes/nato/article-5.md":        note("A5"),
				"content/notes/budapest/1994/map.txt":    {Data: []byte("a text file")},
				"content/notes/empty-of-notes/_index.md": note("Nothing yet"),
				"content/notes/.obsidian/workspace.md":   note("hidden"),
				"content/pages/about.md":                 note("About"),
				"content/pages/method.md":                note("Method"),
			},
			notes:   "article-5@nato history@budapest signing@budapest/1994 zeta@",
			pages:   "about method",
			folders: "budapest+ budapest/1994 empty-of-notes+ nato",
		},
		{
			name: "the same slug in two folders",
			files: map[string]*fstest.MapFile{
				"content/notes/a/history.md": note("A"),
				"content/notes/b/history.md": note("B"),
			},
			notes:   "history@a",
			folders: "a",
			errs:    []string{`content/notes/b/history.md: content/notes/a/history.md and content/notes/b/history.md have the same slug "history"; slugs are unique across folders; rename one of them: a note's address is /notes/<slug>/, whatever its folder`},
		},
		{
			name: "a folder at the top named as a note",
			files: map[string]*fstest.MapFile{
				"content/notes/budapest.md":         note("B"),
				"content/notes/budapest/history.md": note("H"),
			},
			notes:   "budapest@ history@budapest",
			folders: "budapest",
			errs:    []string{"content/notes/budapest: folder content/notes/budapest and content/notes/budapest.md would both publish to /notes/budapest/; rename the folder, or the note (or remove the alias)"},
		},
		{
			name: "bad folder names, _index.md at the top, folders in pages",
			files: map[string]*fstest.MapFile{
				"content/notes/Budapest History/x.md": note("X"),
				"content/notes/_index.md":             note("Notes"),
				"content/pages/team/alice.md":         note("Alice"),
				"content/pages/About.md":              note("About"),
			},
			errs: []string{
				`content/notes/Budapest History: folder name "Budapest History" has upper-case letters; rename it to budapest-history`,
				"content/notes/_index.md: _index.md describes a folder of notes; content/notes itself has no index page; move it into the folder it describes, or rename it to a note's name",
				`content/pages/About.md: file name "About" has upper-case letters; rename it to about.md`,
				"content/pages/team: content/pages may not hold folders (only content/notes may); move the files it holds up into content/pages",
			},
		},
		{
			name: "nav must be a whole number from 1",
			files: map[string]*fstest.MapFile{
				"content/pages/about.md": {Data: []byte("---\ntitle: About\nnav: yes\n---\n")},
				"content/pages/faq.md":   {Data: []byte("---\ntitle: FAQ\nnav: 0\n---\n")},
				"content/pages/team.md":  {Data: []byte("---\ntitle: Team\nnav: 2\n---\n")},
			},
			pages: "about faq team",
			errs: []string{
				"content/pages/about.md:3:6: `nav` must be a whole number from 1, not \"yes\"; write e.g. `nav: 10`",
				"content/pages/faq.md:3:6: `nav` must be a whole number from 1, not \"0\"; write e.g. `nav: 10`",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{ConfigFile: {Data: []byte("title: T\n")}}
			for p, f := range tt.files {
				fsys[p] = f
			}
			diags := &diag.List{}
			site := Load(fsys, diags)
			var got []string
			for _, n := range site.Notes {
				got = append(got, n.Slug+"@"+n.Folder)
			}
			if g := strings.Join(got, " "); g != tt.notes {
				t.Errorf("notes: %q; want %q", g, tt.notes)
			}
			got = nil
			for _, p := range site.Pages {
				got = append(got, p.Slug)
			}
			if g := strings.Join(got, " "); g != tt.pages {
				t.Errorf("pages: %q; want %q", g, tt.pages)
			}
			got = nil
			for _, f := range site.Folders {
				s := f.Path
				if f.HasIndex {
					s += "+"
					if f.File.Path != NotesDir+"/"+f.Path+"/"+FolderIndex || f.Meta.Title == "" {
						t.Errorf("folder %s: file %s, title %q", f.Path, f.File.Path, f.Meta.Title)
					}
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != tt.folders {
				t.Errorf("folders: %q; want %q", g, tt.folders)
			}
			var errs []string
			for _, d := range diags.Sorted() {
				errs = append(errs, d.Error())
			}
			if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}

// TestMemoFolders checks that a Load told of a note moved into a folder, or
// of a folder made or removed, lists the folders again.
func TestMemoFolders(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nBody.\n")}
	}
	fsys := fstest.MapFS{
		"content/notes/a.md":   note("A"),
		"content/notes/x/b.md": note("B"),
	}
	memo := NewMemo()
	var loaded []*Folder // the last load's folders
	load := func(changed ...string) string {
		memo.OnlyChanged(changed)
		diags := &diag.List{}
		site := LoadMemo(fsys, diags, memo)
		loaded = site.Folders
		if diags.HasErrors() {
			t.Fatal(diags.Sorted())
		}
		var out []string
		for _, n := range site.Notes {
			out = append(out, n.File.Path)
		}
		for _, f := range site.Folders {
			if f.Meta.Title != "" {
				out = append(out, "["+f.Path+": "+f.Meta.Title+"]")
			} else {
				out = append(out, "["+f.Path+"]")
			}
		}
		return strings.Join(out, " ")
	}
	memo.OnlyChanged(nil)
	if got := load(); got != "content/notes/a.md content/notes/x/b.md [x]" {
		t.Fatalf("first load: %s", got)
	}
	steps := []struct {
		name string
		do   func() []string
		want string
		kept bool // the last load's folders, not made again
	}{
		{"move a note into a new folder", func() []string {
			fsys["content/notes/y/a.md"] = fsys["content/notes/a.md"]
			delete(fsys, "content/notes/a.md")
			return []string{"content/notes/a.md", "content/notes/y"}
		}, "content/notes/y/a.md content/notes/x/b.md [x] [y]", false},
		{"remove a folder, its note moved up", func() []string {
			fsys["content/notes/b.md"] = fsys["content/notes/x/b.md"]
			delete(fsys, "content/notes/x/b.md")
			return []string{"content/notes/x", "content/notes/b.md"}
		}, "content/notes/y/a.md content/notes/b.md [y]", false},
		{"a note in a folder, edited", func() []string {
			fsys["content/notes/y/a.md"] = note("A2")
			return []string{"content/notes/y/a.md"}
		}, "content/notes/y/a.md content/notes/b.md [y]", true},
		{"an _index.md given to the folder", func() []string {
			fsys["content/notes/y/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Why\n---\n")}
			return []string{"content/notes/y/_index.md"}
		}, "content/notes/y/a.md content/notes/b.md [y: Why]", false},
		{"its title changed", func() []string {
			fsys["content/notes/y/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Why not\n---\n")}
			return []string{"content/notes/y/_index.md"}
		}, "content/notes/y/a.md content/notes/b.md [y: Why not]", false},
		{"a note in it, edited again", func() []string {
			fsys["content/notes/y/a.md"] = note("A3")
			return []string{"content/notes/y/a.md"}
		}, "content/notes/y/a.md content/notes/b.md [y: Why not]", true},
		{"a note renamed into a new folder", func() []string {
			fsys["content/notes/z/b2.md"] = fsys["content/notes/b.md"]
			delete(fsys, "content/notes/b.md")
			return []string{"content/notes/b.md", "content/notes/z"}
		}, "content/notes/y/a.md content/notes/z/b2.md [y: Why not] [z]", false},
	}
	for _, s := range steps {
		before := loaded
		if got := load(s.do()...); got != s.want {
			t.Errorf("%s: %s; want %s", s.name, got, s.want)
		}
		if kept := len(loaded) > 0 && len(before) > 0 && &loaded[0] == &before[0]; kept != s.kept {
			t.Errorf("%s: the last load's folders kept: %v; want %v", s.name, kept, s.kept)
		}
	}
}
