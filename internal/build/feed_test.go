package build_test

import (
	"encoding/xml"
	"strings"
	"testing"
)

// feedIDs returns the id of the feed and of each of its entries.
func feedIDs(t *testing.T, data []byte) []string {
	t.Helper()
	var feed struct {
		ID      string `xml:"id"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	ids := []string{feed.ID}
	for _, e := range feed.Entries {
		ids = append(ids, e.ID)
	}
	return ids
}

// TestFeedWithoutHost builds a site that does not know its address (no
// base URL, or one without a host): the feed's ids must still be absolute
// IRIs, as Atom requires, each its own, and the same from build to build.
func TestFeedWithoutHost(t *testing.T) {
	s := LoadSite(t, "testdata/sites/explainer.txtar")
	seen := map[string]string{}
	for _, base := range []string{"", "/explainer/"} {
		var first []string
		for range 2 {
			ids := feedIDs(t, []byte(fileOf(t, run(s, base), "feed.xml")))
			if len(ids) < 3 {
				t.Fatalf("base %q: ids %q; want the feed's and its entries'", base, ids)
			}
			for _, id := range ids {
				if !strings.HasPrefix(id, "urn:uuid:") || len(id) != len("urn:uuid:")+36 {
					t.Errorf("base %q: id %q is not an absolute IRI (a urn:uuid)", base, id)
				}
			}
			if first == nil {
				first = ids
				for _, id := range ids {
					if other, dup := seen[id]; dup {
						t.Errorf("base %q: id %s is also %s's", base, id, other)
					}
					seen[id] = base
				}
				continue
			}
			if strings.Join(ids, " ") != strings.Join(first, " ") {
				t.Errorf("base %q: ids %q in one build, %q in the next", base, first, ids)
			}
		}
	}
}
