package app

import (
	"fmt"
	"strconv"

	"cpca/internal/events"
	"cpca/internal/i18n"
)

// The rows of 展会活动 (members) and 展会活动管理 (staff) as their tables show them, built like
// 入会审核's (reviewLine): labels translated, dates and places written, the phase answered
// here, so a row renders with field reads only (a method or function call in a template row
// is a reflective call; tests/bench/REPORT.md, issue 10).

// eventLine is one row of 展会活动.
type eventLine struct {
	ID                int64
	Name, Kind, Dates string
	Venue             string
	CouncilOnly       bool
	PhaseClass, Phase string // PhaseClass "ok" while registration is open
	Places            string // the places left, or 已满 (· 候补 n 家)
}

// Lines is the page's rows in lang.
func (v eventsPage) Lines(lang string) []eventLine {
	out := make([]eventLine, len(v.Rows))
	for i := range v.Rows {
		e := &v.Rows[i]
		ph := e.Phase(v.Now)
		l := eventLine{ID: e.ID, Name: e.Name, Kind: i18n.T(lang, events.KindLabel(e.Kind)), Dates: e.Dates(), Venue: e.Venue,
			CouncilOnly: e.CouncilOnly, Phase: i18n.T(lang, events.PhaseLabel(ph)), Places: strconv.Itoa(e.Left())}
		if ph == events.PhaseOpen {
			l.PhaseClass = "ok"
		}
		if e.Full() {
			l.Places = i18n.T(lang, "已满")
			if e.Waiting != 0 {
				l.Places += " · " + fmt.Sprintf(i18n.T(lang, "候补 %d 家"), e.Waiting)
			}
		}
		out[i] = l
	}
	return out
}

// adminEventLine is one row of 展会活动管理.
type adminEventLine struct {
	ID                      int64
	Name, Kind, Dates       string
	CouncilOnly, Published  bool
	Phase                   string
	Held, Capacity, Waiting int
}

// Lines is the page's rows in lang.
func (v adminEventsPage) Lines(lang string) []adminEventLine {
	out := make([]adminEventLine, len(v.Rows))
	for i := range v.Rows {
		e := &v.Rows[i]
		out[i] = adminEventLine{ID: e.ID, Name: e.Name, Kind: i18n.T(lang, events.KindLabel(e.Kind)), Dates: e.Dates(),
			CouncilOnly: e.CouncilOnly, Published: e.Published, Phase: i18n.T(lang, events.PhaseLabel(e.Phase(v.Now))),
			Held: e.Held, Capacity: e.Capacity, Waiting: e.Waiting}
	}
	return out
}
