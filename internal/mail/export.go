package mail

import (
	"context"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ExportRows returns up to limit emails of the filter, newest first, for the delivery-log
// export of 邮件管理 (the same filter as List, without the body).
func ExportRows(ctx context.Context, db bun.IDB, f Filter, limit int) ([]Email, error) {
	var es []Email
	q := db.NewSelect().Model(&es).ExcludeColumn("body")
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Q != "" {
		like := "%" + store.EscapeLike(f.Q) + "%"
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("to_addr ILIKE ?", like).WhereOr("subject ILIKE ?", like)
		})
	}
	err := q.OrderExpr("created_at DESC, id DESC").Limit(limit).Scan(ctx)
	return es, err
}
