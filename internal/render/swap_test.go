package render

import (
	"strings"
	"testing"
)

// TestSwappable holds swappable to its promise: a kept page is given new
// asset addresses by a replacement only when every content hash of an
// asset it holds is inside that asset's address.
func TestSwappable(t *testing.T) {
	var assets []assetRef
	for _, a := range []string{"/assets/style.0123abcd.css", "/assets/x.deadbeef.cafe0123.js", "/assets/twice.aaaabbbb/b.aaaabbbb.js", "/favicon.svg"} {
		ref := assetRef{url: a, hashes: hashRuns(a[strings.LastIndex(a, "/")+1:])}
		if strings.Contains(a, "twice") {
			ref.hashes = []string{"aaaabbbb"} // its folder holds it too
		}
		ref.urlBytes = []byte(a)
		for _, h := range ref.hashes {
			ref.hashesBytes = append(ref.hashesBytes, []byte(h))
		}
		assets = append(assets, ref)
	}
	for _, tc := range []struct {
		name string
		page string
		want bool
	}{
		{"no asset", "<p>hello</p>", true},
		{"an address", `<link href="/assets/style.0123abcd.css">`, true},
		{"addresses, several times", `<link href="/assets/style.0123abcd.css"><script src="/assets/x.deadbeef.cafe0123.js"></script><a href="/assets/style.0123abcd.css">`, true},
		{"an address holding its hash twice", `<script src="/assets/twice.aaaabbbb/b.aaaabbbb.js"></script>`, true},
		{"a hash alone", `<p>0123abcd</p>`, false},
		{"a hash alone beside its address", `<link href="/assets/style.0123abcd.css"><p>0123abcd</p>`, false},
		{"a hash before its address", `0123abcd<link href="/assets/style.0123abcd.css">`, false},
		{"an address escaped for a script", `<script>load("\/assets\/style.0123abcd.css")</script>`, false},
		{"the second hash of an address, alone", `<script src="/assets/x.deadbeef.cafe0123.js"></script>cafe0123`, false},
		{"a hash at the very start of the page", `deadbeef`, false},
		{"a hash in another asset's place", `/assets/style.deadbeef.css`, false},
	} {
		if got := swappable([]byte(tc.page), assets); got != tc.want {
			t.Errorf("%s: swappable is %v; want %v", tc.name, got, tc.want)
		}
	}
}
