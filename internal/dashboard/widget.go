// Package dashboard is 可视化管理, the staff home: each widget is one SQL query over the
// source tables (companies, applications, promotions, dues, events, the outbox, broadcasts),
// turned into a Table that is at once the chart's data, the accessible table beside it and
// the Excel download, so the three can never disagree. Results are kept a few seconds in
// process (cache.go), not in nightly snapshots.
package dashboard

import (
	"context"
	"strconv"
	"time"

	"github.com/uptrace/bun"
)

// Kind says what a cell's number is, so the table, the chart and Excel format it alike.
type Kind int

const (
	// Count is a number of things (members, dues rows, messages).
	Count Kind = iota
	// Fen is money in fen, shown in 元 with two decimals.
	Fen
	// Rate is a share in tenths of a percent (853 = 85.3%), shown as a percent with one decimal
	// (exact, so the table and the Excel file show the same digits).
	Rate
)

// Cell is one number of a table, with the list it counts when there is one.
type Cell struct {
	N    int64
	Kind Kind
	Link string // the filtered list whose total is N ("" when no list shows it)
	NA   bool   // not applicable here (shown as —)
}

// Text is the cell as the table and the Excel file show it: counts plain, 元 with two
// decimals, rates with one decimal and a percent sign.
func (c Cell) Text() string {
	if c.NA {
		return "—"
	}
	switch c.Kind {
	case Fen:
		sign := ""
		n := c.N
		if n < 0 {
			sign, n = "-", -n
		}
		return sign + strconv.FormatInt(n/100, 10) + "." + pad2(n%100)
	case Rate:
		return strconv.FormatInt(c.N/10, 10) + "." + strconv.FormatInt(c.N%10, 10) + "%"
	}
	return strconv.FormatInt(c.N, 10)
}

// Value is the cell's number in its display unit (元, percent, count), for the chart and Excel.
func (c Cell) Value() float64 {
	switch c.Kind {
	case Fen:
		return float64(c.N) / 100
	case Rate:
		return float64(c.N) / 10
	}
	return float64(c.N)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// rate is num/den in tenths of a percent, rounded, 0 when den is 0.
func rate(num, den int64) int64 {
	if den == 0 {
		return 0
	}
	return (num*1000 + den/2) / den
}

// Row is one line of a table: its label (a Chinese key, translated at render, or a name or
// year shown as it is) and its cells, one per column after the first.
type Row struct {
	Label string
	Link  string // where the label leads (an event, a broadcast)
	Cells []Cell
	Total bool // the 合计 line
}

// Chart says how a table is drawn: the chart type and which columns are its series.
type Chart struct {
	Type   string // bar (vertical), hbar (horizontal, for long labels), line
	Series []int  // column indexes into Row.Cells
	Stack  bool
	Unit   string // yuan, %, or "" for counts (a code for the chart script, not shown)
}

// Table is a widget's result: the column heads (the first heads the row labels), the rows,
// the chart and a note on how the numbers are counted.
type Table struct {
	Head  []string
	Rows  []Row
	Chart Chart
	Note  string
	At    time.Time // when it was computed (the cache shows its age)
}

// Widget is one tile of the dashboard. Path is its route (GET, its fragment or page;
// Path+"/export" the Excel file): the policy decides by Path who sees it, so a department
// sees the widgets of its area without any role test in a template.
type Widget struct {
	Name  string // the cache key and the element id
	Path  string
	Title string // Chinese; translated at render
	Area  string // membership | finance | events | info (documentation; the policy decides)
	Load  func(ctx context.Context, db bun.IDB, now time.Time) (*Table, error)
}

// Widgets are the dashboard's tiles in page order.
var Widgets = []Widget{
	{"levels", "/admin/dashboard/levels", "会员级别与状态", "membership", LevelStatus},
	{"members-level", "/admin/dashboard/members-level", "会员单位按级别", "membership", ByLevel},
	{"members-province", "/admin/dashboard/members-province", "会员单位按省份", "membership", ByProvince},
	{"members-category", "/admin/dashboard/members-category", "会员单位按企业类别", "membership", ByCategory},
	{"members-flow", "/admin/dashboard/members-flow", "本年新入会、续费与流失（按月）", "membership", Flow},
	{"retention", "/admin/dashboard/retention", "按入会年份的留存", "membership", Retention},
	{"dues-years", "/admin/dashboard/dues-years", "历年会费：应收、已上传凭证、已确认、已开票（元）", "finance", DuesYears},
	{"dues-curve", "/admin/dashboard/dues-curve", "本年到账累计与前两年对比（元）", "finance", DuesCurve},
	{"renewal", "/admin/dashboard/renewal", "续费率（当年已缴 ÷ 当年应缴）", "finance", Renewal},
	{"events", "/admin/dashboard/events", "近期活动：报名与名额、候补、签到", "events", Events},
	{"delivery", "/admin/dashboard/delivery", "近30天邮件与短信发送", "info", Delivery},
	{"broadcasts", "/admin/dashboard/broadcasts", "近期站内信未读率", "info", Broadcasts},
}

// Find returns the widget named name.
func Find(name string) (Widget, bool) {
	for _, w := range Widgets {
		if w.Name == name {
			return w, true
		}
	}
	return Widget{}, false
}
