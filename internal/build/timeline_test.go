package build_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestTimelineOnce checks that the site's /timeline/ page and a note's
// ```timeline all``` block show the same list, written by the same code:
// texts with quotes and markup characters, a month-only date, several
// sources and the note that discusses each event.
func TestTimelineOnce(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":           {Data: []byte("title: T\n")},
		"content/sources/a.md":   {Data: []byte("---\ntitle: Source A\noutlet: Outlet A\nkind: news report\n---\nA.\n")},
		"content/sources/b.md":   {Data: []byte("---\ntitle: Source B\noutlet: Outlet B & Co\nkind: news report\n---\nB.\n")},
		"content/notes/talks.md": {Data: []byte("---\ntitle: The \"talks\" <today>\nevents:\n  - date: 2026-01\n    text: Talks' start, \"at last\" <maybe> & more.\n    sources: [a, b]\n  - date: 1994-12-05\n    text: Signed.\n    sources: [b]\n---\nThe talks [@a].\n")},
		"content/notes/all.md":   {Data: []byte("---\ntitle: All\n---\nEvery event [@b].\n\n```timeline\nall\n```\n")},
	}
	res := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !res.OK() {
		t.Fatalf("build failed:\n%s", formatDiagnostics(res))
	}
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	list := regexp.MustCompile(`(?s)<ol class="timeline">.*?</ol>`)
	page := list.FindString(out["timeline/index.html"])
	block := list.FindString(out["notes/all/index.html"])
	if page == "" || block == "" {
		t.Fatalf("no timeline list: /timeline/ %q, note %q", page, block)
	}
	if page != block {
		t.Errorf("the /timeline/ page and the note's block differ:\n%s\n%s", page, block)
	}
	for _, want := range []string{
		`<time datetime="1994-12-05">5 December 1994</time>`,
		`<time datetime="2026-01">January 2026</time>`,
		`Talks' start, &quot;at last&quot; &lt;maybe&gt; &amp; more.`,
		`See <a href="/notes/talks/">The &quot;talks&quot; &lt;today&gt;</a>.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("timeline lacks %s:\n%s", want, page)
		}
	}
}
