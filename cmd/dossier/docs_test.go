package main

// The documentation's examples are tests: TestDocs takes every fenced code
// block of the documents in docsUnderTest and runs it against the tool, so
// that README.md and docs/ cannot drift from what dossier does. A block's
// intent comes from an HTML comment on the line right before its fence
// (invisible on GitHub), or else from its info string:
//
//	<!-- docs: note [file=PATH] [also=PATH,...] [exit=N] -->
//	    The block is a file of a site. ```markdown and ```yaml blocks are
//	    notes by default. A block that starts with a `---` line is a whole
//	    file; a ```yaml block without one is a front-matter fragment, and a
//	    ```markdown block without one is a note's body: the test completes
//	    either with a front matter (title, summary, tags, published, updated;
//	    keys the fragment sets are left out) and the body
//	    "An example. {no citation}". file= names where the file goes
//	    (default content/notes/doc-<document>-<line>.md; dossier.yaml and
//	    content/sources/<id>.md work too); also= creates placeholder files
//	    the example links to (a 1×1 PNG for .png, empty otherwise). The
//	    site is a fresh `dossier new site` with this repository's content/
//	    copied in, so that examples may cite its sources and link to its
//	    notes; `dossier check` on it must exit 0 (warnings are allowed, as
//	    in `check` without -strict), or exit N with exit=N.
//	<!-- docs: run [exit=N] -->
//	    The default for ```sh blocks. Each line (a trailing `\` joins the
//	    next; `# comments` are dropped) that starts with `dossier` is run,
//	    in order, in a fresh `dossier new site` (without this repository's
//	    content), and must exit 0, or N with exit=N. `go run ./cmd/dossier`
//	    is the same command, and is accepted in README.md only (it works in
//	    this repository, not in a site made by `dossier new site`). `serve`
//	    builds, starts on 127.0.0.1:0 and stops at once. Other lines
//	    (`go test`, `git`, `apt-get`) are not run.
//	<!-- docs: output -->
//	    The default for a block with no info string (or ```text) whose every
//	    line is a diagnostic, "file:line:col: message; hint [code]". Its
//	    lines must be exactly the errors and warnings (not the notes) that
//	    the last note or command block before it in the document printed.
//	<!-- docs: skip REASON -->
//	    Not run (a folder layout, a syntax summary with placeholders). The
//	    reason is required.
//
// Any other block fails the test until it is marked: a new example is run,
// or skipped on purpose, never forgotten. TestDocsDrift proves that a
// changed example fails.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// docsUnderTest are the documents whose examples TestDocs runs, relative to
// the repository root.
var docsUnderTest = []string{"README.md", "docs/format.md", "docs/editors-guide.md", "docs/performance.md"}

// repoRoot is the repository root, as an absolute path: the command
// examples change the working folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// example is one fenced code block of a document.
type example struct {
	doc    string // the document's path, e.g. docs/format.md
	line   int    // the line of the opening fence
	info   string // the info string's first word
	body   string
	intent string            // note, run, output or skip
	args   map[string]string // key=value arguments of the directive
	reason string            // skip's reason
}

func (e example) String() string { return fmt.Sprintf("%s:%d", e.doc, e.line) }

var directive = regexp.MustCompile(`(?s)^<!--\s*docs:\s*(\w+)(.*?)-->\s*$`)

// examples returns the fenced code blocks of a Markdown document, each with
// its intent.
func examples(doc string, src []byte) ([]example, error) {
	root := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []example
	var problems []string
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		e := example{doc: doc, args: map[string]string{}}
		if fb.Info != nil {
			info := string(fb.Info.Segment.Value(src))
			e.info, _, _ = strings.Cut(strings.TrimSpace(info), " ")
			e.line = bytes.Count(src[:fb.Info.Segment.Start], []byte("\n")) + 1
		}
		var body bytes.Buffer
		for i := 0; i < fb.Lines().Len(); i++ {
			seg := fb.Lines().At(i)
			if e.line == 0 {
				e.line = bytes.Count(src[:seg.Start], []byte("\n"))
			}
			body.Write(seg.Value(src))
		}
		e.body = body.String()
		if prev, ok := fb.PreviousSibling().(*ast.HTMLBlock); ok {
			var raw bytes.Buffer
			for i := 0; i < prev.Lines().Len(); i++ {
				seg := prev.Lines().At(i)
				raw.Write(seg.Value(src))
			}
			if prev.HasClosure() {
				raw.Write(prev.ClosureLine.Value(src))
			}
			if m := directive.FindStringSubmatch(strings.TrimSpace(raw.String())); m != nil {
				e.intent = m[1]
				rest := strings.TrimSpace(m[2])
				if e.intent == "skip" {
					e.reason = rest
				} else {
					for _, f := range strings.Fields(rest) {
						k, v, ok := strings.Cut(f, "=")
						if !ok {
							problems = append(problems, fmt.Sprintf("%s: directive argument %q is not key=value", e, f))
						}
						e.args[k] = v
					}
				}
			}
		}
		if e.intent == "" {
			switch {
			case e.info == "sh":
				e.intent = "run"
			case e.info == "markdown" || e.info == "yaml":
				e.intent = "note"
			case (e.info == "" || e.info == "text") && isOutput(e.body):
				e.intent = "output"
			}
		}
		out = append(out, e)
		return ast.WalkSkipChildren, nil
	})
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return out, err
}

// diagLine matches a diagnostic as plain-text output prints it.
var diagLine = regexp.MustCompile(`^\S+?(:\d+(:\d+)?)?: ((warning|note): )?.+ \[[a-z]+(-[a-z]+)*\]$`)

func isOutput(body string) bool {
	lines := nonEmptyLines(body)
	if len(lines) == 0 {
		return false
	}
	for _, l := range lines {
		if !diagLine.MatchString(l) {
			return false
		}
	}
	return true
}

func nonEmptyLines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// diagnostics returns the errors and warnings in a command's stderr, the
// lines an output block documents (notes are left out: they depend on the
// machine, e.g. whether the article texts are there).
func diagnostics(stderr string) []string {
	var out []string
	for _, l := range nonEmptyLines(stderr) {
		if diagLine.MatchString(l) && !strings.Contains(l, ": note: ") {
			out = append(out, l)
		}
	}
	return out
}

// docRunner runs the examples of documents; it reports failures with
// fail, so that TestDocsDrift can see them without failing.
type docRunner struct {
	t          *testing.T
	fail       func(format string, args ...any)
	pristine   string // a fresh `dossier new site`
	withRepo   string // the same, with this repository's content/ copied in
	lastOutput []string
	lastFrom   string
}

func newDocRunner(t *testing.T) *docRunner {
	t.Helper()
	root := repoRoot(t)
	tmp := t.TempDir()
	r := &docRunner{t: t, pristine: filepath.Join(tmp, "pristine"), withRepo: filepath.Join(tmp, "with-repo")}
	for _, dir := range []string{r.pristine, r.withRepo} {
		if code, _, stderr := run(t, "new", "site", dir); code != exitOK {
			t.Fatalf("dossier new site: exit %d, %s", code, stderr)
		}
	}
	if err := os.CopyFS(filepath.Join(r.withRepo, "content"), os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatalf("copying the repository's content: %v", err)
	}
	return r
}

// copySite copies a base site into a new temporary folder.
func (r *docRunner) copySite(base string) string {
	dir := filepath.Join(r.t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
		r.t.Fatal(err)
	}
	return dir
}

// runDoc runs the examples of one document: every one, or, with a
// non-empty focus, those that hold it and those an output block holding it
// documents.
func (r *docRunner) runDoc(doc string, src []byte, focus string) {
	exs, err := examples(doc, src)
	if err != nil {
		r.fail("%v", err)
	}
	if len(exs) == 0 {
		r.fail("%s: no examples found; the parse is wrong", doc)
	}
	r.lastOutput, r.lastFrom = nil, ""
	for i, e := range exs {
		if focus != "" && !strings.Contains(e.body, focus) && (i+1 == len(exs) || !strings.Contains(exs[i+1].body, focus)) {
			continue
		}
		switch e.intent {
		case "note":
			r.note(e)
		case "run":
			r.commands(e)
		case "output":
			r.output(e)
		case "skip":
			if e.reason == "" {
				r.fail("%s: <!-- docs: skip --> needs a reason", e)
			}
		case "":
			r.fail("%s: a ```%s block the docs test does not know how to run: mark it with <!-- docs: note|run|output|skip REASON --> (see cmd/dossier/docs_test.go)", e, e.info)
		default:
			r.fail("%s: unknown directive <!-- docs: %s -->", e, e.intent)
		}
	}
}

func wantExit(e example) int {
	if v, ok := e.args["exit"]; ok {
		n, err := strconv.Atoi(v)
		if err == nil {
			return n
		}
	}
	return exitOK
}

// defaultFrontMatter is what a front-matter fragment or a body is completed
// with: every key a note is expected to have.
var defaultFrontMatter = []struct{ key, line string }{
	{"title", "title: An example"},
	{"summary", "summary: A note made from an example of the documentation."},
	{"tags", "tags: [example]"},
	{"published", "published: 2026-11-21"},
	{"updated", "updated: 2026-11-21"},
}

var topKey = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_-]*):`)

// noteFile makes the file a note example stands for.
func noteFile(e example) string {
	body := e.body
	if strings.HasPrefix(body, "---\n") || e.args["file"] == "dossier.yaml" {
		return body
	}
	front := "A note made from an example. {no citation}\n"
	var fm strings.Builder
	fm.WriteString("---\n")
	set := map[string]bool{}
	if e.info == "yaml" {
		for _, m := range topKey.FindAllStringSubmatch(body, -1) {
			set[m[1]] = true
		}
	}
	for _, d := range defaultFrontMatter {
		if !set[d.key] {
			fm.WriteString(d.line + "\n")
		}
	}
	if e.info == "yaml" {
		fm.WriteString(body)
	} else {
		front = body
	}
	fm.WriteString("---\n")
	return fm.String() + front
}

func (r *docRunner) note(e example) {
	dir := r.copySite(r.withRepo)
	file := e.args["file"]
	if file == "" {
		file = fmt.Sprintf("content/notes/doc-%s-%d.md", strings.ToLower(strings.TrimSuffix(path.Base(e.doc), ".md")), e.line)
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	write(file, []byte(noteFile(e)))
	if also := e.args["also"]; also != "" {
		for name := range strings.SplitSeq(also, ",") {
			var data []byte
			if strings.HasSuffix(name, ".png") {
				var b bytes.Buffer
				_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
				data = b.Bytes()
			}
			write(name, data)
		}
	}
	code, _, stderr := run(r.t, "check", "-src", dir)
	r.lastOutput, r.lastFrom = diagnostics(stderr), e.String()
	if want := wantExit(e); code != want {
		r.fail("%s: the example, written to %s, fails the check: exit %d, want %d:\n%s", e, file, code, want, stderr)
	}
}

// commandLines returns the dossier commands of a shell block, as argument
// lists without the program, and whether the block uses `go run`.
func commandLines(body string) (cmds [][]string, goRun bool, err error) {
	joined := strings.ReplaceAll(body, "\\\n", " ")
	for l := range strings.SplitSeq(joined, "\n") {
		words, err := shellWords(l)
		if err != nil {
			return nil, false, err
		}
		switch {
		case len(words) >= 1 && words[0] == "dossier":
			cmds = append(cmds, words[1:])
		case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/dossier":
			cmds = append(cmds, words[3:])
			goRun = true
		}
	}
	return cmds, goRun, nil
}

// shellWords splits a shell line into words: single and double quotes
// group, `#` at the start of a word starts a comment, `&&` and `;` end the
// command (what follows is not a dossier command the test runs).
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteRune(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words, nil
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	if i := slices.IndexFunc(words, func(w string) bool { return w == "&&" || w == ";" || w == "|" }); i >= 0 {
		words = words[:i]
	}
	return words, nil
}

func (r *docRunner) commands(e example) {
	cmds, goRun, err := commandLines(e.body)
	if err != nil {
		r.fail("%s: %v", e, err)
		return
	}
	if goRun && e.doc != "README.md" {
		r.fail("%s: `go run ./cmd/dossier` works in this repository only; the documentation is for any site: write `dossier ...` (the installed command)", e)
	}
	if len(cmds) == 0 {
		return // no dossier command: for the repository's developers, not run
	}
	dir := r.copySite(r.pristine)
	r.t.Chdir(dir)
	var all []string
	for _, args := range cmds {
		if len(args) == 0 {
			r.fail("%s: `dossier` with no command", e)
			continue
		}
		var code int
		var stderr string
		if args[0] == "serve" {
			args = serveArgs(args)
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // build, serve, and stop at once
			var out, errOut syncBuffer
			m := &Main{Stdout: &out, Stderr: &errOut}
			code, stderr = m.Run(ctx, args), errOut.String()
		} else {
			code, _, stderr = run(r.t, args...)
		}
		all = append(all, diagnostics(stderr)...)
		if want := wantExit(e); code != want {
			r.fail("%s: dossier %s: exit %d, want %d:\n%s", e, strings.Join(args, " "), code, want, stderr)
		}
	}
	r.lastOutput, r.lastFrom = all, e.String()
}

// serveArgs makes `serve` listen on a free loopback port.
func serveArgs(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "-addr" && i+1 < len(out) {
			out[i+1] = "127.0.0.1:0"
			return out
		}
	}
	return append(out, "-addr", "127.0.0.1:0")
}

func (r *docRunner) output(e example) {
	if r.lastFrom == "" {
		r.fail("%s: an output block with no note or command block before it", e)
		return
	}
	want := nonEmptyLines(e.body)
	if !slices.Equal(r.lastOutput, want) {
		r.fail("%s: the example at %s prints\n%s\nnot, as documented,\n%s", e, r.lastFrom,
			strings.Join(r.lastOutput, "\n"), strings.Join(want, "\n"))
	}
}

// TestDocs runs every example of the documentation (see the top of this
// file for how a block is treated).
func TestDocs(t *testing.T) {
	root := repoRoot(t)
	r := newDocRunner(t)
	r.fail = t.Errorf
	for _, doc := range docsUnderTest {
		src, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		r.runDoc(doc, src, "")
	}
}

// TestDocsDrift proves that TestDocs fails when an example drifts from the
// tool: each case changes one example of the real documents and expects a
// failure that names it.
func TestDocsDrift(t *testing.T) {
	tests := []struct {
		name, doc, old, new, want string
		focus                     string // the text of the examples to run; default new
	}{
		{"a note cites a source that is not there", "docs/editors-guide.md",
			"Two of the five articles describe a trilateral meeting in Abu Dhabi [@espreso-2026-01-27].",
			"Two of the five articles describe a trilateral meeting in Abu Dhabi [@espreso-2026].", "fails the check", ""},
		{"a front-matter key is renamed", "docs/format.md",
			"aliases: [budapest-1994]", "alias: [budapest-1994]", "fails the check", ""},
		{"a documented error message changes", "README.md",
			`did you mean "espreso-2026-01-27"? [unknown-source]`, `did you mean "espreso-2026-01-28"? [unknown-source]`, "not, as documented", ""},
		{"a documented command has a flag the tool does not know", "docs/editors-guide.md",
			"dossier check -strict ", "dossier check -strictest ", "exit 2, want 0", ""},
		{"the guide says go run", "docs/editors-guide.md",
			"dossier check -strict ", "go run ./cmd/dossier check -strict ", "works in this repository only", ""},
		{"a block is left unmarked", "README.md",
			"```sh\ndossier build -base-url", "```console\ndossier build -base-url", "does not know how to run", "dossier build -base-url"},
		{"a documented file is left out of a note's example", "docs/editors-guide.md",
			"<!-- docs: note also=content/notes/front-line-map.png -->\n", "", "missing-file", "front-line-map.png"},
	}
	root := repoRoot(t)
	r := newDocRunner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(root, tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte(tt.old)) {
				t.Fatalf("%s no longer holds %q: update this case", tt.doc, tt.old)
			}
			mutated := bytes.Replace(src, []byte(tt.old), []byte(tt.new), 1)
			var failures []string
			r.t = t
			r.fail = func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }
			focus := tt.focus
			if focus == "" {
				focus = tt.new
			}
			r.runDoc(tt.doc, mutated, focus)
			if !slices.ContainsFunc(failures, func(f string) bool { return strings.Contains(f, tt.want) }) {
				t.Errorf("the changed example passed; failures:\n%s\nwant one saying %q", strings.Join(failures, "\n"), tt.want)
			}
		})
	}
}
