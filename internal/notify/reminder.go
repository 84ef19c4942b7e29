package notify

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Reminder kinds in the reminders table.
const (
	ReminderPaper       = "paper"        // applicant: paper documents not received; slot = nth
	ReminderStaffDigest = "staff_digest" // staff: applications waiting; target 0, slot = day
	ReminderDues        = "dues"         // member: dues unpaid; target = dues id, slot = point
	ReminderEventOffer  = "event_offer"  // member: a waitlist offer; target = registration id, slot = offer number
	// ReminderProject: member: a 项目申报 deadline asked for (提醒我); target = project id<<32 |
	// company id, slot = "deadline:" + the deadline day (a moved deadline reminds again).
	ReminderProject = "project_deadline"
)

// Claim records that reminder (kind, target, slot) is being sent at now, in tx with the
// messages it causes; false means another scheduler (or an earlier run) already sent it, and
// the caller sends nothing. sent_at is the caller's now, the clock gaps between reminders are
// measured with. Every reminder, present and to come, is claimed here.
func Claim(ctx context.Context, tx bun.IDB, kind string, target int64, slot string, now time.Time) (bool, error) {
	res, err := tx.NewRaw(`INSERT INTO reminders (kind, target_id, slot, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		kind, target, slot, now).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Outcome records what a claimed reminder produced (e.g. Sent.String()).
func Outcome(ctx context.Context, tx bun.IDB, kind string, target int64, slot, outcome string) error {
	_, err := tx.NewRaw(`UPDATE reminders SET outcome = ? WHERE kind = ? AND target_id = ? AND slot = ?`,
		outcome, kind, target, slot).Exec(ctx)
	return err
}
