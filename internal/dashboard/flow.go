package dashboard

import (
	"context"
	"strconv"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/company"

	"github.com/uptrace/bun"
)

type monthFlow struct {
	M       int   `bun:"m"`
	New     int64 `bun:"new"`
	Renewed int64 `bun:"renewed"`
	Lapsed  int64 `bun:"lapsed"`
}

// Flow is this year's movement per month, January to now, and the year to date: new members
// (入会日期 in the month), renewals (this year's dues confirmed in the month, by companies
// that joined before this year; a payment made before 1 January counts in January) and
// lapses (暂停 or 已退会 in the month, for those still in that state).
func Flow(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	from := time.Date(year, 1, 1, 0, 0, 0, 0, calendar.Zone)
	var rows []monthFlow
	err := db.NewRaw(`SELECT m, count(*) FILTER (WHERE k = 'n') AS new, count(*) FILTER (WHERE k = 'r') AS renewed,
			count(*) FILTER (WHERE k = 'l') AS lapsed
		FROM (
			SELECT 'n' AS k, extract(month FROM joined_on)::int AS m FROM companies
			WHERE status IN ('member', 'suspended', 'withdrawn') AND joined_on >= make_date(?0, 1, 1) AND joined_on < make_date(?0 + 1, 1, 1)
			UNION ALL
			SELECT 'r', extract(month FROM greatest(coalesce(d.received_on, (d.confirmed_at AT TIME ZONE 'Asia/Shanghai')::date), make_date(?0, 1, 1)))::int
			FROM dues d JOIN companies c ON c.id = d.company_id
			WHERE d.year = ?0 AND d.status = 'confirmed' AND c.joined_on < make_date(?0, 1, 1)
			UNION ALL
			SELECT 'l', extract(month FROM status_changed_at AT TIME ZONE 'Asia/Shanghai')::int FROM companies
			WHERE status IN ('suspended', 'withdrawn') AND status_changed_at >= ?1 AND status_changed_at < ?2
		) x GROUP BY m ORDER BY m`, year, from, from.AddDate(1, 0, 0)).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	by := map[int]monthFlow{}
	for _, r := range rows {
		by[r.M] = r
	}
	t := &Table{Head: []string{"月份", "新入会", "续费", "流失（暂停/退会）"}, Chart: Chart{Type: "bar", Series: []int{0, 1, 2}},
		Note: "续费：本年度会费已确认到账、且本年以前入会的会员单位。流失：本年内暂停或退会且仍处于该状态。"}
	var ytd monthFlow
	last := int(now.In(calendar.Zone).Month())
	for m := 1; m <= 12; m++ {
		r := by[m]
		if m > last && r.New+r.Renewed+r.Lapsed == 0 {
			break
		}
		ytd.New, ytd.Renewed, ytd.Lapsed = ytd.New+r.New, ytd.Renewed+r.Renewed, ytd.Lapsed+r.Lapsed
		t.Rows = append(t.Rows, Row{Label: strconv.Itoa(year) + "-" + pad2(int64(m)), Cells: []Cell{{N: r.New}, {N: r.Renewed}, {N: r.Lapsed}}})
	}
	t.Rows = append(t.Rows, Row{Label: "本年累计", Total: true, Cells: []Cell{
		{N: ytd.New, Link: link(membersList, "joined", itoa(year))}, {N: ytd.Renewed}, {N: ytd.Lapsed}}})
	return t, nil
}

type joinYear struct {
	Y      int   `bun:"y"`
	Joined int64 `bun:"joined"`
	Still  int64 `bun:"still"`
}

// Retention is, per join year of the last ten, how many members joined and how many of them
// are still in good standing (正常) today.
func Retention(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	var rows []joinYear
	err := db.NewRaw(`SELECT extract(year FROM joined_on)::int AS y, count(*) AS joined,
			count(*) FILTER (WHERE status = 'member') AS still
		FROM companies WHERE status IN ('member', 'suspended', 'withdrawn') AND joined_on >= make_date(?, 1, 1)
		GROUP BY 1 ORDER BY 1`, year-9).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"入会年份", "入会单位数", "仍为正常会员", "留存率"}, Chart: Chart{Type: "bar", Series: []int{2}, Unit: "%"},
		Note: "按入会日期的年份；留存：今天状态为正常。"}
	for _, r := range rows {
		y := itoa(r.Y)
		t.Rows = append(t.Rows, Row{Label: y, Cells: []Cell{
			{N: r.Joined, Link: link(membersList, "joined", y)},
			{N: r.Still, Link: link(membersList, "joined", y, "status", company.StatusMember)},
			{N: rate(r.Still, r.Joined), Kind: Rate}}})
	}
	return t, nil
}
