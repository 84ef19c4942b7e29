package dashboard

import (
	"context"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/membership"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Levels in the order of the dashboard's rows, from 会员单位 up to 理事长单位.
var Levels = []string{company.LevelMember, company.LevelCouncil, company.LevelStanding, company.LevelVicePresident, company.LevelPresident}

// RecentSince is the first day (YYYY-MM-DD, Shanghai) of the last RecentDays days: members
// who joined on or after it are new. The member list's recent filter uses the same day.
func RecentSince(now time.Time) string {
	return calendar.Today(now).AddDate(0, 0, -RecentDays).Format(calendar.Layout)
}

// levelStatusRow is one level of the level × status table.
type levelStatusRow struct {
	Level        string `bun:"level"`
	Total        int64  `bun:"total"`
	Normal       int64  `bun:"normal"`
	Unpaid       int64  `bun:"unpaid"`
	Suspended    int64  `bun:"suspended"`
	Withdrawn    int64  `bun:"withdrawn"`
	Recent       int64  `bun:"recent"`
	Promotions   int64  `bun:"promotions"`
	Applications int64  `bun:"applications"`
}

// LevelStatus is the level × status table: per level the members (正常, 暂停, 已退会), those
// 正常 with this year's dues not paid, the new ones of the last RecentDays days, and what is
// waiting: applications (all for 会员单位, the level one joins at) and promotions submitted
// for the level (晋升审核 待审核).
func LevelStatus(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	since := RecentSince(now)
	var rows []levelStatusRow
	err := db.NewRaw(`WITH c AS (
		SELECT c.level, count(*) AS total,
			count(*) FILTER (WHERE c.status = 'member') AS normal,
			count(*) FILTER (WHERE c.status = 'member' AND u.company_id IS NOT NULL) AS unpaid,
			count(*) FILTER (WHERE c.status = 'suspended') AS suspended,
			count(*) FILTER (WHERE c.status = 'withdrawn') AS withdrawn,
			count(*) FILTER (WHERE c.joined_on >= ?::date) AS recent
		FROM companies c
		LEFT JOIN (SELECT company_id FROM dues WHERE year = ? AND status NOT IN ('confirmed', 'waived')) u ON u.company_id = c.id
		WHERE c.status IN ('member', 'suspended', 'withdrawn') GROUP BY c.level),
	p AS (SELECT level, count(*) AS n FROM promotion_applications WHERE status = 'submitted' GROUP BY level)
	SELECT l.level, coalesce(c.total, 0) AS total, coalesce(c.normal, 0) AS normal, coalesce(c.unpaid, 0) AS unpaid,
		coalesce(c.suspended, 0) AS suspended, coalesce(c.withdrawn, 0) AS withdrawn, coalesce(c.recent, 0) AS recent,
		coalesce(p.n, 0) AS promotions,
		(SELECT count(*) FROM applications WHERE status IN ('submitted', 'resubmitted')) AS applications
	FROM unnest(?::text[]) WITH ORDINALITY AS l(level, ord)
	LEFT JOIN c ON c.level = l.level LEFT JOIN p ON p.level = l.level ORDER BY l.ord`,
		since, year, pgdialect.Array(Levels)).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"会员级别", "合计", "正常", "本年未缴费", "暂停", "已退会", "近30天新入会", "待审核入会申请", "待审核晋升申请"},
		Chart: Chart{Type: "bar", Series: []int{1, 3, 4}, Stack: true},
		Note:  "本年未缴费：状态正常、本年度会费账单未缴清（未缴、待确认或被退回）。入会申请均为会员单位级别。"}
	var sum levelStatusRow
	for _, r := range rows {
		t.Rows = append(t.Rows, levelStatusLine(r, r.Level, company.LevelLabel(r.Level), false))
		sum.Total, sum.Normal, sum.Unpaid = sum.Total+r.Total, sum.Normal+r.Normal, sum.Unpaid+r.Unpaid
		sum.Suspended, sum.Withdrawn, sum.Recent, sum.Promotions = sum.Suspended+r.Suspended, sum.Withdrawn+r.Withdrawn, sum.Recent+r.Recent, sum.Promotions+r.Promotions
		sum.Applications = r.Applications
	}
	t.Rows = append(t.Rows, levelStatusLine(sum, "", "合计", true))
	return t, nil
}

func levelStatusLine(r levelStatusRow, level, label string, total bool) Row {
	m := func(n int64, kv ...string) Cell {
		return Cell{N: n, Link: link(membersList, append([]string{"level", level}, kv...)...)}
	}
	apps := Cell{NA: true}
	if level == company.LevelMember || total {
		apps = Cell{N: r.Applications, Link: link(applicationsList, "status", "pending")}
	}
	promos := Cell{NA: true}
	if level != company.LevelMember {
		promos = Cell{N: r.Promotions, Link: link(promotionsList, "level", level, "status", "submitted")}
	}
	return Row{Label: label, Total: total, Cells: []Cell{
		m(r.Total), m(r.Normal, "status", company.StatusMember), m(r.Unpaid, "status", company.StatusMember, "dues", "unpaid"),
		m(r.Suspended, "status", company.StatusSuspended), m(r.Withdrawn, "status", company.StatusWithdrawn),
		m(r.Recent, "recent", itoa(RecentDays)), apps, promos,
	}}
}

type keyCount struct {
	Key string `bun:"key"`
	N   int64  `bun:"n"`
}

// ByLevel counts the members in good standing (正常) per level.
func ByLevel(ctx context.Context, db bun.IDB, _ time.Time) (*Table, error) {
	var rows []keyCount
	err := db.NewRaw(`SELECT l.level AS key, coalesce(c.n, 0) AS n
		FROM unnest(?::text[]) WITH ORDINALITY AS l(level, ord)
		LEFT JOIN (SELECT level, count(*) AS n FROM companies WHERE status = 'member' GROUP BY level) c ON c.level = l.level
		ORDER BY l.ord`, pgdialect.Array(Levels)).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"会员级别", "会员单位数"}, Chart: Chart{Type: "bar", Series: []int{0}}, Note: "状态正常的会员单位。"}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Label: company.LevelLabel(r.Key), Cells: []Cell{{N: r.N, Link: link(membersList, "level", r.Key, "status", company.StatusMember)}}})
	}
	return t, nil
}

// ByProvince counts the members in good standing per province, largest first (bars; a map
// of China would need an approved 审图号 map).
func ByProvince(ctx context.Context, db bun.IDB, _ time.Time) (*Table, error) {
	return byColumn(ctx, db, "province", "省份", membership.Provinces)
}

// ByCategory counts the members in good standing per 企业类别.
func ByCategory(ctx context.Context, db bun.IDB, _ time.Time) (*Table, error) {
	return byColumn(ctx, db, "category", "企业类别", membership.Categories)
}

// byColumn groups the members in good standing by column (province or category, fixed by
// the two callers); a value the member filter offers links to its list.
func byColumn(ctx context.Context, db bun.IDB, column, head string, choices []string) (*Table, error) {
	var rows []keyCount
	err := db.NewRaw(`SELECT ? AS key, count(*) AS n FROM companies WHERE status = 'member' GROUP BY 1 ORDER BY n DESC, 1`,
		bun.Ident(column)).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{head, "会员单位数"}, Chart: Chart{Type: "hbar", Series: []int{0}}, Note: "状态正常的会员单位。"}
	for _, r := range rows {
		c := Cell{N: r.N}
		label := r.Key
		switch {
		case label == "":
			label = "未填写"
		case contains(choices, r.Key):
			c.Link = link(membersList, column, r.Key, "status", company.StatusMember)
		}
		t.Rows = append(t.Rows, Row{Label: label, Cells: []Cell{c}})
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
