package view

import (
	"fmt"
	"strings"
)

// The escapers below are html/template's, for the contexts in which the
// build writes text in Go (TestEscapersMatchTemplate holds them to it), so
// that a piece of a page written in Go is byte for byte what the template
// it replaces wrote.

// Text escapes s for HTML text or a quoted attribute's value, as
// html/template does: & < > " ' + and NUL.
func Text(s string) string {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ { // bytes: invalid UTF-8 passes as it is
		switch c := s[i]; c {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// URL escapes s for a quoted href that it starts: a URL with a scheme other
// than http, https or mailto becomes "#ZgotmplZ", and the rest is
// normalized (bytes outside URLs percent-encoded) and escaped as Text.
func URL(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return Text(urlProcess(s, true))
}

// Fragment escapes s for the part of a quoted href after its "#": every
// byte but letters, digits and - . _ ~ percent-encoded.
func Fragment(s string) string {
	return Text(urlProcess(s, false))
}

// urlProcess is html/template's urlProcessor: norm keeps the bytes a URL
// may hold (and valid percent escapes), else only unreserved bytes are
// kept.
func urlProcess(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
