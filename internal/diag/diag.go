// Package diag holds the diagnostics a build reports to editors: errors and
// warnings that name a file, a line and a column, say what is wrong and how to
// fix it, and carry a stable code.
//
// Every stage of the build appends to one List instead of stopping at the first
// problem, so that a single run reports everything an editor has to fix.
package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on (unless -strict).
	Warning
	// Note tells the editor something about the run (what could not be
	// checked, say); it is never an error, even with -strict.
	Note
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// Pos is a position in a file of the site folder. Line and Col are 1-based;
// Col counts characters, not bytes. A zero Line means the whole file.
type Pos struct {
	File string // slash-separated, relative to the site folder
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in the content.
type Diagnostic struct {
	Pos
	Severity Severity
	Code     Code
	Message  string // what is wrong
	Hint     string // how to fix it; may be empty
}

// Error formats the diagnostic as "file:line:col: message; hint".
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity != Error {
		b.WriteString(d.Severity.String() + ": ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString("; ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// Text formats the diagnostic as the plain-text output shows it: Error()
// followed by its code in brackets, "file:line:col: message; hint [code]",
// so that an editor can look the code up in docs/error-codes.md.
func (d Diagnostic) Text() string {
	if d.Code == "" {
		return d.Error()
	}
	return d.Error() + " [" + string(d.Code) + "]"
}

// List collects diagnostics. It is safe for concurrent use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, code Code, hint, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, code Code, hint, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Merge adds every diagnostic of other.
func (l *List) Merge(other *List) {
	for _, d := range other.Sorted() {
		l.Add(d)
	}
}

// Sorted returns the diagnostics ordered by file, line, column, code and
// message, so that output does not depend on the order in which parallel
// stages found them. Exact duplicates are dropped.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(out, Compare)
	return slices.Compact(out)
}

// Compare orders diagnostics by position, then code and message.
func Compare(a, b Diagnostic) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Col != b.Col {
		return a.Col - b.Col
	}
	if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// Counts returns the number of errors and warnings (notes are neither).
func (l *List) Counts() (errs, warns int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		switch d.Severity {
		case Error:
			errs++
		case Warning:
			warns++
		}
	}
	return errs, warns
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	e, _ := l.Counts()
	return e > 0
}

// Strict turns every warning into an error; notes stay notes.
func (l *List) Strict() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.items {
		if l.items[i].Severity == Warning {
			l.items[i].Severity = Error
		}
	}
}

// WriteText writes one line per diagnostic, each with its code (see Text).
func WriteText(w io.Writer, ds []Diagnostic) error {
	for _, d := range ds {
		if _, err := fmt.Fprintln(w, d.Text()); err != nil {
			return err
		}
	}
	return nil
}

// jsonDiagnostic is the JSON Lines form of a diagnostic.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     Code   `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// WriteJSON writes one JSON object per line per diagnostic.
func WriteJSON(w io.Writer, ds []Diagnostic) error {
	enc := json.NewEncoder(w)
	for _, d := range ds {
		err := enc.Encode(jsonDiagnostic{d.File, d.Line, d.Col, d.Severity.String(), d.Code, d.Message, d.Hint})
		if err != nil {
			return err
		}
	}
	return nil
}

// Count says n of a thing in English, for the summary lines an editor
// reads: Count(1, "note") is "1 note", Count(3, "note") "3 notes". Every
// noun the tool counts takes an s.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
