package jsonld

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"testing"
)

func TestEncode(t *testing.T) {
	full := NewArticle("The Budapest Memorandum")
	full.Description = "What Ukraine gave up."
	full.DatePublished = "2026-11-21"
	full.DateModified = "2026-11-22"
	full.URL = "https://example.org/notes/budapest-memorandum/"
	full.InLanguage = "en"
	full.Citation = []CreativeWork{
		{Type: "NewsArticle", Name: "U.S. denies link", Publisher: NewOrganization("Example News"), DatePublished: "2026-01", URL: "https://example.org/a"},
		{Type: "CreativeWork", Name: "Memorandum"},
	}
	tests := []struct {
		name    string
		objects []any
		want    string
	}{
		{"nothing", nil, `{"@context":"https://schema.org","@graph":[]}`},
		{"bare article", []any{NewArticle("A")}, `{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"A"}]}`},
		{"full article", []any{full}, `{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"The Budapest Memorandum",` +
			`"description":"What Ukraine gave up.","datePublished":"2026-11-21","dateModified":"2026-11-22",` +
			`"url":"https://example.org/notes/budapest-memorandum/","inLanguage":"en","citation":[` +
			`{"@type":"NewsArticle","name":"U.S. denies link","publisher":{"@type":"Organization","name":"Example News"},"datePublished":"2026-01","url":"https://example.org/a"},` +
			`{"@type":"CreativeWork","name":"Memorandum"}]}]}`},
		{"extra objects join the graph", []any{NewArticle("A"), map[string]string{"@type": "ClaimReview", "claimReviewed": "X"}},
			`{"@context":"https://schema.org","@graph":[{"@type":"Article","headline":"A"},{"@type":"ClaimReview","claimReviewed":"X"}]}`},
	}
	for _, tt := range tests {
		got, err := Encode(tt.objects...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(got) != tt.want {
			t.Errorf("%s: Encode = %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestEncodeError(t *testing.T) {
	if got, err := Encode(make(chan int)); err == nil {
		t.Errorf("Encode(chan) = %s, nil; want an error", got)
	}
}

// TestScriptSafe checks that no title can break out of the script element,
// through html/template as the page templates use it.
func TestScriptSafe(t *testing.T) {
	page := template.Must(template.New("").Parse(`<head><script type="application/ld+json">{{.}}</script></head>`))
	titles := []string{
		`</script><script>alert(1)</script>`,
		`</SCRIPT ><img src=x onerror=alert(1)>`,
		`<!-- <script>`,
		"line\u2028separator\u2029paragraph",
		`"quotes" & 'apostrophes' \ backslash`,
		`]]> <![CDATA[`,
	}
	for _, title := range titles {
		js, err := Encode(NewArticle(title))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029"} {
			if strings.Contains(string(js), bad) {
				t.Errorf("Encode(%q) holds %q: %s", title, bad, js)
			}
		}
		var buf bytes.Buffer
		if err := page.Execute(&buf, js); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		body, ok := strings.CutPrefix(out, `<head><script type="application/ld+json">`)
		body, ok2 := strings.CutSuffix(body, `</script></head>`)
		if !ok || !ok2 {
			t.Fatalf("page for %q = %s", title, out)
		}
		if body != string(js) {
			t.Errorf("html/template changed the JSON-LD for %q:\n got %s\nwant %s", title, body, js)
		}
		var doc struct {
			Graph []Article `json:"@graph"`
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("script body for %q is not JSON: %v", title, err)
		}
		if len(doc.Graph) != 1 || doc.Graph[0].Headline != title {
			t.Errorf("script body for %q decodes to %+v", title, doc.Graph)
		}
	}
}
