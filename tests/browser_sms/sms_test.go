// Package browsersms drives 短信管理 in Debian's Chromium against the real app: an 信息 staff
// member opens it from the menu, searches a number by part of it (the list filters in place,
// numbers masked), narrows by status, and opens the template registry. With CPCA_SHOTS=1 it
// saves screenshots into shots/.
package browsersms

import (
	"context"
	"testing"
	"time"

	"cpca/internal/sms"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_sms", &env) }

func TestSMSManagementFilters(t *testing.T) {
	b := browserenv.Start(t, env.App, 90*time.Second)
	b.FailPrefix = "FAILED-sms-"
	ctx := context.Background()
	for i, to := range []string{"13812345678", "13812345678", "13987650000"} {
		id, err := sms.Rules{Limit: 10}.Queue(ctx, env.DB, sms.Text{To: to, Template: sms.DuesReminder,
			Params: map[string]string{"company": "深圳华电电路有限公司", "year": "2026", "when": "已超过截止日期"}}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := env.DB.NewRaw(`UPDATE sms_messages SET status = 'delivered', provider = 'aliyun', receipt_code = 'DELIVERED', receipt_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	name := env.CreateStaff(t, "info")
	a := b.NewTab(t, "信息部")
	a.At("login")
	a.Login(name)
	a.ClickTextAndLoad("nav.menu a", "^短信管理$")
	a.ElText("h1", "^短信管理$")
	a.At("search by part of the number")
	a.MarkWindow()
	a.Fill("#f-phone", "5678")
	a.WaitJS("only that number's two texts", `() => document.querySelectorAll('#sms tbody tr').length === 2`)
	a.ElText("#sms tbody tr td:nth-child(2)", `^138\*\*\*\*5678$`)
	a.WaitJS("the search in the address bar", `() => new URLSearchParams(location.search).get('phone') === '5678'`)
	if !a.SameDocument() {
		a.Fail("the search reloaded the page: htmx did not update the list")
	}
	a.At("narrow by status")
	a.Choose("#f-status", "已送达")
	a.WaitJS("the delivered one", `() => document.querySelectorAll('#sms tbody tr').length === 1`)
	a.ElText("#sms .badge", "^已送达$")
	a.Shot("sms-01-filtered")
	a.PhoneShot("sms-01-filtered-phone")
	a.ClickTextAndLoad("main a.button", "^短信模板$")
	a.ElText("h1", "^短信模板$")
	a.ElText("main table", sms.DuesReminder)
	a.Shot("sms-02-templates")
	a.CheckConsole()
}
