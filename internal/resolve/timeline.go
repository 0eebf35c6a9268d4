package resolve

import (
	"slices"
	"strings"

	"github.com/dossier-site/dossier/internal/content"
	"github.com/dossier-site/dossier/internal/diag"
	"github.com/dossier-site/dossier/internal/timeline"
	"github.com/yuin/goldmark/ast"
)

// Event is a dated event from a note's front matter.
type Event struct {
	Date    content.Date
	Text    string
	Note    *Page
	Sources []*Page
	tags    []string // the note's, read in note order rather than again in date order
	// The date as an entry shows it (timeline.Entry's Date and Human),
	// written once, from written: every timeline of a front-matter edit
	// wrote the 6,000 events' dates again at 10,000 notes (1.6 ms of its
	// CPU), and Rebegin keeps the events (see keepLists). An Event whose
	// Date was changed since is written again.
	date, human string
	written     content.Date
	at          int // the event's place in Site.Events
}

// Place returns e's place in its site's Events.
func (e *Event) Place() int { return e.at }

// collectEvents gathers every note's events into s.Events, in date order
// (events of the same date keep the order of their notes and front matter),
// and indexes them by note and by tag for the timeline blocks. The preview
// does this on every front-matter edit: the events are made in one list and
// sorted by a number for each (see eventOrder); at 10,000 notes, sorting
// them by Date.Compare, stably, and reading each note's tags again in date
// order, took most of its 8 ms.
//
// It returns the sources events name that the site does not have, in note
// order, for checkEvents to report.
func (s *Site) collectEvents() (unknown []eventSource) {
	n := 0
	for _, p := range s.Notes {
		n += len(p.Note.Meta.Events)
	}
	events := make([]Event, 0, n)
	s.eventSources = map[*Page]bool{}
	for _, p := range s.Notes {
		for i, e := range p.Note.Meta.Events {
			ev := Event{Date: e.Date, Text: e.Text, Note: p, tags: p.Note.Meta.Tags, date: e.Date.String(), human: e.Date.Human(), written: e.Date}
			for j, id := range e.Sources {
				if src := s.sources[id]; src != nil {
					ev.Sources = append(ev.Sources, src)
					s.eventSources[src] = true
				} else {
					unknown = append(unknown, eventSource{p, i, j, id})
				}
			}
			events = append(events, ev)
		}
	}
	s.Events = eventOrder(events)
	for i, e := range s.Events {
		e.at = i
	}

	// The events of each note and of each tag, in date order, so that a
	// timeline costs its own events and not every event of the site.
	s.eventsByNote = map[*Page][]*Event{}
	for _, e := range s.Events {
		s.eventsByNote[e.Note] = append(s.eventsByNote[e.Note], e)
	}
	s.eventsByTag = eventsByTag(s.Events)
	return unknown
}

// eventsByTag returns the events of each tag's notes, in the order given.
func eventsByTag(events []*Event) map[string][]*Event {
	out := map[string][]*Event{}
	for _, e := range events {
		for k, t := range e.tags {
			if !slices.Contains(e.tags[:k], t) {
				out[t] = append(out[t], e)
			}
		}
	}
	return out
}

// eventOrder returns the events in date order, events of the same date in
// the order given: as slices.SortStableFunc by Date.Compare does, but by
// sorting one number for each, made of its date and its place, when every
// date's numbers are in range (as any date an editor writes is).
func eventOrder(events []Event) []*Event {
	out := make([]*Event, len(events))
	keys := make([]int64, len(events))
	for i := range events {
		d := events[i].Date
		if !d.Unknown && (d.Year <= -maxEventYear || d.Year >= maxEventYear || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31) {
			for i := range events {
				out[i] = &events[i]
			}
			slices.SortStableFunc(out, func(a, b *Event) int { return a.Date.Compare(b.Date) })
			return out
		}
		var day int64 // Date.Compare takes an unknown date for 0-0-0
		if !d.Unknown {
			day = (int64(d.Year)*13+int64(d.Month))*32 + int64(d.Day)
		}
		keys[i] = day<<32 | int64(i)
	}
	slices.Sort(keys)
	for i, k := range keys {
		out[i] = &events[k&(1<<32-1)]
	}
	return out
}

// maxEventYear bounds the years eventOrder numbers: a date's number, times
// 2^32, must fit in an int64.
const maxEventYear = 1 << 20

// fillTimelines fills in the page's timeline blocks.
func (r *pageRun) fillTimelines() {
	s, p, diags := r.s, r.p, r.diags
	_ = ast.Walk(r.doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*timeline.Timeline)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if t.Bad != "" {
			diags.Errorf(r.pos(t.Offset), diag.CodeTimeline, "", "%s", t.Bad)
			return ast.WalkSkipChildren, nil
		}
		if t.Scope == timeline.ScopeTag && s.Tag(t.Tag) == nil {
			names := make([]string, len(s.Tags))
			for i, tg := range s.Tags {
				names[i] = tg.Name
			}
			hint := "known tags: " + strings.Join(names, ", ")
			if len(names) == 0 {
				hint = "no note has tags yet; give notes `tags: [...]`"
			}
			diags.Errorf(r.pos(t.Offset), diag.CodeTimeline, hint, "no note has the tag %q", t.Tag)
			return ast.WalkSkipChildren, nil
		}
		events := s.eventsByNote[p]
		switch t.Scope {
		case timeline.ScopeAll:
			events = s.Events
		case timeline.ScopeTag:
			events = s.eventsByTag[t.Tag]
		}
		// The note's own events are its front matter, and name their
		// sources; the site's or a tag's come from other notes' front
		// matter, and from which notes have the tag.
		r.res.wide = r.res.wide || t.Scope != timeline.ScopeNote
		t.Entries = t.Entries[:0]
		for _, e := range events {
			t.Entries = append(t.Entries, s.entry(e, p))
			for _, src := range e.Sources {
				r.read(src)
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// entry describes an event for a timeline shown on page p.
func (s *Site) entry(e *Event, p *Page) timeline.Entry {
	en := timeline.Entry{Date: e.date, Human: e.human, Text: e.Text}
	if e.Date != e.written {
		en.Date, en.Human = e.Date.String(), e.Date.Human()
	}
	if e.Note != p {
		en.Note = timeline.Link{URL: e.Note.URL, Text: e.Note.Title}
	}
	for _, src := range e.Sources {
		en.Sources = append(en.Sources, timeline.Link{URL: src.URL, Text: src.ShortName()})
	}
	return en
}

// Timeline returns every event as timeline entries, for /timeline/.
func (s *Site) Timeline() []timeline.Entry {
	out := make([]timeline.Entry, len(s.Events))
	for i := range s.Events {
		out[i] = s.TimelineEntry(i)
	}
	return out
}

// TimelineEntry returns the i'th of Timeline's entries, that of Events[i].
func (s *Site) TimelineEntry(i int) timeline.Entry { return s.entry(s.Events[i], nil) }
