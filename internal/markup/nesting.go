package markup

import (
	"bytes"
	"fmt"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/yuin/goldmark/ast"
)

// MaxNesting is how deep lists and block quotes may nest on one line.
// goldmark's time grows with the square of the depth (a 40,000-deep list
// takes seconds, a 4 MB one hours), and no page needs more than a few levels.
const MaxNesting = 100

// tooDeep returns a document in place of src when a line of src opens more
// than MaxNesting lists and block quotes, so that a hostile page cannot stall
// the build; it returns nil when src is fine.
func tooDeep(src []byte) *Doc {
	off := deepMarker(src)
	if off < 0 {
		return nil
	}
	d := &Doc{Source: src, Root: ast.NewDocument()}
	d.problem(off, diag.Error, diag.CodeTooLarge,
		fmt.Sprintf("lists and block quotes nest more than %d deep here", MaxNesting),
		"flatten the list or the quote; the page is not parsed until then")
	return d
}

// deepMarker returns the offset of the first list or block-quote marker that
// stands more than MaxNesting markers deep at the start of its line, or -1.
func deepMarker(src []byte) int {
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		depth, i := 0, 0
		for {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			n := markerLen(line[i:])
			if n == 0 {
				break
			}
			if depth++; depth > MaxNesting {
				return start + i
			}
			i += n
		}
		start = end + 1
	}
	return -1
}

// markerLen returns the length of the block-quote or list-item marker that
// b starts with, or 0.
func markerLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	if b[0] == '>' {
		return 1
	}
	n := 0
	switch {
	case b[0] == '-' || b[0] == '+' || b[0] == '*':
		n = 1
	default:
		for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(b) || (b[n] != '.' && b[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return 0
	}
	return n
}
