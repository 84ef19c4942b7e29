package membership

import (
	"context"
	"regexp"
	"strings"
	"time"

	"cpca/internal/store"

	"github.com/uptrace/bun"
)

// Filter is the 入会审核 list's query: all fields come from the query string.
type Filter struct {
	Status string    // one of Statuses, "pending" for submitted+resubmitted, or ""
	From   time.Time // submitted on or after (zero: no bound)
	To     time.Time // submitted before (exclusive; zero: no bound)
	Q      string    // part of the name, or the start of the credit code
	Page   int
	Size   int
	Sort   string // a key of ListSorts; unknown falls back to the newest first
}

// ListSorts are the orders of 入会审核 staff may pick (the column headers).
var ListSorts = store.Sorts{Default: "submitted_desc", Exprs: map[string]string{
	"submitted_desc": "a.submitted_at DESC, a.id DESC",
	"submitted_asc":  "a.submitted_at ASC, a.id ASC",
	"name_asc":       "a.search_name ASC, a.id ASC",
	"name_desc":      "a.search_name DESC, a.id DESC",
}}

var asciiCode = regexp.MustCompile(`^[0-9A-Za-z]+$`)

// Row is one line of the list.
type Row struct {
	Application
	CompanyName string `bun:"company_name"`
	Username    string `bun:"username"`
}

// listColumns are what 入会审核 shows of an application (not the search columns: the
// bigrams are an array decoded per row).
const listColumns = "a.id, a.company_id, a.user_id, a.status, a.revision, a.submitted_at, a.paper_received, a.uscc, a.search_name"

// List returns one page of applications, newest first, and the total count (capped; or
// store.Unknown for a text search, with up to Size+1 rows).
func List(ctx context.Context, db bun.IDB, f Filter) ([]Row, int, error) {
	if f.Size <= 0 || f.Size > 100 {
		f.Size = 20
	}
	if f.Page < 1 {
		f.Page = 1
	}
	// Every filter is on applications itself (search_name and uscc are copied there), so the
	// count never joins; the page of 20 is joined afterwards.
	// A text search is not counted (store.Unknown): its page is fetched with one row more to
	// tell whether another page follows. Both statements are parameterised (store.Params).
	n, limit := store.Unknown, f.Size+1
	if strings.TrimSpace(f.Q) == "" {
		var err error
		p := &store.Params{}
		if n, err = store.CappedCountOf(ctx, db, f.filtered(db, p), p); err != nil {
			return nil, 0, err
		}
		limit = f.Size
	}
	_, order := ListSorts.Pick(f.Sort)
	p := &store.Params{}
	page := f.filtered(db, p).ColumnExpr(listColumns).OrderExpr(order).Limit(limit).Offset((f.Page - 1) * f.Size)
	var rows []Row
	err := store.Select(ctx, db, &rows, db.NewSelect().TableExpr("(?) AS a", page).
		ColumnExpr("a.*").ColumnExpr("c.name AS company_name").ColumnExpr("u.username").
		Join("JOIN companies AS c ON c.id = a.company_id").
		Join("JOIN users AS u ON u.id = a.user_id").
		OrderExpr(order), p)
	return rows, n, err
}

// Change is one field that differs between two revisions.
type Change struct {
	Label, Before, After string
}

// Diff lists the fields whose values differ between two snapshots, labelled in Chinese.
func Diff(old, cur Snapshot) []Change {
	a, b := flatten(old), flatten(cur)
	var out []Change
	for i := range b {
		var before string
		if i < len(a) {
			before = a[i][1]
		}
		if before != b[i][1] {
			out = append(out, Change{Label: b[i][0], Before: before, After: b[i][1]})
		}
	}
	return out
}

func flatten(s Snapshot) [][2]string {
	c, sa := s.Company, s.Sales
	out := [][2]string{
		{"企业名称", c.Name}, {"统一社会信用代码", c.USCC}, {"法定代表人", c.LegalRep}, {"注册资本(万元)", c.RegCapital},
		{"成立日期", c.FoundedOn}, {"企业性质", c.Nature}, {"企业类别", c.Category}, {"省份", c.Province}, {"城市", c.City},
		{"详细地址", c.Address}, {"邮编", c.Postcode}, {"网址", c.Website}, {"员工人数", c.Employees}, {"企业简介", c.Intro},
		{"主要产品", sa.MainProducts}, {"上年度销售额(万元)", sa.LastYearSales}, {"出口比例(%)", sa.ExportRatio},
		{"主要市场/客户", sa.MainMarkets}, {"体系认证", sa.Certifications},
	}
	out = append(out, [2]string{"成员信息", peopleText(s.People)})
	return out
}

func peopleText(p PeopleInfo) string {
	var b strings.Builder
	for i, x := range p.People {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(x.Name + " " + x.Title + " " + x.Mobile + " " + x.Email)
		if i == p.Primary {
			b.WriteString("（主要联系人）")
		}
		if i == p.Finance {
			b.WriteString("（财务联系人）")
		}
	}
	return b.String()
}

// filtered is the filter over applications alone (search_name and uscc are copied there, so
// counting never joins), its values through p (nil: into the text, for bun).
func (f Filter) filtered(db bun.IDB, p *store.Params) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("applications AS a")
	switch {
	case f.Status == "pending":
		q = q.Where("a.status = ANY(?)", p.Array([]string{StatusSubmitted, StatusResubmitted}))
	case f.Status != "":
		q = q.Where("a.status = ?", p.Add(f.Status))
	}
	if !f.From.IsZero() {
		q = q.Where("a.submitted_at >= ?", p.Add(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("a.submitted_at < ?", p.Add(f.To))
	}
	if s := strings.TrimSpace(f.Q); s != "" {
		cond, args := store.NameMatch("a.search_name", "a.name_bigrams", s)
		if asciiCode.MatchString(s) {
			// Looks like the start of a credit code (or a Latin name): both, without the index.
			q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("a.search_name ILIKE ?", p.Add("%"+store.EscapeLike(s)+"%")).
					WhereOr("a.uscc LIKE ?", p.Add(store.EscapeLike(strings.ToUpper(s))+"%"))
			})
		} else {
			q = q.Where(cond, p.All(args)...)
		}
	}
	return q
}

// ExportRows returns up to limit applications of the filter in the list's order, for the
// 入会审核 export.
func ExportRows(ctx context.Context, db bun.IDB, f Filter, limit int) ([]Row, error) {
	_, order := ListSorts.Pick(f.Sort)
	var rows []Row
	err := db.NewSelect().TableExpr("(?) AS a", f.filtered(db, nil).ColumnExpr("a.*")).
		ColumnExpr("a.*").ColumnExpr("c.name AS company_name").ColumnExpr("u.username").
		Join("JOIN companies AS c ON c.id = a.company_id").
		Join("JOIN users AS u ON u.id = a.user_id").
		OrderExpr(order).Limit(limit).Scan(ctx, &rows)
	return rows, err
}
