package app

import (
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/internal/i18n"
	"cpca/internal/members"
)

// memberLine is one row of 会员管理 as the table shows it, built like 入会审核's (reviewLine):
// text already translated and formatted, so a row renders with field reads only (members.Row
// embeds company.Company, and each read of a promoted field costs html/template a field
// search with allocations; tests/bench/REPORT.md, issue 10).
type memberLine struct {
	ID                    int64
	No, Name, USCC        string
	Level, Province       string
	JoinedOn              string // "" when not known
	DuesBadge, DuesStatus string // DuesStatus "" shows 无账单
	StatusBadge, Status   string
}

// Lines is the page's rows in lang.
func (v membersPage) Lines(lang string) []memberLine {
	out := make([]memberLine, len(v.Rows))
	for i := range v.Rows {
		r := &v.Rows[i]
		c := &r.Company
		l := memberLine{ID: c.ID, No: c.MemberNo.String, Name: c.Name, USCC: c.USCC, Level: i18n.T(lang, company.LevelLabel(c.Level)),
			Province: i18n.T(lang, c.Province), Status: i18n.T(lang, members.StatusLabel(c.Status)), StatusBadge: "bad"}
		if c.JoinedOn.Valid {
			l.JoinedOn = c.JoinedOn.Time.Format("2006-01-02")
		}
		if r.DuesStatus != "" {
			l.DuesBadge, l.DuesStatus = duesBadge(r.DuesStatus), i18n.T(lang, dues.StatusLabel(r.DuesStatus))
		}
		switch c.Status {
		case company.StatusMember:
			l.StatusBadge = "ok"
		case company.StatusSuspended:
			l.StatusBadge = "warn"
		}
		out[i] = l
	}
	return out
}
