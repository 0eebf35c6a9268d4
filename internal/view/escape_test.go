package view

import (
	"html/template"
	"strings"
	"testing"
)

var hostile = []string{
	"", "plain", "</script><script>alert(1)</script>", `"><img src=x onerror=alert(2)>`, "' onmouseover='alert(3)",
	"a+b & c", "nul\x00here", "{{.Site.Config.Title}}", "javascript:alert(4)", "JavaScript:alert(5)", "data:text/html,x",
	"https://example.org/a?q=\"><script>alert(6)</script>", "mailto:a@b.c", "/notes/é t/", "/a%20b/%zz%4", "#frag ment",
	"cite-1-a", "ref 1", "ünïcödé ☃ 中文", "http://x/a(b)'c", "tab\tnew\nline", "\u2028\u2029", "bad \xff\xfe utf8", "%", "//evil.example/",
}

// TestEscapersMatchTemplate checks each escaper against html/template in
// the context it stands for, on hostile strings.
func TestEscapersMatchTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`{{define "text"}}<p>{{.}}</p>{{end}}` +
		`{{define "attr"}}<p title="{{.}}"></p>{{end}}` +
		`{{define "url"}}<a href="{{.}}"></a>{{end}}` +
		`{{define "frag"}}<a href="/x/#{{.}}"></a>{{end}}`))
	cases := []struct {
		name        string
		go_         func(string) string
		before, end string
	}{
		{"text", Text, "<p>", "</p>"},
		{"attr", Text, `<p title="`, `"></p>`},
		{"url", URL, `<a href="`, `"></a>`},
		{"frag", Fragment, `<a href="/x/#`, `"></a>`},
	}
	for _, c := range cases {
		for _, s := range hostile {
			var b strings.Builder
			if err := tmpl.ExecuteTemplate(&b, c.name, s); err != nil {
				t.Fatal(err)
			}
			want := b.String()
			if got := c.before + c.go_(s) + c.end; got != want {
				t.Errorf("%s(%q):\n got %s\nwant %s", c.name, s, got, want)
			}
		}
	}
}

// TestTextEveryByte holds textEscapes to html/template: each byte alone,
// and between two letters, in text.
func TestTextEveryByte(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p>{{.}}</p>`))
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "a" + string([]byte{byte(c)}) + "b"} {
			var b strings.Builder
			if err := tmpl.Execute(&b, s); err != nil {
				t.Fatal(err)
			}
			if got := "<p>" + Text(s) + "</p>"; got != b.String() {
				t.Errorf("Text(%q) = %q; html/template writes %q", s, got, b.String())
			}
		}
	}
}

// FuzzText holds Text to html/template on any string, and the writers
// the lists use to Text and URL.
func FuzzText(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	tmpl := template.Must(template.New("").Parse(`<p>{{.}}</p><a href="{{.}}"></a><a href="#{{.}}"></a>`))
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := tmpl.Execute(&b, s); err != nil {
			t.Skip()
		}
		if got := "<p>" + Text(s) + `</p><a href="` + URL(s) + `"></a><a href="#` + Fragment(s) + `"></a>`; got != b.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got, b.String())
		}
		var w strings.Builder
		writeText(&w, s)
		w.WriteByte(0xff)
		writeURL(&w, s)
		if want := Text(s) + "\xff" + URL(s); w.String() != want {
			t.Errorf("%q: writeText, writeURL wrote %q; Text, URL give %q", s, w.String(), want)
		}
	})
}
