package build

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/packed"
)

// TestTextsUnread: when the texts a full build wrote to its temporary file
// cannot be read back as the pages that show them are rendered (the file
// is gone here), the build says so and fails, rather than write pages
// without them.
func TestTextsUnread(t *testing.T) {
	r := loadUnread()
	texts := r.in.Texts
	if texts == nil {
		t.Fatal("the full build has no store for its texts")
	}
	// The bodies to a store of their own, which stays, so that the pages
	// are rendered as far as their lists.
	bodies, err := packed.NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer bodies.Close()
	r.store = bodies
	r.begin()
	r.parse()
	r.finish()
	if r.diags.HasErrors() {
		t.Fatalf("before render: %v", r.diags.Sorted())
	}
	if bl := r.res.Site.Note("b").Backlinks; len(bl) != 1 || !bl[0].Context.Stored() {
		t.Fatalf("b's backlinks %v: want one, its paragraph in the store", bl)
	}
	if err := texts.Close(); err != nil {
		t.Fatal(err)
	}
	r.view()
	r.render()
	var found bool
	for _, d := range r.diags.Sorted() {
		if d.Code == diag.CodeFileRead && d.Severity == diag.Error && d.File == "TMPDIR" && strings.Contains(d.Message, "backlinks' paragraphs") && strings.Contains(d.Hint, "TMPDIR") {
			found = true
		}
	}
	if !found {
		t.Errorf("no error says the texts could not be read back: %v", r.diags.Sorted())
	}
	if res := r.result(); res.OK() {
		t.Error("the build succeeded")
	}
}

// TestBodiesUnread: when the pages' bodies a full build kept in its
// temporary file cannot be read back, each page says so at its own file,
// as a file that could not be read rather than a fault of its template.
func TestBodiesUnread(t *testing.T) {
	r := loadUnread()
	r.begin()
	r.parse()
	r.finish()
	if r.diags.HasErrors() || r.store == nil {
		t.Fatalf("before render: store %v, %v", r.store, r.diags.Sorted())
	}
	if err := r.store.Close(); err != nil {
		t.Fatal(err)
	}
	r.view()
	r.render()
	unread := map[string]bool{}
	for _, d := range r.diags.Sorted() {
		switch {
		case d.Code == diag.CodeTemplate:
			t.Errorf("reported as the template's fault: %v", d)
		case d.Code == diag.CodeFileRead && d.Severity == diag.Error && strings.Contains(d.Message, "body could not be read back") && strings.Contains(d.Hint, "TMPDIR"):
			unread[d.File] = true
		}
	}
	if !unread["content/notes/a.md"] || !unread["content/notes/b.md"] {
		t.Errorf("the pages whose bodies were not read back: %v; want a's and b's: %v", unread, r.diags.Sorted())
	}
}

// loadUnread returns a full build of a site of two notes, one linking to
// the other, loaded: the unread tests run its next phases by hand.
func loadUnread() *run {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Unread\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\n---\nA links to [[b]]. {no citation}\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\n---\nB. {no citation}\n")},
	}
	r := newRun(Options{Site: site, Templates: dossier.Templates()})
	r.load()
	return r
}
