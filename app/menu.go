package app

import (
	"html/template"
	"strings"
	"sync"

	"cpca/internal/account"
	"cpca/internal/authz"
	"cpca/internal/i18n"

	"github.com/gofiber/fiber/v2"
)

// MenuEntry is one line of the side menu.
type MenuEntry struct {
	Path  string // the page, and what the policy is asked about (GET)
	Label string // Chinese; the layout translates it
	Nav   string // the Nav key of the page (Server.page), marking the entry active
	// Unread shows the count of unread site messages next to the entry.
	Unread bool
	// Soon is set for an entry whose page is not built yet (no route serves Path): it is shown,
	// greyed, as 即将上线 to those the policy will let in.
	Soon bool
	// Active is set on the entry of the page being shown.
	Active bool
	// Text is Label in the page's language (filled by navigator.menu).
	Text string
}

// MenuSection is a group of the menu under a heading.
type MenuSection struct {
	Label   string
	Entries []MenuEntry
}

// menuTable is the whole menu, in the manual's words and order. Who sees an entry is the
// policy's answer for GET Path, so a department, council-only entry or a new area is a row
// here and a row in policies/policy.csv, never a test in a template. Members and staff share
// the heading 信息管理 with different entries; the policy keeps them apart.
var menuTable = []MenuSection{
	{"入会申请", []MenuEntry{{Path: "/application", Label: "申请进度", Nav: "application"}}},
	{"企业主页", []MenuEntry{{Path: "/home", Label: "待办事项", Nav: "home"}}},
	{staffHomeSection, []MenuEntry{{Path: "/admin", Label: "可视化管理", Nav: "dashboard"}}},
	{"后台管理", []MenuEntry{
		{Path: "/admin/applications", Label: "入会审核", Nav: "review"},
		{Path: "/admin/members", Label: "会员管理", Nav: "members"},
		{Path: "/admin/promotions", Label: "晋升审核", Nav: "promotions"},
		{Path: "/admin/changes", Label: "会员信息变更", Nav: "changes"},
		{Path: "/admin/directory", Label: "通讯录默认设置", Nav: "admin_directory"},
		{Path: "/admin/dues", Label: "会员缴费管理", Nav: "finance"},
		{Path: "/admin/fees", Label: "会费标准", Nav: "fees"},
		{Path: "/admin/events", Label: "展会活动管理", Nav: "admin_events"},
		{Path: "/admin/projects", Label: "项目申报管理", Nav: "admin_projects"},
		{Path: "/admin/reviewers", Label: "评审专家", Nav: "admin_reviewers"},
	}},
	{"稿件评审", []MenuEntry{{Path: "/review", Label: "评审任务", Nav: "paper_review"}}},
	{"会员服务", []MenuEntry{
		{Path: "/dues", Label: "会员缴费", Nav: "dues"},
		{Path: "/promotion", Label: "会员晋升", Nav: "promotion"},
		{Path: "/events", Label: "展会活动", Nav: "events"},
		{Path: "/papers", Label: "我的投稿", Nav: "papers"},
		{Path: "/projects", Label: "项目申报", Nav: "projects"},
		{Path: "/directory", Label: "通讯录", Nav: "directory"},
	}},
	{"信息管理", []MenuEntry{
		{Path: "/admin/messages", Label: "站内信管理", Nav: "admin_messages"},
		{Path: "/admin/emails", Label: "邮件管理", Nav: "emails"},
		{Path: "/admin/sms", Label: "短信管理", Nav: "sms"},
		{Path: "/admin/feedback", Label: "反馈建议管理", Nav: "admin_feedback"},
		{Path: "/admin/jobs", Label: "后台任务", Nav: "jobs"},
		{Path: "/admin/audit", Label: "审计日志", Nav: "audit"},
		{Path: "/admin/lockouts", Label: "登录锁定", Nav: "lockouts"},
		{Path: "/feedback", Label: "反馈信息", Nav: "feedback"},
		{Path: "/company", Label: "会员信息", Nav: "company"},
		{Path: "/messages", Label: "站内信息", Nav: "messages", Unread: true},
		{Path: "/certificate", Label: "会员证书", Nav: "certificate"},
		{Path: "/people", Label: "单位成员", Nav: "people"},
	}},
	{personalSection, []MenuEntry{
		{Path: "/account/password", Label: "密码修改", Nav: "password"},
		{Path: "/account/settings", Label: "个人设置", Nav: "settings"},
	}},
}

// personalSection is 个人中心, which every login has: it is not a department's own page.
const personalSection = "个人中心"

// staffHomeSection is 工作台, the staff home (可视化管理) every department has.
const staffHomeSection = "工作台"

// navigator answers Page.Can and Page.Menu. The policy and the routes are fixed once the app
// is built, so each subject's menu is filtered once, here, not per request.
type navigator struct {
	authz *authz.Enforcer
	gets  map[string]bool // registered GET route patterns
	menus map[string][]MenuSection
	built sync.Map // subject, page and language → the translated menu (navigator.menu)
	html  sync.Map // the same key → the menu rendered (navigator.rendered)
	views *viewSet // renders the menu once per key; nil leaves Page.MenuHTML empty
}

// newNavigator filters the menu table for every subject of account.Subjects.
func newNavigator(app *fiber.App, enf *authz.Enforcer) *navigator {
	n := &navigator{authz: enf, gets: map[string]bool{}, menus: map[string][]MenuSection{}}
	for _, r := range app.GetRoutes(true) {
		if r.Method == fiber.MethodGet {
			n.gets[r.Path] = true
		}
	}
	for _, sub := range account.Subjects() {
		n.menus[sub] = n.filter(sub)
	}
	return n
}

func (n *navigator) filter(sub string) []MenuSection {
	var out []MenuSection
	for _, sec := range menuTable {
		var es []MenuEntry
		for _, e := range sec.Entries {
			if n.authz.Allowed(sub, e.Path, fiber.MethodGet) {
				e.Soon = !n.gets[e.Path]
				es = append(es, e)
			}
		}
		if len(es) > 0 {
			out = append(out, MenuSection{Label: sec.Label, Entries: es})
		}
	}
	return out
}

// can reports whether sub may GET path: a concrete path (/files/abc) is matched to the route
// pattern that serves it; a path no route serves is asked as it is (announced entries).
func (n *navigator) can(sub, path string) bool {
	pattern := path
	if !n.gets[path] {
		if p := n.pattern(path); p != "" {
			pattern = p
		}
	}
	return n.authz.Allowed(sub, pattern, fiber.MethodGet)
}

func (n *navigator) pattern(path string) string {
	for p := range n.gets {
		if matchPattern(p, path) {
			return p
		}
	}
	return ""
}

// menu is sub's menu in lang with the entry of nav marked active, translated and built once
// per (subject, language, page) and shared after: the template prints fields, with no call
// per entry (menus are on every page).
func (n *navigator) menu(sub, nav, lang string) []MenuSection {
	key := sub + "\x00" + nav + "\x00" + lang
	if m, ok := n.built.Load(key); ok {
		return m.([]MenuSection)
	}
	src := n.menus[sub]
	nav = entryNav(nav) // a detail page marks its list's entry (app/crumbs.go)
	out := make([]MenuSection, len(src))
	for i, sec := range src {
		out[i] = MenuSection{Label: sec.Label, Entries: append([]MenuEntry(nil), sec.Entries...)}
		for j := range out[i].Entries {
			e := &out[i].Entries[j]
			e.Active = nav != "" && e.Nav == nav
			e.Text = i18n.T(lang, e.Label)
		}
	}
	n.built.Store(key, out)
	return out
}

// MenuHTML is a side menu rendered by partials/menu: Head and Tail around the place of the
// unread badge (Badge says whether the menu has one), so a page prints three fields, not a
// range over thirty entries.
type MenuHTML struct {
	Head, Tail template.HTML
	Badge      bool
}

// badgeMark stands where the badge goes while a menu is rendered for the cache.
const badgeMark = "<span data-cpca-badge></span>"

// menuView is what partials/menu renders: the sections in lang, and the badge's place.
type menuView struct {
	Lang     string
	Sections []MenuSection
}

func (m menuView) T(s string) string  { return i18n.T(m.Lang, s) }
func (menuView) Badge() template.HTML { return badgeMark }

// rendered is sub's menu for nav in lang, rendered once per key by html/template (the same
// partial, the same escaping) and shared after.
func (n *navigator) rendered(sub, nav, lang string) (MenuHTML, error) {
	key := sub + "\x00" + nav + "\x00" + lang
	if m, ok := n.html.Load(key); ok {
		return m.(MenuHTML), nil
	}
	var b strings.Builder
	if err := n.views.Render(&b, "partials/menu", menuView{Lang: lang, Sections: n.menu(sub, nav, lang)}); err != nil {
		return MenuHTML{}, err
	}
	head, tail, badge := strings.Cut(b.String(), badgeMark)
	m := MenuHTML{Head: template.HTML(head), Tail: template.HTML(tail), Badge: badge}
	n.html.Store(key, m)
	return m, nil
}

// firstPage is the first built menu entry sub may open outside 个人中心 (the department's
// main page; staff land on the dashboard /admin), or "" when the department has none yet.
func (n *navigator) firstPage(sub string) string {
	for _, sec := range n.menus[sub] {
		if sec.Label == personalSection || sec.Label == staffHomeSection {
			continue
		}
		for _, e := range sec.Entries {
			if !e.Soon {
				return e.Path
			}
		}
	}
	return ""
}
