package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

// TestRebeginKeepsLists holds Rebegin's topics and timeline to Begin's
// after each kind of front-matter change, and to keeping the last site's
// when every page is in its place and no note's events changed (see
// keepLists), rather than making them again.
func TestRebeginKeepsLists(t *testing.T) {
	files := corpus.Dossier(corpus.Options{Notes: 80, Seed: 5})
	base := content.Load(files.FS(), &diag.List{})
	// Notes with events and tags, and one whose tag no other note has.
	var withEvents, alone int = -1, -1
	count := map[string]int{}
	for _, n := range base.Notes {
		for _, tg := range n.Meta.Tags {
			count[tg]++
		}
	}
	for i, n := range base.Notes {
		if withEvents < 0 && len(n.Meta.Events) > 0 && len(n.Meta.Tags) > 0 {
			withEvents = i
		}
	}
	alone = (withEvents + 1) % len(base.Notes)
	base = edited(base, alone, func(m *content.NoteMeta) { m.Tags = []string{"only-here"} })
	// An event naming a source the site does not have.
	base = edited(base, 0, func(m *content.NoteMeta) {
		m.Events = append(m.Events, content.Event{Date: content.Date{Year: 2020}, Text: "An event.", Sources: []string{"no-such-source"}})
	})
	if withEvents < 0 || len(base.Notes[withEvents].Meta.Events) == 0 {
		t.Fatal("the test site has no note with events and tags")
	}
	// A topic whose only events are withEvents': they go when it leaves.
	base = edited(base, withEvents, func(m *content.NoteMeta) { m.Tags = append(slices.Clone(m.Tags), "events-here") })
	tagged := base.Notes[withEvents].Meta.Tags[0]
	// A topic whose events come after some of withEvents' notes: joined by
	// it, the topic's events must be put in date order.
	earliest := base.Notes[withEvents].Meta.Events[0].Date
	for _, e := range base.Notes[withEvents].Meta.Events {
		if e.Date.Compare(earliest) < 0 {
			earliest = e.Date
		}
	}
	later := ""
	for i, n := range base.Notes {
		if i == withEvents || len(n.Meta.Tags) == 0 || slices.Contains(base.Notes[withEvents].Meta.Tags, n.Meta.Tags[0]) {
			continue
		}
		if slices.ContainsFunc(n.Meta.Events, func(e content.Event) bool { return e.Date.Compare(earliest) > 0 }) {
			later = n.Meta.Tags[0]
			break
		}
	}
	if later == "" {
		t.Fatal("the test site has no topic with events after those of the note with events")
	}

	cases := []struct {
		name   string
		change func(*content.Site) (*content.Site, string)
		kept   bool
	}{
		{"nothing changed", func(s *content.Site) (*content.Site, string) { return s, "/" }, true},
		{"a title", func(s *content.Site) (*content.Site, string) {
			return edited(s, withEvents, func(m *content.NoteMeta) { m.Title = "Retitled" }), "/"
		}, true},
		{"a note's tags replaced, the note with events", func(s *content.Site) (*content.Site, string) {
			return edited(s, withEvents, func(m *content.NoteMeta) { m.Tags = []string{"brand-new", "only-here"} }), "/"
		}, true},
		{"a note with events joins a topic with later events", func(s *content.Site) (*content.Site, string) {
			return edited(s, withEvents, func(m *content.NoteMeta) { m.Tags = append(slices.Clone(m.Tags), later) }), "/"
		}, true},
		{"a tag added, named twice", func(s *content.Site) (*content.Site, string) {
			return edited(s, 3, func(m *content.NoteMeta) { m.Tags = append(slices.Clone(m.Tags), tagged, "twice", "twice") }), "/"
		}, true},
		{"the last note of a topic retagged", func(s *content.Site) (*content.Site, string) {
			return edited(s, alone, func(m *content.NoteMeta) { m.Tags = []string{tagged} }), "/"
		}, true},
		{"a note's tags removed, and another's", func(s *content.Site) (*content.Site, string) {
			s = edited(s, withEvents, func(m *content.NoteMeta) { m.Tags = nil })
			return edited(s, alone, func(m *content.NoteMeta) { m.Tags = nil }), "/"
		}, true},
		{"an event's text", func(s *content.Site) (*content.Site, string) {
			return edited(s, withEvents, func(m *content.NoteMeta) {
				m.Events = slices.Clone(m.Events)
				m.Events[0].Text = "Changed."
			}), "/"
		}, false},
		{"an event's sources", func(s *content.Site) (*content.Site, string) {
			return edited(s, withEvents, func(m *content.NoteMeta) {
				m.Events = slices.Clone(m.Events)
				m.Events[0].Sources = nil
			}), "/"
		}, false},
		{"an event added", func(s *content.Site) (*content.Site, string) {
			return edited(s, 2, func(m *content.NoteMeta) {
				m.Events = append(slices.Clone(m.Events), content.Event{Date: content.Date{Year: 2001, Month: 2}, Text: "Added.", Sources: []string{s.Sources[0].ID}})
			}), "/"
		}, false},
		{"a note gone", func(s *content.Site) (*content.Site, string) {
			c := *s
			c.Notes = slices.Delete(slices.Clone(s.Notes), 4, 5)
			return &c, "/"
		}, false},
		{"a source gone", func(s *content.Site) (*content.Site, string) {
			c := *s
			c.Sources = s.Sources[:len(s.Sources)-1]
			return &c, "/"
		}, false},
		{"another base path", func(s *content.Site) (*content.Site, string) { return s, "/explainer/" }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lastDiags := &diag.List{}
			last := Begin(Input{Site: base, BasePath: "/"}, lastDiags)
			lastEvents := last.Events
			site, basePath := tc.change(base)
			in := Input{Site: site, BasePath: basePath}
			want := &diag.List{}
			fresh := Begin(in, want)
			got := &diag.List{}
			again := Rebegin(in, last, got)
			if kept := len(again.Events) > 0 && &again.Events[0] == &lastEvents[0]; kept != tc.kept {
				t.Errorf("the last site's events kept: %v, want %v", kept, tc.kept)
			}
			if g, w := describeLists(again), describeLists(fresh); g != w {
				t.Errorf("the lists are not Begin's:\n%s", lineDiff(g, w))
			}
			if g, w := fmt.Sprint(got.Sorted()), fmt.Sprint(want.Sorted()); g != w {
				t.Errorf("diagnostics:\n%s\nwant\n%s", g, w)
			}
			if !strings.Contains(fmt.Sprint(want.Sorted()), "no-such-source") {
				t.Error("the unknown source of an event is not reported")
			}
		})
	}

	// The changes that keep the lists, one after the other, each site
	// begun again from the last: the events and topics kept are then
	// those of sites begun again themselves.
	t.Run("in turn", func(t *testing.T) {
		site := base
		last := Begin(Input{Site: site, BasePath: "/"}, &diag.List{})
		first := last.Events
		for _, tc := range cases {
			if !tc.kept {
				continue
			}
			site, _ = tc.change(site)
			in := Input{Site: site, BasePath: "/"}
			want := &diag.List{}
			fresh := Begin(in, want)
			got := &diag.List{}
			again := Rebegin(in, last, got)
			if len(again.Events) == 0 || &again.Events[0] != &first[0] {
				t.Errorf("after %s: the first site's events are not kept", tc.name)
			}
			if g, w := describeLists(again), describeLists(fresh); g != w {
				t.Errorf("after %s: the lists are not Begin's:\n%s", tc.name, lineDiff(g, w))
			}
			if g, w := fmt.Sprint(got.Sorted()), fmt.Sprint(want.Sorted()); g != w {
				t.Errorf("after %s: diagnostics:\n%s\nwant\n%s", tc.name, g, w)
			}
			last = again
		}
	})
}

// edited returns site with its i'th note a copy, changed by change.
func edited(site *content.Site, i int, change func(*content.NoteMeta)) *content.Site {
	c := *site
	c.Notes = slices.Clone(site.Notes)
	n := *site.Notes[i]
	change(&n.Meta)
	c.Notes[i] = &n
	return &c
}

// describeLists writes the site's topics and timeline, and the indexes
// made with them, with pages by path.
func describeLists(s *Site) string {
	var b strings.Builder
	event := func(e *Event) string {
		srcs := make([]string, len(e.Sources))
		for i, p := range e.Sources {
			srcs[i] = p.Path
		}
		return fmt.Sprintf("%s (%s, %s) %q %s %v tags %v", e.Date, e.date, e.human, e.Text, e.Note.Path, srcs, e.tags)
	}
	for _, tg := range s.Tags {
		fmt.Fprintf(&b, "tag %s %s:", tg.Name, tg.URL)
		for _, p := range tg.Notes {
			b.WriteString(" " + p.Path)
		}
		b.WriteString("\n")
		if s.Tag(tg.Name) != tg {
			fmt.Fprintf(&b, "tag %s not in the map\n", tg.Name)
		}
	}
	fmt.Fprintf(&b, "%d tags in the map\n", len(s.tags))
	for _, e := range s.Events {
		b.WriteString("event " + event(e) + "\n")
	}
	for _, p := range s.Notes {
		for _, e := range s.eventsByNote[p] {
			b.WriteString("of note " + p.Path + ": " + event(e) + "\n")
		}
	}
	fmt.Fprintf(&b, "%d notes with events\n", len(s.eventsByNote))
	fmt.Fprintf(&b, "%d topics with events\n", len(s.eventsByTag))
	var tags []string
	for tg := range s.eventsByTag {
		tags = append(tags, tg)
	}
	slices.Sort(tags)
	for _, tg := range tags {
		for _, e := range s.eventsByTag[tg] {
			b.WriteString("of tag " + tg + ": " + event(e) + "\n")
		}
	}
	for _, p := range s.Sources {
		if s.eventSources[p] {
			b.WriteString("event source " + p.Path + "\n")
		}
	}
	fmt.Fprintf(&b, "%d event sources\n", len(s.eventSources))
	for _, u := range s.unknownEvents {
		fmt.Fprintf(&b, "unknown %s %d %d %s\n", u.note.Path, u.event, u.at, u.id)
	}
	return b.String()
}

// lineDiff lists the lines of got and want that the other lacks.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	if b.Len() == 0 {
		return "(the same lines in another order)"
	}
	return b.String()
}
