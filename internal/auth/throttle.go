package auth

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Throttle limits failed logins so that guessing is slow and an outsider can not lock a
// staff member out at will:
//   - per (account, address) pair: PerPair failures lock that pair only, so failing on
//     "admin" from one address does not stop admin logging in from another;
//   - per address: PerIP failures over any usernames block that address;
//   - per account over all addresses: past SlowAfter failures every attempt on the account
//     waits SlowDelay first. It only slows a spread-out guesser down, it never refuses.
//
// A success ends the failures of its pair and of the account's slow-down; staff can lift a
// pair's or an address's lock early (Unlock). Counts are in the database, so every web
// process shares them.
type Throttle struct {
	DB        bun.IDB
	Window    time.Duration
	PerPair   int
	PerIP     int
	SlowAfter int
}

// SlowDelay is the wait of an attempt on an account past its slow-down bound; a variable so
// tests can change it.
var SlowDelay = 2 * time.Second

// NewThrottle uses the defaults: in 15 minutes, 5 failures per account and address, 20 per
// address, and past 50 on one account a slow-down.
func NewThrottle(db bun.IDB) *Throttle {
	return &Throttle{DB: db, Window: 15 * time.Minute, PerPair: 5, PerIP: 20, SlowAfter: 50}
}

// Block says which bound refused an attempt.
type Block int

// The bounds of an attempt.
const (
	NotBlocked Block = iota
	ByPair           // this account from this address
	ByIP             // this address, whatever the account
)

// Outcome is the result of one attempt.
type Outcome struct {
	OK      bool  // the password was right
	Blocked Block // refused before the password was checked
	Slowed  bool  // the account is past its slow-down bound
}

// pairFailures counts the failures of username from ip in the window since the pair's last
// success or unlock.
const pairFailures = `SELECT count(*) FROM login_attempts a WHERE lower(a.username) = lower(?0) AND a.ip = ?1
	AND a.at > ?2 AND NOT a.success
	AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s WHERE lower(s.username) = lower(?0) AND s.ip = ?1 AND s.success), '-infinity')
	AND a.at > coalesce((SELECT max(u.at) FROM login_unlocks u WHERE u.username = lower(?0) AND u.ip = ?1), '-infinity')`

// ipFailures counts the failures from ip in the window since its last unlock.
const ipFailures = `SELECT count(*) FROM login_attempts a WHERE a.ip = ?0 AND a.at > ?1 AND NOT a.success
	AND a.at > coalesce((SELECT max(u.at) FROM login_unlocks u WHERE u.username = '' AND u.ip = ?0), '-infinity')`

// accountFailures counts the failures on username from every address since its last success.
const accountFailures = `SELECT count(*) FROM login_attempts a WHERE lower(a.username) = lower(?0) AND a.at > ?1 AND NOT a.success
	AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s WHERE lower(s.username) = lower(?0) AND s.success), '-infinity')`

// Blocked reports whether a login for username from ip must be refused now, and by which bound.
func (t *Throttle) Blocked(ctx context.Context, username, ip string) (Block, error) {
	since := time.Now().Add(-t.Window)
	var n int
	if err := t.DB.NewRaw(pairFailures, username, ip, since).Scan(ctx, &n); err != nil {
		return NotBlocked, err
	}
	if n >= t.PerPair {
		return ByPair, nil
	}
	if err := t.DB.NewRaw(ipFailures, ip, since).Scan(ctx, &n); err != nil {
		return NotBlocked, err
	}
	if n >= t.PerIP {
		return ByIP, nil
	}
	return NotBlocked, nil
}

// slowed reports whether the account is past its slow-down bound.
func (t *Throttle) slowed(ctx context.Context, db bun.IDB, username string) (bool, error) {
	var n int
	err := db.NewRaw(accountFailures, username, time.Now().Add(-t.Window)).Scan(ctx, &n)
	return n >= t.SlowAfter, err
}

// Note records one attempt. The username is cut to what a login form accepts.
func (t *Throttle) Note(ctx context.Context, username, ip string, success bool) error {
	_, err := t.DB.NewRaw(`INSERT INTO login_attempts (username, ip, success) VALUES (?, ?, ?)`,
		cut(username, 100), cut(ip, 64), success).Exec(ctx)
	return err
}

// Attempt runs one login attempt for username from ip: refused without calling verify when
// the pair or the address is blocked, else verify decides and the outcome is noted. Attempts
// on one username run one at a time (an advisory lock in the transaction), so parallel
// guesses can not slip past the limit together. The slow-down wait happens before the lock
// and outside any transaction, so waiting attempts hold no database connection.
func (t *Throttle) Attempt(ctx context.Context, db *bun.DB, username, ip string, verify func() bool) (Outcome, error) {
	var out Outcome
	var err error
	if out.Slowed, err = t.slowed(ctx, db, username); err != nil {
		return out, err
	}
	if out.Slowed {
		select {
		case <-time.After(SlowDelay):
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewRaw(`SELECT pg_advisory_xact_lock(hashtext(lower(?)))`, username).Exec(ctx); err != nil {
			return err
		}
		tt := *t
		tt.DB = tx
		var err error
		if out.Blocked, err = tt.Blocked(ctx, username, ip); err != nil || out.Blocked != NotBlocked {
			return err
		}
		out.OK = verify()
		return tt.Note(ctx, username, ip, out.OK)
	})
	return out, err
}

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
