// Package scaffold writes new content for editors: a note or a source record
// with every front-matter key present and a comment on each (the comments
// come from the `doc` tags of content.NoteMeta and content.SourceMeta, so
// they say what the loader expects), and a whole new site that builds and
// passes `dossier check -strict` as it stands.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
)

// ErrExists is returned when a file or folder to be written is already
// there: scaffolding never overwrites.
var ErrExists = errors.New("already exists")

// FrontMatter writes the keys of struct type t as commented YAML: each key
// preceded by a comment with its description, with the value from values
// when given, else empty. Nested lists of keys (a note's events) are
// described in comments.
func FrontMatter(t reflect.Type, values map[string]string) string {
	var b strings.Builder
	for _, f := range frontmatter.Fields(t) {
		comment(&b, "", describe(f))
		if sub := subFields(f); sub != nil {
			for i, sf := range sub {
				lead := "    "
				if i == 0 {
					lead = "  - "
				}
				comment(&b, "", fmt.Sprintf("%s%s: %s", lead, sf.Key, describe(sf)))
			}
		}
		v, ok := values[f.Key]
		switch {
		case ok && strings.HasPrefix(v, "\n"): // a block: a list, one item a line
			fmt.Fprintf(&b, "%s:%s\n", f.Key, v)
		case ok:
			fmt.Fprintf(&b, "%s: %s\n", f.Key, v)
		case f.Type.Kind() == reflect.Slice:
			fmt.Fprintf(&b, "%s: []\n", f.Key)
		case f.Type.Kind() == reflect.Int:
			fmt.Fprintf(&b, "# %s:\n", f.Key) // left out: an empty number is no number
		default:
			fmt.Fprintf(&b, "%s:\n", f.Key)
		}
	}
	return b.String()
}

// subFields returns the keys of each item of a list of sets of keys.
func subFields(f frontmatter.Field) []frontmatter.Field {
	if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct &&
		f.Type.Elem() != reflect.TypeFor[content.Date]() {
		return frontmatter.Fields(f.Type.Elem())
	}
	return nil
}

// describe is a key's comment: whether it is required, its description,
// and the values or form it takes.
func describe(f frontmatter.Field) string {
	var parts []string
	if f.Required {
		parts = append(parts, "Required.")
	}
	parts = append(parts, f.Doc)
	switch {
	case f.Enum != nil:
		parts = append(parts, "One of: "+strings.Join(f.Enum, ", ")+".")
	case f.Format == "url":
		parts = append(parts, "A full http:// or https:// address.")
	case f.Format == "slug" && f.Type.Kind() == reflect.Slice:
		parts = append(parts, "A list: [a, b].")
	case f.Type.Kind() == reflect.Slice && subFields(f) != nil:
		parts = append(parts, "A list; each item:")
	case f.Type.Kind() == reflect.Slice:
		parts = append(parts, "A list, one `- item` per line.")
	case f.Type.Kind() == reflect.Int:
		parts = append(parts, "Remove the # to set it, e.g. `"+f.Key+": 10`.")
	}
	return strings.Join(parts, " ")
}

// comment writes text as YAML comment lines of at most about 100
// characters.
func comment(b *strings.Builder, indent, text string) {
	lead := text[:len(text)-len(strings.TrimLeft(text, " -"))]
	words := strings.Fields(text[len(lead):])
	line := indent + "# " + lead
	cont := indent + "# " + strings.Repeat(" ", len(lead)+2)
	n := 0
	for _, w := range words {
		if n > 0 && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > 100 {
			b.WriteString(line + "\n")
			line, n = cont, 0
		}
		if n > 0 {
			line += " "
		}
		line += w
		n++
	}
	b.WriteString(line + "\n")
}

// Title makes a provisional title from a slug: "budapest-memorandum" gives
// "Budapest memorandum".
func Title(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// quote writes s as a YAML value, quoted when YAML would read it otherwise.
func quote(s string) string {
	if s == "" || strings.ContainsAny(s, ":#[]{},&*!|>'\"%@`") || s != strings.TrimSpace(s) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

// Note returns the text of a new note with the given slug. It is a draft,
// as Hugo's new content is: the build holds it back until an editor
// deletes `draft: true`.
func Note(slug string, today time.Time) []byte {
	d := today.Format(time.DateOnly)
	fm := FrontMatter(reflect.TypeFor[content.NoteMeta](), map[string]string{
		"title":     quote(Title(slug)),
		"published": d,
		"updated":   d,
		"draft":     "true",
	})
	return []byte("---\n" + fm + "---\n" +
		"Write the note here, in Markdown. End each statement with the source it comes from, " +
		"`[@source-id]`; link other notes with `[[note-slug]]`. To show a figure, put the image " +
		"beside this file and write `![what the image shows](map.png \"The caption\")` on a line of its own; " +
		"link a PDF beside it with `[the scanned letter](letter.pdf)`. The format is in docs/format.md " +
		"and the editorial rules in docs/editors-guide.md.\n")
}

// Page returns the text of a new standalone page with the given slug. It
// is a draft, as a new note is.
func Page(slug string, today time.Time) []byte {
	d := today.Format(time.DateOnly)
	fm := FrontMatter(reflect.TypeFor[content.PageMeta](), map[string]string{
		"title":     quote(Title(slug)),
		"published": d,
		"updated":   d,
		"draft":     "true",
	})
	return []byte("---\n" + fm + "---\n" +
		"Write the page here, in Markdown, as a note is written: each statement ends with the source " +
		"it comes from, `[@source-id]`, or with {no citation} when it states no fact. Link notes with " +
		"`[[note-slug]]` and other pages with `[[pages/page-slug]]`. Set `nav` to a number to list the " +
		"page in the site's navigation.\n")
}

// Source returns the text of a new source record with the given id.
func Source(id string, today time.Time) []byte {
	fm := FrontMatter(reflect.TypeFor[content.SourceMeta](), map[string]string{
		"title":     quote(Title(id)),
		"published": "unknown",
		"accessed":  today.Format(time.DateOnly),
		"draft":     "false",
	})
	return []byte("---\n" + fm + "---\n" +
		"What the source is, who wrote it, whom it relies on, and what weakens it.\n")
}

// Create writes data to path, creating its folder, and fails with ErrExists
// if the file is already there.
func Create(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %w", path, ErrExists)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
