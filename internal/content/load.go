package content

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/frontmatter"
	"github.com/dossier-site/dossier/internal/slug"
)

// Folders and files of a site.
const (
	ConfigFile = "dossier.yaml"
	NotesDir   = "content/notes"
	SourcesDir = "content/sources"
	PagesDir   = "content/pages"
	// FolderIndex is the file in a folder of notes that describes the
	// folder (the name Hugo gives it).
	FolderIndex = "_index.md"
)

// contentDirs are the folders Load reads.
var contentDirs = []string{NotesDir, SourcesDir, PagesDir}

// inContent reports whether p is below one of the content folders.
func inContent(p string) bool {
	for _, d := range contentDirs {
		if strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// MaxFileSize is the largest content file the build reads, in bytes.
const MaxFileSize = 4 << 20

// Load reads the site in fsys (the site folder). Every problem is added to
// diags; Load returns what it could load, skipping broken files.
func Load(fsys fs.FS, diags *diag.List) *Site {
	return LoadMemo(fsys, diags, nil)
}

// Memo keeps the files one Load decoded for the next, so that a file whose
// bytes are unchanged is not decoded again: its Note or Source (the same
// value, which must not be changed) and its problems are reused. The
// preview server's builds share one; at 10,000 notes decoding the front
// matter is most of the load stage (BenchmarkLoad). A file whose size and
// modification time are those it had when it was last read, well after
// that time, is not even read again (see stamp). A Memo is not safe for
// concurrent Loads.
type Memo struct {
	// changed, when not nil, are the only files that may have changed
	// since the last Load (see OnlyChanged), for the next Load.
	changed map[string]bool
	// The last Load's listing of the folders, and what it loaded of each
	// file listed (read says whether it could read it).
	list   *listing
	loaded []memoFile
	read   []bool
	// The last Load's published files (see files.go) and their problems.
	assets     []*Asset
	assetDiags []diag.Diagnostic
	// The last Load's duplicate addresses (checkDuplicates), valid while
	// dupsHeld; when there were none, a Load that keeps every note's slug
	// and aliases has none either, without the check, a map of every
	// address (3 ms of each preview rebuild at 10,000 notes).
	dups     []diag.Diagnostic
	dupsHeld bool
	// notesOrder is the order the last Load put its notes in: the place,
	// among the notes as its files are listed, of each in turn (see
	// orderNotes).
	notesOrder []int32
	// The last Load's folders with an _index.md, as loaded, and all its
	// folders (see Memo.folders).
	indexed, allFolders []*Folder
}

// folders returns the folders of notes and indexed (see folders): the
// last Load's, when every note has the last Load's path, slug and aliases
// (sameNames: so the same folder) and the folders with an _index.md are
// the same values; a pass over every note's folder, memory cold by the
// next edit, took 0.3 to 0.5 ms of each preview rebuild at 10,000 notes.
// A nil Memo makes them.
func (m *Memo) folders(notes []*Note, indexed []*Folder, sameNames bool) []*Folder {
	if m == nil {
		return folders(notes, indexed)
	}
	if !sameNames || !slices.Equal(indexed, m.indexed) {
		m.indexed, m.allFolders = indexed, folders(notes, indexed)
	}
	return m.allFolders
}

// last returns what the last Load loaded of the file p.
func (m *Memo) last(p string) (memoFile, bool) {
	if m == nil || m.list == nil {
		return memoFile{}, false
	}
	i, found := slices.BinarySearch(m.list.files, p)
	if !found || !m.read[i] {
		return memoFile{}, false
	}
	return m.loaded[i], true
}

// listing is what listFiles found.
type listing struct {
	files []string
	links map[string]bool
	diags []diag.Diagnostic
}

// listing returns the folders' listing: the last Load's when the files
// named as changed leave it as it was (each is outside the content
// folders, or a file listed then that is still a file), else a new one.
// Listing 11,000 files and checking their names took 11 ms of a rebuild.
func (m *Memo) listing(fsys fs.FS, changed map[string]bool) *listing {
	if m != nil && m.list != nil && changed != nil && m.list.holds(fsys, changed) {
		return m.list
	}
	ld := &diag.List{}
	l := &listing{}
	l.files, l.links = listFiles(fsys, ld)
	l.diags = ld.Sorted()
	return l
}

func (l *listing) holds(fsys fs.FS, changed map[string]bool) bool {
	for p := range changed {
		if p == "content" || slices.Contains(contentDirs, p) {
			return false // a folder made, removed or renamed
		}
		if !inContent(p) {
			continue
		}
		if !strings.HasSuffix(p, ".md") {
			// A published file (loadAssets looks at it), or a folder
			// made, removed or renamed.
			if info, err := fs.Stat(fsys, p); err == nil && info.IsDir() {
				return false
			}
			if l.holdsUnder(p + "/") {
				return false
			}
			continue
		}
		if _, listed := slices.BinarySearch(l.files, p); !listed {
			return false
		}
		if info, err := fs.Stat(fsys, p); err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// holdsUnder reports whether a file listed is below the folder prefix
// (ending in /).
func (l *listing) holdsUnder(prefix string) bool {
	i, _ := slices.BinarySearch(l.files, prefix)
	return i < len(l.files) && strings.HasPrefix(l.files[i], prefix)
}

// OnlyChanged tells m that only the files named (site-relative slash paths,
// as a watcher reports them: made, changed, deleted or renamed) may have
// changed since the last Load: the next Load takes the others from m
// without even a stat of each (at 10,000 notes, the stats alone took 30 ms
// of every rebuild on this project's machine), and lists the folders again
// only when a file named was made, deleted or renamed. Without a call
// before a Load, every file is looked at. A change to a file not named is
// missed until the file is named or a Load without a call.
func (m *Memo) OnlyChanged(paths []string) {
	m.changed = make(map[string]bool, len(paths))
	for _, p := range paths {
		m.changed[p] = true
	}
}

// Forget makes the next Load read the file p and decode it afresh, even
// when nothing says it changed: the preview lets go of a file's body once
// the file is parsed (see File.Body), and asks for it again when it no
// longer keeps the parse.
func (m *Memo) Forget(p string) {
	if m == nil || m.list == nil {
		return
	}
	if i, found := slices.BinarySearch(m.list.files, p); found {
		m.read[i] = false
	}
}

type memoFile struct {
	// sum is the SHA-256 of the file's bytes, which the Memo does not
	// keep: at 10,000 notes they are 60 MB that a preview would hold for
	// as long as it runs, for the rare read of a file whose stamp changed
	// (see stamp) but whose bytes may not have.
	sum    [sha256.Size]byte
	stamp  stamp
	note   *Note
	source *Source
	page   *Page
	folder *Folder
	ok     bool
	diags  []diag.Diagnostic
}

// stamp is what a Memo knows a file by without reading it: its size and
// modification time when it was read, and when that was. Reading and
// comparing every file was most of a rebuild's load stage (at 10,000 notes,
// 60 MB; BenchmarkIncrementalBuild), where a stat is needed anyway.
type stamp struct {
	size       int64
	mod, taken time.Time
}

// racyWindow is how long after a file's modification time a read of it is
// not trusted to have seen its last change: file systems keep times as
// coarsely as 2 s (FAT; 1 s on HFS+), so a change made soon after the read
// may leave the time as it was. Git treats such "racily clean" entries the
// same way: it reads them again.
const racyWindow = 2 * time.Second

// holds reports whether a file with info is unchanged since s was taken:
// same size and time, the time known (a file system that gives none is
// always read), and well before the read.
func (s stamp) holds(info fs.FileInfo) bool {
	return !s.mod.IsZero() && info.Size() == s.size && info.ModTime().Equal(s.mod) &&
		s.mod.Before(s.taken.Add(-racyWindow))
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{} }

// LoadMemo is Load through memo, which may be nil.
func LoadMemo(fsys fs.FS, diags *diag.List, memo *Memo) *Site {
	site := &Site{}
	site.Config, site.configPos = loadConfig(fsys, diags)
	var changed map[string]bool
	if memo != nil {
		changed, memo.changed = memo.changed, nil
	}
	list := memo.listing(fsys, changed)
	for _, d := range list.diags {
		diags.Add(d)
	}
	files := list.files
	if changed != nil {
		for p := range list.links {
			changed[p] = true // a watcher sees changes to the link, not to what it points to
		}
	}
	var loaded []memoFile
	var read []bool
	sameNames := false // every note has the last Load's slug and aliases
	if changed != nil && memo.loaded != nil && memo.list == list {
		// The same files as last time: only those named, and those that
		// could not be read (whose problems are not kept), are looked at,
		// in the memo's own lists (made afresh, they were a tenth of what
		// a body edit allocated at 10,000 notes).
		loaded, read = memo.loaded, memo.read
		// Only a last Load without duplicates is taken again: a
		// duplicate's position may move in a file whose names did not.
		sameNames = memo.dupsHeld && len(memo.dups) == 0
		for i, p := range files {
			if !read[i] {
				loaded[i], read[i] = loadOne(fsys, p, diags, memo, nil)
				sameNames = sameNames && !read[i]
			}
		}
		for p := range changed {
			if i, listed := slices.BinarySearch(files, p); listed && read[i] {
				before := loaded[i]
				loaded[i], read[i] = loadOne(fsys, p, diags, memo, nil)
				sameNames = sameNames && read[i] && sameNaming(before, loaded[i])
			}
		}
	} else {
		// Read and decode the files on every core (at 10,000 notes,
		// decoding front matter one file after the other took most of a
		// second), then add them in order.
		loaded, read = make([]memoFile, len(files)), make([]bool, len(files))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), len(files)) {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
					loaded[i], read[i] = loadOne(fsys, files[i], diags, memo, changed)
				}
			})
		}
		wg.Wait()
	}
	for i, m := range loaded {
		if !read[i] || !m.ok {
			site.Unloaded = append(site.Unloaded, files[i])
		}
		if !read[i] {
			continue
		}
		if memo != nil {
			for _, d := range m.diags {
				diags.Add(d)
			}
		}
		switch {
		case m.ok && m.note != nil:
			site.Notes = append(site.Notes, m.note)
		case m.ok && m.source != nil:
			site.Sources = append(site.Sources, m.source)
		case m.ok && m.page != nil:
			site.Pages = append(site.Pages, m.page)
		case m.ok && m.folder != nil:
			site.Folders = append(site.Folders, m.folder)
		}
	}
	site.Notes = orderNotes(site.Notes, memo, sameNames)
	site.Folders = memo.folders(site.Notes, site.Folders, sameNames)
	if memo != nil {
		memo.list, memo.loaded, memo.read = list, loaded, read
	}
	site.Files = loadAssets(fsys, diags, memo, changed)
	if memo == nil {
		checkDuplicates(site, diags)
		return site
	}
	if !sameNames {
		dups := &diag.List{}
		checkDuplicates(site, dups)
		memo.dups, memo.dupsHeld = dups.Sorted(), true
	}
	for _, d := range memo.dups {
		diags.Add(d)
	}
	return site
}

// orderNotes puts notes, listed as their files are (by path), in the
// order of their file names, whatever their folders, so that a note moved
// keeps its place; ties keep the listing's order. When every note has the
// last Load's slug (sameNames) and memo holds its order, the notes are put
// in that order without a look at their names: at 10,000 notes, comparing
// them read each note's memory, cold by the next edit (1.2 ms of each
// preview rebuild). memo, which may be nil, keeps the order for the next.
func orderNotes(notes []*Note, memo *Memo, sameNames bool) []*Note {
	if memo == nil {
		slices.SortStableFunc(notes, byFileName)
		return notes
	}
	if !sameNames || len(memo.notesOrder) != len(notes) {
		order := make([]int32, len(notes))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return byFileName(notes[a], notes[b]) })
		memo.notesOrder = order
	}
	ordered := make([]*Note, len(notes))
	for k, i := range memo.notesOrder {
		ordered[k] = notes[i]
	}
	return ordered
}

func byFileName(a, b *Note) int { return compareFileNames(a.Slug, b.Slug) }

// sameNaming reports whether two loads of a file give the same addresses
// to check for duplicates: both the same note's slug and aliases, or both
// no note.
func sameNaming(a, b memoFile) bool {
	an, bn := a.ok && a.note != nil, b.ok && b.note != nil
	if !an || !bn {
		return an == bn && a.ok == b.ok && (a.folder == nil) == (b.folder == nil)
	}
	return a.note.Slug == b.note.Slug && a.note.Path == b.note.Path && slices.Equal(a.note.Meta.Aliases, b.note.Meta.Aliases)
}

// loadOne reads and decodes the file p, or takes it from memo (which it
// only reads) when it is unchanged: not in changed (when not nil), or of the
// same stamp or bytes. With a memo, the file's problems are returned in the
// memoFile, not added to diags. It reports false when the file cannot be
// read.
func loadOne(fsys fs.FS, p string, diags *diag.List, memo *Memo, changed map[string]bool) (memoFile, bool) {
	last, seen := memo.last(p)
	if changed != nil && !changed[p] && seen {
		return last, true
	}
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	id := strings.TrimSuffix(name, ".md")
	info, err := fs.Stat(fsys, p)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, diag.CodeFileRead, "", "cannot read file: %v", unwrapPath(err))
		return memoFile{}, false
	}
	if seen && last.stamp.holds(info) {
		return last, true
	}
	st := stamp{size: info.Size(), mod: info.ModTime(), taken: time.Now()}
	src, ok := readText(fsys, p, info, diags)
	if !ok {
		return memoFile{}, false
	}
	var sum [sha256.Size]byte
	if memo != nil {
		sum = sha256.Sum256(src)
	}
	if seen && last.sum == sum {
		last.stamp = st
		return last, true
	}
	m := memoFile{sum: sum, stamp: st}
	fileDiags := diags
	if memo != nil {
		fileDiags = &diag.List{}
	}
	switch {
	case name == FolderIndex && strings.HasPrefix(dir, NotesDir+"/"):
		m.folder = &Folder{Path: strings.TrimPrefix(dir, NotesDir+"/"), HasIndex: true}
		m.ok = loadFile(&m.folder.File, p, src, &m.folder.Meta, fileDiags)
	case dir == NotesDir || strings.HasPrefix(dir, NotesDir+"/"):
		m.note = &Note{Slug: id, Folder: strings.TrimPrefix(strings.TrimPrefix(dir, NotesDir), "/")}
		m.ok = loadFile(&m.note.File, p, src, &m.note.Meta, fileDiags)
	case dir == SourcesDir:
		m.source = &Source{ID: id}
		m.ok = loadFile(&m.source.File, p, src, &m.source.Meta, fileDiags)
	case dir == PagesDir:
		m.page = &Page{Slug: id}
		m.ok = loadFile(&m.page.File, p, src, &m.page.Meta, fileDiags)
	}
	if memo != nil {
		m.diags = fileDiags.Sorted()
	}
	return m, true
}

// listFiles returns the Markdown files of content/notes (and its folders),
// content/sources and content/pages, sorted, and those of them that are
// symbolic links, reporting files that cannot be content.
func listFiles(fsys fs.FS, diags *diag.List) (files []string, links map[string]bool) {
	seen := map[string]string{} // slug key -> path
	var list func(dir, top string)
	list = func(dir, top string) {
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) && dir == top {
			return
		}
		if err != nil {
			diags.Errorf(diag.Pos{File: dir}, diag.CodeFileRead, "", "cannot read folder: %v", unwrapPath(err))
			return
		}
		for _, e := range entries {
			p := dir + "/" + e.Name()
			name := e.Name()
			switch {
			case strings.HasPrefix(name, "."):
				continue // editor swap files, .DS_Store, .obsidian
			case e.IsDir() && top == NotesDir:
				if err := slug.Check(name); err != nil {
					hint := "rename the folder with lower-case letters, digits and single hyphens"
					if s := slug.Make(name); s != "" {
						hint = fmt.Sprintf("rename it to %s", s)
					}
					diags.Errorf(diag.Pos{File: p}, diag.CodeBadSlug, hint, "folder name %q %v", name, err)
					continue
				}
				list(p, top)
				continue
			case e.IsDir():
				diags.Errorf(diag.Pos{File: p}, diag.CodeBadPath, "move the files it holds up into "+top,
					"%s may not hold folders (only content/notes may)", top)
				continue
			case !strings.HasSuffix(name, ".md"):
				continue // a published file (see files.go)
			case e.Type()&fs.ModeSymlink != 0:
				info, err := fs.Stat(fsys, p)
				if err != nil || !info.Mode().IsRegular() {
					diags.Errorf(diag.Pos{File: p}, diag.CodeBadPath, "replace the link with the file itself",
						"symbolic link points outside the site folder or to something that is not a file")
					continue
				}
				if links == nil {
					links = map[string]bool{}
				}
				links[p] = true
			case !e.Type().IsRegular():
				diags.Errorf(diag.Pos{File: p}, diag.CodeBadPath, "remove it", "not a regular file")
				continue
			}
			if name == FolderIndex && top == NotesDir {
				if dir == NotesDir {
					diags.Errorf(diag.Pos{File: p}, diag.CodeBadPath, "move it into the folder it describes, or rename it to a note's name",
						"%s describes a folder of notes; content/notes itself has no index page", FolderIndex)
					continue
				}
				files = append(files, p)
				continue
			}
			id := strings.TrimSuffix(name, ".md")
			if err := slug.Check(id); err != nil {
				hint := "rename the file with lower-case letters, digits and single hyphens"
				if s := slug.Make(id); s != "" {
					hint = fmt.Sprintf("rename it to %s.md", s)
				}
				diags.Errorf(diag.Pos{File: p}, diag.CodeBadSlug, hint, "file name %q %v", id, err)
				continue
			}
			key := path.Base(top) + "/" + slug.Key(id)
			if prev, dup := seen[key]; dup {
				if top == NotesDir && path.Dir(prev) != dir {
					diags.Errorf(diag.Pos{File: p}, diag.CodeDuplicateSlug, "rename one of them: a note's address is /notes/<slug>/, whatever its folder",
						"%s and %s have the same slug %q; slugs are unique across folders", prev, p, id)
				} else {
					diags.Errorf(diag.Pos{File: p}, diag.CodeDuplicateSlug, "rename one of them",
						"%s and %s would publish to the same address", prev, p)
				}
				continue
			}
			seen[key] = p
			files = append(files, p)
		}
	}
	for _, dir := range contentDirs {
		list(dir, dir)
	}
	slices.Sort(files)
	return files, links
}

// compareFileNames compares two slugs as their file names (slug + ".md")
// compare, without making them: "a-b" comes before "a", since '-' < '.'.
func compareFileNames(a, b string) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	switch {
	case len(a) > len(b):
		return cmp.Compare(a[n], '.')
	case len(a) < len(b):
		return cmp.Compare('.', b[n])
	}
	return 0
}

// folders returns the folders of notes: those with an _index.md (indexed,
// sorted by path) and every folder that holds a note, at any depth, with
// the folders above it, sorted by path.
func folders(notes []*Note, indexed []*Folder) []*Folder {
	byPath := make(map[string]*Folder, len(indexed))
	for _, f := range indexed {
		byPath[f.Path] = f
	}
	var add func(p string)
	add = func(p string) {
		if p == "" || byPath[p] != nil {
			return
		}
		byPath[p] = &Folder{Path: p, File: File{Path: NotesDir + "/" + p + "/" + FolderIndex}}
		add(ParentFolder(p))
	}
	for _, f := range indexed {
		add(f.Parent())
	}
	for _, n := range notes {
		add(n.Folder)
	}
	if len(byPath) == 0 {
		return nil
	}
	out := slices.Collect(maps.Values(byPath))
	slices.SortFunc(out, func(a, b *Folder) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readText reads a file, whose info is given, and checks that it is UTF-8
// text of a sane size.
func readText(fsys fs.FS, p string, info fs.FileInfo, diags *diag.List) ([]byte, bool) {
	if info.Size() > MaxFileSize {
		diags.Errorf(diag.Pos{File: p}, diag.CodeTooLarge, "split it into several notes and link them",
			"file is %d MiB; the limit is %d MiB", info.Size()>>20, MaxFileSize>>20)
		return nil, false
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, diag.CodeFileRead, "", "cannot read file: %v", unwrapPath(err))
		return nil, false
	}
	src = frontmatter.Normalize(src)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := LineCol(src, i)
		diags.Errorf(diag.Pos{File: p, Line: line, Col: col}, diag.CodeNotText,
			"content files must be UTF-8 Markdown text", "file is binary (it holds a NUL byte)")
		return nil, false
	}
	if !utf8.Valid(src) {
		i := firstInvalid(src)
		line, col := LineCol(src, i)
		diags.Errorf(diag.Pos{File: p, Line: line, Col: col}, diag.CodeNotText,
			"save the file as UTF-8", "invalid UTF-8 byte 0x%02x", src[i])
		return nil, false
	}
	return src, true
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// LineCol converts a byte offset in src to a 1-based line and a 1-based
// column counted in characters.
func LineCol(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// loadFile splits and decodes a note or source file into f and meta.
func loadFile(f *File, p string, src []byte, meta any, diags *diag.List) bool {
	f.Path = p
	doc, err := frontmatter.Split(src)
	var unclosed *frontmatter.SplitError
	if errors.As(err, &unclosed) {
		// One root cause, one error: keep the file, split where the
		// closing line most likely belongs, so that links to it and the
		// citations in its body resolve and no other file reports an
		// error that only follows from this one.
		hint := "add a line --- after the last front-matter key"
		if unclosed.LastLine > 1 {
			last := bytes.SplitN(src, []byte("\n"), unclosed.LastLine+1)[unclosed.LastLine-1]
			hint = fmt.Sprintf("add a line --- after line %d (`%s`), the last front-matter key", unclosed.LastLine, clip(string(last), 40))
		}
		diags.Errorf(diag.Pos{File: p, Line: unclosed.Line, Col: 1}, diag.CodeFrontMatter, hint,
			"front matter opened with --- on line %d is never closed: the closing --- line is missing", unclosed.Line)
		doc = unclosed.Guess
	} else if err != nil {
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, diag.CodeFrontMatter,
			"add a line with --- after the last front-matter key", "%v", err)
		return false
	}
	if !doc.HasFrontMatter {
		msg := "file has no front matter"
		if len(bytes.TrimSpace(src)) == 0 {
			msg = "file is empty"
		}
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, diag.CodeFrontMatter,
			"start the file with ---, a line `title: ...`, and ---", "%s", msg)
		return false
	}
	f.Body, f.BodyLine, f.FMLine = doc.Body, doc.BodyLine, doc.FrontMatterLine
	f.FrontSum = maphash.Bytes(frontSeed, doc.FrontMatter)
	pos, problems := frontmatter.Decode(doc.FrontMatter, meta)
	f.pos = pos.Pack()
	if unclosed != nil {
		// The front matter is a guess: its problems may be the guess's.
		problems = nil
	}
	for _, pr := range problems {
		diags.Add(diag.Diagnostic{
			Pos:      diag.Pos{File: p, Line: doc.FrontMatterLine + pr.Line - 1, Col: pr.Col},
			Severity: diag.Error, Code: pr.Code, Message: pr.Message, Hint: pr.Hint,
		})
	}
	// Keep the file even with front-matter problems, so that links to it
	// resolve and the editor sees only the errors that are really there.
	return true
}

var frontSeed = maphash.MakeSeed()

// clip shortens s to at most n characters, marking a cut with "...".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "..."
}

func loadConfig(fsys fs.FS, diags *diag.List) (Config, frontmatter.Positions) {
	cfg := Config{Title: "dossier", Language: "en"}
	src, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: ConfigFile}, diag.CodeFileRead, "", "cannot read file: %v", unwrapPath(err))
		return cfg, nil
	}
	var c Config
	pos, problems := frontmatter.Decode(frontmatter.Normalize(src), &c)
	for _, pr := range problems {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: ConfigFile, Line: pr.Line, Col: pr.Col},
			Severity: diag.Error, Code: diag.CodeConfig, Message: pr.Message, Hint: pr.Hint})
	}
	if c.Language == "" {
		c.Language = "en"
	}
	return c, pos
}

// ConfigPos returns the position of a key of dossier.yaml.
func (s *Site) ConfigPos(key string) diag.Pos {
	if p, ok := s.configPos[key]; ok {
		return diag.Pos{File: ConfigFile, Line: p.Line, Col: p.Col}
	}
	return diag.Pos{File: ConfigFile}
}

// ConfigPositions returns where each key of dossier.yaml is, as ConfigPos
// gives them one at a time. The caller must not change it.
func (s *Site) ConfigPositions() frontmatter.Positions { return s.configPos }

// checkDuplicates reports aliases that collide with slugs or each other.
func checkDuplicates(site *Site, diags *diag.List) {
	owner := make(map[string]string, len(site.Notes)) // to size: growing it took 2 ms of every preview rebuild at 10,000 notes
	for _, n := range site.Notes {
		owner[slug.Key(n.Slug)] = n.Path
	}
	for _, n := range site.Notes {
		for i, a := range n.Meta.Aliases {
			k := slug.Key(a)
			if prev, ok := owner[k]; ok {
				diags.Errorf(n.Pos(fmt.Sprintf("aliases[%d]", i)), diag.CodeDuplicateSlug,
					"remove the alias or rename the other note",
					"alias %q would publish to the same address as %s", a, prev)
				continue
			}
			owner[k] = fmt.Sprintf("alias %q of %s", a, n.Path)
		}
	}
	// A folder at the top of content/notes has its index page at
	// /notes/<folder>/, where a note or alias of that slug would be.
	for _, f := range site.Folders {
		if strings.Contains(f.Path, "/") {
			continue
		}
		if prev, ok := owner[slug.Key(f.Path)]; ok {
			diags.Errorf(diag.Pos{File: NotesDir + "/" + f.Path}, diag.CodeDuplicateSlug,
				"rename the folder, or the note (or remove the alias)",
				"folder %s/%s and %s would both publish to /notes/%s/", NotesDir, f.Path, prev, f.Path)
		}
	}
}
