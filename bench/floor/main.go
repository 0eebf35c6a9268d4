// Command floor is the floor the build is measured against: it converts
// every note and source of a site folder from Markdown to HTML with the
// site's goldmark configuration (markup.New: the same extensions, chroma
// highlighting), and writes one HTML file per page, in parallel on every
// core. It does nothing else: no front-matter decoding, no resolve step, no
// templates, no indexes. bench/compare.sh times it beside dossier and Hugo.
//
//	go run ./bench/floor -src SITE -o OUT
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/markup"
)

func main() {
	src := flag.String("src", ".", "the site `folder`")
	out := flag.String("o", "", "the output `folder` (must not exist)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: floor -src SITE -o OUT")
		os.Exit(2)
	}
	n, err := convert(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("%d pages written\n", n)
}

func convert(src, out string) (int, error) {
	var files []string
	for _, dir := range []string{"content/notes", "content/sources"} {
		m, err := filepath.Glob(filepath.Join(src, dir, "*.md"))
		if err != nil {
			return 0, err
		}
		files = append(files, m...)
	}
	md := markup.New()
	var next, written atomic.Int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				if err := page(md, files[i], src, out, &buf); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				written.Add(1)
			}
		})
	}
	wg.Wait()
	return int(written.Load()), firstErr
}

// page converts one file to out/<folder>/<name>.html.
func page(md *markup.Markdown, file, src, out string, buf *bytes.Buffer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, err := frontmatter.Split(data)
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	buf.Reset()
	if err := md.Render(buf, md.Parse(doc.Body)); err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	rel, _ := filepath.Rel(filepath.Join(src, "content"), file)
	dst := filepath.Join(out, strings.TrimSuffix(rel, ".md")+".html")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
