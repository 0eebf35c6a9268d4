package resolve

import (
	"slices"
	"sync"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/xref"
	"github.com/yuin/goldmark/ast"
)

// PageResult is what resolving one page found about other pages, for
// Finish to add to them in site order.
type PageResult struct {
	page      *Page
	backlinks []pageBacklink
	citings   []sourceCiting
	claims    []*Claim
	needed    []*Needed
	anchors   []anchorCheck
	// reads are the pages the page's resolve looked up (link targets,
	// cited sources), as often as it did; wide says that it read more of
	// the site than pages: the events (a timeline), or the tags (a link
	// to a topic's page). See Reads.
	reads []*Page
	wide  bool
	// titled are the pages of reads whose title the page shows: the
	// targets of its links without text of their own. See Titled.
	titled []*Page
}

// Reads calls read with each page whose front matter the page's resolve
// read, and reports false when it read more of the site than that. Of a
// source it may read any of its front matter (its excerpts, for a
// citation's passage); of any other page, only its surface (see Surface:
// a link reads its target's kind, address, title, summary and held-back
// state). A result is the same in a site rebegun from the last (Rebegin)
// whose pages it read show the same, when it read no more than them and
// reported no problem (a problem's hint may name any page).
func (r *PageResult) Reads(read func(*Page)) bool {
	for _, p := range r.reads {
		read(p)
	}
	return !r.wide
}

// Titled calls read with each page of Reads whose title the page's
// resolve wrote into the page: the target of a link without text of its
// own, whose text is then the target's title (in the page's HTML, its
// search text, and the sentences and paragraphs other pages quote). Of
// the other pages it read, the result holds while they keep their surface
// but for the title (see Surface.Untitled): a link with text of its own
// shows its target's address and summary, not its title.
func (r *PageResult) Titled(read func(*Page)) {
	for _, p := range r.titled {
		read(p)
	}
}

// read notes a page the resolve looked up.
func (r *pageRun) read(p *Page) {
	if p != nil {
		r.res.reads = append(r.res.reads, p)
	}
}

// pageBacklink is a link from the page to target, as target lists it: made
// here, so that Finish, which runs on every rebuild of the preview for every
// page, only appends it, and a result kept from the last build gives the
// same *Backlink.
type pageBacklink struct {
	target *Page
	link   *Backlink
}

// sourceCiting is a citation of source on the page.
type sourceCiting struct {
	source *Page
	citing *Citing
}

// anchorCheck is a link to a heading of another page, checked by Finish
// once every page's headings are known.
type anchorCheck struct {
	pos      diag.Pos // of the link, taken now: by Finish the body may be gone (DropMarkdown)
	target   *Page
	at       int // target's place in Pages when the link was resolved
	fragment string
	// Finish's last answer, and the target's headings it was given for
	// (Page.headings): a result kept from the last build need not look up
	// again what has not changed.
	checked int
	found   bool
}

// pageRun is the resolution of one page's body.
type pageRun struct {
	s         *Site
	p         *Page
	doc       *markup.Doc
	diags     *diag.List
	anchors   map[string]bool // the page's heading ids
	cites     []*cite.Citation
	citings   map[*cite.Item]*Citing  // for notes: the Citing made for each item
	misquoted map[*cite.Citation]bool // citations whose quotation was not found (reported already)
	res       *PageResult
	texts     *packed.Texts // the backlinks' paragraphs and citing sentences, for Site.texts (from textsPool), or nil without one
	pieces    []piece       // checkQuotes's, reused from block to block
	scratch   []byte        // sentenceIn's and paragraphIn's, reused from one to the next
}

// ResolvePage resolves one page's parsed body doc: it fills in the page's
// cross-links, citations and timelines, numbers its references, and checks
// its citations, quotations and claims, reporting problems to diags. It
// reads the rest of the site but changes only p and doc, so that pages may
// be resolved in parallel (after Begin, before Finish); what it finds about
// other pages is returned for Finish.
func (s *Site) ResolvePage(p *Page, doc *markup.Doc, diags *diag.List) *PageResult {
	if p.Doc != doc { // a new body (see Reuse): count its lines afresh
		p.locOnce, p.loc = sync.Once{}, nil
	}
	p.Doc = doc
	r := &pageRun{s: s, p: p, doc: doc, diags: diags, anchors: headingIDs(doc), res: &PageResult{page: p}}
	if s.texts != nil {
		r.texts = textsPool.Get().(*packed.Texts)
	}
	p.anchors = r.anchors
	p.headings++
	for _, pr := range doc.Problems {
		diags.Add(diag.Diagnostic{Pos: r.pos(pr.Offset), Severity: pr.Severity, Code: pr.Code, Message: pr.Message, Hint: pr.Hint})
	}
	p.References = r.linksAndCitations()
	if r.texts != nil {
		r.texts.Flush(s.texts)
		if r.texts.Held() <= maxPooledTexts {
			textsPool.Put(r.texts)
		}
		r.texts = nil
	}
	r.checkQuotes()
	r.passages(p.References)
	if p.Kind.Prose() {
		r.checkCitations()
		r.collectClaims()
	}
	r.fillTimelines()
	// Each page read once: a page cites its sources many times, and the
	// preview keeps every page's reads, and looks through them on each
	// front-matter edit (at 10,000 notes, 90,000 reads rather than
	// 290,000).
	slices.SortFunc(r.res.reads, func(a, b *Page) int { return a.order - b.order })
	r.res.reads = slices.Clip(slices.Compact(r.res.reads))
	slices.SortFunc(r.res.titled, func(a, b *Page) int { return a.order - b.order })
	r.res.titled = slices.Clip(slices.Compact(r.res.titled))
	return r.res
}

// textsPool holds the pages' Texts, reused from page to page: one made for
// each page and grown for its texts was 136 MB of a full build's
// allocation at 10,000 notes.
var textsPool = sync.Pool{New: func() any { return new(packed.Texts) }}

// maxPooledTexts is the most bytes of texts a pooled Texts keeps: one grown
// by a very long page is let go.
const maxPooledTexts = 1 << 20

// text sets *t to s: in the site's store (see Input.Texts), through the
// page's Texts, or, with none, in memory.
func (r *pageRun) text(t *packed.Text, s string) {
	if r.texts == nil {
		*t = packed.TextOf(s)
		return
	}
	r.texts.Add(t, s)
}

func headingIDs(doc *markup.Doc) map[string]bool {
	ids := make(map[string]bool, len(doc.Headings))
	for _, h := range doc.Headings {
		ids[h.ID] = true
	}
	return ids
}

// pos converts a byte offset in the page's body into a position.
func (r *pageRun) pos(off int) diag.Pos { return r.p.pos(off) }

// linksAndCitations resolves the page's cross-links and citations and
// returns its reference list.
func (r *pageRun) linksAndCitations() []*Reference {
	s, p, src := r.s, r.p, r.doc.Source
	var links []*xref.Link
	var cites []*cite.Citation
	var files []ast.Node
	_ = ast.Walk(r.doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *xref.Link:
			links = append(links, n)
		case *cite.Citation:
			cites = append(cites, n)
		case *ast.Link, *ast.Image:
			files = append(files, n)
		}
		return ast.WalkContinue, nil
	})
	// Resolve every link before taking any backlink's context: the context
	// is the paragraph's text, which holds the titles of the links in it.
	r.resolveFiles(files)
	targets := make([]*Page, len(links))
	for i, l := range links {
		targets[i] = r.resolveLink(l)
	}
	linked := map[*Page]bool{}
	// A paragraph that links to several pages is one string for all of
	// their backlinks, and a sentence with several citations one for all
	// of its Citings: every page holds them until the build writes the
	// pages that show them.
	paragraphs := map[ast.Node]string{}
	for i, l := range links {
		if t := targets[i]; t != nil && t != p && !linked[t] {
			linked[t] = true
			block := blockOf(l)
			context, ok := paragraphs[block]
			if !ok {
				context = paragraphIn(l, src, &r.scratch)
				paragraphs[block] = context
			}
			bl := &Backlink{From: p}
			r.text(&bl.Context, context)
			r.res.backlinks = append(r.res.backlinks, pageBacklink{target: t, link: bl})
		}
	}
	sentences := map[string]string{}
	sentence := func(c *cite.Citation) string {
		s := sentenceIn(c, src, &r.scratch)
		if same, ok := sentences[s]; ok {
			return same
		}
		sentences[s] = s
		return s
	}
	r.cites = cites
	var refList []*Reference
	refs := map[string]*Reference{}
	for _, c := range cites {
		var said string // c's sentence, made for its first item
		for _, it := range c.Items {
			// As in a fresh parse, for an item left unresolved: a tree the
			// cache reuses holds what the last resolve filled in.
			it.Number, it.Nth, it.Anchor, it.Title, it.Quoted, it.Passage = 0, 0, "", "", "", ""
			source := s.sources[it.ID]
			r.read(source)
			if source == nil && s.heldBack(r.diags, func() diag.Pos { return r.pos(it.Offset) }, "citation of", "source", it.ID) {
				continue
			}
			if source == nil {
				r.diags.Errorf(r.pos(it.Offset), diag.CodeUnknownSource, s.sourceHint(it.ID),
					"unknown source %q in citation", it.ID)
				continue
			}
			if source.Held != nil && p.Held == nil {
				s.linksShown(r.diags, func() diag.Pos { return r.pos(it.Offset) }, "citation of", source)
			}
			ref := refs[it.ID]
			if ref == nil {
				ref = &Reference{Number: len(refList) + 1, Source: source}
				refs[it.ID] = ref
				refList = append(refList, ref)
			}
			it.Number, it.Nth = ref.Number, ref.Cites
			it.Anchor = cite.Anchor(it.Number, it.Nth)
			it.Title = source.CardLine()
			it.Quoted, it.Passage = "", ""
			if it.HasPin {
				r.pin(it, source)
			}
			ref.Cites++
			if p.Kind.Prose() {
				if said == "" {
					said = sentence(c)
				}
				citing := &Citing{From: p, Number: int32(it.Number), Nth: int32(it.Nth)}
				r.text(&citing.Sentence, said)
				r.res.citings = append(r.res.citings, sourceCiting{source: source, citing: citing})
				if r.citings == nil {
					r.citings = map[*cite.Item]*Citing{}
				}
				r.citings[it] = citing
			}
		}
	}
	return refList
}
