// Package graph draws a small map of pages and the links between them as a
// static SVG, laid out at build time: the home page's map of the most
// connected notes and sources, and each note's neighbourhood. It knows
// nothing of notes or sources: its input is plain nodes (an id, a label, a
// link, a kind and a column) and edges (two ids and a kind).
//
// # Layout
//
// The layout is layered (in the manner of Sugiyama): the caller puts each
// node in a column (Node.Layer), and the layout only orders the nodes within
// each column and spaces them. Columns suit what the site shows: notes on
// the left and the sources they cite on the right, or a note in the middle
// between the pages that link to it and the pages it links to and cites.
// Every label then sits on its own row, beside its node, where a force-
// directed layout would let labels run into each other; and the cost is
// linear in the size of the graph, so it never needs to be tuned to stay
// fast.
//
// Within a column, nodes start in the order given and are then reordered by
// a fixed number of barycentre sweeps (each node moves towards the mean
// height of its neighbours, ties keeping their order), which untangles
// most crossings. Edges between columns are drawn as S-shaped curves, edges
// within a column as arcs bulging towards the other columns. Only the order
// of the input and fixed arithmetic decide the result, and coordinates are
// written rounded to a tenth, so the same graph always gives the same bytes.
//
// # Drawing
//
// Each node is an <a> link holding a circle, a text label (long labels are
// shortened with "…") and a <title> with the full name, so the map is
// readable, and every node can be followed, without JavaScript. The SVG has
// a <title> and <desc> for assistive technology; edges are decorative
// (aria-hidden), since the links they show are listed in the page's text.
// Nothing is coloured in the SVG itself: the elements carry classes (node,
// node-<kind>, current, edge, edge-<kind>, label) for the site's stylesheet,
// so the map follows the light and dark themes.
package graph

import (
	"cmp"
	"html"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Node is a page on the map.
type Node struct {
	ID      string // unique in the graph; edges refer to it
	Label   string // shown beside the node, shortened to MaxLabel characters
	Title   string // the full name, for the tooltip and screen readers; Label if empty
	URL     string // where the node links to; only http, https and relative addresses are kept
	Kind    string // a class name such as "note" or "source" (letters, digits, hyphens)
	Square  bool   // drawn as a square rather than a circle, so that kinds differ by shape too
	Layer   int    // the column, 0 the leftmost
	Current bool   // the page the map is shown on
}

// Edge is a link from one node to another.
type Edge struct {
	From, To string // node ids
	Kind     string // a class name such as "link" or "cite"
}

// Graph is a set of nodes and the edges between them. Edges that name a
// node not in Nodes are ignored, as are repeated edges.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Options configure a drawing.
type Options struct {
	// ID prefixes the SVG's element ids (title, description, arrow head);
	// it must be unique in the page. Default "graph".
	ID string
	// Title names the map for assistive technology; Desc describes it.
	Title, Desc string
}

// Sizes of the drawing, in pixels at a font size of 13px.
const (
	MaxLabel = 32  // characters of a label before it is shortened
	rowH     = 24  // the height of a row
	radius   = 5.0 // a node's circle
	current  = 7.0 // the current page's circle
	gap      = 9.0 // between a circle and its label
	charW    = 7.4 // the assumed width of a character
	layerGap = 180 // between two columns
	pad      = 8.0
	sweeps   = 4 // barycentre sweeps, each down and up the columns
)

// MostConnected returns which nodes, by place, are the n with the most
// edges (degree gives each node's count), ties going to the node given
// first.
func MostConnected(degree []int, n int) []bool {
	keep := make([]bool, len(degree))
	if len(degree) <= n {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	order := make([]int, len(degree))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return degree[b] - degree[a] })
	for _, i := range order[:max(n, 0)] {
		keep[i] = true
	}
	return keep
}

// Point is a position in the drawing.
type Point struct{ X, Y float64 }

// Drawing is a laid-out graph.
type Drawing struct {
	Width, Height float64
	Nodes         []Node   // the graph's nodes, in their order
	At            []Point  // the position of each node
	Edges         [][2]int // pairs of indexes into Nodes
	EdgeKinds     []string // the kind of each edge
	labels        []string // each node's label, shortened
	col           []int    // each node's column
	layers        int      // the number of columns
}

// Layout places the nodes of g; see the package comment.
func Layout(g Graph) *Drawing {
	d := &Drawing{Nodes: g.Nodes, At: make([]Point, len(g.Nodes)), labels: make([]string, len(g.Nodes))}
	if len(g.Nodes) == 0 {
		return d
	}
	for i, n := range g.Nodes {
		d.labels[i] = shorten(n.Label)
	}
	index := make(map[string]int, len(g.Nodes))
	for i, n := range g.Nodes {
		if _, dup := index[n.ID]; !dup {
			index[n.ID] = i
		}
	}
	type edgeKey struct {
		from, to int
		kind     string
	}
	seen := make(map[edgeKey]bool, len(g.Edges))
	for _, e := range g.Edges {
		f, okF := index[e.From]
		t, okT := index[e.To]
		k := edgeKey{f, t, e.Kind}
		if !okF || !okT || f == t || seen[k] {
			continue
		}
		seen[k] = true
		d.Edges = append(d.Edges, [2]int{f, t})
		d.EdgeKinds = append(d.EdgeKinds, e.Kind)
	}

	// Columns: the layers in use, renumbered 0, 1, 2, ...
	var used []int
	for _, n := range g.Nodes {
		if !slices.Contains(used, n.Layer) {
			used = append(used, n.Layer)
		}
	}
	slices.Sort(used)
	cols := make([][]int, len(used))
	col := make([]int, len(g.Nodes))
	for i, n := range g.Nodes {
		c, _ := slices.BinarySearch(used, n.Layer)
		col[i] = c
		cols[c] = append(cols[c], i)
	}
	d.col, d.layers = col, len(cols)
	tallest := 0
	for _, c := range cols {
		tallest = max(tallest, len(c))
	}
	top := pad
	if d.layers > 2 {
		top += rowH // room for the labels above the middle columns
	}
	y := func(c, row int) float64 {
		return top + float64(tallest-len(cols[c]))*rowH/2 + float64(row)*rowH + rowH/2
	}
	for c, nodes := range cols {
		for row, i := range nodes {
			d.At[i].Y = y(c, row)
		}
	}

	// Barycentre sweeps.
	neighbours := make([][]int, len(g.Nodes))
	for _, e := range d.Edges {
		neighbours[e[0]] = append(neighbours[e[0]], e[1])
		neighbours[e[1]] = append(neighbours[e[1]], e[0])
	}
	key := make([]float64, len(g.Nodes))
	reorder := func(c int) {
		for _, i := range cols[c] {
			key[i] = d.At[i].Y
			if len(neighbours[i]) > 0 {
				sum := 0.0
				for _, j := range neighbours[i] {
					sum += d.At[j].Y
				}
				key[i] = sum / float64(len(neighbours[i]))
			}
		}
		slices.SortStableFunc(cols[c], func(a, b int) int { return cmp.Compare(key[a], key[b]) })
		for row, i := range cols[c] {
			d.At[i].Y = y(c, row)
		}
	}
	for range sweeps {
		for c := range cols {
			reorder(c)
		}
		for c := len(cols) - 1; c >= 0; c-- {
			reorder(c)
		}
	}

	// Columns' x: room for the labels left of the first column and right
	// of the last.
	left, right := current+pad, current+pad
	if d.layers > 1 {
		for _, i := range cols[0] {
			left = max(left, labelWidth(d.labels[i])+gap+current+pad)
		}
	}
	for _, i := range cols[len(cols)-1] {
		right = max(right, labelWidth(d.labels[i])+gap+current+pad)
	}
	for i := range g.Nodes {
		d.At[i].X = left + float64(col[i])*layerGap
	}
	d.Width = math.Ceil(left + float64(d.layers-1)*layerGap + right)
	d.Height = math.Ceil(top + float64(tallest)*rowH + pad)
	return d
}

func labelWidth(label string) float64 {
	return float64(utf8.RuneCountInString(label)) * charW
}

// shorten cuts a label to MaxLabel characters, at a space where one is near.
func shorten(s string) string {
	if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) <= MaxLabel || utf8.RuneCountInString(s) <= MaxLabel {
		return s
	}
	end, n := 0, 0
	for i := range s {
		if n == MaxLabel-1 {
			end = i
			break
		}
		n++
	}
	cut := s[:end]
	if next := s[end]; next != ' ' && next != ',' && next != ';' && next != ':' {
		// The cut falls inside a word: end at the last space, if near.
		if i := strings.LastIndexByte(cut, ' '); i >= len(cut)*2/3 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}

// SVG lays out g and writes it as an SVG element for an HTML page.
func SVG(g Graph, opts Options) string {
	return Layout(g).SVG(opts)
}

// SVG writes the drawing as an SVG element for an HTML page.
func (d *Drawing) SVG(opts Options) string {
	id := opts.ID
	if id == "" {
		id = "graph"
	}
	// About the SVG's length when little needs escaping, so that it is
	// made in one buffer: a note page's map is written for every note.
	size := 700 + 2*len(opts.Title) + 2*len(opts.Desc) + 110*len(d.Edges)
	for i, n := range d.Nodes {
		title := n.Title
		if title == "" {
			title = n.Label
		}
		size += 170 + len(n.URL) + len(title) + len(d.labels[i])
	}
	w := &writer{}
	w.b.Grow(size)
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" class="graph-map" width="`).num(d.Width).s(`" height="`).num(d.Height)
	w.s(`" viewBox="0 0 `).num(d.Width).s(" ").num(d.Height)
	w.s(`" aria-labelledby="`).esc(id).s(`-title" aria-describedby="`).esc(id).s("-desc\">\n")
	w.s(`<title id="`).esc(id).s(`-title">`).esc(opts.Title).s("</title>\n")
	w.s(`<desc id="`).esc(id).s(`-desc">`).esc(opts.Desc).s("</desc>\n")
	// The arrow head, 7px wide: its tip stops short of a node's circle.
	const scale = 7.0 / 10 // pixels per unit of the marker's view box
	w.s(`<defs><marker id="`).esc(id).s(`-arrow" class="arrow" viewBox="0 0 10 10" refX="`).num(10 + (radius+1)/scale)
	w.s(`" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>` + "\n")

	w.s(`<g class="edges" aria-hidden="true">` + "\n")
	for k, e := range d.Edges {
		p, q := d.At[e[0]], d.At[e[1]]
		// Between columns an S-curve; within one, an arc bulging towards
		// the other columns.
		c1, c2 := Point{(p.X + q.X) / 2, p.Y}, Point{(p.X + q.X) / 2, q.Y}
		if p.X == q.X {
			bulge := min(layerGap*0.8, 12+math.Abs(q.Y-p.Y)*0.35)
			if d.layers > 1 && d.col[e[0]] == d.layers-1 {
				bulge = -bulge
			}
			c1, c2 = Point{p.X + bulge, p.Y}, Point{p.X + bulge, q.Y}
		}
		w.s(`<path class="edge`).s(classSuffix("edge-", d.EdgeKinds[k])).s(`" d="M`).pt(p).s("C").pt(c1).s(" ").pt(c2).s(" ").pt(q)
		w.s(`" marker-end="url(#`).esc(id).s("-arrow)\"/>\n")
	}
	w.s("</g>\n")

	w.s(`<g class="nodes">` + "\n")
	for i, n := range d.Nodes {
		p := d.At[i]
		r := radius
		class := "node" + classSuffix("node-", n.Kind)
		if n.Current {
			r = current
			class += " current"
		}
		title := n.Title
		if title == "" {
			title = n.Label
		}
		// Labels go left of the first column, right of the last, and above
		// the nodes of the columns between.
		t, anchor := Point{p.X, p.Y - r - gap}, "middle"
		switch {
		case d.layers > 1 && d.col[i] == 0:
			t, anchor = Point{p.X - r - gap, p.Y}, "end"
		case d.col[i] == d.layers-1:
			t, anchor = Point{p.X + r + gap, p.Y}, "start"
		}
		href, link := safeURL(n.URL)
		if link {
			w.s(`<a class="`).s(class).s(`" href="`).esc(href)
			if n.Current {
				w.s(`" aria-current="page`)
			}
			w.s(`">`)
		} else {
			w.s(`<g class="`).s(class).s(`">`)
		}
		w.s("<title>").esc(title).s("</title>")
		if n.Square {
			r *= 0.9 // a square looks as large as a slightly larger circle
			w.s(`<rect x="`).num(p.X - r).s(`" y="`).num(p.Y - r).s(`" width="`).num(2 * r).s(`" height="`).num(2 * r)
		} else {
			w.s(`<circle cx="`).num(p.X).s(`" cy="`).num(p.Y).s(`" r="`).num(r)
		}
		w.s(`"/><text class="label" x="`).num(t.X).s(`" y="`).num(t.Y).s(`" dy="0.35em" text-anchor="`).s(anchor).s(`">`)
		w.esc(d.labels[i]).s("</text>")
		if link {
			w.s("</a>\n")
		} else {
			w.s("</g>\n")
		}
	}
	w.s("</g>\n</svg>")
	return w.b.String()
}

// writer builds the SVG, into a string without a copy of it.
type writer struct {
	b      strings.Builder
	digits [24]byte // the digits num writes
}

func (w *writer) s(s string) *writer { w.b.WriteString(s); return w }

func (w *writer) esc(s string) *writer { return w.s(html.EscapeString(s)) }

// num writes a coordinate rounded to a tenth, without a needless ".0".
func (w *writer) num(v float64) *writer {
	t := int64(math.Round(v * 10))
	b := w.digits[:0]
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if t%10 != 0 {
		b = append(b, '.', byte('0'+t%10))
	}
	w.b.Write(b)
	return w
}

func (w *writer) pt(p Point) *writer { return w.num(p.X).s(",").num(p.Y) }

// classSuffix returns " prefix+kind" when kind is a safe class name.
func classSuffix(prefix, kind string) string {
	if kind == "" {
		return ""
	}
	for _, r := range kind {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return ""
		}
	}
	return " " + prefix + kind
}

// safeURL keeps relative addresses and http(s) ones.
func safeURL(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return s, true
	}
	return "", false
}
