package mail

import (
	"context"

	"github.com/uptrace/bun"
)

// Cancel marks the emails whose ids the query ids selects 未发送 with reason, where they are
// still waiting (queued): the worker claims only queued rows, so they are not sent, while a
// row already being sent or sent keeps its outcome. Staff may still send one with 重新发送.
// It returns how many were cancelled.
func Cancel(ctx context.Context, db bun.IDB, ids *bun.SelectQuery, reason string) (int, error) {
	res, err := db.NewUpdate().Table("emails").Set("status = ?", StatusNotSent).Set("last_error = ?", reason).
		Where("status = ?", StatusQueued).Where("id IN (?)", ids).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
