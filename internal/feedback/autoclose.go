package feedback

import (
	"context"
	"strconv"
	"time"

	"cpca/internal/audit"
	"cpca/internal/notify"

	"github.com/uptrace/bun"
)

// ReminderAutoClose is the claim kind of an automatic closing (target: the item, slot: the
// time it was resolved), so two schedulers close and notify once.
const ReminderAutoClose = "feedback_autoclose"

// autoCloseBatch bounds one run; the next hourly run takes the rest.
const autoCloseBatch = 500

// System is the audit actor of the automatic closing.
var System = audit.Actor{Name: "system"}

// AutoClose closes the items resolved more than days ago that nobody replied to since (a
// member's reply moves them back to 处理中), telling each company once. Each closing is
// claimed (kind, item, resolved-at) in its own transaction with the move.
func AutoClose(ctx context.Context, db *bun.DB, days int, at time.Time) (int, error) {
	if days < 1 {
		return 0, nil
	}
	cutoff := at.Add(-time.Duration(days) * 24 * time.Hour)
	var due []Item
	if err := db.NewSelect().Model(&due).Column("id", "resolved_at").
		Where("status = ? AND resolved_at < ?", Resolved, cutoff).OrderExpr("resolved_at").Limit(autoCloseBatch).Scan(ctx); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		closed, err := autoCloseOne(ctx, db, d.ID, d.ResolvedAt.Time, cutoff, at)
		if err != nil {
			return n, err
		}
		if closed {
			n++
		}
	}
	return n, nil
}

func autoCloseOne(ctx context.Context, db *bun.DB, itemID int64, resolvedAt, cutoff, at time.Time) (bool, error) {
	closed := false
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := notify.Claim(ctx, tx, ReminderAutoClose, itemID, resolvedAt.UTC().Format(time.RFC3339Nano), at)
		if err != nil || !ok {
			return err
		}
		it, err := forUpdate(ctx, tx, itemID, 0)
		if err != nil {
			return err
		}
		if it.Status != Resolved || !it.ResolvedAt.Valid || !it.ResolvedAt.Time.Before(cutoff) {
			return nil // replied to (or reopened) since it was picked
		}
		if err := move(ctx, tx, it, Closed, "自动关闭", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("closed_at = ?", at)
		}); err != nil {
			return err
		}
		if err := tellClosed(ctx, tx, it, "autoclose:"+strconv.FormatInt(resolvedAt.UnixMicro(), 10), "该反馈已标记为已解决，且在规定时间内没有新的回复，系统已自动关闭。如仍有问题，请提交新的反馈。"); err != nil {
			return err
		}
		closed = true
		return System.Record(ctx, tx, audit.Entry{Action: "feedback.autoclose", ObjectType: "feedback", ObjectID: id(it.ID)})
	})
	return closed, err
}
