package dashboard

import (
	"context"
	"time"

	"cpca/internal/calendar"

	"github.com/uptrace/bun"
)

type duesYear struct {
	Year      int   `bun:"year"`
	N         int64 `bun:"n"`
	Billed    int64 `bun:"billed"`
	Voucher   int64 `bun:"voucher"`
	Confirmed int64 `bun:"confirmed"`
	Invoiced  int64 `bun:"invoiced"`
}

// DuesYears is, per dues year of the last ten (and next year once billed), the amounts
// billed, with a voucher uploaded, confirmed as received (the amount received) and invoiced.
func DuesYears(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	var rows []duesYear
	// The amounts come from one pass over dues_dash_year_idx; the voucher amounts from the
	// dues rows that have a voucher, joined from the (smaller) vouchers side.
	err := db.NewRaw(`WITH v AS (
			SELECT d.year, sum(d.amount_fen) AS fen FROM dues d
			WHERE d.year BETWEEN ?0 AND ?1 AND d.id IN (SELECT dues_id FROM vouchers) GROUP BY d.year),
		a AS (
			SELECT year, count(*) AS n, sum(amount_fen) AS billed,
				coalesce(sum(coalesce(received_fen, amount_fen)) FILTER (WHERE status = 'confirmed'), 0) AS confirmed,
				coalesce(sum(amount_fen) FILTER (WHERE invoice_status = 'issued'), 0) AS invoiced
			FROM dues WHERE year BETWEEN ?0 AND ?1 GROUP BY year)
		SELECT a.year, a.n, a.billed, coalesce(v.fen, 0) AS voucher, a.confirmed, a.invoiced
		FROM a LEFT JOIN v ON v.year = a.year ORDER BY a.year`, year-9, year+1).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"年度", "账单数", "应收", "已上传凭证", "已确认到账", "已开票"},
		Chart: Chart{Type: "bar", Series: []int{1, 2, 3, 4}, Unit: "yuan"},
		Note:  "金额单位：元。已确认到账按实收金额；已上传凭证、已开票按应收金额。"}
	for _, r := range rows {
		y := itoa(r.Year)
		t.Rows = append(t.Rows, Row{Label: y, Link: link(duesList, "year", y), Cells: []Cell{{N: r.N},
			{N: r.Billed, Kind: Fen}, {N: r.Voucher, Kind: Fen}, {N: r.Confirmed, Kind: Fen}, {N: r.Invoiced, Kind: Fen}}})
	}
	return t, nil
}

type monthAmount struct {
	Year int   `bun:"year"`
	M    int   `bun:"m"`
	Fen  int64 `bun:"fen"`
}

// DuesCurve is the amount confirmed for this year's dues, cumulated month by month by the
// date received (到账日期), against the same curve of the two previous years. A payment
// received before its year counts in January, one received after it in December.
func DuesCurve(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	var rows []monthAmount
	err := db.NewRaw(`SELECT year, extract(month FROM least(greatest(
				coalesce(received_on, (confirmed_at AT TIME ZONE 'Asia/Shanghai')::date, make_date(year, 12, 31)),
				make_date(year, 1, 1)), make_date(year, 12, 31)))::int AS m,
			sum(coalesce(received_fen, amount_fen)) AS fen
		FROM dues WHERE year IN (?, ?, ?) AND status = 'confirmed' GROUP BY 1, 2`, year-2, year-1, year).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"月份", itoa(year - 2), itoa(year - 1), itoa(year)}, Chart: Chart{Type: "line", Series: []int{0, 1, 2}, Unit: "yuan"},
		Note: "金额单位：元；各年度会费按到账日期逐月累计。"}
	if len(rows) == 0 {
		return t, nil // nothing received in the three years: 暂无数据 rather than flat zero lines
	}
	amount := map[[2]int]int64{}
	for _, r := range rows {
		amount[[2]int{r.Year, r.M}] = r.Fen
	}
	var sum [3]int64
	last := int(now.In(calendar.Zone).Month())
	for m := 1; m <= 12; m++ {
		row := Row{Label: itoa(m) + "月"}
		for i := 0; i < 3; i++ {
			sum[i] += amount[[2]int{year - 2 + i, m}]
			c := Cell{N: sum[i], Kind: Fen}
			if i == 2 && m > last {
				c.NA = true
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

type renewalYear struct {
	Year   int   `bun:"year"`
	Billed int64 `bun:"billed"`
	Paid   int64 `bun:"paid"`
}

// Renewal is the renewal rate per dues year: the dues rows of year Y paid (confirmed or
// waived) over those billed for Y.
func Renewal(ctx context.Context, db bun.IDB, now time.Time) (*Table, error) {
	year := calendar.Year(now)
	var rows []renewalYear
	err := db.NewRaw(`SELECT year, count(*) AS billed, count(*) FILTER (WHERE status IN ('confirmed', 'waived')) AS paid
		FROM dues WHERE year BETWEEN ? AND ? GROUP BY year ORDER BY year`, year-9, year).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Head: []string{"年度", "应缴单位数", "已缴（含免缴）", "续费率"}, Chart: Chart{Type: "line", Series: []int{2}, Unit: "%"},
		Note: "续费率 = 当年已确认到账或免缴的账单 ÷ 当年全部账单。"}
	for _, r := range rows {
		y := itoa(r.Year)
		t.Rows = append(t.Rows, Row{Label: y, Link: link(duesList, "year", y), Cells: []Cell{{N: r.Billed}, {N: r.Paid}, {N: rate(r.Paid, r.Billed), Kind: Rate}}})
	}
	return t, nil
}
