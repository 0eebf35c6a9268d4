package diag

import (
	"bytes"
	"testing"
)

// TestWriteText checks that plain-text output carries each diagnostic's
// code, as docs/error-codes.md promises.
func TestWriteText(t *testing.T) {
	ds := []Diagnostic{
		{Pos: Pos{File: "content/notes/x.md", Line: 3, Col: 1}, Severity: Error, Code: CodeUnknownSource,
			Message: `unknown source "ft-2026" in citation`, Hint: `did you mean "ft-2026-01-27"?`},
		{Pos: Pos{File: "content/sources/s.md", Line: 1, Col: 1}, Severity: Warning, Code: CodeUnusedSource,
			Message: `no note cites source "s"`},
		{Pos: Pos{File: "dossier.yaml"}, Severity: Note, Message: "no code"},
	}
	var b bytes.Buffer
	if err := WriteText(&b, ds); err != nil {
		t.Fatal(err)
	}
	want := `content/notes/x.md:3:1: unknown source "ft-2026" in citation; did you mean "ft-2026-01-27"? [unknown-source]
content/sources/s.md:1:1: warning: no note cites source "s" [unused-source]
dossier.yaml: note: no code
`
	if b.String() != want {
		t.Errorf("WriteText:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "note", "0 notes"},
		{1, "note", "1 note"},
		{2, "standalone page", "2 standalone pages"},
		{1, "warning", "1 warning"},
		{11412, "page", "11412 pages"},
	} {
		if got := Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}
