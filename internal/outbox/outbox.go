// Package outbox is the one delivery mechanism of email and SMS. A message is a row written in
// the same transaction as the change that causes it; a relay claims pending rows in large
// batches and hands them to the job queue; the worker moves each row queued → sending
// (committed) → [emails: handed over (committed) just before the end of DATA] → its outcome. The tables differ (emails, sms_messages) because what they carry
// differs; the states, the claim and the crash rules are here, once.
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

// Row states, shared by email and SMS.
const (
	StatusQueued  = "queued"
	StatusSending = "sending" // committed before the conversation with the server starts
	StatusSent    = "sent"
	StatusFailed  = "failed"
	StatusNotSent = "not_sent" // no server configured
	// StatusUnknown: the conversation was interrupted after the message may have reached the
	// server (for email: after the hand-over, in the last round trip; an email interrupted
	// before it is put back in the queue instead). It is never resent automatically; staff
	// decide with 重新发送.
	StatusUnknown = "unknown"
)

// StatusLabel is the Chinese label of a status.
func StatusLabel(s string) string {
	switch s {
	case StatusQueued:
		return "待发送"
	case StatusSending:
		return "发送中"
	case StatusSent:
		return "已发送"
	case StatusFailed:
		return "发送失败"
	case StatusNotSent:
		return "未发送"
	case StatusUnknown:
		return "状态未知"
	}
	return s
}

// Resendable reports whether staff may put a row with status s back in the queue (重新发送).
func Resendable(s string) bool {
	return s == StatusFailed || s == StatusNotSent || s == StatusUnknown
}

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

// ClaimBatch is how many rows one claim takes. A bulk send (a notice to every member) is
// thousands of rows; claiming a few hundred per sweep every few seconds capped a worker at
// about 40 messages a second, so the relay claims this many and claims again at once while
// rows are left.
const ClaimBatch = 500

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

// Unclaim clears the hand-over mark of rows whose enqueueing failed, so the next sweep retries
// them at once.
func Unclaim(ctx context.Context, db bun.IDB, t Table, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := db.NewRaw(`UPDATE ? SET enqueued_at = NULL WHERE id IN (?)`, bun.Ident(t), bun.In(ids)).Exec(ctx)
	return err
}
