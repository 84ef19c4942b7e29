package mail

import (
	"context"

	"github.com/uptrace/bun"
)

// ExportRows returns up to limit emails of the filter, newest first, for the delivery-log
// export of 邮件管理 (the same filter as List, without the body).
func ExportRows(ctx context.Context, db bun.IDB, f Filter, limit int) ([]Email, error) {
	var es []Email
	err := f.apply(db.NewSelect().TableExpr("emails").ColumnExpr(listColumns), nil).OrderExpr("created_at DESC, id DESC").Limit(limit).Scan(ctx, &es)
	return es, err
}
