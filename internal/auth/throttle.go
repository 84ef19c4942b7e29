package auth

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Throttle limits failed logins per account and per IP address over a sliding window.
type Throttle struct {
	DB         bun.IDB
	Window     time.Duration
	PerAccount int
	PerIP      int
}

// NewThrottle uses the defaults: 5 failures per account or 20 per IP in 15 minutes.
func NewThrottle(db bun.IDB) *Throttle {
	return &Throttle{DB: db, Window: 15 * time.Minute, PerAccount: 5, PerIP: 20}
}

// Blocked reports whether a login for username from ip must be refused now, and why.
func (t *Throttle) Blocked(ctx context.Context, username, ip string) (blocked bool, byAccount bool, err error) {
	since := time.Now().Add(-t.Window)
	var n int
	// Failures since the account's last success count against it.
	err = t.DB.NewRaw(`SELECT count(*) FROM login_attempts WHERE lower(username) = lower(?) AND at > ? AND NOT success
		AND at > coalesce((SELECT max(at) FROM login_attempts WHERE lower(username) = lower(?) AND success), '-infinity')`,
		username, since, username).Scan(ctx, &n)
	if err != nil {
		return false, false, err
	}
	if n >= t.PerAccount {
		return true, true, nil
	}
	err = t.DB.NewRaw(`SELECT count(*) FROM login_attempts WHERE ip = ? AND at > ? AND NOT success`, ip, since).Scan(ctx, &n)
	if err != nil {
		return false, false, err
	}
	return n >= t.PerIP, false, nil
}

// Note records one attempt.
func (t *Throttle) Note(ctx context.Context, username, ip string, success bool) error {
	if len(username) > 100 {
		username = username[:100]
	}
	_, err := t.DB.NewRaw(`INSERT INTO login_attempts (username, ip, success) VALUES (?, ?, ?)`, username, ip, success).Exec(ctx)
	return err
}

// Attempt runs one login attempt for username from ip: refused without calling verify when
// the account or address is blocked, else verify decides and the outcome is noted. Attempts
// on one username run one at a time (an advisory lock in the transaction), so parallel
// guesses can not slip past the limit together.
func (t *Throttle) Attempt(ctx context.Context, db *bun.DB, username, ip string, verify func() bool) (ok, blocked, byAccount bool, err error) {
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewRaw(`SELECT pg_advisory_xact_lock(hashtext(lower(?)))`, username).Exec(ctx); err != nil {
			return err
		}
		tt := *t
		tt.DB = tx
		var err error
		if blocked, byAccount, err = tt.Blocked(ctx, username, ip); err != nil || blocked {
			return err
		}
		ok = verify()
		return tt.Note(ctx, username, ip, ok)
	})
	return ok, blocked, byAccount, err
}
