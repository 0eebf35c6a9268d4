package build_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
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
	for d := range strings.SplitSeq(html.UnescapeString(string(page[ms[0][2]:ms[0][3]])), ";") {
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
	// Beside 'self', script-src lists the hashes of the page's inline
	// scripts, and nothing else.
	inline := inlineScriptHashes(page)
	var hashes []string
	for _, s := range policy["script-src"] {
		if s != "'self'" {
			hashes = append(hashes, s)
		}
	}
	if !slices.Equal(hashes, inline) {
		return "script-src lists " + strings.Join(hashes, " ") + " beside 'self'; want the inline scripts' hashes, " + strings.Join(inline, " ")
	}
	policy["script-src"] = slices.DeleteFunc(policy["script-src"], func(s string) bool { return s != "'self'" })
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

// inlineScriptRE finds the inline scripts of a page, but for JSON-LD data.
var inlineScriptRE = regexp.MustCompile(`<script>([^<]*)</script>`)

// inlineScriptHashes returns the policy's sources that let the page's
// inline scripts run: 'sha256-...' of each one's text.
func inlineScriptHashes(page []byte) []string {
	var out []string
	for _, m := range inlineScriptRE.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return out
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
		strings.Replace(ok, "</head>", "<script>alert(1)</script></head>", 1),
		strings.Replace(ok, "script-src 'self'", "script-src 'self' 'sha256-4U/fd5BpbCqOGHrfWKlNIfjx&#43;f516gUREVKa4ouwXcc='", 1),
	}
	withInline := strings.Replace(ok, "script-src 'self'", "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='", 1)
	withInline = strings.Replace(withInline, "</head>", "<script>alert(1)</script></head>", 1)
	if msg := checkCSP([]byte(withInline)); msg != "" {
		t.Errorf("checkCSP(a page with an inline script its policy lists) = %q", msg)
	}
	for _, p := range bad {
		if msg := checkCSP([]byte(p)); msg == "" {
			t.Errorf("checkCSP(%q) found nothing wrong", p)
		}
	}
}
