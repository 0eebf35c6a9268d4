package content

import (
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
