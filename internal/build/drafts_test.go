package build_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
)

// draftSite is a site with a draft note, a scheduled note and a draft
// source, each with words found nowhere else, so that a test can look for
// them in every file a build writes.
func draftSite() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"dossier.yaml": file("title: Drafts\nbase_url: https://example.org/\n"),
		"content/notes/open.md": file(`---
title: Open note
summary: A published note.
tags: [shared]
published: 2026-11-01
---
It is published [@record]. See [[other]].
`),
		"content/notes/other.md": file(`---
title: Other note
summary: Another published note.
tags: [shared]
published: 2026-12-04
events:
  - date: 2026-01-02
    text: Something public happened.
    sources: [record]
---
It is published today [@record]. See [[open]].
`),
		"content/notes/secret-plan.md": file(`---
title: Zanzibar draft title
summary: Zanzibar draft summary.
tags: [shared, zanzibar-tag]
aliases: [old-plan]
draft: true
events:
  - date: 2026-03-04
    text: Zanzibar draft event.
    sources: [record]
---
Zanzibar draft body links [[open]] and cites [@record] and [@hidden-record].

> [!claim id=zanzibar-claim status=disputed]
> Zanzibar draft claim.
>
> - reports: It says so [@record].
`),
		"content/notes/later.md": file(`---
title: Quokka scheduled title
summary: Quokka scheduled summary.
tags: [shared, quokka-tag]
published: 2027-01-01
---
Quokka scheduled body links [[other]] [@record].
`),
		"content/sources/record.md": file(`---
title: A public record
outlet: Example News
published: 2026-01-02
kind: news report
---
A record.
`),
		"content/sources/hidden-record.md": file(`---
title: Wombat draft source
outlet: Wombat Weekly
published: 2026-01-03
kind: news report
draft: true
---
Only the draft cites it.
`),
	}
}

// fixedClock is 4 December 2026, 10:00 UTC.
func fixedClock() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }

func buildAt(site fstest.MapFS, now time.Time, drafts, future bool) *build.Result {
	return build.Run(build.Options{Site: site, Templates: dossier.Templates(), Now: func() time.Time { return now },
		Drafts: drafts, Future: future})
}

func diagLines(res *build.Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&b, "%s %s\n", d.Code, d.Error())
	}
	return b.String()
}

// TestDraftsLeftOut checks that drafts and scheduled notes, and a draft
// source, are in no file of the build: no page, list, feed, sitemap,
// search index, backlink, tag page, timeline or claim list.
func TestDraftsLeftOut(t *testing.T) {
	res := buildAt(draftSite(), fixedClock(), false, false)
	if !res.OK() {
		t.Fatalf("build failed:\n%s", diagLines(res))
	}
	want := `held-back content/notes/later.md:5:12: note: note "later" is scheduled for 1 January 2027: held back, not built; dossier serve shows it, build -future includes it, each with a banner
held-back content/notes/secret-plan.md:6:8: note: note "secret-plan" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner
held-back content/sources/hidden-record.md:6:8: note: source "hidden-record" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner
`
	if got := diagLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if res.Stats.Notes != 2 || res.Stats.Sources != 1 || res.Stats.Held != 3 || len(res.Held) != 3 {
		t.Errorf("stats %+v, %d held; want 2 notes, 1 source, 3 held back", res.Stats, len(res.Held))
	}
	if !strings.Contains(res.Stats.Summary(), "(3 held back: drafts or scheduled)") {
		t.Errorf("summary %q does not count what was held back", res.Stats.Summary())
	}
	secrets := []string{"Zanzibar", "zanzibar", "secret-plan", "old-plan", "Quokka", "quokka", "notes/later", "Wombat", "hidden-record"}
	seen := map[string]bool{}
	for _, f := range res.Files {
		seen[f.Path] = true
		for _, s := range secrets {
			if bytes.Contains(f.Data, []byte(s)) {
				t.Errorf("%s holds %q", f.Path, s)
			}
		}
	}
	for _, p := range []string{"index.html", "feed.xml", "sitemap.xml", "search/index.json", "tags/shared/index.html", "tags/index.html",
		"timeline/index.html", "claims/index.html", "notes/open/index.html", "sources/record/index.html", "sources/index.html"} {
		if !seen[p] {
			t.Errorf("the build has no %s to look into", p)
		}
	}
	for _, p := range []string{"notes/secret-plan/index.html", "notes/old-plan/index.html", "notes/later/index.html", "sources/hidden-record/index.html", "tags/zanzibar-tag/index.html"} {
		if seen[p] {
			t.Errorf("%s was built", p)
		}
	}
}

// TestDraftsIncluded checks -drafts and -future: the pages are built, each
// with its banner and kept from search engines, and the published pages
// carry none.
func TestDraftsIncluded(t *testing.T) {
	tests := []struct {
		name           string
		drafts, future bool
		built, absent  []string
	}{
		{"drafts", true, false, []string{"notes/secret-plan/index.html", "sources/hidden-record/index.html"}, []string{"notes/later/index.html"}},
		{"future", false, true, []string{"notes/later/index.html"}, []string{"notes/secret-plan/index.html", "sources/hidden-record/index.html"}},
		{"both", true, true, []string{"notes/secret-plan/index.html", "notes/later/index.html", "sources/hidden-record/index.html"}, nil},
	}
	banners := map[string]string{
		"notes/secret-plan/index.html":     `<p class="held-banner" role="note">Draft — not published</p>`,
		"sources/hidden-record/index.html": `<p class="held-banner" role="note">Draft — not published</p>`,
		"notes/later/index.html":           `<p class="held-banner" role="note">Scheduled for <time datetime="2027-01-01">1 January 2027</time> — not yet published</p>`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := buildAt(draftSite(), fixedClock(), tt.drafts, tt.future)
			if !res.OK() {
				t.Fatalf("build failed:\n%s", diagLines(res))
			}
			files := map[string][]byte{}
			for _, f := range res.Files {
				files[f.Path] = f.Data
			}
			for _, p := range tt.built {
				page, ok := files[p]
				if !ok {
					t.Errorf("%s was not built", p)
					continue
				}
				if !bytes.Contains(page, []byte(banners[p])) {
					t.Errorf("%s has no banner %s", p, banners[p])
				}
				if !bytes.Contains(page, []byte(`<meta name="robots" content="noindex">`)) {
					t.Errorf("%s is not kept from search engines", p)
				}
			}
			if sitemap := string(files["sitemap.xml"]); !strings.Contains(sitemap, "notes/open/") ||
				strings.Contains(sitemap, "secret-plan") || strings.Contains(sitemap, "notes/later/") || strings.Contains(sitemap, "hidden-record") {
				t.Errorf("the sitemap lists a page that is not public, or not the published ones:\n%s", sitemap)
			}
			for _, p := range tt.absent {
				if _, ok := files[p]; ok {
					t.Errorf("%s was built", p)
				}
			}
			for _, p := range []string{"notes/open/index.html", "notes/other/index.html", "sources/record/index.html"} {
				if bytes.Contains(files[p], []byte("held-banner")) {
					t.Errorf("the published page %s has a banner", p)
				}
			}
		})
	}
}

// TestDraftsOnTheirDay checks that a scheduled note is published, with no
// banner, from its date on.
func TestDraftsOnTheirDay(t *testing.T) {
	res := buildAt(draftSite(), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false, false)
	if !res.OK() {
		t.Fatalf("build failed:\n%s", diagLines(res))
	}
	for _, f := range res.Files {
		if f.Path == "notes/later/index.html" {
			if bytes.Contains(f.Data, []byte("held-banner")) {
				t.Error("the note published today has a banner")
			}
			return
		}
	}
	t.Error("the note scheduled for today was not built")
}

// TestDraftLinks checks that a published page's links and citations to a
// page held back are errors at their place, saying why and how to fix
// it, and that the same links are fine in a build that includes them.
func TestDraftLinks(t *testing.T) {
	site := draftSite()
	site["content/notes/open.md"] = &fstest.MapFile{Data: []byte(`---
title: Open note
summary: A published note.
published: 2026-11-01
---
It links [[secret-plan]], [[old-plan|the old address]], [the plan](secret-plan.md) and [[later]] [@record].

It cites [@hidden-record] and links [[sources/hidden-record]].
`)}
	site["content/sources/record.md"] = &fstest.MapFile{Data: []byte(`---
title: A public record
published: 2026-01-02
cites: [hidden-record]
---
A record.
`)}
	site["content/notes/other.md"] = &fstest.MapFile{Data: []byte(`---
title: Other note
events:
  - date: 2026-01-02
    text: Something happened.
    sources: [record, hidden-record]
---
It cites [@record].
`)}
	site["dossier.yaml"] = &fstest.MapFile{Data: []byte("title: Drafts\nhome: later\n")}
	res := buildAt(site, fixedClock(), false, false)
	var errs []string
	for _, d := range res.Diagnostics {
		if d.Code == "unpublished" {
			errs = append(errs, d.Error())
		}
	}
	want := []string{
		"content/notes/open.md:6:10: link to note \"secret-plan\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it",
		"content/notes/open.md:6:27: link to note \"old-plan\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it",
		"content/notes/open.md:6:57: link to \"secret-plan.md\": note \"secret-plan\" is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it",
		"content/notes/open.md:6:88: link to note \"later\", which is scheduled for 1 January 2027 and so not published; publish it (give it a `published` date no later than today), remove the link, or build with -future to include it",
		"content/notes/open.md:8:11: citation of source \"hidden-record\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the citation, or build with -drafts to include it",
		"content/notes/open.md:8:37: link to source \"hidden-record\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it",
		"content/notes/other.md:6:23: event cites source \"hidden-record\", which is a draft and so not published; publish it (remove `draft: true` from it), remove it from the event's sources, or build with -drafts to include it",
		"content/sources/record.md:4:9: `cites` names source \"hidden-record\", which is a draft and so not published; publish it (remove `draft: true` from it), remove it from `cites`, or build with -drafts to include it",
		"dossier.yaml:2:7: `home` names note \"later\", which is scheduled for 1 January 2027 and so not published; publish it (give it a `published` date no later than today), remove `home`, or build with -future to include it",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s\nall diagnostics:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"), diagLines(res))
	}
	if res.OK() || res.Files != nil {
		t.Error("the build succeeded")
	}
	// With -drafts -future the links are good; each says, in a note, that
	// a build without the flags stops there.
	res = buildAt(site, fixedClock(), true, true)
	if !res.OK() {
		t.Errorf("with -drafts -future the links are good, but:\n%s", diagLines(res))
	}
	var notes []string
	for _, d := range res.Diagnostics {
		if d.Code == "unpublished" && d.Severity == diag.Note {
			notes = append(notes, d.Error())
		}
	}
	wantNotes := []string{
		`content/notes/open.md:6:10: note: link to note "secret-plan", which is a draft: this build includes it, but a build without -drafts stops here; publish it before this page, or link to it only once it is published`,
		`content/notes/open.md:6:27: note: link to note "secret-plan", which is a draft: this build includes it, but a build without -drafts stops here; publish it before this page, or link to it only once it is published`,
		`content/notes/open.md:6:57: note: link to note "secret-plan", which is a draft: this build includes it, but a build without -drafts stops here; publish it before this page, or link to it only once it is published`,
		`content/notes/open.md:6:88: note: link to note "later", which is scheduled for 1 January 2027: this build includes it, but a build without -future stops here; publish it before this page, or link to it only once it is published`,
		`content/notes/open.md:8:11: note: citation of source "hidden-record", which is a draft: this build includes it, but a build without -drafts stops here; publish it before this page, or link to it only once it is published`,
		`content/notes/open.md:8:37: note: link to source "hidden-record", which is a draft: this build includes it, but a build without -drafts stops here; publish it before this page, or link to it only once it is published`,
	}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("notes with -drafts -future:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
}

// TestUnusedSourceOfDraft checks that a source cited only by a draft is
// not reported as unused, and one cited by nothing still is.
func TestUnusedSourceOfDraft(t *testing.T) {
	site := draftSite()
	site["content/sources/hidden-record.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Cited by the draft only\n---\nText.\n")}
	site["content/sources/lonely.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Cited by nothing\n---\nText.\n")}
	res := buildAt(site, fixedClock(), false, false)
	var unused []string
	for _, d := range res.Diagnostics {
		if d.Code == "unused-source" {
			unused = append(unused, d.File)
		}
	}
	if strings.Join(unused, " ") != "content/sources/lonely.md" {
		t.Errorf("unused sources reported: %q; want only content/sources/lonely.md", unused)
	}
}

// TestCheckHeld checks that check's second look finds the problems in
// the files held back, and only there, without counting twice what both
// builds found.
func TestCheckHeld(t *testing.T) {
	site := draftSite()
	site["content/notes/secret-plan.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Draft\ndraft: true\ntittle: typo\n---\nIt links [[no-such-note]] [@record].\n")}
	site["content/notes/open.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Open\n---\nIt links [[no-such-either]] [@record].\n")}
	opts := build.Options{Site: site, Templates: dossier.Templates(), Now: fixedClock}
	res := build.Run(opts)
	build.CheckHeld(opts, res)
	// The draft source, cited by nothing now, is unused in a build that
	// would publish it: check says so.
	want := `held-back content/notes/later.md:5:12: note: note "later" is scheduled for 1 January 2027: held back, not built; dossier serve shows it, build -future includes it, each with a banner
unknown-note content/notes/open.md:4:10: link to unknown note "no-such-either"; known notes: open, other
held-back content/notes/secret-plan.md:3:8: note: note "secret-plan" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner
unknown-key content/notes/secret-plan.md:4:1: unknown key ` + "`tittle`; did you mean `title`?" + ` known keys: title, summary, tags, published, updated, aliases, events, revisions, draft
unknown-note content/notes/secret-plan.md:6:10: link to unknown note "no-such-note"; known notes: later, open, other, secret-plan
unused-source content/sources/hidden-record.md:1:1: warning: no note cites source "hidden-record"; cite it with [@hidden-record] where it is used, or remove the record
held-back content/sources/hidden-record.md:6:8: note: source "hidden-record" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner
`
	if got := diagLines(res); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if res.Stats.Errors != 3 || res.Stats.Warnings != 1 {
		t.Errorf("%d errors, %d warnings; want 3 and 1", res.Stats.Errors, res.Stats.Warnings)
	}
}

// TestBadTimeZone checks that time_zone is checked where it is written.
func TestBadTimeZone(t *testing.T) {
	site := draftSite()
	site["dossier.yaml"] = &fstest.MapFile{Data: []byte("title: Drafts\ntime_zone: Europe/Atlantis\n")}
	res := buildAt(site, fixedClock(), false, false)
	want := `config dossier.yaml:2:12: time_zone "Europe/Atlantis" is not a time zone name; name an IANA time zone such as Europe/Kyiv or America/New_York, or remove the key for UTC`
	if !strings.Contains(diagLines(res), want) {
		t.Errorf("diagnostics:\n%s\nwant a line %s", diagLines(res), want)
	}
	site["dossier.yaml"] = &fstest.MapFile{Data: []byte("title: Drafts\ntime_zone: Pacific/Kiritimati\n")}
	// 4 December 2026, 10:00 UTC is 5 December 00:00 at UTC+14: the note
	// of the fifth is published there.
	site["content/notes/later.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Fifth\npublished: 2026-12-05\n---\nIt links [[other]] [@record].\n")}
	if res := buildAt(site, fixedClock(), false, false); !res.OK() || res.Stats.Held != 2 {
		t.Errorf("in Kiritimati the note of the fifth is published; got %d held back:\n%s", res.Stats.Held, diagLines(res))
	}
}

// pageDraftSite is draftSite with three standalone pages, all asking for
// the navigation: one published, one a draft and one scheduled, the last
// two with words found nowhere else.
func pageDraftSite() fstest.MapFS {
	site := draftSite()
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	site["content/pages/about.md"] = file("---\ntitle: About\nnav: 1\n---\nAbout the site {no citation}.\n")
	site["content/pages/kakapo.md"] = file("---\ntitle: Kakapo draft page\nsummary: Kakapo summary.\nnav: 2\ndraft: true\n---\nKakapo body cites [@record] and [@hidden-record].\n")
	site["content/pages/numbat.md"] = file("---\ntitle: Numbat scheduled page\nnav: 3\npublished: 2027-01-01\n---\nNumbat body links [[open]] [@record].\n")
	return site
}

// TestPageDrafts checks that a draft or scheduled standalone page is held
// back as a note is: in no page, navigation, list, feed, sitemap or search
// index; built with its banner by -drafts and -future; and that links to
// it from published pages are errors at their place.
func TestPageDrafts(t *testing.T) {
	site := pageDraftSite()
	// A folder that holds only a draft leaves no empty index page.
	site["content/notes/zorilla-topic/zorilla-note.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Z\ndraft: true\n---\nText [@record].\n")}
	res := buildAt(site, fixedClock(), false, false)
	if !res.OK() {
		t.Fatalf("build failed:\n%s", diagLines(res))
	}
	for _, want := range []string{
		`held-back content/pages/kakapo.md:5:8: note: page "kakapo" is a draft: held back, not built; dossier serve shows it, build -drafts includes it, each with a banner`,
		`held-back content/pages/numbat.md:4:12: note: page "numbat" is scheduled for 1 January 2027: held back, not built; dossier serve shows it, build -future includes it, each with a banner`,
	} {
		if !strings.Contains(diagLines(res), want+"\n") {
			t.Errorf("no diagnostic\n%s\nin:\n%s", want, diagLines(res))
		}
	}
	if res.Stats.Standalone != 1 || res.Stats.Held != 6 {
		t.Errorf("stats %+v; want 1 standalone page, 6 held back", res.Stats)
	}
	if got, want := res.Stats.Counts(), "2 notes, 1 page, 1 source"; got != want {
		t.Errorf("counts %q; want %q", got, want)
	}
	if got := res.Stats.Summary(); !strings.Contains(got, "from 2 notes, 1 standalone page and 1 source (6 held back") {
		t.Errorf("summary %q does not count the standalone pages", got)
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		seen[f.Path] = true
		for _, s := range []string{"Kakapo", "kakapo", "Numbat", "numbat", "zorilla"} {
			if bytes.Contains(f.Data, []byte(s)) {
				t.Errorf("%s holds %q", f.Path, s)
			}
		}
	}
	if !seen["about/index.html"] || seen["kakapo/index.html"] || seen["numbat/index.html"] {
		t.Errorf("built about %v, kakapo %v, numbat %v; want only about", seen["about/index.html"], seen["kakapo/index.html"], seen["numbat/index.html"])
	}

	// -drafts -future: built, with banners, kept from search engines and
	// out of the sitemap.
	res = buildAt(pageDraftSite(), fixedClock(), true, true)
	if !res.OK() {
		t.Fatalf("build with -drafts -future failed:\n%s", diagLines(res))
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	for p, banner := range map[string]string{
		"kakapo/index.html": `<p class="held-banner" role="note">Draft — not published</p>`,
		"numbat/index.html": `<p class="held-banner" role="note">Scheduled for <time datetime="2027-01-01">1 January 2027</time> — not yet published</p>`,
	} {
		if !bytes.Contains(files[p], []byte(banner)) {
			t.Errorf("%s has no banner %s", p, banner)
		}
		if !bytes.Contains(files[p], []byte(`<meta name="robots" content="noindex">`)) {
			t.Errorf("%s is not kept from search engines", p)
		}
	}
	if bytes.Contains(files["about/index.html"], []byte("held-banner")) {
		t.Error("the published page has a banner")
	}
	if sitemap := string(files["sitemap.xml"]); !strings.Contains(sitemap, "/about/") || strings.Contains(sitemap, "kakapo") || strings.Contains(sitemap, "numbat") {
		t.Errorf("the sitemap lists a page that is not public, or not the published one:\n%s", sitemap)
	}

	// On its day the scheduled page is published, with no banner.
	res = buildAt(pageDraftSite(), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false, false)
	var numbat []byte
	for _, f := range res.Files {
		if f.Path == "numbat/index.html" {
			numbat = f.Data
		}
	}
	if numbat == nil || bytes.Contains(numbat, []byte("held-banner")) {
		t.Errorf("on its day the scheduled page is not published, or has a banner (built: %v)", numbat != nil)
	}
}

// TestPageDraftLinks checks that a published page's links to a standalone
// page held back are errors at their place, by wiki link and by path.
func TestPageDraftLinks(t *testing.T) {
	site := pageDraftSite()
	site["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nSee [[pages/kakapo]] and [the plan](numbat.md) {no citation}.\n")}
	res := buildAt(site, fixedClock(), false, false)
	var errs []string
	for _, d := range res.Diagnostics {
		if d.Code == "unpublished" {
			errs = append(errs, d.Error())
		}
	}
	want := []string{
		"content/pages/about.md:4:5: link to page \"kakapo\", which is a draft and so not published; publish it (remove `draft: true` from it), remove the link, or build with -drafts to include it",
		"content/pages/about.md:4:26: link to \"numbat.md\": page \"numbat\" is scheduled for 1 January 2027 and so not published; publish it (give it a `published` date no later than today), remove the link, or build with -future to include it",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s\nall diagnostics:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"), diagLines(res))
	}
	if res.OK() {
		t.Error("the build succeeded")
	}
	if res := buildAt(site, fixedClock(), true, true); !res.OK() {
		t.Errorf("with -drafts -future the links are good, but:\n%s", diagLines(res))
	}
}
