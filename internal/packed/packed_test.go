package packed

import (
	"bytes"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", strings.Repeat("<p>a page of HTML</p>\n", 5000), "\x00\xff"} {
		p := Pack([]byte(s))
		// Of its own size (rounded up to the allocator's size class),
		// not the largest s2 might have needed.
		if cap(p) > 64 && cap(p) > len(p)*9/8 {
			t.Errorf("%d bytes: packed into a slice of cap %d, len %d", len(s), cap(p), len(p))
		}
		got, err := Unpack(p)
		if err != nil || !bytes.Equal(got, []byte(s)) {
			t.Errorf("%d bytes: unpacked %d bytes, %v", len(s), len(got), err)
		}
		if str, err := UnpackString(p); err != nil || str != s {
			t.Errorf("%d bytes: UnpackString gave %d bytes, %v", len(s), len(str), err)
		}
		if n := Len(p); n != len(s) {
			t.Errorf("%d bytes: Len %d", len(s), n)
		}
	}
	if p := Pack([]byte(strings.Repeat("x", 100000))); len(p) > 10000 || cap(p) > 10000 {
		t.Errorf("100,000 bytes alike packed into %d (cap %d)", len(p), cap(p))
	}
	if _, err := UnpackString([]byte("not packed")); err == nil {
		t.Errorf("UnpackString of bytes Pack did not give: no error")
	}
}

// TestPlain reads a file kept each of the three ways.
func TestPlain(t *testing.T) {
	page := []byte(strings.Repeat("<p>a page</p>\n", 100))
	s, err := NewStore("dossier-test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ref, err := s.Put(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		isPacked bool
		stored   Ref
	}{
		{"as it is", page, false, Ref{}},
		{"packed", Pack(page), true, Ref{}},
		{"stored", nil, true, ref},
	} {
		if got, err := Plain(tc.data, tc.isPacked, tc.stored); err != nil || !bytes.Equal(got, page) {
			t.Errorf("%s: %d bytes, %v", tc.name, len(got), err)
		}
	}
}
