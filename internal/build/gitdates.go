package build

import (
	"errors"
	"time"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/gitdates"
)

// commitDates fills in each note's and source's content.File.Committed from
// the git history of the site folder dir, with one `git log` for the whole
// site. A folder that is not a git repository, or a machine without git,
// gets no dates; a history that cannot be read is a warning.
func commitDates(dir string, site *content.Site, diags *diag.List, c *Cache) {
	if dir == "" {
		return
	}
	dates, same, err := c.gitDates(dir)
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
		if same && f.Committed != (content.Date{}) {
			// Set from these dates by an earlier build: a file read
			// again since is a new File, with no date. (Looking every
			// file up took 3 ms of each preview rebuild at 10,000 notes.)
			return
		}
		f.Committed = content.Date{}
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

// gitMemo is the commit dates a Cache read, the repository they were read
// from and its stamp then (see gitdates.Repo.Stamp).
type gitMemo struct {
	dir     string
	outside bool // dir was in no repository, and no .git has appeared since
	repo    gitdates.Repo
	stamp   string
	dates   map[string]time.Time
}

// gitDates returns the commit dates of the site folder's files: through a
// Cache, those of the last build while the repository's HEAD has not moved,
// which it tells by reading a few small files. Reading the whole history at
// every rebuild of the preview took 110 ms of a body edit's rebuild in a site
// of 11,000 files and six commits, and grows with the history. same says
// that the dates are the last build's.
func (c *Cache) gitDates(dir string) (dates map[string]time.Time, same bool, err error) {
	if c == nil {
		dates, err := gitdates.Load(dir, "content")
		return dates, false, err
	}
	if m := c.git; m.dir == dir && m.repo.GitDir != "" {
		if stamp, err := m.repo.Stamp(); err == nil && stamp == m.stamp {
			return m.dates, true, nil
		}
	} else if m.dir == dir && m.outside && !gitdates.MayBeInRepository(dir) {
		return nil, false, gitdates.ErrNotRepository // without asking git again
	}
	c.git = gitMemo{}
	repo, err := gitdates.Locate(dir)
	if errors.Is(err, gitdates.ErrNotRepository) {
		c.git = gitMemo{dir: dir, outside: true}
	}
	if err != nil {
		return nil, false, err
	}
	stamp, serr := repo.Stamp()
	dates, err = gitdates.Load(dir, "content")
	if err == nil && serr == nil {
		c.git = gitMemo{dir: dir, repo: repo, stamp: stamp, dates: dates}
	}
	return dates, false, err
}
