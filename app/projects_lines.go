package app

import (
	"fmt"
	"time"

	"cpca/internal/i18n"
	"cpca/internal/projects"
)

// The rows of 项目申报 (members) and 项目申报管理 (staff) as their tables show them, built like
// 入会审核's (reviewLine): labels translated, the deadline and days left written, the status
// answered here, so a row renders with field reads only (a method or function call in a
// template row is a reflective call; tests/bench/REPORT.md, issue 10).

// projectLine is one row of 项目申报 or 项目申报管理.
type projectLine struct {
	ID                    int64
	Name, Kind            string
	Year                  int
	Deadline              string
	CouncilOnly, Postmark bool
	Published, Open       bool
	Status, DaysLeft      string // DaysLeft "还剩 3 天" while open
}

// projectLines builds the rows of ps in lang at now.
func projectLines(ps []projects.Project, now time.Time, lang string) []projectLine {
	out := make([]projectLine, len(ps))
	for i := range ps {
		p := &ps[i]
		st := p.Status(now)
		l := projectLine{ID: p.ID, Name: p.Name, Kind: i18n.T(lang, projects.KindLabel(p.Kind)), Year: p.Year, Deadline: p.DeadlineDay(),
			CouncilOnly: p.CouncilOnly, Postmark: p.Postmark, Published: p.Published, Open: st == projects.StatusOpen,
			Status: i18n.T(lang, projects.StatusLabel(st))}
		if l.Open {
			l.DaysLeft = fmt.Sprintf(i18n.T(lang, "还剩 %d 天"), p.DaysLeft(now))
		}
		out[i] = l
	}
	return out
}

// Lines is the page's rows in lang.
func (v projectsPage) Lines(lang string) []projectLine { return projectLines(v.Rows, v.Now, lang) }

// Lines is the page's rows in lang.
func (v adminProjectsPage) Lines(lang string) []projectLine {
	return projectLines(v.Rows, v.Now, lang)
}
