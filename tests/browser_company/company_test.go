// Package browsercompany drives 单位成员, 会员信息 and 忘记密码 in Debian's Chromium against the
// real app: the member edits a person in place (htmx, no page reload), adds one and moves the
// 主要联系人 to them, files a 更名 change request with the 营业执照; 会员部 approves it; someone
// who forgot the password asks for a link on the login page, takes it from the outbox table
// and sets a new password. With CPCA_SHOTS=1 it saves screenshots into shots/.
package browsercompany

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/internal/company"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_company", &env) }

var samplePDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func TestPeopleAndChangeRequest(t *testing.T) {
	b := browserenv.Start(t, env.App, 100*time.Second)
	b.FailPrefix = "FAILED-company-"
	bg := context.Background()
	staffHTTP := env.NewClient(t)
	staffHTTP.Login(env.CreateAdmin(t), testenv.Password)
	co := testenv.NewCompany()
	env.Approve(t, staffHTTP, env.Register(t, env.NewClient(t), co))
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	c, err := company.ByID(bg, env.DB, u.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	var first company.Person
	for _, p := range c.People {
		if p.IsPrimary {
			first = p
		}
	}

	m := b.NewTab(t, "会员")
	m.At("member login")
	m.Login(co.Username())
	m.At("open 单位成员 from the menu")
	m.ClickTextAndLoad("nav.menu a", "^单位成员$")
	m.ElText("h1", "单位成员")
	m.MarkWindow()

	row := "#person-" + itoa(first.ID)
	m.At("edit a person in place")
	m.Click(m.ElText(row+" .ops a", "^编辑$"), "编辑")
	m.El("form" + row + ` [name="title"]`)
	m.Fill("form"+row+` [name="title"]`, "董事长")
	m.Fill("form"+row+` [name="department"]`, "总经办")
	m.Click(m.El("form"+row+` [name="meeting"]`), "会议联系人")
	m.Shot("company-01-person-edit")
	m.Click(m.ElText("form"+row+" button", "^保存$"), "保存")
	m.ElText(row+" .who", "董事长")
	m.ElText(row+" .who", "会议联系人")
	m.ElText("#people .flash", "成员信息已保存")
	if !m.SameDocument() {
		m.Fail("saving reloaded the page: htmx did not swap the row in place")
	}

	m.At("add a person and make them the 主要联系人")
	m.Click(m.ElText("#people summary", "^添加成员$"), "添加成员")
	m.Fill(`#person-new [name="name"]`, "钱新")
	m.Fill(`#person-new [name="title"]`, "副总经理")
	m.Fill(`#person-new [name="mobile"]`, "1391234")
	m.Fill(`#person-new [name="email"]`, "qian@example.cn")
	m.Click(m.El(`#person-new [name="primary"]`), "主要联系人")
	m.Click(m.ElText("#person-new button", "^添加$"), "添加")
	m.ElText(`#person-new .error`, "11位手机号码")
	if v := m.Value(`#person-new [name="name"]`); v != "钱新" {
		m.Fail("the typed name is gone after the error: %q", v)
	}
	m.Fill(`#person-new [name="mobile"]`, "13912345678")
	m.Click(m.ElText("#person-new button", "^添加$"), "添加")
	m.ElText("#people .flash", "已添加成员")
	m.WaitJS("exactly one 主要联系人 badge, on 钱新", `() => { const b = [...document.querySelectorAll('#people .person .badge.ok')].filter(x => x.textContent.trim() === '主要联系人');
		return b.length === 1 && b[0].closest('.person').querySelector('.name').textContent === '钱新' }`)
	if !m.SameDocument() {
		m.Fail("adding reloaded the page")
	}
	m.At("record the first person's consent to 推广短信 (main account)")
	m.ConfirmClick(m.ElText(row+" .sms-consent button", "^记录推广短信同意$"), "推广短信")
	m.ElText("#people .flash", "已记录该成员同意接收推广短信")
	m.ElText(row+" .sms-consent", "记录人")
	if !m.SameDocument() {
		m.Fail("recording the 推广短信 consent reloaded the page")
	}
	m.Shot("company-02-people")
	m.PhoneShot("company-03-people-phone")
	m.CheckConsole()

	m.At("file a 更名 change request with the 营业执照")
	dir := t.TempDir()
	licence := filepath.Join(dir, "营业执照.pdf")
	if err := os.WriteFile(licence, samplePDF, 0o644); err != nil {
		t.Fatal(err)
	}
	m.ClickTextAndLoad("nav.menu a", "^会员信息$")
	m.ElText("h1", "会员信息")
	m.Click(m.ElText("#key-request summary", "申请变更关键信息"), "申请变更关键信息")
	newName := "浏览器更名电路有限公司"
	m.Fill(`#key-request [name="name"]`, newName)
	m.Files(`#key-request [name="evidence"]`, licence)
	m.Fill(`#key-request [name="note"]`, "已完成工商变更")
	m.ClickTextAndLoad("#key-request button", "^提交变更申请$")
	m.ElText(".flash", "变更申请已提交")
	m.ElText("#open-request", newName)
	m.ElText("#key-name", regexp.QuoteMeta(c.Name))
	m.Shot("company-04-change-request")
	m.PhoneShot("company-05-company-phone")

	m.At("会员部 approves the request")
	s := b.NewTab(t, "会员部")
	s.Login(env.CreateStaff(t, "membership"))
	s.ClickTextAndLoad("nav.menu a", "^会员信息变更$")
	s.ElText("#changes", regexp.QuoteMeta(c.Name))
	s.ClickTextAndLoad("#changes .ops a", "^审核$")
	s.ElText("#change-diff", newName)
	s.Shot("company-06-staff-change")
	s.ConfirmClickAndLoad(s.ElText("button", "^通过$"), "确认通过该变更申请")
	s.ElText(".flash", "已通过变更申请")
	got, _ := company.ByID(bg, env.DB, c.ID)
	if got.Name != newName {
		s.Fail("company name %q after approval, want %q", got.Name, newName)
	}
	m.Open("/company")
	m.ElText("#key-name", newName)
	m.ElText("#change-history", "已通过")
}

var resetLink = regexp.MustCompile(`/password/reset/[A-Za-z0-9_-]+`)

func TestForgotPassword(t *testing.T) {
	b := browserenv.Start(t, env.App, 60*time.Second)
	b.FailPrefix = "FAILED-forgot-"
	bg := context.Background()
	_, co := env.Member(t)
	u, err := account.ByUsername(bg, env.DB, co.Username())
	if err != nil {
		t.Fatal(err)
	}
	a := b.NewTab(t, "忘记密码")
	a.At("忘记密码 on the login page")
	a.Open("/login")
	a.ClickTextAndLoad("a", "^忘记密码$")
	a.ElText("h1", "忘记密码")
	a.Fill(`[name="login"]`, co.Username())
	a.ClickTextAndLoad("button", "^发送重置链接$")
	a.ElText("#reset-sent", "30分钟内有效")
	a.Shot("company-10-forgot-sent")

	a.At("the link from the outbox")
	var body string
	if err := env.DB.NewRaw(`SELECT body FROM emails WHERE to_addr = ? AND kind = 'password_reset' ORDER BY id DESC LIMIT 1`, u.Email).Scan(bg, &body); err != nil {
		a.Fail("no reset email in the outbox: %v", err)
	}
	link := resetLink.FindString(body)
	if link == "" {
		a.Fail("no link in the email: %q", body)
	}
	a.Open(link)
	a.ElText("#link-username", co.Username())
	const pw = "忘记密码后的 新密码 2026"
	a.Fill(`[name="password"]`, pw)
	a.Fill(`[name="confirm"]`, pw+"x")
	a.ClickTextAndLoad("button", "^设置密码$")
	a.ElText(".error", "不一致")
	a.Fill(`[name="password"]`, pw)
	a.Fill(`[name="confirm"]`, pw)
	a.ClickTextAndLoad("button", "^设置密码$")
	a.ElText(".flash", "密码已设置")
	a.Fill("#f-username", co.Username())
	a.Fill("#f-password", pw)
	a.ClickTextAndLoad("button", "^登录$")
	a.ElText("h1", "待办事项")

	a.At("the link a second time")
	a.Open(link)
	a.ElText("#link-invalid", "已使用或已过期")
	a.Shot("company-11-link-used")
	if !strings.HasPrefix(link, "/password/reset/") {
		t.Fatal(link)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
