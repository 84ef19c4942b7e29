// Package browserdashboard drives 可视化管理 in Debian's Chromium against the real app: staff
// log in and land on the dashboard, every widget loads as its own fragment and draws its
// ECharts chart (a canvas) under the strict CSP without a console error, a number of the
// level × status table leads to the filtered member list with that many rows, and the page
// fits a 390px phone. With CPCA_SHOTS=1 it saves screenshots into shots/.
package browserdashboard

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"cpca/internal/calendar"
	"cpca/internal/dashboard"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_dashboard", &env) }

// seed inserts members of several levels, provinces and join dates, this year's dues and an
// event, enough for every chart to have bars.
func seed(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	year := calendar.Year(now)
	levels := []string{"member", "member", "member", "council", "standing", "vice_president", "president"}
	provinces := []string{"广东省", "江苏省", "上海市", "浙江省"}
	statuses := []string{"member", "member", "member", "member", "suspended", "withdrawn"}
	for i := 0; i < 40; i++ {
		var id int64
		err := env.DB.NewRaw(`INSERT INTO companies (name, uscc, status, level, member_no, joined_on, province, category, status_changed_at)
			VALUES (?, ?, ?, ?, ?, ?::date, ?, 'PCB制造', now()) RETURNING id`,
			testenv.Name("Browser Co "), testenv.USCC(), statuses[i%len(statuses)], levels[i%len(levels)], testenv.Name("BD"),
			calendar.Today(now).AddDate(0, 0, -i*97).Format(calendar.Layout), provinces[i%len(provinces)]).Scan(ctx, &id)
		if err != nil {
			t.Fatal(err)
		}
		status := []string{"confirmed", "unpaid", "pending", "confirmed"}[i%4]
		for _, y := range []int{year - 2, year - 1, year} {
			if _, err := env.DB.ExecContext(ctx, `INSERT INTO dues (company_id, year, level, amount_fen, status, invoice_status, received_fen, received_on)
				VALUES (?, ?, ?, 500000, ?, 'none', CASE WHEN ? = 'confirmed' THEN 500000 END, CASE WHEN ? = 'confirmed' THEN make_date(?, 1 + ? % 11, 10) END)`,
				id, y, levels[i%len(levels)], status, status, status, y, i); err != nil {
				t.Fatal(err)
			}
		}
	}
	env.NewEvent(t, testenv.EventOpts{Name: "PCB Expo", Capacity: 20})
}

func TestDashboardDrawsAndLinks(t *testing.T) {
	b := browserenv.Start(t, env.App, 110*time.Second)
	b.FailPrefix = "FAILED-dashboard-"
	seed(t)
	s := b.NewTab(t, "系统管理员")
	s.At("login")
	s.Login(env.CreateAdmin(t))
	if p := s.EvalBool(`() => location.pathname === '/admin'`); !p {
		s.Fail("staff did not land on the dashboard: %s", s.URL())
	}
	s.ElText("h1", "^可视化管理$")
	s.At("every widget loads and draws")
	n := strconv.Itoa(len(dashboard.Widgets))
	s.WaitJS("all widgets loaded", `() => document.querySelectorAll('section.widget .widget-foot').length === `+n)
	s.WaitJS("every chart with data drew a canvas", `() => [...document.querySelectorAll('section.widget [data-chart]')].every(el => el.querySelector('canvas'))`)
	if !s.EvalBool(`() => document.querySelectorAll('section.widget canvas').length >= 8`) {
		s.Fail("fewer than 8 charts drew")
	}
	s.ElText("#w-levels p.hint", "本年未缴费")
	s.Shot("dashboard-01-desktop")
	s.PhoneShot("dashboard-02-phone")
	s.CheckConsole()

	s.At("a number leads to its list")
	cell := s.El(`#w-levels table.dash tbody tr:first-child td:nth-child(3) a`)
	want := s.Text(`#w-levels table.dash tbody tr:first-child td:nth-child(3) a`)
	s.ClickAndLoad(cell, "会员单位 正常")
	s.ElText("h1", "^会员管理$")
	if !s.EvalBool(`() => { const q = new URLSearchParams(location.search); return q.get('level') === 'member' && q.get('status') === 'member' }`) {
		s.Fail("the link did not carry the filter: %s", s.URL())
	}
	s.ElText("#members .hint", "共 "+regexp.QuoteMeta(want)+" 条")
	if v := s.Value("#f-status"); v != "member" {
		s.Fail("the list's filter shows status %q", v)
	}
	s.Shot("dashboard-03-members-list")

	s.At("the 30-day link keeps its filter in the form")
	s.Open("/admin")
	s.WaitJS("levels loaded", `() => !!document.querySelector('#w-levels table.dash')`)
	recent := s.Text(`#w-levels table.dash tbody tr:last-child td:nth-child(7) a`)
	s.ClickAndLoad(s.El(`#w-levels table.dash tbody tr:last-child td:nth-child(7) a`), "合计 近30天新入会")
	s.ElText("#members .hint", "共 "+regexp.QuoteMeta(recent)+" 条")
	if v := s.Value("#f-recent"); v != "30" {
		s.Fail("the 近30天 filter is not shown in the form: %q", v)
	}
	s.CheckConsole()
}
