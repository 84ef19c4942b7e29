// Package browserwalk walks every menu entry as a member, a council member and each staff
// department in Debian's Chromium, runs axe-core on every page it opens (no serious or
// critical violations) and the Nu Html Checker over the HTML the server sent for each, and
// checks the phone layout of the lists: their 操作 column stays on screen at 390 px and at
// 1280 px in English, first on the staff lists as they come, then (lists_test.go) on every
// list filled with data, certificates and payment vouchers included. With CPCA_SHOTS=1 it
// saves 390 px and 1280 px screenshots of 入会审核, 审计日志, 会员缴费管理 and the certificate,
// voucher, email, SMS and 站内信 tables into shots/.
package browserwalk

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/calendar"
	"cpca/internal/company"
	"cpca/internal/dues"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
	"cpca/tests/vnu"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_walk", &env) }

// person is one login of the walk.
type person struct{ who, username string }

func people(t *testing.T) []person {
	t.Helper()
	ctx := context.Background()
	// This year's fees first, so each member gets a dues row: 会员缴费管理 and 会员缴费 list it.
	for _, l := range []string{company.LevelMember, company.LevelCouncil, company.LevelStanding,
		company.LevelVicePresident, company.LevelPresident} {
		if err := dues.SetFee(ctx, env.DB, dues.Fee{Year: calendar.Year(time.Now()), Level: l, AmountFen: 200000}); err != nil {
			t.Fatal(err)
		}
	}
	// A pending application, so 入会审核 lists a row with its actions.
	env.Register(t, env.NewClient(t), testenv.NewCompany())
	_, member := env.Member(t)
	_, council := env.Member(t)
	if _, err := env.DB.NewRaw(`UPDATE companies SET level = 'council' WHERE id = (SELECT company_id FROM users WHERE username = ?)`,
		council.Username()).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	ps := []person{{"会员", member.Username()}, {"理事单位", council.Username()}, {"系统管理员", env.CreateAdmin(t)}}
	for _, r := range account.StaffRoles {
		ps = append(ps, person{"工作人员-" + r, env.CreateStaff(t, r)})
	}
	return ps
}

func TestWalkEveryMenuEntry(t *testing.T) {
	b := browserenv.Start(t, env.App, 420*time.Second)
	b.FailPrefix = "FAILED-walk-"
	html := map[string]string{}
	seen := map[string]bool{}
	anon := b.NewTab(t, "访客")
	for _, p := range []string{"/login", "/register", "/privacy"} {
		visit(t, anon, p, html)
	}
	anon.CheckConsole()
	for _, p := range people(t) {
		tab := b.NewTab(t, p.who)
		tab.At("login")
		tab.Login(p.username)
		var paths []string
		if err := tab.Page().Timeout(browserenv.StepTimeout).MustElement("nav.menu").CancelTimeout().
			MustEval(`() => [...document.querySelectorAll('nav.menu a')].map(a => a.getAttribute('href'))`).Unmarshal(&paths); err != nil {
			tab.Fail("menu links: %v", err)
		}
		if len(paths) == 0 {
			tab.Fail("no menu entries")
		}
		for _, path := range paths {
			if seen[path] {
				continue
			}
			seen[path] = true
			visit(t, tab, path, html)
			// The first record of a list: its detail page (审核, 查看, ...), once per kind.
			var detail string
			if err := tab.Page().Timeout(browserenv.StepTimeout).MustEval(`() => {
				const a = [...document.querySelectorAll('main table tbody tr a[href^="/"]')].find(a =>
					!/\/files\/|export|download|\.xlsx|\.pdf/.test(a.getAttribute('href')));
				return a ? a.getAttribute('href') : '' }`).Unmarshal(&detail); err != nil {
				tab.Fail("detail link: %v", err)
			}
			if kind := "detail " + digits.ReplaceAllString(strings.SplitN(detail, "?", 2)[0], "N"); detail != "" && !seen[kind] {
				seen[kind] = true
				visit(t, tab, detail, html)
			}
		}
		tab.CheckConsole()
	}
	var names []string
	for k := range html {
		names = append(names, k)
	}
	sort.Strings(names)
	t.Logf("axe-core checked %d pages at 1280 px and 390 px: %s", len(html), strings.Join(names, " "))
	t.Run("vnu", func(t *testing.T) { vnu.Check(t, html) })
}

var digits = regexp.MustCompile(`[0-9]+`)

// visit opens path, runs axe-core on it at 1280 px and at 390 px (the phone layout has its
// own scroll regions and stacked cards) and keeps the HTML the server sent for the checker.
func visit(t *testing.T, tab *browserenv.Tab, path string, html map[string]string) {
	t.Helper()
	tab.At("open " + path)
	tab.Open(path)
	tab.CheckAxe()
	tab.Viewport(390, 844, true)
	tab.WaitJS("the phone layout", `() => document.documentElement.clientWidth === 390`)
	tab.CheckAxe()
	if tab.EvalBool(`() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`) {
		t.Errorf("%s at 390 px is wider than the screen (the whole page scrolls sideways)", path)
	}
	tab.Viewport(1280, 900, false)
	d := tab.Fetch(path)
	if d.Status != 200 {
		t.Errorf("%s answered %d", path, d.Status)
		return
	}
	html[path] = string(d.Data)
}

// TestListsOnPhones opens the staff lists at 390 px and 1280 px (Chinese and English) and
// checks the last cell of the first row (操作) lies inside the screen, not off to the right.
func TestListsOnPhones(t *testing.T) {
	b := browserenv.Start(t, env.App, 180*time.Second)
	b.FailPrefix = "FAILED-phone-"
	env.Register(t, env.NewClient(t), testenv.NewCompany())
	env.Member(t)
	a := b.NewTab(t, "系统管理员")
	a.Login(env.CreateAdmin(t))
	lists := []struct{ path, shot string }{
		{"/admin/applications", "walk-review"},
		{"/admin/audit", "walk-audit"},
		{"/admin/dues", "walk-dues"},
		{"/admin/members", "walk-members"},
	}
	check := func(where string) { checkOnScreen(t, a, where) }
	for _, l := range lists {
		a.At("open " + l.path)
		a.Open(l.path)
		check(l.path + " at 1280 px")
		a.Shot(l.shot + "-1280")
		a.Viewport(390, 844, true)
		a.WaitJS("the phone layout", `() => document.documentElement.clientWidth === 390`)
		check(l.path + " at 390 px")
		a.Viewport(1280, 900, false)
		a.PhoneShot(l.shot + "-390")
	}
	a.At("english")
	a.ClickTextAndLoad("footer button", "^English$")
	for _, l := range lists {
		a.Open(l.path)
		if strings.Contains(a.Text("html"), "操作") {
			t.Logf("%s: Chinese 操作 still shown in English", l.path)
		}
		check(l.path + " in English at 1280 px")
		a.Shot(l.shot + "-en-1280")
	}
	a.CheckConsole()
}
