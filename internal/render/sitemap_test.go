package render

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"testing"
)

// encodedSitemap is the sitemap as encoding/xml's Encoder writes it, which
// sitemapXML must give byte for byte.
func encodedSitemap(urls []sitemapURL) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	_ = enc.Encode(struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}{URLs: urls})
	buf.WriteByte('\n')
	return buf.Bytes()
}

func TestSitemapXML(t *testing.T) {
	for _, urls := range [][]sitemapURL{
		nil,
		{{Loc: "https://example.org/"}},
		{{Loc: "https://example.org/"}, {Loc: "https://example.org/notes/a/", LastMod: "2026-01-02"}},
		{{Loc: "https://example.org/notes/a&b/<c>/\"d\"/'e'/", LastMod: "2026-01-02"}},
		// Each character the Encoder escapes, alone in an address.
		{{Loc: "https://example.org/?a=1&b=2"}, {Loc: "https://example.org/<"}, {Loc: "https://example.org/>"}},
		{{Loc: "https://example.org/\""}, {Loc: "https://example.org/'"}, {Loc: "https://example.org/\x7f"}},
		{{Loc: "https://example.org/tags/ukraïne/"}, {Loc: "https://example.org/tags/\t\n\r\x01/"}},
		{{Loc: "https://example.org/\xff\xfe/", LastMod: "\uFFFD\uFFFE"}},
	} {
		if got, want := sitemapXML(urls), encodedSitemap(urls); !bytes.Equal(got, want) {
			t.Errorf("sitemapXML(%q):\n%s\nwant (encoding/xml):\n%s", urls, got, want)
		}
	}
}

func FuzzSitemapXML(f *testing.F) {
	f.Add("https://example.org/notes/a/", "2026-01-02", "https://example.org/tags/x/")
	f.Add("a&b<c>\"'", "", "\t\n\r\x00\xff")
	f.Fuzz(func(t *testing.T, a, mod, b string) {
		urls := []sitemapURL{{Loc: a, LastMod: mod}, {Loc: b}}
		if got, want := sitemapXML(urls), encodedSitemap(urls); !bytes.Equal(got, want) {
			t.Errorf("sitemapXML(%q):\n%q\nwant (encoding/xml):\n%q", urls, got, want)
		}
	})
}

// BenchmarkSitemap writes the sitemap of a 10,000-note site's 12,000
// addresses, by sitemapXML and by encoding/xml's Encoder.
func BenchmarkSitemap(b *testing.B) {
	urls := make([]sitemapURL, 12000)
	for i := range urls {
		urls[i] = sitemapURL{Loc: "https://example.org/explainer/notes/a-note-of-some-length-" + strconv.Itoa(i) + "/", LastMod: "2026-12-05"}
	}
	for _, bc := range []struct {
		name  string
		write func([]sitemapURL) []byte
	}{{"sitemapXML", sitemapXML}, {"encoding-xml", encodedSitemap}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.write(urls)
			}
		})
	}
}
