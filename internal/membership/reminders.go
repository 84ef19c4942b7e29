package membership

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// MaxPaperReminders bounds how often one applicant is reminded about paper documents.
const MaxPaperReminders = 3

// PaperReminderGap is the least time between two reminders to the same applicant.
const PaperReminderGap = 7 * 24 * time.Hour

// SendPaperReminders claims each reminder (notify.Claim: kind paper, the application, the nth
// reminder) with the email it queues, and emails applicants whose paper documents have not arrived n days after
// submitting: at most once a week and three times in all. It returns how many were queued.
func SendPaperReminders(ctx context.Context, db *bun.DB, m Mailing, n int, now time.Time) (int, error) {
	type due struct {
		ID          int64     `bun:"id"`
		Company     string    `bun:"company"`
		Email       string    `bun:"email"`
		SubmittedAt time.Time `bun:"submitted_at"`
		Sent        int       `bun:"sent"`
	}
	var rows []due
	err := db.NewRaw(`SELECT a.id, c.name AS company, u.email, a.submitted_at,
			(SELECT count(*) FROM reminders r WHERE r.kind = 'paper' AND r.target_id = a.id) AS sent
		FROM applications a JOIN companies c ON c.id = a.company_id JOIN users u ON u.id = a.user_id
		WHERE a.status IN ('submitted', 'resubmitted') AND NOT a.paper_received AND a.submitted_at < ?
		  AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.kind = 'paper' AND r.target_id = a.id AND r.sent_at > ?)
		ORDER BY a.id LIMIT 1000`, now.Add(-time.Duration(n)*24*time.Hour), now.Add(-PaperReminderGap)).Scan(ctx, &rows)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, r := range rows {
		if r.Sent >= MaxPaperReminders {
			continue
		}
		nth := r.Sent + 1
		err := db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
			ok, err := notify.Claim(ctx, tx, notify.ReminderPaper, r.ID, strconv.Itoa(nth), now)
			if err != nil || !ok {
				return err
			}
			days := int(now.Sub(r.SubmittedAt).Hours() / 24)
			if _, err := notify.Mail(ctx, tx, PaperReminderEmail(m, r.Email, r.Company, r.ID, days, nth)); err != nil {
				return err
			}
			queued++
			return nil
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// SendStaffDigest emails every admin, once a day, the applications waiting longer than n days.
func SendStaffDigest(ctx context.Context, db *bun.DB, m Mailing, n int, now time.Time) (int, error) {
	var items []DigestItem
	err := db.NewRaw(`SELECT a.id, c.name AS company, a.paper_received AS paper,
			(extract(epoch FROM (? - a.submitted_at)) / 86400)::int AS days
		FROM applications a JOIN companies c ON c.id = a.company_id
		WHERE a.status IN ('submitted', 'resubmitted') AND a.submitted_at < ?
		ORDER BY a.submitted_at LIMIT 200`, now, now.Add(-time.Duration(n)*24*time.Hour)).Scan(ctx, &items)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	day := calendar.Format(now)
	queued := 0
	err = db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		ok, err := notify.Claim(ctx, tx, notify.ReminderStaffDigest, 0, day, now)
		if err != nil || !ok {
			return err
		}
		admins, err := account.Admins(ctx, tx)
		if err != nil {
			return err
		}
		for _, a := range admins {
			if a.Email == "" {
				continue
			}
			if _, err := notify.Mail(ctx, tx, StaffDigestEmail(m, a.Email, day, n, items)); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	return queued, err
}
