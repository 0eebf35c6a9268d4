package frontmatter_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/frontmatter"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in               string
		fm, body         string
		fmLine, bodyLine int
		has, err         bool
	}{
		{"---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", 2, 4, true, false},
		{"---\n---\n", "", "", 2, 3, true, false},
		{"---\ntitle: x\n---", "title: x\n", "", 2, 4, true, false},
		{"no front matter\n", "", "no front matter\n", 0, 1, false, false},
		{"---\ntitle: x\n", "", "", 0, 0, false, true},
		{"---", "", "", 0, 0, false, true},
		{"---  \na: 1\n---\t\nb", "a: 1\n", "b", 2, 4, true, false},
		{"----\na\n", "", "----\na\n", 0, 1, false, false},
	}
	for _, tt := range tests {
		doc, err := frontmatter.Split([]byte(tt.in))
		if (err != nil) != tt.err {
			t.Errorf("Split(%q) err = %v; want error %v", tt.in, err, tt.err)
			continue
		}
		if tt.err {
			continue
		}
		if string(doc.FrontMatter) != tt.fm || string(doc.Body) != tt.body || doc.HasFrontMatter != tt.has ||
			doc.BodyLine != tt.bodyLine || (tt.has && doc.FrontMatterLine != tt.fmLine) {
			t.Errorf("Split(%q) = %q, %q, lines %d/%d, %v; want %q, %q, lines %d/%d, %v", tt.in,
				doc.FrontMatter, doc.Body, doc.FrontMatterLine, doc.BodyLine, doc.HasFrontMatter,
				tt.fm, tt.body, tt.fmLine, tt.bodyLine, tt.has)
		}
	}
}

// TestSplitGuess checks where an unclosed front matter is guessed to end:
// after the last line, from the top, that looks like front matter.
func TestSplitGuess(t *testing.T) {
	tests := []struct {
		in             string
		fm, body       string
		last, bodyLine int
	}{
		{"---\ntitle: x\ntags: [a]\n\nA paragraph [@s].\n", "title: x\ntags: [a]\n", "\nA paragraph [@s].\n", 3, 4},
		{"---\ntitle: x\nexcerpts:\n  - \"a: b\"\n# c\n- d\nBody text.\n", "title: x\nexcerpts:\n  - \"a: b\"\n# c\n- d\n", "Body text.\n", 6, 7},
		{"---\ntitle: x\n\n## Background\ntext\n", "title: x\n", "\n## Background\ntext\n", 2, 3},
		{"---\ntitle: x\n", "title: x\n", "", 2, 3},
		{"---\ntitle: x", "title: x", "", 2, 3},
		{"---\nJust text.\n", "", "Just text.\n", 1, 2},
		{"---", "", "", 1, 2},
	}
	for _, tt := range tests {
		_, err := frontmatter.Split([]byte(tt.in))
		var se *frontmatter.SplitError
		if !errors.As(err, &se) {
			t.Errorf("Split(%q) err = %v; want a SplitError", tt.in, err)
			continue
		}
		g := se.Guess
		if string(g.FrontMatter) != tt.fm || string(g.Body) != tt.body || se.LastLine != tt.last || g.BodyLine != tt.bodyLine || !g.HasFrontMatter {
			t.Errorf("Split(%q) guess = %q, %q, last %d, body line %d; want %q, %q, %d, %d", tt.in,
				g.FrontMatter, g.Body, se.LastLine, g.BodyLine, tt.fm, tt.body, tt.last, tt.bodyLine)
		}
	}
}

func TestNormalize(t *testing.T) {
	got := string(frontmatter.Normalize([]byte("\xef\xbb\xbf---\r\na: 1\r---\n")))
	if want := "---\na: 1\n---\n"; got != want {
		t.Errorf("Normalize = %q; want %q", got, want)
	}
}

type item struct {
	Date frontmatter.Date `yaml:"date" required:"true" date:"partial"`
	Kind string           `yaml:"kind" enum:"a|b"`
}

type meta struct {
	Title string           `yaml:"title" required:"true"`
	URL   string           `yaml:"url" format:"url"`
	Tags  []string         `yaml:"tags" format:"slug"`
	When  frontmatter.Date `yaml:"when" date:"unknown"`
	Items []item           `yaml:"items"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the decoded value, %+v
		problems []string
	}{
		{"ok", "title: T\nurl: https://x.org/a\ntags: [a, b-c]\nwhen: unknown\nitems:\n  - date: 2026-01\n    kind: a\n",
			"{Title:T URL:https://x.org/a Tags:[a b-c] When:unknown Items:[{Date:2026-01 Kind:a}]}", nil},
		{"empty", "", "{Title: URL: Tags:[] When: Items:[]}", []string{"1:1 missing-key missing required key `title`"}},
		{"every problem at once",
			"title: [x]\nurl: ftp://x\ntags: a\nwhen: 2026-13-01\nitems:\n  - kind: c\nextra: 1\n",
			"{Title: URL: Tags:[] When: Items:[{Date: Kind:}]}",
			[]string{
				"1:8 wrong-type `title` must be text, not a list",
				"2:6 bad-value `url`: \"ftp://x\" is not an http or https address",
				"3:7 wrong-type `tags` must be a list, not a single value",
				"4:7 bad-value `when`: \"2026-13-01\" has no month 13",
				"6:11 bad-value `items[0].kind` is \"c\"; it must be one of: a, b",
				"6:5 missing-key missing required key `items[0].date`",
				"7:1 unknown-key unknown key `extra`",
			}},
		{"duplicate key", "title: a\ntitle: b\n", "{Title:a URL: Tags:[] When: Items:[]}",
			[]string{"2:1 front-matter key `title` appears twice"}},
		{"duplicate key hides no other problem", "title: a\ntitle: b\nurl: x\nextra: 1\n", "{Title:a URL: Tags:[] When: Items:[]}",
			[]string{"2:1 front-matter key `title` appears twice", "3:6 bad-value `url`", "4:1 unknown-key unknown key `extra`"}},
		{"nested too deep", "title: T\ntags: " + strings.Repeat("[", 51) + strings.Repeat("]", 51) + "\n", "{Title: URL: Tags:[] When: Items:[]}",
			[]string{"2:57 too-large front matter nests lists or sets of keys more than 50 deep"}},
		{"compact lists too deep", "title: T\ntags:\n" + strings.Repeat("- ", 51) + "x\n", "{Title: URL: Tags:[] When: Items:[]}",
			[]string{"3:101 too-large front matter nests"}},
		{"nested at the limit", "title: T\ntags: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n", "{Title:T URL: Tags:[] When: Items:[]}",
			[]string{"2:8 wrong-type `tags[0]` must be text, not a list"}},
		{"bad slug in list", "title: T\ntags: [Good, ok]\n", "{Title:T URL: Tags:[ok] When: Items:[]}",
			[]string{"2:8 bad-value `tags[0]`: \"Good\": has upper-case letters"}},
		{"syntax error", "title: \"open\n", "{Title: URL: Tags:[] When: Items:[]}",
			[]string{"1:8 front-matter front matter is not valid YAML"}},
		{"not a mapping", "- a\n- b\n", "{Title: URL: Tags:[] When: Items:[]}",
			[]string{"1:1 wrong-type front matter must be a set of `key: value` lines, not a list"}},
		{"alias is refused", "a: &x T\ntitle: *x\n", "{Title: URL: Tags:[] When: Items:[]}",
			[]string{"1:1 unknown-key unknown key `a`", "2:8 wrong-type `title` must be text, not a YAML anchor or alias"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m meta
			_, problems := frontmatter.Decode([]byte(tt.in), &m)
			got := fmt.Sprintf("%+v", m)
			if got != tt.want {
				t.Errorf("Decode(%q) = %s; want %s", tt.in, got, tt.want)
			}
			if len(problems) != len(tt.problems) {
				t.Errorf("Decode(%q) problems = %v; want %v", tt.in, problems, tt.problems)
				return
			}
			for i, p := range problems {
				g := fmt.Sprintf("%d:%d %s %s", p.Line, p.Col, p.Code, p.Message)
				if !strings.HasPrefix(g, tt.problems[i]) {
					t.Errorf("problem %d = %q; want prefix %q", i, g, tt.problems[i])
				}
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, kind, want string
		human          string
		err            bool
	}{
		{"1994-12-05", "", "1994-12-05", "5 December 1994", false},
		{"2026-01", "partial", "2026-01", "January 2026", false},
		{"2026", "partial", "2026", "2026", false},
		{"unknown", "unknown", "unknown", "date unknown", false},
		{"2026-01", "", "", "", true},
		{"unknown", "", "", "", true},
		{"2026-02-29", "", "", "", true},
		{"2024-02-29", "", "2024-02-29", "29 February 2024", false},
		{"26-01-01", "", "", "", true},
		{"2026-1-01", "", "", "", true},
		{"2026-00", "partial", "", "", true},
	}
	for _, tt := range tests {
		d, err := frontmatter.ParseDate(tt.in, tt.kind)
		if (err != nil) != tt.err {
			t.Errorf("ParseDate(%q, %q) err = %v; want error %v", tt.in, tt.kind, err, tt.err)
			continue
		}
		if !tt.err && (d.String() != tt.want || d.Human() != tt.human) {
			t.Errorf("ParseDate(%q, %q) = %s (%s); want %s (%s)", tt.in, tt.kind, d, d.Human(), tt.want, tt.human)
		}
	}
	a, _ := frontmatter.ParseDate("2026-01", "partial")
	b, _ := frontmatter.ParseDate("2026-01-05", "")
	if a.Compare(b) >= 0 || b.Compare(a) <= 0 || a.Compare(a) != 0 {
		t.Errorf("Compare: a partial date must sort before the full dates it contains")
	}
}

func TestDecodeBool(t *testing.T) {
	type flags struct {
		Title string `yaml:"title"`
		Draft bool   `yaml:"draft"`
	}
	tests := []struct {
		in      string
		want    bool
		problem string
	}{
		{"draft: true\n", true, ""},
		{"draft: false\n", false, ""},
		{"draft: True\n", true, ""},
		{"draft:\n", false, ""},
		{"title: x\n", false, ""},
		{"draft: yes\n", false, "1:8 wrong-type `draft` must be true or false, not \"yes\""},
		{"draft: 1\n", false, "1:8 wrong-type `draft` must be true or false, not \"1\""},
		{"draft: \"true\"\n", false, "1:8 wrong-type `draft` must be true or false, not \"true\""},
		{"draft: [true]\n", false, "1:8 wrong-type `draft` must be true or false, not a list"},
	}
	for _, tt := range tests {
		var m flags
		_, problems := frontmatter.Decode([]byte(tt.in), &m)
		if m.Draft != tt.want {
			t.Errorf("Decode(%q).Draft = %v; want %v", tt.in, m.Draft, tt.want)
		}
		var got string
		if len(problems) > 0 {
			got = fmt.Sprintf("%d:%d %s %s", problems[0].Line, problems[0].Col, problems[0].Code, problems[0].Message)
		}
		if got != tt.problem || len(problems) > 1 {
			t.Errorf("Decode(%q) problems = %v; want %q", tt.in, problems, tt.problem)
		}
	}
}
