// Package calendar is the association's calendar: dates are counted and shown in
// Asia/Shanghai, whatever zone the server runs in. A calendar date is carried as the UTC
// midnight of that day, so a DATE column stores the day that was meant (a Shanghai midnight
// is 16:00 UTC the day before).
package calendar

import "time"

// Zone is Asia/Shanghai (a fixed +08:00 where the zone database is missing; China has no DST).
var Zone = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

// Layout is the date format of forms and exports (年-月-日).
const Layout = "2006-01-02"

// Today is the Shanghai calendar day of now, as a UTC midnight.
func Today(now time.Time) time.Time { return Day(now.In(Zone)) }

// Day is the calendar day of t in t's own zone, as a UTC midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Year is the Shanghai calendar year of now.
func Year(now time.Time) int { return now.In(Zone).Year() }

// Format writes the Shanghai calendar day of t (年-月-日).
func Format(t time.Time) string { return t.In(Zone).Format(Layout) }

// ParseDate reads a 年-月-日 date as a UTC midnight.
func ParseDate(s string) (time.Time, error) { return time.Parse(Layout, s) }
