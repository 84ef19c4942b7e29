// Package notice is the 站内通知 / 站内信息: site notices for one company or for everyone,
// with a read mark per user.
package notice

import (
	"context"
	"cpca/internal/errs"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when a notice does not exist or is not addressed to the reader.
var ErrNotFound = errs.New(errs.NotFound, "站内信息不存在")

// Notice is one message.
type Notice struct {
	bun.BaseModel `bun:"table:notices"`
	ID            int64     `bun:"id,pk,autoincrement"`
	CompanyID     int64     `bun:"company_id,nullzero"`
	Title         string    `bun:"title"`
	Body          string    `bun:"body"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	Read          bool      `bun:"is_read,scanonly"`
}

// Send creates a notice for companyID (0: everyone).
func Send(ctx context.Context, db bun.IDB, companyID int64, title, body string) (int64, error) {
	n := &Notice{CompanyID: companyID, Title: title, Body: body}
	_, err := db.NewInsert().Model(n).Returning("id").Exec(ctx)
	return n.ID, err
}

func visible(q *bun.SelectQuery, companyID int64) *bun.SelectQuery {
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("n.company_id IS NULL")
		if companyID != 0 {
			q = q.WhereOr("n.company_id = ?", companyID)
		}
		return q
	})
}

// List returns a page of the notices a user of companyID can read, newest first.
func List(ctx context.Context, db bun.IDB, userID, companyID int64, unreadOnly bool, page, size int) ([]Notice, int, error) {
	if page < 1 {
		page = 1
	}
	var ns []Notice
	q := db.NewSelect().Model(&ns).ModelTableExpr("notices AS n").ColumnExpr("n.*").
		ColumnExpr("(r.user_id IS NOT NULL) AS is_read").
		Join("LEFT JOIN notice_reads AS r ON r.notice_id = n.id AND r.user_id = ?", userID)
	q = visible(q, companyID)
	if unreadOnly {
		q = q.Where("r.user_id IS NULL")
	}
	total, err := q.OrderExpr("n.created_at DESC, n.id DESC").Limit(size).Offset((page - 1) * size).ScanAndCount(ctx)
	return ns, total, err
}

// Get loads a notice the user may read.
func Get(ctx context.Context, db bun.IDB, userID, companyID, id int64) (*Notice, error) {
	n := new(Notice)
	q := db.NewSelect().Model(n).ModelTableExpr("notices AS n").ColumnExpr("n.*").
		ColumnExpr("EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = ?) AS is_read", userID).
		Where("n.id = ?", id)
	err := visible(q, companyID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return n, err
}

// MarkRead marks one notice read (标记已读); it refuses notices not addressed to the reader.
func MarkRead(ctx context.Context, db bun.IDB, userID, companyID, id int64) error {
	if _, err := Get(ctx, db, userID, companyID, id); err != nil {
		return err
	}
	_, err := db.NewRaw(`INSERT INTO notice_reads (notice_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, userID).Exec(ctx)
	return err
}

// MarkAllRead marks every visible notice read.
func MarkAllRead(ctx context.Context, db bun.IDB, userID, companyID int64) error {
	_, err := db.NewRaw(`INSERT INTO notice_reads (notice_id, user_id)
		SELECT n.id, ? FROM notices n WHERE (n.company_id IS NULL OR n.company_id = ?)
		ON CONFLICT DO NOTHING`, userID, companyID).Exec(ctx)
	return err
}

// Unread counts the unread notices of a user.
func Unread(ctx context.Context, db bun.IDB, userID, companyID int64) (int, error) {
	var n int
	err := db.NewRaw(`SELECT count(*) FROM notices n WHERE (n.company_id IS NULL OR n.company_id = ?)
		AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = ?)`, companyID, userID).Scan(ctx, &n)
	return n, err
}
