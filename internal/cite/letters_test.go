package cite

import "testing"

func TestLetters(t *testing.T) {
	for _, tc := range []struct {
		i    int
		want string
	}{
		{-1, ""}, {0, "a"}, {1, "b"}, {25, "z"}, {26, "aa"}, {27, "ab"}, {51, "az"},
		{52, "ba"}, {701, "zz"}, {702, "aaa"},
	} {
		if got := Letters(tc.i); got != tc.want {
			t.Errorf("Letters(%d) = %q; want %q", tc.i, got, tc.want)
		}
	}
	// Every label up to a generous count is distinct: no two back-links
	// of one source share a label.
	seen := map[string]int{}
	for i := range 5000 {
		l := Letters(i)
		if j, ok := seen[l]; ok {
			t.Fatalf("Letters(%d) = Letters(%d) = %q", i, j, l)
		}
		seen[l] = i
	}
}

func TestAnchor(t *testing.T) {
	for _, tc := range []struct {
		number, nth int
		want        string
	}{
		{1, 0, "cite-1-a"}, {2, 1, "cite-2-b"}, {12, 26, "cite-12-aa"}, {300, 701, "cite-300-zz"},
	} {
		if got := Anchor(tc.number, tc.nth); got != tc.want {
			t.Errorf("Anchor(%d, %d) = %q; want %q", tc.number, tc.nth, got, tc.want)
		}
	}
}
