package events

import (
	"context"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Reminder is one line of 重要活动提醒 on 待办事项; Format and Args are translated by the page.
type Reminder struct {
	Format  string
	Args    []any
	EventID int64
	Action  string
	// Codes are the check-in codes of a confirmed registration's attendees.
	Codes []Attendee
}

// remindHorizon is how far ahead registration deadlines are shown.
const remindHorizon = 30 * 24 * time.Hour

// Reminders lists for a company: its upcoming registrations (confirmed with check-in codes,
// pending, waitlisted), waitlist offers with their expiry, and the registration deadlines of
// the next 30 days of events open to it that it has not registered for. Bounded: at most 10
// registrations and 5 deadlines. Both reads are parameterised (store.Read): 待办事项 runs them
// on every visit, and with the time written into the text each visit was a new statement.
func Reminders(ctx context.Context, db bun.IDB, m Member, now time.Time) ([]Reminder, error) {
	var rs []Registration
	if err := store.Read(ctx, db, &rs, `SELECT `+store.Columns(db, &rs, "r")+` FROM event_registrations AS r
		JOIN events e ON e.id = r.event_id WHERE r.company_id = ?0 AND r.status = ANY(?1::text[]) AND e.ends_at > ?2
		ORDER BY r.status = 'offered' DESC, e.starts_at LIMIT 10`, m.CompanyID, Live, now); err != nil {
		return nil, err
	}
	var out []Reminder
	for i := range rs {
		r := &rs[i]
		e, err := Get(ctx, db, r.EventID)
		if err != nil {
			return nil, err
		}
		if err := fill(ctx, db, r); err != nil {
			return nil, err
		}
		switch r.Status {
		case Offered:
			out = append(out, Reminder{Format: "候补名额已为贵单位保留：%s（%d 人），请在 %s 前确认", Args: []any{e.Name, r.Places, Local(*r.OfferExpiresAt)},
				EventID: e.ID, Action: "确认参会"})
		case Confirmed:
			if err := Codes(ctx, db, r); err != nil {
				return nil, err
			}
			out = append(out, Reminder{Format: "已报名：%s（%s，%s）", Args: []any{e.Name, e.Dates(), e.Venue}, EventID: e.ID, Action: "查看电子票", Codes: r.Attendees})
			if fee, err := feeReminder(ctx, db, e, r); err != nil {
				return nil, err
			} else if fee != nil {
				out = append(out, *fee)
			}
		case Pending:
			out = append(out, Reminder{Format: "已报名，待协会审核：%s（%s）", Args: []any{e.Name, e.Dates()}, EventID: e.ID, Action: "查看"})
		case Waitlisted:
			out = append(out, Reminder{Format: "候补中：%s，排第 %d 位", Args: []any{e.Name, r.Position}, EventID: e.ID, Action: "查看"})
		}
	}
	var es []Event
	if err := store.Read(ctx, db, &es, `SELECT `+store.Columns(db, &es, "e")+` FROM events AS e
		WHERE e.published AND e.reg_opens_at <= ?0 AND e.reg_closes_at > ?0 AND e.reg_closes_at <= ?1 AND e.starts_at > ?0
		AND NOT EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = e.id AND r.company_id = ?2 AND r.status = ANY(?3::text[]))
		AND (?4::bool OR NOT e.council_only) ORDER BY e.reg_closes_at LIMIT 5`,
		now, now.Add(remindHorizon), m.CompanyID, Live, m.Council); err != nil {
		return nil, err
	}
	for _, e := range es {
		out = append(out, Reminder{Format: "%s 报名截止：%s", Args: []any{e.Name, Local(e.RegClosesAt.Add(-time.Minute))}, EventID: e.ID, Action: "报名参会"})
	}
	return out, nil
}
