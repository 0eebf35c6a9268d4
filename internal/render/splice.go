package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"slices"
	"strconv"
	"strings"
)

// A page's long lists are spliced into it after its template runs.
//
// At 10,000 notes the home page's list of notes is 2.2 MB of HTML and the
// timeline's list 1 MB, made again on every edit of a note's title. Printed
// by the template, such a list was copied three times over: into fmt's
// buffer (text/template prints every value through fmt), into the page's
// buffer (grown for it), and out of that buffer into the page kept. The
// preview's rebuilds spent 1 to 10 ms of the home page's job on those
// copies, most of it in faults on the fresh memory they took.
//
// A splice puts a mark in each long list's place while the template runs,
// then writes the page once, at its final size, with each list (in parts:
// the cards of the home page as the Cache keeps them) where its mark is.
// A mark holds NUL bytes and a number drawn when the program starts.
// html/template writes a template.HTML value as it is only in HTML text;
// anywhere else (an attribute, a script, a URL, RCDATA) it escapes a NUL, so
// a mark found whole in the page is where the template wrote the list as
// it is. Splices are made only while the site keeps dossier's own
// templates (Templates.spliceable), which print each list as it is, once;
// a page in which a mark is not found exactly once is executed again with
// its lists in place.
type splice struct {
	lists []splicedList
	// spare, when its capacity is enough, is where assemble writes the
	// page (see spares).
	spare []byte
}

// splicedList is one list a splice holds: its HTML is start, parts and
// end, joined.
type splicedList struct {
	field      *template.HTML // where the list is, in the page's view value
	mark       string         // what the field holds while the template runs
	start, end string
	parts      []string
	size       int
}

// spliceMin is the length from which a list is spliced: a shorter one
// costs less to print than to look for.
const spliceMin = 16 << 10

// spliceNonce is in every mark, so that no page's text can hold one.
var spliceNonce = func() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}()

// add holds the list whose HTML is start, parts and end, joined, for
// field: a mark goes into the field in its place. A list shorter than
// spliceMin, or a nil splice, is joined into the field at once. It
// reports whether the list was held.
func (s *splice) add(field *template.HTML, start string, parts []string, end string) bool {
	size := len(start) + len(end)
	for _, p := range parts {
		size += len(p)
	}
	if s == nil || size < spliceMin {
		*field = template.HTML(joinParts(start, parts, end, size)) //nolint:gosec // the parts are HTML the build wrote
		return false
	}
	mark := "\x00dossier-list-" + strconv.Itoa(len(s.lists)) + "-" + spliceNonce + "/\x00"
	s.lists = append(s.lists, splicedList{field: field, mark: mark, start: start, end: end, parts: parts, size: size})
	*field = template.HTML(mark) //nolint:gosec // a mark, replaced by the list (see assemble)
	return true
}

// restore puts each list back in its field, for the page to be executed
// with its lists in place.
func (s *splice) restore() {
	if s == nil {
		return
	}
	for _, l := range s.lists {
		*l.field = template.HTML(joinParts(l.start, l.parts, l.end, l.size)) //nolint:gosec // as add
	}
	s.lists = nil
}

// assemble returns page, the template's output, with each list in place of
// its mark, in a slice of its own; false when some mark is not in page
// exactly once.
func (s *splice) assemble(page []byte) ([]byte, bool) {
	type place struct {
		at   int
		list *splicedList
	}
	places := make([]place, 0, len(s.lists))
	size := len(page)
	for i := range s.lists {
		l := &s.lists[i]
		at := bytes.Index(page, []byte(l.mark))
		if at < 0 || bytes.Contains(page[at+len(l.mark):], []byte(l.mark)) {
			return nil, false
		}
		places = append(places, place{at, l})
		size += l.size - len(l.mark)
	}
	slices.SortFunc(places, func(a, b place) int { return a.at - b.at })
	out := s.spare[:0]
	if cap(out) < size {
		out = make([]byte, 0, size)
	}
	from := 0
	for _, p := range places {
		out = append(out, page[from:p.at]...)
		out = append(out, p.list.start...)
		for _, part := range p.list.parts {
			out = append(out, part...)
		}
		out = append(out, p.list.end...)
		from = p.at + len(p.list.mark)
	}
	return append(out, page[from:]...), true
}

// joinParts returns start, parts and end joined: size long.
func joinParts(start string, parts []string, end string, size int) string {
	if start == "" && end == "" && len(parts) == 1 {
		return parts[0]
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(start)
	for _, p := range parts {
		b.WriteString(p)
	}
	b.WriteString(end)
	return b.String()
}
