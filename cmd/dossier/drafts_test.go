package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// expected are the front-matter keys check -strict asks of every note but
// title and published.
const expected = "summary: A note.\ntags: [t]\nupdated: 2026-11-01\n"

// draftFiles is a site with a published note, a draft and a note
// scheduled after the tests' today (22 November 2026).
func draftFiles() map[string]string {
	return map[string]string{
		"dossier.yaml":              "title: T\n",
		"content/notes/open.md":     "---\ntitle: Open\npublished: 2026-11-22\n" + expected + "---\nIt is out today [@record].\n",
		"content/notes/draft.md":    "---\ntitle: Draft\ndraft: true\npublished: 2026-11-01\n" + expected + "---\nWork in progress [@record].\n",
		"content/notes/later.md":    "---\ntitle: Later\npublished: 2026-12-01\n" + expected + "---\nComing soon [@record].\n",
		"content/sources/record.md": "---\ntitle: Record\n---\nA record.\n",
	}
}

func TestCheckListsHeldBack(t *testing.T) {
	dir := writeSite(t, draftFiles())
	code, out, errOut := run(t, "check", "-src", dir)
	if code != exitOK {
		t.Fatalf("check: exit %d; want 0:\n%s", code, errOut)
	}
	for _, want := range []string{
		`content/notes/draft.md:3:8: note: note "draft" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner`,
		`content/notes/later.md:3:12: note: note "later" is scheduled for 1 December 2026: held back, not built; dossier serve shows it, build -future includes it, each with a banner`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("check does not list %s:\n%s", want, errOut)
		}
	}
	if want := "ok: 1 note, 1 source (and 2 held back: drafts or scheduled), 0 warnings\n"; out != want {
		t.Errorf("check says %q; want %q", out, want)
	}

	code, out, _ = run(t, "check", "-format", "json", "-strict", "-src", dir)
	if code != exitOK {
		t.Errorf("check -format json -strict: exit %d; held-back notes are notes, never errors", code)
	}
	var held []string
	for l := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var d struct{ File, Severity, Code string }
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		if d.Code == "held-back" && d.Severity == "note" {
			held = append(held, d.File)
		}
	}
	if strings.Join(held, " ") != "content/notes/draft.md content/notes/later.md" {
		t.Errorf("check -format json lists %q held back; want the draft and the scheduled note:\n%s", held, out)
	}

	// check looks into the held-back notes as if they were published.
	writeFiles(t, dir, map[string]string{"content/notes/later.md": "---\ntitle: Later\npublished: 2026-12-01\n" + expected + "---\nComing soon [@recrod].\n"})
	code, _, errOut = run(t, "check", "-src", dir)
	if code != exitContent || !strings.Contains(errOut, `content/notes/later.md:8:14: unknown source "recrod" in citation; did you mean "record"?`) {
		t.Errorf("check of a scheduled note with a broken citation: exit %d; want 1 and the error:\n%s", code, errOut)
	}
	// build does not: the note is not built.
	if code, _, errOut := run(t, "build", "-q", "-src", dir); code != exitOK {
		t.Errorf("build of a site whose scheduled note has a broken citation: exit %d; want 0:\n%s", code, errOut)
	}
}

func TestBuildDraftsFlags(t *testing.T) {
	tests := []struct {
		flags          []string
		built, unbuilt []string
	}{
		{nil, []string{"notes/open"}, []string{"notes/draft", "notes/later"}},
		{[]string{"-drafts"}, []string{"notes/open", "notes/draft"}, []string{"notes/later"}},
		{[]string{"-future"}, []string{"notes/open", "notes/later"}, []string{"notes/draft"}},
		{[]string{"-drafts", "-future"}, []string{"notes/open", "notes/draft", "notes/later"}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"build"}, tt.flags...), " "), func(t *testing.T) {
			dir := writeSite(t, draftFiles())
			code, out, errOut := run(t, append([]string{"build", "-src", dir}, tt.flags...)...)
			if code != exitOK {
				t.Fatalf("exit %d:\n%s", code, errOut)
			}
			held := 3 - len(tt.built)
			if held > 0 && !strings.Contains(out, "held back: drafts or scheduled") {
				t.Errorf("the summary does not count what was held back: %q", out)
			}
			for _, p := range tt.built {
				page, err := os.ReadFile(filepath.Join(dir, "public", p, "index.html"))
				if err != nil {
					t.Errorf("%s was not built", p)
					continue
				}
				if hasBanner := strings.Contains(string(page), `class="held-banner"`); hasBanner != (p != "notes/open") {
					t.Errorf("%s: banner %v", p, hasBanner)
				}
			}
			for _, p := range tt.unbuilt {
				if _, err := os.Stat(filepath.Join(dir, "public", p)); err == nil {
					t.Errorf("%s was built", p)
				}
			}
		})
	}
}

func TestBuildLinkToDraft(t *testing.T) {
	files := draftFiles()
	files["content/notes/open.md"] = "---\ntitle: Open\n---\nSee [[draft]] [@record].\n"
	dir := writeSite(t, files)
	code, _, errOut := run(t, "build", "-src", dir)
	want := "content/notes/open.md:4:5: link to note \"draft\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it"
	if code != exitContent || !strings.Contains(errOut, want) {
		t.Errorf("build with a link to a draft: exit %d; want 1 and\n%s\ngot:\n%s", code, want, errOut)
	}
	if code, _, errOut := run(t, "build", "-drafts", "-src", dir); code != exitOK {
		t.Errorf("build -drafts with a link to a draft: exit %d:\n%s", code, errOut)
	}
}

// TestCheckPages checks that check counts standalone pages and lists a
// draft or scheduled page as it does a note, and that build says so too.
func TestCheckPages(t *testing.T) {
	files := draftFiles()
	files["content/pages/about.md"] = "---\ntitle: About\nnav: 1\n---\nAbout the site [@record].\n"
	files["content/pages/method.md"] = "---\ntitle: Method\ndraft: true\n---\nHow it is made [@record].\n"
	files["content/pages/team.md"] = "---\ntitle: Team\npublished: 2026-12-01\n---\nWho made it [@record].\n"
	dir := writeSite(t, files)
	code, out, errOut := run(t, "check", "-src", dir)
	if code != exitOK {
		t.Fatalf("check: exit %d; want 0:\n%s", code, errOut)
	}
	for _, want := range []string{
		`content/pages/method.md:3:8: note: page "method" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner`,
		`content/pages/team.md:3:12: note: page "team" is scheduled for 1 December 2026: held back, not built; dossier serve shows it, build -future includes it, each with a banner`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("check does not list %s:\n%s", want, errOut)
		}
	}
	if want := "ok: 1 note, 1 page, 1 source (and 4 held back: drafts or scheduled), 0 warnings\n"; out != want {
		t.Errorf("check says %q; want %q", out, want)
	}
	code, out, errOut = run(t, "build", "-src", dir)
	if code != exitOK || !strings.Contains(out, "from 1 note, 1 standalone page and 1 source (4 held back") {
		t.Errorf("build: exit %d, summary %q; want 0 and the standalone pages counted:\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "method")); err == nil {
		t.Error("the draft page was built")
	}
	// check looks into the held-back pages as if they were published.
	writeFiles(t, dir, map[string]string{"content/pages/method.md": "---\ntitle: Method\ndraft: true\n---\nHow it is made [@recrod].\n"})
	if code, _, errOut := run(t, "check", "-src", dir); code != exitContent || !strings.Contains(errOut, `content/pages/method.md:5:17: unknown source "recrod" in citation; did you mean "record"?`) {
		t.Errorf("check of a draft page with a broken citation: exit %d; want 1 and the error:\n%s", code, errOut)
	}
}
