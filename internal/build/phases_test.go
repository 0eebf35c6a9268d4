package build_test

import (
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/build"
)

var sink []byte

// TestPhasesMeasure checks that a phase measured in several steps is one
// entry, in the order phases first ran, and that what a step allocates
// counts in its phase.
func TestPhasesMeasure(t *testing.T) {
	var ps build.Phases
	ps.Measure("load", func() { sink = make([]byte, 1<<20) })
	ps.Measure("parse", func() {})
	ps.Measure("load", func() { sink = make([]byte, 1<<20) })
	if len(ps) != 2 || ps[0].Name != "load" || ps[1].Name != "parse" {
		t.Fatalf("phases %+v; want load, parse", ps)
	}
	if ps[0].Bytes < 2<<20 || ps[0].Objects < 2 {
		t.Errorf("load allocated %d bytes in %d objects; want at least the 2 MiB in 2 objects its steps did", ps[0].Bytes, ps[0].Objects)
	}
	total := ps.Total()
	if total.Bytes != ps[0].Bytes+ps[1].Bytes || total.Wall != ps[0].Wall+ps[1].Wall {
		t.Errorf("total %+v is not the sum of %+v", total, ps)
	}
	var b strings.Builder
	if err := ps.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[1], "load ") || !strings.HasPrefix(lines[2], "parse ") || !strings.HasPrefix(lines[3], "total ") {
		t.Errorf("table:\n%s", b.String())
	}
	// Every column ends where its heading ends.
	for _, l := range lines[1:4] {
		if len(l) != len(lines[0]) {
			t.Errorf("row %q is not as wide as the heading %q", l, lines[0])
		}
	}
	if !strings.Contains(b.String(), "\nload: ") || strings.Contains(b.String(), "\nrender: ") {
		t.Errorf("notes are for the phases that ran:\n%s", b.String())
	}
}
