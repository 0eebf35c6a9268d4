package serve_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/testkit/gitrepo"
)

// TestCommitRebuilds checks that a commit rebuilds the preview, though it
// changes no file of the site: a note's page shows the date of its file's
// last commit, and a new note committed must show it at once. A `git add`
// alone, which changes only git's index, does not rebuild.
func TestCommitRebuilds(t *testing.T) {
	p := newPreview(t, nil)
	git := gitrepo.In(t, p.dir)
	const day1 = "2026-01-10T12:00:00Z"
	git(day1, "init", "-q", "-b", "main")
	git(day1, "add", "dossier.yaml", "content/notes/start.md", "content/sources")
	git(day1, "commit", "-qm", "the site, but the details note")
	p.watch(t)
	p.build(t)
	page := p.hs.URL + "/notes/details/"
	shows := func(date string) bool {
		_, body := get(t, page)
		return strings.Contains(string(body), "Last updated <time datetime=\""+date+"\"")
	}
	if _, body := get(t, page); strings.Contains(string(body), "Last updated") {
		t.Fatalf("the note not yet committed shows a last-updated date")
	}
	if _, body := get(t, p.hs.URL+"/notes/start/"); !strings.Contains(string(body), `datetime="2026-01-10"`) {
		t.Fatalf("the committed note does not show its commit date")
	}

	events := subscribe(t, p.ctx, p.hs.URL)
	git(day1, "add", "content/notes/details.md")
	select {
	case e := <-events:
		t.Fatalf("event %q after a git add, which changes no commit", e.name)
	case <-time.After(500 * time.Millisecond):
	}
	git("2026-02-20T12:00:00Z", "commit", "-qm", "the details note")
	p.waitRebuild(t, events, "the commit")
	if !shows("2026-02-20") {
		_, body := get(t, page)
		t.Errorf("after the commit, the note does not show its commit date:\n%s", body)
	}
}
