package sms

import (
	"context"
	"strings"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Filter is what 短信管理 lists by: status, template, a day range (Asia/Shanghai) and a part of
// the mobile number.
type Filter struct {
	Status, Template string
	From, To         time.Time // calendar days (UTC midnights); zero: open
	Phone            string    // digits only
}

// List returns one page of messages, newest first, and the total (capped as store counts).
func List(ctx context.Context, db bun.IDB, f Filter, page, size int) ([]Message, int, error) {
	if page < 1 {
		page = 1
	}
	var ms []Message
	q := db.NewSelect().Model(&ms)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Template != "" {
		q = q.Where("template = ?", f.Template)
	}
	if !f.From.IsZero() {
		q = q.Where("created_at >= ?", shanghaiMidnight(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("created_at < ?", shanghaiMidnight(f.To).AddDate(0, 0, 1))
	}
	if f.Phone != "" {
		q = q.Where("to_mobile LIKE ?", "%"+strings.NewReplacer("%", "", "_", "").Replace(f.Phone)+"%")
	}
	n, err := store.CappedCount(ctx, db, q.Clone())
	if err != nil {
		return nil, 0, err
	}
	err = q.OrderExpr("created_at DESC, id DESC").Limit(size).Offset((page - 1) * size).Scan(ctx)
	return ms, n, err
}

// shanghaiMidnight is the start of calendar day d in Asia/Shanghai.
func shanghaiMidnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, calendar.Zone)
}

// Counts returns how many rows have each status (the summary above 短信管理's list).
func Counts(ctx context.Context, db bun.IDB) (map[string]int, error) {
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	err := db.NewRaw(`SELECT status, count(*) AS n FROM sms_messages GROUP BY status`).Scan(ctx, &rows)
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, err
}
