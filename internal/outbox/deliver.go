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

// Begin moves row id from queued to sending, counting the attempt, and commits at once (db is
// the pool, not a transaction held over the send). false means another delivery has it or it
// is no longer queued: the caller sends nothing. One UPDATE decides, so of several concurrent
// deliveries of one row exactly one proceeds.
func Begin(ctx context.Context, db bun.IDB, t Table, id int64) (bool, error) {
	res, err := db.NewRaw(`UPDATE ? SET status = 'sending', sending_at = now(), attempts = attempts + 1
		WHERE id = ? AND status = 'queued'`, bun.Ident(t), id).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Outcome is what one attempt came to.
type Outcome struct {
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

// SendingTimeout is how long a row may stay sending before it counts as abandoned. A delivery
// task times out after a minute (the SMTP client after 20 s), so a row sending for ten minutes
// belongs to a worker that died.
const SendingTimeout = 10 * time.Minute

// MarkAbandoned turns rows sending for longer than after into unknown (状态未知), so staff see
// them in 邮件管理 / 短信管理. They are not resent automatically: the server may have accepted
// the message before the worker died, and a second copy is worse than a question to staff.
func MarkAbandoned(ctx context.Context, db bun.IDB, t Table, after time.Duration) (int, error) {
	res, err := db.NewRaw(`UPDATE ? SET status = 'unknown',
			last_error = '发送过程中断（进程退出），无法确定服务器是否已接收；请核实后再决定是否重新发送'
		WHERE status = 'sending' AND sending_at < ?`, bun.Ident(t), time.Now().Add(-after)).Exec(ctx)
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
