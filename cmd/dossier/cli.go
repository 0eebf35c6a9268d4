package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/output"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // content errors (or a failed write)
	exitUsage   = 2
)

// Main is the program, with its output streams, so tests can run it.
type Main struct {
	Stdout, Stderr io.Writer
	// Now is the clock for the dates of new notes and for what a build
	// holds back as scheduled (build.Options.Now); nil means time.Now.
	Now func() time.Time
	// IsTerminal says whether w is a terminal, where a long build shows its
	// progress; nil means a check of the file descriptor.
	IsTerminal func(w io.Writer) bool
}

func (m *Main) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

const usage = `dossier builds an explainer site from Markdown notes and source records.

Usage:
  dossier <command> [flags]

Commands:
  build     build the site into public/ (or -o DIR)
  check     report every content error and warning; write nothing
  serve     build and serve the site, rebuilding when files change
  new       write a new note, source record or site
  version   print the version

Examples:
  dossier new site ./my-explainer
  dossier new note budapest-memorandum
  dossier serve -addr 127.0.0.1:8080
  dossier check -strict
  dossier check -format json        # for editors' tools and CI annotations
  dossier build -src ./mysite -o /tmp/site -base-url https://example.org/explainer/

Run 'dossier <command> -h' for the flags of a command.
`

// Run runs the command in args and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return m.build(rest)
	case "check":
		return m.check(rest)
	case "serve":
		return m.serve(ctx, rest)
	case "new":
		return m.newCmd(rest)
	case "version", "-version", "--version":
		return m.version(rest)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(m.Stderr, "dossier: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// newFlags makes a flag set that reports errors instead of exiting.
func (m *Main) newFlags(name, help string) *flag.FlagSet {
	fs := flag.NewFlagSet("dossier "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), help)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns an exit code when the command should stop.
func (m *Main) parse(fs *flag.FlagSet, args []string) (int, bool) {
	if code, ok := m.parseSome(fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// parseSome parses flags up to the first argument that is not one.
func (m *Main) parseSome(fs *flag.FlagSet, args []string) (int, bool) {
	out := fs.Output()
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(m.Stdout) // asked for: help goes to stdout
		}
	}
	err := fs.Parse(args)
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK, false
	}
	if err != nil {
		return exitUsage, false
	}
	return 0, true
}

// openSite opens the site folder so that nothing read through it can leave
// it, not even by a symbolic link.
func openSite(dir string) (fs.FS, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("site folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("site folder %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil
}

// isSite reports, as a usage error, a folder that holds neither
// dossier.yaml nor content/: checking or building it would "succeed" with
// no notes, most likely in the wrong folder. Either one makes a site: a
// folder with content/ alone builds with the default configuration, and
// one with dossier.yaml alone is a site with no notes yet.
func isSite(dir string) error {
	for _, name := range []string{"dossier.yaml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	where := dir
	if abs, err := filepath.Abs(dir); err == nil && abs != dir {
		where = fmt.Sprintf("%s (%s)", dir, abs)
	}
	return fmt.Errorf("%s is not a site folder: it has no dossier.yaml and no content/; make a site with `dossier new site DIR`, or name the site folder with -src DIR", where)
}

// openArticles opens the folder of article texts: flag, when the -articles
// flag names one (it must be there), or else the one the site's
// dossier.yaml names in `articles`; nil when it names none or the folder is
// not there (the build then says so in a note).
func openArticles(dir, flag string, site fs.FS) (fs.FS, error) {
	if flag != "" {
		root, err := os.OpenRoot(flag)
		if err != nil {
			return nil, fmt.Errorf("-articles: %w", err)
		}
		return root.FS(), nil
	}
	path := build.ArticlesDir(dir, site)
	if path == "" {
		return nil, nil
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, nil
	}
	return root.FS(), nil
}

// runOptions are what build and check ask of runBuild.
type runOptions struct {
	articles, baseURL string
	strict            bool
	format            string // text or json
	quiet             bool
	out               string // the output folder; "" writes nothing
	drafts, future    bool   // include drafts, scheduled notes
	checkHeld         bool   // check what is held back too (build.CheckHeld)
}

// runBuild builds the site in dir and prints its diagnostics. With an
// output folder ro.out, pages are written as they are rendered, into a new
// folder that the caller commits or aborts (see output.Dir).
func (m *Main) runBuild(dir string, ro runOptions) (*build.Result, *output.Dir, int) {
	articlesFlag, baseURL, strict, format, quiet, out := ro.articles, ro.baseURL, ro.strict, ro.format, ro.quiet, ro.out
	site, err := openSite(dir)
	if err == nil {
		err = isSite(dir)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: %v\n", err)
		return nil, nil, exitUsage
	}
	articles, err := openArticles(dir, articlesFlag, site)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: %v\n", err)
		return nil, nil, exitUsage
	}
	var od *output.Dir
	if out != "" {
		if od, err = output.Create(out); err != nil {
			fmt.Fprintf(m.Stderr, "dossier: writing %s: %v\n", out, err)
			return nil, nil, exitContent
		}
	}
	prog := m.progress(quiet)
	opts := build.Options{Site: site, GitDir: dir, Articles: articles, Templates: dossier.Templates(), BaseURL: baseURL, Strict: strict,
		Publish: out != "", Progress: prog.fn(), Output: od, Now: m.Now, Drafts: ro.drafts, Future: ro.future}
	res := build.Run(opts)
	if ro.checkHeld {
		build.CheckHeld(opts, res)
	}
	prog.clear()
	if format == "json" {
		_ = diag.WriteJSON(m.Stdout, res.Diagnostics)
	} else {
		_ = diag.WriteText(m.Stderr, res.Diagnostics)
	}
	if !res.OK() {
		if format != "json" {
			fmt.Fprintf(m.Stderr, "%s, %s; nothing was written\n", diag.Count(res.Stats.Errors, "error"), diag.Count(res.Stats.Warnings, "warning"))
		}
		return res, od, exitContent
	}
	return res, od, exitOK
}

func defaultOut(src string) string {
	return filepath.Join(src, "public")
}
