package build_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

// cspMeta is the start of the Content-Security-Policy every page carries:
// only the site's own scripts run, from its files or inline with their
// hashes listed after 'self'.
const cspMeta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'`

// ownScript is the address of one of the site's own scripts.
var ownScript = regexp.MustCompile(`^/assets/[a-z0-9-]+\.[0-9a-f]+\.js$`)

// activeElements are elements that can run code, load other documents or
// change how the page's addresses resolve; no page needs them.
var activeElements = map[string]bool{
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
	"base": true, "style": true, "template": true, "portal": true, "xmp": true,
}

// urlAttributes hold addresses a browser may follow or load.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "srcset": true, "poster": true,
	"data": true, "xlink:href": true, "background": true, "cite": true, "ping": true, "lowsrc": true,
}

type tag struct {
	name  string
	attrs [][2]string // name (lower case), value (entities decoded)
}

func (t tag) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a[0] == name {
			return a[1], true
		}
	}
	return "", false
}

// checkInert lists what in an HTML page could run in a reader's browser:
// script elements other than the site's own, active elements, event-handler
// attributes, script addresses, and a missing Content-Security-Policy. It
// tokenises the page the way a browser starts to (tags, quoted attribute
// values, comments, the raw text of script and style), so that text inside
// an attribute value is not mistaken for an attribute, and markup hidden in
// text is not missed.
func checkInert(page []byte) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	s := string(page)
	// listed are the inline scripts' hashes the policy lists.
	listed := map[string]bool{}
	if m := cspRE.FindSubmatch(page); m != nil {
		for d := range strings.SplitSeq(html.UnescapeString(string(m[1])), ";") {
			if f := strings.Fields(d); len(f) > 0 && f[0] == "script-src" {
				for _, src := range f[1:] {
					listed[src] = true
				}
			}
		}
	}
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				report("comment never closed: %.60q", rest)
				return problems
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(rest, "</") || strings.HasPrefix(rest, "<!"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return problems
			}
			i += end + 1
			continue
		case len(rest) < 2 || !isASCIILetter(rest[1]):
			i++ // a < in text
			continue
		}
		t, n := parseTag(rest)
		i += n
		for _, a := range t.attrs {
			if strings.HasPrefix(a[0], "on") {
				report("event handler %s=%.40q on <%s>", a[0], a[1], t.name)
			}
			if urlAttributes[a[0]] && badScheme(a[1]) {
				report("script address %s=%.40q on <%s>", a[0], a[1], t.name)
			}
			if a[0] == "style" && (strings.Contains(strings.ToLower(a[1]), "javascript:") || strings.Contains(strings.ToLower(a[1]), "expression(")) {
				report("script in a style attribute: %.40q", a[1])
			}
		}
		if t.name == "meta" {
			if c, _ := t.attr("content"); strings.EqualFold(attrOr(t, "http-equiv"), "refresh") {
				if _, u, ok := strings.Cut(strings.ToLower(c), "url="); ok && badScheme(u) {
					report("meta refresh to a script address: %.40q", c)
				}
			}
		}
		if activeElements[t.name] {
			report("active element <%s>", t.name)
		}
		if t.name == "script" || t.name == "style" || t.name == "textarea" || t.name == "title" {
			end := strings.Index(strings.ToLower(s[i:]), "</"+t.name)
			if end < 0 {
				report("<%s> never closed", t.name)
				return problems
			}
			body := s[i : i+end]
			i += end
			if t.name == "script" {
				checkScript(t, body, listed, report)
			}
		}
	}
	if !bytes.Contains(page, []byte(cspMeta)) {
		report("no Content-Security-Policy meta")
	}
	return problems
}

// checkScript accepts the site's own scripts, inline scripts whose hash the
// policy lists, and JSON-LD data that cannot end its element early.
func checkScript(t tag, body string, listed map[string]bool, report func(string, ...any)) {
	typ, _ := t.attr("type")
	src, hasSrc := t.attr("src")
	switch {
	case typ == "application/ld+json" && !hasSrc:
		if strings.Contains(body, "<") {
			report("JSON-LD holds a <: %.60q", body)
		}
	case hasSrc && ownScript.MatchString(src) && strings.TrimSpace(body) == "" && (typ == "" || typ == "module"):
	case !hasSrc && typ == "" && len(t.attrs) == 0 && listed[sriHash(body)]:
	default:
		report("script that is not the site's own: src=%q body=%.60q", src, body)
	}
}

func attrOr(t tag, name string) string {
	v, _ := t.attr(name)
	return v
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// parseTag reads a start tag at the start of s, and returns it and its
// length.
func parseTag(s string) (tag, int) {
	i := 1
	for i < len(s) && !isSpace(s[i]) && s[i] != '>' && s[i] != '/' {
		i++
	}
	t := tag{name: strings.ToLower(s[1:i])}
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) || s[i] == '>' {
			return t, i + 1
		}
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '>' && s[i] != '/' && (s[i] != '=' || i == start) {
			i++
		}
		name := strings.ToLower(s[start:i])
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					end = len(s) - i - 1
				}
				value = s[i+1 : i+1+end]
				i += end + 2
			} else {
				start := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				value = s[start:i]
			}
		}
		t.attrs = append(t.attrs, [2]string{name, html.UnescapeString(value)})
	}
	return t, len(s)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// sriHash returns the source by which a policy lets script run inline.
func sriHash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// badScheme reports whether a browser would read the address u as a
// javascript:, vbscript: or data: address.
func badScheme(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	for _, p := range []string{"javascript:", "vbscript:", "data:", "livescript:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// TestCheckInert checks the checker: each bad page must be caught, each
// good one let through, so that a hostile case cannot pass because the
// check is blind.
func TestCheckInert(t *testing.T) {
	head := cspMeta + `">`
	good := []string{
		head + `<p>Text &lt;script&gt;alert(1)&lt;/script&gt;</p>`,
		head + `<a href="https://example.org/" title="t&quot; onmouseover=&quot;alert(1)">x</a>`,
		head + `<script src="/assets/site.0123456789.js" defer></script>`,
		head + `<script type="application/ld+json">{"a":"\u003c/script\u003e"}</script>`,
		head + `<!-- <script>alert(1)</script> --><p>a < b</p>`,
		head + `<img src="/x.png" alt="javascript:alert(1)">`,
		head + `<title>a <script> in a title is text</title>`,
		cspMeta + ` 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF&#43;pI='">` + `<script>alert(1)</script>`,
	}
	bad := []string{
		`<p>no policy</p>`,
		head + `<script>alert(1)</script>`,
		cspMeta + ` 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF&#43;pI='">` + `<script>alert(2)</script>`,
		cspMeta + ` 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF&#43;pI='">` + `<script src="/x.js">alert(1)</script>`,
		head + `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
		head + `<script src="/assets/site.0123456789.js">alert(1)</script>`,
		head + `<script type="application/ld+json">{"a":"</script><script>alert(1)//"}</script>`,
		head + `<img src=x onerror=alert(1)>`,
		head + `<img src=x ONERROR="alert(1)">`,
		head + `<a href="javascript:alert(1)">x</a>`,
		head + `<a href=" JaVaScRiPt:alert(1)">x</a>`,
		head + `<a href="&#106;avascript:alert(1)">x</a>`,
		head + `<a href="java&#x09;script:alert(1)">x</a>`,
		head + `<a href='vbscript:msgbox(1)'>x</a>`,
		head + `<img src="data:image/svg+xml,<svg onload=alert(1)>">`,
		head + `<iframe src="https://evil.example/"></iframe>`,
		head + `<svg><script>alert(1)</script></svg>`,
		head + `<svg><a href="javascript:alert(1)"><text>x</text></a></svg>`,
		head + `<style>body{}</style>`,
		head + `<base href="https://evil.example/">`,
		head + `<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`,
		head + `<div style="background:url(javascript:alert(1))">`,
		head + `<p/onmouseover=alert(1)>`,
	}
	for _, p := range good {
		if got := checkInert([]byte(p)); len(got) > 0 {
			t.Errorf("checkInert(%q) = %q; want nothing", p, got)
		}
	}
	for _, p := range bad {
		if got := checkInert([]byte(p)); len(got) == 0 {
			t.Errorf("checkInert(%q) found nothing", p)
		}
	}
}
