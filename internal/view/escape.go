package view

import "strings"

// The escapers below are html/template's, for the contexts in which the
// build writes text in Go (TestEscapersMatchTemplate holds them to it), so
// that a piece of a page written in Go is byte for byte what the template
// it replaces wrote.

// textEscapes holds, for each byte Text escapes, what it writes in its
// place; "" for the bytes it keeps.
var textEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// Text escapes s for HTML text or a quoted attribute's value, as
// html/template does: & < > " ' + and NUL.
func Text(s string) string {
	i := firstEscaped(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	writeText(&b, s[i:])
	return b.String()
}

// firstEscaped returns the index of the first byte of s that Text
// escapes, or len(s). Bytes, not runes: invalid UTF-8 passes as it is.
func firstEscaped(s string) int {
	for i := 0; i < len(s); i++ {
		if textEscapes[s[i]] != "" {
			return i
		}
	}
	return len(s)
}

// writeText writes Text(s) to b, without a copy of s: the lists written
// in Go (CardsHTML and the rest) escape every title and summary of a
// large site's home page.
func writeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := textEscapes[s[i]]; e != "" {
			b.WriteString(s[last:i])
			b.WriteString(e)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// writeURL writes URL(s) to b.
func writeURL(b *strings.Builder, s string) {
	if !safeScheme(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	writeText(b, urlProcess(s, true))
}

// URL escapes s for a quoted href that it starts: a URL with a scheme other
// than http, https or mailto becomes "#ZgotmplZ", and the rest is
// normalized (bytes outside URLs percent-encoded) and escaped as Text.
func URL(s string) string {
	if !safeScheme(s) {
		return "#ZgotmplZ"
	}
	return Text(urlProcess(s, true))
}

// safeScheme reports whether s has no scheme, or http, https or mailto.
func safeScheme(s string) bool {
	protocol, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
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
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
