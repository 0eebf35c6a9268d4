package content

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-site/dossier/internal/diag"
)

// TestMemoStamp checks when a Memo trusts a file's size and modification
// time and does not read it again: only when the time is known and was well
// before the file was last read.
func TestMemoStamp(t *testing.T) {
	now := time.Now()
	old := now.Add(-time.Hour)
	note := func(title string) []byte { return []byte("---\ntitle: " + title + "\n---\nBody.\n") }
	tests := []struct {
		name      string
		before    time.Time // the file's time at the first Load
		after     time.Time // at the second, with the new bytes
		data      []byte    // the new bytes
		wantTitle string    // what the second Load sees
	}{
		{"new bytes and a new time are read", old, now, note("Bee"), "Bee"},
		{"a new size is read", old, old, note("Bees"), "Bees"},
		{"the same size and time are trusted", old, old, note("Bee"), "Ant"},
		{"a file system without times is always read", time.Time{}, time.Time{}, note("Bee"), "Bee"},
		{"a time close to the read is not trusted", now, now, note("Bee"), "Bee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				ConfigFile:                 {Data: []byte("title: T\n")},
				NotesDir + "/a.md":         {Data: note("Ant"), ModTime: tt.before},
				NotesDir + "/unchanged.md": {Data: note("Same"), ModTime: old},
			}
			memo := NewMemo()
			first := LoadMemo(fsys, &diag.List{}, memo)
			fsys[NotesDir+"/a.md"] = &fstest.MapFile{Data: tt.data, ModTime: tt.after}
			diags := &diag.List{}
			second := LoadMemo(fsys, diags, memo)
			if diags.HasErrors() || len(second.Notes) != 2 {
				t.Fatalf("second load: %d notes, %v", len(second.Notes), diags.Sorted())
			}
			if got := second.Notes[0].Meta.Title; got != tt.wantTitle {
				t.Errorf("second load sees title %q; want %q", got, tt.wantTitle)
			}
			if second.Notes[1] != first.Notes[1] {
				t.Error("the unchanged note was decoded again")
			}
		})
	}
}

// TestMemoSameBytes checks that a file saved again with the same bytes
// (a new modification time, so read again) is not decoded again, and that
// one saved with other bytes of the same size is: the Memo compares the
// bytes by their SHA-256, since it does not keep them.
func TestMemoSameBytes(t *testing.T) {
	old, now := time.Now().Add(-time.Hour), time.Now()
	tests := []struct {
		name string
		data string
		same bool
	}{
		{"the same bytes", "---\ntitle: Ant\n---\nBody.\n", true},
		{"other bytes of the same size", "---\ntitle: Ant\n---\nBodY.\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				ConfigFile:         {Data: []byte("title: T\n")},
				NotesDir + "/a.md": {Data: []byte("---\ntitle: Ant\n---\nBody.\n"), ModTime: old},
			}
			memo := NewMemo()
			first := LoadMemo(fsys, &diag.List{}, memo)
			fsys[NotesDir+"/a.md"] = &fstest.MapFile{Data: []byte(tt.data), ModTime: now}
			second := LoadMemo(fsys, &diag.List{}, memo)
			if len(first.Notes) != 1 || len(second.Notes) != 1 {
				t.Fatalf("%d and %d notes; want 1", len(first.Notes), len(second.Notes))
			}
			if same := second.Notes[0] == first.Notes[0]; same != tt.same {
				t.Errorf("the note was taken from the memo: %v; want %v", same, tt.same)
			}
			if got := string(second.Notes[0].Body); got != tt.data[len("---\ntitle: Ant\n---\n"):] {
				t.Errorf("body %q", got)
			}
		})
	}
}

// TestMemoOnlyChanged checks Loads told which files changed: they see
// those, and take the rest from the memo unlooked-at (but for symbolic
// links, whose targets a watcher does not report); they list the folders
// again only when a file named is new or gone.
func TestMemoOnlyChanged(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nBody.\n"), ModTime: old}
	}
	fsys := fstest.MapFS{
		ConfigFile:                 {Data: []byte("title: T\n")},
		NotesDir + "/named.md":     note("Named"),
		NotesDir + "/unnamed.md":   note("Unnamed"),
		NotesDir + "/deleted.md":   note("Deleted"),
		NotesDir + "/linked.md":    {Data: []byte("../linked-target.md"), Mode: fs.ModeSymlink},
		"content/linked-target.md": note("Linked"),
	}
	memo := NewMemo()
	load := func(changed []string) []string {
		t.Helper()
		if changed != nil {
			memo.OnlyChanged(changed)
		}
		diags := &diag.List{}
		site := LoadMemo(fsys, diags, memo)
		if diags.HasErrors() {
			t.Fatal(diags.Sorted())
		}
		var got []string
		for _, n := range site.Notes {
			got = append(got, n.Slug+": "+n.Meta.Title)
		}
		return got
	}
	load(nil)
	steps := []struct {
		about   string
		edit    func()
		changed []string
		want    []string
	}{
		{"edits, one named, and a new file not named: the folders are not listed again",
			func() {
				fsys[NotesDir+"/named.md"] = note("Named, edited")
				fsys[NotesDir+"/unnamed.md"] = note("Unnamed, edited")
				fsys["content/linked-target.md"] = note("Linked, edited")
				fsys[NotesDir+"/unnamed-new.md"] = note("Unnamed new")
			},
			[]string{NotesDir + "/named.md", "templates/base.html"},
			[]string{"deleted: Deleted", "linked: Linked, edited", "named: Named, edited", "unnamed: Unnamed"}},
		{"a new file and a deleted one, named: the folders are listed again",
			func() {
				fsys[NotesDir+"/new.md"] = note("New")
				delete(fsys, NotesDir+"/deleted.md")
			},
			[]string{NotesDir + "/new.md", NotesDir + "/deleted.md"},
			[]string{"linked: Linked, edited", "named: Named, edited", "new: New", "unnamed-new: Unnamed new", "unnamed: Unnamed"}},
		{"told nothing: every file is looked at", func() {}, nil,
			[]string{"linked: Linked, edited", "named: Named, edited", "new: New", "unnamed-new: Unnamed new", "unnamed: Unnamed, edited"}},
	}
	for _, step := range steps {
		step.edit()
		if got := load(step.changed); !slices.Equal(got, step.want) {
			t.Errorf("%s:\n got %q\nwant %q", step.about, got, step.want)
		}
	}
}

// TestMemoDuplicates edits aliases and slugs between Loads told which files
// changed: each must report the duplicate addresses a fresh Load reports,
// at the same places, though a Load that keeps every note's names takes
// the last Load's answer.
func TestMemoDuplicates(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	note := func(front string) *fstest.MapFile {
		old = old.Add(time.Second) // each edit a time of its own, as a save gives
		return &fstest.MapFile{Data: []byte("---\ntitle: T\n" + front + "---\nBody.\n"), ModTime: old}
	}
	fsys := fstest.MapFS{
		ConfigFile:                {Data: []byte("title: T\n")},
		NotesDir + "/a.md":        note(""),
		NotesDir + "/b.md":        note(""),
		NotesDir + "/c/_index.md": note(""),
	}
	memo := NewMemo()
	dups := func(d []diag.Diagnostic) []string {
		var out []string
		for _, d := range d {
			if d.Code == diag.CodeDuplicateSlug {
				out = append(out, d.Pos.String()+" "+d.Message)
			}
		}
		return out
	}
	LoadMemo(fsys, &diag.List{}, memo)
	for _, step := range []struct {
		about, file, front string
		want               int
	}{
		{"b's body", "b.md", "summary: S\n", 0},
		{"an alias of b that is a's slug", "b.md", "aliases: [a]\n", 1},
		{"a line before the alias", "b.md", "summary: S\naliases: [a]\n", 1},
		{"a's body, b's alias kept", "a.md", "summary: S\n", 1},
		{"the alias gone", "b.md", "summary: S\n", 0},
		{"an alias of a that is the folder's slug", "a.md", "aliases: [c]\n", 1},
		{"another alias of a", "a.md", "aliases: [d]\n", 0},
		{"a's body again", "a.md", "aliases: [d]\nsummary: S\n", 0},
		{"an alias of b that is a's alias", "b.md", "aliases: [d]\n", 1},
	} {
		fsys[NotesDir+"/"+step.file] = note(step.front)
		memo.OnlyChanged([]string{NotesDir + "/" + step.file})
		got := &diag.List{}
		LoadMemo(fsys, got, memo)
		fresh := &diag.List{}
		Load(fsys, fresh)
		g, w := dups(got.Sorted()), dups(fresh.Sorted())
		if !slices.Equal(g, w) || len(g) != step.want {
			t.Errorf("%s: duplicates\n%q\nwant %d, as a fresh Load's\n%q", step.about, g, step.want, w)
		}
	}
}

// TestMemoForget checks that a file the Memo was told to forget is read
// and decoded again, though its stamp holds and the Load is told that only
// another file changed.
func TestMemoForget(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := fstest.MapFS{
		ConfigFile:         {Data: []byte("title: T\n")},
		NotesDir + "/a.md": {Data: []byte("---\ntitle: Ant\n---\nBody.\n"), ModTime: old},
		NotesDir + "/b.md": {Data: []byte("---\ntitle: Bee\n---\nBody.\n"), ModTime: old},
	}
	memo := NewMemo()
	first := LoadMemo(fsys, &diag.List{}, memo)
	first.Notes[0].Body = nil // as the preview lets it go
	memo.Forget(NotesDir + "/a.md")
	memo.OnlyChanged([]string{NotesDir + "/b.md"})
	second := LoadMemo(fsys, &diag.List{}, memo)
	if second.Notes[0] == first.Notes[0] || string(second.Notes[0].Body) != "Body.\n" {
		t.Errorf("the forgotten note was taken from the memo (body %q)", second.Notes[0].Body)
	}
	if second.Notes[1] != first.Notes[1] {
		t.Error("the note not forgotten was decoded again")
	}
	NewMemo().Forget(NotesDir + "/a.md") // before any Load: nothing to forget
	var none *Memo
	none.Forget(NotesDir + "/a.md")
}

// TestMemoNotesOrder holds the notes of Loads told which files changed to
// the order a fresh Load gives them (by file name, whatever the folder),
// which a Load that keeps every note's name takes from the last: through
// edits that keep the names, a note renamed, one moved to another folder,
// one added and one that stops loading.
func TestMemoNotesOrder(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nBody.\n")}
	}
	fsys := fstest.MapFS{
		ConfigFile:                  {Data: []byte("title: T\n")},
		NotesDir + "/a/zulu.md":     note("Zulu"),
		NotesDir + "/b/alpha.md":    note("Alpha"),
		NotesDir + "/mike.md":       note("Mike"),
		NotesDir + "/c/d/bravo.md":  note("Bravo"),
		NotesDir + "/c/yankee-2.md": note("Yankee 2"),
		NotesDir + "/yankee-10.md":  note("Yankee 10"),
	}
	slugs := func(site *Site) []string {
		var out []string
		for _, n := range site.Notes {
			out = append(out, n.Slug+": "+n.Meta.Title)
		}
		return out
	}
	memo := NewMemo()
	steps := []struct {
		about   string
		edit    func()
		changed []string
	}{
		{"the first Load", func() {}, nil},
		{"titles edited: the names kept",
			func() {
				fsys[NotesDir+"/a/zulu.md"] = note("Zulu, edited")
				fsys[NotesDir+"/mike.md"] = note("Mike, edited")
			},
			[]string{NotesDir + "/a/zulu.md", NotesDir + "/mike.md"}},
		{"a note renamed: as many notes, another name",
			func() {
				fsys[NotesDir+"/c/charlie.md"] = fsys[NotesDir+"/a/zulu.md"]
				delete(fsys, NotesDir+"/a/zulu.md")
			},
			[]string{NotesDir + "/c/charlie.md", NotesDir + "/a/zulu.md"}},
		{"a note moved to another folder",
			func() {
				fsys[NotesDir+"/a/mike.md"] = fsys[NotesDir+"/mike.md"]
				delete(fsys, NotesDir+"/mike.md")
			},
			[]string{NotesDir + "/a/mike.md", NotesDir + "/mike.md"}},
		{"a note added", func() { fsys[NotesDir+"/b/golf.md"] = note("Golf") }, []string{NotesDir + "/b/golf.md"}},
		{"a note whose front matter no longer decodes",
			func() { fsys[NotesDir+"/b/alpha.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\nBody.\n")} },
			[]string{NotesDir + "/b/alpha.md"}},
		{"and decodes again", func() { fsys[NotesDir+"/b/alpha.md"] = note("Alpha again") }, []string{NotesDir + "/b/alpha.md"}},
		{"told nothing", func() {}, nil},
	}
	for _, step := range steps {
		step.edit()
		if step.changed != nil {
			memo.OnlyChanged(step.changed)
		}
		got := slugs(LoadMemo(fsys, &diag.List{}, memo))
		want := slugs(LoadMemo(fsys, &diag.List{}, nil))
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", step.about, got, want)
		}
		if len(got) < 6 {
			t.Errorf("%s: %d notes loaded", step.about, len(got))
		}
	}
}
