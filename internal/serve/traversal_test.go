package serve_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
)

// Secrets the server must never send: the text of a file outside the site
// folder, of the site's own source files, and of the system's.
const (
	outsideSecret = "OUTSIDE-SECRET-7f3a"
	sourceSecret  = "SOURCE-ONLY-9c1e" // in a comment of a template, never rendered
	configSecret  = "CONFIG-ONLY-2b8d" // in dossier.yaml, under a key never shown
)

// traversalServer serves a small site whose folder sits beside a file that
// must stay private, and returns the server and the site folder.
func traversalServer(t *testing.T) (*httptest.Server, *serve.Server, string) {
	t.Helper()
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string]string{
		"secret.txt":                     outsideSecret,
		"site/dossier.yaml":              "title: T\nauthor: " + configSecret + "\n",
		"site/content/notes/a.md":        "---\ntitle: A\n---\nA note [@s].\n",
		"site/content/sources/s.md":      "---\ntitle: S\n---\n",
		"site/templates/partials/x.html": "{{/* " + sourceSecret + " */}}",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link in the site folder that points out of it.
	if err := os.Symlink("../secret.txt", filepath.Join(site, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	srv := serve.New(serve.Options{Site: r.FS(), Dir: site, Templates: dossier.Templates()})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	srv.SetBaseURL(hs.URL + "/")
	if res := srv.Rebuild(); !res.OK() {
		t.Fatalf("the test site does not build: %v", res.Diagnostics)
	}
	return hs, srv, site
}

// rawGet sends a request line exactly as written, without any client
// cleaning the path, and returns the status code and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestTraversal asks for files outside the build in every spelling of
// "go up a folder" that servers have been fooled by: plain and encoded dots
// and slashes, double encoding, backslashes, overlong UTF-8, NUL bytes,
// absolute request targets, a symbolic link, the site's own source files.
// None may give away a byte from the disk; a path that cleans to a page of
// the build gives that page and nothing else.
func TestTraversal(t *testing.T) {
	hs, _, site := traversalServer(t)
	addr := strings.TrimPrefix(hs.URL, "http://")
	_, home := rawGet(t, addr, "/")
	_, note := rawGet(t, addr, "/notes/a/")
	tests := []struct {
		target string
		code   int
		body   string // for 200: the page it must be
	}{
		{"/../secret.txt", 404, ""},
		{"/../../../../../../etc/passwd", 404, ""},
		{"/notes/a/../../../secret.txt", 404, ""},
		{"/%2e%2e/secret.txt", 404, ""},
		{"/%2E%2E/%2E%2E/etc/passwd", 404, ""},
		{"/..%2fsecret.txt", 404, ""},
		{"/%2e%2e%2fsecret.txt", 404, ""},
		{"/%252e%252e/secret.txt", 404, ""},
		{"/..%5csecret.txt", 404, ""},
		{`/..\secret.txt`, 404, ""},
		{`/notes\..\..\secret.txt`, 404, ""},
		{"/%c0%ae%c0%ae/secret.txt", 404, ""},
		{"/%c0%af../secret.txt", 404, ""},
		{"/..%00/secret.txt", 400, ""},
		{"/secret.txt%00.html", 400, ""},
		{"/index.html%00", 400, ""},
		{"//etc/passwd", 404, ""},
		{"/./../secret.txt", 404, ""},
		{"/..;/secret.txt", 404, ""},
		{"http://" + addr + "/../secret.txt", 404, ""},
		{"/leak.txt", 404, ""},
		{"/dossier.yaml", 404, ""},
		{"/content/notes/a.md", 404, ""},
		{"/templates/partials/x.html", 404, ""},
		{"/site/dossier.yaml", 404, ""},
		{"/etc/passwd", 404, ""},
		{"/proc/self/environ", 404, ""},
		{"/" + filepath.ToSlash(strings.TrimPrefix(site, "/")) + "/dossier.yaml", 404, ""},
		// Paths that climb but stay inside the build are its pages.
		{"/notes/a/../../", 200, home},
		{"/../../notes/a/", 200, note},
		{"/%6eotes/a/", 200, note},
	}
	for _, tt := range tests {
		code, body := rawGet(t, addr, tt.target)
		for _, secret := range []string{outsideSecret, sourceSecret, configSecret, "root:x:0:0", "title: A"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s gave away %q", tt.target, secret)
			}
		}
		if code != tt.code {
			t.Errorf("GET %s: status %d; want %d", tt.target, code, tt.code)
		}
		if tt.code == http.StatusOK && body != tt.body {
			t.Errorf("GET %s: not the page its cleaned path names", tt.target)
		}
	}
	if !strings.Contains(note, "A note") {
		t.Fatalf("GET /notes/a/ is not the note:\n%s", note)
	}
}

// TestServesOnlyTheBuild checks that every file of the site folder on disk
// that is not also a file of the build is not found, and that every file of
// the build is served as built.
func TestServesOnlyTheBuild(t *testing.T) {
	hs, srv, site := traversalServer(t)
	files := served(t, srv)
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if _, built := files[rel]; built {
			t.Errorf("%s is both a source file and a file of the build", rel)
		}
		resp, err := http.Get(hs.URL + "/" + rel)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /%s (a source file): %d; want 404", rel, resp.StatusCode)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("only %d files built", len(files))
	}
	for name, data := range files {
		resp, err := http.Get(hs.URL + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: %d", name, resp.StatusCode)
			continue
		}
		if !strings.HasSuffix(name, ".html") && !bytes.Equal(body, data) {
			t.Errorf("GET /%s: the body is not the built file", name)
		}
		if strings.HasSuffix(name, ".html") {
			// The built page, with the reload script added before </head>.
			i := bytes.LastIndex(data, []byte("</head>"))
			if i < 0 || !bytes.HasPrefix(body, data[:i]) || !bytes.HasSuffix(body, data[i:]) || len(body)-len(data) > 200 {
				t.Errorf("GET /%s: the page is not the built page", name)
			}
		}
	}
}
