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
	"strings"
	"time"
)

// ErrNotRepository is returned when the folder is not inside a git work tree.
var ErrNotRepository = errors.New("not a git repository")

// ErrNoGit is returned when the git program is not installed.
var ErrNoGit = errors.New("git is not installed")

// Head returns the commit id of the repository's HEAD, which names the
// history Load reads: while it is the same, so are Load's dates (changes
// not committed do not count). It costs one short process, where Load reads
// the whole history. A repository without commits gives "". Head returns
// ErrNotRepository and ErrNoGit as Load does.
func Head(dir string) (string, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return "", ErrNoGit
	}
	cmd := exec.Command(git, "-C", dir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANGUAGE=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var exit *exec.ExitError
		switch {
		case strings.Contains(msg, "not a git repository"):
			return "", ErrNotRepository
		case errors.As(err, &exit) && msg == "":
			return "", nil // --verify --quiet: no HEAD commit yet
		}
		return "", fmt.Errorf("git rev-parse in %s: %v: %s", dir, err, msg)
	}
	return strings.TrimSpace(stdout.String()), nil
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
