package frontmatter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date that may be partial (year, or year and month) or
// explicitly unknown. The zero Date means "not given".
type Date struct {
	Year, Month, Day int
	Unknown          bool
}

// ParseDate parses YYYY-MM-DD. kind "partial" also allows YYYY-MM and YYYY;
// kind "unknown" also allows the word `unknown`.
func ParseDate(s, kind string) (Date, error) {
	s = strings.TrimSpace(s)
	if kind == "unknown" && strings.EqualFold(s, "unknown") {
		return Date{Unknown: true}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || (kind != "partial" && len(parts) != 3) {
		return Date{}, fmt.Errorf("%q is not a date", s)
	}
	want := []int{4, 2, 2}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) != want[i] || n < 0 {
			return Date{}, fmt.Errorf("%q is not a date", s)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0], Month: nums[1], Day: nums[2]}
	if d.Year < 1 {
		return Date{}, fmt.Errorf("%q has no year", s)
	}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q has no month %d", s, d.Month)
	}
	if len(parts) == 3 {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if d.Day < 1 || t.Day() != d.Day {
			return Date{}, fmt.Errorf("%q does not exist", s)
		}
	}
	return d, nil
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == Date{} }

// Full reports whether the date has a year, month and day.
func (d Date) Full() bool { return d.Day != 0 }

// String formats the date as it is written in front matter.
func (d Date) String() string {
	switch {
	case d.Unknown:
		return "unknown"
	case d.IsZero():
		return ""
	}
	// As fmt's "%04d-%02d-%02d" writes it, without fmt: the timeline of
	// a large site writes some 6,000 dates on each front-matter edit.
	var buf [24]byte
	b := appendPadded(buf[:0], d.Year, 4)
	if d.Month != 0 {
		b = appendPadded(append(b, '-'), d.Month, 2)
		if d.Day != 0 {
			b = appendPadded(append(b, '-'), d.Day, 2)
		}
	}
	return string(b)
}

// appendPadded appends n as fmt's %0Nd writes it, N being width: with
// zeros after the sign up to width characters, the sign included.
func appendPadded(b []byte, n, width int) []byte {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(n), 10)
	if n < 0 {
		b = append(b, '-')
		digits = digits[1:]
		width--
	}
	for range width - len(digits) {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// Time returns the start of the date in UTC (the zero time if unknown).
func (d Date) Time() time.Time {
	if d.Unknown || d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// Human formats the date for readers: "5 December 1994", "January 2026",
// "2026", or "date unknown".
func (d Date) Human() string {
	switch {
	case d.Unknown:
		return "date unknown"
	case d.IsZero():
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
}

// Compare orders dates chronologically; a partial date sorts before the full
// dates it contains, and unknown or missing dates sort first.
func (d Date) Compare(o Date) int {
	a := [3]int{d.Year, d.Month, d.Day}
	b := [3]int{o.Year, o.Month, o.Day}
	if d.Unknown {
		a = [3]int{}
	}
	if o.Unknown {
		b = [3]int{}
	}
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
