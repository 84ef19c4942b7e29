package promotion

import (
	"context"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/company"

	"github.com/uptrace/bun"
)

// Check is one condition of eligibility, as the 申请晋升 page lists them before the form.
type Check struct {
	Label string // Chinese, a format with Args
	Args  []any
	OK    bool
}

// Eligibility is whether a company may apply now, and why not.
type Eligibility struct {
	Checks []Check
	Levels []string // the levels it may choose
}

// OK reports whether every check passed.
func (e Eligibility) OK() bool {
	for _, c := range e.Checks {
		if !c.OK {
			return false
		}
	}
	return len(e.Levels) > 0
}

// Eligible works out the checks for a company at now: a member, this year's dues confirmed,
// a member for at least MinYears years, no open application, and a level above its own.
func Eligible(ctx context.Context, db bun.IDB, co *company.Company, r Rules, now time.Time) (Eligibility, error) {
	var e Eligibility
	year := calendar.Year(now)
	var paid bool
	err := db.NewRaw(`SELECT EXISTS (SELECT 1 FROM dues WHERE company_id = ? AND year = ? AND status IN ('confirmed', 'waived'))`,
		co.ID, year).Scan(ctx, &paid)
	if err != nil {
		return e, err
	}
	open, err := OpenFor(ctx, db, co.ID)
	if err != nil {
		return e, err
	}
	years := memberYears(co, now)
	e.Levels = Above(co.Level)
	e.Checks = []Check{
		{Label: "已是正式会员单位", OK: co.Status == company.StatusMember},
		{Label: "%d年度会费已确认到账", Args: []any{year}, OK: paid},
		{Label: "入会满 %d 年（贵单位入会 %d 年）", Args: []any{r.MinYears, years}, OK: co.JoinedOn.Valid && years >= r.MinYears},
		{Label: "没有正在办理的晋升申请", OK: open == nil},
		{Label: "当前级别之上还有可申请的理事类型", OK: len(e.Levels) > 0},
	}
	return e, nil
}

// memberYears is how many whole years the company has been a member at now.
func memberYears(co *company.Company, now time.Time) int {
	if !co.JoinedOn.Valid {
		return 0
	}
	j, t := co.JoinedOn.Time, calendar.Today(now)
	y := t.Year() - j.Year()
	if t.Month() < j.Month() || (t.Month() == j.Month() && t.Day() < j.Day()) {
		y--
	}
	return max(y, 0)
}
