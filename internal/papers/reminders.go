package papers

import (
	"context"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Reminder is one line of 重要活动提醒: a call for papers closing soon; Format and Args are
// translated by the page.
type Reminder struct {
	Format  string
	Args    []any
	EventID int64
}

// remindHorizon is how far ahead call-for-papers deadlines are shown.
const remindHorizon = 30 * 24 * time.Hour

// Reminders lists the open calls for papers of events visible to the company (published,
// council-only ones for council members) closing within 30 days, at most 5.
func Reminders(ctx context.Context, db bun.IDB, m Member, now time.Time) ([]Reminder, error) {
	var cs []Call
	if err := store.Read(ctx, db, &cs, `SELECT `+store.Columns(db, &cs, "pc")+`, e.name AS event_name FROM paper_calls AS pc
		JOIN events e ON e.id = pc.event_id
		WHERE pc.enabled AND e.published AND pc.opens_at <= ?0 AND pc.closes_at > ?0 AND pc.closes_at <= ?1
		AND (?2::bool OR NOT e.council_only) ORDER BY pc.closes_at LIMIT 5`, now, now.Add(remindHorizon), m.Council); err != nil {
		return nil, err
	}
	var out []Reminder
	for _, c := range cs {
		out = append(out, Reminder{Format: "%s 投稿截止：%s", Args: []any{c.EventName, local(c.ClosesAt.Add(-time.Minute))}, EventID: c.EventID})
	}
	return out, nil
}
