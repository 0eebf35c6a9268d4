package build

import (
	"errors"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/gitdates"
)

// commitDates fills in each note's and source's content.File.Committed from
// the git history of the site folder dir, with one `git log` for the whole
// site. A folder that is not a git repository, or a machine without git,
// gets no dates; a history that cannot be read is a warning.
func commitDates(dir string, site *content.Site, diags *diag.List) {
	if dir == "" {
		return
	}
	dates, err := gitdates.Load(dir, "content")
	switch {
	case errors.Is(err, gitdates.ErrNotRepository), errors.Is(err, gitdates.ErrNoGit):
		return
	case err != nil:
		diags.Warnf(diag.Pos{File: "content"}, diag.CodeGitHistory,
			"pages show only the dates in their front matter until `git log` works in the site folder",
			"cannot read the last-modified dates from git: %v", err)
		return
	}
	set := func(f *content.File) {
		if t, ok := dates[f.Path]; ok {
			f.Committed = content.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
		}
	}
	for _, n := range site.Notes {
		set(&n.File)
	}
	for _, s := range site.Sources {
		set(&s.File)
	}
}
