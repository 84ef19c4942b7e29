// Package members is 会员管理 for 会员部: the member list with its filters and export, a
// member's detail and timeline, and the actions on a member company (暂停, 恢复, 退会, an
// account disabled, a reset link sent). Each action is one transaction with its audit entry
// and the company's notice.
package members

import (
	"context"
	"strings"

	"cpca/internal/company"
	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Statuses a member company can be listed by (applicants are not members yet).
var Statuses = []string{company.StatusMember, company.StatusSuspended, company.StatusWithdrawn}

// StatusLabel is the Chinese name of a member status.
func StatusLabel(s string) string {
	switch s {
	case company.StatusMember:
		return "正常"
	case company.StatusSuspended:
		return "暂停"
	case company.StatusWithdrawn:
		return "已退会"
	case company.StatusApplicant:
		return "申请中"
	}
	return s
}

// Dues states of the year filter: paid (confirmed or waived), unpaid (any other state) or
// none (no dues row for the year).
var DuesStates = []string{"paid", "unpaid", "none"}

// DuesStateLabel names a dues filter state.
func DuesStateLabel(s string) string {
	switch s {
	case "paid":
		return "已缴/免缴"
	case "unpaid":
		return "未缴清"
	case "none":
		return "无账单"
	}
	return s
}

// Filter narrows the member list.
type Filter struct {
	Level, Status, Province, Category string
	JoinYear                          int
	JoinedSince                       string // YYYY-MM-DD: joined on or after (近30天新入会)
	DuesYear                          int    // the year DuesState is about (this year)
	DuesState                         string // paid | unpaid | none
	Q                                 string // a name fragment, a USCC or a member number
	Page, Size                        int
	Sort                              string // a key of ListSorts; unknown: newest members first
}

// ListSorts are the orders of 会员管理 staff may pick (the column headers).
var ListSorts = store.Sorts{Default: "joined_desc", Exprs: map[string]string{
	"joined_desc": "c.joined_on DESC NULLS LAST, c.id DESC",
	"joined_asc":  "c.joined_on ASC NULLS LAST, c.id ASC",
	"name_asc":    "c.name ASC, c.id ASC",
	"name_desc":   "c.name DESC, c.id DESC",
	"no_asc":      "c.member_no ASC NULLS LAST, c.id ASC",
	"no_desc":     "c.member_no DESC NULLS LAST, c.id DESC",
}}

// Row is one member of the list.
type Row struct {
	company.Company `bun:",extend"`
	DuesStatus      string `bun:"dues_status"`
}

// apply adds the filter to a query over "companies AS c", its values through p (nil: into
// the text, for bun).
func (f *Filter) apply(q *bun.SelectQuery, p *store.Params) *bun.SelectQuery {
	if f.Status != "" {
		q = q.Where("c.status = ?", p.Add(f.Status))
	} else {
		q = q.Where("c.status = ANY(?)", p.Array(Statuses))
	}
	if f.Level != "" {
		q = q.Where("c.level = ?", p.Add(f.Level))
	}
	if f.Province != "" {
		q = q.Where("c.province = ?", p.Add(f.Province))
	}
	if f.Category != "" {
		q = q.Where("c.category = ?", p.Add(f.Category))
	}
	if f.JoinYear != 0 {
		q = q.Where("c.joined_on >= make_date(?, 1, 1) AND c.joined_on < make_date(?, 1, 1)", p.Add(f.JoinYear), p.Add(f.JoinYear+1))
	}
	if f.JoinedSince != "" {
		q = q.Where("c.joined_on >= ?::date", p.Add(f.JoinedSince))
	}
	if f.DuesYear != 0 {
		switch f.DuesState {
		case "paid":
			q = q.Where("EXISTS (SELECT 1 FROM dues d WHERE d.company_id = c.id AND d.year = ? AND d.status IN ('confirmed', 'waived'))", p.Add(f.DuesYear))
		case "unpaid":
			q = q.Where("EXISTS (SELECT 1 FROM dues d WHERE d.company_id = c.id AND d.year = ? AND d.status NOT IN ('confirmed', 'waived'))", p.Add(f.DuesYear))
		case "none":
			q = q.Where("NOT EXISTS (SELECT 1 FROM dues d WHERE d.company_id = c.id AND d.year = ?)", p.Add(f.DuesYear))
		}
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		cond, args := store.NameMatch("c.name", "c.name_bigrams", s)
		args = append(args, strings.ToUpper(s), s)
		q = q.Where("("+cond+" OR c.uscc = ? OR c.member_no = ?)", p.All(args)...)
	}
	return q
}

// selectRows is the list's columns over "companies AS c": the company and its dues status of
// DuesYear, the year through p.
func (f *Filter) selectRows(db bun.IDB, p *store.Params) *bun.SelectQuery {
	return db.NewSelect().TableExpr("companies AS c").ColumnExpr("c.*").
		ColumnExpr("coalesce((SELECT d.status FROM dues d WHERE d.company_id = c.id AND d.year = ?), '') AS dues_status", p.Add(f.DuesYear))
}

// List returns one page of members (newest joined first) and the total, capped as
// store.CappedCount; store.Unknown for a text search (then up to Size+1 rows). Both
// statements are parameterised (store.Params): one text per filter shape, whatever the values.
func List(ctx context.Context, db bun.IDB, f Filter) ([]Row, int, error) {
	if f.Size <= 0 || f.Size > 500 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	n, limit := store.Unknown, f.Size+1
	if strings.TrimSpace(f.Q) == "" {
		var err error
		p := &store.Params{}
		if n, err = store.CappedCountOf(ctx, db, f.apply(db.NewSelect().TableExpr("companies AS c"), p), p); err != nil {
			return nil, 0, err
		}
		limit = f.Size
	}
	var rows []Row
	_, order := ListSorts.Pick(f.Sort)
	p := &store.Params{}
	err := store.Select(ctx, db, &rows, f.apply(f.selectRows(db, p), p).OrderExpr(order).
		Limit(limit).Offset((f.Page-1)*f.Size), p)
	return rows, n, err
}

// ExportRows returns up to limit members of the filter, with their people, for the export.
func ExportRows(ctx context.Context, db bun.IDB, f Filter, limit int) ([]Row, error) {
	var rows []Row
	err := f.apply(f.selectRows(db, nil), nil).OrderExpr("c.member_no NULLS LAST, c.id").Limit(limit).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return rows, err
	}
	ids := make([]int64, len(rows))
	at := map[int64]int{}
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
	}
	var ps []company.Person
	if err := db.NewSelect().Model(&ps).Where("company_id IN (?)", bun.In(ids)).OrderExpr("company_id, position, id").Scan(ctx); err != nil {
		return nil, err
	}
	for _, p := range ps {
		rows[at[p.CompanyID]].People = append(rows[at[p.CompanyID]].People, p)
	}
	return rows, nil
}
