package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSlug checks the invariants the rest of the build relies on: Make's
// output is a valid slug or empty, a valid slug short enough is its own
// Make, a valid slug never holds anything that leaves a folder, and Key is
// stable.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{
		"budapest-memorandum", "The Budapest Memorandum (1994)", "Будапештський меморандум",
		"सुरक्षा गारंटी", "การรับประกัน", "عَرَبِيّ", "cafe\u0301", "../../etc/passwd", `a\b`,
		"ＡＢＣ", "ﬁle", "a\u200db", "a\u202eb", "\u0301", "--", "", "\xff\xfe", strings.Repeat("ab-", 80),
		"İstanbul", "ǅ", "ß", "ΣΊΣΥΦΟΣ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkErr := Check(s)
		m := Make(s)
		if m != "" {
			if err := Check(m); err != nil {
				t.Fatalf("Make(%q) = %q, which Check rejects: %v", s, m, err)
			}
		}
		if len(m) > MaxLen {
			t.Fatalf("Make(%q) is %d bytes", s, len(m))
		}
		if checkErr == nil {
			if strings.ContainsAny(s, "/\\.\x00") || strings.Contains(s, "..") || !utf8.ValidString(s) {
				t.Fatalf("Check(%q) accepts a slug that can leave its folder", s)
			}
			if len(s) <= MaxLen-8 && m != s {
				t.Fatalf("Make(%q) = %q; a valid slug should be its own Make", s, m)
			}
		}
		if k := Key(s); Key(k) != k {
			t.Fatalf("Key(Key(%q)) = %q; want %q", s, Key(k), k)
		}
		if k, f := Key(s), foldKey(s); k != f {
			t.Fatalf("Key(%q) = %q; the Unicode fold gives %q", s, k, f)
		}
	})
}
