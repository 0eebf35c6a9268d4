package render

import (
	"reflect"
	"slices"
	"testing"

	"github.com/dossier-site/dossier/internal/digest"
	"github.com/dossier-site/dossier/internal/resolve"
)

// TestKeyWritersCover holds the key's writers to every exported field of
// what a page's template is made from (inputs): each field of filled
// inputs, the page in full (its front matter, loaded file, references,
// backlinks, claims...), is changed in turn, and the key must change, and
// come back when the field does. A page the inputs name other than the
// page itself counts by its surface, and is listed among the key's
// pages read.
func TestKeyWritersCover(t *testing.T) {
	c, cr := newCoverer(t)
	d := &inputs{}
	c.fill(reflect.ValueOf(d).Elem())
	d.Page = &resolve.Page{}
	c.fill(reflect.ValueOf(d.Page).Elem())
	c.full = map[*resolve.Page]bool{d.Page: true}
	sum := func() digest.Sum {
		k, _ := cr.key("note.html", d, 0)
		return k
	}
	n := c.coversFilled("inputs", reflect.ValueOf(d).Elem(), sum)
	if n < 200 {
		t.Errorf("%d fields changed; want every field of a page and what it holds", n)
	}

	d.Related = append(d.Related, c.pb) // named nowhere else
	_, read := cr.key("note.html", d, 0)
	if !slices.Contains(read, c.pb) || slices.Contains(read, d.Page) {
		t.Errorf("the key read %d pages; want the others the page names, not the page itself", len(read))
	}
}

// TestKeyOwnPageAgain checks that the page itself, and the home page's
// lead note, count in full wherever the inputs name them, and apart from
// another page met in the same place.
func TestKeyOwnPageAgain(t *testing.T) {
	c, cr := newCoverer(t)
	lead := &resolve.Page{Slug: "lead"}
	key := func(d *inputs) digest.Sum {
		k, _ := cr.key("note.html", d, 0)
		return k
	}
	withBacklink := func(from *resolve.Page) *inputs {
		p := &resolve.Page{Slug: "own", Backlinks: []*resolve.Backlink{{From: from}}}
		return &inputs{Page: p, Lead: lead}
	}
	self := withBacklink(nil)
	self.Page.Backlinks[0].From = self.Page
	toLead := withBacklink(lead)
	other := withBacklink(c.pa)
	keys := []digest.Sum{key(self), key(toLead), key(other)}
	if keys[0] == keys[1] || keys[0] == keys[2] || keys[1] == keys[2] {
		t.Error("a backlink from the page itself, from the lead note and from another page write the same key")
	}
	lead.Title = "changed"
	if key(toLead) == keys[1] {
		t.Error("the lead note counts by its surface, not in full")
	}
}

// TestSitePartCovers holds sitePartOf to every exported field of the site
// but its lists, which count by siteSums' writers (TestListWritersCover).
func TestSitePartCovers(t *testing.T) {
	c, cr := newCoverer(t)
	c.skip = nil
	s := &resolve.Site{}
	v := reflect.ValueOf(s).Elem()
	var fields []string
	for f := range v.Type().Fields() {
		if f.IsExported() && !slices.Contains(siteLists, f.Name) {
			fields = append(fields, f.Name)
			c.fill(v.FieldByName(f.Name))
		}
	}
	sum := func() digest.Sum {
		var h digest.Hasher
		cr.sitePartOf(&h, s)
		return h.Sum()
	}
	for _, name := range fields {
		c.coversFilled("Site."+name, v.FieldByName(name), sum)
	}
	if len(fields) < 5 {
		t.Errorf("the site has %d fields besides its lists: %q", len(fields), fields)
	}
}
