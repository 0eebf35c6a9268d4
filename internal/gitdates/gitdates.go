// Package gitdates reads when each file of a site folder was last changed,
// from the history of the git repository that holds the folder.
//
// It runs one `git log` for the whole folder, not one per file: the log lists
// every commit that touched the given paths with the files it changed, newest
// first, and the first date met for a file is its last change (the latest
// date is kept, in case commit dates are out of order). A site of 10,000
// notes costs one process and one pass over its history.
//
// The dates are commit dates (the committer's, in the committer's own time
// zone), never the clock or file modification times, so a build of the same
// commit always gets the same dates. Changes that are not committed do not
// count. In a shallow clone, files last changed before the clone's boundary
// get the date of the boundary commit.
package gitdates

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNotRepository is returned when the folder is not inside a git work tree.
var ErrNotRepository = errors.New("not a git repository")

// ErrNoGit is returned when the git program is not installed.
var ErrNoGit = errors.New("git is not installed")

// Repo is where a git repository keeps its HEAD and its refs: the git
// folder of the work tree, and the folder it shares with other work trees.
type Repo struct {
	GitDir, CommonDir string
}

// MayBeInRepository reports whether dir or a folder above it holds a .git
// entry, or GIT_DIR is set: whether git may find a repository there.
// Without a process, so that a caller told ErrNotRepository once need not
// ask git again until one appears.
func MayBeInRepository(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	for {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return true
		}
		up := filepath.Dir(abs)
		if up == abs {
			return false
		}
		abs = up
	}
}

// Locate finds the repository that holds dir, with one short process. It
// returns ErrNotRepository and ErrNoGit as Load does.
func Locate(dir string) (Repo, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return Repo{}, ErrNoGit
	}
	cmd := exec.Command(git, "-C", dir, "rev-parse", "--absolute-git-dir", "--git-common-dir")
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANGUAGE=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return Repo{}, ErrNotRepository
		}
		return Repo{}, fmt.Errorf("git rev-parse in %s: %v: %s", dir, err, msg)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		return Repo{}, fmt.Errorf("git rev-parse in %s: unexpected output %q", dir, stdout.String())
	}
	r := Repo{GitDir: lines[0], CommonDir: lines[1]}
	if !filepath.IsAbs(r.CommonDir) {
		r.CommonDir = filepath.Join(dir, r.CommonDir) // git gives it relative to dir
	}
	return r, nil
}

// Stamp returns what names the history Load reads, without running git:
// HEAD, the ref it points to, and the files that hold refs when they are
// not kept one to a file (packed-refs, by its size and time; the reftable
// list) and a shallow clone's boundary. While the stamp is the same, so are
// Load's dates (changes not committed do not count). Asking git for HEAD
// instead took from a few to tens of milliseconds of each of the preview's
// rebuilds.
func (r Repo) Stamp() (string, error) {
	head, err := os.ReadFile(filepath.Join(r.GitDir, "HEAD"))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Write(head)
	read := func(p string) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.WriteString("\x00-") // absent: a ref not yet made, or refs kept elsewhere
			return
		}
		b.WriteByte(0)
		b.Write(data)
	}
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: "); ok {
		read(filepath.Join(r.GitDir, filepath.FromSlash(ref)))
		read(filepath.Join(r.CommonDir, filepath.FromSlash(ref)))
	}
	if fi, err := os.Stat(filepath.Join(r.CommonDir, "packed-refs")); err == nil {
		fmt.Fprintf(&b, "\x00%d %d", fi.Size(), fi.ModTime().UnixNano())
	}
	read(filepath.Join(r.CommonDir, "reftable", "tables.list"))
	read(filepath.Join(r.CommonDir, "shallow"))
	return b.String(), nil
}

// Load returns, for every file under paths (slash paths relative to dir, e.g.
// "content") that has a commit in the history of the repository holding dir,
// the date of its last commit. The keys are slash paths relative to dir,
// e.g. "content/notes/x.md". With no paths, all of dir counts.
//
// Load returns ErrNotRepository when dir is not in a git work tree and ErrNoGit
// when git is missing; a repository without commits gives an empty map.
func Load(dir string, paths ...string) (map[string]time.Time, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, ErrNoGit
	}
	args := []string{"-C", dir,
		"-c", "log.showSignature=false",
		"log", "-z", "--relative", "--no-ext-diff", "--name-only", "--format=%x00%cI", "--"}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	args = append(args, paths...)
	cmd := exec.Command(git, args...)
	// Messages in English, so that "not a git repository" can be told apart.
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANGUAGE=C", "GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	dates, perr := Parse(out)
	if perr != nil {
		_, _ = io.Copy(io.Discard, out)
	}
	if err := cmd.Wait(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		switch {
		case strings.Contains(msg, "not a git repository"):
			return nil, ErrNotRepository
		case strings.Contains(msg, "does not have any commits"):
			return map[string]time.Time{}, nil
		}
		return nil, fmt.Errorf("git log in %s: %v: %s", dir, err, msg)
	}
	if perr != nil {
		return nil, perr
	}
	return dates, nil
}

// Parse reads the output of
//
//	git log -z --name-only --format=%x00%cI
//
// in which each commit is a NUL, its date, a NUL, then the names of the
// files it changed, each ended by a NUL (the first one after a newline).
// A merge commit lists no files.
func Parse(r io.Reader) (map[string]time.Time, error) {
	dates := map[string]time.Time{}
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		current time.Time
		header  bool // the next token is a commit date
		seen    bool // a commit date has been read
	)
	for {
		tok, err := br.ReadString(0)
		if err == io.EOF && tok == "" {
			break
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		tok = strings.TrimSuffix(tok, "\x00")
		tok = strings.TrimPrefix(tok, "\n")
		switch {
		case tok == "":
			header = true
		case header:
			t, perr := time.Parse(time.RFC3339, tok)
			if perr != nil {
				return nil, fmt.Errorf("git log: bad commit date %q", tok)
			}
			current, header, seen = t, false, true
		case !seen:
			return nil, fmt.Errorf("git log: file %q before any commit", tok)
		default:
			if old, ok := dates[tok]; !ok || current.After(old) {
				dates[tok] = current
			}
		}
		if err == io.EOF {
			break
		}
	}
	return dates, nil
}
