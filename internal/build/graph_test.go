package build_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestGraphs builds a site larger than the maps show and checks what they
// keep: the home page's 60 most connected pages, and a note's first pages
// on each side with the rest summed up as "and N more".
func TestGraphs(t *testing.T) {
	const notes = 80
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: T\n")}}
	site["content/sources/src.md"] = &fstest.MapFile{Data: []byte("---\ntitle: The source\noutlet: Outlet\nkind: news report\ncites: [older]\n---\nA source.\n")}
	site["content/sources/older.md"] = &fstest.MapFile{Data: []byte("---\ntitle: The older source\nkind: news report\n---\nAn older source.\n")}
	// Every note links to the hub; the hub links to every note and cites
	// both sources.
	var hub strings.Builder
	hub.WriteString("---\ntitle: Hub\n---\nThe hub [@src; @older].\n\n")
	for i := range notes {
		slug := fmt.Sprintf("n%02d", i)
		site["content/notes/"+slug+".md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Note %02d\n---\nSee [[hub]] [@src].\n", i))}
		fmt.Fprintf(&hub, "- [[%s]]\n", slug)
	}
	site["content/notes/hub.md"] = &fstest.MapFile{Data: []byte(hub.String())}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("build failed:\n%s", formatDiagnostics(res))
	}
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	nodes := regexp.MustCompile(`<a class="node[^"]*" href="([^"]*)"`)
	links := func(page string) []string {
		var hrefs []string
		for _, m := range nodes.FindAllStringSubmatch(out[page], -1) {
			hrefs = append(hrefs, m[1])
		}
		return hrefs
	}

	home := links("index.html")
	if len(home) != 60 {
		t.Errorf("home map has %d nodes; want 60", len(home))
	}
	for _, want := range []string{"/notes/hub/", "/sources/src/"} { // the most connected
		if !strings.Contains(strings.Join(home, " "), want) {
			t.Errorf("home map lacks %s", want)
		}
	}
	if want := "The 60 most connected of the site&#39;s 81 notes and 2 sources"; !strings.Contains(out["index.html"], want) {
		t.Errorf("home map's description lacks %q", want)
	}

	hubMap := links("notes/hub/index.html")
	// The hub links to all 80 notes and cites 2 sources (82 on the right,
	// 11 shown and "and 71 more"); every note links back, so none is left.
	if len(hubMap) != 1+12 {
		t.Errorf("hub map has %d nodes; want 13: %v", len(hubMap), hubMap)
	}
	if want := `<title>and 71 more: see the list on this page</title>`; !strings.Contains(out["notes/hub/index.html"], want) {
		t.Errorf("hub map lacks %q", want)
	}
	if hubMap[len(hubMap)-1] != "#references" {
		t.Errorf("hub map's last node links to %s; want #references", hubMap[len(hubMap)-1])
	}

	noteMap := links("notes/n05/index.html")
	if got := strings.Join(noteMap, " "); got != "/notes/n05/ /sources/src/ /notes/hub/" {
		t.Errorf("n05 map links = %s; want itself, the hub and the source", got)
	}
	srcMap := out["notes/hub/index.html"]
	if !strings.Contains(srcMap, `class="edge edge-relies"`) {
		t.Errorf("hub map does not show that src relies on older")
	}
}
