// Package sitecheck checks a built site as a reader's browser would meet
// it: every internal link and anchor leads somewhere (Links), and each
// page with its stylesheets and scripts stays light (Weights). It reads
// the output folder through an fs.FS and knows nothing of how it was built.
package sitecheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Problem is a broken link: where it is and what is wrong.
type Problem struct {
	File string // the page, e.g. notes/x/index.html
	Line int
	Ref  string // the address as written
	Msg  string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Ref, p.Msg)
}

// ref is an address found on a page.
type ref struct {
	line int
	addr string
}

// page is what Links needs from an HTML file.
type page struct {
	ids  map[string]bool
	refs []ref
}

// Links checks every link, stylesheet, script, image, form action and
// refresh address of every HTML page in fsys that points into the site:
// the file it names must exist, and so must the element its #fragment
// names. The site lives under basePath ("/" or e.g. "/explainer/"); origin
// ("https://example.org", or "") marks absolute addresses as internal too.
func Links(fsys fs.FS, origin, basePath string) ([]Problem, error) {
	pages := map[string]*page{}
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		pages[p] = parse(data)
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var problems []Problem
	for _, f := range files {
		for _, r := range pages[f].refs {
			msg := check(fsys, pages, f, r.addr, origin, basePath)
			if msg != "" {
				problems = append(problems, Problem{File: f, Line: r.line, Ref: r.addr, Msg: msg})
			}
		}
	}
	return problems, nil
}

// check returns what is wrong with addr on page from, or "".
func check(fsys fs.FS, pages map[string]*page, from, addr, origin, basePath string) string {
	u, err := url.Parse(strings.TrimSpace(addr))
	if err != nil {
		return "not a valid address: " + err.Error()
	}
	switch {
	case u.Scheme == "" && u.Host == "":
	case origin != "" && u.Scheme+"://"+u.Host == origin:
	default:
		return "" // another site, or mailto: and the like
	}
	target := from
	if u.Path != "" {
		var p string
		if strings.HasPrefix(u.Path, "/") {
			if !strings.HasPrefix(u.Path, basePath) {
				return fmt.Sprintf("outside the site's base path %s", basePath)
			}
			p = strings.TrimPrefix(u.Path, basePath)
		} else {
			p = path.Join(path.Dir(from), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				p += "/"
			}
		}
		target = resolveFile(fsys, p)
		if target == "" {
			return "no such page or file in the site"
		}
	}
	if u.Fragment == "" {
		return ""
	}
	pg := pages[target]
	if pg == nil {
		return ""
	}
	if !pg.ids[u.Fragment] {
		return fmt.Sprintf("%s has no element with id %q", target, u.Fragment)
	}
	return ""
}

// resolveFile returns the file a site path is served from ("x/" serves
// x/index.html), or "".
func resolveFile(fsys fs.FS, p string) string {
	p = strings.TrimPrefix(p, "/")
	dir := p == "" || strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	candidates := []string{path.Join(p, "index.html")}
	if !dir {
		candidates = append([]string{p}, candidates...)
	}
	for _, c := range candidates {
		c = strings.TrimPrefix(path.Clean("/"+c), "/")
		if c == "" {
			c = "index.html"
		}
		if st, err := fs.Stat(fsys, c); err == nil && !st.IsDir() {
			return c
		}
	}
	return ""
}

// linkAttrs are the attributes that hold addresses, by element.
var linkAttrs = map[string]string{
	"a": "href", "link": "href", "area": "href",
	"script": "src", "img": "src", "source": "src", "iframe": "src",
	"form": "action",
}

// parse collects the ids and addresses of an HTML page, with their lines.
func parse(data []byte) *page {
	pg := &page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return pg
		}
		start := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		attrs := map[string]string{}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if id, ok := attrs["id"]; ok {
			pg.ids[id] = true
		}
		tag := string(name)
		if tag == "a" && attrs["name"] != "" {
			pg.ids[attrs["name"]] = true
		}
		if a, ok := linkAttrs[tag]; ok {
			if v, ok := attrs[a]; ok {
				pg.refs = append(pg.refs, ref{start, v})
			}
		}
		if tag == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			if _, after, ok := strings.Cut(attrs["content"], "url="); ok {
				pg.refs = append(pg.refs, ref{start, strings.Trim(after, `'"`)})
			}
		}
	}
}
