// Package browserroles looks at the side menu in Debian's Chromium as each staff department
// and as a member, at desktop size and 390 px wide: each sees its own entries (from the menu
// table through the policy), nothing else, and the phone layout does not overflow. With
// CPCA_SHOTS=1 it saves screenshots into shots/ at the repository root.
package browserroles

import (
	"strings"
	"testing"
	"time"

	"cpca/internal/account"
	"cpca/tests/browserenv"
	"cpca/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Run(m, "browser_roles", &env) }

// menuLinks is the text of every entry in the side menu, links and 即将上线 alike.
func menuLinks(p *browserenv.Tab) string {
	r, err := p.Page().Eval(`() => [...document.querySelectorAll('nav.menu a, nav.menu .soon')].map(e => e.firstChild.textContent.trim()).join(',')`)
	if err != nil {
		p.Fail("read the menu: %v", err)
	}
	return r.Value.String()
}

func TestMenuPerDepartment(t *testing.T) {
	b := browserenv.Start(t, env.App, 120*time.Second)
	cases := []struct {
		who, staffRole, lands string
		has, lacks            []string
	}{
		{"会员部", account.StaffMembership, "/admin", []string{"可视化管理", "入会审核", "密码修改"}, []string{"会员缴费管理", "邮件管理", "审计日志"}},
		{"财务", account.StaffFinance, "/admin", []string{"可视化管理", "会员缴费管理", "会费标准"}, []string{"入会审核", "邮件管理", "审计日志"}},
		{"会展", account.StaffEvents, "/admin", []string{"可视化管理", "展会活动管理"}, []string{"入会审核", "会员缴费管理", "邮件管理"}},
		{"信息", account.StaffInfo, "/admin", []string{"可视化管理", "邮件管理", "短信管理", "站内信管理"}, []string{"入会审核", "会员缴费管理", "审计日志"}},
		{"系统管理员", account.StaffSysadmin, "/admin", []string{"可视化管理", "入会审核", "会员缴费管理", "邮件管理", "后台任务", "审计日志"}, []string{"会员缴费"}},
	}
	for _, c := range cases {
		p := b.NewTab(t, c.who)
		p.At("log in")
		p.Login(env.CreateStaff(t, c.staffRole))
		if u := p.URL(); !strings.HasSuffix(u, c.lands) {
			p.Fail("landed on %s, want %s", u, c.lands)
		}
		p.At("the menu")
		p.ElText("header .who span", "（"+c.who+"）")
		got := "," + menuLinks(p) + ","
		for _, e := range c.has {
			if !strings.Contains(got, ","+e+",") {
				p.Fail("menu %s lacks %s", got, e)
			}
		}
		for _, e := range c.lacks {
			if strings.Contains(got, ","+e+",") {
				p.Fail("menu %s shows %s", got, e)
			}
		}
		p.Shot("roles-" + c.staffRole)
		p.PhoneShot("roles-" + c.staffRole + "-phone")
		p.CheckConsole()
	}

	p := b.NewTab(t, "会员")
	_, co := env.Member(t)
	p.Login(co.Username())
	p.At("the member's menu, as before the menu was data")
	if got := menuLinks(p); got != "待办事项,会员缴费,会员晋升,展会活动,我的投稿,项目申报,通讯录,反馈信息,会员信息,站内信息,会员证书,单位成员,密码修改,个人设置" {
		p.Fail("member menu %s", got)
	}
	p.ElText("nav.menu a.active", "^待办事项$")
	p.Shot("roles-member")
	p.PhoneShot("roles-member-phone")
	p.CheckConsole()
}
