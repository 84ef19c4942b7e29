// Package browserops drives 审计日志 in Debian's Chromium against the real app: staff choose
// an action by its name in the select and type a login name; htmx narrows the list without a
// reload and the address bar keeps the filter; the Excel export of that filter downloads; the
// page fits a phone. With CPCA_SHOTS=1 it saves screenshots into shots/.
package browserops

import (
	"net/url"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_ops", &env) }

func TestAuditFilterAndExport(t *testing.T) {
	b := browserenv.Start(t, env.App, 60*time.Second)
	b.FailPrefix = "FAILED-ops-"
	_, co := env.Member(t) // a registration, a review and logins to look at
	admin := env.CreateAdmin(t)

	a := b.NewTab(t, "系统管理员")
	a.At("login")
	a.Login(admin)
	a.Open("/admin/audit")
	a.ElText("h1", "^审计日志$")
	a.ElText("#admin-audit td.head", "入会申请审核通过|提交入会申请|登录系统")

	a.At("choose 登录系统")
	a.MarkWindow()
	a.Choose("#f-action", "登录系统")
	a.WaitJS("only logins", `() => { const c = [...document.querySelectorAll('#admin-audit td.head')];
		return c.length > 0 && c.every(x => x.textContent.trim() === '登录系统') }`)
	a.WaitJS("the action in the address bar", `() => new URLSearchParams(location.search).get('action') === 'login'`)

	a.At("type the member's login name")
	a.Fill("#f-user", co.Username())
	a.WaitJS("only the member's logins", `() => { const r = [...document.querySelectorAll('#admin-audit tbody tr')];
		return r.length === 1 && r[0].textContent.includes('`+co.Username()+`') }`)
	if !a.SameDocument() {
		a.Fail("filtering reloaded the page: htmx did not update the list")
	}
	a.Shot("ops-01-audit-filtered")
	a.PhoneShot("ops-01-audit-phone")

	a.At("export the filter")
	href := a.Attr(a.El("#audit-export"), "href")
	u, err := url.Parse(href)
	if err != nil || u.Query().Get("action") != "login" || u.Query().Get("user") != co.Username() {
		a.Fail("the export link does not carry the filter: %s", href)
	}
	d := a.Fetch(href)
	if d.Status != 200 || len(d.Data) < 100 || string(d.Data[:2]) != "PK" {
		a.Fail("export: %d, %d bytes", d.Status, len(d.Data))
	}
	a.CheckConsole()
}
