package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"cpca/internal/audit"

	"github.com/uptrace/bun"
)

// Lockout is one current lock: of a pair (Username set) or of an address (Username empty).
type Lockout struct {
	Username string    `bun:"username"`
	IP       string    `bun:"ip"`
	Failures int       `bun:"failures"`
	LastAt   time.Time `bun:"last_at"`
}

// ErrNotLocked is returned when an unlock names nothing that is locked.
var ErrNotLocked = errors.New("该锁定已解除或已过期")

// lockedPairs lists the pairs at their bound; the window keeps it to recent rows (partial index
// login_attempts_failed_at_idx).
const lockedPairs = `SELECT lower(a.username) AS username, a.ip, count(*) AS failures, max(a.at) AS last_at
	FROM login_attempts a
	WHERE NOT a.success AND a.at > ?0
	AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s WHERE lower(s.username) = lower(a.username) AND s.ip = a.ip AND s.success), '-infinity')
	AND a.at > coalesce((SELECT max(u.at) FROM login_unlocks u WHERE u.username = lower(a.username) AND u.ip = a.ip), '-infinity')
	GROUP BY 1, 2 HAVING count(*) >= ?1 ORDER BY last_at DESC LIMIT 200`

const lockedIPs = `SELECT '' AS username, a.ip, count(*) AS failures, max(a.at) AS last_at
	FROM login_attempts a
	WHERE NOT a.success AND a.at > ?0
	AND a.at > coalesce((SELECT max(u.at) FROM login_unlocks u WHERE u.username = '' AND u.ip = a.ip), '-infinity')
	GROUP BY a.ip HAVING count(*) >= ?1 ORDER BY last_at DESC LIMIT 200`

// Lockouts lists the current locks, addresses first, newest first (at most 200 of each).
func (t *Throttle) Lockouts(ctx context.Context) ([]Lockout, error) {
	since := time.Now().Add(-t.Window)
	var ips, pairs []Lockout
	if err := t.DB.NewRaw(lockedIPs, since, t.PerIP).Scan(ctx, &ips); err != nil {
		return nil, err
	}
	if err := t.DB.NewRaw(lockedPairs, since, t.PerPair).Scan(ctx, &pairs); err != nil {
		return nil, err
	}
	return append(ips, pairs...), nil
}

// Unlock is 解除锁定: staff lift the lock of username from ip, or of the address ip when
// username is empty, audited in the same transaction. Failures before it no longer count.
func (t *Throttle) Unlock(ctx context.Context, db *bun.DB, username, ip string, by audit.Actor) error {
	username = strings.ToLower(strings.TrimSpace(username))
	want := ByPair
	if username == "" {
		want = ByIP
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		tt := *t
		tt.DB = tx
		b, err := tt.Blocked(ctx, username, ip)
		if err != nil {
			return err
		}
		if b != want {
			return ErrNotLocked
		}
		if _, err := tx.NewRaw(`INSERT INTO login_unlocks (username, ip) VALUES (?, ?)`, username, ip).Exec(ctx); err != nil {
			return err
		}
		return by.Record(ctx, tx, audit.Entry{Action: "login.unlock", ObjectType: "lockout", ObjectID: username + "@" + ip})
	})
}
