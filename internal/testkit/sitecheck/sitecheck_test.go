package sitecheck

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

var (
	policyRE       = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	inlineScriptRE = regexp.MustCompile(`<script>([^<]*)</script>`)
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLinks(t *testing.T) {
	site := fstest.MapFS{
		"index.html": file(`<!DOCTYPE html><link rel="stylesheet" href="/assets/s.css">
<a href="/notes/a/">a</a> <a href="/notes/a/#part">part</a> <a href="#top">top</a>
<a href="https://elsewhere.example/x">out</a> <a href="mailto:x@example.org">mail</a>
<h1 id="top">Home</h1>`),
		"assets/s.css": file(`body{}`),
		"notes/a/index.html": file(`<h2 id="part">Part</h2>
<a href="../b/">relative</a>
<a href="/notes/missing/">gone</a>
<a href="/notes/a/#nowhere">bad anchor</a>
<a name="old">old</a><a href="#old">to old</a>
<script src="/assets/gone.js"></script>
<form action="/search/"></form>
<a href="https://example.org/notes/zzz/">own site, absolute</a>`),
		"notes/b/index.html": file(`<p>b</p><a href="/notes/a">no slash</a><a href="/outside">x</a>`),
		"alias/index.html":   file(`<meta http-equiv="refresh" content="0; url=/notes/gone/">`),
		"search/index.html":  file(`<p>search</p>`),
		"feed.xml":           file(`<feed/>`),
		"notes/c/index.html": file(`<a href="../../feed.xml">feed</a><a href="/notes/b/#">empty fragment: the top</a>`),
		"notes/a/image.svg":  file(`<svg/>`),
		"notes/d/index.html": file(`<img src="../a/image.svg" alt=""><img src="../a/none.png" alt="">`),
	}
	got, err := Links(site, "https://example.org", "/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`alias/index.html:1: /notes/gone/: no such page or file in the site`,
		`notes/a/index.html:3: /notes/missing/: no such page or file in the site`,
		`notes/a/index.html:4: /notes/a/#nowhere: notes/a/index.html has no element with id "nowhere"`,
		`notes/a/index.html:6: /assets/gone.js: no such page or file in the site`,
		`notes/a/index.html:8: https://example.org/notes/zzz/: no such page or file in the site`,
		`notes/b/index.html:1: /outside: no such page or file in the site`,
		`notes/d/index.html:1: ../a/none.png: no such page or file in the site`,
	}
	var gotS []string
	for _, p := range got {
		gotS = append(gotS, p.String())
	}
	if strings.Join(gotS, "\n") != strings.Join(want, "\n") {
		t.Errorf("Links() =\n%s\nwant\n%s", strings.Join(gotS, "\n"), strings.Join(want, "\n"))
	}
}

func TestLinksBasePath(t *testing.T) {
	site := fstest.MapFS{
		"index.html":         file(`<a href="/explainer/notes/a/">a</a><a href="/notes/a/">outside</a>`),
		"notes/a/index.html": file(`<a href="/explainer/">home</a>`),
	}
	got, err := Links(site, "", "/explainer/")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Ref != "/notes/a/" || !strings.Contains(got[0].Msg, "base path") {
		t.Errorf("Links() = %v; want one problem: /notes/a/ is outside the base path", got)
	}
}

func TestWeights(t *testing.T) {
	big := strings.Repeat("x", 10000)
	site := fstest.MapFS{
		"index.html":   file(`<link rel="stylesheet" href="/b/s.css"><script src="/b/a.js"></script><script src="/b/a.js"></script><p>` + big),
		"b/s.css":      file(big),
		"b/a.js":       file(big + "y"),
		"other/x.html": file(`<p>no assets</p>`),
	}
	got, err := Weights(site, "/")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Page != "index.html" || got[1].Page != "other/x.html" {
		t.Fatalf("Weights() pages = %v; want index.html and other/x.html", got)
	}
	w := got[0]
	if w.CSS != gzipSize([]byte(big)) || w.JS != gzipSize([]byte(big+"y")) || w.HTML <= 0 || w.Total() != w.HTML+w.CSS+w.JS {
		t.Errorf("Weights()[0] = %+v; want the stylesheet and the script (once) gzipped", w)
	}
	if got[1].CSS != 0 || got[1].JS != 0 {
		t.Errorf("Weights()[1] = %+v; want no CSS or JS", got[1])
	}
}

// buildSite builds this repository's own site, as published.
func buildSite(t *testing.T, baseURL string) fstest.MapFS {
	t.Helper()
	res := build.Run(build.Options{Site: os.DirFS(filepath.Join("..", "..", "..")), Templates: dossier.Templates(), BaseURL: baseURL})
	if !res.OK() {
		for _, d := range res.Diagnostics {
			t.Log(d.Error())
		}
		t.Fatal("the site does not build")
	}
	fsys := fstest.MapFS{}
	for _, f := range res.Files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// TestSiteLinks checks every internal link and anchor of the real site,
// built at the root and under a base path.
func TestSiteLinks(t *testing.T) {
	for _, tt := range []struct{ baseURL, origin, path string }{
		{"", "", "/"},
		{"https://example.org/explainer/", "https://example.org", "/explainer/"},
	} {
		problems, err := Links(buildSite(t, tt.baseURL), tt.origin, tt.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("built with base URL %q: %s", tt.baseURL, p)
		}
	}
}

// maxPageWeight is the most one page, with its CSS and JS, may weigh gzipped.
const maxPageWeight = 50 * 1024

// TestSitePageWeight checks that each page of the real site, with its
// stylesheets and scripts, stays under 50 KB gzipped. Run with -v to see
// the weights.
func TestSitePageWeight(t *testing.T) {
	ws, err := Weights(buildSite(t, ""), "/")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) == 0 {
		t.Fatal("the site has no pages")
	}
	for _, w := range ws {
		t.Logf("%-62s html %6d  css %6d  js %6d  total %6d", w.Page, w.HTML, w.CSS, w.JS, w.Total())
		if w.CSS == 0 || w.JS == 0 {
			if !strings.HasPrefix(w.Page, "notes/") || w.HTML > 1024 { // alias pages are bare redirects
				t.Errorf("%s loads %d bytes of CSS and %d of JS; want the site's stylesheet and script", w.Page, w.CSS, w.JS)
			}
		}
		if w.Total() > maxPageWeight {
			t.Errorf("%s weighs %s gzipped with its CSS and JS; want at most %s", w.Page, kb(w.Total()), kb(maxPageWeight))
		}
	}
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// TestSiteMetadata checks that every page of the real site, built for
// https://example.org/explainer/, has a title, a description, a canonical
// address of its own, OpenGraph and Twitter card tags and a favicon, and
// loads no script or style from anywhere but the site (or inline, but for
// scripts whose hashes its policy lists).
func TestSiteMetadata(t *testing.T) {
	site := buildSite(t, "https://example.org/explainer/")
	for p, f := range site {
		if !strings.HasSuffix(p, ".html") || strings.Contains(string(f.Data), `http-equiv="refresh"`) {
			continue
		}
		page := string(f.Data)
		want := []string{"<title>", `<link rel="icon" href="/explainer/assets/`, `<meta property="og:title"`,
			`<meta property="og:site_name"`, `<meta name="twitter:card"`, `<meta name="viewport"`, `http-equiv="Content-Security-Policy"`}
		if p != "404.html" {
			canonical := "https://example.org/explainer/" + strings.TrimSuffix(p, "index.html")
			want = append(want, `<link rel="canonical" href="`+canonical+`">`, `<meta property="og:url" content="`+canonical+`">`)
		}
		if p != "404.html" && !strings.HasPrefix(p, "search/") {
			want = append(want, `<meta name="description"`, `<meta property="og:description"`)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", p, w)
			}
		}
		// An inline script runs only if the policy lists its hash.
		policy := ""
		if m := policyRE.FindStringSubmatch(page); m != nil {
			policy = html.UnescapeString(m[1])
		}
		for _, m := range inlineScriptRE.FindAllStringSubmatch(page, -1) {
			sum := sha256.Sum256([]byte(m[1]))
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(policy, h) {
				t.Errorf("%s has an inline script whose hash %s its Content-Security-Policy does not list, so browsers will not run it", p, h)
			}
		}
		for _, bad := range []string{"<style", ` style="`, `src="http`, `<link rel="stylesheet" href="http`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s has %s: scripts and styles must be the site's own files (the Content-Security-Policy forbids the rest)", p, bad)
			}
		}
	}
}
