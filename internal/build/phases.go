package build

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"time"
)

// Phase is what one phase of a build cost: its wall time, and what the
// whole process allocated and collected while it ran (runtime/metrics).
// Work that runs beside a phase counts in the phase it overlaps: the search
// index, written from the end of parse while resolve and render go on, and
// the files written as they are rendered (see PhaseNotes).
type Phase struct {
	Name    string
	Wall    time.Duration
	Bytes   uint64 // bytes allocated on the heap
	Objects uint64 // heap objects allocated
	GCs     uint64 // garbage collections completed
}

// Phases are the phases of a build in the order they first ran; a phase run
// in several steps (resolve runs before and after parse) is one entry, the
// sum of its steps.
type Phases []Phase

// PhaseNotes say what each phase of Run does, and what runs beside it.
var PhaseNotes = []struct{ Name, Note string }{
	{"load", "read the files, decode front matter, git dates, article texts"},
	{"resolve", "before parse: the pages, tags and events from front matter; after: backlinks, cited-by and the checks across pages"},
	{"parse", "each page parsed and, on the same goroutine, resolved, indexed for search (with an output folder, its search fragment written) and its body rendered to HTML, GOMAXPROCS pages at a time"},
	{"view", "what many pages' views read: the links between pages and the index of related notes; each page's own view value is made in render, as the page is rendered, so that the build never holds them all"},
	{"render", "each page's view value and its template run, pages, assets, maps and feeds, and the search index (written alongside from the end of parse); with an output folder, each file is written as it is rendered; in the preview (a build with a Cache), the view phase's links and related-notes index too, made again or kept from the last build"},
	{"write", "the schemas and published files written, and the output folder swapped in"},
}

// phaseMetrics are the counters a Phase reads, in the order of its fields.
var phaseMetrics = []string{"/gc/heap/allocs:bytes", "/gc/heap/allocs:objects", "/gc/cycles/total:gc-cycles"}

func readCounters(samples []metrics.Sample) (bytes, objects, gcs uint64) {
	metrics.Read(samples)
	return samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64()
}

// Measure runs fn as phase name, or a further step of it, and adds what it
// cost. It is not safe for concurrent use.
func (ps *Phases) Measure(name string, fn func()) {
	samples := make([]metrics.Sample, len(phaseMetrics))
	for i, m := range phaseMetrics {
		samples[i].Name = m
	}
	b0, o0, g0 := readCounters(samples)
	start := time.Now()
	fn()
	wall := time.Since(start)
	b1, o1, g1 := readCounters(samples)
	p := ps.phase(name)
	p.Wall += wall
	p.Bytes += b1 - b0
	p.Objects += o1 - o0
	p.GCs += g1 - g0
}

func (ps *Phases) phase(name string) *Phase {
	for i := range *ps {
		if (*ps)[i].Name == name {
			return &(*ps)[i]
		}
	}
	*ps = append(*ps, Phase{Name: name})
	return &(*ps)[len(*ps)-1]
}

// Total sums the phases.
func (ps Phases) Total() Phase {
	t := Phase{Name: "total"}
	for _, p := range ps {
		t.Wall += p.Wall
		t.Bytes += p.Bytes
		t.Objects += p.Objects
		t.GCs += p.GCs
	}
	return t
}

// WriteTable writes the phases as an aligned table, with their total and
// a note on each, for `dossier build -timings`.
func (ps Phases) WriteTable(w io.Writer) error {
	rows := [][]string{{"phase", "wall ms", "allocated MiB", "objects", "GCs"}}
	for _, p := range append(ps[:len(ps):len(ps)], ps.Total()) {
		rows = append(rows, []string{p.Name, fmt.Sprint(p.Wall.Milliseconds()), fmt.Sprintf("%.1f", float64(p.Bytes)/(1<<20)), fmt.Sprint(p.Objects), fmt.Sprint(p.GCs)})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s", widths[0], r[0]) // names to the left, figures to the right
		for i, c := range r[1:] {
			fmt.Fprintf(&b, "  %*s", widths[i+1], c)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Allocation and GCs are the whole process's while the phase ran (GOMAXPROCS=%d).\n", runtime.GOMAXPROCS(0))
	for _, n := range PhaseNotes {
		if ps.has(n.Name) {
			fmt.Fprintf(&b, "%s: %s.\n", n.Name, n.Note)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (ps Phases) has(name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}
