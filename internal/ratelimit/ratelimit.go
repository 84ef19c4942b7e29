// Package ratelimit counts events per subject over a sliding window in PostgreSQL, so that
// every web process shares one count: exports per staff user, registrations per address,
// registration emails per mailbox. Logins have their own, richer throttle (internal/auth).
package ratelimit

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Rule is one limit: at most Limit events per subject in Window.
type Rule struct {
	Bucket string
	Limit  int
	Window time.Duration
}

// The limits. Variables, so a test suite that registers hundreds of companies from one
// address can raise one; production uses these values.
var (
	// Export: 会员缴费 exports (up to 100,000 rows each) per staff user.
	Export = Rule{Bucket: "export", Limit: 10, Window: 10 * time.Minute}
	// RegisterIP: registration submissions per client address.
	RegisterIP = Rule{Bucket: "register.ip", Limit: 10, Window: time.Hour}
	// RegisterEmail: 入会申请提交成功 emails per address, so the form can not mail-bomb anyone.
	RegisterEmail = Rule{Bucket: "register.email", Limit: 3, Window: 24 * time.Hour}
)

// Take counts one event of subject under r when r allows it, and reports whether it did.
// Takes on one (bucket, subject) run one at a time, so parallel requests can not pass the
// limit together. Rows older than the window are deleted on the way, so the table stays small.
func Take(ctx context.Context, db *bun.DB, r Rule, subject string) (bool, error) {
	if len(subject) > 256 {
		subject = subject[:256]
	}
	allowed := false
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewRaw(`SELECT pg_advisory_xact_lock(hashtext(? || '|' || ?))`, r.Bucket, subject).Exec(ctx); err != nil {
			return err
		}
		since := time.Now().Add(-r.Window)
		var n int
		if err := tx.NewRaw(`SELECT count(*) FROM rate_events WHERE bucket = ? AND subject = ? AND at > ?`, r.Bucket, subject, since).
			Scan(ctx, &n); err != nil {
			return err
		}
		if n >= r.Limit {
			return nil
		}
		allowed = true
		// Expired rows of the bucket, a few at a time; rows another Take is deleting are skipped.
		if _, err := tx.NewRaw(`DELETE FROM rate_events WHERE id IN (SELECT id FROM rate_events WHERE bucket = ? AND at < ?
			LIMIT 100 FOR UPDATE SKIP LOCKED)`, r.Bucket, since).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewRaw(`INSERT INTO rate_events (bucket, subject) VALUES (?, ?)`, r.Bucket, subject).Exec(ctx)
		return err
	})
	return allowed, err
}
