// Package browsermembers drives 会员管理 in Debian's Chromium against the real app: 会员部
// opens 会员管理 from the menu, filters by province and a 2-character name fragment (htmx,
// the URL follows), opens a member, and suspends it (暂停) with a reason after the
// confirmation; the member's next page says its services are suspended. With CPCA_SHOTS=1 it
// saves screenshots into shots/.
package browsermembers

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_members", &env) }

func TestFilterDetailSuspend(t *testing.T) {
	b := browserenv.Start(t, env.App, 90*time.Second)
	b.FailPrefix = "FAILED-members-"
	bg := context.Background()
	_, co := env.Member(t)
	_, other := env.Member(t)
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	ou, _ := account.ByUsername(bg, env.DB, other.Username())
	if _, err := env.DB.NewRaw(`UPDATE companies SET name = '澜沧浏览器电路有限公司', province = '云南省' WHERE id = ?`, u.CompanyID).Exec(bg); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.NewRaw(`UPDATE companies SET name = '澜沧另一家电子有限公司', province = '广东省' WHERE id = ?`, ou.CompanyID).Exec(bg); err != nil {
		t.Fatal(err)
	}

	s := b.NewTab(t, "会员部")
	s.At("open 会员管理 from the menu")
	s.Login(env.CreateStaff(t, account.StaffMembership))
	s.ClickTextAndLoad("nav.menu a", "^会员管理$")
	s.ElText("h1", "会员管理")
	s.MarkWindow()

	s.At("filter by a 2-character fragment and the province")
	s.Fill("#f-q", "澜沧")
	s.ElText("#members", "澜沧另一家")
	s.Choose("#f-province", "云南省")
	s.WaitJS("the province filter applied", `() => !document.querySelector('#members').textContent.includes('澜沧另一家')`)
	s.ElText("#members", "澜沧浏览器电路有限公司")
	if !s.SameDocument() {
		s.Fail("filtering reloaded the page: htmx did not swap the table")
	}
	if q, _ := url.Parse(s.URL()); q == nil || q.Query().Get("province") != "云南省" || q.Query().Get("q") != "澜沧" {
		s.Fail("the URL %q does not carry the filter (bookmarkable)", s.URL())
	}
	s.Shot("members-01-list")
	s.PhoneShot("members-02-list-phone")

	s.At("open the member")
	s.ClickTextAndLoad("#members .ops a", "^查看$")
	s.ElText("h1", "澜沧浏览器电路有限公司")
	s.ElText("#member-timeline", "入会申请通过")
	s.ElText("#member-accounts", co.Username())

	s.At("暂停 with a reason, after the confirmation")
	s.Fill("#f-suspend_reason", "连续两年未缴会费")
	s.Shot("members-03-detail")
	s.ConfirmClickAndLoad(s.El("#suspend"), "确认暂停")
	s.ElText(".flash", "已暂停该单位的会员服务")
	s.ElText("#member-status", "暂停")
	s.El("#resume")
	s.Shot("members-04-suspended")
	s.PhoneShot("members-05-detail-phone")
	got, _ := company.ByID(bg, env.DB, u.CompanyID)
	if got.Status != company.StatusSuspended {
		s.Fail("status %s after 暂停", got.Status)
	}

	s.At("the member sees the suspension")
	m := b.NewTab(t, "会员")
	m.Login(co.Username())
	m.ElText("#closed", "会员服务已暂停")
	m.Open("/dues")
	if !strings.Contains(m.Text("body"), "会员服务已暂停") {
		m.Fail("/dues of a suspended member does not say the services are suspended")
	}
	m.Shot("members-06-member-suspended")
}
