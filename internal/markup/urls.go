package markup

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/dossier-site/dossier/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// allowedSchemes are the URL schemes links and images may use.
var allowedSchemes = map[string]bool{"": true, "http": true, "https": true, "mailto": true}

// linkScheme returns the scheme a browser would see in a link destination
// as written in Markdown, lower-cased ("" for a relative address), and
// whether the destination is a well-formed address at all. It reads the
// destination as a browser does: character references decoded
// (`&#106;avascript:` is javascript:), tabs and newlines dropped anywhere,
// and control characters and spaces dropped at both ends.
func linkScheme(dest string) (scheme string, ok bool) {
	b := util.ResolveNumericReferences(util.ResolveEntityNames([]byte(dest)))
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, string(b))
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if i := strings.IndexAny(s, ":/?#"); i >= 0 && s[i] == ':' {
		scheme = strings.ToLower(s[:i])
	}
	_, err := url.Parse(s)
	return scheme, err == nil
}

// checkImageHost warns about an image from another host: the pages'
// Content-Security-Policy (img-src 'self') keeps browsers from loading it,
// which also keeps readers' visits from being reported to that host.
func (d *Doc) checkImageHost(n ast.Node, dest string) {
	scheme, _ := linkScheme(dest)
	if scheme == "http" || scheme == "https" || strings.HasPrefix(strings.TrimSpace(dest), "//") {
		d.problem(Offset(n, d.Source), diag.Warning, diag.CodeBadLink,
			"image "+strconv.Quote(dest)+" is on another host; the site's Content-Security-Policy lets browsers load images from the site only",
			"link to the image instead: [description](address)")
	}
}
