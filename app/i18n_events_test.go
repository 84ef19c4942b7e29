package app

import (
	"time"

	"cpca/internal/company"
	"cpca/internal/events"
	"cpca/internal/i18n"
)

// eventSamples is the English sample data of the 展会活动 pages: every registration state,
// an open, a full and an ended event, a first and a repeated check-in.
func eventSamples() map[string][]any {
	now := time.Now()
	ev := func(kind string, starts time.Duration, capacity, held int) *events.Event {
		return &events.Event{ID: 1, Name: "PCB Expo", Kind: kind, Published: true, CouncilOnly: capacity == 0,
			StartsAt: now.Add(starts), EndsAt: now.Add(starts + 48*time.Hour), RegOpensAt: now.Add(-240 * time.Hour),
			RegClosesAt: now.Add(starts - time.Hour), CancelUntil: now.Add(starts - 2*time.Hour), Capacity: capacity, Held: held, Waiting: 2,
			MaxPerCompany: 3, OfferHours: 48, NeedsApproval: true, Summary: "x", Agenda: "y", FeeInfo: "z", Venue: "Shenzhen", Organiser: "CPCA"}
	}
	open, full, ended := ev(events.KindExhibition, 240*time.Hour, 10, 2), ev(events.KindConference, 240*time.Hour, 0, 0), ev(events.KindTraining, -480*time.Hour, 5, 5)
	rows := []events.Event{*open, *full, *ended, *ev(events.KindOther, time.Hour, 3, 1)}
	until := now.Add(5 * time.Hour)
	at := now.Add(-time.Hour)
	reg := func(status string) *events.Registration {
		r := &events.Registration{ID: 1, EventID: 1, Status: status, Places: 2, Position: 1, OfferExpiresAt: &until, Reason: "r", Note: "n",
			CompanyName: "Acme", Attendees: []events.Attendee{{ID: 1, Name: "Li", Code: "E1-A1-X", CheckedInAt: &at}, {ID: 2, Name: "Wang"}}}
		return r
	}
	var detail []any
	var regs []events.Registration
	for _, s := range events.Statuses {
		detail = append(detail, eventPage{Event: open, Own: reg(s), Now: now}, eventPage{Event: ended, Own: reg(s), Now: now})
		regs = append(regs, *reg(s))
	}
	detail = append(detail, eventPage{Event: open, Now: now}, eventPage{Event: full, Now: now}, eventPage{Event: ended, Now: now})
	pager := newPager("/x", nil, 1, 20, 3)
	people := []company.Person{{ID: 1, Name: "Li", Title: "CEO", Mobile: "13800138000"}}
	return map[string][]any{
		"pages/events": {eventsPage{Rows: rows, Pager: pager, Now: now}, eventsPage{Pager: pager, Query: "q=x"}},
		"pages/event":  detail,
		"pages/event_register": {eventRegisterPage{Event: open, People: people, Rows: []attendeeRow{{Name: "A"}, {}}},
			eventRegisterPage{Event: open, Change: true, Rows: []attendeeRow{{}}, Picked: map[int64]bool{1: true}, People: people}},
		"pages/admin_events":     {adminEventsPage{Rows: rows, Pager: pager, Now: now}, adminEventsPage{Pager: pager, Query: "q=x"}},
		"pages/admin_event_form": {eventFormPage{Form: events.FormOf(open)}, eventFormPage{ID: 1, Form: events.FormOf(full)}},
		"pages/admin_event":      {adminEventPage{Event: open, Rows: regs, Pager: pager, Now: now}, adminEventPage{Event: full, Pager: pager, Now: now}},
		"pages/admin_checkin": {checkinPage{Event: open}, checkinPage{Event: open, Count: 3, Result: &events.CheckIn{Attendee: events.Attendee{Name: "Li"}, CompanyName: "Acme", At: now}},
			checkinPage{Event: open, Result: &events.CheckIn{Attendee: events.Attendee{Name: "Li"}, CompanyName: "Acme", At: now, Already: true}}},
		"partials/events_table":       {eventsPage{Rows: rows, Pager: pager, Now: now}},
		"partials/admin_events_table": {adminEventsPage{Rows: rows, Pager: pager, Now: now}},
		"partials/admin_regs_table":   {adminEventPage{Event: open, Rows: regs, Pager: pager, Now: now}},
		"partials/checkin_result":     {checkinPage{Event: open}},
	}
}

// eventTodos are the lines of 重要活动提醒 in English, one per kind of reminder.
func eventTodos() []eventTodo {
	var out []eventTodo
	for _, r := range []struct {
		f    string
		args []any
		a    string
	}{{"候补名额已为贵单位保留：%s（%d 人），请在 %s 前确认", []any{"Expo", 2, "2026-12-01 10:00"}, "确认参会"},
		{"已报名：%s（%s，%s）", []any{"Expo", "2026-12-01", "Shenzhen"}, "查看电子票"},
		{"已报名，待协会审核：%s（%s）", []any{"Expo", "2026-12-01"}, "查看"},
		{"候补中：%s，排第 %d 位", []any{"Expo", 1}, "查看"},
		{"%s 报名截止：%s", []any{"Expo", "2026-12-01 23:59"}, "报名参会"},
		{"%s 参会费 %s 元待缴，请转账后上传缴费凭证", []any{"Expo", "500.00"}, "上传缴费凭证"}} {
		out = append(out, eventTodo{Text: i18n.Tf("en", r.f, r.args...), Link: "/events/1", Action: r.a, Codes: []events.Attendee{{Name: "Li", Code: "E1-A1-X"}}})
	}
	return out
}
