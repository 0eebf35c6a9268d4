package resolve

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Links and images to published files (see content.Asset): every relative
// destination in a page that is not a note or source (those are xref.Links)
// must name a file in the content folder, which it is rewritten to.

// srcAttr keeps a link's or image's destination as written, so that a page
// resolved again (its tree kept from the last build) resolves what the
// editor wrote, not the address it was given. goldmark renders only the
// attributes it knows for links and images, so it is never published.
var srcAttr = []byte("dossier-src")

// EagerBytes is how far into a page's body an image may start and still be
// loaded at once: the first image in about the first screenful of text on a
// phone. Every other image gets loading="lazy".
const EagerBytes = 600

// indexFiles makes the site's map of published files.
func (s *Site) indexFiles(files []*content.Asset) {
	s.files = make(map[string]*content.Asset, len(files))
	for _, f := range files {
		s.files[f.Path] = f
	}
	s.Files = files
}

// File returns the published file at a site-relative path (e.g.
// content/notes/map.png), or nil.
func (s *Site) File(p string) *content.Asset { return s.files[p] }

// resolveFiles resolves the page's links and images to files.
func (r *pageRun) resolveFiles(nodes []ast.Node) {
	images := 0
	for _, n := range nodes {
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		}
		written := string(*dest)
		if v, ok := n.AttributeString(string(srcAttr)); ok {
			written = string(v.([]byte))
		} else {
			n.SetAttribute(srcAttr, []byte(written))
		}
		img, isImage := n.(*ast.Image)
		f, u := r.fileFor(n, written, isImage)
		if f == nil {
			continue
		}
		*dest = []byte(u)
		if !isImage {
			continue
		}
		if f.Width > 0 && f.Height > 0 {
			img.SetAttributeString("width", []byte(fmt.Sprint(f.Width)))
			img.SetAttributeString("height", []byte(fmt.Sprint(f.Height)))
		}
		if images > 0 || markup.Offset(img, r.doc.Source) > EagerBytes {
			img.SetAttributeString("loading", []byte("lazy"))
		}
		images++
	}
}

// fileFor resolves a relative destination written in the page to the file
// it names and its address, reporting a path that leaves the content
// folder or names no file. It returns nil for other destinations (another
// site, mailto:, a bare #heading), and after a problem.
func (r *pageRun) fileFor(n ast.Node, dest string, image bool) (*content.Asset, string) {
	// Read the destination as a browser does: character references
	// decoded (the parse stage reports &#106;avascript: and the like).
	dest = string(util.ResolveNumericReferences(util.ResolveEntityNames([]byte(dest))))
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") {
		return nil, ""
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return nil, "" // the parse stage reports a bad address
	}
	p := u.Path
	what := "link"
	if image {
		what = "image"
	}
	report := func(code diag.Code, hint, format string, args ...any) {
		r.diags.Errorf(r.pos(markup.Offset(n, r.doc.Source)), code, hint, "%s %q: "+format, append([]any{what, dest}, args...)...)
	}
	if strings.Contains(p, "\\") {
		report(diag.CodeBadPath, "write paths with /", "paths use /, not \\")
		return nil, ""
	}
	from := r.p.File.Path
	var full string
	if strings.HasPrefix(p, "/") {
		full = path.Join("content", p)
	} else {
		full = path.Join(path.Dir(from), p)
	}
	if !strings.HasPrefix(full, "content/") {
		report(diag.CodeBadPath, "link only to files in the content folder, relative to this file",
			"the path leads outside the content folder")
		return nil, ""
	}
	f := r.s.files[full]
	if f == nil && strings.HasPrefix(p, "/") && !image {
		// A page the build makes (/timeline/, /tags/x/, /search/?q=...):
		// given the base path, which the editor could not write.
		r.res.wide = true // the topics' pages come from every note's tags
		if page, ok := r.s.builtPage(p); ok {
			addr := r.s.URLFor(page)
			if u.RawQuery != "" {
				addr += "?" + u.RawQuery
			}
			if u.Fragment != "" {
				addr += "#" + u.EscapedFragment()
			}
			*destOf(n) = []byte(addr)
			return nil, ""
		}
	}
	if f == nil {
		report(diag.CodeMissingFile, r.s.fileHint(from, full), "there is no file %s", full)
		return nil, ""
	}
	if image && !f.Image {
		report(diag.CodeBadLink, fmt.Sprintf("link to it instead: [description](%s)", dest),
			"%s is not an image a browser can show (PNG, JPEG, GIF, WebP, SVG or AVIF)", full)
		return nil, ""
	}
	addr := r.s.URLFor(f.Publish)
	if u.RawQuery != "" {
		addr += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		addr += "#" + u.EscapedFragment()
	}
	return f, addr
}

// builtPage reports whether an address on the site (e.g. "/tags/x/") is
// one of the pages the build makes, and gives its site path.
func (s *Site) builtPage(p string) (string, bool) {
	p = strings.TrimPrefix(p, "/")
	switch p {
	case "", "timeline/", "tags/", "sources/", "claims/", "search/", "maintenance/", "feed.xml", "sitemap.xml":
		return p, true
	}
	section, rest, _ := strings.Cut(p, "/")
	name, tail, _ := strings.Cut(rest, "/")
	if tail != "" || !strings.HasSuffix(rest, "/") {
		return "", false
	}
	switch {
	case section == "tags" && s.tags[name] != nil,
		section == "notes" && (s.notes[name] != nil || s.Aliases[name] != nil),
		section == "sources" && s.sources[name] != nil:
		return p, true
	}
	return "", false
}

// destOf returns the destination of a link or image node.
func destOf(n ast.Node) *[]byte {
	switch n := n.(type) {
	case *ast.Link:
		return &n.Destination
	case *ast.Image:
		return &n.Destination
	}
	return new([]byte)
}

// fileHint suggests the published file nearest to a missing one, written
// relative to the linking file.
func (s *Site) fileHint(from, missing string) string {
	dir := path.Dir(from)
	rel := func(p string) string {
		if path.Dir(p) == dir {
			return path.Base(p)
		}
		return "/" + strings.TrimPrefix(p, "content/")
	}
	names := make([]string, 0, len(s.Files))
	for _, f := range s.Files {
		names = append(names, rel(f.Path))
	}
	if c := frontmatter.Closest(rel(missing), names); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return "put the file beside the Markdown file and link to it by name, e.g. ![a map](map.png)"
}

// checkArchive checks that a source's archived copy (archive_file) is a
// published file, and gives the page its address.
func (s *Site) checkArchive(p *Page, diags *diag.List) {
	name := p.Source.Meta.ArchiveFile
	p.Archive = nil
	if name == "" {
		return
	}
	at := p.File.Pos("archive_file")
	full := path.Join(path.Dir(p.File.Path), name)
	if strings.Contains(name, "\\") || strings.Contains(name, "://") || !strings.HasPrefix(full, "content/") {
		diags.Errorf(at, diag.CodeBadPath, "name a file beside this record, e.g. archive_file: scan.pdf",
			"`archive_file` must be a path to a file in the content folder, relative to this file")
		return
	}
	f := s.files[full]
	if f == nil {
		diags.Errorf(at, diag.CodeMissingFile, s.fileHint(p.File.Path, full), "`archive_file`: there is no file %s", full)
		return
	}
	p.Archive = &Archive{URL: s.URLFor(f.Publish), Name: path.Base(f.Path), Size: len(f.Data)}
}

// Archive is a source's archived copy, a file published with the site.
type Archive struct {
	URL  string
	Name string // the file name
	Size int    // in bytes
}

// SizeText is the archive's size for readers, e.g. "1.2 MB" or "85 KB".
func (a *Archive) SizeText() string {
	switch {
	case a.Size >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(a.Size)/1e6)
	case a.Size >= 1e3:
		return fmt.Sprintf("%d KB", (a.Size+500)/1000)
	}
	return fmt.Sprintf("%d bytes", a.Size)
}
