package build_test

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/render"
)

// The hostile cases are txtar archives in testdata/hostile. Each holds a site
// (its files by path) and a `want` section that says what the build must do:
//
//	error CODE FILE:LINE:COL [TEXT]   the build reports this error (TEXT: a
//	warning CODE FILE:LINE:COL [TEXT]  substring of its message and hint)
//	count SEVERITY CODE N             the build reports N diagnostics of this kind
//	                                  (they are then left out of the exact list)
//	has FILE TEXT                     the built FILE contains TEXT
//	lacks FILE TEXT                   the built FILE exists and does not contain TEXT
//	                                  (FILE may be a pattern such as *.html)
//	strict                            build with -strict
//	slow                              skip with -short (a second or more)
//	disk                              build from a real folder opened with
//	                                  os.OpenRoot, as the command does
//	symlink LINK TARGET               (disk only) make LINK point to TARGET
//	escape FILE                       in FILE, \r, \n and \xNN stand for a
//	                                  carriage return, a newline and a byte, so
//	                                  that archives stay text; the newline
//	                                  ending the file in the archive is dropped
//	gen FILE GENERATOR                FILE is made by a generator (see generators)
//
// The diagnostics listed are exact: the build must report these and no
// others. Lines starting with # are comments. A build with no error lines
// must succeed, and then every HTML page it writes is also checked for
// content that could run in a reader's browser (see checkInert).
type hostileCase struct {
	name     string
	file     string // the archive
	archive  *txtar.Archive
	files    map[string][]byte
	diags    []wantDiag
	counts   []wantCount
	checks   []fileCheck
	strict   bool
	slow     bool
	disk     bool
	symlinks [][2]string
}

type wantDiag struct {
	severity, code, pos, text string
}

func (w wantDiag) String() string {
	pos := w.pos
	if strings.ContainsAny(pos, " \t\"") {
		pos = strconv.Quote(pos)
	}
	s := w.severity + " " + w.code + " " + pos
	if w.text != "" {
		s += " " + w.text
	}
	return s
}

// wantCount stands for many diagnostics of one kind, for cases that
// make floods of them.
type wantCount struct {
	severity, code string
	n              int
}

type fileCheck struct {
	has       bool
	file, txt string
	line      int
}

func loadHostile(t *testing.T, file string) *hostileCase {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := &hostileCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), file: file, archive: a, files: map[string][]byte{}}
	var want []byte
	escape := map[string]bool{}
	gens := map[string]string{}
	for _, f := range a.Files {
		if f.Name == "want" {
			want = f.Data
			continue
		}
		c.files[f.Name] = f.Data
	}
	if want == nil {
		t.Fatalf("%s: no want section", file)
	}
	sc := bufio.NewScanner(bytes.NewReader(want))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		arg := func(i int) string {
			if i >= len(f) {
				t.Fatalf("%s: want:%d: %q needs %d arguments", file, n, f[0], i)
			}
			return f[i]
		}
		rest := func(i int) string {
			// The text after the first i fields, spacing kept.
			s := line
			for range i {
				s = strings.TrimLeft(s, " \t")
				s = s[strings.IndexAny(s+" ", " \t"):]
			}
			return strings.TrimSpace(s)
		}
		switch f[0] {
		case "error", "warning":
			// A position with spaces in it is written as a Go string.
			after := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, f[0]), " "+arg(1)))
			pos, text := arg(2), rest(3)
			if strings.HasPrefix(after, `"`) {
				q, err := strconv.QuotedPrefix(after)
				if err != nil {
					t.Fatalf("%s: want:%d: %v", file, n, err)
				}
				pos, _ = strconv.Unquote(q)
				text = strings.TrimSpace(after[len(q):])
			}
			c.diags = append(c.diags, wantDiag{f[0], arg(1), pos, text})
		case "has", "lacks":
			c.checks = append(c.checks, fileCheck{has: f[0] == "has", file: arg(1), txt: rest(2), line: n})
			if rest(2) == "" {
				t.Fatalf("%s: want:%d: %s needs a text", file, n, f[0])
			}
		case "count":
			n, err := strconv.Atoi(arg(3))
			if err != nil {
				t.Fatalf("%s: want:%d: %v", file, n, err)
			}
			c.counts = append(c.counts, wantCount{f[1], arg(2), n})
		case "slow":
			c.slow = true
		case "strict":
			c.strict = true
		case "disk":
			c.disk = true
		case "symlink":
			c.symlinks = append(c.symlinks, [2]string{arg(1), arg(2)})
		case "escape":
			escape[arg(1)] = true
		case "gen":
			gens[arg(1)] = arg(2)
		default:
			t.Fatalf("%s: want:%d: unknown directive %q", file, n, f[0])
		}
	}
	for name := range escape {
		data, ok := c.files[name]
		if !ok {
			t.Fatalf("%s: escape names %s, which the archive does not hold", file, name)
		}
		c.files[name] = unescape(t, data)
	}
	for name, g := range gens {
		fn := generators[g]
		if fn == nil {
			t.Fatalf("%s: unknown generator %q", file, g)
		}
		c.files[name] = fn()
	}
	if len(c.symlinks) > 0 && !c.disk {
		t.Fatalf("%s: symlink needs disk", file)
	}
	return c
}

var escapeSeq = regexp.MustCompile(`\\(r|n|x[0-9a-fA-F]{2})`)

func unescape(t *testing.T, b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return escapeSeq.ReplaceAllFunc(b, func(m []byte) []byte {
		switch m[1] {
		case 'r':
			return []byte{'\r'}
		case 'n':
			return []byte{'\n'}
		}
		v, err := strconv.ParseUint(string(m[2:]), 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		return []byte{byte(v)}
	})
}

// siteFS returns the case's site: an in-memory file system, or a real folder
// opened the way the command opens it.
func (c *hostileCase) siteFS(t *testing.T) fs.FS {
	if !c.disk {
		m := fstest.MapFS{}
		for name, data := range c.files {
			m[name] = &fstest.MapFile{Data: data}
		}
		return m
	}
	// The site is <tmp>/site; files named ../x in the archive land beside
	// it, outside the site folder, so that links can point at them.
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range c.files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range c.symlinks {
		p := filepath.Join(site, filepath.FromSlash(l[0]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(l[1]), p); err != nil {
			t.Fatal(err)
		}
	}
	r, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.FS()
}

func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Errorf("%d hostile cases; the suite should hold at least 40", len(files))
	}
	for _, file := range files {
		c := loadHostile(t, file)
		t.Run(c.name, func(t *testing.T) {
			if c.slow && testing.Short() {
				t.Skip("slow; runs without -short")
			}
			res := build.Run(build.Options{Site: c.siteFS(t), Templates: dossier.Templates(), Strict: c.strict})
			c.checkDiags(t, res)
			c.checkFiles(t, res)
		})
	}
}

func (c *hostileCase) checkDiags(t *testing.T, res *build.Result) {
	t.Helper()
	counted := map[[2]string]int{}
	for _, w := range c.counts {
		counted[[2]string{w.severity, w.code}] = 0
	}
	var ds []diag.Diagnostic
	for _, d := range res.Diagnostics {
		if d.File == "" || (d.Line == 0 && !wholeFile(d)) {
			t.Errorf("unpositioned diagnostic: %v", d)
		}
		if d.Message == "" {
			t.Errorf("diagnostic without a message: %v", d)
		}
		k := [2]string{d.Severity.String(), string(d.Code)}
		if _, ok := counted[k]; ok {
			counted[k]++
			continue
		}
		ds = append(ds, d)
	}
	for _, w := range c.counts {
		if got := counted[[2]string{w.severity, w.code}]; got != w.n {
			t.Errorf("%d diagnostics %s %s; want %d", got, w.severity, w.code, w.n)
		}
	}
	if *update {
		for _, d := range ds {
			t.Logf("%s %s", d.Code, d.Error())
		}
		c.rewrite(t, ds)
		return
	}
	got := make([]wantDiag, len(ds))
	for i, d := range ds {
		got[i] = wantDiag{severity: d.Severity.String(), code: string(d.Code), pos: d.Pos.String()}
	}
	matched := make([]bool, len(got))
	for _, w := range c.diags {
		found := false
		for i, g := range got {
			if matched[i] || g.severity != w.severity || g.code != w.code || g.pos != w.pos {
				continue
			}
			d := ds[i]
			if w.text != "" && !strings.Contains(d.Message+"; "+d.Hint, w.text) {
				continue
			}
			matched[i], found = true, true
			break
		}
		if !found {
			t.Errorf("missing diagnostic: %v", w)
		}
	}
	for i, m := range matched {
		if !m {
			t.Errorf("unexpected diagnostic: %v (%s)", got[i], ds[i].Error())
		}
	}
	wantErr := slices.ContainsFunc(c.diags, func(w wantDiag) bool { return w.severity == "error" }) ||
		slices.ContainsFunc(c.counts, func(w wantCount) bool { return w.severity == "error" && w.n > 0 })
	if res.OK() == wantErr {
		t.Errorf("build OK = %v; want %v", res.OK(), !wantErr)
	}
	if !res.OK() && res.Files != nil {
		t.Errorf("a failed build returned %d files; want none", len(res.Files))
	}
}

// wholeFile reports whether d is about a file as a whole (its size, its
// kind, a template that cannot be read), where no line applies.
func wholeFile(d diag.Diagnostic) bool {
	switch d.Code {
	case diag.CodeTooLarge, diag.CodeBadPath, diag.CodeBadSlug, diag.CodeDuplicateSlug, diag.CodeFileRead, diag.CodeTemplate,
		diag.CodeRefusedFile, diag.CodeBadImage, diag.CodeLargeFile:
		return true
	}
	return false
}

// rewrite replaces the diagnostic lines of the want section with what the
// build reported, keeping every other line and the texts of lines that
// still match.
func (c *hostileCase) rewrite(t *testing.T, ds []diag.Diagnostic) {
	var want *txtar.File
	for i := range c.archive.Files {
		if c.archive.Files[i].Name == "want" {
			want = &c.archive.Files[i]
		}
	}
	var keep []string
	for l := range strings.Lines(string(want.Data)) {
		if f := strings.Fields(l); len(f) > 0 && (f[0] == "error" || f[0] == "warning") {
			continue
		}
		keep = append(keep, strings.TrimRight(l, "\n"))
	}
	for len(keep) > 0 && keep[len(keep)-1] == "" {
		keep = keep[:len(keep)-1]
	}
	var lines []string
	used := make([]bool, len(c.diags))
	for _, d := range ds {
		w := wantDiag{severity: d.Severity.String(), code: string(d.Code), pos: d.Pos.String()}
		for i, old := range c.diags {
			if !used[i] && old.severity == w.severity && old.code == w.code && old.pos == w.pos &&
				strings.Contains(d.Message+"; "+d.Hint, old.text) {
				used[i], w.text = true, old.text
				break
			}
		}
		lines = append(lines, w.String())
	}
	want.Data = []byte(strings.Join(append(lines, keep...), "\n") + "\n")
	if err := os.WriteFile(c.file, txtar.Format(c.archive), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (c *hostileCase) checkFiles(t *testing.T, res *build.Result) {
	t.Helper()
	byPath := map[string][]byte{}
	for _, f := range res.Files {
		byPath[f.Path] = f.Data
	}
	for _, ch := range c.checks {
		var names []string
		for p := range byPath {
			if ok, _ := path.Match(ch.file, p); ok {
				names = append(names, p)
			}
		}
		if len(names) == 0 {
			t.Errorf("want:%d: no built file matches %s", ch.line, ch.file)
			continue
		}
		for _, p := range names {
			if got := bytes.Contains(byPath[p], []byte(ch.txt)); got != ch.has {
				verb := map[bool]string{true: "lacks", false: "holds"}[ch.has]
				t.Errorf("want:%d: %s %s %q", ch.line, p, verb, ch.txt)
			}
		}
	}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".html") {
			for _, p := range checkInert(f.Data) {
				t.Errorf("%s: %s", f.Path, p)
			}
		}
	}
	if err := checkOutputPaths(res.Files); err != nil {
		t.Error(err)
	}
}

// checkOutputPaths checks that every file the build produced has a path
// inside the output folder.
func checkOutputPaths(files []render.File) error {
	for _, f := range files {
		if !filepath.IsLocal(f.Path) || strings.Contains(f.Path, `\`) || path.Clean(f.Path) != f.Path {
			return fmt.Errorf("built file %q is not a clean path inside the output folder", f.Path)
		}
	}
	return nil
}

// generators make the files too large or too deep to keep in an archive.
var generators = map[string]func() []byte{
	"png": func() []byte { return genPNG(40, 30, false) },
	// Noise does not compress: over 1 MB.
	"big-png": func() []byte { return genPNG(700, 700, true) },
	"huge-note": func() []byte {
		// 20 MB: far over content.MaxFileSize.
		var b bytes.Buffer
		b.WriteString("---\ntitle: Huge\n---\n")
		for b.Len() < 20<<20 {
			b.WriteString("A paragraph that goes on and on, repeated until the file is twenty megabytes. {no citation}\n\n")
		}
		return b.Bytes()
	},
	"deep-list": func() []byte {
		return genNote("Deep list", strings.Repeat("- ", 10000)+"bottom {no citation}\n")
	},
	"deep-quote": func() []byte {
		return genNote("Deep quote", strings.Repeat("> ", 10000)+"bottom {no citation}\n")
	},
	"deep-mixed": func() []byte {
		var b strings.Builder
		for i := range 10000 {
			if i%2 == 0 {
				b.WriteString("> ")
			} else {
				b.WriteString("1. ")
			}
		}
		return genNote("Deep mixed", b.String()+"bottom {no citation}\n")
	},
	"list-at-limit": func() []byte {
		return genNote("List at the limit", strings.Repeat("- ", 100)+"bottom {no citation}\n")
	},
	"yaml-at-limit": func() []byte {
		return []byte("---\ntitle: YAML at the limit\ntags: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n---\nBody {no citation}\n")
	},
	"deep-brackets": func() []byte {
		return genNote("Deep brackets", strings.Repeat("[x", 10000)+" bottom "+strings.Repeat("]", 10000)+" {no citation}\n")
	},
	"deep-emphasis": func() []byte {
		return genNote("Deep emphasis", strings.Repeat("*_", 10000)+"bottom"+strings.Repeat("_*", 10000)+" {no citation}\n")
	},
	"open-wiki-links": func() []byte {
		// One long line of [[ that never closes: must not take quadratic
		// time or report a warning per bracket.
		return genNote("Open wiki links", strings.Repeat("[[", 500000)+" {no citation}\n")
	},
	"open-citations": func() []byte {
		return genNote("Open citations", strings.Repeat("[@a ", 250000)+" {no citation}\n")
	},
	"large-note": func() []byte {
		// Just under the size limit, with the things that cost time in
		// resolve: citations, cross-links, headings, quotes.
		var b bytes.Buffer
		b.WriteString("---\ntitle: Large\n---\n")
		for i := 0; b.Len() < content.MaxFileSize-4096; i++ {
			if i%50 == 0 {
				fmt.Fprintf(&b, "## Section %d\n\n", i)
			}
			fmt.Fprintf(&b, "Paragraph %d links to [[b]] and [[b#part]] and cites a source [@s, para. %d]. A second sentence; a third with [a link](https://example.org/%d) [@s].\n\n", i, i, i)
		}
		return b.Bytes()
	},
	"many-errors": func() []byte {
		// 100,000 broken links, one a line: positions must not cost
		// quadratic time.
		return genNote("Many errors", strings.Repeat("See [[nowhere]].\n", 100000))
	},
	"deep-yaml": func() []byte {
		return []byte("---\ntitle: Deep YAML\ntags: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n---\nBody {no citation}\n")
	},
}

func genNote(title, body string) []byte {
	return []byte("---\ntitle: " + title + "\n---\n" + body)
}

// genPNG makes a w x h PNG, of noise or of one colour.
func genPNG(w, h int, noise bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = 200
		if noise {
			img.Pix[i] = byte(rnd.Uint32())
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}
