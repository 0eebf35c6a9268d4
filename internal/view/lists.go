package view

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/dossier-site/dossier/internal/cite"
)

// References returns a page's reference list as the default
// templates/partials/references.html writes it, in Go: a note with many
// citations ran that partial's loops through html/template's reflection
// for most of its render time. Every text is escaped (Text, URL,
// Fragment); TestReferencesMatchPartial holds the output to the partial's.
func References(refs []Reference) template.HTML {
	if len(refs) == 0 {
		return "\n"
	}
	var b strings.Builder
	b.Grow(referencesSize(refs))
	b.WriteString("\n<section class=\"references\" aria-labelledby=\"references\">\n<h2 id=\"references\">References</h2>\n<ol>")
	for _, ref := range refs {
		b.WriteString("\n<li id=\"ref-")
		b.WriteString(strconv.Itoa(ref.Number))
		b.WriteString(`">`)
		if src := ref.Source; src != nil {
			b.WriteString(`<span class="ref-source">`)
			if src.Outlet != "" {
				b.WriteString(`<span class="outlet">`)
				writeText(&b, src.Outlet)
				b.WriteString(`</span>, `)
			}
			b.WriteString(`<a href="`)
			writeURL(&b, src.URL)
			b.WriteString(`">`)
			writeText(&b, src.Title)
			b.WriteString(`</a>`)
			// As sources.html says it: a source without a date says so
			// (Human gives "date unknown" for `published: unknown`).
			date := src.Published.Human()
			if src.Published.IsZero() {
				date = "date not given"
			}
			b.WriteString(`, <span class="date">`)
			writeText(&b, date)
			b.WriteString(`</span>.</span>`)
			if r := src.Reports; r != "" {
				b.WriteString(` <span class="provenance">This source `)
				writeText(&b, r)
				b.WriteString(`.</span>`)
			}
			if src.Reliability != "" {
				b.WriteString(` <span class="ref-reliability">`)
				writeText(&b, src.Reliability)
				b.WriteString(`</span>`)
			}
			if src.Original != "" {
				b.WriteString(` <a class="ref-url" href="`)
				writeURL(&b, src.Original)
				b.WriteString(`" rel="noopener noreferrer">Original</a>`)
			}
		}
		b.WriteString("\n<span class=\"backrefs\">")
		for i, a := range ref.Anchors {
			writeBackref(&b, a, cite.Letters(i))
		}
		b.WriteString(`</span>`)
		if len(ref.Passages) > 0 {
			b.WriteString("\n<ul class=\"ref-passages\">")
			for _, ps := range ref.Passages {
				b.WriteString("\n<li><blockquote class=\"ref-passage\"><p>")
				writeText(&b, ps.Text)
				b.WriteString("</p></blockquote>\n<span class=\"passage-backrefs\">For citation")
				if len(ps.Cites) >= 2 {
					b.WriteString("s")
				}
				for _, c := range ps.Cites {
					writeBackref(&b, c.Anchor, c.Letter)
				}
				b.WriteString("</span></li>")
			}
			b.WriteString("\n</ul>")
		}
		b.WriteString("\n</li>")
	}
	b.WriteString("\n</ol>\n</section>\n\n")
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

// writeBackref writes a link back to the citation whose id is anchor,
// labelled by its letter.
func writeBackref(b *strings.Builder, anchor, letter string) {
	b.WriteString(` <a href="#`)
	writeText(b, urlProcess(anchor, false))
	b.WriteString(`" aria-label="Back to citation `)
	writeText(b, letter)
	b.WriteString(`">↑`)
	writeText(b, letter)
	b.WriteString(`</a>`)
}

// referencesSize is about the length of References(refs) when little of
// it needs escaping: the list is made to size, not doubled as it grows (a
// note's list quotes the passages its citations rest on, and the lists of
// a 10,000-note site's pages took 200 MB of its build's allocation).
func referencesSize(refs []Reference) int {
	n := 120
	for _, ref := range refs {
		n += 60
		if src := ref.Source; src != nil {
			n += 200 + len(src.Outlet) + len(src.URL) + len(src.Title) + len(src.Reports) + len(src.Reliability) + len(src.Original)
		}
		n += 40 + 70*len(ref.Anchors)
		for _, ps := range ref.Passages {
			n += 110 + len(ps.Text) + 70*len(ps.Cites)
		}
	}
	return n
}

// CardsHTML returns a list of cards (the notes of the home page, of a
// topic, of a folder) as the default templates/partials/cards.html writes
// it, in Go (see References): at 10,000 notes, the home page's list ran
// through html/template's reflection for 40 to 90 ms of every rebuild that
// changed a note's title or summary. TestCardsMatchPartial holds the
// output to the partial's.
func CardsHTML(cards []Card) template.HTML {
	var b strings.Builder
	n := 0
	for _, c := range cards {
		n += len(c.URL) + len(c.Title) + len(c.Summary) + 40
	}
	b.Grow(n + 30)
	b.WriteString(CardsStart)
	for _, c := range cards {
		writeCard(&b, c)
	}
	b.WriteString(CardsEnd)
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

// CardsStart and CardsEnd open and close CardsHTML's list, around the
// cards' HTML (CardHTML).
const (
	CardsStart = `<ul class="cards">`
	CardsEnd   = "\n</ul>\n"
)

// CardHTML returns one card of CardsHTML's list, with the line break
// before it: CardsStart, each card's CardHTML and CardsEnd, joined, are
// CardsHTML(cards). A preview keeps a long list's cards' HTML from one
// rebuild to the next (render.Cache), since at 10,000 notes the home
// page's list is 2 MB of escaped text, written again on every edit of a
// note's title or summary for one card changed.
func CardHTML(c Card) string {
	var b strings.Builder
	b.Grow(len(c.URL) + len(c.Title) + len(c.Summary) + 40)
	writeCard(&b, c)
	return b.String()
}

func writeCard(b *strings.Builder, c Card) {
	b.WriteString("\n<li><a href=\"")
	writeURL(b, c.URL)
	b.WriteString(`">`)
	writeText(b, c.Title)
	b.WriteString(`</a>`)
	if c.Summary != "" {
		b.WriteString(`<p>`)
		writeText(b, c.Summary)
		b.WriteString(`</p>`)
	}
	b.WriteString("</li>")
}

// Backlinks returns the list of pages that link to a page as the default
// templates/partials/backlinks.html writes it, in Go (see References);
// TestBacklinksMatchPartial holds the output to the partial's.
func Backlinks(links []Backlink) template.HTML {
	if len(links) == 0 {
		return "\n"
	}
	n := 0
	for _, l := range links {
		n += len(l.From.URL) + len(l.From.Title) + len(l.Context) + 40
	}
	var b strings.Builder
	b.Grow(n + 120)
	b.WriteString("\n<section class=\"backlinks\" aria-labelledby=\"backlinks\">\n<h2 id=\"backlinks\">Linked from</h2>\n<ul>")
	for _, l := range links {
		b.WriteString("\n<li><a href=\"")
		writeURL(&b, l.From.URL)
		b.WriteString(`">`)
		writeText(&b, l.From.Title)
		b.WriteString(`</a>`)
		if l.Context != "" {
			b.WriteString(`<p class="context">`)
			writeText(&b, l.Context)
			b.WriteString(`</p>`)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n</section>\n\n")
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

// TOC returns a page's table of contents as the default
// templates/partials/toc.html writes it, in Go (see References):
// headings of levels 1 to 3, when the page has more than one heading.
// TestTOCMatchesPartial holds the output to the partial's.
func TOC(headings []Heading) template.HTML {
	if len(headings) < 2 {
		return "\n"
	}
	var b strings.Builder
	b.WriteString("\n<nav class=\"toc\" aria-labelledby=\"toc\">\n<h2 id=\"toc\">Contents</h2>\n<ol>")
	for _, h := range headings {
		if h.Level > 3 {
			continue
		}
		b.WriteString("\n<li class=\"toc-l" + strconv.Itoa(h.Level) + `"><a href="#` + Fragment(h.ID) + `">` + Text(h.Text) + "</a></li>")
	}
	b.WriteString("\n</ol>\n</nav>\n\n")
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

// Citings returns the items of a list of places that cite a source, as
// templates/source.html's loops over them wrote them: each "\n<li>" with a
// link to the citation and the sentence that carries it.
// TestCitingsMatchTemplate holds the output to that loop's.
func Citings(cs []Citing) template.HTML {
	n := 0
	for _, c := range cs {
		n += len(c.URL) + len(c.Anchor) + len(c.Title) + len(c.Sentence) + 40
	}
	var b strings.Builder
	b.Grow(n)
	for _, c := range cs {
		b.WriteString("\n<li><a href=\"")
		writeURL(&b, c.URL)
		b.WriteString("#")
		writeText(&b, urlProcess(c.Anchor, false))
		b.WriteString(`">`)
		writeText(&b, c.Title)
		b.WriteString("</a>")
		if c.Sentence != "" {
			b.WriteString(": <q>")
			writeText(&b, c.Sentence)
			b.WriteString("</q>")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}
