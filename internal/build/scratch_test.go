package build_test

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

func TestScratch(t *testing.T) {
	real := os.DirFS("../..")
	site := fstest.MapFS{}
	for _, pattern := range []string{"dossier.yaml", "content/notes/*.md", "content/sources/*.md"} {
		files, _ := fs.Glob(real, pattern)
		for _, f := range files {
			data, _ := fs.ReadFile(real, f)
			site[f] = &fstest.MapFile{Data: data}
		}
	}
	c := build.NewCache()
	c.CheckSkips()
	run := func(changed ...string) {
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: c, Changed: changed})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		sameBuild(t, got, want)
		t.Logf("%v: skip errors %q", changed, c.SkipErrors())
	}
	run()
	if os.Getenv("CSS") != "" {
		site["templates/assets/style.css"] = &fstest.MapFile{Data: []byte("body { margin: 2px }\n")}
		run("templates/assets/style.css")
	}
	p := "content/notes/article-5-style-guarantees.md"
	site[p] = &fstest.MapFile{Data: append(site[p].Data, "\nMore [@lisbon-protocol-1992]. See [[overview]].\n"...)}
	run(p)
}
