package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/google/uuid"
)

// sitemapOf writes the sitemap of entries, which sitemapEntries gives for
// the site: every indexable page, the home page, notes, standalone pages,
// folders' index pages, sources and topics; not a draft or scheduled note
// or page that a build includes (Page.Held), which asks search engines not
// to index it.
func (r *Renderer) sitemapOf(entries []sitemapEntry) File {
	s := r.site
	last, lastXML := r.cache.lastSitemap()
	parts := byPlace(entries, last, lastXML, func(e sitemapEntry) string {
		loc := e.prefix
		if e.slug != "" {
			loc += e.slug + "/"
		}
		u := sitemapURL{Loc: s.AbsURL(loc)}
		if e.dated {
			u.LastMod = e.date.String()
		}
		return sitemapURLXML(u)
	})
	r.cache.sitemapWritten(parts)
	return File{Path: "sitemap.xml", Data: joinSitemap(parts)}
}

// sitemapEntry is what the sitemap shows of a page, as a value that
// compares with ==: its address but for the base URL (which the render
// cache's key counts), and its date. The preview compares a site's entries
// with the last Render's, and keeps its sitemap when they are the same:
// writing it took 9 ms of every front-matter edit at 10,000 notes.
type sitemapEntry struct {
	prefix, slug string // the address is prefix, then slug and a slash when slug is not ""
	dated        bool
	date         content.Date
}

// sitemapEntries lists the site's public pages as the sitemap shows them,
// in its order.
func sitemapEntries(s *resolve.Site) []sitemapEntry {
	out := make([]sitemapEntry, 0, 3+len(s.Notes)+len(s.Standalone)+len(s.Folders)+len(s.Sources)+len(s.Tags))
	out = append(out, sitemapEntry{})
	for _, p := range s.Notes {
		if p.Held == nil {
			out = append(out, sitemapEntry{prefix: "notes/", slug: p.Slug, dated: true, date: p.LastChange()})
		}
	}
	for _, p := range s.Standalone {
		if p.Held == nil {
			out = append(out, sitemapEntry{slug: p.Slug, dated: true, date: p.LastChange()})
		}
	}
	for _, p := range s.Folders {
		out = append(out, sitemapEntry{prefix: "notes/", slug: p.Slug, dated: true, date: p.Modified()})
	}
	out = append(out, sitemapEntry{prefix: "sources/"})
	for _, p := range s.Sources {
		if p.Held == nil {
			out = append(out, sitemapEntry{prefix: "sources/", slug: p.Slug, dated: true, date: p.Modified()})
		}
	}
	out = append(out, sitemapEntry{prefix: "tags/"})
	for _, t := range s.Tags {
		out = append(out, sitemapEntry{prefix: "tags/", slug: t.Name})
	}
	return out
}

// sitemapURL is one entry of the sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapXML writes the sitemap of urls as encoding/xml's Encoder, indented
// by one space, writes the urlset of them (FuzzSitemapXML holds it to
// that), but without its reflection: at 10,000 notes the Encoder took
// 25 ms, a part of every preview rebuild after a front-matter edit.
func sitemapXML(urls []sitemapURL) []byte {
	parts := make([]string, len(urls))
	for i, u := range urls {
		parts[i] = sitemapURLXML(u)
	}
	return joinSitemap(parts)
}

// sitemapURLXML returns one url element of sitemapXML's urlset, with the
// line break before it. The preview keeps them from one rebuild to the
// next (see cacheRun.lastSitemap): at 10,000 notes a new topic, or one
// gone, wrote the 11,000 entries again, 6 to 10 ms of the edit.
func sitemapURLXML(u sitemapURL) string {
	var buf bytes.Buffer
	buf.Grow(96 + len(u.Loc))
	buf.WriteString("\n <url>\n  <loc>")
	xmlText(&buf, u.Loc)
	buf.WriteString("</loc>")
	if u.LastMod != "" {
		buf.WriteString("\n  <lastmod>")
		xmlText(&buf, u.LastMod)
		buf.WriteString("</lastmod>")
	}
	buf.WriteString("\n </url>")
	return buf.String()
}

// joinSitemap returns the sitemap whose url elements (sitemapURLXML) are
// parts.
func joinSitemap(parts []string) []byte {
	const head = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
	n := len(head) + 12
	for _, p := range parts {
		n += len(p)
	}
	buf := make([]byte, 0, n)
	buf = append(buf, head...)
	for _, p := range parts {
		buf = append(buf, p...)
	}
	if len(parts) > 0 {
		buf = append(buf, '\n')
	}
	return append(buf, "</urlset>\n"...)
}

// xmlText writes s escaped as XML character data, as the Encoder does.
func xmlText(buf *bytes.Buffer, s string) {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			_ = xml.EscapeText(buf, []byte(s))
			return
		}
	}
	buf.WriteString(s) // printable ASCII, nothing to escape
}

// robots allows everything and names the sitemap, when the site knows its
// absolute address.
func (r *Renderer) robots() File {
	data := "User-agent: *\nAllow: /\n"
	if r.site.Origin != "" {
		// The Sitemap line must be an absolute address: without a base
		// URL the site does not know its own, and a relative one is an
		// error to crawlers (Lighthouse's robots.txt audit).
		data += "\nSitemap: " + r.site.AbsURL("sitemap.xml") + "\n"
	}
	return File{Path: "robots.txt", Data: []byte(data)}
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	ID        string    `xml:"id"`
	Link      atomLink  `xml:"link"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published,omitempty"`
	Summary   *atomText `xml:"summary,omitempty"`
	Content   *atomText `xml:"content,omitempty"`
	Category  []atomCat `xml:"category"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// FeedEntries is how many notes the Atom feed holds: the most recently
// changed. A feed reader polls the feed again and again and keeps what it
// has seen, so the feed needs only the latest changes; with every note in
// full, a site of 10,000 notes had a feed of 160 MB.
const FeedEntries = 50

// feed is an Atom feed of notes, the most recently changed (view.Recent),
// newest first, with their full content and their corrections and updates.
func (r *Renderer) feed(notes []*resolve.Page) File {
	s := r.site
	var entries []atomEntry
	var newest time.Time
	for _, p := range notes {
		updated := p.LastChange().Time()
		if updated.After(newest) {
			newest = updated
		}
		e := atomEntry{
			Title:   p.Title,
			ID:      feedID(s, "notes/"+p.Slug+"/"),
			Link:    atomLink{Href: s.AbsURL("notes/" + p.Slug + "/")},
			Updated: updated.Format(time.RFC3339),
		}
		if !p.Note.Meta.Published.IsZero() {
			e.Published = p.Note.Meta.Published.Time().Format(time.RFC3339)
		}
		if p.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: p.Summary}
		}
		if html, err := r.cache.feedBody(p, r.body); err == nil {
			var body bytes.Buffer
			body.WriteString(string(html))
			for _, rev := range p.Note.Meta.Revisions {
				kind := "Update"
				if rev.Kind == "correction" {
					kind = "Correction"
				}
				body.WriteString("<p><strong>" + kind + ", " + rev.Date.Human() + ":</strong> " + xmlEscape(rev.Text) + "</p>")
			}
			e.Content = &atomText{Type: "html", Body: absolutize(body.String(), s)}
		}
		for _, t := range p.Note.Meta.Tags {
			e.Category = append(e.Category, atomCat{Term: t})
		}
		entries = append(entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	author := s.Config.Author
	if author == "" {
		author = s.Config.Title
	}
	_ = enc.Encode(struct {
		XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
		Title    string     `xml:"title"`
		Subtitle string     `xml:"subtitle,omitempty"`
		ID       string     `xml:"id"`
		Links    []atomLink `xml:"link"`
		Updated  string     `xml:"updated"`
		Author   struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []atomEntry `xml:"entry"`
	}{
		Title: s.Config.Title, Subtitle: s.Config.Description, ID: feedID(s, ""),
		Links:   []atomLink{{Href: s.AbsURL("feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: s.AbsURL("")}},
		Updated: newest.Format(time.RFC3339),
		Author: struct {
			Name string `xml:"name"`
		}{author},
		Entries: entries,
	})
	buf.WriteByte('\n')
	return File{Path: "feed.xml", Data: buf.Bytes()}
}

// feedID returns the Atom id of the page at p (site-relative; "" for the
// feed itself): its absolute address. Atom ids must be absolute IRIs, so a
// site that does not know its address (no base URL with a host; the build
// warns) gets a name-based UUID (version 5) of its title and the page's
// path instead: the same from build to build, though not once the title
// or the base URL changes.
func feedID(s *resolve.Site, p string) string {
	if s.Origin != "" {
		return s.AbsURL(p)
	}
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("dossier:"+s.Config.Title+":"+s.URLFor(p))).URN()
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// absolutize makes the site-relative addresses in rendered HTML absolute, so
// that the feed's content works in a feed reader.
func absolutize(html string, s *resolve.Site) string {
	if s.Origin == "" {
		return html
	}
	for _, attr := range []string{`href="`, `src="`} {
		html = strings.ReplaceAll(html, attr+s.BasePath, attr+s.Origin+s.BasePath)
	}
	return html
}
