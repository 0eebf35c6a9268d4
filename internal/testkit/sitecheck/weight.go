package sitecheck

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Weight is what a reader downloads for one page: its HTML and the
// stylesheets and scripts it loads, each gzipped as a server would send it.
// Images, the search index (fetched only when the reader searches) and the
// favicon are not counted.
type Weight struct {
	Page    string
	HTML    int // gzipped bytes
	CSS, JS int // gzipped bytes of the stylesheets and of the scripts
}

// Total is the page's whole weight in gzipped bytes.
func (w Weight) Total() int { return w.HTML + w.CSS + w.JS }

// Weights measures every HTML page in fsys. basePath is the path the site
// lives under ("/" or e.g. "/explainer/").
func Weights(fsys fs.FS, basePath string) ([]Weight, error) {
	var out []Weight
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		w := Weight{Page: p, HTML: gzipSize(data)}
		pg := parse(data)
		seen := map[string]bool{}
		for _, r := range pg.refs {
			a := strings.TrimPrefix(r.addr, basePath)
			ext := path.Ext(a)
			if ext != ".css" && ext != ".js" || seen[a] || strings.Contains(a, "://") {
				continue
			}
			seen[a] = true
			asset, err := fs.ReadFile(fsys, a)
			if err != nil {
				continue // Links reports it
			}
			if ext == ".css" {
				w.CSS += gzipSize(asset)
			} else {
				w.JS += gzipSize(asset)
			}
		}
		out = append(out, w)
		return nil
	})
	slices.SortFunc(out, func(a, b Weight) int { return strings.Compare(a.Page, b.Page) })
	return out, err
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return buf.Len()
}
