package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/search"
	tdminify "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
)

// Code highlighting themes: one for light mode, one for dark.
const (
	lightCodeStyle = "github"
	darkCodeStyle  = "github-dark"
)

// buildAssets publishes every file under templates/assets/ as
// assets/<name>.<hash>.<ext>, so that browsers may cache them for ever. The
// code highlighting styles are appended to style.css, so that a page loads
// one stylesheet.
//
// With a Cache, an asset whose bytes are those of the last Render is not
// minified again (minifying the stylesheet and scripts took about 6 ms of
// every preview rebuild).
func (r *Renderer) buildAssets(fsys fs.FS, c *Cache, diags *diag.List) {
	var next map[string]minified
	if c != nil {
		next = map[string]minified{}
		defer func() { c.minified = next }()
	}
	_ = fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: "templates/" + p}, diag.CodeFileRead, "", "cannot read assets: %v", err)
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: "templates/" + p}, diag.CodeFileRead, "", "cannot read asset: %v", err)
			return nil
		}
		name := strings.TrimPrefix(p, "assets/")
		if name == "style.css" {
			data = append(append(bytes.Clone(data), '\n'), codeCSS()...)
		}
		if c == nil {
			data = minify(name, data)
		} else {
			in := sha256.Sum256(data)
			m, ok := c.minified[name]
			if !ok || m.in != in {
				m = minified{in, minify(name, data)}
			}
			next[name] = m
			data = m.out
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		r.assets[name] = r.site.URLFor(hashed)
		r.inline[name] = data
		r.files = append(r.files, File{Path: hashed, Data: data})
		return nil
	})
}

// minifier minifies the stylesheets, scripts and SVG images of
// templates/assets/.
var minifier = func() *tdminify.M {
	m := tdminify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	return m
}()

// minify minifies an asset by its file extension. It returns data unchanged
// for file types it does not know, and for files it cannot parse, so that a
// browser sees the editor's own file and its own error.
func minify(name string, data []byte) []byte {
	var media string
	switch path.Ext(name) {
	case ".css":
		media = "text/css"
	case ".js":
		media = "text/javascript"
	case ".svg":
		media = "image/svg+xml"
	default:
		return data
	}
	out, err := minifier.Bytes(media, data)
	if err != nil {
		return data
	}
	return out
}

// minified is an asset's minified bytes, and the hash of its bytes before.
type minified struct {
	in  [sha256.Size]byte
	out []byte
}

// codeCSS is CodeCSS, made once.
var codeCSS = sync.OnceValue(CodeCSS)

// CodeCSS returns the stylesheet for highlighted code: the light theme by
// default, the dark theme when the reader's system prefers dark (unless the
// page is set to light) or the page is set to dark.
func CodeCSS() []byte {
	var light, dark bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&light, styleOr(lightCodeStyle))
	_ = f.WriteCSS(&dark, styleOr(darkCodeStyle))
	var out bytes.Buffer
	out.Write(light.Bytes())
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	out.Write(prefixSelectors(dark.Bytes(), ":root:not([data-theme=light]) "))
	out.WriteString("}\n")
	out.Write(prefixSelectors(dark.Bytes(), ":root[data-theme=dark] "))
	return out.Bytes()
}

func styleOr(name string) *chroma.Style {
	if s := styles.Get(name); s != nil {
		return s
	}
	return styles.Fallback
}

// prefixSelectors puts prefix before the selector of every rule of a chroma
// stylesheet (one rule a line, perhaps after a comment).
func prefixSelectors(css []byte, prefix string) []byte {
	var out bytes.Buffer
	for line := range strings.SplitSeq(string(css), "\n") {
		brace := strings.IndexByte(line, '{')
		if brace < 0 {
			out.WriteString(line + "\n")
			continue
		}
		start := 0
		if i := strings.Index(line[:brace], "*/"); i >= 0 {
			start = i + 2
		}
		sel := strings.TrimSpace(line[start:brace])
		parts := strings.Split(sel, ",")
		for i, p := range parts {
			parts[i] = prefix + strings.TrimSpace(p)
		}
		out.WriteString(line[:start] + " " + strings.Join(parts, ", ") + " " + line[brace:] + "\n")
	}
	return out.Bytes()
}

// SearchIndexAsset is the name under which templates find the search index:
// {{asset "search-index.json"}}.
const SearchIndexAsset = "search-index.json"

// SearchIndexPath is where the search index's manifest is published; its
// fragments are beside it, under names that carry their content's hash.
// Unlike the stylesheet and script, the manifest's address carries no
// content hash: every page names it, so a hashed address would change every
// page whenever any page's text changed, and the preview server would have
// to rewrite (and reload) the whole site after each edit. site.js fetches
// it with cache: "no-cache", so a reader's browser revalidates it (a 304
// when it is unchanged) rather than use a stale copy; the fragments it
// names may be cached for ever.
const SearchIndexPath = SearchFolder + search.ManifestName

// SearchFolder is the folder of the search index's files.
const SearchFolder = "search/"

// searchIndex publishes the search index under search/: the index of b,
// or when b is nil of every page of the site. The files come from the
// returned channel. With background set, they are made while the pages are
// rendered, since they do not depend on them: the preview then writes only
// the fragments an edit changed, but even that would otherwise hold up
// every rebuild. A full build makes them first instead, so that they can be
// written and let go before the pages are rendered.
func (r *Renderer) searchIndex(b *search.Builder, background bool, paths *searchPaths) <-chan []File {
	r.assets[SearchIndexAsset] = r.site.URLFor(SearchIndexPath)
	out := make(chan []File, 1)
	write := func() {
		if b == nil {
			pages := r.site.Pages()
			b = search.NewBuilder(len(pages), search.StopFor(r.site.Config.Language))
			for i, p := range pages {
				b.Add(i, search.PageDoc(p))
			}
		}
		ix := b.Files()
		files := make([]File, len(ix))
		for i, f := range ix {
			files[i] = File{Path: paths.path(i, f.Name), Data: f.Data, Packed: f.Packed, Stored: f.Stored}
		}
		paths.keep(ix, files)
		out <- files
	}
	if background {
		go write()
	} else {
		write()
	}
	return out
}

// searchPaths are the paths of the last index's files, by their place
// and name, which a Cache keeps: an index patched after an edit has most
// of the files of the last, by the same name (the same string) in the
// same place, and joining every name to the folder again took 3 ms of
// each preview rebuild at 10,000 notes. A nil *searchPaths joins them.
type searchPaths struct {
	names, paths []string
}

// path returns the path of the file named name at place i of the index.
func (sp *searchPaths) path(i int, name string) string {
	if sp != nil && i < len(sp.names) && sp.names[i] == name {
		return sp.paths[i]
	}
	return SearchFolder + name
}

// keep notes the index's files for the next index.
func (sp *searchPaths) keep(ix []search.File, files []File) {
	if sp == nil {
		return
	}
	sp.names, sp.paths = sp.names[:0], sp.paths[:0]
	for i, f := range ix {
		sp.names = append(sp.names, f.Name)
		sp.paths = append(sp.paths, files[i].Path)
	}
}
