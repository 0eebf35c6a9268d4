// Package corpus generates synthetic sites of any size for benchmarks: the
// same notes and sources as a dossier site and as a Hugo site, so that the
// two generators can be timed on the same work.
//
// A corpus is deterministic: the same Options give the same bytes. Its
// notes look like the project's own: front matter with a title, summary,
// tags, dates and sometimes events, aliases and revisions; 300 to 1,500
// words of body under headings, with lists, some tables and code blocks;
// 3 to 10 cross-links in both the [[wiki]] and the [text](x.md) forms;
// citations of 1 to 4 sources, with every paragraph cited, so that
// `dossier check -strict` passes; some verified quotes, block quotes, claim
// blocks and embedded timelines. There is one source record for every ten
// notes, with excerpts (which the quotes are taken from) and, for some, the
// sources they rely on (`cites`).
//
// In the Hugo site every cross-link and citation is a Markdown link to the
// target's content file, which the site's render-link hook resolves with
// GetPage (as dossier's resolve stage does); tags are a taxonomy, and each
// note lists its related notes.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/slug"
)

// Options say what corpus to generate.
type Options struct {
	Notes int    // the number of notes; there are Notes/10 sources (at least 1)
	Seed  uint64 // the random seed; the same seed gives the same corpus
}

// Files is a generated site: file contents by slash path relative to the
// site folder.
type Files map[string][]byte

// Paths returns the paths of fs, sorted.
func (fs Files) Paths() []string {
	out := make([]string, 0, len(fs))
	for p := range fs {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Size returns the total size of the files in bytes.
func (fs Files) Size() int {
	n := 0
	for _, b := range fs {
		n += len(b)
	}
	return n
}

// Dossier returns the corpus as a dossier site: dossier.yaml,
// content/notes/*.md and content/sources/*.md.
func Dossier(opts Options) Files {
	m := plan(opts)
	files := Files{}
	files["dossier.yaml"] = []byte(fmt.Sprintf("title: Benchmark corpus\ndescription: %d generated notes for measuring the build.\nlanguage: en\nhome: %s\nauthor: the generator\nbase_url: https://example.org/\n",
		len(m.notes), m.notes[0].slug))
	ds := dossierSyntax{pins: m.pins()}
	for i := range m.notes {
		files[path.Join("content/notes", m.notes[i].slug+".md")] = m.note(i, ds)
	}
	for i := range m.sources {
		files[path.Join("content/sources", m.sources[i].id+".md")] = m.source(i, "url")
	}
	return files
}

// Hugo returns the corpus as a Hugo site: hugo.yaml, layouts, and
// content/notes/*.md and content/sources/*.md with the same text.
func Hugo(opts Options) Files {
	m := plan(opts)
	files := Files{}
	for name, text := range hugoSite {
		files[name] = []byte(text)
	}
	for i := range m.notes {
		files[path.Join("content/notes", m.notes[i].slug+".md")] = m.note(i, hugoSyntax{m})
	}
	for i := range m.sources {
		files[path.Join("content/sources", m.sources[i].id+".md")] = m.source(i, "source_url")
	}
	return files
}

// model is what is decided about every page before any body is written, so
// that a link can name any other page's title and headings.
type model struct {
	seed    uint64
	notes   []noteHead
	sources []sourceHead
	tags    []string
}

type noteHead struct {
	slug, title, summary string
	tags                 []string
	published, updated   string
	headings             []string // section headings, in order
	words                int      // about the body's length in words
	sources              []int    // the sources the note cites
}

type sourceHead struct {
	id, title, outlet, author, published, kind string
	excerpts                                   []string
	cites                                      []int
}

// stream returns the random numbers for one purpose of one page; pages
// are independent of one another, so a page's text does not depend on the
// order in which pages are generated.
func (m *model) stream(kind, i int) *rand.Rand {
	return rand.New(rand.NewPCG(m.seed, uint64(kind)<<40|uint64(i)))
}

const (
	streamNoteHead = iota + 1
	streamNoteBody
	streamSource
	streamTags
)

func plan(opts Options) *model {
	n := max(opts.Notes, 1)
	m := &model{seed: opts.Seed}
	ns := max(n/10, 1)

	r := m.stream(streamTags, 0)
	nt := max(n/50, 5)
	seen := map[string]bool{}
	for len(m.tags) < nt {
		t := slug.Make(pick(r, vocabulary[30:]) + " " + pick(r, vocabulary[30:]))
		if !seen[t] {
			seen[t] = true
			m.tags = append(m.tags, t)
		}
	}

	m.sources = make([]sourceHead, ns)
	for i := range m.sources {
		r := m.stream(streamSource, i)
		s := &m.sources[i]
		s.title = sentenceCase(words(r, 5+r.IntN(7)))
		s.id = fmt.Sprintf("%s-%d", slug.Make(words(r, 3)), i)
		s.outlet = pick(r, outlets)
		s.author = "unknown"
		if r.IntN(3) > 0 {
			s.author = sentenceCase(pick(r, vocabulary[30:])) + " " + sentenceCase(pick(r, vocabulary[30:]))
		}
		s.published = "unknown"
		if r.IntN(20) > 0 {
			s.published = date(r, 2015, 2026)
		}
		s.kind = pick(r, []string{"news report", "news report", "news report", "official statement", "primary document", "analysis"})
		for range 3 + r.IntN(4) {
			s.excerpts = append(s.excerpts, sentence(r, 12+r.IntN(14)))
		}
		// The first fifth are originals that rely on nothing; a third of
		// the rest rely on one or two of them (provenance chains one deep).
		if originals := ns / 5; i >= originals && originals > 0 && r.IntN(3) == 0 {
			for range 1 + r.IntN(2) {
				if c := r.IntN(originals); !slices.Contains(s.cites, c) {
					s.cites = append(s.cites, c)
				}
			}
		}
	}

	m.notes = make([]noteHead, n)
	tagZipf := func(r *rand.Rand) *rand.Zipf { return rand.NewZipf(r, 1.2, 4, uint64(len(m.tags)-1)) }
	for i := range m.notes {
		r := m.stream(streamNoteHead, i)
		h := &m.notes[i]
		h.title = sentenceCase(words(r, 3+r.IntN(6)))
		h.slug = fmt.Sprintf("%s-%d", slug.Make(h.title), i)
		if len(h.slug) > 80 {
			h.slug = fmt.Sprintf("note-%d", i)
		}
		h.summary = sentence(r, 14+r.IntN(16))
		z := tagZipf(r)
		for range 1 + r.IntN(3) {
			if t := m.tags[z.Uint64()]; !slices.Contains(h.tags, t) {
				h.tags = append(h.tags, t)
			}
		}
		h.published = date(r, 2020, 2025)
		h.updated = h.published
		if r.IntN(2) == 0 {
			h.updated = date(r, 2026, 2026)
		}
		h.words = 300 + r.IntN(1201)
		sections := min(max(h.words/220, 2), 7)
		for _, k := range r.Perm(len(headings))[:sections] {
			h.headings = append(h.headings, headings[k])
		}
		// Every source is cited by at least one note: note i cites source
		// i mod the number of sources first.
		h.sources = []int{i % ns}
		for range r.IntN(4) {
			if c := r.IntN(ns); !slices.Contains(h.sources, c) {
				h.sources = append(h.sources, c)
			}
		}
	}
	return m
}

// syntax writes cross-links and citations in one generator's dialect.
type syntax interface {
	// link links to note t, in one of the forms dossier knows (form picks
	// which); text may be empty (the link shows the target's title) and
	// frag may name a heading id.
	link(t *noteHead, text, frag string, form int) string
	sourceLink(s *sourceHead) string
	cite(ids []string) string
	// citeQuote cites the source of a quotation, which names its passage.
	citeQuote(id string) string
}

type dossierSyntax struct {
	pins map[string]string // source id -> words of its first excerpt (see model.pins)
}

func (dossierSyntax) link(t *noteHead, text, frag string, form int) string {
	target := t.slug
	if frag != "" {
		target += "#" + frag
	}
	switch {
	case form == 0 && text == "" && frag == "":
		return "[[" + target + "]]"
	case form <= 1:
		if text == "" {
			text = t.title
		}
		return "[[" + target + "|" + text + "]]"
	}
	if text == "" {
		text = t.title
	}
	p := t.slug + ".md"
	if frag != "" {
		p += "#" + frag
	}
	return "[" + text + "](" + p + ")"
}

func (dossierSyntax) sourceLink(s *sourceHead) string { return "[[sources/" + s.id + "]]" }

func (d dossierSyntax) cite(ids []string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = "@" + id
		if pin := d.pins[id]; pin != "" {
			items[i] += ` "` + pin + `"`
		}
	}
	return "[" + strings.Join(items, "; ") + "]"
}

func (dossierSyntax) citeQuote(id string) string { return "[@" + id + "]" }

// pins gives each source with excerpts the words that pin a citation to
// its first excerpt: the shortest run of three or more of its first words
// that no other excerpt of the source holds.
func (m *model) pins() map[string]string {
	out := make(map[string]string, len(m.sources))
	for _, s := range m.sources {
		if len(s.excerpts) == 0 {
			continue
		}
		w := strings.Fields(strings.TrimSuffix(s.excerpts[0], "."))
		for n := min(3, len(w)); n <= len(w); n++ {
			pin := strings.Join(w[:n], " ")
			unique := true
			for _, e := range s.excerpts[1:] {
				if strings.Contains(strings.ToLower(e), strings.ToLower(pin)) {
					unique = false
					break
				}
			}
			if unique {
				out[s.id] = pin
				break
			}
		}
	}
	return out
}

// hugoSyntax writes every cross-link and citation as a Markdown link to the
// target's content file; the render-link hook resolves it.
type hugoSyntax struct{ m *model }

func (hugoSyntax) link(t *noteHead, text, frag string, form int) string {
	p := "/notes/" + t.slug + ".md"
	if frag != "" {
		p += "#" + frag
	}
	return "[" + text + "](" + p + ")"
}

func (hugoSyntax) sourceLink(s *sourceHead) string { return "[](/sources/" + s.id + ".md)" }

func (h hugoSyntax) citeQuote(id string) string { return h.cite([]string{id}) }

func (hugoSyntax) cite(ids []string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "[cite](/sources/" + id + ".md)"
	}
	return strings.Join(parts, " ")
}

// body is a note's Markdown, written a block at a time, and its length in
// words.
type body struct {
	strings.Builder
	words int
}

func (b *body) para(s string) {
	b.WriteString(s)
	b.WriteString("\n\n")
	b.words += len(strings.Fields(s))
}

// note writes note i in the given syntax.
func (m *model) note(i int, sx syntax) []byte {
	h := &m.notes[i]
	r := m.stream(streamNoteBody, i)
	var fm strings.Builder
	fmt.Fprintf(&fm, "---\ntitle: %q\nsummary: %q\ntags: [%s]\n", h.title, h.summary, strings.Join(h.tags, ", "))
	if _, hugo := sx.(hugoSyntax); hugo {
		fmt.Fprintf(&fm, "date: %s\nlastmod: %s\n", h.published, h.updated)
	} else {
		fmt.Fprintf(&fm, "published: %s\nupdated: %s\n", h.published, h.updated)
	}
	srcIDs := make([]string, len(h.sources))
	for k, s := range h.sources {
		srcIDs[k] = m.sources[s].id
	}
	hasEvents := r.IntN(4) == 0
	if hasEvents {
		fm.WriteString("events:\n")
		for range 1 + r.IntN(3) {
			fmt.Fprintf(&fm, "  - date: %s\n    text: %q\n    sources: [%s]\n", date(r, 1990, 2026), sentence(r, 10+r.IntN(10)), pick(r, srcIDs))
		}
	}
	if r.IntN(50) == 0 {
		fmt.Fprintf(&fm, "aliases: [former-%s]\n", h.slug)
	}
	if r.IntN(10) == 0 {
		fmt.Fprintf(&fm, "revisions:\n  - date: %s\n    kind: %s\n    text: %q\n", h.updated, pick(r, []string{"correction", "update"}), sentence(r, 12))
	}
	fm.WriteString("---\n")

	// The cross-links, placed one to a paragraph or list item until none
	// are left; the rest go into a closing "See also" line.
	var links []string
	for range 3 + r.IntN(8) {
		t := r.IntN(len(m.notes))
		if t == i {
			t = (t + 1) % len(m.notes)
		}
		if t == i {
			break // a corpus of one note
		}
		th := &m.notes[t]
		text, frag := "", ""
		switch r.IntN(4) {
		case 1:
			text = words(r, 2+r.IntN(3))
		case 2:
			text = words(r, 2+r.IntN(2))
			frag = slug.Make(pick(r, th.headings))
		}
		links = append(links, sx.link(th, text, frag, r.IntN(3)))
	}
	if r.IntN(5) == 0 {
		links = append(links, sx.sourceLink(&m.sources[h.sources[0]]))
	}
	nextLink := func() string {
		if len(links) == 0 {
			return ""
		}
		l := links[0]
		links = links[1:]
		return l
	}
	citeOne := func() string { return sx.cite([]string{pick(r, srcIDs)}) }
	cited := func(n int, link string) string {
		c := citeOne()
		if len(srcIDs) > 1 && r.IntN(6) == 0 {
			a, b := r.IntN(len(srcIDs)), r.IntN(len(srcIDs))
			if a != b {
				c = sx.cite([]string{srcIDs[a], srcIDs[b]})
			}
		}
		return paragraph(r, n, link, c)
	}

	var b body
	b.para(cited(2+r.IntN(2), nextLink()))
	claimed := false
	for k, heading := range h.headings {
		level := "## "
		if k > 0 && r.IntN(4) == 0 {
			level = "### "
		}
		b.WriteString(level + heading + "\n\n")
		// Paragraphs until the section has about its share of the words
		// (the paragraph that passes the mark, and the blocks below, make
		// up the rest).
		for start := b.words; b.words-start < h.words*2/3/len(h.headings); {
			b.para(cited(2+r.IntN(4), nextLink()))
		}
		switch r.IntN(8) {
		case 0, 1:
			var items []string
			marker := "- "
			if r.IntN(3) == 0 {
				marker = "1. "
			}
			for range 3 + r.IntN(3) {
				items = append(items, marker+sentenceWith(r, 6+r.IntN(10), nextLink(), citeOne()))
			}
			b.para(strings.Join(items, "\n"))
		case 2:
			rows := []string{"| Item | Detail | Source |", "| --- | --- | --- |"}
			for range 2 + r.IntN(3) {
				rows = append(rows, fmt.Sprintf("| %s | %s | %s |", sentenceCase(words(r, 2)), words(r, 4+r.IntN(5)), citeOne()))
			}
			b.para(strings.Join(rows, "\n"))
		case 3:
			c := codeSamples[r.IntN(len(codeSamples))]
			b.para("```" + c.lang + "\n" + c.body + "\n```")
		case 4:
			// A quotation from a cited source, checked against its excerpts.
			s := &m.sources[h.sources[r.IntN(len(h.sources))]]
			e := strings.Fields(strings.TrimSuffix(s.excerpts[r.IntN(len(s.excerpts))], "."))
			from := r.IntN(max(len(e)-5, 1))
			q := strings.Join(e[from:min(from+4+r.IntN(5), len(e))], " ")
			b.para(fmt.Sprintf("%s %s wrote that \"%s\" %s.", sentenceCase(words(r, 3)), s.outlet, q, sx.citeQuote(s.id)))
		case 5:
			s := &m.sources[h.sources[r.IntN(len(h.sources))]]
			b.para("> " + s.excerpts[r.IntN(len(s.excerpts))] + " " + sx.citeQuote(s.id))
		case 6:
			if !claimed && r.IntN(2) == 0 {
				claimed = true
				b.para(claimBlock(r, h, srcIDs, sx))
			}
		}
		if k == 0 && hasEvents && r.IntN(2) == 0 {
			b.para("```timeline\n```")
		}
	}
	if len(links) > 0 {
		b.para("See also " + strings.Join(links, " and ") + ".")
	}
	return []byte(fm.String() + b.String())
}

func claimBlock(r *rand.Rand, h *noteHead, srcIDs []string, sx syntax) string {
	status := pick(r, []string{"confirmed", "reported", "denied", "disputed", "unknown"})
	lines := []string{
		fmt.Sprintf("> [!claim id=claim-%s status=%s]", h.slug, status),
		"> " + sentence(r, 10+r.IntN(10)),
		">",
	}
	for _, role := range []string{"reports", "denies", "context"}[:2+r.IntN(2)] {
		lines = append(lines, "> - "+role+": "+sentenceWith(r, 8+r.IntN(10), "", sx.cite([]string{pick(r, srcIDs)})))
	}
	return strings.Join(lines, "\n")
}

// source writes source i. Its text is the same for both generators, but
// for the name of the url key, which means the page's own address to Hugo.
func (m *model) source(i int, urlKey string) []byte {
	s := &m.sources[i]
	r := m.stream(streamSource, i+1<<30)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\noutlet: %q\nauthor: %q\npublished: %s\n%s: https://example.org/articles/%s\nkind: %s\nreliability: %q\nexcerpts:\n",
		s.title, s.outlet, s.author, s.published, urlKey, s.id, s.kind, sentence(r, 8+r.IntN(8)))
	for _, e := range s.excerpts {
		fmt.Fprintf(&b, "  - %q\n", e)
	}
	if len(s.cites) > 0 {
		ids := make([]string, len(s.cites))
		for k, c := range s.cites {
			ids[k] = m.sources[c].id
		}
		fmt.Fprintf(&b, "cites: [%s]\n", strings.Join(ids, ", "))
	}
	b.WriteString("---\n")
	b.WriteString("## What it is\n\n" + paragraph(r, 2+r.IntN(3), "", "") + "\n\n")
	b.WriteString("## Its limits\n\n" + paragraph(r, 1+r.IntN(3), "", "") + "\n")
	return []byte(b.String())
}

// paragraph writes n sentences; link goes into the first, and cite ends the
// last, before its full stop.
func paragraph(r *rand.Rand, n int, link, cite string) string {
	ss := make([]string, n)
	for k := range ss {
		l, c := "", ""
		if k == 0 {
			l = link
		}
		if k == n-1 {
			c = cite
		}
		ss[k] = sentenceWith(r, 8+r.IntN(14), l, c)
	}
	return strings.Join(ss, " ")
}

// sentenceWith writes a sentence of about n words with an optional link in
// it, some emphasis, and an optional citation before the full stop.
func sentenceWith(r *rand.Rand, n int, link, cite string) string {
	ws := strings.Fields(words(r, n))
	if len(ws) > 4 {
		switch k := 1 + r.IntN(len(ws)-2); r.IntN(12) {
		case 0:
			ws[k] = "*" + ws[k] + "*"
		case 1:
			ws[k] = "**" + ws[k] + "**"
		case 2:
			ws[k] = "`" + ws[k] + "`"
		}
	}
	if link != "" {
		k := 1 + r.IntN(len(ws))
		ws = slices.Insert(ws, min(k, len(ws)), link)
	}
	s := sentenceCase(strings.Join(ws, " "))
	if cite != "" {
		s += " " + cite
	}
	return s + "."
}

// sentence is a plain sentence of n words, with a full stop.
func sentence(r *rand.Rand, n int) string {
	return sentenceCase(words(r, n)) + "."
}

// words draws n words of the vocabulary.
func words(r *rand.Rand, n int) string {
	z := rand.NewZipf(r, 1.07, 3, uint64(len(vocabulary)-1))
	ws := make([]string, n)
	for k := range ws {
		ws[k] = vocabulary[z.Uint64()]
	}
	return strings.Join(ws, " ")
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// date is a YYYY-MM-DD date in the years from..to.
func date(r *rand.Rand, from, to int) string {
	return fmt.Sprintf("%04d-%02d-%02d", from+r.IntN(to-from+1), 1+r.IntN(12), 1+r.IntN(28))
}

// FS returns the files as an in-memory file system, for benchmarks.
func (fs Files) FS() fstest.MapFS {
	out := make(fstest.MapFS, len(fs))
	for p, data := range fs {
		out[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return out
}

// Write writes the files under dir, which must not exist or be empty.
func (fs Files) Write(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	made := map[string]bool{}
	for _, p := range fs.Paths() {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if d := filepath.Dir(full); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(full, fs[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}
