package view

import (
	"fmt"
	"html/template"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/cite"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/markup"
	"github.com/dossier-site/dossier/internal/packed"
	"github.com/dossier-site/dossier/internal/resolve"
)

// partial parses one of the default templates' partials, with the
// functions it calls.
func partial(t *testing.T, name string) *template.Template {
	t.Helper()
	src, err := os.ReadFile("../../templates/partials/" + name)
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{"date": func(d frontmatter.Date) string { return d.Human() }, "letter": cite.Letters}
	return template.Must(template.New(name).Funcs(funcs).Parse(string(src)))
}

// hostilePages are pages whose every text tries to break out of its place.
func hostilePages() []*resolve.Page {
	var pages []*resolve.Page
	for i, s := range hostile {
		src := &resolve.Page{Kind: resolve.KindSource, Title: s, URL: "/sources/" + s + "/",
			Source: &content.Source{Meta: content.SourceMeta{Title: s, Outlet: s, Reliability: s, URL: s}}}
		if i%3 == 0 {
			src.Source.Meta.Published = frontmatter.Date{Year: 2020, Month: i % 12}
			src.Relies = []*resolve.Page{{Title: s, Source: &content.Source{Meta: content.SourceMeta{Outlet: s}}}}
		} else if i%3 == 1 {
			src.Source.Meta.Published = frontmatter.Date{Unknown: true}
		}
		refs := []*resolve.Reference{{Number: i + 1, Source: src, Cites: 2}}
		if i%2 == 0 {
			refs[0].Passages = []*resolve.RefPassage{{Text: s, Cites: []int{1}},
				{Text: "two", Cites: []int{0, 1}}}
		}
		from := &resolve.Page{Title: s, URL: s}
		pages = append(pages, &resolve.Page{Title: s, References: refs,
			Backlinks: []*resolve.Backlink{{From: from, Context: packed.TextOf(s)}, {From: from}}})
	}
	// Many citations of one source: the back-links' letters go on past z.
	many := &resolve.Reference{Number: 1, Source: pages[1].References[0].Source, Cites: 30,
		Passages: []*resolve.RefPassage{{Text: "past z", Cites: []int{0, 25, 26, 29}}}}
	return append(pages, &resolve.Page{References: []*resolve.Reference{many}}, &resolve.Page{})
}

func TestReferencesMatchPartial(t *testing.T) {
	tmpl := partial(t, "references.html")
	for _, p := range hostilePages() {
		l := ListsOf(p)
		var want strings.Builder
		if err := tmpl.Execute(&want, l); err != nil {
			t.Fatal(err)
		}
		if got := string(References(l.References)); got != want.String() {
			t.Errorf("page %q:\n got %s\nwant %s", p.Title, got, want.String())
		}
	}
}

func TestBacklinksMatchPartial(t *testing.T) {
	tmpl := partial(t, "backlinks.html")
	for _, p := range hostilePages() {
		l := ListsOf(p)
		var want strings.Builder
		if err := tmpl.Execute(&want, l); err != nil {
			t.Fatal(err)
		}
		if got := string(Backlinks(l.Backlinks)); got != want.String() {
			t.Errorf("page %q:\n got %s\nwant %s", p.Title, got, want.String())
		}
	}
}

// TestListsEscape checks the hostile texts come out inert, whatever the
// partials do.
func TestListsEscape(t *testing.T) {
	var cs []*resolve.Citing
	var hs []markup.Heading
	for _, s := range hostile {
		cs = append(cs, &resolve.Citing{From: &resolve.Page{Title: s, URL: s}, Number: 1, Nth: int32(len(cs)), Sentence: packed.TextOf(s)})
		hs = append(hs, markup.Heading{Level: 2, ID: s, Text: s})
	}
	for _, p := range append(hostilePages(), &resolve.Page{Doc: &markup.Doc{Headings: hs}, CitedBy: cs}) {
		l := ListsOf(p)
		for _, html := range []template.HTML{References(l.References), Backlinks(l.Backlinks), TOC(l.Headings), Citings(citings(p.CitedBy, nil))} {
			for _, bad := range []string{"<script", "<img", `href="javascript:`, `href="JavaScript:`, `href="data:`, "\x00"} {
				if strings.Contains(string(html), bad) {
					t.Errorf("page %q: %q in\n%s", p.Title, bad, html)
				}
			}
		}
	}
}

// The ids resolve gives citations are cite.Anchor's, never hostile; the
// list's writer is held to the partial, and to inert output, on hostile
// ids all the same, so that neither leans on that.
func TestReferencesHostileAnchors(t *testing.T) {
	tmpl := partial(t, "references.html")
	var refs []Reference
	for i, s := range hostile {
		refs = append(refs, Reference{Number: i + 1, Anchors: []string{s, "cite-1-a"},
			Passages: []RefPassage{{Text: s, Cites: []PassageCite{{Anchor: s, Letter: s}}}}})
	}
	var want strings.Builder
	if err := tmpl.Execute(&want, Lists{References: refs}); err != nil {
		t.Fatal(err)
	}
	html := string(References(refs))
	if html != want.String() {
		t.Errorf("got %s\nwant %s", html, want.String())
	}
	for _, bad := range []string{"<script", "<img", `href="javascript:`, `href="JavaScript:`, `href="data:`, "\x00"} {
		if strings.Contains(html, bad) {
			t.Errorf("%q in\n%s", bad, html)
		}
	}
}

// ListsOf gives each citation of a source its id and letter from its
// place among the page's citations of it, past z as the anchors go on.
func TestListsOfAnchors(t *testing.T) {
	ref := &resolve.Reference{Number: 3, Cites: 30, Passages: []*resolve.RefPassage{{Text: "p", Cites: []int{0, 25, 26, 29}}}}
	l := ListsOf(&resolve.Page{References: []*resolve.Reference{ref}})
	got := l.References[0]
	if len(got.Anchors) != 30 || got.Anchors[0] != "cite-3-a" || got.Anchors[25] != "cite-3-z" || got.Anchors[26] != "cite-3-aa" || got.Anchors[29] != "cite-3-ad" {
		t.Errorf("Anchors = %q", got.Anchors)
	}
	want := []PassageCite{{"cite-3-a", "a"}, {"cite-3-z", "z"}, {"cite-3-aa", "aa"}, {"cite-3-ad", "ad"}}
	if !slices.Equal(got.Passages[0].Cites, want) {
		t.Errorf("passage cites = %v, want %v", got.Passages[0].Cites, want)
	}
	c := &resolve.Citing{Number: 3, Nth: 27}
	if c.Anchor() != "cite-3-ab" {
		t.Errorf("Citing.Anchor() = %q, want cite-3-ab", c.Anchor())
	}
}

func TestTOCMatchesPartial(t *testing.T) {
	tmpl := partial(t, "toc.html")
	var hs []markup.Heading
	for i, s := range hostile {
		hs = append(hs, markup.Heading{Level: 1 + i%5, ID: s, Text: s})
	}
	for _, headings := range [][]markup.Heading{nil, hs[:1], hs[:2], hs} {
		l := ListsOf(&resolve.Page{Doc: &markup.Doc{Headings: headings}})
		var want strings.Builder
		if err := tmpl.Execute(&want, l); err != nil {
			t.Fatal(err)
		}
		if got := string(TOC(l.Headings)); got != want.String() {
			t.Errorf("%d headings:\n got %s\nwant %s", len(headings), got, want.String())
		}
	}
}

func TestCitingsMatchTemplate(t *testing.T) {
	// The loop as templates/source.html had it (on the view's Citing).
	tmpl := template.Must(template.New("").Parse(`<ul>
{{- range .}}
<li><a href="{{.URL}}#{{.Anchor}}">{{.Title}}</a>{{with .Sentence}}: <q>{{.}}</q>{{end}}</li>
{{- end}}
</ul>`))
	var cs []*resolve.Citing
	for i, s := range hostile {
		cs = append(cs, &resolve.Citing{From: &resolve.Page{Title: s, URL: hostile[(i+3)%len(hostile)]}, Number: int32(i + 1), Nth: int32(i * 7), Sentence: packed.TextOf(hostile[(i+1)%len(hostile)])})
	}
	// Hostile ids too, which resolve never gives (see
	// TestReferencesHostileAnchors).
	var hostileIDs []Citing
	for i, s := range hostile {
		hostileIDs = append(hostileIDs, Citing{URL: hostile[(i+2)%len(hostile)], Title: s, Anchor: s, Sentence: hostile[(i+1)%len(hostile)]})
	}
	var lists [][]Citing
	for _, rlist := range [][]*resolve.Citing{nil, cs[:1], cs} {
		lists = append(lists, citings(rlist, sentences(rlist)))
	}
	for _, list := range append(lists, hostileIDs) {
		var want strings.Builder
		if err := tmpl.Execute(&want, list); err != nil {
			t.Fatal(err)
		}
		if got := "<ul>" + string(Citings(list)) + "\n</ul>"; got != want.String() {
			t.Errorf("%d citings:\n got %s\nwant %s", len(list), got, want.String())
		}
	}
}

// TestReferenceDates checks what a reference list says of a source's date:
// the date, or that the source gives none, never an empty span.
func TestReferenceDates(t *testing.T) {
	for _, tc := range []struct {
		date frontmatter.Date
		want string
	}{
		{frontmatter.Date{Year: 1994, Month: 12, Day: 5}, `<span class="date">5 December 1994</span>`},
		{frontmatter.Date{Year: 1994}, `<span class="date">1994</span>`},
		{frontmatter.Date{Unknown: true}, `<span class="date">date unknown</span>`},
		{frontmatter.Date{}, `<span class="date">date not given</span>`},
	} {
		src := &resolve.Page{Kind: resolve.KindSource, Title: "T", URL: "/sources/t/",
			Source: &content.Source{Meta: content.SourceMeta{Title: "T", Published: tc.date}}}
		got := string(References(ListsOf(&resolve.Page{References: []*resolve.Reference{{Number: 1, Source: src}}}).References))
		if !strings.Contains(got, tc.want) {
			t.Errorf("%+v: got %s\nwant it to hold %s", tc.date, got, tc.want)
		}
	}
}

// TestCardsMatchPartial holds CardsHTML, and each card's CardHTML between
// CardsStart and CardsEnd, to partials/cards.html, on cards
// whose every text tries to break out of its place, and on no cards.
func TestCardsMatchPartial(t *testing.T) {
	tmpl := partial(t, "cards.html")
	var cards []Card
	for i, s := range hostile {
		cards = append(cards, Card{URL: s, Title: s, Summary: hostile[(i+1)%len(hostile)]})
	}
	for _, cs := range [][]Card{nil, cards[:1], cards, {{URL: "/a/", Title: "A"}}} {
		var want strings.Builder
		if err := tmpl.Execute(&want, cs); err != nil {
			t.Fatal(err)
		}
		if got := string(CardsHTML(cs)); got != want.String() {
			t.Errorf("%d cards:\n got %s\nwant %s", len(cs), got, want.String())
		}
		joined := CardsStart
		for _, c := range cs {
			joined += CardHTML(c)
		}
		if got := joined + CardsEnd; got != want.String() {
			t.Errorf("%d cards, joined:\n got %s\nwant %s", len(cs), got, want.String())
		}
	}
}

// BenchmarkCardsHTML measures the home page's list at 10,000 notes, which
// a preview makes again on every edit of a note's title or summary.
func BenchmarkCardsHTML(b *testing.B) {
	cards := make([]Card, 10000)
	for i := range cards {
		cards[i] = Card{
			URL:     fmt.Sprintf("/notes/a-note-about-the-memorandum-%d/", i),
			Title:   fmt.Sprintf("The memorandum's assurances, part %d", i),
			Summary: "What the signatories promised & what they did not: a summary of the text and its readings",
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		CardsHTML(cards)
	}
}

// BenchmarkReferences measures a note's reference list: eight sources,
// each cited three times, two of them on passages it quotes.
func BenchmarkReferences(b *testing.B) {
	passage := strings.Repeat("The signatories reaffirm their commitment to respect the independence and sovereignty. ", 4)
	var refs []Reference
	for i := range 8 {
		refs = append(refs, Reference{
			Number:  i + 1,
			Source:  &RefSource{URL: fmt.Sprintf("/sources/source-%d/", i), Title: "Security guarantees & the memorandum", Outlet: "An outlet", Reliability: "A report", Original: "https://example.org/article"},
			Anchors: []string{fmt.Sprintf("cite-%d-a", i+1), fmt.Sprintf("cite-%d-b", i+1), fmt.Sprintf("cite-%d-c", i+1)},
			Passages: []RefPassage{
				{Text: passage, Cites: []PassageCite{{Anchor: fmt.Sprintf("cite-%d-a", i+1), Letter: "a"}}},
				{Text: passage, Cites: []PassageCite{{Anchor: fmt.Sprintf("cite-%d-b", i+1), Letter: "b"}, {Anchor: fmt.Sprintf("cite-%d-c", i+1), Letter: "c"}}},
			},
		})
	}
	b.ReportAllocs()
	for b.Loop() {
		References(refs)
	}
}
