package build

import (
	"fmt"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/publish"
)

// holdBack decides, right after the load stage, what the build publishes
// (see package publish): the full build and a Cache's take the same path.
// The site it returns is the loaded one without drafts and scheduled
// notes and pages, unless opts include them; each page held back is listed in a
// note.
func holdBack(opts Options, site *content.Site, diags *diag.List) *publish.Result {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	loc, err := publish.Location(site.Config.TimeZone)
	if err != nil {
		diags.Errorf(site.ConfigPos("time_zone"), diag.CodeConfig,
			"name an IANA time zone such as Europe/Kyiv or America/New_York, or remove the key for UTC", "%v", err)
		loc = time.UTC
	}
	r := opts.Cache.filter(site, publish.Options{Now: now(), Location: loc, Drafts: opts.Drafts, Future: opts.Future})
	for _, h := range r.Held {
		key, flag := "draft", h.Hold.Flags()
		if !h.Hold.Draft {
			key = "published"
		}
		diags.Add(diag.Diagnostic{Pos: h.File.Pos(key), Severity: diag.Note, Code: diag.CodeHeldBack,
			Message: fmt.Sprintf("%s %q %s: held back, not built", h.Kind, h.ID, h.Hold),
			Hint:    fmt.Sprintf("dossier serve shows it, build %s includes it, each with a banner", flag)})
	}
	return r
}

// CheckHeld checks what res held back (drafts, scheduled notes and pages) as
// a build that published them would (with Drafts and Future), and adds
// what it finds in their files to res: `dossier check` checks them fully,
// so that a scheduled note does not fail the build on the day it comes
// out. opts are those res was built with, but for Output; the second build
// writes nothing.
func CheckHeld(opts Options, res *Result) {
	if len(res.Held) == 0 {
		return
	}
	held := map[string]bool{}
	for _, h := range res.Held {
		held[h.File.Path] = true
	}
	opts.Drafts, opts.Future = true, true
	opts.Output, opts.Cache, opts.Changed, opts.Progress = nil, nil, nil, nil
	all := Run(opts)
	var l diag.List
	for _, d := range res.Diagnostics {
		l.Add(d)
	}
	for _, d := range all.Diagnostics {
		if held[d.File] {
			l.Add(d)
		}
	}
	res.Diagnostics = l.Sorted() // drops the problems both builds found (in front matter, say)
	res.Stats.Errors, res.Stats.Warnings = 0, 0
	for _, d := range res.Diagnostics {
		switch d.Severity {
		case diag.Error:
			res.Stats.Errors++
		case diag.Warning:
			res.Stats.Warnings++
		}
	}
}
