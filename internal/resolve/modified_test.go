package resolve

import (
	"testing"

	"github.com/dossier-site/dossier/internal/content"
)

func TestModified(t *testing.T) {
	day := func(y, m, d int) content.Date { return content.Date{Year: y, Month: m, Day: d} }
	note := func(published, updated, committed content.Date) *Page {
		n := &content.Note{Meta: content.NoteMeta{Published: published, Updated: updated}}
		n.Committed = committed
		return &Page{Kind: KindNote, Note: n, File: &n.File}
	}
	source := func(committed content.Date) *Page {
		s := &content.Source{}
		s.Committed = committed
		return &Page{Kind: KindSource, Source: s, File: &s.File}
	}
	tests := []struct {
		name               string
		page               *Page
		modified, lastChng content.Date
	}{
		{"nothing known", note(content.Date{}, content.Date{}, content.Date{}), content.Date{}, content.Date{}},
		{"published only", note(day(2026, 1, 1), content.Date{}, content.Date{}), content.Date{}, day(2026, 1, 1)},
		{"git only", note(day(2026, 1, 1), content.Date{}, day(2026, 3, 1)), day(2026, 3, 1), day(2026, 3, 1)},
		{"updated wins over git", note(day(2026, 1, 1), day(2026, 2, 1), day(2026, 3, 1)), day(2026, 2, 1), day(2026, 2, 1)},
		{"updated without git", note(content.Date{}, day(2026, 2, 1), content.Date{}), day(2026, 2, 1), day(2026, 2, 1)},
		{"source from git", source(day(2026, 4, 1)), day(2026, 4, 1), day(2026, 4, 1)},
		{"source without git", source(content.Date{}), content.Date{}, content.Date{}},
	}
	for _, tt := range tests {
		if got := tt.page.Modified(); got != tt.modified {
			t.Errorf("%s: Modified() = %v; want %v", tt.name, got, tt.modified)
		}
		if got := tt.page.LastChange(); got != tt.lastChng {
			t.Errorf("%s: LastChange() = %v; want %v", tt.name, got, tt.lastChng)
		}
	}
}
