package build_test

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
	"github.com/dossier-site/dossier/internal/resolve"
	"golang.org/x/tools/txtar"
)

// sameBuild fails t unless got and want hold the same diagnostics and the
// same files, byte for byte.
func sameBuild(t *testing.T, got, want *build.Result) {
	t.Helper()
	if g, w := formatDiagnostics(got), formatDiagnostics(want); g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		var only []string
		for _, l := range gl {
			if !slices.Contains(wl, l) {
				only = append(only, "  with the cache only: "+l)
			}
		}
		for _, l := range wl {
			if !slices.Contains(gl, l) {
				only = append(only, "  without only:        "+l)
			}
		}
		t.Errorf("the diagnostics differ (%d with the cache, %d without):\n%s", len(got.Diagnostics), len(want.Diagnostics), strings.Join(only, "\n"))
	}
	plain := func(f render.File) []byte {
		data, err := f.Plain()
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		return data
	}
	gotFiles := map[string][]byte{}
	for _, f := range got.Files {
		gotFiles[f.Path] = plain(f)
	}
	var wrong []string
	for _, f := range want.Files {
		g, ok := gotFiles[f.Path]
		switch w := plain(f); {
		case !ok:
			wrong = append(wrong, f.Path+" is missing")
		case !bytes.Equal(g, w):
			wrong = append(wrong, f.Path+" differs:\n"+firstDifference(g, w))
		}
		delete(gotFiles, f.Path)
	}
	for p := range gotFiles {
		wrong = append(wrong, p+" should not be there")
	}
	slices.Sort(wrong)
	for _, w := range wrong {
		t.Errorf("with the cache, %s", w)
	}
}

// changedFiles lists, sorted, the files of b that are not in a or differ
// from a's, and the files of a that are not in b.
func changedFiles(a, b *build.Result) []string {
	old := map[string][]byte{}
	for _, f := range a.Files {
		old[f.Path] = f.Data
	}
	changed := []string{}
	for _, f := range b.Files {
		if data, ok := old[f.Path]; !ok || !bytes.Equal(data, f.Data) {
			changed = append(changed, hashed.ReplaceAllString(f.Path, ".HASH.$1"))
		}
		delete(old, f.Path)
	}
	for p := range old {
		if !hashed.MatchString(p) { // a file named by its content is replaced by another
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return slices.Compact(changed)
}

// firstDifference shows where two files part.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	return "  got:  ..." + string(got[from:min(i+80, len(got))]) + "\n  want: ..." + string(want[from:min(i+80, len(want))])
}

// TestCacheEdits applies the edits of testdata/incremental/edits.txtar one
// by one and checks that a build with a cache gives the same result as a
// full build each time, and renders only the pages the edit affects.
func TestCacheEdits(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/incremental/edits.txtar")
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	type step struct {
		about  string
		write  map[string][]byte
		delete []string
		fresh  []string // nil: not checked
		// same are the pages whose key changed but whose view value did
		// not, kept without executing their template; nil: not checked.
		same []string
		// changed are the files whose bytes differ from the last step's
		// (new, gone or edited); nil: not checked. An edit should change
		// only the files that show what it changed, so that the preview
		// reloads, and a deployment uploads, only those.
		changed []string
		fails   bool // the build is expected to fail
	}
	steps := map[string]*step{}
	var names []string
	for _, f := range ar.Files {
		if p, ok := strings.CutPrefix(f.Name, "site/"); ok {
			site[p] = &fstest.MapFile{Data: f.Data}
			continue
		}
		rest, ok := strings.CutPrefix(f.Name, "step/")
		if !ok {
			t.Fatalf("%s: not under site/ or step/", f.Name)
		}
		name, p, _ := strings.Cut(rest, "/")
		s := steps[name]
		if s == nil {
			s = &step{write: map[string][]byte{}}
			steps[name] = s
			names = append(names, name)
		}
		switch p {
		case "about":
			s.about = strings.TrimSpace(string(f.Data))
		case "delete":
			s.delete = strings.Fields(string(f.Data))
		case "fresh":
			s.fresh = append([]string{}, strings.Fields(string(f.Data))...)
		case "same":
			s.same = append([]string{}, strings.Fields(string(f.Data))...)
		case "changed":
			s.changed = append([]string{}, strings.Fields(string(f.Data))...)
		case "fails":
			s.fails = true
		default:
			s.write[p] = f.Data
		}
	}
	slices.Sort(names)

	cache := build.NewCache()
	first := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, first, build.Run(build.Options{Site: site, Templates: dossier.Templates()}))
	if !first.OK() {
		t.Fatalf("the site before the edits does not build:\n%s", formatDiagnostics(first))
	}
	last := first
	for _, name := range names {
		s := steps[name]
		t.Run(name, func(t *testing.T) {
			for _, p := range s.delete {
				if site[p] == nil {
					t.Fatalf("step deletes %s, which is not there", p)
				}
				delete(site, p)
			}
			for p, data := range s.write {
				site[p] = &fstest.MapFile{Data: data}
			}
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if want.OK() == s.fails {
				t.Fatalf("%s\nthe build has OK() = %v; the step expects %v:\n%s", s.about, want.OK(), !s.fails, formatDiagnostics(want))
			}
			t.Logf("%s\nrendered afresh: %q; the same view: %q", s.about, cache.Fresh(), cache.Same())
			if s.fresh != nil {
				if fresh := cache.Fresh(); !slices.Equal(fresh, s.fresh) {
					t.Errorf("%s\nrendered afresh %q; want %q", s.about, fresh, s.fresh)
				}
			}
			if s.same != nil {
				if same := cache.Same(); !slices.Equal(same, s.same) {
					t.Errorf("%s\nthe same view %q; want %q", s.about, same, s.same)
				}
			}
			if want.OK() {
				changed := changedFiles(last, want)
				t.Logf("changed: %q", changed)
				if s.changed != nil && !slices.Equal(changed, s.changed) {
					t.Errorf("%s\nchanged %q; want %q", s.about, changed, s.changed)
				}
				last = want
			}
		})
	}
}

// rebuild builds site through cache, told that the file at path changed
// (none when path is ""), and without a cache, and fails t unless the two
// give the same files and diagnostics; it returns both.
func rebuild(t *testing.T, site fstest.MapFS, cache *build.Cache, path string) (got, want *build.Result) {
	t.Helper()
	var changed []string
	if path != "" {
		changed = []string{path}
	}
	got = build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
	want = build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	sameBuild(t, got, want)
	return got, want
}

// TestCacheRealContent builds the repository's own site twice with one
// cache: the second build parses and renders no note or source again, and
// both give what a full build gives. This is what keeps the reuse of parsed
// pages safe as the resolve stage grows: resolving a page twice must give
// what resolving it once gives.
func TestCacheRealContent(t *testing.T) {
	site := os.DirFS("../..")
	want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !want.OK() {
		t.Skipf("the site's content does not build:\n%s", formatDiagnostics(want))
	}
	cache := build.NewCache()
	first := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, first, want)
	second := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	sameBuild(t, second, want)
	if second.Stats.Parsed != 0 {
		t.Errorf("second build parsed %d files; want 0", second.Stats.Parsed)
	}
	if fresh := cache.Fresh(); len(fresh) != 0 {
		t.Errorf("second build rendered %q again; want none", fresh)
	}
}

// TestCacheFailedPage checks that a page that fails to render is not
// served from the cache afterwards: an edit elsewhere, which leaves the
// failing page's inputs as they were, must fail the build again rather
// than bring back the page's last good bytes.
func TestCacheFailedPage(t *testing.T) {
	note := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body + "\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml": {Data: []byte("title: Failing\n")},
		// A custom template that fails on a note citing one source.
		"templates/note.html":   {Data: []byte(`{{define "main"}}{{with .Lists.References}}<p>Second source: {{(index . 1).Source.Title}}</p>{{end}}{{end}}`)},
		"content/notes/a.md":    note("A", "A cites two sources [@s1; @s2]."),
		"content/notes/b.md":    note("B", "B shares no source or topic with A. {no citation}"),
		"content/sources/s1.md": {Data: []byte("---\ntitle: One\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nOne.\n")},
		"content/sources/s2.md": {Data: []byte("---\ntitle: Two\noutlet: T\npublished: 2026-01-02\nkind: news report\n---\nTwo.\n")},
	}
	cache := build.NewCache()
	steps := []struct {
		about string
		file  string
		edit  *fstest.MapFile
		ok    bool
	}{
		{"the site as it is", "", nil, true},
		{"A cites one source: its page fails", "content/notes/a.md", note("A", "A cites one source [@s1]."), false},
		{"an edit to B, which A's page does not show, leaves A failing", "content/notes/b.md", note("B", "B, edited, shares no source or topic with A. {no citation}"), false},
		{"A mended", "content/notes/a.md", note("A", "A cites two sources again [@s1; @s2]."), true},
	}
	for _, step := range steps {
		if step.file != "" {
			site[step.file] = step.edit
		}
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		if got.OK() != step.ok || want.OK() != step.ok {
			t.Fatalf("%s: the build with the cache has OK() = %v, without %v; want %v:\n%s", step.about, got.OK(), want.OK(), step.ok, formatDiagnostics(got))
		}
		sameBuild(t, got, want)
	}
}

// TestCacheTemplateBroken breaks a site's template and edits a note's text
// in the same step, then mends the template: the build that fails renders
// nothing, and the next must still render the note's new text, though its
// templates are the last rendered ones again.
func TestCacheTemplateBroken(t *testing.T) {
	note := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: A\n---\n" + body + " {no citation}\n")}
	}
	good := &fstest.MapFile{Data: []byte(`{{define "main"}}<article>{{.Content}}</article>{{end}}`)}
	site := fstest.MapFS{
		"dossier.yaml":        {Data: []byte("title: Broken\n")},
		"templates/note.html": good,
		"content/notes/a.md":  note("The first text."),
		"content/notes/b.md":  note("Another note."),
	}
	for _, watched := range []bool{false, true} {
		cache := build.NewCache()
		for _, step := range []struct {
			about string
			edits map[string]*fstest.MapFile
			ok    bool
		}{
			{"the site as it is", nil, true},
			{"the template broken, and a's text edited", map[string]*fstest.MapFile{
				"templates/note.html": {Data: []byte(`{{define "main"}}{{.Content}`)},
				"content/notes/a.md":  note("The second text."),
			}, false},
			{"the template mended", map[string]*fstest.MapFile{"templates/note.html": good}, true},
		} {
			var changed []string
			for p, f := range step.edits {
				site[p] = f
				changed = append(changed, p)
			}
			if !watched || step.edits == nil {
				changed = nil
			}
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			if got.OK() != step.ok || want.OK() != step.ok {
				t.Fatalf("%s (watched %v): the build with the cache has OK() = %v, without %v; want %v:\n%s", step.about, watched, got.OK(), want.OK(), step.ok, formatDiagnostics(got))
			}
			sameBuild(t, got, want)
		}
	}
}

// TestCacheLinkTargetGone checks that a page whose body the cache reuses
// forgets what it showed of a link's target once the target is gone: the
// sentence around a citation reads a link without text as the target's
// title, and the passage-unpinned warning suggests the excerpt sharing most
// words with that sentence, which a full build, with no title, does not.
func TestCacheLinkTargetGone(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Gone\n")},
		"content/notes/a.md":   {Data: []byte("---\ntitle: A\n---\nIt cites [@s] and links [[b]].\n")},
		"content/notes/b.md":   {Data: []byte("---\ntitle: Echo foxtrot golf\n---\nB [@s \"Alpha bravo\"].\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: S\noutlet: O\npublished: 2026-01-01\nkind: news report\nexcerpts:\n  - \"Alpha bravo charlie delta.\"\n  - \"Echo foxtrot golf hotel.\"\n---\nS.\n")},
	}
	cache := build.NewCache()
	for _, step := range []string{"as it is", "b deleted", "b back", "b a draft"} {
		switch step {
		case "b deleted":
			delete(site, "content/notes/b.md")
		case "b back":
			site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Echo foxtrot golf\n---\nB [@s \"Alpha bravo\"].\n")}
		case "b a draft":
			site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Echo foxtrot golf\ndraft: true\n---\nB [@s \"Alpha bravo\"].\n")}
		}
		t.Run(step, func(t *testing.T) {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
		})
	}
}

// TestCacheLinkedSourceRelies checks that a note's map follows a source the
// note links to (not cites) when the source comes to rely on another: the
// map shows the source's card line ("reports ...") and the dotted line to
// the source it relies on, which the note's cached page must not miss.
func TestCacheLinkedSourceRelies(t *testing.T) {
	source := func(id, cites string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: Source " + id + "\noutlet: Outlet " + id + "\npublished: 2026-01-01\nkind: news report\n" + cites + "---\nS.\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":          {Data: []byte("title: Relies\n")},
		"content/notes/a.md":    {Data: []byte("---\ntitle: A\n---\nA cites one [@s1] and links the other, [[sources/s2]], and [[sources/s3]].\n")},
		"content/sources/s1.md": source("s1", ""),
		"content/sources/s2.md": source("s2", ""),
		"content/sources/s3.md": source("s3", ""),
	}
	cache := build.NewCache()
	for _, step := range []string{"as it is", "s2 cites s3", "s2 cites s1", "s2 cites none"} {
		switch step {
		case "s2 cites s3":
			site["content/sources/s2.md"] = source("s2", "cites: [s3]\n")
		case "s2 cites s1":
			site["content/sources/s2.md"] = source("s2", "cites: [s1]\n")
		case "s2 cites none":
			site["content/sources/s2.md"] = source("s2", "")
		}
		t.Run(step, func(t *testing.T) {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/sources/s2.md"}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			if !want.OK() {
				t.Fatalf("the site does not build:\n%s", formatDiagnostics(want))
			}
			sameBuild(t, got, want)
		})
	}
}

// TestCacheBodyMoves checks that the positions of a page's warnings follow
// its body when the body moves with its bytes unchanged: an editor deletes
// the closing --- of the front matter, which the load stage guesses back
// where it was, so the front matter and the body read as before, one line
// up.
func TestCacheBodyMoves(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Moves\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\n\nA links itself, [[a]]. {no citation}\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\nB. {no citation}\n")},
	}
	cache := build.NewCache()
	for _, step := range []string{"as it is", "closing line deleted", "closing line back"} {
		switch step {
		case "closing line deleted":
			site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n\nA links itself, [[a]]. {no citation}\n")}
		case "closing line back":
			site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\n\nA links itself, [[a]]. {no citation}\n")}
		}
		t.Run(step, func(t *testing.T) {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/notes/a.md"}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
		})
	}
}

// TestCacheConfigKeysMove edits dossier.yaml so that its values stay the
// same but its keys move down a line (a key set to its default put above
// them), while an error names one of them: the cached build must name the
// key's new line, as a fresh build does.
func TestCacheConfigKeysMove(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":              {Data: []byte("title: Moves\nhome: overview\n")},
		"content/notes/overview.md": {Data: []byte("---\ntitle: Overview\ndraft: true\n---\nAn overview. {no citation}\n")},
		"content/notes/b.md":        {Data: []byte("---\ntitle: B\n---\nB. {no citation}\n")},
	}
	cache := build.NewCache()
	for _, step := range []struct{ name, config, at string }{
		{"as it is", "title: Moves\nhome: overview\n", "dossier.yaml:2:7"},
		{"a default above", "title: Moves\nlanguage: en\nhome: overview\n", "dossier.yaml:3:7"},
	} {
		site["dossier.yaml"] = &fstest.MapFile{Data: []byte(step.config)}
		t.Run(step.name, func(t *testing.T) {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"dossier.yaml"}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if !strings.Contains(formatDiagnostics(got), step.at) {
				t.Errorf("no diagnostic at %s:\n%s", step.at, formatDiagnostics(got))
			}
		})
	}
}

// TestCacheClaimsKept edits the body of a note with claims, after them and
// then before them: the first keeps the site's claims (resolve.Refinish),
// the second makes them again, and each cached build must report the
// duplicate claim id where a fresh build does.
func TestCacheClaimsKept(t *testing.T) {
	note := func(before, after string) []byte {
		return []byte("---\ntitle: N\n---\n" + before + "It was said [@a].\n\n> [!claim id=one status=reported]\n> It was.\n>\n> - reports: so it says [@a].\n\n" +
			"> [!claim id=one status=reported]\n> Twice.\n>\n> - reports: so it says [@a].\n\n" + after + "It was said again [@a].\n")
	}
	site := fstest.MapFS{
		"dossier.yaml":           {Data: []byte("title: Claims\nhome: n\n")},
		"content/notes/n.md":     {Data: note("", "")},
		"content/sources/a.md":   {Data: []byte("---\ntitle: A\n---\n")},
		"content/notes/other.md": {Data: []byte("---\ntitle: Other\n---\nOther [@a].\n")},
	}
	cache := build.NewCache()
	build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	for _, step := range []struct{ name, before, after, at string }{
		{"a word after the claims", "", "Later, ", "content/notes/n.md:11:3"},
		{"a paragraph before the claims", "First. {no citation}\n\n", "Later, ", "content/notes/n.md:13:3"},
		{"a word after them again", "First. {no citation}\n\n", "Much later, ", "content/notes/n.md:13:3"},
	} {
		site["content/notes/n.md"] = &fstest.MapFile{Data: note(step.before, step.after)}
		t.Run(step.name, func(t *testing.T) {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/notes/n.md"}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if !strings.Contains(formatDiagnostics(got), "duplicate-claim "+step.at) {
				t.Errorf("no duplicate-claim at %s:\n%s", step.at, formatDiagnostics(got))
			}
		})
	}
}

// TestCacheHeadingLinks edits the headings of a note that another links
// to by heading, between cached builds that resolve again only the edited
// note (resolve.Refinish): the link to the heading must be checked again
// though the page that holds it was not resolved again, and each cached
// build must report what a fresh build reports.
func TestCacheHeadingLinks(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Headings\nhome: a\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nSee [[b#terms]] {no citation}.\n")},
		"content/notes/c.md": {Data: []byte("---\ntitle: C\n---\nSee [[a]] {no citation}.\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\n## Terms\n\nThe terms {no citation}.\n")},
	}
	cache := build.NewCache()
	if res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}); !res.OK() {
		t.Fatalf("the site does not build:\n%s", formatDiagnostics(res))
	}
	for _, step := range []struct {
		name, edited, body string
		missing            bool
	}{
		{"the heading renamed", "content/notes/b.md", "## Conditions\n\nThe terms {no citation}.\n", true},
		{"another note edited", "content/notes/c.md", "See [[a]] again {no citation}.\n", true},
		{"the heading back", "content/notes/b.md", "## Terms\n\nThe terms, again {no citation}.\n", false},
		{"the heading gone again", "content/notes/b.md", "The terms {no citation}.\n", true},
	} {
		t.Run(step.name, func(t *testing.T) {
			title := strings.ToUpper(path.Base(step.edited)[:1])
			site[step.edited] = &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + step.body)}
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{step.edited}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if got.Stats.Resolved != 1 {
				t.Errorf("%d pages resolved again, want the edited one", got.Stats.Resolved)
			}
			if missing := strings.Contains(formatDiagnostics(got), "unknown-anchor content/notes/a.md:"); missing != step.missing {
				t.Errorf("the link to b#terms reported missing: %v, want %v:\n%s", missing, step.missing, formatDiagnostics(got))
			}
		})
	}
	// Front matter and a heading changed at once: the site is begun again
	// around the same pages, and a, which read neither c nor b's front
	// matter, keeps its result; its link to b's heading, gone, must be
	// checked again all the same.
	t.Run("a title and the heading at once", func(t *testing.T) {
		site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\n## Terms\n\nThe terms {no citation}.\n")}
		site["content/notes/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\n---\nSee [[a]] {no citation}.\n")}
		if res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}); !res.OK() {
			t.Fatalf("the site does not build:\n%s", formatDiagnostics(res))
		}
		site["content/notes/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\nThe terms {no citation}.\n")}
		site["content/notes/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C, retitled\n---\nSee [[a]] {no citation}.\n")}
		changed := []string{"content/notes/b.md", "content/notes/c.md"}
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
		sameBuild(t, got, want)
		if got.Stats.Resolved != 2 {
			t.Errorf("%d pages resolved again, want b and c", got.Stats.Resolved)
		}
		if !strings.Contains(formatDiagnostics(got), "unknown-anchor content/notes/a.md:") {
			t.Errorf("the link to b#terms not reported missing:\n%s", formatDiagnostics(got))
		}
	})
}

// TestCacheFrontEditResolvesReaders edits front matter between cached
// builds: the build must resolve again only the edited pages and the pages
// whose resolve read what changed (a link's title, a citation's card line,
// which names the sources a source relays; not a linked note's tags or
// dates), keep the render keys of pages that
// show none of them (every skipped key is checked), and give the same site
// as a fresh build. A change of aliases, which changes what any link
// finds, resolves and fingerprints every page again.
func TestCacheFrontEditResolvesReaders(t *testing.T) {
	note := func(title, extra, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n" + extra + "---\n" + body + "\n")}
	}
	events := func(text string) string {
		return "events:\n  - date: 2026-01-02\n    text: " + text + "\n    sources: [s1]\n"
	}
	source := func(id, outlet, cites string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: Source " + id + "\noutlet: " + outlet + "\npublished: 2026-01-01\nkind: news report\n" + cites + "---\nS.\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":          {Data: []byte("title: Readers\n")},
		"content/notes/a.md":    note("A", "", "A cites the source that relays [@s2 \"Talks were held\"]."),
		"content/notes/b.md":    note("B", "", "B links [[c]]. {no citation}"),
		"content/notes/c.md":    note("C", "", "C stands alone. {no citation}"),
		"content/notes/d.md":    note("D", "", "D links [C](c.md) too. {no citation}"),
		"content/notes/h.md":    note("H", "", "H embeds c. {no citation}\n\n![[c]]\n\nAnd links [[e|another note]]. {no citation}"),
		"content/notes/e.md":    note("E", "", "E links none. {no citation}"),
		"content/notes/f.md":    note("F", events("First"), "F shows its events. {no citation}\n\n```timeline\n```"),
		"content/notes/g.md":    note("G", "", "G shows every note's events. {no citation}\n\n```timeline\nall\n```"), // read as the whole site: resolved again on any front-matter edit
		"content/sources/s1.md": source("s1", "Outlet One", ""),
		"content/sources/s2.md": source("s2", "Outlet Two", "cites: [s1]\nexcerpts: [\"Talks were held.\"]\n"),
	}
	all := len(site) - 1
	cache := build.NewCache()
	cache.CheckSkips()
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
		resolved   int
	}{
		{"as it is", "", nil, all},
		{"c's title", "content/notes/c.md", note("C, retitled", "", "C stands alone. {no citation}"), 4},                                                            // c, b and h, which show its title, and g; not d, whose link has text of its own
		{"c's summary", "content/notes/c.md", note("C, retitled", "summary: Now with one.\n", "C stands alone. {no citation}"), 5},                                  // c, b, d, h: a link shows its target's summary; and g
		{"c's tags", "content/notes/c.md", note("C, retitled", "summary: Now with one.\ntags: [topic]\n", "C stands alone. {no citation}"), 2},                      // c, g: b and d read its surface alone
		{"c's date", "content/notes/c.md", note("C, retitled", "summary: Now with one.\ntags: [topic]\nupdated: 2026-02-03\n", "C stands alone. {no citation}"), 2}, // the same
		{"e's title", "content/notes/e.md", note("E, retitled", "", "E links none. {no citation}"), 2},                                                              // e, g: not h, whose link to e has text of its own
		{"e's summary", "content/notes/e.md", note("E, retitled", "summary: E sums up.\n", "E links none. {no citation}"), 3},                                       // e, h, g
		{"f's event", "content/notes/f.md", note("F", events("Second"), "F shows its events. {no citation}\n\n```timeline\n```"), 2},                                // f, g
		{"s1's outlet", "content/sources/s1.md", source("s1", "Outlet Renamed", ""), 5},                                                                             // s1, s2 (which relays s1), a, f (whose event cites s1), g
		{"s2's excerpts", "content/sources/s2.md", source("s2", "Outlet Two", "cites: [s1]\nexcerpts: [\"Talks were held.\", \"Terms were set.\"]\n"), 3},           // s2, a (which cites it): a source's citations read its front matter; g
		{"an alias of e", "content/notes/e.md", note("E, retitled", "summary: E sums up.\naliases: [e-old]\n", "E links none. {no citation}"), all},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			got, want := rebuild(t, site, cache, step.path)
			if !want.OK() || len(want.Diagnostics) > 0 {
				t.Fatalf("the site does not build cleanly:\n%s", formatDiagnostics(want))
			}
			if got.Stats.Resolved != step.resolved {
				t.Errorf("resolved %d pages; want %d", got.Stats.Resolved, step.resolved)
			}
			// The Cache lets each tree go once its page is resolved, and a
			// page resolved again is parsed again: it keeps no tree.
			if got.Stats.Parsed != step.resolved {
				t.Errorf("parsed %d pages; want %d, one for each page resolved", got.Stats.Parsed, step.resolved)
			}
			// It keeps the Markdown in its temporary file, not in memory.
			for _, p := range got.Site.Pages() {
				md, err := p.Doc.Markdown()
				if p.Doc.Root != nil || !p.Doc.Frozen() || err != nil || len(md) == 0 {
					t.Errorf("%s: after the build the Cache holds its tree (%v), or not its body (frozen %v, Markdown kept %v)", p.File.Path, p.Doc.Root != nil, p.Doc.Frozen(), err == nil && len(md) > 0)
				}
				if p.Doc.Source != nil || p.File.Body != nil {
					t.Errorf("%s: after the build the Cache holds the page's Markdown in memory", p.File.Path)
				}
			}
			if errs := cache.SkipErrors(); len(errs) > 0 {
				t.Errorf("the keys of %q were kept, and changed", errs)
			}
			if skipped, incremental := cache.Skipped(), step.resolved < all; incremental != (skipped > 0) {
				t.Errorf("%d render keys kept; want some only when the build resolved fewer than all pages", skipped)
			}
		})
	}
}

// TestCacheFeedNotes edits the dates of a site with more notes than the
// feed holds (render.FeedEntries), so that a front-matter edit brings a
// note into the feed and takes another out, though neither of the notes
// that move is the one whose front matter changed, or only one is: the
// preview's feed must be what a full build writes, and is kept only when
// its notes are the same.
func TestCacheFeedNotes(t *testing.T) {
	note := func(published, title string) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: %s\npublished: %s\n---\nA note. {no citation}\n", title, published)}
	}
	day := func(i int) string { return fmt.Sprintf("2026-%02d-%02d", 1+i/28, 1+i%28) } // n00's is the oldest
	n := render.FeedEntries + 2
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Feed\nbase_url: https://example.org/\n")}}
	for i := range n {
		site[fmt.Sprintf("content/notes/n%02d.md", i)] = note(day(i), fmt.Sprintf("Note %d", i))
	}
	newest := fmt.Sprintf("content/notes/n%02d.md", n-1)
	cache := build.NewCache()
	cache.CheckSkips()
	feed := func(res *build.Result) []byte {
		for _, f := range res.Files {
			if f.Path == "feed.xml" {
				return f.Data
			}
		}
		t.Fatal("no feed.xml")
		return nil
	}
	var before []byte // the last build's feed
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
		feedKept   bool
	}{
		{"as it is", "", nil, false},
		{"the newest note's title", newest, note(day(n-1), "Note, retitled"), false},
		{"an old note's title, out of the feed", "content/notes/n00.md", note(day(0), "Note 0, retitled"), true},
		// The edited note leaves the feed, and n01 comes into it: the
		// feed shows none of the notes whose front matter changed.
		{"the newest note made the oldest", newest, note("2025-12-31", "Note, retitled"), false},
		{"an old note's title again", "content/notes/n00.md", note(day(0), "Note 0"), true},
		{"back", newest, note(day(n-1), "Note, retitled"), false},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			var changed []string
			if step.path != "" {
				changed = []string{step.path}
			}
			got, _ := cachedAndFresh(t, site, cache, changed)
			// A kept feed is the very bytes of the last build's.
			if kept := sameSlice(before, feed(got)); kept != step.feedKept {
				t.Errorf("the feed was kept: %v; want %v", kept, step.feedKept)
			}
			before = feed(got)
		})
	}
}

// sameSlice reports whether a and b are the same bytes in memory.
func sameSlice(a, b []byte) bool { return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0] }

// TestCacheHomeMap edits the front matter of a site with more notes and
// sources than the home page's map shows (60): the preview keeps the map
// after an edit to a page it does not show, and draws it again when a
// page it shows changed, or when a source's `cites` change which pages are
// the most connected, though none of them was on the map.
func TestCacheHomeMap(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nA note. {no citation}\n")}
	}
	source := func(id, title, cites string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\noutlet: Outlet " + id + "\npublished: 2026-01-01\nkind: news report\n" + cites + "---\nS.\n")}
	}
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Map\n")}}
	for i := range 3 {
		site[fmt.Sprintf("content/notes/n%d.md", i)] = note(fmt.Sprintf("Note %d", i))
	}
	// s00 to s57 cite each the next: with the ties that go by place, the
	// map shows s01 to s56, s00, s57, n0 and n1; not n2, s58, s59, s60.
	for i := range 61 {
		cites := ""
		if i < 57 {
			cites = fmt.Sprintf("cites: [s%02d]\n", i+1)
		}
		site[fmt.Sprintf("content/sources/s%02d.md", i)] = source(fmt.Sprintf("s%02d", i), fmt.Sprintf("Source %d", i), cites)
	}
	cache := build.NewCache()
	cache.CheckSkips()
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
	}{
		{"as it is", "", nil},
		{"the title of a note not on the map", "content/notes/n2.md", note("Note 2, retitled")},
		{"the title of a note on the map", "content/notes/n0.md", note("Note 0, retitled")},
		{"the title of a source not on the map", "content/sources/s60.md", source("s60", "Source 60, retitled", "")},
		// s59 and s60 come onto the map, and n0 and n1 leave it.
		{"a source off the map cites another", "content/sources/s59.md", source("s59", "Source 59", "cites: [s60]\n")},
		{"back", "content/sources/s59.md", source("s59", "Source 59", "")},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			var changed []string
			if step.path != "" {
				changed = []string{step.path}
			}
			cachedAndFresh(t, site, cache, changed)
		})
	}
}

// cachedAndFresh builds site through cache, told that changed changed
// (nil: look at every file), and without a cache, which must succeed: the
// two must be the same, and no key the cache kept may have changed (with
// Cache.CheckSkips).
func cachedAndFresh(t *testing.T, site fstest.MapFS, cache *build.Cache, changed []string) (got, want *build.Result) {
	t.Helper()
	got = build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
	want = build.Run(build.Options{Site: site, Templates: dossier.Templates()})
	if !want.OK() {
		t.Fatalf("the site does not build:\n%s", formatDiagnostics(want))
	}
	sameBuild(t, got, want)
	if errs := cache.SkipErrors(); len(errs) > 0 {
		t.Errorf("the keys of %q were kept, and changed", errs)
	}
	return got, want
}

// TestCacheDepsFollowFrontEdits makes a note read another only after a
// front-matter edit (a tag that makes the two related), then retitles the
// other: the preview must take the first note's key again, which it does
// only if it recorded, after the first edit, that the note now reads the
// other (render.Cache's deps), though no page came or went.
func TestCacheDepsFollowFrontEdits(t *testing.T) {
	note := func(title, tags string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ntags: [" + tags + "]\n---\n" + title + " stands alone. {no citation}\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Deps\n")},
		"content/notes/p.md": note("P", "shared"),
		"content/notes/q.md": note("Q", "shared"),
		"content/notes/y.md": note("Y", "apart"),
		"content/notes/z.md": note("Z", "apart"), // so that the topic stays when y joins p's
	}
	cache := build.NewCache()
	cache.CheckSkips()
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
		shows      string // what p's page must show
	}{
		{"as it is", "", nil, ""},
		{"y joins p's topic", "content/notes/y.md", note("Y", "apart, shared"), ">Y<"},
		{"y's title", "content/notes/y.md", note("Y2", "apart, shared"), ">Y2<"},
		{"y's title again", "content/notes/y.md", note("Y3", "apart, shared"), ">Y3<"},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			var changed []string
			if step.path != "" {
				changed = []string{step.path}
			}
			_, want := cachedAndFresh(t, site, cache, changed)
			for _, f := range want.Files {
				if f.Path == "notes/p/index.html" && !bytes.Contains(f.Data, []byte(step.shows)) {
					t.Errorf("a full build's p does not show %q: the test no longer makes p read y", step.shows)
				}
			}
		})
	}
}

// TestCacheFrontEditKeepsClaims makes front-matter edits to a site whose
// claims have a problem (an id used twice): the preview gives the site
// made again the last build's claims, and their problems, while the pages
// resolved again hold the same claims in the same places, and makes them
// again when not; once the problem is gone, the site is rendered from the
// claims kept. Each build must read as a build without a cache does,
// diagnostics and files included.
func TestCacheFrontEditKeepsClaims(t *testing.T) {
	note := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body + "\n")}
	}
	claim := func(id, statement string) string {
		return "> [!claim id=" + id + " status=reported]\n> " + statement + "\n>\n> - reports: S reports it [@s]\n"
	}
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Claims\n")},
		"content/notes/a.md":   note("A", claim("dup", "Talks were held.")),
		"content/notes/b.md":   note("B", "B links [[a]]. {no citation}\n\n"+claim("dup", "Talks ended.")),
		"content/notes/c.md":   note("C", "C stands alone. {no citation}"),
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	cache := build.NewCache()
	cache.CheckSkips()
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
		problems   int // duplicate-claim errors
	}{
		{"as it is", "", nil, 1},
		{"c's title", "content/notes/c.md", note("C, retitled", "C stands alone. {no citation}"), 1},
		{"b's title", "content/notes/b.md", note("B, retitled", "B links [[a]]. {no citation}\n\n"+claim("dup", "Talks ended.")), 1},
		{"a's title, and its claim's statement", "content/notes/a.md", note("A, retitled", claim("dup", "Talks were held twice.")), 1},
		{"a's title, and its claim moved down", "content/notes/a.md", note("A, again", "A first says this. {no citation}\n\n"+claim("dup", "Talks were held twice.")), 1},
		{"b's title, and its claim moved down", "content/notes/b.md", note("B, moved", "B links [[a]]. {no citation}\n\nB says more. {no citation}\n\n"+claim("dup", "Talks ended.")), 1},
		{"b's title, and its claim's id", "content/notes/b.md", note("B, again", "B links [[a]]. {no citation}\n\n"+claim("other", "Talks ended.")), 0},
		// Without errors the site is rendered: its list of claims, and the
		// source's, from the claims kept.
		{"c's title, the claims rendered", "content/notes/c.md", note("C, third", "C stands alone. {no citation}"), 0},
		{"a's title, the claims rendered", "content/notes/a.md", note("A, third", "A first says this. {no citation}\n\n"+claim("dup", "Talks were held twice.")), 0},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			_, want := rebuild(t, site, cache, step.path)
			n := 0
			for _, d := range want.Diagnostics {
				if d.Code == diag.CodeDuplicateClaim {
					n++
				}
			}
			if n != step.problems {
				t.Errorf("%d duplicate-claim errors; want %d:\n%s", n, step.problems, formatDiagnostics(want))
			}
			if rendered := len(want.Files) > 0; rendered != (n == 0) {
				t.Errorf("%d files written with %d errors; want pages only without errors", len(want.Files), n)
			}
			if errs := cache.SkipErrors(); len(errs) > 0 {
				t.Errorf("the keys of %q were kept, and changed", errs)
			}
		})
	}
}

// TestCacheChecksInOrder builds a site whose every note has statements
// marked {citation needed} and links to headings of other notes, one of
// which is missing, then edits a title and a body through a Cache: the
// site's needed citations stay in site order (notes, then within a note
// in reading order; Finish looks at the pages in parts side by side), and
// the diagnostics are a fresh build's.
func TestCacheChecksInOrder(t *testing.T) {
	site := fstest.MapFS{"dossier.yaml": {Data: []byte("title: Checks\n")}}
	const notes = 9
	note := func(i int, title string) *fstest.MapFile {
		next := (i + 1) % notes
		return &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: %s\n---\n## Part %d\n\nFirst of %d {citation needed}\n\nSecond of %d, see [[n%d#part-%d]] and [[n%d#no-such-part]]. {citation needed}\n",
			title, i, i, i, next, next, next))}
	}
	for i := range notes {
		site[fmt.Sprintf("content/notes/n%d.md", i)] = note(i, fmt.Sprintf("Note %d", i))
	}
	cache := build.NewCache()
	for _, step := range []struct {
		name, path string
		file       *fstest.MapFile
	}{
		{"as it is", "", nil},
		{"a title", "content/notes/n7.md", note(7, "Note seven")},
		{"a body", "content/notes/n2.md", &fstest.MapFile{Data: []byte("---\ntitle: Note 2\n---\n## Part 2\n\nOnly one here {citation needed}\n\nSee [[n3#part-3]] and [[n3#no-such-part]].\n")}},
	} {
		if step.file != nil {
			site[step.path] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			got, want := rebuild(t, site, cache, step.path)
			neededAt := func(res *build.Result) []string {
				var at []string
				for _, n := range res.Site.Needed {
					at = append(at, fmt.Sprintf("%s:%d", n.Page.Slug, n.Pos.Line))
				}
				return at
			}
			order, wantOrder := neededAt(got), neededAt(want)
			if !slices.IsSortedFunc(got.Site.Needed, func(a, b *resolve.Needed) int {
				return cmp.Or(cmp.Compare(a.Page.Slug, b.Page.Slug), cmp.Compare(a.Pos.Line, b.Pos.Line))
			}) || strings.Join(order, " ") != strings.Join(wantOrder, " ") || len(order) < 2*notes-1 {
				t.Errorf("the needed citations are\n%s\nwant, in site order,\n%s", strings.Join(order, " "), strings.Join(wantOrder, " "))
			}
			if errs := strings.Count(formatDiagnostics(got), "no-such-part"); errs != notes {
				t.Errorf("%d missing headings reported, want %d:\n%s", errs, notes, formatDiagnostics(got))
			}
		})
	}
}

// TestCacheTagEditKeepsLists edits the topics of a note with a claim and
// events through a Cache: the claims' page and the timeline, which show
// the note by its title and address, keep their keys (their views are not
// made again to be found the same), and every page is a fresh build's;
// then its title, which they show, and they are made again.
func TestCacheTagEditKeepsLists(t *testing.T) {
	note := func(title, tags string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ntags: [" + tags + "]\nevents:\n  - date: 2026-01-02\n    text: Talks begin.\n    sources: [s]\n---\n" +
			"> [!claim id=talks status=disputed]\n> Talks were held.\n>\n> - reports: S reports talks [@s]\n")}
	}
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Lists\n")},
		"content/notes/a.md":   note("A", "one"),
		"content/notes/b.md":   {Data: []byte("---\ntitle: B\ntags: [one]\n---\nB links [[a]]. {no citation}\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: Report S\noutlet: O\npublished: 2026-01-01\nkind: news report\n---\nS.\n")},
	}
	cache := build.NewCache()
	cache.CheckSkips()
	lists := []string{"claims/index.html", "timeline/index.html"}
	for _, step := range []struct {
		name string
		file *fstest.MapFile
		made bool // the lists' pages are made again
	}{
		{"as it is", nil, true},
		{"a's topics", note("A", "one, two"), false},
		{"a's title", note("A retitled", "one, two"), true},
	} {
		if step.file != nil {
			site["content/notes/a.md"] = step.file
		}
		t.Run(step.name, func(t *testing.T) {
			path := ""
			if step.file != nil {
				path = "content/notes/a.md"
			}
			got, want := rebuild(t, site, cache, path)
			if !want.OK() {
				t.Fatalf("the site does not build: %s", formatDiagnostics(want))
			}
			if errs := cache.SkipErrors(); len(errs) > 0 {
				t.Errorf("keys skipped that changed: %v", errs)
			}
			if step.file == nil {
				return
			}
			for _, path := range lists {
				if !step.made && slices.Contains(cache.Same(), path) {
					t.Errorf("%s: its view was made again, and found the same", path)
				}
			}
			for _, f := range got.Files {
				if !step.made || !slices.Contains(lists, f.Path) {
					continue
				}
				if data, err := f.Plain(); err != nil || !bytes.Contains(data, []byte("A retitled")) {
					t.Errorf("%s does not show the new title (%v)", f.Path, err)
				}
			}
		})
	}
}

// TestCacheListsKept edits the body of a note that links to one note and
// cites a source, between cached builds that resolve it again
// (resolve.Refinish): the lists of the page linked and of the source cited
// are kept, the same slices, while the note adds the same entries to
// them, and made again when an entry changes, as a fresh build makes them.
func TestCacheListsKept(t *testing.T) {
	note := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: N\n---\n" + body)}
	}
	site := fstest.MapFS{
		"dossier.yaml":         {Data: []byte("title: Lists\n")},
		"content/notes/n.md":   note("It links [[t]] {no citation}.\n\nIt was said [@s].\n"),
		"content/notes/t.md":   {Data: []byte("---\ntitle: T\n---\nT is linked [@s].\n")},
		"content/sources/s.md": {Data: []byte("---\ntitle: S\n---\n")},
	}
	cache := build.NewCache()
	last := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache})
	if !last.OK() {
		t.Fatalf("the site does not build:\n%s", formatDiagnostics(last))
	}
	// The lists as the last build left them (a body edit reuses its
	// site, pages and all).
	before, cb := last.Site.Note("t").Backlinks, last.Site.Source("s").CitedBy
	for _, step := range []struct {
		name, body              string
		backlinksKept, citeKept bool
	}{
		{"a paragraph added", "It links [[t]] {no citation}.\n\nIt was said [@s].\n\nMore. {no citation}\n", true, true},
		{"the link's paragraph edited", "It links [[t]] again {no citation}.\n\nIt was said [@s].\n\nMore. {no citation}\n", false, true},
		{"the citing sentence edited", "It links [[t]] again {no citation}.\n\nIt was said once [@s].\n\nMore. {no citation}\n", true, false},
		{"the citation gone", "It links [[t]] again {no citation}.\n\nIt was said once. {no citation}\n\nMore. {no citation}\n", true, false},
	} {
		t.Run(step.name, func(t *testing.T) {
			site["content/notes/n.md"] = note(step.body)
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{"content/notes/n.md"}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if got.Stats.Resolved != 1 {
				t.Errorf("%d pages resolved again, want n", got.Stats.Resolved)
			}
			after, ca := got.Site.Note("t").Backlinks, got.Site.Source("s").CitedBy
			if kept := len(after) > 0 && len(before) > 0 && &after[0] == &before[0]; kept != step.backlinksKept {
				t.Errorf("t's backlinks kept: %v, want %v", kept, step.backlinksKept)
			}
			if kept := len(ca) > 0 && len(cb) > 0 && &ca[0] == &cb[0]; kept != step.citeKept {
				t.Errorf("s's citations kept: %v, want %v", kept, step.citeKept)
			}
			before, cb = after, ca
		})
	}
}

// TestCacheChecksKept edits notes between cached builds that resolve
// again only the edited note (resolve.Refinish), in a site where two
// other notes hold statements needing a citation and a link to a
// heading: the checks of the notes not resolved again are the last
// build's (their statements, in site order, and their links' answers),
// and each cached build must report and show what a fresh build does.
func TestCacheChecksKept(t *testing.T) {
	note := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body)}
	}
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Checks\n")},
		"content/notes/a.md": note("A", "A first statement {citation needed}.\n\nSee [[b#terms]] {no citation}.\n"),
		"content/notes/b.md": note("B", "## Terms\n\nThe terms {no citation}.\n"),
		"content/notes/c.md": note("C", "C states {citation needed}.\n\nAnd again {citation needed}.\n"),
		"content/notes/d.md": note("D", "D {no citation}.\n"),
	}
	cache := build.NewCache()
	if res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache}); !res.OK() {
		t.Fatalf("the site does not build:\n%s", formatDiagnostics(res))
	}
	for _, step := range []struct {
		name, edited, title, body string
		needed                    string // the notes of Site.Needed, in order
		missing                   bool   // the link to b#terms reported
	}{
		{"another note edited", "content/notes/d.md", "D", "D again {no citation}.\n", "acc", false},
		{"a statement added to the last note", "content/notes/d.md", "D", "D states {citation needed}.\n", "accd", false},
		{"one of c's statements cited", "content/notes/c.md", "C", "C states {no citation}.\n\nAnd again {citation needed}.\n", "acd", false},
		{"the heading renamed", "content/notes/b.md", "B", "## Conditions\n\nThe terms {no citation}.\n", "acd", true},
		{"d edited, the heading still gone", "content/notes/d.md", "D", "D states again {citation needed}.\n", "acd", true},
		{"the heading back, b retitled", "content/notes/b.md", "B, retitled", "## Terms\n\nThe terms {no citation}.\n", "acd", false},
		{"a's statement cited", "content/notes/a.md", "A", "A first statement {no citation}.\n\nSee [[b#terms]] {no citation}.\n", "cd", false},
	} {
		t.Run(step.name, func(t *testing.T) {
			site[step.edited] = note(step.title, step.body)
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: []string{step.edited}})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates()})
			sameBuild(t, got, want)
			if got.Stats.Resolved != 1 && !strings.Contains(step.title, "retitled") {
				t.Errorf("%d pages resolved again, want the edited one", got.Stats.Resolved)
			}
			var needed string
			for _, n := range got.Site.Needed {
				needed += n.Page.Slug
			}
			if needed != step.needed {
				t.Errorf("statements needing a citation on %q, want %q", needed, step.needed)
			}
			if missing := strings.Contains(formatDiagnostics(got), "unknown-anchor content/notes/a.md:"); missing != step.missing {
				t.Errorf("the link to b#terms reported missing: %v, want %v:\n%s", missing, step.missing, formatDiagnostics(got))
			}
		})
	}
}
