package browsertest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
	"github.com/dossier-site/dossier/internal/diag"
)

// BuildSite builds the site in the folder dir with the default templates.
func BuildSite(dir string) (*build.Result, error) {
	return buildSite(build.Options{Site: os.DirFS(dir), Templates: dossier.Templates()})
}

// BuildPreview builds the site in the folder dir as dossier serve does:
// drafts and scheduled notes included, each under its banner.
func BuildPreview(dir string) (*build.Result, error) {
	return buildSite(build.Options{Site: os.DirFS(dir), Templates: dossier.Templates(), Drafts: true, Future: true})
}

func buildSite(opts build.Options) (*build.Result, error) {
	res := build.Run(opts)
	if !res.OK() {
		var b strings.Builder
		_ = diag.WriteText(&b, res.Diagnostics)
		return nil, errors.New("the site does not build:\n" + b.String())
	}
	return res, nil
}

// Files returns the files of a build by path.
func Files(res *build.Result) map[string][]byte {
	files := make(map[string][]byte, len(res.Files))
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	return files
}

// Server serves a built site from memory on 127.0.0.1 as a static host
// would: "/x/" serves x/index.html, a missing page 404.html, and text
// gzipped to a client that accepts it.
type Server struct {
	URL string // http://127.0.0.1:port (https:// from ServeHTTP2), without a final slash

	srv   *httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	gz    map[string][]byte // gzipped files, by path, made when first asked for
}

// Serve starts serving files.
func Serve(files map[string][]byte) *Server {
	s := &Server{files: files}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve)) // listens on 127.0.0.1
	s.URL = s.srv.URL
	return s
}

// ServeHTTP2 starts serving files over TLS with HTTP/2, as a production
// host would: a page's many small fetches (the search index's fragments)
// then share one connection rather than queue for HTTP/1.1's six. Its
// certificate is the test server's own, which the browser is told to
// accept (the flag ignore-certificate-errors in Flags).
func ServeHTTP2(files map[string][]byte) *Server {
	s := &Server{files: files}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve)) // listens on 127.0.0.1
	s.srv.EnableHTTP2 = true
	s.srv.StartTLS()
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Replace serves data at the site path p (e.g. "search/index.json") from
// now on.
func (s *Server) Replace(p string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[p] = data
	delete(s.gz, p)
}

// SetFiles serves files from now on instead of those served so far, which
// it returns.
func (s *Server) SetFiles(files map[string][]byte) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.files
	s.files, s.gz = files, nil
	return old
}

// gzipped returns data, the file at p, gzipped as a host would send it to a
// browser that accepts gzip (as every browser does), so that the bytes a
// page costs can be measured as a reader's browser fetches them.
func (s *Server) gzipped(p string, data []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if z, ok := s.gz[p]; ok {
		return z
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	if s.gz == nil {
		s.gz = map[string][]byte{}
	}
	s.gz[p] = b.Bytes()
	return b.Bytes()
}

// compressible lists the types a host compresses.
var compressible = []string{".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	s.mu.Lock()
	data, ok := s.files[p]
	if !ok {
		if _, dir := s.files[path.Join(p, "index.html")]; dir {
			s.mu.Unlock()
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		p, data = "404.html", s.files["404.html"]
	}
	s.mu.Unlock()
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Vary", "Accept-Encoding")
	if slices.Contains(compressible, path.Ext(p)) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		data = s.gzipped(p, data)
		w.Header().Set("Content-Encoding", "gzip")
	}
	if !ok {
		w.WriteHeader(http.StatusNotFound)
	}
	_, _ = w.Write(data)
}
