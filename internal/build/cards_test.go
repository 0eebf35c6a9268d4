package build_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// cardsSite is a site whose home page, topic page and folder page list
// notes as cards: with titles and summaries that try to break out of their
// places, and a note without a summary.
func cardsSite() fstest.MapFS {
	note := func(title, summary string) *fstest.MapFile {
		front := "---\ntitle: '" + title + "'\ntags: [topic]\n"
		if summary != "" {
			front += "summary: '" + summary + "'\n"
		}
		return &fstest.MapFile{Data: []byte(front + "---\nA note. {no citation}\n")}
	}
	return fstest.MapFS{
		"dossier.yaml":                      {Data: []byte("title: Cards\n")},
		"content/notes/plain.md":            note("Plain", "A summary."),
		"content/notes/bare.md":             note("No summary", ""),
		"content/notes/hostile.md":          note(`</a><script>alert(1)</script>`, `"><img src=x onerror=alert(2)> & + ''`),
		"content/notes/group/_index.md":     {Data: []byte("---\ntitle: Group\nsummary: A folder.\n---\nThe folder. {no citation}\n")},
		"content/notes/group/member.md":     note("Member", "In the folder."),
		"content/notes/group/inner/deep.md": note("Deep", "In a subfolder."),
	}
}

// rangeTemplates are the home, topic and folder templates as they were
// before the lists of cards were written by partials/cards.html: each
// ranges over its cards in the template.
var rangeTemplates = map[string]string{
	"home.html": `{{define "main"}}<section>
<ul class="cards">
{{- range .Home.Notes}}
<li><a href="{{.URL}}">{{.Title}}</a>{{with .Summary}}<p>{{.}}</p>{{end}}</li>
{{- end}}
</ul>
</section>{{end}}`,
	"tag.html": `{{define "main"}}<section>
<ul class="cards">
{{- range .Tag.Notes}}
<li><a href="{{.URL}}">{{.Title}}</a>{{with .Summary}}<p>{{.}}</p>{{end}}</li>
{{- end}}
</ul>
</section>{{end}}`,
	"folder.html": `{{define "main"}}{{with .Folder.Subfolders}}<section>
<ul class="cards">
{{- range .}}
<li><a href="{{.URL}}">{{.Title}}</a>{{with .Summary}}<p>{{.}}</p>{{end}}</li>
{{- end}}
</ul>
</section>{{end}}{{with .Folder.Members}}<section>
<ul class="cards">
{{- range .}}
<li><a href="{{.URL}}">{{.Title}}</a>{{with .Summary}}<p>{{.}}</p>{{end}}</li>
{{- end}}
</ul>
</section>{{end}}{{end}}`,
}

// htmlTemplates are the same, written with the lists' HTML fields.
var htmlTemplates = map[string]string{
	"home.html":   `{{define "main"}}<section>` + "\n" + `{{.Home.NotesHTML -}}` + "\n" + `</section>{{end}}`,
	"tag.html":    `{{define "main"}}<section>` + "\n" + `{{.Tag.NotesHTML -}}` + "\n" + `</section>{{end}}`,
	"folder.html": `{{define "main"}}{{with .Folder.Subfolders}}<section>` + "\n" + `{{$.Folder.SubfoldersHTML -}}` + "\n" + `</section>{{end}}{{with .Folder.Members}}<section>` + "\n" + `{{$.Folder.MembersHTML -}}` + "\n" + `</section>{{end}}{{end}}`,
}

// cardPages are the pages that show lists of cards, and how many.
var cardPages = map[string]int{"index.html": 1, "tags/topic/index.html": 1, "notes/group/index.html": 2}

// sections returns the <section> elements of a built page.
func sections(t *testing.T, res *build.Result, path string) []string {
	t.Helper()
	data := fileOf(t, res, path)
	var out []string
	for rest := data; ; {
		i := strings.Index(rest, "<section>")
		if i < 0 {
			return out
		}
		j := strings.Index(rest[i:], "</section>")
		out = append(out, rest[i:i+j])
		rest = rest[i+j:]
	}
}

func fileOf(t *testing.T, res *build.Result, path string) string {
	t.Helper()
	for _, f := range res.Files {
		if f.Path == path {
			data, err := f.Plain()
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("no %s in the build", path)
	return ""
}

func withTemplates(site fstest.MapFS, templates map[string]string) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range site {
		out[k] = v
	}
	for name, src := range templates {
		out["templates/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return out
}

func buildOK(t *testing.T, site fs.FS, opts build.Options) *build.Result {
	t.Helper()
	opts.Site = site
	res := build.Run(opts)
	if !res.OK() {
		t.Fatalf("the build failed:\n%s", formatDiagnostics(res))
	}
	return res
}

// TestCardsLikeTemplates checks that the lists of cards the build writes
// in Go (view.CardsHTML, while the site keeps the default
// partials/cards.html) are byte for byte what templates that range over the
// cards write, on the home page, a topic page and a folder page, with and
// without the preview's cache.
func TestCardsLikeTemplates(t *testing.T) {
	for _, cached := range []bool{false, true} {
		opts := build.Options{Templates: dossier.Templates()}
		if cached {
			opts.Cache, opts.Pack = build.NewCache(), true
		}
		want := buildOK(t, withTemplates(cardsSite(), rangeTemplates), build.Options{Templates: dossier.Templates()})
		got := buildOK(t, withTemplates(cardsSite(), htmlTemplates), opts)
		for path, n := range cardPages {
			g, w := sections(t, got, path), sections(t, want, path)
			if len(w) != n {
				t.Fatalf("%s: %d lists with the range templates, want %d", path, len(w), n)
			}
			if strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("cache %v: %s: the lists written in Go differ from the templates':\n got %q\nwant %q", cached, path, g, w)
			}
		}
		if !strings.Contains(fileOf(t, got, "index.html"), "&lt;/a&gt;&lt;script&gt;") {
			t.Errorf("the hostile title is not escaped on the home page")
		}
	}
}

// TestOwnCardsPartial checks that a site's own partials/cards.html writes
// every list of cards, and that a site whose own templates have no such
// partial (no defaults beside them) still gets its lists.
func TestOwnCardsPartial(t *testing.T) {
	own := withTemplates(cardsSite(), htmlTemplates)
	own["templates/partials/cards.html"] = &fstest.MapFile{Data: []byte(`<ol class="own">{{range .}}<li>{{.Title}}</li>{{end}}</ol>`)}
	res := buildOK(t, own, build.Options{Templates: dossier.Templates()})
	for path, n := range cardPages {
		got := sections(t, res, path)
		if len(got) != n {
			t.Fatalf("%s: %d lists, want %d", path, len(got), n)
		}
		for _, s := range got {
			if !strings.Contains(s, `<ol class="own"><li>`) || strings.Contains(s, `class="cards"`) {
				t.Errorf("%s: the list is not the site's partial's: %q", path, s)
			}
		}
	}

	// The site's own templates only: base.html and the page templates, no
	// partials/cards.html.
	only := withTemplates(cardsSite(), htmlTemplates)
	defaults := dossier.Templates()
	err := fs.WalkDir(defaults, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "partials/cards.html" {
			return err
		}
		if _, ok := only["templates/"+p]; !ok {
			data, err := fs.ReadFile(defaults, p)
			only["templates/"+p] = &fstest.MapFile{Data: data}
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := buildOK(t, withTemplates(cardsSite(), htmlTemplates), build.Options{Templates: dossier.Templates()})
	got := buildOK(t, only, build.Options{})
	for path := range cardPages {
		if g, w := sections(t, got, path), sections(t, want, path); strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s: without partials/cards.html:\n got %q\nwant %q", path, g, w)
		}
	}
}

// TestCardsInOwnFooter: a site's own footer partial receives the page's
// whole view value, and shows the card lists written as HTML as the page
// template does.
func TestCardsInOwnFooter(t *testing.T) {
	site := cardsSite()
	site["templates/partials/footer.html"] = &fstest.MapFile{Data: []byte(`<footer>` +
		`{{with .Home}}<div id="f-home">{{.NotesHTML}}</div>{{end}}` +
		`{{with .Tag}}<div id="f-tag">{{.NotesHTML}}</div>{{end}}` +
		`{{with .Folder}}<div id="f-folder">{{.SubfoldersHTML}}{{.MembersHTML}}</div>{{end}}</footer>`)}
	res := buildOK(t, site, build.Options{Templates: dossier.Templates()})
	for path, want := range map[string][]string{
		"index.html":             {`<div id="f-home"><ul class="cards">`, `>Plain</a>`},
		"tags/topic/index.html":  {`<div id="f-tag"><ul class="cards">`, `>Plain</a>`},
		"notes/group/index.html": {`<div id="f-folder"><ul class="cards">`, `>Member</a>`, `>Inner</a>`},
	} {
		page := ""
		for _, f := range res.Files {
			if f.Path == path {
				page = string(f.Data)
			}
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the footer does not show %q", path, w)
			}
		}
	}
}
