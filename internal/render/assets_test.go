package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestMinify(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"style.css", "a {\n  color : red ;\n}\n/* comment */\n", "a{color:red}"},
		{"site.js", "// comment\nvar answer = 40 + 2;\n", "var answer=40+2"},
		{"icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"32\" height=\"32\"/>\n</svg>\n", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="32" height="32"/></svg>`},
		// Unknown types and files that do not parse are published as written.
		{"notes.txt", "  keep   this  ", "  keep   this  "},
		{"broken.js", "var = ;", "var = ;"},
	}
	for _, tt := range tests {
		got := minify(tt.name, []byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("minify(%q, %q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestMinifyShipsSmallerAssets(t *testing.T) {
	for _, name := range []string{"style.css", "site.js"} {
		src := readDefaultAsset(t, name)
		got := minify(name, src)
		if len(got) >= len(src) {
			t.Errorf("minify(%q): %d bytes from %d; want fewer", name, len(got), len(src))
		}
		if bytes.Contains(got, []byte("/*")) {
			t.Errorf("minify(%q) kept a comment", name)
		}
	}
}

// readDefaultAsset reads one of the default templates' assets.
func readDefaultAsset(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "templates", "assets", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
