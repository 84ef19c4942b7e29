package outbox

import (
	"context"
	"errors"
	"time"

	"cpca/internal/metrics"

	"github.com/uptrace/bun"
)

// ErrNotResendable is returned by Requeue when the row is queued, sending or sent.
var ErrNotResendable = errors.New("outbox row not resendable")

// ErrTakenBack is returned by HandOver when the attempt no longer holds its row: the relay
// put it back in the queue (RequeueInterrupted) and another attempt may have it. The caller
// must not end the message.
var ErrTakenBack = errors.New("outbox row taken back from this attempt")

// Begin moves row id from queued to sending, counting the attempt, and commits at once (db is
// the pool, not a transaction held over the send). It returns the attempt's number, which
// fences HandOver and Finish; 0 means another delivery has it or it is no longer queued: the
// caller sends nothing. One UPDATE decides, so of several concurrent deliveries of one row
// exactly one proceeds.
func Begin(ctx context.Context, db bun.IDB, t Table, id int64) (int, error) {
	clear := ""
	if t.handsOver() {
		clear = ", handed_at = NULL"
	}
	var attempt []int
	err := db.NewRaw(`UPDATE ? SET status = 'sending', sending_at = now(), attempts = attempts + 1`+clear+`
		WHERE id = ? AND status = 'queued' RETURNING attempts`, bun.Ident(t), id).Scan(ctx, &attempt)
	if err != nil || len(attempt) == 0 {
		return 0, err
	}
	return attempt[0], nil
}

// HandOver records, in its own committed statement, that attempt is about to end the message
// (the "." of DATA): from here on the server may have it, so a crash leaves the row unknown.
// Before it, a crash leaves a row RequeueInterrupted may safely send again. Only emails hand
// over; ErrTakenBack means the row was requeued meanwhile.
func HandOver(ctx context.Context, db bun.IDB, t Table, id int64, attempt int) error {
	res, err := db.NewRaw(`UPDATE ? SET handed_at = now()
		WHERE id = ? AND status = 'sending' AND attempts = ? AND handed_at IS NULL`, bun.Ident(t), id, attempt).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrTakenBack
	}
	return nil
}

// Outcome is what one attempt came to.
type Outcome struct {
	Attempt    int    // the number Begin returned; a later attempt's row is left alone
	Status     string // StatusSent, StatusFailed, StatusNotSent, StatusUnknown, or StatusQueued to retry
	Error      string
	ProviderID string // the gateway's message id (SMS only)
}

// Finish records the outcome of the attempt Begin started. It runs on a fresh context: the
// task's own may be what was cancelled, and losing this write is what leaves rows unknown.
func Finish(ctx context.Context, db bun.IDB, t Table, id int64, o Outcome) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	q := db.NewUpdate().Table(string(t)).Set("status = ?", o.Status).Set("last_error = ?", o.Error).
		Where("id = ?", id).Where("status = 'sending'")
	if o.Attempt > 0 {
		q = q.Where("attempts = ?", o.Attempt)
	}
	if o.Status == StatusSent {
		q = q.Set("sent_at = now()")
	}
	if t == SMS {
		q = q.Set("provider_id = ?", o.ProviderID)
	}
	if _, err := q.Exec(ctx); err != nil {
		return err
	}
	metrics.Message(t.channel(), o.Status)
	return nil
}

// channel is the metrics label of the table.
func (t Table) channel() string {
	if t == SMS {
		return "sms"
	}
	return "email"
}

// handsOver reports whether the table records the hand-over (handed_at): emails do, since
// SMTP lets the sender hold back the end of a message; an SMS gateway call is one request.
func (t Table) handsOver() bool { return t == Emails }

// SendingTimeout is how long a row may stay sending before it counts as abandoned. A delivery
// task times out after a minute (the SMTP conversation after 30 s), so a row sending for ten
// minutes belongs to a worker that died.
const SendingTimeout = 10 * time.Minute

// InterruptedTimeout is how long an email may stay sending without a hand-over before
// RequeueInterrupted takes it back: longer than an SMTP conversation may last before the
// hand-over (its deadline is 30 s). A shorter value is still safe, only wasteful: a live
// attempt whose row was taken back finds HandOver refused and never ends its message.
const InterruptedTimeout = time.Minute

// RequeueInterrupted puts emails sending for longer than after without a hand-over back in
// the queue: their worker died (or lost the database) before ending DATA, so the server
// discarded what it had and the message never went out. They are sent again automatically.
func RequeueInterrupted(ctx context.Context, db bun.IDB, t Table, after time.Duration) (int, error) {
	if !t.handsOver() {
		return 0, nil
	}
	res, err := db.NewRaw(`UPDATE ? SET status = 'queued', enqueued_at = NULL,
			last_error = '发送过程中断（进程退出），邮件尚未交给服务器，已自动重新排队'
		WHERE status = 'sending' AND handed_at IS NULL AND sending_at < ?`, bun.Ident(t), time.Now().Add(-after)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MarkAbandoned turns rows sending for longer than after into unknown (状态未知), so staff see
// them in 邮件管理 / 短信管理: for emails, only those handed over (the worker died waiting for
// the server's answer to the end of DATA). They are not resent automatically: the server may
// have accepted the message, and a second copy is worse than a question to staff.
func MarkAbandoned(ctx context.Context, db bun.IDB, t Table, after time.Duration) (int, error) {
	handed := ""
	if t.handsOver() {
		handed = " AND handed_at IS NOT NULL"
	}
	res, err := db.NewRaw(`UPDATE ? SET status = 'unknown',
			last_error = '发送过程中断（进程退出），无法确定服务器是否已接收；请核实后再决定是否重新发送'
		WHERE status = 'sending' AND sending_at < ?`+handed, bun.Ident(t), time.Now().Add(-after)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Requeue puts a failed, unsent or unknown row back in the queue: the staff action 重新发送,
// the only way an unknown row is sent again.
func Requeue(ctx context.Context, db bun.IDB, t Table, id int64) error {
	res, err := db.NewRaw(`UPDATE ? SET status = 'queued', enqueued_at = NULL
		WHERE id = ? AND status IN ('failed', 'not_sent', 'unknown')`, bun.Ident(t), id).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotResendable
	}
	return nil
}
