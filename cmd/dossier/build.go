package main

import (
	"fmt"

	"github.com/dossier-site/dossier/internal/build"
)

const buildHelp = `Usage: dossier build [flags]

Builds the site in the site folder (content/, templates/, dossier.yaml) into
the output folder. The new site replaces the old one only when complete; on
any content error nothing is written and the errors are listed.

Drafts (draft: true) and notes whose published date is after today are
held back, and listed; -drafts and -future include them, each page with a
banner that says it is not published.

Examples:
  dossier build
  dossier build -base-url https://example.org/explainer/
  dossier build -drafts -future -o /tmp/review   # a copy for reviewers
  dossier build -timings             # each phase's time and allocation

Flags:
`

func (m *Main) build(args []string) int {
	fs := m.newFlags("build", buildHelp)
	src := fs.String("src", ".", "the site `folder`")
	out := fs.String("o", "", "the output `folder` (default: public/ in the site folder)")
	baseURL := fs.String("base-url", "", "the `URL` the site is published at, e.g. https://example.org/explainer/ (overrides dossier.yaml)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	quiet := fs.Bool("q", false, "print only errors and warnings")
	articles := fs.String("articles", "", "the `folder` of the sources' article texts (default: the one dossier.yaml's articles names)")
	drafts := fs.Bool("drafts", false, "include drafts (draft: true), each with a banner saying it is not published")
	future := fs.Bool("future", false, "include notes whose published date is after today, each with a banner saying when it is scheduled")
	timings := fs.Bool("timings", false, "print each phase's wall time and allocation on standard error")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if *out == "" {
		*out = defaultOut(*src)
	}
	res, dir, code := m.runBuild(*src, runOptions{articles: *articles, baseURL: *baseURL, strict: *strict, format: "text", quiet: *quiet, out: *out,
		drafts: *drafts, future: *future})
	if *timings && res != nil {
		defer m.printTimings(res)
	}
	if code != exitOK {
		if dir != nil {
			_ = dir.Abort()
		}
		return code
	}
	if res.WriteErr != nil {
		_ = dir.Abort()
		fmt.Fprintf(m.Stderr, "dossier: writing %s: %v\n", *out, res.WriteErr)
		return exitContent
	}
	var err error
	res.Stats.Phases.Measure("write", func() { err = dir.Commit() })
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: writing %s: %v\n", *out, err)
		return exitContent
	}
	if !*quiet {
		fmt.Fprintln(m.Stdout, res.Stats.Summary())
	}
	return exitOK
}

// printTimings prints the build's phases as a table on standard error.
func (m *Main) printTimings(res *build.Result) {
	_ = res.Stats.Phases.WriteTable(m.Stderr)
}
