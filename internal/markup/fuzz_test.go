package markup_test

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark/ast"
)

// The fuzz targets below parse and render arbitrary pages with the site's
// Markdown configuration, each seeded for one extension. Every target checks
// the same things: nothing panics, rendering does not fail, every position
// points into the page, the nodes each extension makes point at their own
// syntax, and the HTML holds nothing that could run in a browser, even
// after the resolve stage has filled the nodes with text taken from the
// page.

var md = markup.New()

func FuzzCitations(f *testing.F) {
	for _, s := range []string{
		"Text [@a].", "[@a, para. 3]", "[@a; @b, p. 2; @c]", "[@a\n, p. 2]", "[@", "[@a", "[@a [@b [@c",
		"[@a](x.md)", "[@\"><script>]", "> [@a]\n> [@b", "- [@a; @b]\n  [@c", "[@a, <script>alert(1)</script>]",
		"[@" + strings.Repeat("a", 300) + "]", "[@a.b:c_d-e.]", "\\[@a]", "`[@a]`", "[@a]: x",
		`[@a "words"]`, "[@a \u201cwords\u201d, p. 2; @b \"x]\"]", `[@a "`, `[@a "x`, "[@a \"x\n> y\"]", `[@a ""; @b "<script>"]`,
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzCrossLinks(f *testing.F) {
	for _, s := range []string{
		"[[note]]", "[[note#part|text]]", "[[sources/id]]", "[[#part]]", "[t](note.md)", "[t](../sources/x.md#a)",
		"[t](#frag)", "[[a [[b]]", "[[", "[[x", "[[x|", "[[x|y]", "[[\"><img src=x onerror=alert(1)>]]",
		"[[x|<script>alert(1)</script>]]", "[t](%2e%2e/x.md)", "[t](javascript:alert(1))", "[[x]]]]",
		"> [[x]]\n> [[y", "[t](x.md \"title\")", "![i](x.md)", "[[" + strings.Repeat("[", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzClaims(f *testing.F) {
	for _, s := range []string{
		"> [!claim id=x status=disputed]\n> The claim.\n>\n> - reports: A [@a].\n> - denies: B [@b].\n",
		"> [!claim id=x]\n> - reports: A\n", "> [!claim status=nope id=../x]\n", "> [!claim\n", "> [!claim id=\"><script>]\n> x\n",
		"> [!claim id=x status=confirmed]\n> > nested\n> - context: c [@a]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzAlerts(f *testing.F) {
	for _, s := range []string{
		"> [!NOTE]\n> Text [@a].\n", "> [!tip] Title *em* [@a]\n> x\n", "> [!WARNING]-\n", "> [!CAUTION]+ t\n>\n> - a\n",
		"> [!FOO]\n> x\n", "> [!\n", "> [!]\n", "> [! note]\n", "> [!NOTE]\n> > [!TIP]\n> > x\n",
		"- > [!NOTE] <script>alert(1)</script>\n", "> [!NOTE] [[x]]\n> [[y]]\n", "> [!note]\\\n> x", "> [!NOTE]  \n> x",
		"> [!claim id=x status=reported]\n> [!NOTE]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzEmbeds(f *testing.F) {
	for _, s := range []string{
		"![[note]]\n", "![[note#part|Text]]\n", "![[sources/id]]", "See ![[note]] here.", "![[map.png|A map]]", "![[my map.png|300]]",
		"![[../x.png]]", "![[\"><img src=x onerror=alert(1)>.png]]", "![[x|<script>]]", "![[", "![[x", "![[![[![[x]]", "- ![[a]]\n> ![[b]]",
		"![[javascript:alert(1).png]]", "![[a]] ![[b]]", "![[%2e%2e/x.png]]", "!![[x]]", "![[x]]]]",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzStraySyntax(f *testing.F) {
	for _, s := range []string{
		"{{< figure src=\"x.png\" >}}", "{{% note %}}x{{% /note %}}", "a %%b%% c", "%%\nx\n%%", "==a==", "`==a==`", "\\{{<",
		"## h ==x== {#a}", "- {{<", "==", "====", "%%%", "{{<<<%%==",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzHeadingIDs(f *testing.F) {
	for _, s := range []string{
		"## A {#a}\n## B {#a}\n", "## A {#Main}\n", "## A {#references}\n", "## {#x}\n", "A {#x}\n===\n",
		"## A {#x .y z=w}\n", "## A {#\"><script>}\n", "## A {onclick=\"alert(1)\"}\n", "## A {#a b}\n", "## A {#a} b\n",
		"# {#}\n", "## A {#a}\n\n[x](#a) [[#a]]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func FuzzTimeline(f *testing.F) {
	for _, s := range []string{
		"```timeline\n```\n", "```timeline\nall\n```\n", "```timeline\ntag: x\n```\n", "```timeline\ntag:\n```\n",
		"```timeline\nnonsense <script>\n```\n", "~~~timeline\n~~~", "```timeline", "```go\nfunc(){}\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(fuzzPage)
}

func fuzzPage(t *testing.T, src string) {
	if !utf8.ValidString(src) {
		return // the load stage refuses files that are not UTF-8
	}
	b := []byte(src)
	d := md.Parse(b)
	for _, p := range d.Problems {
		if p.Offset < 0 || p.Offset > len(b) || p.Message == "" {
			t.Fatalf("Parse(%q): problem %+v is not in the page or says nothing", src, p)
		}
	}
	// Resolve every citation and link as the resolve stage would, with
	// text that comes from the page itself.
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *cite.Citation:
			if n.Offset < 0 || n.Offset >= len(b) || b[n.Offset] != '[' {
				t.Fatalf("Parse(%q): citation at %d is not at a [", src, n.Offset)
			}
			for i, it := range n.Items {
				if it.Offset < 0 || it.Offset >= len(b) || b[it.Offset] != '@' || !strings.HasPrefix(src[it.Offset+1:], it.ID) || it.ID == "" {
					t.Fatalf("Parse(%q): citation item %q at %d is not at its @id", src, it.ID, it.Offset)
				}
				it.Number, it.Anchor, it.Title, it.Quoted = i+1, "cite-"+it.ID, it.ID+it.Locator, it.Locator
			}
		case *xref.Link:
			if n.Offset < 0 || n.Offset > len(b) {
				t.Fatalf("Parse(%q): link at %d is not in the page", src, n.Offset)
			}
			if n.Embed && !strings.HasPrefix(src[n.Offset:], "![[") {
				t.Fatalf("Parse(%q): embed at %d is not at a ![[", src, n.Offset)
			}
			if n.Wiki && !n.Embed && !strings.HasPrefix(src[n.Offset:], "[[") {
				t.Fatalf("Parse(%q): wiki link at %d is not at a [[", src, n.Offset)
			}
			n.URL, n.Title, n.Summary, n.Class = "/notes/"+n.Target+"/#"+n.Fragment, n.Target, n.Fragment, "note"
		}
		return ast.WalkContinue, nil
	})
	var out bytes.Buffer
	if err := md.Render(&out, d); err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	if !utf8.Valid(out.Bytes()) {
		t.Fatalf("Render(%q) is not UTF-8", src)
	}
	if msg := active(out.String()); msg != "" {
		t.Fatalf("Render(%q) = %q: %s", src, out.String(), msg)
	}
	plain := markup.PlainText(d.Root, b)
	if got := string(markup.AppendPlainText([]byte("x "), d.Root, b)); got != "x "+plain {
		t.Fatalf("AppendPlainText(%q) after \"x \" = %q; PlainText gives %q", src, got, plain)
	}
}

// active returns what in rendered HTML could run in a browser, or "": a
// script or other active element, an event-handler attribute, a script
// address. It reads tags and quoted attribute values as a browser does.
func active(h string) string {
	for i := 0; i < len(h); i++ {
		if h[i] != '<' || i+1 >= len(h) || !(h[i+1]|0x20 >= 'a' && h[i+1]|0x20 <= 'z') {
			continue
		}
		j := i + 1
		for j < len(h) && h[j] != ' ' && h[j] != '>' && h[j] != '/' && h[j] != '\n' && h[j] != '\t' {
			j++
		}
		name := strings.ToLower(h[i+1 : j])
		switch name {
		case "script", "iframe", "object", "embed", "style", "base", "svg", "math", "form", "meta", "link", "frame", "frameset":
			return "element <" + name + ">"
		}
		for j < len(h) && h[j] != '>' {
			for j < len(h) && (h[j] == ' ' || h[j] == '\n' || h[j] == '\t' || h[j] == '/') {
				j++
			}
			k := j
			for k < len(h) && h[k] != '=' && h[k] != ' ' && h[k] != '>' && h[k] != '\n' && h[k] != '\t' {
				k++
			}
			attr := strings.ToLower(h[j:k])
			if strings.HasPrefix(attr, "on") {
				return "event handler " + attr
			}
			if attr == "style" {
				return "style attribute" // the stylesheet is the site's
			}
			j = k
			if j < len(h) && h[j] == '=' {
				j++
				var val string
				if j < len(h) && (h[j] == '"' || h[j] == '\'') {
					end := strings.IndexByte(h[j+1:], h[j])
					if end < 0 {
						return "attribute value never closed"
					}
					val = h[j+1 : j+1+end]
					j += end + 2
				} else {
					k := j
					for k < len(h) && h[k] != ' ' && h[k] != '>' {
						k++
					}
					val = h[j:k]
					j = k
				}
				v := strings.ToLower(strings.TrimSpace(strings.Map(func(r rune) rune {
					if r < ' ' {
						return -1
					}
					return r
				}, html.UnescapeString(val))))
				if (attr == "href" || attr == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					return "script address " + attr + "=" + val
				}
			}
		}
		i = j
	}
	return ""
}
