package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // image.DecodeConfig reads GIF headers
	_ "image/jpeg" // ... JPEG
	_ "image/png"  // ... PNG
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // ... and WebP

	"github.com/dossier-site/dossier/internal/diag"
)

// A file beside a note or a source record that is not Markdown (an image, a
// PDF, a text file) is published as it is, at its path below content/:
// content/notes/map.png is served at notes/map.png. Notes link to it
// relative to their own file, ![a map](map.png), and the resolve stage
// turns that into the published address.

// Asset is a published file: anything in content/notes (and its folders),
// content/sources or content/pages that is not a Markdown file.
type Asset struct {
	Path    string // slash path relative to the site folder, e.g. content/notes/map.png
	Publish string // slash path in the output folder, e.g. notes/map.png
	Data    []byte
	// Width and Height are an image's size in CSS pixels, from its header
	// (PNG, JPEG, GIF, WebP) or its viewBox (SVG); zero when not an image.
	Width, Height int
	Image         bool // the file is an image a page may show with ![alt](...)
}

// LargeFile is the size above which a published file draws a warning:
// readers on phones pay for every byte.
const LargeFile = 1 << 20

// MaxAssetSize is the largest file the build publishes.
const MaxAssetSize = 100 << 20

// refusedExt are file types that could run code on the site's own address,
// or on a reader's computer, and are never published.
var refusedExt = map[string]string{
	".html": "a web page", ".htm": "a web page", ".xhtml": "a web page", ".shtml": "a web page",
	".js": "a script", ".mjs": "a script", ".cjs": "a script", ".wasm": "a program",
	".php": "a script", ".svgz": "a compressed SVG, which cannot be checked for scripts",
	".exe": "a program", ".dll": "a program", ".so": "a program", ".dylib": "a program",
	".com": "a program", ".bat": "a script", ".cmd": "a script", ".ps1": "a script",
	".sh": "a script", ".msi": "an installer", ".jar": "a program", ".app": "a program",
	".apk": "an installer", ".deb": "an installer", ".rpm": "an installer",
	".xht": "a web page", ".mht": "a web page", ".mhtml": "a web page", ".hta": "a program",
	// An XML file with the XHTML namespace, or a style sheet that turns
	// XML into HTML, runs scripts like a web page.
	".xml": "XML, which a browser may run as a web page", ".xsl": "a style sheet that can make a web page",
	".xslt": "a style sheet that can make a web page", ".vbs": "a script", ".swf": "a Flash program",
}

// imageExt are the image types pages may show.
var imageExt = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".svg": true, ".avif": true}

// IsImage reports whether a file name has the extension of an image a page
// may show.
func IsImage(name string) bool { return imageExt[strings.ToLower(path.Ext(name))] }

// loadAssets lists, reads and checks the published files, sorted by path.
func loadAssets(fsys fs.FS, diags *diag.List, memo *Memo, changed map[string]bool) []*Asset {
	if memo != nil && memo.assets != nil && changed != nil && !assetsChanged(changed) {
		for _, d := range memo.assetDiags {
			diags.Add(d)
		}
		if len(memo.assets) == 0 {
			return nil // as the walk returns: memo.assets is empty, not nil, once known
		}
		return memo.assets
	}
	own := &diag.List{}
	var out []*Asset
	for _, dir := range contentDirs {
		_ = fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil // listFiles reports folders it cannot read
			}
			name := e.Name()
			if p != dir && strings.HasPrefix(name, ".") {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if e.IsDir() || strings.HasSuffix(name, ".md") {
				return nil
			}
			if a := loadAsset(fsys, p, e, own); a != nil {
				out = append(out, a)
			}
			return nil
		})
	}
	slices.SortFunc(out, func(a, b *Asset) int { return strings.Compare(a.Path, b.Path) })
	sorted := own.Sorted()
	for _, d := range sorted {
		diags.Add(d)
	}
	if memo != nil {
		memo.assets, memo.assetDiags = out, sorted
		if out == nil {
			memo.assets = []*Asset{}
		}
	}
	return out
}

// assetsChanged reports whether a watcher's list of changed paths may
// touch a published file: anything under the content folders but a
// Markdown file.
func assetsChanged(changed map[string]bool) bool {
	for p := range changed {
		if p == "content" || slices.Contains(contentDirs, p) {
			return true
		}
		if inContent(p) && !strings.HasSuffix(p, ".md") {
			return true
		}
	}
	return false
}

// loadAsset reads and checks one file; nil when it is not published.
func loadAsset(fsys fs.FS, p string, e fs.DirEntry, diags *diag.List) *Asset {
	at := diag.Pos{File: p}
	if e.Type()&fs.ModeSymlink != 0 {
		target, err := fs.ReadLink(fsys, p)
		if err != nil || path.IsAbs(target) || !strings.HasPrefix(path.Join(path.Dir(p), target), "content/") {
			diags.Errorf(at, diag.CodeBadPath, "copy the file into the content folder instead of linking to it",
				"symbolic link points outside the content folder; it is not published")
			return nil
		}
	} else if !e.Type().IsRegular() {
		diags.Errorf(at, diag.CodeBadPath, "remove it", "not a regular file")
		return nil
	}
	ext := strings.ToLower(path.Ext(p))
	if what, bad := refusedExt[ext]; bad {
		diags.Errorf(at, diag.CodeRefusedFile, "remove it; link to it on another site if readers need it",
			"%s files are not published: %s could run code on the site's address or the reader's computer", ext, what)
		return nil
	}
	info, err := fs.Stat(fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		diags.Errorf(at, diag.CodeBadPath, "replace the link with the file itself",
			"symbolic link points to something that is not a file")
		return nil
	}
	if info.Size() > MaxAssetSize {
		diags.Errorf(at, diag.CodeTooLarge, "publish a smaller copy, or link to the file where it is kept",
			"file is %d MiB; the limit is %d MiB", info.Size()>>20, MaxAssetSize>>20)
		return nil
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(at, diag.CodeFileRead, "", "cannot read file: %v", unwrapPath(err))
		return nil
	}
	if isExecutable(data) {
		diags.Errorf(at, diag.CodeRefusedFile, "remove it", "file is a program (an executable); programs are not published")
		return nil
	}
	if len(data) > LargeFile {
		diags.Warnf(at, diag.CodeLargeFile, "make it smaller (resize or compress the image, or save the PDF for screen)",
			"file is %.1f MB; every reader who opens it downloads all of it", float64(len(data))/1e6)
	}
	a := &Asset{Path: p, Publish: strings.TrimPrefix(p, "content/"), Data: data, Image: imageExt[ext]}
	switch ext {
	case ".svg":
		w, h, problem := checkSVG(data)
		if problem != "" {
			diags.Errorf(at, diag.CodeRefusedFile, "remove the scripts and event attributes from the SVG, or save it as PNG",
				"SVG is not published: %s", problem)
			return nil
		}
		a.Width, a.Height = w, h
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			diags.Errorf(at, diag.CodeBadImage, "save the image again from an image editor, with an extension that matches its type",
				"cannot read the image's size: %v", err)
			return nil
		}
		if want := strings.TrimPrefix(ext, "."); want != format && !(want == "jpg" && format == "jpeg") {
			diags.Errorf(at, diag.CodeBadImage, fmt.Sprintf("rename it to %s.%s", strings.TrimSuffix(path.Base(p), path.Ext(p)), format),
				"file is a %s image, but its name ends in %s", strings.ToUpper(format), ext)
			return nil
		}
		a.Width, a.Height = cfg.Width, cfg.Height
	}
	return a
}

// isExecutable reports whether data starts as a program does: ELF (Linux),
// PE (Windows), Mach-O (macOS) or a script with #!.
func isExecutable(data []byte) bool {
	for _, magic := range [][]byte{
		[]byte("\x7fELF"), []byte("MZ"), []byte("#!"),
		{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe},
	} {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

// checkSVG reads an SVG's size from its root element (viewBox, else width
// and height in pixels) and reports anything in it that could run a script
// when the file is opened on the site's address: script elements, event
// attributes (onload=...), javascript: addresses, foreignObject (which can
// hold HTML) and entity declarations. problem is "" when there is none.
func checkSVG(data []byte) (width, height int, problem string) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, "it is not well-formed XML: " + err.Error()
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(t, []byte("ENTITY")) {
				return 0, 0, "it declares entities"
			}
		case xml.ProcInst:
			if t.Target == "xml-stylesheet" {
				return 0, 0, "it loads a style sheet"
			}
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if name == "script" || name == "foreignobject" || name == "iframe" || name == "embed" || name == "object" {
				return 0, 0, fmt.Sprintf("it holds a <%s> element", t.Name.Local)
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(an, "on") {
					return 0, 0, fmt.Sprintf("<%s> has an event attribute %s", t.Name.Local, a.Name.Local)
				}
				v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
				// Anywhere in the value: an animation's values="0;javascript:..."
				// sets an address too.
				if strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") || strings.Contains(v, "data:text/html") {
					return 0, 0, fmt.Sprintf("<%s> links to a script", t.Name.Local)
				}
			}
			if root {
				root = false
				if name != "svg" {
					return 0, 0, "its root element is not <svg>"
				}
				width, height = svgSize(t.Attr)
			}
		}
	}
	if root {
		return 0, 0, "it holds no <svg> element"
	}
	return width, height, ""
}

// svgSize reads an svg element's size: its width and height when both are
// plain numbers or pixels, else its viewBox's.
func svgSize(attrs []xml.Attr) (w, h int) {
	get := func(name string) string {
		for _, a := range attrs {
			if a.Name.Local == name {
				return strings.TrimSpace(a.Value)
			}
		}
		return ""
	}
	px := func(s string) int {
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
		if err != nil || f <= 0 || f > 1e6 {
			return 0
		}
		return int(f + 0.5)
	}
	if w, h = px(get("width")), px(get("height")); w > 0 && h > 0 {
		return w, h
	}
	f := strings.FieldsFunc(get("viewBox"), func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
	if len(f) == 4 {
		if w, h = px(f[2]), px(f[3]); w > 0 && h > 0 {
			return w, h
		}
	}
	return 0, 0
}
