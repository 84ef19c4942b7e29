package feedback

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cpca/internal/errs"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// ErrNotFound is a missing item, or another company's: the same answer for both.
var ErrNotFound = errs.New(errs.NotFound, "反馈不存在。")

// Get loads an item; companyID (non-zero for a member) must own it, else ErrNotFound.
func Get(ctx context.Context, db bun.IDB, id, companyID int64) (*Item, error) {
	it := new(Item)
	q := db.NewSelect().Model(it).ColumnExpr("f.*").
		ColumnExpr("c.name AS company_name").ColumnExpr("coalesce(nullif(u.name, ''), u.username, '') AS assignee_name").
		Join("JOIN companies c ON c.id = f.company_id").Join("LEFT JOIN users u ON u.id = f.assignee_id").
		Where("f.id = ?", id)
	if companyID != 0 {
		q = q.Where("f.company_id = ?", companyID)
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return it, nil
}

// forUpdate locks an item inside an action's transaction (company 0: any).
func forUpdate(ctx context.Context, tx bun.IDB, id, companyID int64) (*Item, error) {
	it := new(Item)
	q := tx.NewSelect().Model(it).Where("id = ?", id).For("UPDATE")
	if companyID != 0 {
		q = q.Where("company_id = ?", companyID)
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return it, nil
}

// Thread is an item's messages, oldest first, with their attachments; staff-only notes only
// when withNotes (staff).
func Thread(ctx context.Context, db bun.IDB, id int64, withNotes bool) ([]Message, error) {
	var ms []Message
	q := db.NewSelect().Model(&ms).Where("feedback_id = ?", id).OrderExpr("id")
	if !withNotes {
		q = q.Where("NOT internal")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return ms, nil
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	var as []Attachment
	err := db.NewRaw(`SELECT ff.message_id, ff.file_id, fl.name, fl.size FROM feedback_files ff JOIN files fl ON fl.id = ff.file_id
		WHERE ff.message_id IN (?) ORDER BY fl.created_at, fl.id`, bun.In(ids)).Scan(ctx, &as)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i, m := range ms {
		at[m.ID] = i
	}
	for _, a := range as {
		ms[at[a.MessageID]].Files = append(ms[at[a.MessageID]].Files, a)
	}
	return ms, nil
}

// Mine lists a company's items, newest activity first, counted up to store.CountCap.
func Mine(ctx context.Context, db bun.IDB, companyID int64, status string, page, size int) ([]Item, int, error) {
	var rows []Item
	where := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("f.company_id = ?", companyID)
		if status != "" {
			q = q.Where("f.status = ?", status)
		}
		return q
	}
	total, err := store.CappedCount(ctx, db, where(db.NewSelect().TableExpr("feedback AS f")))
	if err != nil {
		return nil, 0, err
	}
	err = where(db.NewSelect().Model(&rows)).OrderExpr("f.last_message_at DESC, f.id DESC").Limit(size).Offset((page - 1) * size).Scan(ctx)
	return rows, total, err
}

// Filter is the staff queue's filter (反馈建议管理).
type Filter struct {
	Category, Status string
	// OlderThan keeps items submitted more than this many days ago (0: any age).
	OlderThan int
	// Assignee: 0 any, NoAssignee for unassigned ones, else that staff user.
	Assignee   int64
	Page, Size int
	Now        time.Time
}

// NoAssignee filters the items nobody took yet.
const NoAssignee = -1

func (f Filter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	if f.Category != "" {
		q = q.Where("f.category = ?", f.Category)
	}
	if f.Status != "" {
		q = q.Where("f.status = ?", f.Status)
	}
	if f.OlderThan > 0 {
		q = q.Where("f.created_at < ?", f.Now.Add(-time.Duration(f.OlderThan)*24*time.Hour))
	}
	switch {
	case f.Assignee == NoAssignee:
		q = q.Where("f.assignee_id IS NULL")
	case f.Assignee > 0:
		q = q.Where("f.assignee_id = ?", f.Assignee)
	}
	return q
}

// Queue is the staff list: items with news for staff first, then by last activity.
func Queue(ctx context.Context, db bun.IDB, f Filter) ([]Item, int, error) {
	var rows []Item
	total, err := store.CappedCount(ctx, db, f.apply(db.NewSelect().TableExpr("feedback AS f")))
	if err != nil {
		return nil, 0, err
	}
	err = f.apply(db.NewSelect().Model(&rows)).ColumnExpr("f.*").ColumnExpr("c.name AS company_name").
		ColumnExpr("coalesce(nullif(u.name, ''), u.username, '') AS assignee_name").
		Join("JOIN companies c ON c.id = f.company_id").Join("LEFT JOIN users u ON u.id = f.assignee_id").
		OrderExpr("f.staff_unread DESC, f.last_message_at DESC, f.id DESC").
		Limit(f.Size).Offset((f.Page - 1) * f.Size).Scan(ctx)
	return rows, total, err
}

// Stats are the medians over the filtered items: from submission to the first public staff
// reply, and to 已解决 (items not there yet do not count).
type Stats struct {
	FirstReply, Resolve time.Duration
	Replied, Resolved   int
}

// Medians computes Stats over f (its paging ignored).
func Medians(ctx context.Context, db bun.IDB, f Filter) (Stats, error) {
	var r struct {
		First, Resolve    sql.NullFloat64
		Replied, Resolved int
	}
	q := f.apply(db.NewSelect().TableExpr("feedback AS f")).
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_reply_at - f.created_at)) AS first").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.resolved_at - f.created_at)) AS resolve").
		ColumnExpr("count(f.first_reply_at) AS replied").ColumnExpr("count(f.resolved_at) AS resolved")
	if err := q.Scan(ctx, &r); err != nil {
		return Stats{}, err
	}
	return Stats{FirstReply: time.Duration(r.First.Float64 * float64(time.Second)),
		Resolve: time.Duration(r.Resolve.Float64 * float64(time.Second)), Replied: r.Replied, Resolved: r.Resolved}, nil
}

// StaffMember is a staff user who may take feedback (信息 and 系统管理员).
type StaffMember struct {
	ID    int64  `bun:"id"`
	Name  string `bun:"name"`
	Email string `bun:"email"`
}

// Handlers lists the staff who handle feedback: the 信息 department, and 系统管理员 who
// inherit it.
func Handlers(ctx context.Context, db bun.IDB) ([]StaffMember, error) {
	var out []StaffMember
	err := db.NewRaw(`SELECT id, coalesce(nullif(name, ''), username) AS name, email FROM users
		WHERE role = 'admin' AND staff_role IN ('info', 'sysadmin') AND NOT disabled ORDER BY staff_role = 'sysadmin', id`).Scan(ctx, &out)
	return out, err
}
