package resolve

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/dossier-site/dossier/internal/content"
)

// TestEventOrder holds eventOrder to a stable sort by Date.Compare, for
// dates an editor writes (partial and unknown ones among them) and for
// years out of the range it numbers.
func TestEventOrder(t *testing.T) {
	d := func(y, m, day int) content.Date { return content.Date{Year: y, Month: m, Day: day} }
	unknown := content.Date{Unknown: true}
	for _, tc := range []struct {
		name  string
		dates []content.Date
	}{
		{"none", nil},
		{"one", []content.Date{d(2025, 2, 28)}},
		{"ties keep their order", []content.Date{d(2025, 1, 1), d(1994, 12, 5), d(2025, 1, 1), d(1994, 12, 5)}},
		{"partial dates", []content.Date{d(2025, 0, 0), d(2025, 1, 0), d(2024, 12, 31), d(2025, 0, 0)}},
		{"unknown dates come first, as year 0", []content.Date{d(1, 1, 1), unknown, d(0, 0, 0), unknown, d(-1, 12, 31)}},
		{"years before the era", []content.Date{d(-44, 3, 15), d(-490, 9, 12), d(33, 4, 3)}},
		{"a year out of range", []content.Date{d(2025, 1, 1), d(maxEventYear, 1, 1), d(2024, 1, 1), d(-maxEventYear, 1, 1)}},
		{"a month out of range", []content.Date{d(2025, 13, 1), d(2025, 12, 31), d(2026, 0, 0)}},
		{"a day out of range", []content.Date{d(2025, 1, 32), d(2025, 2, 1), d(2025, -1, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkEventOrder(t, tc.dates) })
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		dates := make([]content.Date, rng.IntN(300))
		for i := range dates {
			switch rng.IntN(20) {
			case 0:
				dates[i] = unknown
			case 1:
				if round%10 != 0 {
					// Most rounds keep to the numbered range: one date out
					// of it sorts the whole list the other way.
					dates[i] = d(rng.IntN(2*maxEventYear-1)-maxEventYear+1, rng.IntN(13), rng.IntN(32))
					break
				}
				dates[i] = d(rng.IntN(3*maxEventYear)-maxEventYear, rng.IntN(15)-1, rng.IntN(34)-1)
			default:
				dates[i] = d(1990+rng.IntN(40), rng.IntN(13), rng.IntN(32))
			}
		}
		t.Run("random "+strconv.Itoa(round), func(t *testing.T) { checkEventOrder(t, dates) })
	}
}

func checkEventOrder(t *testing.T, dates []content.Date) {
	t.Helper()
	events := make([]Event, len(dates))
	want := make([]*Event, len(dates))
	for i, date := range dates {
		events[i] = Event{Date: date, Text: strconv.Itoa(i)}
		want[i] = &events[i]
	}
	slices.SortStableFunc(want, func(a, b *Event) int { return a.Date.Compare(b.Date) })
	got := eventOrder(events)
	if !slices.Equal(got, want) {
		text := func(es []*Event) []string {
			out := make([]string, len(es))
			for i, e := range es {
				out[i] = e.Text
			}
			return out
		}
		t.Errorf("order %v; want %v", text(got), text(want))
	}
}
