// Package browser drives the real application in Debian's Chromium: a company applies through
// the four steps of 注册账户, staff approve it in 入会审核, and the new member lands on 待办事项.
// With CPCA_SHOTS=1 it also saves screenshots of the key pages into shots/ at the repository root.
package browser

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser", &env) }

// TestApplyApproveLogin is the main journey of manual 2.1 and 2.2 in a real browser.
func TestApplyApproveLogin(t *testing.T) {
	b := browserenv.Start(t, env.App, 100*time.Second)

	co := testenv.NewCompany()
	name := co.Step1.Get("name")
	fragment := strings.TrimSuffix(strings.TrimPrefix(name, "测试电路"), "有限公司") // e.g. co1a2b3c4d
	// Another application is waiting too, so the filter has something to filter out.
	other := testenv.NewCompany()
	env.Register(t, env.NewClient(t), other)

	// ---- 注册账户, as the applicant -------------------------------------------------------
	a := b.NewTab(t, "申请人")
	a.At("open /login")
	a.Open("/login")
	a.ElText("h1", "账号登录")
	a.Shot("01-login")
	if got := a.EvalBool(`() => typeof htmx === 'object' && typeof htmx.version === 'string'`); !got {
		a.Fail("htmx is not loaded on the page (blocked by the CSP or missing /public/vendor/htmx.min.js?)")
	}

	a.At("click 注册账户")
	a.ClickText("main a", "^注册账户$")
	a.ElText("ol.steps li.current", "公司信息")
	a.Shot("02-register-step1")

	a.At("step 1 with a bad 统一社会信用代码")
	a.Fill("#f-name", name)
	a.Fill("#f-uscc", "91350100M000100Y44") // valid characters, wrong check character
	a.Fill("#f-legal_rep", "张三")
	a.Fill("#f-reg_capital", "1000")
	a.Date("#f-founded_on", time.Date(2010, 5, 20, 0, 0, 0, 0, time.UTC))
	a.Choose("#f-nature", "民营企业")
	a.Choose("#f-category", "PCB制造")
	a.Choose("#f-province", "广东省")
	a.Fill("#f-city", "深圳市")
	a.Fill("#f-postcode", "518000")
	a.Fill("#f-address", "南山区科技园科苑路1号")
	a.Fill("#f-website", "www.example.com")
	a.Fill("#f-employees", "300")
	a.Fill("#f-intro", "专业从事高多层印制电路板研发与制造。")
	a.ClickText("button", "^下一步$")
	errEl := a.El(".field.invalid #e-uscc")
	if msg, _ := errEl.Text(); !strings.Contains(msg, "校验位不正确") {
		a.Fail("the error next to 统一社会信用代码 reads %q", msg)
	}
	if n := a.EvalBool(`() => document.querySelectorAll('.field.invalid').length === 1`); !n {
		a.Fail("only 统一社会信用代码 should be marked invalid")
	}
	if v := a.Value("#f-name"); v != name {
		a.Fail("the form lost what was typed: 企业名称 is %q", v)
	}
	if v := a.Value("#f-province"); v != "广东省" {
		a.Fail("the form lost the chosen 省份: %q", v)
	}
	a.Shot("03-register-step1-errors")

	a.At("step 1 corrected")
	a.Fill("#f-uscc", co.Step1.Get("uscc"))
	a.ClickText("button", "^下一步$")
	a.ElText("ol.steps li.current", "产品及销售信息")

	a.At("step 2 产品及销售信息")
	a.Fill("#f-main_products", "高多层板、HDI板")
	a.Fill("#f-last_year_sales", "12000.5")
	a.Fill("#f-export_ratio", "30")
	a.Fill("#f-main_markets", "通信、汽车电子")
	a.Fill("#f-certifications", "ISO 9001、IATF 16949")
	a.Shot("04-register-step2")
	a.ClickText("button", "^下一步$")
	a.ElText("ol.steps li.current", "成员信息")

	a.At("step 3 成员信息: ＋ 添加成员")
	a.El(`input[name="people.0.name"]`)
	a.MarkWindow()
	a.ClickText("button", "添加成员")
	a.El(`input[name="people.1.name"]`)
	if !a.SameDocument() {
		a.Fail("＋ 添加成员 reloaded the page: htmx did not swap the form in place")
	}
	a.At("step 3 成员信息: fill both rows")
	for i, p := range []struct{ name, title, mobile, email string }{
		{"李四", "总经理", "13800138000", "lisi@example.com"},
		{"王五", "财务经理", "13700137000", "wangwu@example.com"},
	} {
		k := fmt.Sprintf(`input[name="people.%d.`, i)
		a.Fill(k+`name"]`, p.name)
		a.Fill(k+`title"]`, p.title)
		a.Fill(k+`mobile"]`, p.mobile)
		a.Fill(k+`email"]`, p.email)
	}
	a.Click(a.El(`input[name="primary"][value="0"]`), "主要联系人 of row 1")
	a.Click(a.El(`input[name="finance"][value="1"]`), "财务联系人 of row 2")
	a.Shot("05-register-step3")
	a.PhoneShot("06-register-step3-phone")
	a.ClickText("button", "^下一步$")
	a.ElText("ol.steps li.current", "账号信息")

	a.At("step 4 账号信息")
	a.Fill("#f-username", co.Username())
	a.Fill("#f-email", co.Step4.Get("email"))
	a.Fill("#f-password", testenv.Password)
	a.Fill("#f-confirm", testenv.Password)
	a.Fill("#f-mobile", "13900139000")
	a.Click(a.El(`input[name="consent"]`), "the consent checkbox")
	a.Shot("07-register-step4")
	a.ClickText("button", "^提交申请$")
	a.ElText("h1", "入会申请提交成功")
	a.Shot("08-register-done")
	a.CheckConsole()

	// ---- 入会审核, as staff --------------------------------------------------------------
	staff := env.CreateAdmin(t)
	s := b.NewTab(t, "管理员")
	s.At("staff login")
	s.Login(staff)
	s.ClickText("nav.menu a", "^入会审核$")
	s.ElText("h1", "入会审核")
	s.ElText("#applications", regexp.QuoteMeta(other.Step1.Get("name")))

	s.At("filter 入会审核 by part of the company name")
	s.MarkWindow()
	s.Fill("#f-q", fragment)
	s.WaitJS("the table to show only the matching application",
		fmt.Sprintf(`() => { const rows = document.querySelectorAll('#applications tbody tr');
			return rows.length === 1 && rows[0].textContent.includes(%q) }`, name))
	s.WaitJS("the filter in the address bar", fmt.Sprintf(`() => new URLSearchParams(location.search).get('q') === %q`, fragment))
	if !s.SameDocument() {
		s.Fail("the filter reloaded the page: htmx did not update the table in place")
	}
	s.Shot("09-staff-applications")

	s.At("open the application")
	s.ClickText("#applications tbody a", "^审核$")
	s.ElText("h1", regexp.QuoteMeta(name))
	s.ElText("#app-status", "待审核")
	// The dates typed in the browser arrive unchanged (a date column once lost a day to UTC).
	s.ElText("dl.kv dd", "^2010-05-20$")
	s.ElText("dl.kv dd", "^高多层板、HDI板$")
	s.ElText("table td", "^王五$")
	s.Shot("10-staff-application")

	s.At("退回 without a reason: htmx shows the 422 answer with the message next to the field")
	s.ConfirmClick(s.El("#reject"), "确认退回")
	s.ElText(".field.invalid .error", "请填写退回原因")
	s.ElText("#app-status", "待审核")
	s.CheckConsole()

	s.At("审核通过 with the confirmation dialog")
	s.ConfirmClickAndLoad(s.El("#approve"), "确认审核通过")
	s.ElText("#app-status", "^审核通过$")
	s.ElText(".flash", "已审核通过")
	s.Shot("11-staff-approved")
	s.CheckConsole()

	// ---- 待办事项, as the new member ------------------------------------------------------
	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.ElText("h1", "待办事项")
	if u := m.URL(); !strings.HasSuffix(u, "/home") {
		m.Fail("after login the member is at %s, not /home (待办事项)", u)
	}
	m.ElText("#notices", "欢迎加入中国电子电路行业协会")
	m.Shot("12-member-home")
	m.PhoneShot("13-member-home-phone")
	m.CheckConsole()
}
