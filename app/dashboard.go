package app

// 可视化管理: the staff home /admin is the dashboard. Each widget is its own route (fragment for
// htmx, page without it) and Excel download, so the policy decides per widget which
// departments see it, and a slow widget loads on its own (hx-trigger="load").

import (
	"cpca/internal/dashboard"

	"github.com/gofiber/fiber/v2"
)

// wideWidgets span the whole dashboard row (wide tables).
var wideWidgets = map[string]bool{"levels": true, "dues-years": true, "events": true}

// dashboardTile is a widget on the dashboard before its fragment has loaded.
type dashboardTile struct {
	dashboard.Widget
	Wide bool
}

// dashboardPage is the staff home: the widgets the user's department may open.
type dashboardPage struct{ Tiles []dashboardTile }

// adminHome is where staff land: the widgets of their area (系统管理员 all), each loading as
// its own fragment.
func (s *Server) adminHome(c *fiber.Ctx) error {
	p := s.page(c, "可视化管理", "dashboard")
	var v dashboardPage
	for _, w := range dashboard.Widgets {
		if p.Can(w.Path) {
			v.Tiles = append(v.Tiles, dashboardTile{Widget: w, Wide: wideWidgets[w.Name]})
		}
	}
	p.Data = v
	return render(c, "pages/admin_home", "", p)
}

// widgetHandler serves one widget: its chart, table and download link (a fragment for the
// dashboard, a page of its own without htmx).
func (s *Server) widgetHandler(w dashboard.Widget) fiber.Handler {
	return func(c *fiber.Ctx) error {
		t, err := s.dash.Get(c.UserContext(), s.DB, w, s.Now())
		if err != nil {
			return err
		}
		p := s.page(c, w.Title, "dashboard")
		p.Data = newWidgetView(p, w, t)
		return render(c, "pages/dashboard_widget", "partials/dashboard_widget", p)
	}
}

// widgetExportHandler sends one widget's table as an .xlsx with the numbers of the table.
func (s *Server) widgetExportHandler(w dashboard.Widget) fiber.Handler {
	return func(c *fiber.Ctx) error {
		t, err := s.dash.Get(c.UserContext(), s.DB, w, s.Now())
		if err != nil {
			return err
		}
		p := s.page(c, w.Title, "dashboard")
		return sendWidgetXLSX(c, p, w, t, s.Now())
	}
}
