package build_test

import (
	"bytes"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/testkit/sitecheck"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestReservedNames builds the test sites and checks that every folder and
// file the build writes at the top of the output is either a standalone
// page's or named in resolve.Reserved, so that the check that keeps pages
// off the site's own addresses cannot fall behind the render stage.
func TestReservedNames(t *testing.T) {
	for _, name := range []string{"golden", "pages-folders", "explainer"} {
		s := LoadSite(t, "testdata/sites/"+name+".txtar")
		res := run(s, "https://example.org/")
		if !res.OK() {
			t.Fatalf("%s: build failed:\n%s", name, formatDiagnostics(res))
		}
		pages := map[string]bool{}
		for _, p := range res.Site.Standalone {
			pages[p.Slug] = true
		}
		for _, f := range res.Files {
			top, _, _ := strings.Cut(f.Path, "/")
			top = strings.TrimSuffix(top, path.Ext(top))
			if !pages[top] && !slices.Contains(resolve.Reserved, top) {
				t.Errorf("%s: the build writes %s, but %q is not in resolve.Reserved: a page of that name would overwrite it", name, f.Path, top)
			}
		}
	}
}

// TestPagesHTML reads the built pages of pages-folders.txtar as HTML,
// without a browser: every internal link and anchor leads somewhere
// (package sitecheck), the navigation lists the pages with `nav` in their
// order and marks the current one, and each page's breadcrumbs are the
// trail of folders above it, each a link to a page the build wrote.
func TestPagesHTML(t *testing.T) {
	s := LoadSite(t, "testdata/sites/pages-folders.txtar")
	res := run(s, "https://example.org/explainer/")
	if !res.OK() {
		t.Fatalf("build failed:\n%s", formatDiagnostics(res))
	}
	out := fstest.MapFS{}
	for _, f := range res.Files {
		out[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	problems, err := sitecheck.Links(out, "https://example.org", "/explainer/")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("broken link: %s", p)
	}
	tests := []struct {
		page   string
		nav    string // the navigation's entries after the site's own; * marks the current one
		crumbs string // the breadcrumbs, the page's own last
	}{
		{"notes/signing/index.html", "Methods | About", "Home > The Budapest Memorandum > 1994 > The signing"},
		{"notes/aftermath/index.html", "Methods | About", "Home > The Budapest Memorandum > Aftermath"},
		{"notes/overview/index.html", "Methods | About", "Home > basics > Overview"},
		{"notes/budapest/index.html", "Methods | About", "Home > The Budapest Memorandum"},
		{"notes/budapest/1994/index.html", "Methods | About", "Home > The Budapest Memorandum > 1994"},
		{"about/index.html", "Methods | About*", "Home > About"},
		{"methods/index.html", "Methods* | About", "Home > Methods"},
		{"colophon/index.html", "Methods | About", "Home > Colophon"},
		{"index.html", "Methods | About", ""},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			f, ok := out[tt.page]
			if !ok {
				t.Fatalf("no %s", tt.page)
			}
			doc, err := html.Parse(bytes.NewReader(f.Data))
			if err != nil {
				t.Fatal(err)
			}
			var nav, crumbs []string
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode || n.DataAtom != atom.Li {
					continue
				}
				switch label := ancestorNavLabel(n); label {
				case "Site":
					a := child(n, atom.A)
					if a == nil {
						t.Errorf("a navigation entry without a link: %s", text(n))
						continue
					}
					entry := text(a)
					if attr(a, "aria-current") == "page" {
						entry += "*"
					}
					nav = append(nav, entry)
				case "Breadcrumb":
					crumbs = append(crumbs, strings.TrimSpace(text(n)))
					if a := child(n, atom.A); a != nil {
						target := strings.TrimPrefix(attr(a, "href"), "/explainer/") + "index.html"
						if _, ok := out[target]; !ok {
							t.Errorf("breadcrumb %q leads to %s, which the build did not write", text(a), attr(a, "href"))
						}
					} else if n.NextSibling != nil {
						t.Errorf("breadcrumb %q is not a link, but is not the last", text(n))
					}
				}
			}
			// The site's own five entries come first.
			if len(nav) < 5 {
				t.Fatalf("navigation %q: fewer than the site's own entries", nav)
			}
			if got := strings.Join(nav[5:], " | "); got != tt.nav {
				t.Errorf("navigation: %q; want %q", got, tt.nav)
			}
			if got := strings.Join(crumbs, " > "); got != tt.crumbs {
				t.Errorf("breadcrumbs: %q; want %q", got, tt.crumbs)
			}
		})
	}
}

func ancestorNavLabel(n *html.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Nav {
			return attr(p, "aria-label")
		}
	}
	return ""
}

func child(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == a {
			return c
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
