package main

import (
	"fmt"

	"github.com/dossier-site/dossier/internal/diag"
)

const checkHelp = `Usage: dossier check [flags]

Does everything a build does but write: reports every error and warning in
the content, each with its file, line and column. Exits 1 if there are errors.
Drafts and notes scheduled after today, which a build holds back, are listed
(as notes) and checked as if they were published.

Examples:
  dossier check
  dossier check -strict              # warnings count as errors
  dossier check -format json         # one JSON object per line, for tools
  dossier check -timings             # each phase's time and allocation

Flags:
`

func (m *Main) check(args []string) int {
	fs := m.newFlags("check", checkHelp)
	src := fs.String("src", ".", "the site `folder`")
	strict := fs.Bool("strict", false, "treat warnings (uncited paragraphs, unused sources) as errors")
	format := fs.String("format", "text", "output `format`: text or json")
	articles := fs.String("articles", "", "the `folder` of the sources' article texts (default: the one dossier.yaml's articles names)")
	timings := fs.Bool("timings", false, "print each phase's wall time and allocation on standard error")
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(m.Stderr, "dossier check: -format must be text or json, not %q\n", *format)
		return exitUsage
	}
	res, _, code := m.runBuild(*src, runOptions{articles: *articles, strict: *strict, format: *format, checkHeld: true})
	if *timings && res != nil {
		m.printTimings(res)
	}
	if code == exitOK && *format == "text" {
		held := ""
		if res.Stats.Held > 0 {
			held = fmt.Sprintf(" (and %d held back: drafts or scheduled)", res.Stats.Held)
		}
		fmt.Fprintf(m.Stdout, "ok: %s%s, %s\n", res.Stats.Counts(), held, diag.Count(res.Stats.Warnings, "warning"))
	}
	return code
}
