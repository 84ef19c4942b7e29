package app

import (
	"encoding/json"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dashboard"
	"cpca/internal/files"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
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
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Sheet1"
	yuan, err := x.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		return err
	}
	pct, err := x.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.0%")})
	if err != nil {
		return err
	}
	set := func(col, line int, v any, style int) error {
		cell, _ := excelize.CoordinatesToCellName(col, line)
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return x.SetCellStyle(sheet, cell, cell, style)
		}
		return nil
	}
	if err := set(1, 1, p.T(w.Title), 0); err != nil {
		return err
	}
	for i, h := range t.Head {
		if err := set(i+1, 2, p.T(h), 0); err != nil {
			return err
		}
	}
	for i, r := range t.Rows {
		line := i + 3
		if err := set(1, line, p.T(r.Label), 0); err != nil {
			return err
		}
		for j, cl := range r.Cells {
			var err error
			switch {
			case cl.NA:
				err = set(j+2, line, cl.Text(), 0)
			case cl.Kind == dashboard.Fen:
				err = set(j+2, line, cl.Value(), yuan)
			case cl.Kind == dashboard.Rate:
				err = set(j+2, line, float64(cl.N)/1000, pct)
			default:
				err = set(j+2, line, cl.N, 0)
			}
			if err != nil {
				return err
			}
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return err
	}
	c.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set("Content-Disposition", files.Disposition(p.T(w.Title)+"-"+now.In(calendar.Zone).Format("20060102")+".xlsx"))
	return c.Send(buf.Bytes())
}

func ptr[T any](v T) *T { return &v }
