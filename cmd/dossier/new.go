package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/scaffold"
	"github.com/dossier-site/dossier/internal/slug"
)

const newHelp = `Usage:
  dossier new note <slug> [-src DIR]   write content/notes/<slug>.md
  dossier new source <id> [-src DIR]   write content/sources/<id>.md
  dossier new site <DIR>               write a new site into DIR

A new note or source record has every front-matter key, each with a comment
saying what it is for; fill in what you know and delete the rest. A new note
is a draft (draft: true): dossier serve shows it, a build holds it back until
you delete that line. A new site
has dossier.yaml, a sample note, a sample source and a copy of the default
templates to customise; it builds and passes 'dossier check -strict' as it
is. Nothing is ever overwritten.

A slug or id is lower-case letters, digits and single hyphens: it becomes the
page's address, e.g. /notes/budapest-memorandum/.

Examples:
  dossier new note budapest-memorandum
  dossier new source reuters-2026-01-27 -src ./mysite
  dossier new site ./my-explainer && cd my-explainer && dossier serve

Flags:
`

func (m *Main) newCmd(args []string) int {
	fs := m.newFlags("new", newHelp)
	src := fs.String("src", ".", "the site `folder` (for note and source)")
	// Flags may come before or after the kind and name.
	var pos []string
	for len(args) > 0 {
		if code, ok := m.parseSome(fs, args); !ok {
			return code
		}
		args = fs.Args()
		if len(args) > 0 {
			pos = append(pos, args[0])
			args = args[1:]
		}
	}
	if len(pos) != 2 {
		fmt.Fprintf(m.Stderr, "dossier new: want a kind (note, source or site) and a name, e.g. dossier new note budapest-memorandum\n")
		return exitUsage
	}
	kind, name := pos[0], pos[1]
	today := m.now()
	switch kind {
	case "note", "source":
		if err := slug.Check(name); err != nil {
			hint := ""
			if s := slug.Make(name); s != "" {
				hint = fmt.Sprintf("; try %s", s)
			}
			fmt.Fprintf(m.Stderr, "dossier new %s: %q %v: use lower-case letters, digits and single hyphens%s\n", kind, name, err, hint)
			return exitUsage
		}
		dir, data := content.NotesDir, scaffold.Note(name, today)
		if kind == "source" {
			dir, data = content.SourcesDir, scaffold.Source(name, today)
		}
		if other := sameAddress(filepath.Join(*src, filepath.FromSlash(dir)), name); other != "" {
			fmt.Fprintf(m.Stderr, "dossier new %s: %s already has the address %s would have; choose another name\n", kind, other, name)
			return exitContent
		}
		p := filepath.Join(*src, filepath.FromSlash(dir), name+".md")
		if err := scaffold.Create(p, data); err != nil {
			return m.newFailed(kind, err)
		}
		if kind == "note" {
			fmt.Fprintf(m.Stdout, "wrote %s (a draft: delete `draft: true` to publish it)\n", p)
		} else {
			fmt.Fprintf(m.Stdout, "wrote %s\n", p)
		}
	case "site":
		files, err := scaffold.Site(name, dossier.Templates(), today)
		if err != nil {
			return m.newFailed(kind, err)
		}
		fmt.Fprintf(m.Stdout, "wrote a new site in %s (%d files). Next:\n  cd %s\n  dossier serve\n", name, len(files), name)
	default:
		fmt.Fprintf(m.Stderr, "dossier new: unknown kind %q; want note, source or site\n", kind)
		return exitUsage
	}
	return exitOK
}

func (m *Main) newFailed(kind string, err error) int {
	if errors.Is(err, scaffold.ErrExists) {
		fmt.Fprintf(m.Stderr, "dossier new %s: %v; nothing was overwritten\n", kind, err)
		return exitContent
	}
	fmt.Fprintf(m.Stderr, "dossier new %s: %v\n", kind, err)
	return exitContent
}

// sameAddress returns a file in dir whose name would publish to the same
// address as name (Budapest.md and budapest.md on a case-insensitive
// disk), or "".
func sameAddress(dir, name string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	key := slug.Key(name)
	for _, e := range entries {
		if base, ok := strings.CutSuffix(e.Name(), ".md"); ok && base != name && slug.Key(base) == key && e.Type()&fs.ModeType == 0 {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}
