package sms

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// CopyAvailable reports whether an important site message may be copied by SMS: the 通知
// template BroadcastNotice is enabled and has the provider's code (approved). 站内信管理 shows
// the 短信通知 checkbox only then.
func CopyAvailable(ctx context.Context, db bun.IDB) bool {
	t, err := Resolve(ctx, db, BroadcastNotice)
	return err == nil && t.Approved() && t.Kind == KindNotice
}

// cut shortens s to n characters, the last one an ellipsis, to fit a parameter's limit.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// CopyBroadcast queues the SMS copy of site message broadcastID ("title") to the 主要联系人
// of each company, with tx (the transaction that freezes the recipients). A company whose main
// contact has no mobile is skipped; a repeated call (补发) queues only new companies (dedupe
// key per broadcast and company). The local rules apply as for every text. It returns how
// many were queued; without an approved template it queues nothing.
func CopyBroadcast(ctx context.Context, tx bun.IDB, broadcastID int64, companyIDs []int64, title string) (int, error) {
	if len(companyIDs) == 0 || !CopyAvailable(ctx, tx) {
		return 0, nil
	}
	tp, err := Resolve(ctx, tx, BroadcastNotice)
	if err != nil {
		return 0, err
	}
	var rows []struct {
		ID     int64  `bun:"id"`
		Name   string `bun:"name"`
		Mobile string `bun:"mobile"`
	}
	if err := tx.NewRaw(`SELECT c.id, c.name, p.mobile FROM companies c
		JOIN company_people p ON p.company_id = c.id AND p.is_primary AND p.mobile <> ''
		WHERE c.id = ANY(?) ORDER BY c.id`, pgdialect.Array(companyIDs)).Scan(ctx, &rows); err != nil {
		return 0, err
	}
	n := 0
	key := "broadcast:" + strconv.FormatInt(broadcastID, 10) + ":sms:"
	now := time.Now()
	for _, r := range rows {
		id, err := Rules{}.Queue(ctx, tx, Text{To: r.Mobile, Template: BroadcastNotice, Kind: "broadcast",
			Params:    map[string]string{"company": cut(r.Name, tp.MaxOf("company")), "title": cut(title, tp.MaxOf("title"))},
			DedupeKey: key + strconv.FormatInt(r.ID, 10)}, now)
		if err != nil {
			return n, err
		}
		if id != 0 {
			n++
		}
	}
	return n, nil
}
