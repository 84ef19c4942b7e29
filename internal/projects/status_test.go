package projects

import (
	"testing"
	"time"

	"cpca/internal/calendar"
)

// The status is derived from the dates and the results, in Asia/Shanghai days.
func TestStatusAndDaysLeft(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(calendar.Layout, s, calendar.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	review := day("2026-12-21")
	p := Project{StartsAt: day("2026-11-01"), Deadline: day("2026-12-11")} // deadline day 2026-12-10
	at := func(s string) time.Time { return day(s[:10]).Add(mustDur(t, s[11:])) }
	for _, c := range []struct {
		now, results string
		review       *time.Time
		want         string
		left         int
	}{
		{"2026-10-31 23:59", "", nil, StatusUpcoming, 0},
		{"2026-11-01 00:00", "", nil, StatusOpen, 39},
		{"2026-12-07 09:00", "", nil, StatusOpen, 3},
		{"2026-12-10 23:59", "", nil, StatusOpen, 0},
		{"2026-12-11 00:00", "", nil, StatusClosed, 0},
		{"2026-12-11 00:00", "", &review, StatusReviewing, 0},
		{"2026-12-21 00:00", "", &review, StatusClosed, 0},
		{"2026-12-15 00:00", "名单", &review, StatusResults, 0},
		{"2026-12-05 00:00", "名单", nil, StatusOpen, 5},
	} {
		p.Results, p.ReviewUntil = c.results, c.review
		now := at(c.now)
		if got := p.Status(now); got != c.want {
			t.Errorf("%s results=%q review=%v: %s, want %s", c.now, c.results, c.review != nil, got, c.want)
		}
		if c.want == StatusOpen {
			if got := p.DaysLeft(now); got != c.left {
				t.Errorf("%s: %d days left, want %d", c.now, got, c.left)
			}
		}
	}
	if p.DeadlineDay() != "2026-12-10" {
		t.Errorf("deadline day %s", p.DeadlineDay())
	}
}

func mustDur(t *testing.T, hm string) time.Duration {
	t.Helper()
	tm, err := time.Parse("15:04", hm)
	if err != nil {
		t.Fatal(err)
	}
	return time.Duration(tm.Hour())*time.Hour + time.Duration(tm.Minute())*time.Minute
}

// The form keeps the deadline day inclusive and checks the dates and the ways to submit.
func TestFormChecks(t *testing.T) {
	f := Form{Name: "标准立项", Kind: KindStandard, Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10", SubmitEmail: "a@b.cn"}
	p, errs := f.Project()
	if len(errs) > 0 || p.DeadlineDay() != "2026-12-10" {
		t.Fatalf("%v %s", errs, p.DeadlineDay())
	}
	if got := FormOf(p).DeadlineOn; got != "2026-12-10" {
		t.Errorf("round trip: %s", got)
	}
	for name, g := range map[string]Form{
		"kind":         {Name: "标准立项", Kind: "x", Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10", SubmitEmail: "a@b.cn"},
		"year":         {Name: "标准立项", Kind: KindFund, Year: "26", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10", SubmitEmail: "a@b.cn"},
		"deadline_on":  {Name: "标准立项", Kind: KindFund, Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-10-10", SubmitEmail: "a@b.cn"},
		"submit_email": {Name: "标准立项", Kind: KindFund, Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10"},
		"mail_address": {Name: "标准立项", Kind: KindFund, Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10", PaperCopies: "2"},
		"review_until_on": {Name: "标准立项", Kind: KindFund, Year: "2026", StartsOn: "2026-11-01", DeadlineOn: "2026-12-10", SubmitEmail: "a@b.cn",
			ReviewUntilOn: "2026-12-01"},
	} {
		if _, errs := g.Project(); errs[name] == "" {
			t.Errorf("%s: no error (%v)", name, errs)
		}
	}
}
