// Package outbox is what the email and SMS outboxes share: rows written with the change that
// causes them, claimed by a relay that hands them to the job queue.
package outbox

import (
	"context"
	"strconv"
	"time"

	"github.com/uptrace/bun"
)

// Table names an outbox table; only the constants below exist.
type Table string

// The outbox tables.
const (
	Emails Table = "emails"
	SMS    Table = "sms_messages"
)

// Pending is a claimed row: its id, and how often sending was tried (part of the task id, so
// a retry after a failure is a new task while a repeated hand-over is not).
type Pending struct {
	ID        int64     `bun:"id"`
	Attempts  int       `bun:"attempts"`
	CreatedAt time.Time `bun:"created_at"`
}

// Key names the row and its attempt for a task id: id, creation time (ids repeat when a
// database is recreated against the same Redis) and attempts.
func (p Pending) Key() string {
	return strconv.FormatInt(p.ID, 10) + ":" + strconv.FormatInt(p.CreatedAt.UnixMicro(), 36) + ":" + strconv.Itoa(p.Attempts)
}

// Claim marks up to limit queued rows as handed to the queue and returns them. Rows handed
// over more than stale ago and still queued are handed over again (the task may have been
// lost with Redis); SKIP LOCKED lets several relays run at once.
func Claim(ctx context.Context, db bun.IDB, t Table, stale time.Duration, limit int) ([]Pending, error) {
	var ps []Pending
	err := db.NewRaw(`UPDATE ? SET enqueued_at = now() WHERE id IN (
			SELECT id FROM ? WHERE status = 'queued' AND (enqueued_at IS NULL OR enqueued_at < ?)
			ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, attempts, created_at`,
		bun.Ident(t), bun.Ident(t), time.Now().Add(-stale), limit).Scan(ctx, &ps)
	return ps, err
}

// Unclaim clears the hand-over mark when enqueueing failed, so the next sweep retries at once.
func Unclaim(ctx context.Context, db bun.IDB, t Table, id int64) error {
	_, err := db.NewRaw(`UPDATE ? SET enqueued_at = NULL WHERE id = ?`, bun.Ident(t), id).Exec(ctx)
	return err
}
