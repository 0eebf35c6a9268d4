package view

import (
	"fmt"
	"html/template"
	"slices"

	"github.com/dossier-site/dossier/internal/graph"
	"github.com/dossier-site/dossier/internal/resolve"
)

const (
	// siteGraphNodes is how many pages the home page's map shows: the most
	// connected, so that the map stays readable (and fast) on a large site.
	siteGraphNodes = 60
	// graphSide is how many pages each side of a note's map shows before
	// it sums up the rest as "and N more".
	graphSide = 12
)

// Edge kinds, which are also the edges' CSS classes (edge-link, ...).
const (
	edgeLink   = "link"   // a page links to a page
	edgeCite   = "cite"   // a note cites a source
	edgeRelies = "relies" // a source relies on a source (its `cites`)
)

// LinksFrom returns, for every page, the pages it links to, in site order
// (notes, then sources).
func LinksFrom(s *resolve.Site) map[*resolve.Page][]*resolve.Page {
	out := map[*resolve.Page][]*resolve.Page{}
	for _, t := range s.Pages() {
		for _, b := range t.Backlinks {
			out[b.From] = append(out[b.From], t)
		}
	}
	return out
}

// graphID names a page in a map: its output path, unique and at hand.
func graphID(p *resolve.Page) string { return p.Path }

func graphNode(p *resolve.Page, layer int) graph.Node {
	n := graph.Node{ID: graphID(p), Label: p.Title, Title: p.Title, URL: p.URL, Kind: string(p.Kind), Layer: layer}
	if p.Kind == resolve.KindSource {
		n.Title = "Source: " + p.CardLine()
		n.Square = true
	}
	return n
}

// SiteGraph draws the home page's map: the most connected notes (left)
// and sources (right), with the links and citations between them. It
// returns the pages the map shows, in the map's order, too: what the map
// shows of each is its title, address, kind and (for a source) card line;
// of the others, how many links, citations and `cites` they have.
func SiteGraph(s *resolve.Site, links map[*resolve.Page][]*resolve.Page) (template.HTML, []*resolve.Page) {
	pages := append(slices.Clone(s.Notes), s.Sources...)
	if len(pages) == 0 {
		return "", nil
	}
	// The edges by the pages' places: a link to a page not on the map
	// (the site's pages and folders are not) is no edge.
	at := make(map[*resolve.Page]int, len(pages))
	for i, p := range pages {
		at[p] = i
	}
	onMap := func(p *resolve.Page) bool { return p.Kind == resolve.KindNote || p.Kind == resolve.KindSource }
	// edges gives each edge from the pages of which from is true, in
	// order, to fn.
	edges := func(from func(int) bool, fn func(from, to *resolve.Page, kind string)) {
		for i, p := range pages {
			if !from(i) {
				continue
			}
			for _, t := range links[p] {
				if onMap(t) {
					fn(p, t, edgeLink)
				}
			}
			for _, ref := range p.References {
				fn(p, ref.Source, edgeCite)
			}
			for _, t := range p.Relies {
				fn(p, t, edgeRelies)
			}
		}
	}
	// The most connected pages, by place, counting both ends of each
	// edge between pages on the map: making every page a node and every
	// edge a value, looked up by ids, took most of the map's time and
	// 15 MB on a large site.
	degree := make([]int, len(pages))
	edges(func(int) bool { return true }, func(from, to *resolve.Page, _ string) {
		if f, ok := at[from]; ok {
			if t, ok := at[to]; ok {
				degree[f]++
				degree[t]++
			}
		}
	})
	shown := graph.MostConnected(degree, siteGraphNodes)
	var top graph.Graph
	var on []*resolve.Page
	for i, p := range pages {
		if shown[i] {
			layer := 0 // notes on the left, sources on the right
			if i >= len(s.Notes) {
				layer = 1
			}
			top.Nodes = append(top.Nodes, graphNode(p, layer))
			on = append(on, p)
		}
	}
	edges(func(i int) bool { return shown[i] }, func(from, to *resolve.Page, kind string) {
		// An edge to a page not among the nodes is left out (graph.SVG
		// would ignore it).
		if t, ok := at[to]; ok && shown[t] {
			top.Edges = append(top.Edges, graph.Edge{From: graphID(from), To: graphID(to), Kind: kind})
		}
	})
	total := len(pages)
	notes, sources := 0, 0
	for _, n := range top.Nodes {
		if n.Kind == string(resolve.KindSource) {
			sources++
		} else {
			notes++
		}
	}
	desc := fmt.Sprintf("%s and %s, notes on the left and sources on the right.", count(notes, "note"), count(sources, "source"))
	if len(top.Nodes) < total {
		desc = fmt.Sprintf("The %d most connected of the site's %s and %s: %s on the left, %s on the right.",
			len(top.Nodes), count(len(s.Notes), "note"), count(len(s.Sources), "source"), count(notes, "note"), count(sources, "source"))
	}
	desc += " " + graphLegend
	return template.HTML(graph.SVG(top, graph.Options{ID: "site-map", Title: "Map of the notes and sources", Desc: desc})), on //nolint:gosec // package graph escapes every text and address
}

// NoteGraph draws a note's map: the pages that link to it (left), the
// note, and the sources it cites and the pages it links to (right).
func NoteGraph(p *resolve.Page, links map[*resolve.Page][]*resolve.Page) template.HTML {
	g := graph.Graph{Nodes: []graph.Node{graphNode(p, 1)}}
	g.Nodes[0].Current = true
	// On the right, the sources first: when there are too many pages to
	// show, what the note stands on matters most.
	var right []*resolve.Page
	onRight := map[*resolve.Page]bool{p: true}
	for _, ref := range p.References {
		if !onRight[ref.Source] {
			onRight[ref.Source] = true
			right = append(right, ref.Source)
		}
	}
	for _, t := range links[p] {
		if !onRight[t] {
			onRight[t] = true
			right = append(right, t)
		}
	}
	var left []*resolve.Page
	for _, b := range p.Backlinks {
		if !onRight[b.From] {
			left = append(left, b.From)
		}
	}
	if len(left) == 0 && len(right) == 0 {
		return ""
	}
	// The lists made to size: a map is drawn for every note.
	g.Nodes = slices.Grow(g.Nodes, min(len(left), graphSide)+min(len(right), graphSide))
	g.Edges = make([]graph.Edge, 0, len(p.Backlinks)+len(links[p])+len(p.References))
	side := func(pages []*resolve.Page, layer int, more string) {
		shown := pages
		if len(pages) > graphSide {
			shown = pages[:graphSide-1]
		}
		for _, t := range shown {
			g.Nodes = append(g.Nodes, graphNode(t, layer))
		}
		if n := len(pages) - len(shown); n > 0 {
			g.Nodes = append(g.Nodes, graph.Node{ID: fmt.Sprintf("more/%d", layer), Label: fmt.Sprintf("and %d more", n),
				Title: fmt.Sprintf("and %d more: see the list on this page", n), URL: more, Kind: "more", Layer: layer})
		}
	}
	side(left, 0, "#backlinks")
	more := ""
	if len(p.References) > 0 {
		more = "#references"
	}
	side(right, 2, more)
	me := graphID(p)
	for _, b := range p.Backlinks {
		g.Edges = append(g.Edges, graph.Edge{From: graphID(b.From), To: me, Kind: edgeLink})
	}
	for _, t := range links[p] {
		g.Edges = append(g.Edges, graph.Edge{From: me, To: graphID(t), Kind: edgeLink})
	}
	for _, ref := range p.References {
		g.Edges = append(g.Edges, graph.Edge{From: me, To: graphID(ref.Source), Kind: edgeCite})
	}
	for _, t := range right { // provenance among the cited sources
		for _, u := range t.Relies {
			g.Edges = append(g.Edges, graph.Edge{From: graphID(t), To: graphID(u), Kind: edgeRelies})
		}
	}
	desc := fmt.Sprintf("On the left, %s linking to this note; on the right, %s it links to or cites. %s",
		count(len(left), "page"), count(len(right), "page"), graphLegend)
	return template.HTML(graph.SVG(g, graph.Options{ID: "note-map", Title: "Map of this note's connections", Desc: desc})) //nolint:gosec // package graph escapes every text and address
}

// graphLegend says what the maps' shapes and lines mean, in words.
const graphLegend = "Circles are notes, squares are sources; solid lines are links, dashed lines citations, dotted lines a source relying on another."

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
