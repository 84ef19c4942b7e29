package app

import (
	"encoding/json"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dashboard"
	"cpca/internal/sheet"

	"github.com/gofiber/fiber/v2"
)

// widgetView is a computed widget as the template shows it: the table (translated when
// rendered), the chart's data as JSON for data-chart, and the download link.
type widgetView struct {
	dashboard.Widget
	Table  *dashboard.Table
	Chart  string // JSON for public/js/dashboard.js
	Export string
	At     string // when the numbers were computed
	Wide   bool
}

type chartSpec struct {
	Type       string        `json:"type"`
	Unit       string        `json:"unit"`
	Stack      bool          `json:"stack"`
	Categories []string      `json:"categories"`
	Series     []chartSeries `json:"series"`
}

type chartSeries struct {
	Name string     `json:"name"`
	Data []*float64 `json:"data"`
}

func newWidgetView(p *Page, w dashboard.Widget, t *dashboard.Table) widgetView {
	v := widgetView{Widget: w, Table: t, Export: w.Path + "/export", Wide: wideWidgets[w.Name],
		At: t.At.In(calendar.Zone).Format("2006-01-02 15:04:05")}
	spec := chartSpec{Type: t.Chart.Type, Unit: t.Chart.Unit, Stack: t.Chart.Stack, Categories: []string{}}
	for _, col := range t.Chart.Series {
		spec.Series = append(spec.Series, chartSeries{Name: p.T(t.Head[col+1]), Data: []*float64{}})
	}
	for _, r := range t.Rows {
		if r.Total {
			continue // 合计 lines are in the table, not in the bars
		}
		spec.Categories = append(spec.Categories, p.T(r.Label))
		for i, col := range t.Chart.Series {
			c := r.Cells[col]
			var val *float64
			if !c.NA {
				x := c.Value()
				val = &x
			}
			spec.Series[i].Data = append(spec.Series[i].Data, val)
		}
	}
	b, _ := json.Marshal(spec)
	v.Chart = string(b)
	return v
}

// sendWidgetXLSX writes the widget's table: a title line, the heads, one line per row; money
// as 元 with two decimals and rates as percentages, as numbers Excel can sum.
func sendWidgetXLSX(c *fiber.Ctx, p *Page, w dashboard.Widget, t *dashboard.Table, now time.Time) error {
	sh, err := sheet.New("Sheet1", []string{p.T(w.Title)})
	if err != nil {
		return err
	}
	defer sh.Close()
	head := make([]string, len(t.Head))
	for i, h := range t.Head {
		head[i] = p.T(h)
	}
	if err := sh.Add(head...); err != nil {
		return err
	}
	for _, r := range t.Rows {
		line := []any{p.T(r.Label)}
		for _, cl := range r.Cells {
			switch {
			case cl.NA:
				line = append(line, cl.Text())
			case cl.Kind == dashboard.Fen:
				line = append(line, sh.Money(cl.N))
			case cl.Kind == dashboard.Rate:
				line = append(line, sh.Percent(float64(cl.N)/1000))
			default:
				line = append(line, cl.N)
			}
		}
		if err := sh.AddRow(line...); err != nil {
			return err
		}
	}
	return sendSheet(c, sh, p.T(w.Title), now.In(calendar.Zone).Format("20060102"))
}
