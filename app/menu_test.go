package app

import (
	"strings"
	"testing"

	"cpca/internal/account"
	"cpca/internal/authz"
	"cpca/internal/i18n"
	"cpca/policies"

	"github.com/gofiber/fiber/v2"
)

// testNavigator is the navigator of the real routes and policy.
func testNavigator(t testing.TB) *navigator {
	t.Helper()
	enf, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	(&Server{}).routes(app)
	return newNavigator(app, enf)
}

// principalOf is a logged-in principal whose casbin subject is sub.
func principalOf(sub string) account.Principal {
	p := account.Principal{UserID: 1, Username: "li", Role: sub, Lang: "zh"}
	if s, ok := strings.CutPrefix(sub, "staff_"); ok {
		p.Role, p.Staff = account.RoleAdmin, s
	}
	return p
}

// menuPages are pages for every subject, made by page and given that subject's principal.
func menuPages(page func(role string, data any, withErrors bool) *Page) []any {
	var out []any
	for _, sub := range account.Subjects() {
		p := page(account.RoleMember, nil, false)
		u := principalOf(sub)
		u.Username = p.User.Username
		p.User = u
		out = append(out, menuView{Lang: p.Lang, Sections: p.Menu()})
	}
	return out
}

// menuText is a menu as "section: entry, entry(soon)" lines.
func menuText(m []MenuSection) string {
	var lines []string
	for _, s := range m {
		var es []string
		for _, e := range s.Entries {
			if e.Soon {
				es = append(es, e.Label+"(soon)")
			} else {
				es = append(es, e.Label)
			}
		}
		lines = append(lines, s.Label+": "+strings.Join(es, ", "))
	}
	return strings.Join(lines, "\n")
}

// Each subject's menu, from the table through the policy: members and applicants see what
// they saw before the menu became data, 系统管理员 what staff saw plus 展会活动管理,
// and each department only its own pages.
func TestMenuPerSubject(t *testing.T) {
	n := testNavigator(t)
	personal := "个人中心: 密码修改, 个人设置"
	memberMenu := "企业主页: 待办事项\n会员服务: 会员缴费, 会员晋升, 展会活动, 我的投稿, 项目申报, 通讯录\n" +
		"信息管理: 反馈信息, 会员信息, 站内信息, 会员证书, 单位成员\n" + personal
	want := map[string]string{
		account.RoleAnonymous: "",
		account.RoleApplicant: "入会申请: 申请进度\n" + personal,
		account.RoleMember:    memberMenu,
		account.RoleCouncil:   memberMenu,
		account.SubjectClosed: "企业主页: 待办事项\n信息管理: 站内信息\n" + personal,
		"staff_membership":    "工作台: 可视化管理\n" + "后台管理: 入会审核, 会员管理, 晋升审核, 会员信息变更, 通讯录默认设置\n" + personal,
		"staff_finance":       "工作台: 可视化管理\n" + "后台管理: 会员缴费管理, 会费标准\n" + personal,
		"staff_events":        "工作台: 可视化管理\n" + "后台管理: 展会活动管理, 项目申报管理, 评审专家\n稿件评审: 评审任务\n" + personal,
		account.RoleReviewer:  "稿件评审: 评审任务\n" + personal,
		"staff_info":          "工作台: 可视化管理\n" + "信息管理: 站内信管理, 邮件管理, 短信管理, 反馈建议管理\n" + personal,
		"staff_sysadmin": "工作台: 可视化管理\n后台管理: 入会审核, 会员管理, 晋升审核, 会员信息变更, 通讯录默认设置, 会员缴费管理, 会费标准, 展会活动管理, 项目申报管理, 评审专家\n" +
			"稿件评审: 评审任务\n信息管理: 站内信管理, 邮件管理, 短信管理, 反馈建议管理, 后台任务, 审计日志, 登录锁定\n" + personal,
	}
	for _, sub := range account.Subjects() {
		w, ok := want[sub]
		if !ok {
			t.Errorf("subject %s: no expected menu in this test", sub)
			continue
		}
		if got := menuText(n.menu(sub, "", "zh")); got != w {
			t.Errorf("menu of %s:\n%s\nwant\n%s", sub, got, w)
		}
	}
	if n.firstPage("staff_finance") != "/admin/dues" || n.firstPage("staff_membership") != "/admin/applications" ||
		n.firstPage("staff_events") != "/admin/events" || n.firstPage("staff_sysadmin") != "/admin/applications" {
		t.Errorf("first pages: finance %q, membership %q, events %q, sysadmin %q", n.firstPage("staff_finance"),
			n.firstPage("staff_membership"), n.firstPage("staff_events"), n.firstPage("staff_sysadmin"))
	}
}

// The active entry is the page's, in a copy: the menu shared by all requests stays unmarked.
func TestMenuActiveAndCan(t *testing.T) {
	n := testNavigator(t)
	p := &Page{Nav: "dues", User: principalOf(account.RoleMember), navi: n}
	var active []string
	for _, s := range p.Menu() {
		for _, e := range s.Entries {
			if e.Active {
				active = append(active, e.Label)
			}
		}
	}
	if strings.Join(active, ",") != "会员缴费" {
		t.Errorf("active entries %v, want 会员缴费", active)
	}
	for _, s := range n.menu(account.RoleMember, "", "zh") {
		for _, e := range s.Entries {
			if e.Active {
				t.Errorf("shared menu has %s active", e.Label)
			}
		}
	}
	cases := []struct {
		sub, path string
		want      bool
	}{
		{account.RoleMember, "/dues", true},
		{account.RoleMember, "/admin/dues", false},
		{account.RoleMember, "/dues/12/voucher", true},
		{"staff_finance", "/admin/dues/12", true},
		{"staff_finance", "/admin/applications", false},
		{"staff_membership", "/admin/applications/3", true},
		{"staff_membership", "/admin/dues", false},
		{"staff_info", "/admin/emails", true},
		{"staff_info", "/admin/audit", false},
		{"staff_sysadmin", "/admin/audit", true},
		{account.RoleAnonymous, "/files/abc", true},
		{account.RoleAnonymous, "/home", false},
	}
	for _, c := range cases {
		p := &Page{User: principalOf(c.sub), navi: n}
		if got := p.Can(c.path); got != c.want {
			t.Errorf("%s Can(%s) = %v, want %v", c.sub, c.path, got, c.want)
		}
	}
	if (&Page{User: principalOf("staff_sysadmin")}).Can("/admin/audit") {
		t.Error("a page without a navigator allows something")
	}
}

// Every section and entry of the menu has its English, and no two entries share a Nav key.
func TestMenuTableTranslatedAndUnique(t *testing.T) {
	navs := map[string]bool{}
	for _, s := range menuTable {
		if !i18n.Has(s.Label) {
			t.Errorf("menu section %s has no English", s.Label)
		}
		for _, e := range s.Entries {
			if !i18n.Has(e.Label) {
				t.Errorf("menu entry %s has no English", e.Label)
			}
			if navs[e.Nav] {
				t.Errorf("nav key %s used twice", e.Nav)
			}
			navs[e.Nav] = true
		}
	}
}

// Every object the policy names is a registered route or an announced menu entry (即将上线),
// so a typo in policy.csv or a row left behind by a removed route is found here.
func TestPolicyObjectsExist(t *testing.T) {
	app := fiber.New()
	(&Server{}).routes(app)
	known := map[string]bool{"/public/*": true}
	for _, r := range app.GetRoutes(true) {
		known[r.Path] = true
	}
	n := testNavigator(t)
	for _, s := range menuTable {
		for _, e := range s.Entries {
			if !n.gets[e.Path] {
				known[e.Path] = true
			}
		}
	}
	for _, line := range strings.Split(policies.Policy, "\n") {
		f := strings.Split(line, ",")
		if len(f) < 3 || strings.TrimSpace(f[0]) != "p" {
			continue
		}
		if obj := strings.TrimSpace(f[2]); !known[obj] {
			t.Errorf("policy.csv names %s: no such route and no menu entry", obj)
		}
	}
}
