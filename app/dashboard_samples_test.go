package app

import (
	"time"

	"cpca/internal/dashboard"
)

// dashboardSamples is sample data of the 可视化管理 pages: a widget with every kind of cell
// (count with a link, 元, rate, not applicable, a 合计 line), an empty one, and the home page
// with and without tiles. Labels are the code's own Chinese (translated) or Latin names.
func dashboardSamples() map[string][]any {
	w, _ := dashboard.Find("levels")
	full := &dashboard.Table{Head: []string{"会员级别", "合计", "正常", "待审核入会申请"}, At: time.Now(),
		Chart: dashboard.Chart{Type: "bar", Series: []int{0, 1}, Stack: true}, Note: "状态正常的会员单位。",
		Rows: []dashboard.Row{
			{Label: "会员单位", Cells: []dashboard.Cell{{N: 3, Link: "/admin/members?level=member"}, {N: 250000, Kind: dashboard.Fen}, {N: 853, Kind: dashboard.Rate}}},
			{Label: "PCB Expo", Link: "/admin/events/1", Cells: []dashboard.Cell{{N: 1}, {N: 0, Kind: dashboard.Fen}, {NA: true}}},
			{Label: "合计", Total: true, Cells: []dashboard.Cell{{N: 4, Link: "/admin/members"}, {N: 250000, Kind: dashboard.Fen}, {N: 1000, Kind: dashboard.Rate}}},
		}}
	empty := &dashboard.Table{Head: []string{"活动", "名额"}, At: time.Now(), Chart: dashboard.Chart{Type: "hbar", Series: []int{0}}}
	p := &Page{Lang: "en"} // the chart JSON is built in the page's language; English passes both tests
	views := []any{newWidgetView(p, w, full), newWidgetView(p, w, empty)}
	var tiles []dashboardTile
	for _, w := range dashboard.Widgets {
		tiles = append(tiles, dashboardTile{Widget: w, Wide: wideWidgets[w.Name]})
	}
	return map[string][]any{
		"pages/admin_home":          {dashboardPage{Tiles: tiles}, dashboardPage{}},
		"pages/dashboard_widget":    views,
		"partials/dashboard_widget": views,
	}
}
