package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/resolve"
	"github.com/dossier-site/dossier/internal/scaffold"
	"github.com/dossier-site/dossier/internal/slug"
)

const newHelp = `Usage:
  dossier new note [<folder>/]<slug> [-src DIR]   write content/notes/[<folder>/]<slug>.md
  dossier new page <slug> [-src DIR]              write content/pages/<slug>.md (published at /<slug>/)
  dossier new source <id> [-src DIR]              write content/sources/<id>.md
  dossier new site <DIR>                          write a new site into DIR

A new note or source record has every front-matter key, each with a comment
saying what it is for; fill in what you know and delete the rest. A new note
is a draft (draft: true): dossier serve shows it, a build holds it back until
you delete that line. A new site
has dossier.yaml, a sample note, a sample source and a copy of the default
templates to customise; it builds and passes 'dossier check -strict' as it
is. Nothing is ever overwritten.

A slug or id is lower-case letters, digits and single hyphens: it becomes the
page's address, e.g. /notes/budapest-memorandum/. A note's folder groups it
with others (the folder gets an index page) but is not part of its address,
so a note's slug must be unique across folders.

Examples:
  dossier new note budapest-memorandum
  dossier new note budapest/signing-ceremony
  dossier new page about
  dossier new source reuters-2026-01-27 -src ./mysite
  dossier new site ./my-explainer && cd my-explainer && dossier serve

Flags:
`

func (m *Main) newCmd(args []string) int {
	fs := m.newFlags("new", newHelp)
	src := fs.String("src", ".", "the site `folder` (for note, page and source)")
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
		fmt.Fprintf(m.Stderr, "dossier new: want a kind (note, page, source or site) and a name, e.g. dossier new note budapest-memorandum\n")
		return exitUsage
	}
	kind, name := pos[0], pos[1]
	today := m.now()
	switch kind {
	case "note", "source", "page":
		folder := ""
		if kind == "note" {
			if i := strings.LastIndexByte(name, '/'); i >= 0 {
				folder, name = name[:i], name[i+1:]
				for f := range strings.SplitSeq(folder, "/") {
					if err := slug.Check(f); err != nil {
						fmt.Fprintf(m.Stderr, "dossier new note: folder name %q %v: use lower-case letters, digits and single hyphens\n", f, err)
						return exitUsage
					}
				}
			}
		}
		if err := slug.Check(name); err != nil {
			hint := ""
			if s := slug.Make(name); s != "" {
				hint = fmt.Sprintf("; try %s", s)
			}
			fmt.Fprintf(m.Stderr, "dossier new %s: %q %v: use lower-case letters, digits and single hyphens%s\n", kind, name, err, hint)
			return exitUsage
		}
		dir, data := content.NotesDir, scaffold.Note(name, today)
		switch kind {
		case "source":
			dir, data = content.SourcesDir, scaffold.Source(name, today)
		case "page":
			if slices.Contains(resolve.Reserved, name) {
				fmt.Fprintf(m.Stderr, "dossier new page: /%s/ is the site's own; choose another name (taken: %s)\n", name, strings.Join(resolve.Reserved, ", "))
				return exitUsage
			}
			dir, data = content.PagesDir, scaffold.Page(name, today)
		}
		p := filepath.Join(*src, filepath.FromSlash(dir), filepath.FromSlash(folder), name+".md")
		if other := sameAddress(filepath.Join(*src, filepath.FromSlash(dir)), p, kind == "note"); other != "" {
			fmt.Fprintf(m.Stderr, "dossier new %s: %s already has the address %s would have; choose another name\n", kind, other, name)
			return exitContent
		}
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
		fmt.Fprintf(m.Stderr, "dossier new: unknown kind %q; want note, page, source or site\n", kind)
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

// sameAddress returns a file in dir (or, with nested, in the folders below
// it: a note's slug is unique across folders) other than target whose name
// would publish to the same address as target's (Budapest.md and
// budapest.md on a case-insensitive disk, or budapest.md in another
// folder), or "".
func sameAddress(dir, target string, nested bool) string {
	key := slug.Key(strings.TrimSuffix(filepath.Base(target), ".md"))
	found := ""
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || found != "" {
			return filepath.SkipAll
		}
		if e.IsDir() {
			if p != dir && (!nested || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if base, ok := strings.CutSuffix(e.Name(), ".md"); ok && p != target && slug.Key(base) == key && e.Type()&fs.ModeType == 0 {
			found = p
		}
		return nil
	})
	return found
}
