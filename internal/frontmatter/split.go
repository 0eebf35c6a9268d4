// Package frontmatter separates a content file's YAML front matter from its
// Markdown body and decodes it into a Go struct, reporting every problem
// (syntax, unknown key, wrong type, missing key, bad value) with its line and
// column rather than stopping at the first.
//
// The struct's fields are the schema: a field's `yaml` tag names its key,
// `required:"true"` makes it mandatory, `enum:"a|b"` restricts its values,
// `format:"url"` or `format:"slug"` checks its shape, and `doc` describes it.
// The same definitions give the JSON Schema written for editors' tools (see
// Schema), so the loader and the schema cannot drift apart.
package frontmatter

import (
	"bytes"
	"regexp"
)

// Delimiter opens and closes front matter, on a line of its own.
const Delimiter = "---"

// Document is a content file split into front matter and body.
type Document struct {
	// FrontMatter is the YAML between the delimiters (without them).
	FrontMatter []byte
	// FrontMatterLine is the 1-based line on which FrontMatter starts.
	FrontMatterLine int
	// Body is the Markdown after the closing delimiter.
	Body []byte
	// BodyLine is the 1-based line on which Body starts.
	BodyLine int
	// HasFrontMatter reports whether the file opened with a delimiter.
	HasFrontMatter bool
}

// SplitError says the front matter was opened but never closed.
type SplitError struct {
	Line int // the line of the opening delimiter
	// Guess is the file split where the closing delimiter most likely
	// belongs: after the last line, from the top, that looks like front
	// matter (a key, a list item, an indented line). The
	// loader keeps the file with it, so that links to the file and the
	// citations in its body do not turn one missing line into errors in
	// other files.
	Guess Document
	// LastLine is the 1-based line after which the closing delimiter
	// belongs: the last line of Guess.FrontMatter, or the opening
	// delimiter's when no line after it looks like front matter.
	LastLine int
}

func (e *SplitError) Error() string {
	return "front matter opened with --- is never closed"
}

// Split separates src into front matter and body. src must already have
// Unix line endings and no byte-order mark (see Normalize). A file that does
// not start with a delimiter line has no front matter and is all body.
func Split(src []byte) (Document, error) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !isDelimiter(first) {
		return Document{Body: src, BodyLine: 1}, nil
	}
	if !found {
		return Document{}, &SplitError{Line: 1, LastLine: 1, Guess: Document{Body: []byte{}, BodyLine: 2, FrontMatterLine: 2, HasFrontMatter: true}}
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if isDelimiter(l) {
			body := []byte{}
			if end >= 0 {
				body = rest[off+end+1:]
			}
			return Document{
				FrontMatter:     rest[:off],
				FrontMatterLine: 2,
				Body:            body,
				BodyLine:        line + 1,
				HasFrontMatter:  true,
			}, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return Document{}, guess(rest)
}

// frontMatterLine matches a line that may stand in front matter: a key
// (`title: ...`, `tags:`), a list item or an indented line.
var frontMatterLine = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|$)|-(?:[ \t]|$)|[ \t])`)

// guess splits rest, the file after an opening delimiter that is never
// closed, before the first line that cannot be front matter; blank lines
// before that line go with the body.
func guess(rest []byte) *SplitError {
	lines := bytes.SplitAfter(rest, []byte("\n"))
	end, off, last := 0, 0, 0 // end: bytes of front matter; last: its lines
	for i, l := range lines {
		t := bytes.TrimRight(l, "\n")
		// A blank or comment line neither ends the front matter nor
		// extends it: `# Heading` may as well open the body.
		if len(bytes.TrimSpace(t)) == 0 || t[0] == '#' {
			off += len(l)
			continue
		}
		if !frontMatterLine.Match(t) {
			break
		}
		off += len(l)
		end, last = off, i+1
	}
	fm := rest[:end]
	body := rest[end:]
	// The body starts after the blank lines that followed the front matter.
	bodyLine := 2 + last
	return &SplitError{Line: 1, LastLine: 1 + last, Guess: Document{
		FrontMatter: fm, FrontMatterLine: 2, Body: body, BodyLine: bodyLine, HasFrontMatter: true,
	}}
}

func isDelimiter(line []byte) bool {
	return string(bytes.TrimRight(line, " \t")) == Delimiter
}

// Normalize removes a UTF-8 byte-order mark and turns CRLF and lone CR line
// endings into LF, so that line numbers are the same whatever editor saved
// the file.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}
