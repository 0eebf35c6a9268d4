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

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
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
}

const usage = `dossier builds an explainer site from Markdown notes and source records.

Usage:
  dossier <command> [flags]

Commands:
  build     build the site into public/ (or -o DIR)
  check     report every content error and warning; write nothing
  serve     build and serve the site, rebuilding when files change

Examples:
  dossier build
  dossier build -src ./mysite -o /tmp/site -base-url https://example.org/explainer/
  dossier check -strict
  dossier serve -addr 127.0.0.1:8080

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
		fmt.Fprint(m.Stderr, help)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns an exit code when the command should stop.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK, false
	}
	if err != nil {
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
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

// runBuild builds the site in dir and prints its diagnostics.
func (m *Main) runBuild(dir, baseURL string, strict bool, format string) (*build.Result, int) {
	site, err := openSite(dir)
	if err != nil {
		fmt.Fprintf(m.Stderr, "dossier: %v\n", err)
		return nil, exitUsage
	}
	res := build.Run(build.Options{Site: site, GitDir: dir, Templates: dossier.Templates(), BaseURL: baseURL, Strict: strict})
	if format == "json" {
		_ = diag.WriteJSON(m.Stdout, res.Diagnostics)
	} else {
		_ = diag.WriteText(m.Stderr, res.Diagnostics)
	}
	if !res.OK() {
		if format != "json" {
			fmt.Fprintf(m.Stderr, "%d errors, %d warnings; nothing was written\n", res.Stats.Errors, res.Stats.Warnings)
		}
		return res, exitContent
	}
	return res, exitOK
}

func defaultOut(src string) string {
	return filepath.Join(src, "public")
}
