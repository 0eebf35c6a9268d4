package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/view"
)

// Page templates: each defines "main" (and may define "head"), and is
// executed through base.html's "base".
// alias.html, a page of its own, is parsed apart. The list is view.Kinds'.
var pageTemplates = func() []string {
	var out []string
	for _, k := range view.Kinds {
		if k.Template != "alias.html" {
			out = append(out, k.Template)
		}
	}
	return out
}()

// Templates is the parsed template set, one per page kind.
type Templates struct {
	byName map[string]*template.Template
	alias  *template.Template
	// env is what the template functions read (the site's addresses, the
	// assets): a Cache keeps parsed templates from one Render to the next
	// and points env at each Render in turn.
	env *funcEnv
	// The site's own partials, which write what the defaults leave to Go
	// (see Renderer.lists and Renderer.chromePart).
	ownRefs, ownBacklinks, ownTOC, ownChrome bool
	// ownCards: the site has its own partials/cards.html (see
	// Renderer.cards).
	ownCards bool
	// spliceable: every template is dossier's own, so a page's long
	// lists can be written into it after its template runs (see splice).
	spliceable bool
}

// funcEnv is the Render the template functions serve.
type funcEnv struct{ r *Renderer }

// templates returns the site's parsed templates: the last Render's when a
// Cache holds them and the template files are the same, since parsing
// them took about 5 ms of every preview rebuild. sum fingerprints the
// files (templatesSum).
func (r *Renderer) templates(fsys fs.FS, c *Cache, sum [sha256.Size]byte, diags *diag.List) *Templates {
	if c != nil && c.tmpl != nil && c.tmplSum == sum {
		c.tmpl.env.r = r
		return c.tmpl
	}
	env := &funcEnv{r}
	t := LoadTemplates(fsys, env.funcs(), diags)
	if t != nil {
		t.env = env
		t.ownRefs = !defaultTemplate(fsys, "partials/references.html")
		t.ownBacklinks = !defaultTemplate(fsys, "partials/backlinks.html")
		t.ownTOC = !defaultTemplate(fsys, "partials/toc.html")
		t.ownCards = t.has("partials/cards.html") && !defaultTemplate(fsys, "partials/cards.html")
		t.ownChrome = !defaultTemplate(fsys, "partials/header.html") || !defaultTemplate(fsys, "partials/footer.html")
		t.spliceable = allDefault(fsys)
	}
	if c != nil {
		c.tmpl, c.tmplSum = t, sum
	}
	return t
}

// templatesSum fingerprints the template files of fsys (not the assets).
func templatesSum(fsys fs.FS) [sha256.Size]byte {
	h := sha256.New()
	if fsys != nil {
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(p, "assets/") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			h.Write([]byte(p))
			h.Write([]byte{0})
			if err != nil {
				h.Write([]byte("unreadable: " + err.Error()))
			}
			h.Write([]byte(strconv.Itoa(len(data))))
			h.Write([]byte{0})
			h.Write(data)
			return nil
		})
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// Overlay returns a file system that serves each file from site when it has
// it, and from defaults otherwise: a site overrides the default templates
// file by file.
func Overlay(site, defaults fs.FS) fs.FS {
	return overlay{site, defaults}
}

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		f, err := o.top.Open(name)
		if err == nil {
			st, serr := f.Stat()
			if serr == nil && !st.IsDir() {
				return f, nil
			}
			f.Close()
		} else if !errors.Is(err, fs.ErrNotExist) {
			// The site has the file but it cannot be read (a symbolic
			// link out of the site folder, say): say so rather than
			// quietly using the default.
			return nil, err
		}
	}
	return o.bottom.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	seen := map[string]bool{}
	var firstErr error
	for _, f := range []fs.FS{o.top, o.bottom} {
		if f == nil {
			continue
		}
		es, err := fs.ReadDir(f, name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		for _, e := range es {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if out == nil && firstErr != nil {
		return nil, firstErr
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

var templateErrLine = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateDiag turns a html/template error into a positioned diagnostic.
func templateDiag(name string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Pos: diag.Pos{File: "templates/" + name}, Severity: diag.Error, Code: diag.CodeTemplate,
		Message: err.Error(), Hint: "fix the template; the defaults are in the dossier repository's templates/ folder"}
	msg := err.Error()
	var te *template.Error
	if errors.As(err, &te) && te.Name != "" {
		d.Pos.File = "templates/" + te.Name
		d.Pos.Line = te.Line
		msg = te.Description
	}
	if m := templateErrLine.FindStringSubmatch(err.Error()); m != nil {
		d.Pos.File = "templates/" + m[1]
		d.Pos.Line, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			d.Pos.Col, _ = strconv.Atoi(m[3])
		}
		msg = m[4]
	}
	if msg == "unexpected EOF" {
		msg = "the file ends inside an action: an {{if}}, {{range}}, {{with}}, {{block}} or {{define}} has no {{end}}"
	}
	if strings.Contains(msg, "can't evaluate field") {
		d.Hint = "the fields each page's template receives, and those renamed since, are listed in docs/templates.md (see its Migration table)"
	}
	d.Message = "template error: " + msg
	return d
}

// LoadTemplates parses base.html, partials/*.html and the page templates
// from fsys.
func LoadTemplates(fsys fs.FS, funcs template.FuncMap, diags *diag.List) *Templates {
	t := &Templates{byName: map[string]*template.Template{}}
	base := template.New("").Funcs(funcs)
	files := []string{"base.html"}
	partials, _ := fs.Glob(fsys, "partials/*.html")
	files = append(files, partials...)
	ok := true
	for _, f := range files {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			diags.Errorf(diag.Pos{File: "templates/" + f}, diag.CodeTemplate, "restore the file; a symbolic link must point inside the site folder", "cannot read template: %v", err)
			ok = false
			continue
		}
		if _, err := base.New(f).Parse(string(src)); err != nil {
			diags.Add(templateDiag(f, err))
			ok = false
		}
	}
	// Parse the page templates even when base.html or a partial failed, so
	// that one run reports every template's errors.
	baseOK := ok
	for _, name := range append(slices.Clone(pageTemplates), "alias.html") {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(diag.Pos{File: "templates/" + name}, diag.CodeTemplate, "restore the file; a symbolic link must point inside the site folder", "cannot read template: %v", err)
			ok = false
			continue
		}
		if name == "alias.html" || !baseOK {
			var parsed *template.Template
			parsed, err = template.New(name).Funcs(funcs).Parse(string(src))
			if name == "alias.html" {
				t.alias = parsed
			}
		} else {
			clone, cerr := base.Clone()
			if cerr != nil {
				panic(cerr) // base has not been executed
			}
			_, err = clone.New(name).Parse(string(src))
			t.byName[name] = clone
		}
		if err != nil {
			diags.Add(templateDiag(name, err))
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return t
}

// Funcs are the functions templates may call, besides html/template's own.
//
//	url "notes/x/"      the address of a site path under the base path
//	abs "notes/x/"      the absolute address (for canonical links and feeds)
//	asset "style.css"   the content-hashed address of an asset
//	inline "theme.js"   the content of a script asset, for a <script> element
//	cspHash "theme.js"  its hash for the Content-Security-Policy: sha256-...
//	date d              a front-matter date for readers: "5 December 1994"
//	isodate d           the same as YYYY-MM-DD
//	letter i            a, b, c, ... for back-links
//	citings list        the HTML of the items of a list of sentences that cite
//	                    a source (.Source.CitedBy, a passage's .Citings)
//	add a b             a + b
func (r *Renderer) funcs() template.FuncMap { return (&funcEnv{r}).funcs() }

func (e *funcEnv) funcs() template.FuncMap {
	return template.FuncMap{
		"url":     func(p string) string { return e.r.site.URLFor(p) },
		"abs":     func(p string) string { return e.r.site.AbsURL(p) },
		"asset":   func(name string) (string, error) { return e.r.assetURL(name) },
		"date":    func(d frontmatter.Date) string { return d.Human() },
		"isodate": func(d frontmatter.Date) string { return d.String() },
		"letter":  cite.Letters,
		"citings": view.Citings,
		"inline":  func(name string) (template.JS, error) { return e.r.inlineScript(name) },
		"cspHash": func(name string) (string, error) { return e.r.cspHash(name) },
		"add":     func(a, b int) int { return a + b },
		"base":    func(p string) string { return path.Base(p) },
	}
}

// readsContent notes that a page holds what the asset name holds (its
// text, or its hash), not only its address: see Cache.inlined.
func (r *Renderer) readsContent(name string) {
	r.inlinedMu.Lock()
	if r.inlined == nil {
		r.inlined = map[string]bool{}
	}
	r.inlined[name] = true
	r.inlinedMu.Unlock()
}

// inlineScript returns the script asset name, to be held inline in a
// <script> element, whose hash (cspHash) the page's Content-Security-Policy
// must then list.
func (r *Renderer) inlineScript(name string) (template.JS, error) {
	r.readsContent(name)
	data, ok := r.inline[name]
	if !ok || path.Ext(name) != ".js" {
		return "", fmt.Errorf("no script %q in templates/assets", name)
	}
	if bytes.Contains(bytes.ToLower(data), []byte("</script")) || bytes.Contains(data, []byte("<!--")) {
		return "", fmt.Errorf("the script %q holds </script or <!--, so it cannot be held inline", name)
	}
	return template.JS(data), nil //nolint:gosec // the site's own script, checked above
}

// cspHash returns the hash by which a Content-Security-Policy lets the
// asset name run inline: "sha256-" and the base-64 SHA-256 of its content.
func (r *Renderer) cspHash(name string) (string, error) {
	r.readsContent(name)
	data, ok := r.inline[name]
	if !ok {
		return "", fmt.Errorf("no asset %q in templates/assets", name)
	}
	sum := sha256.Sum256(data)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:]), nil
}

func (r *Renderer) assetURL(name string) (string, error) {
	if u, ok := r.assets[name]; ok {
		return u, nil
	}
	return "", fmt.Errorf("no asset %q in templates/assets", name)
}

// has reports whether the page templates define the template name (a
// partial: every page template has them all).
func (t *Templates) has(name string) bool {
	pt := t.byName[pageTemplates[0]]
	return pt != nil && pt.Lookup(name) != nil
}
