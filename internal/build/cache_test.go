package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"golang.org/x/tools/txtar"
)

// sameBuild fails t unless got and want hold the same diagnostics and the
// same files, byte for byte.
func sameBuild(t *testing.T, got, want *build.Result) {
	t.Helper()
	if g, w := formatDiagnostics(got), formatDiagnostics(want); g != w {
		t.Errorf("diagnostics with the cache:\n%s\nwithout:\n%s", g, w)
	}
	gotFiles := map[string][]byte{}
	for _, f := range got.Files {
		gotFiles[f.Path] = f.Data
	}
	var wrong []string
	for _, f := range want.Files {
		g, ok := gotFiles[f.Path]
		switch {
		case !ok:
			wrong = append(wrong, f.Path+" is missing")
		case !bytes.Equal(g, f.Data):
			wrong = append(wrong, f.Path+" differs:\n"+firstDifference(g, f.Data))
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
			t.Logf("%s\nrendered afresh: %q", s.about, cache.Fresh())
			if s.fresh != nil {
				if fresh := cache.Fresh(); !slices.Equal(fresh, s.fresh) {
					t.Errorf("%s\nrendered afresh %q; want %q", s.about, fresh, s.fresh)
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

// TestCacheRandomEdits makes a seeded random sequence of edits to a copy of
// the repository's own site (retitled notes and sources, new paragraphs
// with citations and links, deleted lines, new and deleted notes, changed
// dates and tags) and checks after each that a build with a cache gives
// exactly what a full build gives.
func TestCacheRandomEdits(t *testing.T) {
	real := os.DirFS("../..")
	site := fstest.MapFS{}
	for _, pattern := range []string{"dossier.yaml", "content/notes/*.md", "content/sources/*.md"} {
		files, _ := fs.Glob(real, pattern)
		for _, f := range files {
			data, err := fs.ReadFile(real, f)
			if err != nil {
				t.Fatal(err)
			}
			site[f] = &fstest.MapFile{Data: data}
		}
	}
	ids := func(dir string) []string {
		var out []string
		for p := range site {
			if id, ok := strings.CutPrefix(p, dir); ok {
				out = append(out, strings.TrimSuffix(id, ".md"))
			}
		}
		slices.Sort(out)
		return out
	}
	notes, sources := ids("content/notes/"), ids("content/sources/")
	if len(notes) < 3 || len(sources) < 3 {
		t.Skip("the site's content is too small to edit")
	}
	// A note's file, in whatever folder the edits moved it to.
	note := func(slug string) string {
		for p := range site {
			if strings.HasPrefix(p, "content/notes/") && strings.HasSuffix(p, "/"+slug+".md") {
				return p
			}
		}
		return "content/notes/" + slug + ".md"
	}
	folders := []string{"memorandum", "memorandum/history", "nato"} // none named as a note or alias
	pages := func() []string {
		var out []string
		for p := range site {
			if strings.HasPrefix(p, "content/pages/") {
				out = append(out, p)
			}
		}
		slices.Sort(out)
		return out
	}
	rng := rand.New(rand.NewPCG(6, 6))
	// The builds' clock, which an edit moves on: notes scheduled for a
	// day come out when it passes.
	today := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return today }
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	edit := func(path string, f func(string) string) string {
		site[path] = &fstest.MapFile{Data: []byte(f(string(site[path].Data)))}
		return path
	}
	setKey := func(src, key, value string) string {
		lines := strings.Split(src, "\n")
		for i, l := range lines[1:] {
			if l == "---" {
				break
			}
			if strings.HasPrefix(l, key+":") {
				lines[i+1] = key + ": " + value
				return strings.Join(lines, "\n")
			}
		}
		return "---\n" + key + ": " + value + "\n" + strings.TrimPrefix(src, "---\n")
	}
	newNote := func(n int) string {
		p := fmt.Sprintf("content/notes/new-%d.md", n)
		site[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: New %d\nsummary: A new note.\n---\nIt cites [@%s] and links [[%s]].\n", n, pick(sources), pick(notes))}
		return p
	}
	// pickCreated returns a note an edit created, creating one when there
	// is none.
	pickCreated := func(n int) string {
		var created []string
		for _, id := range ids("content/notes/") {
			if strings.HasPrefix(id, "new-") {
				created = append(created, "content/notes/"+id+".md")
			}
		}
		if len(created) == 0 {
			return newNote(n)
		}
		return created[rng.IntN(len(created))]
	}
	newPage := func(n int) string {
		p := fmt.Sprintf("content/pages/page-%d.md", n)
		site[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Page %d\nsummary: A page.\nnav: %d\n---\nIt cites [@%s] and links [[%s]].\n", n, 1+n%3, pick(sources), pick(notes))}
		return p
	}
	// pickPage returns a page, creating one when there is none.
	pickPage := func(n int) string {
		if ps := pages(); len(ps) > 0 {
			return ps[rng.IntN(len(ps))]
		}
		return newPage(n)
	}
	edits := []struct {
		name string
		do   func(n int) string
	}{
		{"retitle a note", func(n int) string {
			return edit(note(pick(notes)), func(s string) string { return setKey(s, "title", fmt.Sprintf("'A retitled note %d'", n)) })
		}},
		{"retitle a source", func(n int) string {
			return edit("content/sources/"+pick(sources)+".md", func(s string) string { return setKey(s, "title", fmt.Sprintf("'A retitled source %d'", n)) })
		}},
		{"change a source's outlet", func(n int) string {
			return edit("content/sources/"+pick(sources)+".md", func(s string) string { return setKey(s, "outlet", fmt.Sprintf("Outlet %d", n)) })
		}},
		{"add a paragraph with a citation and a link", func(n int) string {
			return edit(note(pick(notes)), func(s string) string {
				return s + fmt.Sprintf("\nParagraph %d says more [@%s]. See [[%s]].\n", n, pick(sources), pick(notes))
			})
		}},
		{"delete a line in the middle of a note", func(n int) string {
			return edit(note(pick(notes)), func(s string) string {
				lines := strings.Split(s, "\n")
				i := len(lines) / 2
				return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n")
			})
		}},
		{"change a note's updated date", func(n int) string {
			return edit(note(pick(notes)), func(s string) string { return setKey(s, "updated", fmt.Sprintf("2026-12-%02d", 1+n%28)) })
		}},
		{"change a note's tags", func(n int) string {
			return edit(note(pick(notes)), func(s string) string { return setKey(s, "tags", fmt.Sprintf("[topic-%d]", n%3)) })
		}},
		{"reword a sentence of a note", func(n int) string {
			return edit(note(pick(notes)), func(s string) string {
				// The last " the " outside a citation or link: a pinned
				// citation's words must stay those of its passage.
				for i := strings.LastIndex(s, " the "); i >= 0; i = strings.LastIndex(s[:i], " the ") {
					if strings.Count(s[:i], "[") == strings.Count(s[:i], "]") {
						return s[:i] + fmt.Sprintf(" the %d ", n) + s[i+5:]
					}
				}
				return s
			})
		}},
		{"cite another source in a note's last paragraph", func(n int) string {
			return edit(note(pick(notes)), func(s string) string {
				s = strings.TrimRight(s, "\n")
				if i := strings.LastIndex(s, "]"); i >= 0 && strings.Contains(s[i-20:i], "[@") {
					return s[:i] + "; @" + pick(sources) + s[i:] + "\n"
				}
				return s + fmt.Sprintf(" Another sentence %d [@%s].\n", n, pick(sources))
			})
		}},
		{"break a link in a note (the build fails)", func(n int) string {
			return edit(note(pick(notes)), func(s string) string {
				return s + fmt.Sprintf("\nBroken %d: see [[no-such-note]] [@%s].\n", n, pick(sources))
			})
		}},
		{"mend every broken link", func(n int) string {
			mended := 0
			for _, id := range notes {
				edit(note(id), func(s string) string {
					var keep []string
					for l := range strings.SplitSeq(s, "\n") {
						if strings.Contains(l, "[[no-such-note]]") {
							mended++
							continue
						}
						keep = append(keep, l)
					}
					return strings.Join(keep, "\n")
				})
			}
			return fmt.Sprintf("%d links mended", mended)
		}},
		{"create a note", newNote},
		// Notes of the site are linked from others: holding one back
		// fails the build until the edit that publishes every page. The
		// notes an edit created are linked from none.
		{"make a note a draft (the build fails)", func(n int) string {
			return edit(note(pick(notes)), func(s string) string { return setKey(s, "draft", "true") })
		}},
		{"make a created note a draft", func(n int) string {
			return edit(pickCreated(n), func(s string) string { return setKey(s, "draft", "true") })
		}},
		{"publish a created note", func(n int) string {
			return edit(pickCreated(n), func(s string) string { return setKey(s, "draft", "false") })
		}},
		{"schedule a created note a few days ahead", func(n int) string {
			return edit(pickCreated(n), func(s string) string {
				return setKey(s, "published", today.AddDate(0, 0, 1+rng.IntN(3)).Format(time.DateOnly))
			})
		}},
		{"make a source a draft (the build fails)", func(n int) string {
			return edit("content/sources/"+pick(sources)+".md", func(s string) string { return setKey(s, "draft", "true") })
		}},
		{"a day or two pass", func(n int) string {
			today = today.AddDate(0, 0, 1+rng.IntN(2))
			return today.Format(time.DateOnly)
		}},
		{"publish every draft and scheduled note", func(n int) string {
			for _, dir := range []string{"content/notes/", "content/pages/", "content/sources/"} {
				for _, id := range ids(dir) {
					edit(dir+id+".md", func(s string) string {
						s = strings.Replace(s, "\ndraft: true\n", "\ndraft: false\n", 1)
						if i := strings.Index(s, "\npublished: "); i >= 0 && dir != "content/sources/" {
							if d, err := time.Parse(time.DateOnly, s[i+12:min(i+22, len(s))]); err == nil && d.After(today) {
								s = s[:i+12] + "2026-01-01" + s[i+22:]
							}
						}
						return s
					})
				}
			}
			return "all published"
		}},
		{"delete a created note", func(n int) string {
			for p := range site {
				if strings.HasPrefix(p, "content/notes/") && strings.Contains(p, "/new-") {
					delete(site, p)
					return "deleted " + p
				}
			}
			return "nothing to delete"
		}},
		{"move a note into a folder", func(n int) string {
			from := note(pick(notes))
			to := "content/notes/" + pick(folders) + "/" + path.Base(from)
			if to == from {
				return from + " is there already"
			}
			site[to] = site[from]
			delete(site, from)
			return from + " to " + to
		}},
		{"move a note back to the top", func(n int) string {
			for _, id := range notes {
				if from := note(id); strings.Count(from, "/") > 2 {
					to := "content/notes/" + path.Base(from)
					site[to] = site[from]
					delete(site, from)
					return from + " to " + to
				}
			}
			return "no note in a folder"
		}},
		{"write a folder's _index.md", func(n int) string {
			p := "content/notes/" + pick(folders) + "/_index.md"
			site[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Folder %d\nsummary: Notes grouped.\n---\nWhat the folder holds, with [[%s]] [@%s].\n", n, pick(notes), pick(sources))}
			return p
		}},
		{"remove a folder's _index.md", func(n int) string {
			p := "content/notes/" + pick(folders) + "/_index.md"
			delete(site, p)
			return p
		}},
		{"create a page", newPage},
		{"edit a page's text", func(n int) string {
			ps := pages()
			if len(ps) == 0 {
				return "no page"
			}
			return edit(ps[rng.IntN(len(ps))], func(s string) string {
				return s + fmt.Sprintf("\nMore %d, see [[%s]] [@%s].\n", n, pick(notes), pick(sources))
			})
		}},
		{"retitle a page and move it in the navigation", func(n int) string {
			ps := pages()
			if len(ps) == 0 {
				return "no page"
			}
			return edit(ps[rng.IntN(len(ps))], func(s string) string {
				return setKey(setKey(s, "title", fmt.Sprintf("'Page retitled %d'", n)), "nav", fmt.Sprint(1+n%4))
			})
		}},
		{"link a note to a page", func(n int) string {
			ps := pages()
			if len(ps) == 0 {
				return "no page"
			}
			slug := strings.TrimSuffix(path.Base(ps[rng.IntN(len(ps))]), ".md")
			return edit(note(pick(notes)), func(s string) string {
				return s + fmt.Sprintf("\nSee the [[pages/%s]] page %d [@%s].\n", slug, n, pick(sources))
			})
		}},
		// A page may be linked from notes ("link a note to a page"):
		// holding it back then fails the build until every page is
		// published.
		{"make a page a draft", func(n int) string {
			return edit(pickPage(n), func(s string) string { return setKey(s, "draft", "true") })
		}},
		{"create a draft page, linked from nowhere", func(n int) string {
			return edit(newPage(n), func(s string) string { return setKey(s, "draft", "true") })
		}},
		{"publish a page", func(n int) string {
			ps := pages()
			if len(ps) == 0 {
				return "no page"
			}
			return edit(ps[rng.IntN(len(ps))], func(s string) string { return setKey(s, "draft", "false") })
		}},
		{"schedule a page a few days ahead", func(n int) string {
			return edit(pickPage(n), func(s string) string {
				return setKey(s, "published", today.AddDate(0, 0, 1+rng.IntN(3)).Format(time.DateOnly))
			})
		}},
		{"delete a page", func(n int) string {
			ps := pages()
			if len(ps) == 0 {
				return "no page"
			}
			p := ps[rng.IntN(len(ps))]
			delete(site, p)
			// and the links to it
			link := "[[pages/" + strings.TrimSuffix(path.Base(p), ".md") + "]]"
			for _, id := range notes {
				edit(note(id), func(s string) string {
					var keep []string
					for l := range strings.SplitSeq(s, "\n") {
						if !strings.Contains(l, link) {
							keep = append(keep, l)
						}
					}
					return strings.Join(keep, "\n")
				})
			}
			return p
		}},
	}
	// Held-back pages and broken links that fail the build stay until
	// these edits: they come three times as often as the others.
	for _, e := range edits {
		if e.name == "publish every draft and scheduled note" || e.name == "mend every broken link" {
			edits = append(edits, e, e)
		}
	}
	cache := build.NewCache()
	cache.CheckSkips()
	// preview is a Cache as dossier serve keeps one: drafts and scheduled
	// notes shown, with their banners. It builds after every third edit,
	// so that it also sees several edits at once.
	preview := build.NewCache()
	preview.CheckSkips()
	ok, skipped, held, shown, heldPages := 0, 0, 0, 0, 0
	for n := range 90 {
		e := edits[rng.IntN(len(edits))]
		what := e.name + ": " + e.do(n)
		got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Now: clock})
		want := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Now: clock})
		if want.OK() {
			ok++
			skipped += cache.Skipped()
			held += want.Stats.Held
		}
		for _, h := range want.Held {
			if h.Kind == "page" && want.OK() {
				heldPages++
			}
		}
		t.Run(fmt.Sprintf("%02d", n), func(t *testing.T) {
			t.Logf("edit: %s (%d keys skipped, %d held back, ok %v)", what, cache.Skipped(), want.Stats.Held, want.OK())
			for _, d := range want.Diagnostics {
				if d.Severity == diag.Error { // why the build failed
					t.Log(d.Error())
					break
				}
			}
			sameBuild(t, got, want)
			if errs := cache.SkipErrors(); len(errs) > 0 {
				t.Errorf("the cache skipped the keys of %q, which changed", errs)
			}
		})
		if n%3 == 2 {
			got := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: preview, Now: clock, Drafts: true, Future: true})
			want := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Now: clock, Drafts: true, Future: true})
			for _, f := range want.Files {
				if bytes.Contains(f.Data, []byte(`class="held-banner"`)) {
					shown++
				}
			}
			t.Run(fmt.Sprintf("%02d-preview", n), func(t *testing.T) {
				sameBuild(t, got, want)
				if errs := preview.SkipErrors(); len(errs) > 0 {
					t.Errorf("the preview's cache skipped the keys of %q, which changed", errs)
				}
			})
		}
	}
	if held == 0 || shown == 0 {
		t.Errorf("%d pages held back in the builds that succeeded, %d banners shown in the preview: the edits never took the paths of drafts", held, shown)
	}
	if heldPages == 0 {
		t.Error("no build that succeeded held a standalone page back: the edits never took the paths of a page's draft")
	}
	if ok < 25 {
		t.Errorf("only %d of the 90 builds succeeded; the edits break the site too often to test much", ok)
	}
	if skipped == 0 {
		t.Error("no build skipped a key: the edits never took the path that skips")
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
		"templates/note.html":   {Data: []byte(`{{define "main"}}{{with .Page.References}}<p>Second source: {{(index . 1).Source.Title}}</p>{{end}}{{end}}`)},
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
