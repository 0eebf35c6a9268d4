package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress shows how far a long build is on one line of the terminal,
// rewritten in place and cleared when the build ends (the summary line
// follows). It stays silent for builds shorter than its delay, so small
// sites build without flicker.
type progress struct {
	w     io.Writer
	delay time.Duration // nothing is shown before
	every time.Duration // at most one update per
	start time.Time

	mu    sync.Mutex
	last  time.Time
	shown bool
}

// Defaults of progress, changed by the tests.
var (
	progressDelay = 300 * time.Millisecond
	progressEvery = 100 * time.Millisecond
)

// progress returns where a build shows its progress: nil (nowhere) when
// quiet, when NO_COLOR is set, or when standard error is not a terminal.
func (m *Main) progress(quiet bool) *progress {
	if quiet || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return nil
	}
	isTerminal := m.IsTerminal
	if isTerminal == nil {
		isTerminal = func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && term.IsTerminal(int(f.Fd()))
		}
	}
	if !isTerminal(m.Stderr) {
		return nil
	}
	return &progress{w: m.Stderr, delay: progressDelay, every: progressEvery, start: time.Now()}
}

// update shows that a stage has done done of total pages. It is safe for
// concurrent use, and a nil progress shows nothing.
func (p *progress) update(stage string, done, total int) {
	if p == nil {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if stage == "parse" && done == 1 { // a new build (the preview server makes many)
		p.start = now
	}
	if now.Sub(p.start) < p.delay || (p.shown && now.Sub(p.last) < p.every && done != total) {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\r\x1b[K%s: %d/%d pages (%d%%)", stage, done, total, done*100/max(total, 1))
}

// func returns update as a function, or nil for a nil progress.
func (p *progress) fn() func(string, int, int) {
	if p == nil {
		return nil
	}
	return p.update
}

// clear removes the progress line, if one was shown.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// clearFirst clears the progress line before each write, so that log lines
// do not run into it.
type clearFirst struct {
	p *progress
	w io.Writer
}

func (c clearFirst) Write(b []byte) (int, error) {
	c.p.clear()
	return c.w.Write(b)
}
