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
		return Document{}, &SplitError{Line: 1}
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
	return Document{}, &SplitError{Line: 1}
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
