// Package audit records who did what, from where, with which result: logins and their
// failures, reviews, account changes, exports.
package audit

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Entry is one audit log row.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log"`
	ID            int64     `bun:"id,pk,autoincrement"`
	At            time.Time `bun:"at,nullzero,default:now()"`
	ActorID       int64     `bun:"actor_id,nullzero"`
	ActorName     string    `bun:"actor_name"`
	IP            string    `bun:"ip"`
	Action        string    `bun:"action"`
	ObjectType    string    `bun:"object_type"`
	ObjectID      string    `bun:"object_id"`
	Result        string    `bun:"result"`
	Detail        string    `bun:"detail"`
}

// Record writes e with db, which may be the transaction of the change it describes.
func Record(ctx context.Context, db bun.IDB, e Entry) error {
	if e.Result == "" {
		e.Result = "ok"
	}
	_, err := db.NewInsert().Model(&e).Exec(ctx)
	return err
}

// Filter narrows List.
type Filter struct {
	Action string
	Before int64 // keyset: entries with id < Before
	Limit  int
}

// List returns the newest entries first.
func List(ctx context.Context, db bun.IDB, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var out []Entry
	q := db.NewSelect().Model(&out).OrderExpr("id DESC").Limit(f.Limit)
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	return out, q.Scan(ctx)
}
