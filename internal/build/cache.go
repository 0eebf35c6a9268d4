package build

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/render"
)

// Cache carries work from one build of a site to the next; the preview
// server keeps one. A file whose Markdown body is unchanged is not parsed
// again (its syntax tree is reused: the resolve stage fills in every field
// it reads), and a page whose inputs are unchanged is not rendered again
// (see render.Cache). A build with a Cache gives the same files as one
// without.
//
// A Cache is for one site and one set of Options; it is not safe for
// concurrent builds.
type Cache struct {
	docs   map[string]*markup.Doc // by file path
	render *render.Cache
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{docs: map[string]*markup.Doc{}, render: render.NewCache()}
}

// pageParser parses the pages of one build, through the cache when there is
// one.
type pageParser struct {
	c        *Cache
	md       *markup.Markdown
	mu       sync.Mutex
	next     map[string]*markup.Doc
	parsed   atomic.Int64
	done     atomic.Int64
	total    int
	progress func(done, total int)
}

func (c *Cache) parser(md *markup.Markdown, total int, progress func(string, int, int)) *pageParser {
	p := &pageParser{c: c, md: md, total: total, progress: stageProgress(progress, "parse")}
	if c != nil {
		p.next = make(map[string]*markup.Doc, total)
	}
	return p
}

// parse returns f's parsed body, from the cache when the body is the one
// parsed last time.
func (p *pageParser) parse(f *content.File) *markup.Doc {
	if p.progress != nil {
		p.progress(int(p.done.Add(1)), p.total)
	}
	if p.c == nil {
		p.parsed.Add(1)
		return p.md.Parse(f.Body)
	}
	doc := p.c.docs[f.Path] // written only by finish
	if doc == nil || !bytes.Equal(doc.Source, f.Body) {
		doc = p.md.Parse(f.Body)
		p.parsed.Add(1)
	}
	p.mu.Lock()
	p.next[f.Path] = doc
	p.mu.Unlock()
	return doc
}

// finish keeps this build's parsed pages (dropping deleted files) and
// returns how many were parsed.
func (p *pageParser) finish() int {
	if p.c != nil {
		p.c.docs = p.next
	}
	return int(p.parsed.Load())
}

func (c *Cache) pages() *render.Cache {
	if c == nil {
		return nil
	}
	return c.render
}

// rendered returns how many pages the last render rendered.
func (c *Cache) rendered(files int) int {
	if c == nil {
		return files
	}
	return c.render.Rendered
}

// stageProgress adapts a build's progress function to one stage.
func stageProgress(progress func(string, int, int), stage string) func(int, int) {
	if progress == nil {
		return nil
	}
	return func(done, total int) { progress(stage, done, total) }
}

// Fresh lists the note and source pages the last build rendered rather than
// took from the cache, by output path.
func (c *Cache) Fresh() []string {
	return c.render.Fresh
}
