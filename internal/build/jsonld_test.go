package build_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestJSONLD checks a note page's schema.org Article: its fields, its
// citations, and that titles holding </script> cannot leave the element.
func TestJSONLD(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: T\nlanguage: uk\n")},
		"content/notes/n.md": {Data: []byte(`---
title: "</script><script>alert(1)</script> & <!-- more"
summary: A note with a hostile title.
published: 2026-01-05
updated: 2026-02-01
---
It was reported [@news] and repeated [@blog; @news].
`)},
		"content/sources/news.md": {Data: []byte(`---
title: "Outlet's </SCRIPT> report"
outlet: Example News
published: 2026-01-02
url: https://example.org/news
kind: news report
---
A report.
`)},
		"content/sources/blog.md": {Data: []byte(`---
title: A blog
published: unknown
kind: aggregator
---
A blog.
`)},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), BaseURL: "https://example.org/x/"})
	if !res.OK() {
		t.Fatalf("build failed:\n%s", formatDiagnostics(res))
	}
	var page string
	for _, f := range res.Files {
		if f.Path == "notes/n/index.html" {
			page = string(f.Data)
		}
	}
	const open = `<script type="application/ld+json">`
	_, rest, ok := strings.Cut(page, open)
	if !ok {
		t.Fatalf("notes/n/index.html has no JSON-LD:\n%s", page)
	}
	body, _, _ := strings.Cut(rest, "</script>")
	if n := strings.Count(strings.ToLower(page), "<script"); n != 3 { // theme.js, site.js, JSON-LD
		t.Errorf("notes/n/index.html has %d script elements; want 3", n)
	}

	type work struct {
		Type      string `json:"@type"`
		Name      string `json:"name"`
		Publisher *struct {
			Type string `json:"@type"`
			Name string `json:"name"`
		} `json:"publisher"`
		DatePublished string `json:"datePublished"`
		URL           string `json:"url"`
	}
	var doc struct {
		Context string `json:"@context"`
		Graph   []struct {
			Type          string `json:"@type"`
			Headline      string `json:"headline"`
			Description   string `json:"description"`
			DatePublished string `json:"datePublished"`
			DateModified  string `json:"dateModified"`
			URL           string `json:"url"`
			InLanguage    string `json:"inLanguage"`
			Citation      []work `json:"citation"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v\n%s", err, body)
	}
	if doc.Context != "https://schema.org" || len(doc.Graph) != 1 {
		t.Fatalf("JSON-LD = %s; want one object in a schema.org @graph", body)
	}
	a := doc.Graph[0]
	checks := []struct{ name, got, want string }{
		{"@type", a.Type, "Article"},
		{"headline", a.Headline, "</script><script>alert(1)</script> & <!-- more"},
		{"description", a.Description, "A note with a hostile title."},
		{"datePublished", a.DatePublished, "2026-01-05"},
		{"dateModified", a.DateModified, "2026-02-01"},
		{"url", a.URL, "https://example.org/x/notes/n/"},
		{"inLanguage", a.InLanguage, "uk"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("Article %s = %q; want %q", c.name, c.got, c.want)
		}
	}
	if len(a.Citation) != 2 {
		t.Fatalf("Article citation = %+v; want the two sources in order of first citation", a.Citation)
	}
	news, blog := a.Citation[0], a.Citation[1]
	if news.Type != "NewsArticle" || news.Name != "Outlet's </SCRIPT> report" || news.Publisher == nil ||
		news.Publisher.Type != "Organization" || news.Publisher.Name != "Example News" ||
		news.DatePublished != "2026-01-02" || news.URL != "https://example.org/news" {
		t.Errorf("citation of the news report = %+v", news)
	}
	if blog.Type != "CreativeWork" || blog.Name != "A blog" || blog.Publisher != nil || blog.DatePublished != "" || blog.URL != "" {
		t.Errorf("citation of the blog (no outlet, date unknown, no url) = %+v", blog)
	}
}
