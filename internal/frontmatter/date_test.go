package frontmatter_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/frontmatter"
)

// TestDateStrings holds Date.String and Date.Human, written without fmt,
// to what fmt's verbs write: "%04d-%02d-%02d" and "%d %s %d" with the
// month's name, for full and partial dates, years below 1000 and below
// zero, and fields out of range.
func TestDateStrings(t *testing.T) {
	wantString := func(d frontmatter.Date) string {
		switch {
		case d.Unknown:
			return "unknown"
		case d.IsZero():
			return ""
		case d.Month == 0:
			return fmt.Sprintf("%04d", d.Year)
		case d.Day == 0:
			return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		}
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	wantHuman := func(d frontmatter.Date) string {
		switch {
		case d.Unknown:
			return "date unknown"
		case d.IsZero():
			return ""
		case d.Month == 0:
			return fmt.Sprint(d.Year)
		case d.Day == 0:
			return fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
		}
		return fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
	}
	years := []int{0, 1, 9, 10, 99, 100, 999, 1000, 1994, 2026, 9999, 10000, 123456, -1, -5, -99, -999, -1000, -12345}
	for _, y := range years {
		for _, m := range []int{0, 1, 9, 10, 12, 13, -1} {
			for _, day := range []int{0, 1, 9, 10, 31, 100, -3} {
				for _, unknown := range []bool{false, true} {
					d := frontmatter.Date{Year: y, Month: m, Day: day, Unknown: unknown}
					if got, want := d.String(), wantString(d); got != want {
						t.Errorf("%#v.String() = %q; want %q", d, got, want)
					}
					if got, want := d.Human(), wantHuman(d); got != want {
						t.Errorf("%#v.Human() = %q; want %q", d, got, want)
					}
				}
			}
		}
	}
}
