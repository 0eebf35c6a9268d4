package graph

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestShorten(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Short", "Short"},
		{"  spaces   inside\n", "spaces inside"},
		{strings.Repeat("x", MaxLabel), strings.Repeat("x", MaxLabel)},
		{strings.Repeat("x", MaxLabel+1), strings.Repeat("x", MaxLabel-1) + "…"},
		{"The Budapest Memorandum on Security Assurances (1994)", "The Budapest Memorandum on…"},
		{"Меморандум про гарантії безпеки у зв'язку з приєднанням", "Меморандум про гарантії безпеки…"},
		{"Security guarantees for Ukraine, the territorial question", "Security guarantees for Ukraine…"}, // a whole word fits
		{"Security guarantees for Ukrainians and the others", "Security guarantees for…"},
	}
	for _, tt := range tests {
		got := shorten(tt.in)
		if got != tt.want {
			t.Errorf("shorten(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if n := len([]rune(got)); n > MaxLabel {
			t.Errorf("shorten(%q) has %d characters; want at most %d", tt.in, n, MaxLabel)
		}
	}
}

func ids(g Graph) string {
	var s []string
	for _, n := range g.Nodes {
		s = append(s, n.ID)
	}
	return strings.Join(s, " ")
}

// top is the subgraph of the n most connected nodes (MostConnected,
// counting both ends of each edge between nodes, repeats too), the nodes
// and edges kept in their order.
func top(g Graph, n int) Graph {
	if len(g.Nodes) <= n {
		return g
	}
	index := make(map[string]int, len(g.Nodes))
	for i, nd := range g.Nodes {
		index[nd.ID] = i
	}
	at := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		return -1
	}
	edges := make([][2]int, len(g.Edges))
	for i, e := range g.Edges {
		edges[i] = [2]int{at(e.From), at(e.To)}
	}
	degree := make([]int, len(g.Nodes))
	for _, e := range edges {
		if e[0] >= 0 && e[1] >= 0 {
			degree[e[0]]++
			degree[e[1]]++
		}
	}
	keep := MostConnected(degree, n)
	var out Graph
	for i, nd := range g.Nodes {
		if keep[i] {
			out.Nodes = append(out.Nodes, nd)
		}
	}
	for i, e := range g.Edges {
		if f, t := edges[i][0], edges[i][1]; f >= 0 && t >= 0 && keep[f] && keep[t] {
			out.Edges = append(out.Edges, e)
		}
	}
	return out
}

func TestTop(t *testing.T) {
	nodes := func(names ...string) []Node {
		var out []Node
		for _, n := range names {
			out = append(out, Node{ID: n})
		}
		return out
	}
	g := Graph{
		Nodes: nodes("a", "b", "c", "d", "e"),
		Edges: []Edge{{"a", "c", ""}, {"b", "c", ""}, {"d", "c", ""}, {"d", "b", ""}, {"e", "zz", ""}},
	}
	tests := []struct {
		n         int
		wantNodes string
		wantEdges int
	}{
		{10, "a b c d e", 5}, // everything fits: the graph as it was
		{1, "c", 0},
		{2, "b c", 1},
		{3, "b c d", 3}, // b and d tie at 2 edges with c; b comes first, d next
		{4, "a b c d", 4},
		{0, "", 0},
	}
	for _, tt := range tests {
		got := top(g, tt.n)
		if s := ids(got); s != tt.wantNodes {
			t.Errorf("top(g, %d) nodes = %q; want %q", tt.n, s, tt.wantNodes)
		}
		if len(got.Edges) != tt.wantEdges {
			t.Errorf("top(g, %d) has %d edges; want %d", tt.n, len(got.Edges), tt.wantEdges)
		}
	}
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name  string
		g     Graph
		order map[int]string // column -> node ids from top to bottom
	}{
		{
			name: "empty",
			g:    Graph{},
		},
		{
			name: "crossing undone",
			g: Graph{
				Nodes: []Node{{ID: "a"}, {ID: "b"}, {ID: "c", Layer: 1}, {ID: "d", Layer: 1}},
				Edges: []Edge{{"a", "d", "cite"}, {"b", "c", "cite"}},
			},
			order: map[int]string{0: "b a", 1: "c d"},
		},
		{
			name: "connected notes drawn together",
			g: Graph{
				Nodes: []Node{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "s", Layer: 1}, {ID: "t", Layer: 1}},
				Edges: []Edge{{"a", "s", "cite"}, {"c", "s", "cite"}, {"b", "t", "cite"}},
			},
			order: map[int]string{0: "a c b", 1: "s t"},
		},
		{
			name: "sparse layers are numbered in order",
			g: Graph{
				Nodes: []Node{{ID: "far", Layer: 7}, {ID: "near", Layer: -2}, {ID: "mid", Layer: 3}},
				Edges: []Edge{{"near", "mid", "link"}, {"mid", "far", "link"}, {"mid", "far", "link"}, {"mid", "nowhere", "link"}, {"mid", "mid", "link"}},
			},
			order: map[int]string{0: "near", 1: "mid", 2: "far"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Layout(tt.g)
			again := Layout(tt.g)
			if fmt.Sprint(d.At) != fmt.Sprint(again.At) {
				t.Errorf("two layouts differ: %v and %v", d.At, again.At)
			}
			byX := map[float64][]int{}
			var xs []float64
			for i, p := range d.At {
				if p.X <= 0 || p.X >= d.Width || p.Y <= 0 || p.Y >= d.Height {
					t.Errorf("node %s at %v is outside the %vx%v drawing", d.Nodes[i].ID, p, d.Width, d.Height)
				}
				if _, ok := byX[p.X]; !ok {
					xs = append(xs, p.X)
				}
				byX[p.X] = append(byX[p.X], i)
			}
			slices.Sort(xs)
			if len(xs) != len(tt.order) {
				t.Fatalf("%d columns; want %d", len(xs), len(tt.order))
			}
			for c, x := range xs {
				col := byX[x]
				slices.SortFunc(col, func(a, b int) int { return int(d.At[a].Y - d.At[b].Y) })
				var names []string
				for k, i := range col {
					names = append(names, d.Nodes[i].ID)
					if k > 0 && d.At[i].Y-d.At[col[k-1]].Y < rowH {
						t.Errorf("column %d: %s and %s are closer than a row", c, d.Nodes[col[k-1]].ID, d.Nodes[i].ID)
					}
				}
				if got := strings.Join(names, " "); got != tt.order[c] {
					t.Errorf("column %d = %q; want %q", c, got, tt.order[c])
				}
			}
			for _, n := range tt.g.Nodes {
				for _, m := range tt.g.Nodes {
					if n.Layer < m.Layer && d.At[slices.Index(d.Nodes, n)].X >= d.At[slices.Index(d.Nodes, m)].X {
						t.Errorf("%s (layer %d) is not left of %s (layer %d)", n.ID, n.Layer, m.ID, m.Layer)
					}
				}
			}
		})
	}
}

// site is a small map in the shape the home page draws: notes on the left,
// sources on the right.
var site = Graph{
	Nodes: []Node{
		{ID: "n/overview", Label: "Overview", URL: "/notes/overview/", Kind: "note"},
		{ID: "n/memo", Label: "The Budapest Memorandum on Security Assurances (1994)", URL: "/notes/memo/", Kind: "note"},
		{ID: "n/dispute", Label: "The dispute", URL: "/notes/dispute/", Kind: "note"},
		{ID: "s/treaty", Label: "Memorandum on Security Assurances", Title: "Source: United Nations Treaty Series, Memorandum on Security Assurances", URL: "/sources/treaty/", Kind: "source", Square: true, Layer: 1},
		{ID: "s/ft", Label: "FT report", URL: "/sources/ft/", Kind: "source", Layer: 1},
		{ID: "s/echo", Label: "Echo of the FT report", URL: "/sources/echo/", Kind: "source", Layer: 1},
	},
	Edges: []Edge{
		{"n/overview", "n/memo", "link"}, {"n/overview", "n/dispute", "link"}, {"n/dispute", "n/overview", "link"},
		{"n/overview", "s/treaty", "cite"}, {"n/memo", "s/treaty", "cite"},
		{"n/dispute", "s/ft", "cite"}, {"n/dispute", "s/echo", "cite"}, {"s/echo", "s/ft", "relies"},
	},
}

// neighbourhood is a note's map: what links to it, it, what it links to and
// cites.
var neighbourhood = Graph{
	Nodes: []Node{
		{ID: "n/overview", Label: "Overview", URL: "/notes/overview/", Kind: "note"},
		{ID: "n/who", Label: "Who is who", URL: "/notes/who/", Kind: "note"},
		{ID: "n/dispute", Label: "The dispute over the territorial linkage", URL: "/notes/dispute/", Kind: "note", Layer: 1, Current: true},
		{ID: "n/memo", Label: "The memorandum", URL: "/notes/memo/", Kind: "note", Layer: 2},
		{ID: "s/ft", Label: "FT report", URL: "/sources/ft/", Kind: "source", Square: true, Layer: 2},
		{ID: "more", Label: "and 12 more", URL: "#references", Kind: "more", Layer: 2},
	},
	Edges: []Edge{
		{"n/overview", "n/dispute", "link"}, {"n/who", "n/dispute", "link"},
		{"n/dispute", "n/memo", "link"}, {"n/dispute", "s/ft", "cite"},
	},
}

func TestSVGGolden(t *testing.T) {
	tests := []struct {
		name string
		g    Graph
		opts Options
	}{
		{"site", site, Options{ID: "site-map", Title: "Map of the site", Desc: "3 notes and 3 sources."}},
		{"neighbourhood", neighbourhood, Options{Title: "The dispute and its connections", Desc: "2 pages link here."}},
		{"single", Graph{Nodes: []Node{{ID: "a", Label: "Alone", URL: "/a/", Kind: "note", Current: true}}}, Options{Title: "Alone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SVG(tt.g, tt.opts)
			wellFormed(t, got)
			if again := SVG(tt.g, tt.opts); got != again {
				t.Errorf("two drawings of the same graph differ")
			}
			file := filepath.Join("testdata", tt.name+".svg")
			if *update {
				if err := os.WriteFile(file, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("SVG differs from %s (run go test -update and review the diff):\n%s", file, got)
			}
		})
	}
}

// wellFormed fails t unless svg is well-formed XML.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

func TestSVGEscapes(t *testing.T) {
	g := Graph{
		Nodes: []Node{
			{ID: "x", Label: `<script>alert("x")</script>`, Title: `Tom & "Jerry"`, URL: `/a?b=1&c="2"`, Kind: `note" onclick="x`},
			{ID: "y", Label: "Bad link", URL: "javascript:alert(1)", Kind: "note", Layer: 1},
			{ID: "z", Label: "No link", Kind: "note", Layer: 1},
		},
		Edges: []Edge{{"x", "y", `cite"><script>`}},
	}
	svg := SVG(g, Options{ID: `id"`, Title: "</title><script>", Desc: "a & b"})
	wellFormed(t, svg)
	for _, bad := range []string{"<script", "javascript:", `onclick="`, `"Jerry"`, "a & b"} {
		if strings.Contains(svg, bad) {
			t.Errorf("SVG holds %q:\n%s", bad, svg)
		}
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
		`href="/a?b=1&amp;c=&#34;2&#34;"`,
		`<title>Tom &amp; &#34;Jerry&#34;</title>`,
		`<g class="node node-note"><title>Bad link</title>`, // no link, no href
		`<g class="node node-note"><title>No link</title>`,
		`<path class="edge" d=`, // the unsafe kind is left out
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%s", want, svg)
		}
	}
}

// bigSite is a site of notes notes and notes/3 sources, each note linking to
// three others and citing two sources.
func bigSite(notes int) Graph {
	var g Graph
	sources := notes / 3
	for i := range notes {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("n%d", i), Label: fmt.Sprintf("A note with a long title, number %d", i), URL: fmt.Sprintf("/notes/n%d/", i), Kind: "note"})
	}
	for i := range sources {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("s%d", i), Label: fmt.Sprintf("Source %d", i), URL: fmt.Sprintf("/sources/s%d/", i), Kind: "source", Layer: 1})
	}
	for i := range notes {
		for _, j := range []int{i * 7, i*13 + 1, i * i} {
			g.Edges = append(g.Edges, Edge{fmt.Sprintf("n%d", i), fmt.Sprintf("n%d", j%notes), "link"})
		}
		for _, j := range []int{i, i*i + 3} {
			g.Edges = append(g.Edges, Edge{fmt.Sprintf("n%d", i), fmt.Sprintf("s%d", j%sources), "cite"})
		}
	}
	return g
}

func TestBigSite(t *testing.T) {
	g := top(bigSite(10000), 60)
	if len(g.Nodes) != 60 {
		t.Fatalf("top kept %d nodes; want 60", len(g.Nodes))
	}
	svg := SVG(g, Options{Title: "Map"})
	wellFormed(t, svg)
	if n := strings.Count(svg, "<a "); n != 60 {
		t.Errorf("SVG has %d links; want 60", n)
	}
}

// BenchmarkSite is the home page's map of a site of 10,000 notes: picking
// the 60 most connected pages, laying them out and writing the SVG.
func BenchmarkSite(b *testing.B) {
	g := bigSite(10000)
	b.ResetTimer()
	for b.Loop() {
		SVG(top(g, 60), Options{Title: "Map"})
	}
}

// BenchmarkNeighbourhood is one note's map with 40 neighbours; a site of
// 10,000 notes draws 10,000 of them.
func BenchmarkNeighbourhood(b *testing.B) {
	g := Graph{Nodes: []Node{{ID: "me", Label: "This note", Layer: 1, Current: true}}}
	for i := range 40 {
		id := fmt.Sprint(i)
		g.Nodes = append(g.Nodes, Node{ID: id, Label: "A neighbour with a long title " + id, URL: "/n/" + id + "/", Layer: 2 * (i % 2)})
		if i%2 == 0 {
			g.Edges = append(g.Edges, Edge{id, "me", "link"})
		} else {
			g.Edges = append(g.Edges, Edge{"me", id, "cite"})
		}
	}
	for b.Loop() {
		SVG(g, Options{Title: "Map"})
	}
}
