package content

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier/internal/diag"
)

func TestCheckSVG(t *testing.T) {
	cases := []struct {
		name, svg string
		w, h      int
		problem   string // a part of it; "" for none
	}{
		{"viewBox", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120"><rect width="1" height="1"/></svg>`, 240, 120, ""},
		{"width and height win", `<svg xmlns="http://www.w3.org/2000/svg" width="48px" height="24" viewBox="0 0 2 1"/>`, 48, 24, ""},
		{"commas in viewBox", `<svg viewBox="0,0,10.4,20.6"/>`, 10, 21, ""},
		{"percent width", `<svg width="100%" height="50%" viewBox="0 0 30 10"/>`, 30, 10, ""},
		{"no size", `<svg/>`, 0, 0, ""},
		{"script", `<svg><script>alert(1)</script></svg>`, 0, 0, "<script>"},
		{"script in a namespace", `<svg xmlns:x="http://www.w3.org/2000/svg"><x:script>alert(1)</x:script></svg>`, 0, 0, "<script>"},
		{"event attribute", `<svg><rect onclick="alert(1)"/></svg>`, 0, 0, "event attribute onclick"},
		{"upper-case event attribute", `<svg ONLOAD="alert(1)"/>`, 0, 0, "event attribute"},
		{"javascript link", `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href=" java script:alert(1)"><text>x</text></a></svg>`, 0, 0, "links to a script"},
		{"animated link", `<svg><a><animate attributeName="href" values="#a;javascript:alert(1)"/><text>x</text></a></svg>`, 0, 0, "links to a script"},
		{"foreignObject", `<svg><foreignObject><div/></foreignObject></svg>`, 0, 0, "foreignObject"},
		{"entities", `<!DOCTYPE svg [<!ENTITY x "y">]><svg/>`, 0, 0, "entities"},
		{"style sheet", `<?xml-stylesheet href="x.xsl"?><svg/>`, 0, 0, "style sheet"},
		{"not svg", `<html/>`, 0, 0, "not <svg>"},
		{"not xml", `<svg><rect></svg>`, 0, 0, "not well-formed"},
		{"empty", ``, 0, 0, "no <svg>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, h, problem := checkSVG([]byte(c.svg))
			if c.problem == "" && problem != "" || c.problem != "" && !strings.Contains(problem, c.problem) {
				t.Errorf("problem %q; want one with %q", problem, c.problem)
			}
			if c.problem == "" && (w != c.w || h != c.h) {
				t.Errorf("size %dx%d; want %dx%d", w, h, c.w, c.h)
			}
		})
	}
}

// webpHeader is the start of a lossless WebP of w x h pixels: as much as
// its size is read from.
func webpHeader(w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+5))
	b.WriteString("WEBPVP8L")
	_ = binary.Write(&b, binary.LittleEndian, uint32(5))
	b.WriteByte(0x2f)
	_ = binary.Write(&b, binary.LittleEndian, uint32(w-1)|uint32(h-1)<<14)
	return b.Bytes()
}

func pngBytes(w, h int) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

func TestLoadAssets(t *testing.T) {
	fsys := fstest.MapFS{
		"content/notes/a.md":           {Data: []byte("---\ntitle: A\n---\n")},
		"content/notes/map.png":        {Data: pngBytes(40, 30)},
		"content/notes/photo.webp":     {Data: webpHeader(3, 2)},
		"content/notes/.hidden.png":    {Data: []byte("junk")},
		"content/sources/scan.pdf":     {Data: []byte("%PDF-1.4")},
		"content/sources/notes.txt":    {Data: []byte("text")},
		"content/sources/page.HTML":    {Data: []byte("<p>")},
		"content/sources/fake.webp":    {Data: pngBytes(1, 1)},
		"content/notes/link.png":       {Data: []byte("../../outside.png"), Mode: fs.ModeSymlink},
		"content/notes/inside-link.md": {Data: []byte("---\ntitle: B\n---\n")},
	}
	diags := &diag.List{}
	site := Load(fsys, diags)
	var got []string
	for _, f := range site.Files {
		got = append(got, f.Publish)
	}
	if want := "notes/map.png notes/photo.webp sources/notes.txt sources/scan.pdf"; strings.Join(got, " ") != want {
		t.Errorf("published %q; want %q", strings.Join(got, " "), want)
	}
	for _, f := range site.Files {
		switch f.Publish {
		case "notes/map.png":
			if f.Width != 40 || f.Height != 30 || !f.Image {
				t.Errorf("map.png: %dx%d image %v; want 40x30 image", f.Width, f.Height, f.Image)
			}
		case "notes/photo.webp":
			if f.Width != 3 || f.Height != 2 {
				t.Errorf("photo.webp: %dx%d; want 3x2", f.Width, f.Height)
			}
		case "sources/scan.pdf":
			if f.Image || string(f.Data) != "%PDF-1.4" {
				t.Errorf("scan.pdf: image %v, data %q", f.Image, f.Data)
			}
		}
	}
	var codes []string
	for _, d := range diags.Sorted() {
		codes = append(codes, d.File+" "+string(d.Code))
	}
	want := "content/notes/link.png bad-path, content/sources/fake.webp bad-image, content/sources/page.HTML refused-file"
	if strings.Join(codes, ", ") != want {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(codes, ", "), want)
	}
}

// TestAssetsMemo checks that a rebuild told of a change to a note only
// keeps the files it loaded, and one told of a change to a file reads it
// again.
func TestAssetsMemo(t *testing.T) {
	fsys := fstest.MapFS{
		"content/notes/a.md":    {Data: []byte("---\ntitle: A\n---\n")},
		"content/notes/map.png": {Data: pngBytes(4, 3)},
	}
	memo := NewMemo()
	first := LoadMemo(fsys, &diag.List{}, memo).Files
	fsys["content/notes/map.png"] = &fstest.MapFile{Data: pngBytes(8, 6)}
	memo.OnlyChanged([]string{"content/notes/a.md"})
	if kept := LoadMemo(fsys, &diag.List{}, memo).Files; len(kept) != 1 || kept[0] != first[0] {
		t.Errorf("a change to a note only read the files again")
	}
	memo.OnlyChanged([]string{"content/notes/map.png"})
	if f := LoadMemo(fsys, &diag.List{}, memo).Files; len(f) != 1 || f[0].Width != 8 {
		t.Errorf("a changed image was not read again: %+v", f)
	}
	delete(fsys, "content/notes/map.png")
	memo.OnlyChanged([]string{"content/notes/map.png"})
	if f := LoadMemo(fsys, &diag.List{}, memo).Files; len(f) != 0 {
		t.Errorf("a deleted image is still published")
	}
}

// TestAssetsMemoNone checks that a site without published files has nil
// Files whether it was loaded afresh or taken from the memo: the preview's
// cache fingerprints the site, and an empty list where a full build has nil
// made every page's key differ from the one it kept.
func TestAssetsMemoNone(t *testing.T) {
	fsys := fstest.MapFS{"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\n")}}
	memo := NewMemo()
	if f := LoadMemo(fsys, &diag.List{}, memo).Files; f != nil {
		t.Errorf("first load: Files = %#v; want nil", f)
	}
	memo.OnlyChanged([]string{"content/notes/a.md"})
	if f := LoadMemo(fsys, &diag.List{}, memo).Files; f != nil {
		t.Errorf("load told only a note changed: Files = %#v; want nil, as a full load gives", f)
	}
}

// FuzzCheckSVG feeds checkSVG any bytes: it must not panic, and an SVG it
// lets through has no script element and no event attribute.
func FuzzCheckSVG(f *testing.F) {
	f.Add([]byte(`<svg viewBox="0 0 10 10"><rect width="1" height="1"/></svg>`))
	f.Add([]byte(`<svg><script>alert(1)</script></svg>`))
	f.Add([]byte(`<svg onload="x"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h, problem := checkSVG(data)
		if problem != "" {
			return
		}
		if w < 0 || h < 0 {
			t.Errorf("size %dx%d", w, h)
		}
		lower := bytes.ToLower(data)
		// (In a comment or CDATA section, "<script" is text.)
		if !bytes.Contains(lower, []byte("<!")) && bytes.Contains(lower, []byte("<script")) {
			t.Errorf("passed an SVG with a script element: %q", data)
		}
	})
}
