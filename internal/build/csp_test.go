package build_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

var cspRE = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// TestContentSecurityPolicy checks that every page of a built site, alias
// pages included, carries a Content-Security-Policy that lets only the
// site's own scripts and styles run, before anything it governs.
func TestContentSecurityPolicy(t *testing.T) {
	sites := map[string]fstest.MapFS{
		"golden": LoadSite(t, "testdata/sites/golden.txtar").FS,
		"alias": {
			"content/notes/a.md":   {Data: []byte("---\ntitle: A\naliases: [old-a]\ntags: [t]\n---\nBody [@s].\n")},
			"content/sources/s.md": {Data: []byte("---\ntitle: S\n---\n")},
		},
	}
	for name, site := range sites {
		res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		if !res.OK() {
			t.Fatalf("%s: build failed: %v", name, res.Diagnostics)
		}
		pages := 0
		for _, f := range res.Files {
			if !strings.HasSuffix(f.Path, ".html") {
				continue
			}
			pages++
			if msg := checkCSP(f.Data); msg != "" {
				t.Errorf("%s: %s: %s", name, f.Path, msg)
			}
		}
		if pages < 5 {
			t.Errorf("%s: only %d pages built", name, pages)
		}
	}
}

// checkCSP says what is wrong with a page's policy, or "".
func checkCSP(page []byte) string {
	ms := cspRE.FindAllSubmatchIndex(page, -1)
	if len(ms) != 1 {
		return "want exactly one Content-Security-Policy meta"
	}
	for _, governed := range []string{"<script", "<link", "<style", "<img", "<iframe"} {
		if i := bytes.Index(page, []byte(governed)); i >= 0 && i < ms[0][0] {
			return "the policy comes after " + governed + ", which it then does not govern"
		}
	}
	if head := bytes.Index(page, []byte("</head>")); head < ms[0][0] {
		return "the policy is not in <head>"
	}
	policy := map[string][]string{}
	for d := range strings.SplitSeq(string(page[ms[0][2]:ms[0][3]]), ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			policy[f[0]] = f[1:]
		}
	}
	want := map[string][]string{
		"default-src": {"'self'"},
		"script-src":  {"'self'"},
		"style-src":   {"'self'"},
		"object-src":  {"'none'"},
		"base-uri":    {"'none'"},
		"frame-src":   {"'none'"},
	}
	for d, v := range want {
		if !slices.Equal(policy[d], v) {
			return d + " is " + strings.Join(policy[d], " ") + "; want " + strings.Join(v, " ")
		}
	}
	for d, v := range policy {
		for _, s := range v {
			if s == "'unsafe-inline'" || s == "'unsafe-eval'" || s == "*" || s == "data:" && d != "img-src" {
				return d + " allows " + s
			}
		}
	}
	return ""
}

// TestCheckCSP checks the policy check on policies that must fail it.
func TestCheckCSP(t *testing.T) {
	ok := `<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-src 'none'"><script src="/a.js"></script></head>`
	if msg := checkCSP([]byte(ok)); msg != "" {
		t.Fatalf("checkCSP(good page) = %q", msg)
	}
	bad := []string{
		`<head><script src="/a.js"></script></head>`,
		strings.Replace(ok, "script-src 'self'", "script-src 'self' 'unsafe-inline'", 1),
		strings.Replace(ok, "style-src 'self'", "style-src 'self' https:", 1),
		strings.Replace(ok, "; base-uri 'none'", "", 1),
		`<head><script src="/a.js"></script>` + strings.TrimPrefix(ok, "<head>"),
		strings.Replace(ok, "</head>", "", 1) + ok,
	}
	for _, p := range bad {
		if msg := checkCSP([]byte(p)); msg == "" {
			t.Errorf("checkCSP(%q) found nothing wrong", p)
		}
	}
}
