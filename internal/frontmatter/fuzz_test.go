package frontmatter_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
)

// FuzzFrontMatter splits and decodes arbitrary files as notes, source
// records and site configurations. Nothing may panic or hang; Split must
// give back the file it was given; every problem must point at a line and
// column of the front matter.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\nsummary: S\ntags: [a, b]\npublished: 2026-01-02\n---\nBody\n",
		"---\ntitle: [unclosed\n---\n",
		"---\ntitle: a\ntitle: b\ntittle: c\n---\n",
		"---\nevents:\n  - date: 1994-12\n    text: x\n    sources: [a]\nrevisions:\n  - {date: 2026-01-01, kind: update, text: y}\n---\n",
		"---\na: &a [1, 2]\nb: *a\ntitle: !!binary aGk=\n---\n",
		"---\ntitle: T\n",
		"---\r\ntitle: CRLF\r\n---\r\n",
		"\xef\xbb\xbf---\ntitle: BOM\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntags: " + strings.Repeat("[", 60) + "\n---\n",
		"---\ntitle: \"\\u0000\"\nurl: http://[::1\n---\n",
		"no front matter",
		"",
		"---\ntitle: Unclosed\ntags: [a]\n\n# Heading\n\nBody [@s].\n",
		"---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		norm := frontmatter.Normalize(src)
		if bytes.IndexByte(norm, '\r') >= 0 || bytes.HasPrefix(norm, []byte("\xef\xbb\xbf")) {
			t.Fatalf("Normalize(%q) = %q still holds a CR or a BOM", src, norm)
		}
		doc, err := frontmatter.Split(norm)
		var se *frontmatter.SplitError
		if errors.As(err, &se) {
			// The guess of an unclosed front matter is the file after the
			// opening line, cut in two at a line break.
			doc = se.Guess
			_, rest, _ := bytes.Cut(norm, []byte("\n"))
			if !bytes.Equal(append(append([]byte{}, doc.FrontMatter...), doc.Body...), rest) {
				t.Fatalf("Split(%q): guess %q + %q is not the file after its first line", norm, doc.FrontMatter, doc.Body)
			}
			if len(doc.FrontMatter) > 0 && !bytes.HasSuffix(doc.FrontMatter, []byte("\n")) && len(doc.Body) > 0 {
				t.Fatalf("Split(%q): guess cuts within a line", norm)
			}
			if se.LastLine < 1 || se.LastLine != 1+bytes.Count(doc.FrontMatter, []byte("\n"))+boolInt(len(doc.FrontMatter) > 0 && !bytes.HasSuffix(doc.FrontMatter, []byte("\n"))) {
				t.Fatalf("Split(%q): LastLine %d does not end the guessed front matter %q", norm, se.LastLine, doc.FrontMatter)
			}
		} else if err != nil {
			return
		}
		if !bytes.HasSuffix(norm, doc.Body) {
			t.Fatalf("Split(%q): body %q is not the end of the file", norm, doc.Body)
		}
		if want := bytes.Count(norm[:len(norm)-len(doc.Body)], []byte("\n")) + 1; doc.BodyLine != want && len(doc.Body) > 0 {
			t.Fatalf("Split(%q): BodyLine = %d; want %d", norm, doc.BodyLine, want)
		}
		if !doc.HasFrontMatter {
			return
		}
		lines := bytes.Count(doc.FrontMatter, []byte("\n")) + 1
		for _, dst := range []any{&content.NoteMeta{}, &content.SourceMeta{}, &content.Config{}} {
			pos, problems := frontmatter.Decode(doc.FrontMatter, dst)
			for _, p := range problems {
				if p.Line < 1 || p.Line > lines || p.Col < 1 || p.Code == "" || p.Message == "" {
					t.Fatalf("Decode(%q) problem %+v: not a position in the front matter, or says nothing", doc.FrontMatter, p)
				}
			}
			for k, p := range pos {
				if p.Line < 1 || p.Line > lines || p.Col < 1 {
					t.Fatalf("Decode(%q) position of %s = %+v: not in the front matter", doc.FrontMatter, k, p)
				}
			}
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
