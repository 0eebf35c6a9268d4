package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// TestSpliceMatchesTemplate executes templates that print two long lists
// in each of html/template's contexts, once with the lists in place and
// once spliced (marks in their place, then assemble), and holds the two
// pages to be the same. A mark must be taken only where the template
// writes the list as it is, in HTML text, once: anywhere else, assemble
// must refuse the page, for executeTo to execute it again with the lists
// in place.
func TestSpliceMatchesTemplate(t *testing.T) {
	long := func(tag string) string {
		return strings.Repeat(`<li class="x">`+tag+` &amp; "q" 'a' </li>`+"\n", spliceMin/20)
	}
	a, b := long("a"), long("b")
	for _, tc := range []struct {
		name, src string
		spliced   bool // assemble takes the page
	}{
		{"text", `<ul>{{.A}}</ul><p>{{.Title}}</p>{{.B -}}`, true},
		{"reversed", `{{.B}}<hr>{{.A}}`, true},
		{"in with and if", `{{with .A}}<ul>{{.}}</ul>{{end}}{{if .B}}{{$.B}}{{end}}`, true},
		{"twice", `{{.A}}{{.A}}{{.B}}`, false},
		{"not printed", `{{if .A}}yes{{end}}{{.B}}`, false},
		{"attribute", `<p title="{{.A}}">{{.B}}</p>`, false},
		{"unquoted attribute", `<p title={{.A}}>{{.B}}</p>`, false},
		{"script", `<script>var a = {{.A}};</script>{{.B}}`, false},
		{"url", `<a href="/x?q={{.A}}">x</a>{{.B}}`, false},
		{"textarea", `<textarea>{{.A}}</textarea>{{.B}}`, false},
		{"title element", `<title>{{.A}}</title>{{.B}}`, false},
		{"style", `<style>p { content: "{{.A}}" }</style>{{.B}}`, false},
		{"comment", `<!-- {{.A}} -->{{.B}}`, false},
		{"printf %q", `{{printf "%q" .A}}{{.B}}`, false},
		{"printf %s", `{{printf "%s" .A}}{{.B}}`, false}, // a string, escaped
		{"sliced", `{{slice .A 0 3}}{{.B}}`, false},
		{"html func", `{{html .A}}{{.B}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := template.Must(template.New("").Parse(tc.src))
			type page struct {
				Title string
				A, B  template.HTML
			}
			var want bytes.Buffer
			if err := tmpl.Execute(&want, page{"T & U", template.HTML(a), template.HTML(b)}); err != nil {
				t.Fatal(err)
			}
			d := page{Title: "T & U"}
			sp := &splice{}
			if !sp.add(&d.A, "", []string{a[:100], a[100:]}, "") || !sp.add(&d.B, b[:7], []string{b[7:200], b[200 : len(b)-5]}, b[len(b)-5:]) {
				t.Fatal("a long list was not held")
			}
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, d); err != nil {
				t.Fatal(err)
			}
			got, ok := sp.assemble(buf.Bytes())
			if ok != tc.spliced {
				t.Fatalf("assemble took the page: %v; want %v", ok, tc.spliced)
			}
			if !ok {
				sp.restore()
				buf.Reset()
				if err := tmpl.Execute(&buf, d); err != nil {
					t.Fatal(err)
				}
				got = buf.Bytes()
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("the page differs from the template's with its lists in place:\n got %.300q\nwant %.300q", got, want.Bytes())
			}
			if ok && cap(got) != len(got) {
				t.Errorf("the spliced page has room for %d bytes; want exactly its %d", cap(got), len(got))
			}
		})
	}
}

// TestSpliceShortLists holds a list shorter than spliceMin, or one given to
// a nil splice, to be written into its field at once, whole.
func TestSpliceShortLists(t *testing.T) {
	var field template.HTML
	var none *splice
	for _, sp := range []*splice{{}, none} {
		if sp.add(&field, "<ul>", []string{"<li>a", "<li>b"}, "</ul>") {
			t.Error("a short list was held")
		}
		if field != "<ul><li>a<li>b</ul>" {
			t.Errorf("the field holds %q", field)
		}
	}
	long := strings.Repeat("x", spliceMin)
	if none.add(&field, "", []string{long}, "") || field != template.HTML(long) {
		t.Error("a nil splice held a long list, or did not write it")
	}
}
