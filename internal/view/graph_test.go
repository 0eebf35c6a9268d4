package view

import (
	"fmt"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/graph"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestSiteGraph holds SiteGraph, which counts the pages' edges by place, to
// the map drawn the plain way: every page a node named by its id, every
// edge by ids, graph.Top for the most connected. Sites of random links,
// citations and sources' `cites`, below and above the map's size, with
// links to pages not on the map and repeated links, give the same bytes.
func TestSiteGraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(60, 61))
	for round := range 60 {
		notes := make([]*resolve.Page, rng.IntN(90))
		sources := make([]*resolve.Page, rng.IntN(30))
		for i := range notes {
			notes[i] = &resolve.Page{Kind: resolve.KindNote, Path: fmt.Sprintf("notes/n%d/index.html", i), URL: fmt.Sprintf("/notes/n%d/", i), Title: fmt.Sprint("Note ", i)}
		}
		for i := range sources {
			sources[i] = &resolve.Page{Kind: resolve.KindSource, Path: fmt.Sprintf("sources/s%d/index.html", i), URL: fmt.Sprintf("/sources/s%d/", i), Title: fmt.Sprint("Source ", i)}
		}
		standalone := &resolve.Page{Kind: resolve.KindPage, Path: "about/index.html", URL: "/about/", Title: "About"}
		all := append(slices.Clone(notes), sources...)
		links := map[*resolve.Page][]*resolve.Page{}
		for _, p := range all {
			for range rng.IntN(6) {
				switch k := rng.IntN(10); {
				case k == 0:
					links[p] = append(links[p], standalone)
				case k < 7 && len(notes) > 0:
					links[p] = append(links[p], notes[rng.IntN(len(notes))])
				case len(sources) > 0:
					links[p] = append(links[p], sources[rng.IntN(len(sources))])
				}
			}
			for range rng.IntN(4) {
				if len(sources) > 0 {
					p.References = append(p.References, &resolve.Reference{Source: sources[rng.IntN(len(sources))]})
				}
			}
			if p.Kind == resolve.KindSource && len(sources) > 0 && rng.IntN(3) == 0 {
				p.Relies = append(p.Relies, sources[rng.IntN(len(sources))])
			}
		}
		s := &resolve.Site{Notes: notes, Sources: sources}
		got, shown := SiteGraph(s, links)
		if want := plainSiteGraph(s, links); got != want {
			t.Fatalf("round %d (%d notes, %d sources): the map differs from the plain drawing\n got %s\nwant %s", round, len(notes), len(sources), got, want)
		}
		// The pages it says it shows are the map's nodes: as many, each
		// a link to one of them.
		if n := strings.Count(string(got), `<a class="node`); n != len(shown) {
			t.Fatalf("round %d: SiteGraph says it shows %d pages; the map has %d nodes", round, len(shown), n)
		}
		for _, p := range shown {
			if !strings.Contains(string(got), `href="`+p.URL+`"`) {
				t.Fatalf("round %d: SiteGraph says it shows %s, which the map does not link to:\n%s", round, p.URL, got)
			}
		}
	}
}

// plainSiteGraph is SiteGraph as it was first written: every page a node,
// every edge by ids, and the subgraph of the most connected by ids.
func plainSiteGraph(s *resolve.Site, links map[*resolve.Page][]*resolve.Page) template.HTML {
	var g graph.Graph
	for _, p := range s.Notes {
		g.Nodes = append(g.Nodes, graphNode(p, 0))
	}
	for _, p := range s.Sources {
		g.Nodes = append(g.Nodes, graphNode(p, 1))
	}
	if len(g.Nodes) == 0 {
		return ""
	}
	onMap := func(p *resolve.Page) bool { return p.Kind == resolve.KindNote || p.Kind == resolve.KindSource }
	for _, p := range append(slices.Clone(s.Notes), s.Sources...) {
		for _, t := range links[p] {
			if onMap(t) {
				g.Edges = append(g.Edges, graph.Edge{From: graphID(p), To: graphID(t), Kind: edgeLink})
			}
		}
		for _, ref := range p.References {
			g.Edges = append(g.Edges, graph.Edge{From: graphID(p), To: graphID(ref.Source), Kind: edgeCite})
		}
		for _, t := range p.Relies {
			g.Edges = append(g.Edges, graph.Edge{From: graphID(p), To: graphID(t), Kind: edgeRelies})
		}
	}
	top := g
	if len(g.Nodes) > siteGraphNodes {
		index := map[string]int{}
		for i, n := range g.Nodes {
			index[n.ID] = i
		}
		end := func(id string) int {
			if i, ok := index[id]; ok {
				return i
			}
			return -1
		}
		var ends [][2]int
		for _, e := range g.Edges {
			ends = append(ends, [2]int{end(e.From), end(e.To)})
		}
		degree := make([]int, len(g.Nodes))
		for _, e := range ends {
			if e[0] >= 0 && e[1] >= 0 {
				degree[e[0]]++
				degree[e[1]]++
			}
		}
		keep := graph.MostConnected(degree, siteGraphNodes)
		top = graph.Graph{}
		for i, n := range g.Nodes {
			if keep[i] {
				top.Nodes = append(top.Nodes, n)
			}
		}
		for i, e := range g.Edges {
			if f, t := ends[i][0], ends[i][1]; f >= 0 && t >= 0 && keep[f] && keep[t] {
				top.Edges = append(top.Edges, e)
			}
		}
	}
	notes, sources := 0, 0
	for _, n := range top.Nodes {
		if n.Kind == string(resolve.KindSource) {
			sources++
		} else {
			notes++
		}
	}
	desc := fmt.Sprintf("%s and %s, notes on the left and sources on the right.", count(notes, "note"), count(sources, "source"))
	if len(top.Nodes) < len(g.Nodes) {
		desc = fmt.Sprintf("The %d most connected of the site's %s and %s: %s on the left, %s on the right.",
			len(top.Nodes), count(len(s.Notes), "note"), count(len(s.Sources), "source"), count(notes, "note"), count(sources, "source"))
	}
	desc += " " + graphLegend
	return template.HTML(graph.SVG(top, graph.Options{ID: "site-map", Title: "Map of the notes and sources", Desc: desc})) //nolint:gosec // package graph escapes every text and address
}
