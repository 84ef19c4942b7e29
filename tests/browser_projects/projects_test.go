// Package browserprojects drives 项目申报 in Debian's Chromium against the real app: staff
// create a project (the form's errors first), publish it (hx-confirm); a member finds it by a
// 2-character fragment with htmx, opens 查看, asks 提醒我 and finds the deadline on 待办事项.
// With CPCA_SHOTS=1 it saves screenshots into shots/.
package browserprojects

import (
	"regexp"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_projects", &env) }

func TestStaffPublishMemberReminds(t *testing.T) {
	b := browserenv.Start(t, env.App, 90*time.Second)
	b.FailPrefix = "FAILED-projects-"
	name := testenv.Name("华东电路团体标准立项")

	// ---- Staff create and publish ------------------------------------------------------
	s := b.NewTab(t, "会展")
	s.At("staff login")
	s.Login(env.CreateStaff(t, "events"))
	s.ClickTextAndLoad("nav.menu a", "^项目申报管理$")
	s.ClickTextAndLoad("main a.button", "^新建项目$")
	s.At("an error first")
	s.Fill(`input[name="name"]`, name)
	s.Fill(`input[name="paper_copies"]`, "2")
	s.Fill(`textarea[name="materials"]`, "立项申请书\n标准草案")
	s.ClickTextAndLoad("main button", "^保存$")
	if msg := s.Text(".field.invalid .error"); msg == "" {
		s.Fail("no error next to the field")
	}
	if v := s.Value(`input[name="name"]`); v != name {
		s.Fail("the form lost the name: %q", v)
	}
	s.Shot("projects-01-form-error")
	s.Fill(`input[name="mail_address"]`, "上海市徐汇区某路1号")
	s.Fill(`input[name="submit_email"]`, "std@cpca.test")
	s.ClickTextAndLoad("main button", "^保存$")
	s.ElText(".flash", "项目已保存")
	s.ConfirmClickAndLoad(s.ElText("main button", "^发布$"), "确定发布")
	s.ElText(".flash", "项目已发布")
	s.Shot("projects-02-staff-page")
	s.PhoneShot("projects-02-staff-page-phone")

	// ---- A member finds it, asks 提醒我, sees it on 待办事项 ------------------------------
	_, co := env.Member(t)
	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.ClickTextAndLoad("nav.menu a", "^项目申报$")
	m.MarkWindow()
	m.Fill("#f-q", "东电")
	m.WaitJS("the matching project", `() => [...document.querySelectorAll('#projects tbody tr')].length === 1`)
	m.WaitJS("the search in the address bar", `() => new URLSearchParams(location.search).get('q') === '东电'`)
	if !m.SameDocument() {
		m.Fail("the search reloaded the page: htmx did not update the list")
	}
	// Typing fires one request per pause; let the last one settle before clicking into the list.
	m.WaitJS("no htmx request in flight", `() => !document.querySelector('.htmx-request')`)
	m.ElText("#projects .badge", "^申报中$")
	m.Shot("projects-03-search")
	m.PhoneShot("projects-03-search-phone")
	m.ClickTextAndLoad("#projects a", regexp.QuoteMeta(name))
	m.ElText("h1", regexp.QuoteMeta(name))
	m.ElText("main strong", `^还剩 \d+ 天$`)
	m.ClickTextAndLoad("main button", "^提醒我$")
	m.ElText(".flash", "已设置提醒")
	m.Shot("projects-04-detail")
	m.PhoneShot("projects-04-detail-phone")
	m.ClickTextAndLoad("nav.menu a", "^待办事项$")
	m.ClickTextAndLoad("#event-reminders a", "^查看项目$")
	m.ElText("h1", regexp.QuoteMeta(name))
}
