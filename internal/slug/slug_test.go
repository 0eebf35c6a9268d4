package slug

import (
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for valid
	}{
		{"budapest-memorandum", ""},
		{"будапештський-меморандум", ""},
		{"हिन्दी", ""},       // Devanagari vowel signs are marks
		{"عَرَبِيّ", ""},     // Arabic vowel marks
		{"การรับประกัน", ""}, // Thai
		{"1994", ""},
		{"", "is empty"},
		{"a--b", "has two hyphens in a row"},
		{"-a", "starts or ends with a hyphen"},
		{"a-", "starts or ends with a hyphen"},
		{"News", "has upper-case letters"},
		{"..", "has a character other than letters, digits and hyphens"},
		{"a/b", "has a character other than letters, digits and hyphens"},
		{`a\b`, "has a character other than letters, digits and hyphens"},
		{"/etc/passwd", "has a character other than letters, digits and hyphens"},
		{"a b", "has a character other than letters, digits and hyphens"},
		{"\u0301a", "has a character other than letters, digits and hyphens"},   // a mark with no letter
		{"a-\u0301b", "has a character other than letters, digits and hyphens"}, // a mark after a hyphen
		{"cafe\u0301", "is not in Unicode normal form C"},
		{"a\u202eb", "has a character other than letters, digits and hyphens"}, // bidi override
		{"a\x00b", "has a character other than letters, digits and hyphens"},
		{"\xff", "is not valid UTF-8"},
	}
	for _, tt := range tests {
		got := ""
		if err := Check(tt.in); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Check(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Budapest Memorandum (1994)", "the-budapest-memorandum-1994"},
		{"Гарантії безпеки", "гарантії-безпеки"},
		{"सुरक्षा गारंटी", "सुरक्षा-गारंटी"}, // whole words, not cut at each vowel sign
		{"การรับประกัน", "การรับประกัน"},
		{"Cafe\u0301 au lait", "café-au-lait"},
		{"../../etc/passwd", "etc-passwd"},
		{`C:\Windows`, "c-windows"},
		{"!!!", ""},
		{"\u0301\u0301", ""},
		{"ϒ test", "test"}, // a capital with no lower-case form
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][2]string{
		{"abc", "ａｂｃ"},  // full width
		{"file", "ﬁle"}, // ligature
		{"café", "cafe\u0301"},
		{"λόγος", "λόγοσ"}, // final and medial sigma
		{"kırmızı", "kirmizi"},
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want the same", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
	differ := [][2]string{{"abc", "abd"}, {"аbc", "abc"}, {"strasse", "straße"}}
	for _, p := range differ {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q; want them apart", p[0], p[1], Key(p[0]))
		}
	}
}
